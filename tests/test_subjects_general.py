"""jieba's tables, kept in the analysis cache and looked up a group of words at a time."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT, sample_articles
from jieba.analyse.tfidf import IDFLoader
from test_subjects_day import DAY, _archive

from baoku.subjects import analyse, general


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No table read yet in this process (and none after the test: the next one reads
    them as usual)."""
    monkeypatch.setattr(general, "_LOADED", {})
    monkeypatch.setattr(general, "_FOLDER", None)


def _kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both tables parsed and kept in `folder`, then forgotten: the next lookup reads them."""
    general.keep_in(folder)
    general.tag("政府"), general.idf(["政府"])
    assert {p.name for p in folder.iterdir()} == {"dictionary.store", "idf.store"}
    monkeypatch.setattr(general, "_LOADED", {})


def test_the_idf_table_is_jiebas_own_read_of_its_file() -> None:
    values, median = general.parse_idf()
    loader = IDFLoader(str(general.IDF))
    assert values == loader.idf_freq and median == loader.median_idf


def test_every_word_kept_in_the_cache_has_the_values_of_jiebas_files(
        tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    tags, frequencies = general.parse_dictionary()
    idf, median = general.parse_idf()
    _kept(tmp_path, monkeypatch)
    absent = ["不在词典里的词", "Ｘ", ""]
    assert [general.tag(w) for w in [*tags, *absent]] == [*tags.values(), None, None, None]
    assert [general.frequency(w) for w in [*tags, *absent]] == [frequencies.get(w, 0) for w in tags] + [0, 0, 0]
    assert general.idf([*idf, *absent]) == [*idf.values(), median, median, median]
    assert [w in general.dictionary() for w in ["政府", *absent]] == [True, False, False, False]
    assert general.dictionary()._values is None  # found by bisection
    assert general.dictionary().complete() == {w: (t, frequencies.get(w, 0)) for w, t in tags.items()}


def test_the_sample_is_analysed_alike_with_tables_looked_up_and_decoded_whole(
        tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _kept(tmp_path / "tables", monkeypatch)
    complete = general.complete
    monkeypatch.setattr(general, "complete", lambda: None)  # every word looked up as met
    looked_up = analyse(sample_articles(), CONTENT, tmp_path / "tables", workers=1)
    assert general.dictionary()._values is None
    monkeypatch.setattr(general, "_LOADED", {})
    complete()
    assert analyse(sample_articles(), CONTENT, tmp_path / "other", workers=1) == looked_up


def test_a_days_analysis_reads_neither_of_jiebas_files(
        tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    assert (tmp_path / "dictionary.store").is_file() and (tmp_path / "idf.store").is_file()

    def parse() -> object:
        raise AssertionError("one of jieba's files was read again")

    monkeypatch.setattr(general, "_LOADED", {})  # as the next build's process starts
    monkeypatch.setattr(general, "parse_dictionary", parse)
    monkeypatch.setattr(general, "parse_idf", parse)
    monkeypatch.setitem(general._PARSE, "idf", parse)
    updated = analyse(_archive() + DAY, CONTENT, tmp_path, workers=1)
    monkeypatch.undo()
    assert updated == analyse(_archive() + DAY, CONTENT, None, workers=1)


def test_a_damaged_table_is_parsed_again_with_one_warning(
        tmp_path: Path, fresh: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    tags = general.parse_dictionary()[0]
    _kept(tmp_path, monkeypatch)
    kept = tmp_path / "dictionary.store"
    kept.write_bytes(kept.read_bytes()[:-10])
    caplog.set_level(logging.WARNING, "baoku")
    assert general.tag("政府") == tags["政府"]
    assert len(caplog.records) == 1 and "dictionary.store" in caplog.records[0].getMessage()
    monkeypatch.setattr(general, "_LOADED", {})
    assert general.tag("政府") == tags["政府"] and general.dictionary()._values is None  # kept whole again
