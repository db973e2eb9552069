"""Front matter: the fast reader agrees with PyYAML whenever it answers."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from baoku import frontmatter
from baoku.frontmatter import Loader, _fast_yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"

_CLEAN = ["大盂新城数字电网方案获评全省电力示范项目", "于健", "刘笑英", "2022-07-28", "news", "photo", "3", "16",
          "sources/2022-07-28_000_7c0b0d6854007560.txt", "34.48亿元", "PM2.5", "H-OTN", "“数字电网”",
          "（上接第1版）", "——记", "1,068", "兴业公租房田黄先生："]
_TRICKY = ["03", "0", "1_000", "yes", "No", "ON", "null", "~", "y", ".inf", "e", "1e3", "0x1F", "0o7", "1:30",
           "=", "<<", "：", ":", ": ", " #", "#", "'", "''", '"', "-", "- ", "?", "&a", "*a", "!x", "|", ">",
           "%", "@", "`", "[", "]", "{", "}", ",", ", ", " ", "  ", "\t", "\\", "\\n", "\u2028", "\x85",
           "\ufeff", "\x7f", "\x00", "2022-7-28", "2022-07-28T10:00"]
_KEYS = ["title", "kicker", "date", "kind", "authors", "order", "source", "yes", "on", "y", "null",
         "Title", "a b", "题", "<<"]
_piece = st.one_of(st.sampled_from(_CLEAN), st.sampled_from(_CLEAN), st.sampled_from(_CLEAN),
                   st.sampled_from(_TRICKY))
_text = st.lists(_piece, min_size=0, max_size=3).map("".join)
_SHAPES = ["{}", "{}", "'{}'", '"{}"', "[{}]", "['{}', '{}']", '["{}", "{}"]', "[{},{}]", "[ ]", "[]"]
_value = st.tuples(st.sampled_from(_SHAPES), _text, _text).map(lambda t: t[0].format(t[1], t[2]))
_line = st.one_of(
    st.tuples(st.sampled_from(_KEYS[:7]), st.just(": "), _value).map("".join),
    st.tuples(st.sampled_from(_KEYS), st.sampled_from([": ", ":", ":  ", " : "]), _value).map("".join),
    st.sampled_from(_KEYS).map(lambda k: k + ":"),
    _value.map(lambda v: "- " + v),
    st.sampled_from(["", "---", "...", "  - 于健", "# comment", "-"]),
)


@settings(max_examples=1500, deadline=None)
@given(lines=st.lists(_line, min_size=1, max_size=8))
@example(lines=["title: 大盂新城", "authors:", "- 于健", "- 刘笑英", "order: 3"])
@example(lines=["title: yes"])
@example(lines=["title: 标题", "title: 另一个"])
@example(lines=['title: "生态优先 绿色发展"', "date: 2009-03-23", 'authors: ["廖涵飞", "刘涛"]', "topics: []",
                "photographers:"])
def test_the_fast_reader_agrees_with_pyyaml_whenever_it_answers(lines: list[str]) -> None:
    head = "\n".join(lines) + "\n"
    fast = _fast_yaml(head)
    event("fast" if fast is not None else "PyYAML")
    if fast is None:
        return
    slow = yaml.load(head, Loader=Loader)
    assert fast == slow
    assert [type(v) for v in fast.values()] == [type(v) for v in slow.values()]


def test_every_bundled_article_takes_the_fast_path() -> None:
    for file in sorted((CONTENT / "articles").rglob("*.md")):
        head = frontmatter.split(file.read_text(encoding="utf-8"))
        assert head is not None
        fast = _fast_yaml(head[0])
        assert fast is not None, file
        assert fast == yaml.load(head[0], Loader=Loader)


def test_yaml_the_fast_reader_is_unsure_of_goes_to_pyyaml() -> None:
    assert _fast_yaml("title: 'it''s'\n") is None
    assert frontmatter.load("title: 'it''s'\nauthors: [于健, 刘笑英]\n") == {
        "title": "it's", "authors": ["于健", "刘笑英"]}
    assert frontmatter.load("order: 03\ntitle: yes\n") == {"order": 3, "title": True}


@settings(max_examples=1500, deadline=None)
@given(value=_value)
def test_one_value_is_read_as_pyyaml_reads_it_or_left_to_pyyaml(value: str) -> None:
    for head in (f"title: {value}\n", f"authors:\n- {value}\n"):
        fast = _fast_yaml(head)
        event("fast" if fast is not None else "PyYAML")
        if fast is not None:
            slow = yaml.load(head, Loader=Loader)
            assert fast == slow and repr(fast) == repr(slow)
