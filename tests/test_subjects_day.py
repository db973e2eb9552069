"""A day's import updates the analysis from the newest month's words alone, and gives
exactly what an analysis from scratch gives, also when the day reaches settled articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from fixtures.subjects.samples import CONTENT, sample_articles

import baoku.subjects as subjects_stage
from baoku import cachefile, parallel
from baoku.model import Article
from baoku.subjects import analyse, archive, cache, newwords


def _day(day: int, *bodies: tuple[str, str]) -> list[Article]:
    return [Article(id=f"2022/03/{day:02d}/{n:02d}", path=f"2022/03/{day:02d}/{n:02d}.md", title=title,
                    date=dt.date(2022, 3, day), body=body) for n, (title, body) in enumerate(bodies, 1)]


VOLUNTEER = _day(1, ("志愿服务进社区", ("本报讯（记者 王晓）3月1日，志愿者贺文全带领服务队走进迎泽区桥东社区，"
                     "为老人义务理发。贺文全说，他已坚持服务八年。")))
"""An invented article that vouches for 贺文全 as a person, whom a sample article only
mentions (凝聚“微力量”)."""
DAY = _day(2, ("万柏林区开展义诊进社区活动", ("本报讯（记者 王晓）3月1日，万柏林区卫健局组织医护人员走进千峰街道，"
               "为居民免费测量血压、讲解慢性病防治知识。")))
SECOND = _day(2, ("八年坚守暖人心", ("“能帮一点是一点。”市民贺文全告诉记者，每月第一个周六，他都会和队员们来到社区。"
                  "贺文全表示，今年还将吸纳更多年轻人加入。")))
"""A second article that vouches for him: with it the archive counts him among its people
(entities.PROMOTE_ARTICLES), also in the sample article that mentions him."""
NEWCOMER = _day(2, ("社区书法课堂开课", ("本报讯（记者 王晓）3月1日，退休教师李秀兰在杏花岭区敦化坊社区开办的书法课堂开课。"
                    "李秀兰说，希望让更多孩子爱上书法。")))
"""A person no other article names."""


def _archive() -> list[Article]:
    """The sample's articles spread over two settled years, and one article in the
    newest month (IDF counts the articles before that month: topics.basis_cutoff)."""
    settled = [dataclasses.replace(a, date=dt.date(2020 + i % 2, 1 + i % 12, 5))
               for i, a in enumerate(sample_articles())]
    return [*settled, *VOLUNTEER]


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """The years whose words the analysis read, and whether it counted the archive's
    frequencies over every article."""
    seen: dict[str, list[object]] = {"years": [], "counted": []}
    part, frequencies = cache.FactsCache._part, archive._frequencies

    def read_part(self: cache.FactsCache, year: int) -> object:
        if year not in self._parts:
            seen["years"].append(year)
        return part(self, year)

    def counted(*args: object) -> object:
        seen["counted"].append(True)
        return frequencies(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.FactsCache, "_part", read_part)
    monkeypatch.setattr(archive, "_frequencies", counted)
    return seen


def test_a_days_import_reads_the_newest_years_words_alone_and_gives_a_fresh_analysis(
        tmp_path: Path, watched: dict[str, list[object]]) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    assert sorted(watched["years"]) == [2020, 2021, 2022] and watched["counted"]
    watched["years"].clear(), watched["counted"].clear()
    updated = analyse(_archive() + DAY, CONTENT, tmp_path, workers=1)
    assert watched["years"] == [2022] and not watched["counted"]
    assert updated == analyse(_archive() + DAY, CONTENT, None, workers=1)


def test_a_day_that_makes_a_settled_articles_mention_a_person_reads_every_year(
        tmp_path: Path, watched: dict[str, list[object]]) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    watched["years"].clear()
    updated, _ = analyse(_archive() + SECOND, CONTENT, tmp_path, workers=1)
    assert sorted(watched["years"]) == [2020, 2021, 2022]
    fresh, _ = analyse(_archive() + SECOND, CONTENT, None, workers=1)
    assert updated == fresh
    settled = next(a for a in _archive() if a.title == "凝聚“微力量” 引领新风尚")
    assert "贺文全" in updated.by_article[settled.id].people


def test_a_new_person_whose_name_a_piece_can_become_reads_every_year(
        tmp_path: Path, watched: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Joining drops a joined string that names a person of the archive, in any article:
    a day that adds such a person may change settled articles' words."""
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    watched["years"].clear()
    analyse(_archive() + NEWCOMER, CONTENT, tmp_path, workers=1)
    assert watched["years"] == [2022]  # without a piece that can become his name
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    watched["years"].clear()
    monkeypatch.setattr(newwords, "wholes", lambda table: {"李秀兰"})
    updated = analyse(_archive() + NEWCOMER, CONTENT, tmp_path, workers=1)
    assert 2020 in watched["years"]
    assert updated == analyse(_archive() + NEWCOMER, CONTENT, None, workers=1)


def test_a_settled_articles_new_front_matter_topics_read_that_year_and_no_other(
        tmp_path: Path, watched: dict[str, list[object]]) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    watched["years"].clear()
    edited = _archive()
    edited[0] = dataclasses.replace(edited[0], topics=("社区食堂",))  # dated 2020
    updated = analyse(edited + DAY, CONTENT, tmp_path, workers=1)
    assert sorted(watched["years"]) == [2020, 2022]
    assert updated == analyse(edited + DAY, CONTENT, None, workers=1)


def test_the_people_joining_read_are_kept_in_the_state(tmp_path: Path) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    state = subjects_stage.load_state(tmp_path, subjects_stage.load_lexicon(CONTENT)[0].digest,
                                      subjects_stage._Basis.of(_archive()).months)
    assert state is not None and len(state.people) == len(state.ids) == 58
    assert state.joins and state.basis and state.documents == 57


def test_a_lost_years_words_are_cut_again_without_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    for part in tmp_path.glob("words-2022.store*"):
        part.unlink()
    caplog.set_level(logging.WARNING, "baoku")
    updated = analyse(_archive() + DAY, CONTENT, tmp_path, workers=1)
    assert updated == analyse(_archive() + DAY, CONTENT, None, workers=1)
    assert caplog.records == []
    assert cache.FactsCache(tmp_path).get(cache.article_key(VOLUNTEER[0], _digest())) is not None


def test_a_years_words_of_the_wrong_shape_are_cut_again_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    part = cachefile.Entries(tmp_path / "words-2020.store", cache._light_version())
    assert part.values
    cachefile.write(tmp_path / "words-2020.store", part.key, dict.fromkeys(part.values, ("words", 1, None)))
    caplog.set_level(logging.WARNING, "baoku")
    nextmonth = _day(2, *[(a.title, a.body) for a in DAY])
    nextmonth = [dataclasses.replace(a, date=dt.date(2022, 4, 1)) for a in nextmonth]  # every year read again
    updated = analyse(_archive() + nextmonth, CONTENT, tmp_path, workers=1)
    assert updated == analyse(_archive() + nextmonth, CONTENT, None, workers=1)
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 1 and "wrong shape" in warned[0] and "words-2020.store" in warned[0]


def _digest() -> str:
    return subjects_stage.load_lexicon(CONTENT)[0].digest


def test_the_words_of_a_year_no_article_has_any_more_are_removed(tmp_path: Path) -> None:
    analyse(_archive(), CONTENT, tmp_path, workers=1)
    assert (tmp_path / "words-2020.store").exists()
    without = [a for a in _archive() if a.date.year != 2020]
    analyse(without, CONTENT, tmp_path, workers=1)
    assert sorted(p.name for p in tmp_path.glob("words-*")) == ["words-2021.store", "words-2022.store"]
    assert analyse(without, CONTENT, tmp_path, workers=1) == analyse(without, CONTENT, None, workers=1)


APRIL = [dataclasses.replace(a, id=a.id.replace("2022/03/02", "2022/04/01"), date=dt.date(2022, 4, 1),
                             path=a.path.replace("2022/03/02", "2022/04/01")) for a in DAY + NEWCOMER]
"""A month's first day: IDF now counts March too, so the archive-wide steps start over."""
APRIL_2 = [dataclasses.replace(a, id=a.id.replace("2022/03/02", "2022/04/02"), date=dt.date(2022, 4, 2),
                               path=a.path.replace("2022/03/02", "2022/04/02")) for a in SECOND]


@pytest.fixture
def separate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The steps run in a process of their own (parallel.apart), and the processes the
    archive-wide computation ran in, by whether they are this one."""
    ran: list[str] = []
    apart, compute = parallel.apart, archive.compute
    here = os.getpid()

    def recording(work: Any, *args: Any) -> Any:
        ran.append(work.__name__)
        return apart(work, *args)

    def computing(*args: Any, **kwargs: Any) -> Any:
        with open(tmp_path / "computed-in", "a") as file:
            file.write("here\n" if os.getpid() == here else "apart\n")
        return compute(*args, **kwargs)

    monkeypatch.setattr(parallel, "apart", recording)
    monkeypatch.setattr(archive, "compute", computing)
    return ran


def _computed_in(folder: Path) -> list[str]:
    record = folder / "computed-in"
    places = record.read_text().split() if record.exists() else []
    record.unlink(missing_ok=True)
    return places


def test_a_months_first_day_starts_the_archive_wide_steps_over_in_a_process_of_their_own(
        tmp_path: Path, separate: list[str]) -> None:
    kept = tmp_path / "cache"
    analyse(_archive() + DAY, CONTENT, kept, workers=1, fresh_apart=True)  # nothing kept: starts over
    assert separate == ["_archive_results"] and _computed_in(tmp_path) == ["apart"]
    separate.clear()
    first = analyse(_archive() + DAY + APRIL, CONTENT, kept, workers=1, fresh_apart=True)
    assert separate == ["_archive_results"] and _computed_in(tmp_path) == ["apart"]
    assert first == analyse(_archive() + DAY + APRIL, CONTENT, None, workers=1)
    separate.clear()
    _computed_in(tmp_path)
    second = analyse(_archive() + DAY + APRIL + APRIL_2, CONTENT, kept, workers=1, fresh_apart=True)
    assert separate == [] and _computed_in(tmp_path) == ["here"]  # the state kept apart is updated here
    assert second == analyse(_archive() + DAY + APRIL + APRIL_2, CONTENT, None, workers=1)


def test_words_cut_again_in_the_process_apart_are_kept_by_the_build(tmp_path: Path, separate: list[str]) -> None:
    kept = tmp_path / "cache"
    analyse(_archive() + DAY, CONTENT, kept, workers=1)
    for part in kept.glob("words-2022.store*"):
        part.unlink()
    analyse(_archive() + DAY + APRIL, CONTENT, kept, workers=1, fresh_apart=True)
    assert separate == ["_archive_results"]
    assert cache.FactsCache(kept).get(cache.article_key(VOLUNTEER[0], _digest())) is not None
