"""Subject pages that cost few files: the newest articles as cards on a term's first
page, older ones as dense dated lists under month headings, `archive_per_page` to an
older page, numbered from the oldest so that a day's import never changes them — on an
invented evening paper's commentator and reporter, and real lines of the sample."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from baoku.config import SiteConfig
from baoku.indexes import build_indexes
from baoku.model import Analysis, Article, Section, Subjects
from baoku.render import environment, page_context, render_context
from baoku.viewbase import ListEntry, list_entry
from baoku.views import Site, plan, term, term_pages

ROOT = Path(__file__).resolve().parent.parent
AUTHOR = "陈默"
START = dt.date(2009, 2, 20)
SECTIONS = (Section("社会", "society"), Section("评论", "opinion"))
HEADLINES = ("城南旧改第三批房源今起选房", "夜市经济要管也要活", "晚高峰地铁二号线加开八趟列车",
             "老旧小区加装电梯 居民议事会拍板", "菜价回落 本周叶菜每斤降三毛")


def _article(n: int, day: dt.date, **extra: object) -> Article:
    fields: dict[str, object] = {"title": HEADLINES[n % len(HEADLINES)], "body": "本报讯 记者陈默报道……\n",
                                 "authors": (AUTHOR,), "order": 1, **extra}
    return Article(id=f"{day:%Y/%m/%d}/01", path=f"articles/{day:%Y/%m/%d}/01.md", date=day, **fields)  # type: ignore[arg-type]


def _site(count: int, per_page: int = 3, archive_per_page: int = 4, *, section: str = "社会",
          extra: tuple[Article, ...] = ()) -> Site:
    """An evening paper where 陈默 writes one article a day from 20 February 2009, every
    third a commentary."""
    articles = tuple(_article(n, START + dt.timedelta(days=n), kind="commentary" if n % 3 == 2 else "news")
                     for n in range(count)) + extra
    return _site_of(articles, per_page, archive_per_page, section)


def _site_of(articles: tuple[Article, ...], per_page: int, archive_per_page: int, section: str = "社会") -> Site:
    subjects = Subjects({a.id: Analysis(section) for a in articles}, SECTIONS)
    config = SiteConfig(paper="江城晚报", per_page=per_page, archive_per_page=archive_per_page)
    return Site(config, {a.id: a for a in articles}, subjects, build_indexes(articles, subjects))


def _ids(site: Site, number: int | None) -> tuple[list[str], list[str]]:
    """The ids a page shows as cards, and in its dated list."""
    view = term(site, ("author", AUTHOR, number))
    return ([c.article.id for c in view["cards"]],
            [e.url.removesuffix(".html") for _, _, entries in view["months"] for e in entries])


def _day(n: int) -> str:
    return f"{START + dt.timedelta(days=n):%Y/%m/%d}/01"


@pytest.mark.parametrize(("total", "older", "first"), [
    (0, 0, 0), (1, 0, 1), (30, 0, 30), (31, 0, 31), (229, 0, 229), (230, 1, 30), (231, 1, 31),
    (429, 1, 229), (430, 2, 30), (20_000, 99, 200)])
def test_older_pages_come_only_when_the_articles_beyond_the_cards_fill_a_whole_one(
        total: int, older: int, first: int) -> None:
    assert term_pages(total, 30, 200) == older
    assert total - older * 200 == first  # what the first page holds


def test_one_article_to_a_page_and_one_card_give_one_older_page_per_article_but_the_newest() -> None:
    assert [term_pages(total, 1, 1) for total in (0, 1, 2, 5)] == [0, 0, 1, 4]


def test_the_plan_lists_a_terms_first_page_and_each_older_page() -> None:
    site = _site(14)
    assert [p[0] for p in plan(site) if p[2] == "term" and p[3][0] == "author"] == [
        "author/陈默.html", "author/陈默/1.html", "author/陈默/2.html"]


def test_the_first_page_shows_the_newest_as_cards_then_those_no_older_page_holds_as_a_list() -> None:
    site = _site(14)  # 3 cards, 2 older pages of 4, so the first page holds 14 - 8 = 6
    assert _ids(site, None) == ([_day(13), _day(12), _day(11)], [_day(10), _day(9), _day(8)])
    view = term(site, ("author", AUTHOR, None))
    assert (view["total"], view["older_pages"], view["shown"], view["next"]) == (14, 2, 6, "author/陈默/2.html")


@pytest.mark.parametrize(("total", "cards", "listed", "older"), [
    (3, 3, 0, 0), (6, 3, 3, 0), (7, 3, 0, 1), (10, 3, 3, 1), (11, 3, 0, 2)])
def test_the_first_page_holds_everything_until_an_older_page_fills(
        total: int, cards: int, listed: int, older: int) -> None:
    site = _site(total)
    shown, dated = _ids(site, None)
    assert (len(shown), len(dated), term(site, ("author", AUTHOR, None))["older_pages"]) == (cards, listed, older)
    assert shown + dated == [_day(n) for n in reversed(range(older * 4, total))]  # newest first, none lost


def test_older_pages_are_numbered_from_the_oldest_and_list_their_articles_newest_first() -> None:
    site = _site(14)
    assert _ids(site, 1) == ([], [_day(3), _day(2), _day(1), _day(0)])
    assert _ids(site, 2) == ([], [_day(7), _day(6), _day(5), _day(4)])
    view = term(site, ("author", AUTHOR, 1))
    assert (view["shown"], view["span"], view["previous"], view["next"]) == (
        4, "2009年2月20日至2009年2月23日", "author/陈默/2.html", False)
    assert term(site, ("author", AUTHOR, 2))["previous"] == "author/陈默.html"


def test_a_dated_list_is_grouped_under_its_months_newest_first() -> None:
    site = _site(14, per_page=1, archive_per_page=13)  # 20 February to 5 March 2009 on one older page
    months = term(site, ("author", AUTHOR, 1))["months"]
    assert [(heading, month, [e.day for e in entries]) for heading, month, entries in months] == [
        ("2009年3月", "2009-03", ["3月4日", "3月3日", "3月2日", "3月1日"]),
        ("2009年2月", "2009-02", ["2月28日", "2月27日", "2月26日", "2月25日", "2月24日", "2月23日", "2月22日",
                                 "2月21日", "2月20日"])]


def test_a_dated_entry_shows_the_date_the_title_and_the_kind_of_anything_but_news() -> None:
    ad = Article(id="2009/03/01/16", path="articles/2009/03/01/16.md", title="江城百货春季招商广告",
                 date=dt.date(2009, 3, 1), body="", order=16, authors=(AUTHOR,))
    site = _site(3, extra=(ad,))
    assert [list_entry(site, a) for a in sorted(site.articles.values(), key=lambda a: a.id)] == [
        ListEntry("2009/02/20/01.html", "2009-02-20", "2月20日", "城南旧改第三批房源今起选房", ""),
        ListEntry("2009/02/21/01.html", "2009-02-21", "2月21日", "夜市经济要管也要活", ""),
        ListEntry("2009/02/22/01.html", "2009-02-22", "2月22日", "晚高峰地铁二号线加开八趟列车", "评论"),
        ListEntry("2009/03/01/16.html", "2009-03-01", "3月1日", "江城百货春季招商广告", "广告")]


def test_a_commentary_in_a_section_called_commentary_is_not_labelled_twice() -> None:
    site = _site(3, section="评论")
    assert [list_entry(site, a).label for a in site.articles.values()] == ["", "", ""]


def test_older_pages_stay_exactly_as_they_were_when_a_days_articles_arrive() -> None:
    before = _site(40, per_page=2, archive_per_page=2)  # 19 older pages
    after = _site(47, per_page=2, archive_per_page=2)  # a week later: 22
    assert term_pages(40, 2, 2) == 19 and term_pages(47, 2, 2) == 22
    # A page links up to 3 pages either side and the one just newer, so pages more than
    # four below the newest older page keep their whole context (their reuse key).
    for number in range(1, 19 - 3):
        assert term(after, ("author", AUTHOR, number)) == term(before, ("author", AUTHOR, number)), number
    assert term(after, ("author", AUTHOR, 19)) != term(before, ("author", AUTHOR, 19))
    assert _ids(after, None) != _ids(before, None)


def test_an_older_page_keeps_its_context_when_an_article_it_lists_has_its_text_corrected() -> None:
    site = _site(14)
    view = term(site, ("author", AUTHOR, 1))
    assert all(type(e) is ListEntry for _, _, group in view["months"] for e in group)  # not the article
    corrected = tuple(dataclasses.replace(a, body="本报讯 记者陈默报道（更正稿）……\n") if a.id == _day(1) else a
                      for a in site.articles.values())
    assert term(_site_of(corrected, 3, 4), ("author", AUTHOR, 1)) == view
    retitled = tuple(dataclasses.replace(a, title="城南旧改第三批房源今日起选房") if a.id == _day(1) else a
                     for a in site.articles.values())
    assert term(_site_of(retitled, 3, 4), ("author", AUTHOR, 1)) != view


def test_the_page_links_lead_from_the_newest_page_to_the_oldest() -> None:
    site = _site(3 + 4 * 6)  # 6 older pages
    links = term(site, ("author", AUTHOR, None))["page_links"]
    assert links == [("最新", None), ("6", "author/陈默/6.html"), ("5", "author/陈默/5.html"),
                     ("4", "author/陈默/4.html"), ("…", None), ("1", "author/陈默/1.html")]
    assert term(site, ("author", AUTHOR, 1))["page_links"][-2:] == [("2", "author/陈默/2.html"), ("1", None)]


def _render(site: Site, number: int | None) -> str:
    url = site.indexes.term("author", AUTHOR).url(number)  # type: ignore[union-attr]
    page = (url, "term.html", "term", ("author", AUTHOR, number))
    return render_context(environment(ROOT / "templates"), "term.html", page_context(site, page))


def test_an_older_page_lists_its_articles_by_date_under_month_headings_with_relative_links() -> None:
    html = _render(_site(14, per_page=1, archive_per_page=13), 1)
    assert '<h3 class="dated-month"><time datetime="2009-03">2009年3月</time></h3>' in html
    assert ('<li><time datetime="2009-03-03">3月3日</time><span class="dated-title">'
            '<a href="../../2009/03/03/01.html">夜市经济要管也要活</a>'
            '<span class="dated-kind">评论</span></span></li>') in html
    assert '<p class="stats">第 1 页 · 13 篇 · 2009年2月20日至2009年3月4日' in html
    assert 'class="cards"' not in html and len(re.findall("<li><time", html)) == 13


def test_the_first_page_shows_cards_then_a_list_headed_older_articles() -> None:
    html = _render(_site(14), None)
    assert len(re.findall('<li class="card">', html)) == 3
    assert '<h2 id="dated-h" class="section-title">更早的文章</h2>' in html
    assert html.index('class="cards"') < html.index('class="dated"') < html.index('class="pagination"')
    assert '<p class="stats">14 篇 · 最新 6 篇' in html


def test_a_headline_is_text_in_the_dated_list_never_markup() -> None:
    sneaky = _article(0, dt.date(2009, 1, 2), title="<script>alert(1)</script>“两会”特稿")
    html = _render(_site(10, per_page=1, archive_per_page=11, extra=(sneaky,)), None)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;“两会”特稿</a>" in html
    assert "<script>alert(1)" not in html


def test_the_samples_author_of_a_few_articles_has_only_cards_and_no_older_page() -> None:
    from baoku import pipeline

    site = pipeline.load(ROOT / "content", workers=1, use_cache=False).site
    view = term(site, ("author", "于健", None))
    assert 0 < view["total"] <= site.config.per_page
    assert (view["months"], view["older_pages"], view["page_links"]) == ([], 0, [])
    assert [c.article.id for c in view["cards"]] == [a.id for a in site.indexes.term("author", "于健").articles]
