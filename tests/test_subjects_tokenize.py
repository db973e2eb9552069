"""Cutting text with the private jieba tokenizer and the user dictionary from content/."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
import rjieba
from fixtures.subjects.samples import CONTENT, content_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.subjects import general
from baoku.subjects.lexicon import Lexicon, load_lexicon
from baoku.subjects.tokenize import UNKNOWN, Segmenter, prepare


@functools.cache
def segmenter() -> Segmenter:
    return Segmenter(load_lexicon(CONTENT)[0])


@functools.cache
def lexicon() -> Lexicon:
    return load_lexicon(CONTENT)[0]


@functools.cache
def jieba_itself() -> jieba.Tokenizer:
    """The reference: jieba's own tokenizer given the same user words."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in lexicon().words:
        tokenizer.add_word(word.word, word.freq, word.tag)
    return tokenizer


@functools.cache
def jieba_tags() -> dict[str, str]:
    return general.parse_dictionary()[0] | {w.word: w.tag or "nz" for w in lexicon().words}


def jieba_cut(text: str) -> list[tuple[str, str]]:
    tags = jieba_tags()
    return [(word, tags.get(word, UNKNOWN))
            for word in jieba_itself().cut(text, HMM=False) if not word.isspace()]


def test_every_sample_issue_is_cut_exactly_as_jieba_cuts_it() -> None:
    issues = sorted((CONTENT / "sources").rglob("*.txt"))
    assert len(issues) == 5
    for issue in issues:
        text = prepare(issue.read_text(encoding="utf-8"))
        assert segmenter().cut(text) == jieba_cut(text), issue.name


def test_every_bundled_article_is_cut_exactly_as_jieba_cuts_it() -> None:
    articles = sorted((CONTENT / "articles").rglob("*.md"))
    assert len(articles) == 58
    for article in articles:
        text = prepare(article.read_text(encoding="utf-8"))
        assert segmenter().cut(text) == jieba_cut(text), article.name


def test_a_listed_name_with_an_extension_block_character_stays_whole_where_jieba_splits_it(
        tmp_path: Path) -> None:
    content = content_copy(tmp_path / "content")
    path = content / "subjects/people.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n刘䶮\n", encoding="utf-8")
    listed = load_lexicon(content)[0]
    reference = jieba.Tokenizer()
    for word in listed.words:
        reference.add_word(word.word, word.freq, word.tag)
    assert Segmenter(listed).words("刘䶮说") == ["刘䶮", "说"]
    assert reference.lcut("刘䶮说", HMM=False) == ["刘", "䶮", "说"]
    assert Segmenter(listed).words("𬌗䶮说") == jieba.lcut("𬌗䶮说", HMM=False) == ["𬌗", "䶮", "说"]


def test_two_segmenters_with_different_dictionaries_do_not_share_words(tmp_path: Path) -> None:
    content = content_copy(tmp_path / "content")
    path = content / "subjects/dictionary.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("大盂新城 ns\n", ""), encoding="utf-8")
    without = Segmenter(load_lexicon(content)[0])
    assert segmenter().words("大盂新城数字电网方案") == ["大盂新城", "数字电网", "方案"]
    assert without.words("大盂新城数字电网方案") == ["大", "盂", "新城", "数字电网", "方案"]


def test_the_hmm_guesses_a_name_the_dictionary_cut_into_characters() -> None:
    assert segmenter().words("王利波表示") == ["王", "利", "波", "表示"]
    assert ("王利波", "nr") in segmenter().guess_words("王利波")


_MIXED = st.text(st.sampled_from(list(
    "太原市万柏林区的综改示范区潇河大桥主体工程已完成一是二三年月日记者王利波表示说"
    "研究所签订合作协议长春市长江大桥中华人民共和国大盂新城数字电网"
    "abcXYZ0123456789.-%#&+_ \t\n\r\u3000，。、；：？！“”（）《》䶮𬌗鿏")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_any_text_is_cut_exactly_as_jieba_cuts_it(text: str) -> None:
    assert segmenter().cut(text) == jieba_cut(text)


def test_user_dictionary_keeps_taixin_economic_zone_whole() -> None:
    line = "国网太原供电公司根据太忻一体化经济区空间发展战略规划"
    assert "太忻一体化经济区" in segmenter().words(line)
    assert "太忻一体化经济区" not in jieba.Tokenizer().lcut(line, HMM=False)


@pytest.mark.parametrize(("line", "term"), [
    ("滨河东路南延二期工程潇河大桥的主体已完成", "潇河大桥"),
    ("该公司合成氩空分装置顺利生产出合格液氩", "液氩"),
    ("这仅仅是综改示范区冬日作业的一角", "综改示范区"),
    ("山西中部城市群发展,承载着以习近平同志为核心的党中央对山西发展的关心关怀", "山西中部城市群"),
    ("组织骨干力量成立了服务太忻经济区的电网建设柔性团队", "太忻经济区"),
    ("万柏林区公寓建设现已进入施工阶段", "万柏林区"),
])
def test_local_terms_are_cut_whole(line: str, term: str) -> None:
    assert term in segmenter().words(line)


def test_the_private_tokenizer_leaves_global_jieba_alone() -> None:
    segmenter()
    assert "潇河大桥" not in jieba.lcut("潇河大桥主体完成", HMM=False)
    assert "潇河大桥" not in rjieba.cut("潇河大桥主体完成", False)


def test_a_word_removed_from_the_dictionary_is_gone_in_the_next_build(tmp_path: Path) -> None:
    content = content_copy(tmp_path / "content")
    assert "大盂新城" in Segmenter(load_lexicon(content)[0]).words("大盂新城数字电网方案")
    path = content / "subjects/dictionary.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("大盂新城 ns\n", ""), encoding="utf-8")
    fresh = Segmenter(load_lexicon(content)[0])
    assert fresh.words("大盂新城数字电网方案") == ["大", "盂", "新城", "数字电网", "方案"]
    assert segmenter().words("大盂新城数字电网方案") == ["大盂新城", "数字电网", "方案"]


def test_full_width_digits_and_brackets_are_folded_before_cutting() -> None:
    assert prepare("融资额３４．４８亿元（市金融办）") == "融资额34.48亿元(市金融办)"


def test_markdown_link_targets_and_urls_are_not_text() -> None:
    assert prepare("见[社保平台](http://si.12333.gov.cn)与https://sbwx.rst.shanxi.gov.cn:8007/x") \
        == "见[社保平台]与 "


def test_tags_come_from_the_dictionaries() -> None:
    pairs = dict(segmenter().cut(prepare("古交市农业农村局与山西农业大学果树研究所签订合作协议")))
    assert pairs["古交市"] == "ns"
    assert pairs["签订"] == "v"


def test_every_section_keyword_is_a_single_word() -> None:
    split = [(rule.section.name, word, segmenter().words(word))
             for rule in lexicon().rules for word in rule.keywords
             if segmenter().words(word) != [word]]
    assert split == []


def test_jiebas_dictionary_is_read_as_a_line_by_line_reading_gives_it() -> None:
    tags: dict[str, str] = {}
    frequencies: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as file:
        for line in file:
            word, count, tag = line.split()
            tags[word] = tag
            if int(count) >= general.MIN_FREQUENCY:
                frequencies[word] = int(count)
    assert general.parse_dictionary() == (tags, frequencies)


def test_a_segmenter_is_made_without_rjiebas_default_tokenizer_and_with_its_class() -> None:
    """Importing the rjieba package loads a default tokenizer (0.1 s) baoku never uses."""
    code = ("import sys; from baoku.subjects.lexicon import load_lexicon; "
            "from baoku.subjects.tokenize import Segmenter, compiled; "
            f"s = Segmenter(load_lexicon(__import__('pathlib').Path({str(CONTENT)!r}))[0]); "
            "print('rjieba' in sys.modules, s.words('太忻一体化经济区建设')); "
            "import rjieba; print(compiled() is rjieba.Jieba)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.splitlines() == ["False ['太忻一体化经济区', '建设']", "True"]
