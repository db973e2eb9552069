"""A day's import plans its search as soon as its articles' sections are known, while the
analysis goes on in the build's process, and still builds the site a cold build does."""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import time
from pathlib import Path

import pytest
from helpers import copy_fixture, tree_digest, write_article
from test_build import _pagefind_services

from baoku import pipeline
from baoku.errors import BuildError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="search runs aside only where it can fork")

DAY = ("title: 迎泽大街提质改造完工\ndate: 2022-07-29\nauthors: ['王晓']",
       "本报讯（记者 王晓）7月28日，迎泽大街提质改造工程完工，潇河大桥以北路段恢复通行。\n")


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The phases done when each build planned its search; every change counts as a
    day's import (the fixture's seven articles are too few for APART_SHARE)."""
    monkeypatch.setattr(pipeline, "APART_SHARE", 1.0)
    seen: list[list[str]] = []
    plan = pipeline._SearchPlan.plan

    def spy(self: pipeline._SearchPlan, *args: object) -> None:
        if not self.started:
            seen.append([name for name, _ in self.report.phases])
        plan(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline._SearchPlan, "plan", spy)
    return seen


def test_a_days_search_is_planned_within_its_analysis_and_gives_the_cold_builds_site(
        tmp_path: Path, planned: list[list[str]]) -> None:
    content = copy_fixture(tmp_path)
    pipeline.build(content, tmp_path / "site", workers=2)
    assert planned == [["load", "analyse", "index"]]  # a cold analysis runs apart: planned after the index
    write_article(content, "2022/07/29/01.md", *DAY)
    report = pipeline.build(content, tmp_path / "site", workers=2)
    assert planned[1] == ["load"]  # while the analysis was going on
    assert [name for name, _ in report.phases][:4] == ["load", "analyse", "search plan", "index"]
    cold = tmp_path / "cold"
    shutil.copytree(content, cold / "content")
    pipeline.build(cold / "content", cold / "site", workers=2)
    assert tree_digest(tmp_path / "site") == tree_digest(cold / "site")


def test_a_problem_found_after_a_days_search_was_planned_leaves_nothing_behind(
        tmp_path: Path, planned: list[list[str]]) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, workers=2)
    before, running = tree_digest(output), _pagefind_services()
    write_article(content, "2022/07/29/01.md", *DAY)
    write_article(content, "2022/07/28/index.md", "title: 通告\ndate: 2022-07-28")  # found by the index
    with pytest.raises(BuildError, match="two pages would be written to 2022/07/28/index.html"):
        pipeline.build(content, output, workers=2)
    assert planned[1] == ["load"]
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert multiprocessing.active_children() == []
    deadline = time.monotonic() + 20
    while _pagefind_services() - running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pagefind_services() - running
