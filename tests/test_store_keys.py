"""Cache keys are derived from the code that made a result (and the libraries it uses),
never from a version string someone must remember to bump; cached values come back
exactly as they were computed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture, tree_digest

from baoku import cachefile
from baoku.content import _ParsedCache, load_articles
from baoku.model import Article
from baoku.subjects import archive, extract
from baoku.subjects import cache as subjects_cache
from baoku.subjects.lexicon import load_lexicon


@pytest.fixture
def fresh_keys() -> Iterator[None]:
    """Code keys computed again from the (perhaps patched) sources, and again after."""
    cachefile.code_key.cache_clear()
    yield
    cachefile.code_key.cache_clear()


def _edited(monkeypatch: pytest.MonkeyPatch, module: object, old: bytes, new: bytes) -> None:
    """Make the code key see `module`'s source with `old` replaced by `new`."""
    target = Path(module.__file__).resolve()  # type: ignore[attr-defined]
    source = target.read_bytes()
    assert old in source
    real = cachefile._source

    def patched(file: Path) -> bytes:
        return source.replace(old, new) if file == target else real(file)

    monkeypatch.setattr(cachefile, "_source", patched)
    cachefile.code_key.cache_clear()


def test_changing_title_weight_in_the_extraction_code_misses_the_facts_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_keys: None) -> None:
    facts = subjects_cache.FactsCache(tmp_path)
    facts.put("k", extract.Facts.of((("社区食堂", 3.0),), "民生", (), ()))
    facts.save({"k"})
    assert subjects_cache.FactsCache(tmp_path).get("k") is not None
    _edited(monkeypatch, extract, b"TITLE_WEIGHT = 3.0", b"TITLE_WEIGHT = 2.0")
    assert subjects_cache.FactsCache(tmp_path).get("k") is None


def test_a_module_the_stage_imports_indirectly_and_a_library_version_are_in_its_key(
        monkeypatch: pytest.MonkeyPatch, fresh_keys: None) -> None:
    from baoku import render
    from baoku.subjects import tokenize

    facts, rendering = cachefile.code_key(extract.__name__), cachefile.code_key(render.__name__)
    _edited(monkeypatch, tokenize, b"def prepare(", b"def prepare_(")  # imported by extract.py
    assert cachefile.code_key(extract.__name__) != facts
    _edited(monkeypatch, render, b"PARALLEL_CARDS = 2000", b"PARALLEL_CARDS = 1000")  # not imported by it
    monkeypatch.undo()
    cachefile.code_key.cache_clear()
    assert cachefile.code_key(extract.__name__) == facts
    monkeypatch.setattr(cachefile, "library_version", lambda name: "9.9" if name == "jieba" else "")
    cachefile.code_key.cache_clear()
    assert cachefile.code_key(extract.__name__) != facts
    assert cachefile.code_key(render.__name__) != rendering  # Jinja2's and MarkupSafe's versions


def _build_with(code: Path, content: Path, output: Path) -> None:
    program = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; from baoku import pipeline; "
               "pipeline.build(Path(sys.argv[2]), Path(sys.argv[3]), search=False, workers=1)")
    subprocess.run([sys.executable, "-c", program, str(code), str(content), str(output)], check=True,
                   cwd=code, capture_output=True)


def test_a_warm_rebuild_after_title_weight_changed_equals_a_cold_build_of_the_new_code(tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(ROOT / "baoku", code / "baoku", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", code / "templates")
    content = copy_fixture(tmp_path / "warm")
    _build_with(code, content, tmp_path / "warm" / "site")
    before = tree_digest(tmp_path / "warm" / "site")
    source = code / "baoku" / "subjects" / "extract.py"
    text = source.read_text(encoding="utf-8")
    assert "TITLE_WEIGHT = 3.0" in text
    source.write_text(text.replace("TITLE_WEIGHT = 3.0", "TITLE_WEIGHT = 0.1"), encoding="utf-8")
    _build_with(code, content, tmp_path / "warm" / "site")
    shutil.copytree(content, tmp_path / "cold" / "content")
    _build_with(code, tmp_path / "cold" / "content", tmp_path / "cold" / "site")
    cold = tree_digest(tmp_path / "cold" / "site")
    assert cold != before  # the constant matters to what readers see
    assert tree_digest(tmp_path / "warm" / "site") == cold


def test_an_article_comes_back_from_the_cache_field_for_field(tmp_path: Path) -> None:
    article = Article(id="2023/01/05/02", path="articles/2023/01/05/02.md", title="龙头企业带动数字电网建设",
                      date=dt.date(2023, 1, 5), body="正文。\n\n第二段。", kicker="引题", subtitle="副题",
                      column="聚焦 安全生产", section="经济", kind="interview", authors=("于健", "贾少先"),
                      photographers=("王韵菲",), topics=("龙头", "数字电网"), order=2, page="3", page_name="要闻",
                      source="sources/2023-01-05.txt", continued_from="1", continued_to="4",
                      repeats="2023/01/05/01", title_supplied=True, lead="正文。",
                      digest="ab" * 20)
    first = _ParsedCache(tmp_path, None)
    key = first.key("articles/2023/01/05/02.md", cachefile.file_digest(b"raw"))
    first.put(key, article, (7, "holds control characters"))
    first.save()
    again, note = _ParsedCache(tmp_path, None).get(key)
    assert (again, note) == (article, (7, "holds control characters"))
    assert all(type(getattr(again, f.name)) is type(getattr(article, f.name)) for f in dataclasses.fields(Article))


def test_the_archive_state_comes_back_from_the_cache_exactly(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    articles = load_articles(content).articles
    lexicon, _ = load_lexicon(content)
    keys = [subjects_cache.article_key(a, lexicon.digest) for a in articles]
    found = extract.extract_all(list(articles), lexicon, 1)
    state = archive.compute(articles, keys, found, lexicon, 1)
    subjects_cache.save_state(tmp_path, lexicon.digest, state)
    again = subjects_cache.load_state(tmp_path, lexicon.digest, state.basis)
    assert again == state
    for field in dataclasses.fields(archive.ArchiveState):
        assert type(getattr(again, field.name)) is type(getattr(state, field.name)), field.name
    assert [type(s) for s in again.shortlists] == [type(s) for s in state.shortlists]
    assert subjects_cache.load_state(tmp_path, "another lexicon", state.basis) is None
    assert subjects_cache.load_state(tmp_path, lexicon.digest, "other articles IDF counts") is None


def test_words_read_back_from_the_cache_are_one_string_each_and_the_facts_they_were(tmp_path: Path) -> None:
    # Two articles naming the same words (invented, as a court report and a weather
    # report might): read back, each word is one string, as a month's first day, which
    # reads every article's words, must hold them.
    court = extract.Facts.of((("中级人民法院", 2.0), ("判决", 1.0), ("暴雨", 1.0)), "法治", ("王某",), ("太原",))
    weather = extract.Facts.of((("暴雨", 3.0), ("气象台", 1.0), ("判决", 1.0)), "民生", (), ("晋中",))
    facts = subjects_cache.FactsCache(tmp_path)
    facts.put("court", court, 2031)
    facts.put("weather", weather, 2032)
    facts.save({"court", "weather"})
    again = subjects_cache.FactsCache(tmp_path)
    read_court, read_weather = again.get("court"), again.get("weather")
    assert (read_court, read_weather) == (court, weather)
    assert read_court is not None and read_weather is not None
    assert read_court.words[2] is read_weather.words[0]  # 暴雨, from two years' parts
    assert read_court.words[1] is read_weather.words[2]  # 判决
    again.save({"court", "weather"})  # what was read is kept as it was
    assert subjects_cache.FactsCache(tmp_path).get("weather") == weather
