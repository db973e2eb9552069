"""jieba's IDF table, kept in the analysis cache and looked up a group of words at a time."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT
from jieba.analyse.tfidf import IDFLoader
from test_subjects_day import DAY, _archive

from baoku.subjects import analyse, general


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No table read yet in this process."""
    monkeypatch.setattr(general, "_LOADED", {})


def test_the_table_is_jiebas_own_read_of_its_file() -> None:
    values, median = general.parse()
    loader = IDFLoader(str(general._TABLE))
    assert values == loader.idf_freq and median == loader.median_idf


def test_every_word_kept_in_the_cache_has_the_value_of_the_file(tmp_path: Path, fresh: None) -> None:
    values, median = general.parse()
    assert general.idf(tmp_path).of(["政府", "不在表中的词"]) == [values["政府"], median]  # parsed, then kept
    stored = general._load(tmp_path)
    words = list(values)
    few = words[::1000] + ["不在表中的词"]
    assert stored.of(few) == [values.get(word, median) for word in few]  # a group at a time
    assert stored._values is None and 0 < len(stored._opened) < general.GROUPS
    assert len(words) > general.MANY
    assert stored.of(words) == [values[word] for word in words]  # every group at once
    assert stored.median == median


def test_a_days_analysis_reads_the_kept_table_not_jiebas_file(
        tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    assert (tmp_path / general.FILE).is_file()

    def parse() -> object:
        raise AssertionError("jieba's IDF file was read again")

    monkeypatch.setattr(general, "_LOADED", {})  # as the next build's process starts
    monkeypatch.setattr(general, "parse", parse)
    updated = analyse(_archive() + DAY, CONTENT, tmp_path, workers=1)
    monkeypatch.undo()
    assert updated == analyse(_archive() + DAY, CONTENT, None, workers=1)


def test_a_damaged_table_is_parsed_again_with_one_warning(
        tmp_path: Path, fresh: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    values = general.parse()[0]
    general.idf(tmp_path)
    kept = tmp_path / general.FILE
    kept.write_bytes(kept.read_bytes()[:-10])
    monkeypatch.setattr(general, "_LOADED", {})
    caplog.set_level(logging.WARNING, "baoku")
    assert general.idf(tmp_path).of(["政府"]) == [values["政府"]]
    assert len(caplog.records) == 1 and general.FILE in caplog.records[0].getMessage()
    monkeypatch.setattr(general, "_LOADED", {})
    assert general._load(tmp_path)._groups  # kept whole again
