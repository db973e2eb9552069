"""Incremental search builds: any sequence of daily builds, each reusing the previous
site's tiers, gives the same bytes as a cold build of the same articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

from helpers import tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baoku.config import SiteConfig
from baoku.model import SearchDoc
from baoku.search import build_search

START = dt.date(2021, 11, 20)
WORDS = ("太原", "潇河大桥", "营商环境", "34.48亿元", "社区食堂", "PM2.5", "一碗红豆浆", "弓凤飞")


def article(day: int, order: int, words: list[str]) -> SearchDoc:
    date = (START + dt.timedelta(days=day)).isoformat()
    return SearchDoc(url=f"{date.replace('-', '/')}/{order:02d}.html", title="".join(words[:2]) or "标题",
                     kicker="", subtitle="", body="，".join(words) + "。", date=date, section="经济", column="",
                     kind="news", authors=(), page=str(1 + order // 3))


archives = st.lists(st.tuples(st.integers(0, 500), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)),
                    min_size=1, max_size=14)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=archives, cuts=st.lists(st.integers(0, 500), min_size=1, max_size=3, unique=True),
       edit=st.booleans())
def test_every_sequence_of_daily_builds_equals_the_cold_build(tmp_path: Path, items: list[tuple[int, list[str]]],
                                                               cuts: list[int], edit: bool) -> None:
    docs = [article(day, i, words) for i, (day, words) in enumerate(items)]
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    previous = None
    steps = [[d for d in docs if d.date <= (START + dt.timedelta(days=cut)).isoformat()] for cut in sorted(cuts)]
    steps.append(docs)
    if edit:  # an editor corrects an old article's text after the last import
        steps.append([dataclasses.replace(docs[0], body="更正：" + docs[0].body), *docs[1:]])
    for i, step in enumerate(steps):
        site = work / f"build{i}"
        build_search(site, step, SiteConfig(), previous=previous, bundle_articles=3)
        cold = work / f"cold{i}"
        build_search(cold, step, SiteConfig(), bundle_articles=3)
        assert tree_digest(site / "pagefind") == tree_digest(cold / "pagefind")
        shutil.rmtree(cold)
        previous = site
