"""bench/synthetic.py: the deterministic archive the search benchmarks (and others) use."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

from baoku.content import load_articles
from baoku.model import KINDS
from bench.synthetic import make_articles, write_content


def test_the_same_seed_gives_the_same_articles_and_a_longer_archive_extends_a_shorter_one() -> None:
    assert make_articles(300) == make_articles(300)
    assert make_articles(1000)[:300] == make_articles(300)
    assert make_articles(300, seed=1) != make_articles(300)


def test_a_daily_paper_prints_fifteen_to_twenty_stories_an_issue_in_print_order() -> None:
    articles = make_articles(2000)
    per_day = Counter(a.date for a in articles)
    full_days = sorted(per_day)[:-1]
    assert all(15 <= per_day[d] <= 20 for d in full_days)
    assert articles[0].date == dt.date(2008, 1, 1)
    first_day = [a for a in articles if a.date == articles[0].date]
    assert [a.order for a in first_day] == list(range(1, len(first_day) + 1))
    assert {a.kind for a in articles} == set(KINDS)
    assert len({a for x in articles for a in x.authors}) > 100


def test_written_content_reads_back_as_the_same_articles(tmp_path: Path) -> None:
    write_content(tmp_path / "content", 120)
    loaded = load_articles(tmp_path / "content")
    assert loaded.problems == ()
    # The loader adds the file's hash (digest); everything else is what was written.
    read = [dataclasses.replace(a, digest="") for a in sorted(loaded.articles, key=lambda a: a.id)]
    assert all(a.digest for a in loaded.articles)
    assert read == make_articles(120)
    assert (tmp_path / "content" / "site.toml").is_file()
    assert (tmp_path / "content" / "sections.toml").is_file()
