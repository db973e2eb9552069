"""Overviews that scale: the biggest terms first, an A–Z index by pinyin, people pages."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from pathlib import Path

import pytest
from helpers import copy_fixture, tree_digest, write_article

from baoku import overviews, pipeline, urls
from baoku.config import SiteConfig
from baoku.indexes import Term, build_indexes
from baoku.model import Analysis, Article, Section, Subjects
from baoku.views import Site, activity_of, letter, plan, taxonomy


@pytest.mark.parametrize(("name", "expected"), [
    ("重庆", "C"), ("长春", "C"), ("银行", "Y"), ("澳门特别行政区", "A"), ("G20峰会", "G"), ("5G", "#"),
])
def test_a_name_is_indexed_by_the_pinyin_of_its_first_character(name: str, expected: str) -> None:
    assert overviews.initial(name) == expected


def test_letter_pages_have_their_own_urls_that_never_clash_with_term_pages() -> None:
    assert urls.taxonomy_letter("topic", "C") == "topic/az/c.html"
    assert urls.taxonomy_letter("topic", "C", 2) == "topic/az/c-2.html"
    assert urls.taxonomy_letter("person", "#") == "person/az/0.html"


def _site(topics: int, people: dict[str, int] | None = None) -> Site:
    """An archive whose i-th topic ('主题i' with a varying first character) is on i+1 articles."""
    chars = "安北陈东法高黄金李马南平齐日上唐王夏杨张"
    articles: list[Article] = []
    by_article: dict[str, Analysis] = {}
    names = [f"{chars[i % len(chars)]}题{i}" for i in range(topics)]
    count = max(topics, *(people or {}).values(), 1) + 1
    for n in range(count):
        item = Article(id=f"2023/01/01/{n:04d}", path=f"articles/{n}.md", title=f"标题{n}",
                       date=dt.date(2023, 1, 1), body="正文", order=n + 1)
        articles.append(item)
        chosen = tuple(name for i, name in enumerate(names) if n <= i)
        persons = tuple(p for p, k in (people or {}).items() if n < k)
        by_article[item.id] = Analysis("时政", chosen, persons)
    subjects = Subjects(by_article, (Section("时政", "politics"),))
    return Site(SiteConfig(), {a.id: a for a in articles}, subjects, build_indexes(tuple(articles), subjects))


def test_a_small_overview_lists_every_term_by_size_and_has_no_index() -> None:
    site = _site(5)
    view = taxonomy(site, "topic")
    assert [t.name for t in view["terms"]] == ["法题4", "东题3", "陈题2", "北题1"]
    assert [len(t.articles) for t in view["terms"]] == [5, 4, 3, 2]  # a topic of one article has no page
    assert view["letters"] == []
    assert not [p for p in plan(site) if p[2] == "letter"]


def test_a_large_overview_shows_the_biggest_terms_and_an_a_to_z_index_reaches_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overviews, "OVERVIEW_TOP", 10)
    monkeypatch.setattr(overviews, "LETTER_PAGE", 1)
    site = _site(40)
    terms: tuple[Term, ...] = site.indexes.terms["topic"]
    view = taxonomy(site, "topic")
    assert [len(t.articles) for t in view["terms"]] == list(range(40, 30, -1))
    assert view["total"] == 39
    letters = [initial for initial, _ in view["letters"]]
    assert letters == sorted(letters) and "C" in letters and "Z" in letters
    pages = [p for p in plan(site) if p[2] == "letter"]
    listed = [t.name for p in pages for t in letter(site, p[3])["terms"]]
    assert sorted(listed) == sorted(t.name for t in terms)  # every term reachable once
    c_pages = [p for p in pages if p[3][:2] == ("topic", "C")]
    assert [p[0] for p in c_pages] == ["topic/az/c.html", "topic/az/c-2.html"]
    first = letter(site, c_pages[0][3])
    assert [overviews.sort_key(t.name) for t in first["terms"]] == sorted(
        overviews.sort_key(t.name) for t in first["terms"])
    assert first["parts"] == [("1", None), ("2", "topic/az/c-2.html")]
    assert ("C", None) in first["letters"]


def test_a_person_named_in_two_articles_gets_a_page_in_the_people_overview() -> None:
    site = _site(2, {"张建国": 3, "李立新": 1})
    assert [t.name for t in site.indexes.terms["person"]] == ["张建国"]
    assert taxonomy(site, "person")["label"] == "人物"
    assert ("person/张建国.html", "term.html", "term", ("person", "张建国", None)) in plan(site)


def test_a_rebuild_spells_no_name_the_last_build_spelled_and_builds_the_same_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overviews, "OVERVIEW_TOP", 2)  # the fixture's authors, places… get an A–Z index
    content, site = copy_fixture(tmp_path), tmp_path / "site"
    pipeline.build(content, site, search=False, workers=1)
    kept = overviews.kept(pipeline.cache_dir(content))
    assert len(kept) > 10
    assert all(spelled == (overviews.sort_key(name)[0], overviews.initial(name)) for name, spelled in kept.items())
    write_article(content, "2023/01/05/09.md", "title: 市区新增三条公交线路\ndate: '2023-01-05'", "本报讯 新线路今起运营。\n")

    spelled, sort_key = [], overviews.sort_key

    def spy(name: str) -> tuple[str, str]:
        spelled.append(name)
        return sort_key(name)
    monkeypatch.setattr(overviews, "sort_key", spy)
    pipeline.build(content, site, search=False, workers=1)
    assert spelled and not set(spelled) & kept.keys()  # only the new article's new names
    monkeypatch.undo()
    monkeypatch.setattr(overviews, "OVERVIEW_TOP", 2)
    cold = tmp_path / "cold"
    shutil.copytree(content, cold / "content")
    pipeline.build(cold / "content", cold / "site", search=False, workers=1)
    assert tree_digest(site) == tree_digest(cold / "site")
    assert list((site / "author" / "az").iterdir())


def _articles_alive() -> int:
    gc.collect()
    return sum(type(o) is Article for o in gc.get_objects())


def test_a_build_lets_go_of_every_article_before_the_search_tiers_are_indexed_and_after_it_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The A–Z index's letters were memoised in the module, holding the terms and so every
    article: the settled tiers were indexed beside the whole site (2 GB at 200,000
    articles), and a preview server kept up to 16 builds' sites."""
    monkeypatch.setattr(overviews, "OVERVIEW_TOP", 2)  # the fixture's authors, places… get an A–Z index
    content = copy_fixture(tmp_path)
    before = _articles_alive()
    alive: list[int] = []
    release = pipeline.release_memory

    def counted() -> None:
        gc.unfreeze()  # the build froze its articles out of the collector's reach (parallel.long_lived)
        alive.append(_articles_alive() - before)
        release()
    monkeypatch.setattr(pipeline, "release_memory", counted)
    for run in range(2):
        write_article(content, f"2023/01/05/0{run + 8}.md", f"title: 市区新增公交线路{run}\ndate: '2023-01-05'",
                      "本报讯 新线路今起运营。\n")
        pipeline.build(content, tmp_path / "site", search=True, workers=1)
        assert list((tmp_path / "site" / "author" / "az").iterdir())
    assert alive == [0, 0]
    assert _articles_alive() == before


def test_a_topic_s_activity_counts_its_articles_per_year_oldest_first_skipping_silent_years() -> None:
    days = [dt.date(2021, 12, 31), dt.date(2019, 3, 1), dt.date(2021, 1, 1), dt.date(2024, 6, 4),
            dt.date(2019, 3, 1), dt.date(2021, 7, 7), dt.date(1998, 2, 2)]
    newest_first = sorted(days, reverse=True)
    articles = tuple(Article(id=f"{d:%Y/%m/%d}/{n:02}", path="", title="体育", date=d, body="")
                     for n, d in enumerate(newest_first))
    assert activity_of(Term("topic", "体育", "ti-yu", articles)) == [
        ("1998", 1), ("2019", 2), ("2021", 3), ("2024", 1)]
    assert activity_of(Term("topic", "体育", "ti-yu", ())) == []
