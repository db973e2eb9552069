"""View models: what each kind of page shows, as plain data for the templates.

`plan(site)` lists every page of the site as (url, template, builder, argument);
a builder turns its argument into the template's context. Keeping the plan as
small tuples lets the render stage split it across processes.
"""

from __future__ import annotations

import calendar
import json
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from . import overviews, urls
from .indexes import Month, Term, Year
from .issueviews import article, article_inputs, issue, issue_view, page
from .model import Article
from .text import cn_date, cn_day, cn_month
from .viewbase import TAXONOMY_LABELS, Card, Crumb, ListEntry, Site, article_card, list_entry

__all__ = ["BUILDERS", "INPUTS", "NAV", "Card", "Page", "Site", "article_card", "nav_url", "plan", "site_nav"]


Page = tuple[str, str, str, Any]
"""(url, template, builder name, argument)."""


def plan(site: Site) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    pages: list[Page] = [("", "home.html", "home", None), (urls.SEARCH, "search.html", "search", None),
                         (urls.DATES, "dates.html", "dates", None),
                         (urls.NOT_FOUND, "404.html", "not_found", None)]
    for position, issue_ in enumerate(site.indexes.issues):
        pages.append((urls.issue(issue_.date), "issue.html", "issue", position))
        for number, printed in enumerate(issue_.pages):
            pages.append((urls.page(issue_.date, printed.label), "page.html", "page", (position, number)))
        for index in range(len(issue_.articles)):
            pages.append((urls.article(issue_.articles[index].id), "article.html", "article",
                          (position, index)))
    for year in site.indexes.years:
        pages.append((urls.year(year.year), "year.html", "year", year.year))
        for month in year.months:
            pages.append((urls.month(month.year, month.month), "month.html", "month",
                          (month.year, month.month)))
    per_page, archive_per_page = site.config.per_page, site.config.archive_per_page
    for taxonomy in urls.TAXONOMIES:
        pages.append((urls.taxonomy(taxonomy), "taxonomy.html", "taxonomy", taxonomy))
        pages.extend(overviews.letter_pages(site, taxonomy))
        for term in site.indexes.terms[taxonomy]:
            pages.append((term.url(), "term.html", "term", (taxonomy, term.name, None)))
            for number in range(1, term_pages(len(term.articles), per_page, archive_per_page) + 1):
                pages.append((term.url(number), "term.html", "term", (taxonomy, term.name, number)))
    return pages


def term_pages(articles: int, per_page: int, archive_per_page: int) -> int:
    """How many older pages a term of this many articles has besides its first.

    Older pages are numbered from the oldest and hold `archive_per_page` articles each,
    listed by date, so that a page, once made, keeps its articles as new ones come in
    (a day's import changes a term's first page, not every page after it, and a cited
    page stays what it was). The first page shows the rest, newest first: the newest
    `per_page` as cards, then those that fill no older page yet as a dated list (between
    none and `archive_per_page` - 1 of them)."""
    return max(0, (articles - per_page) // archive_per_page)


def _months(site: Site, articles: Sequence[Article]) -> list[tuple[str, str, list[ListEntry]]]:
    """A dated list's articles under their months, in the order given: (heading
    '2009年3月', its datetime '2009-03', entries)."""
    return [(cn_month(year, month), f"{year:04d}-{month:02d}", [list_entry(site, a) for a in group])
            for (year, month), group in groupby(articles, key=lambda a: (a.date.year, a.date.month))]


NAV: tuple[tuple[str, str, str], ...] = (
    ("home", urls.HOME, "首页"), ("dates", urls.DATES, "按日期"),
    *((name, urls.taxonomy(name), TAXONOMY_LABELS[name]) for name in urls.TAXONOMIES),
    ("search", urls.SEARCH, "检索"))
"""The main navigation: (entry, URL, label); a page's `section_nav` names its entry."""


def site_nav(site: Site) -> tuple[tuple[str, str, str], ...]:
    """The main navigation of this site: without the subject indexes that list nothing
    (no article has a column: no 栏目 menu opening an empty page)."""
    return tuple(entry for entry in NAV if entry[0] not in site.indexes.terms or site.indexes.terms[entry[0]])


def search_examples(site: Site, count: int = 3) -> list[str]:
    """Examples for the search box, from the archive itself: its most written-about
    place, person and topic (ties by name), so no paper's names are built in."""
    people: dict[str, int] = {}
    for analysis in site.subjects.by_article.values():
        for name in analysis.people:
            people[name] = people.get(name, 0) + 1
    ranked = sorted(people, key=lambda n: (-people[n], n))[:1]
    for taxonomy in ("place", "topic"):
        terms = site.indexes.terms.get(taxonomy, ())
        ranked += [terms[0].name] if terms else []  # most articles first, ties by name
    return list(dict.fromkeys(ranked))[:count]


def nav_url(section_nav: str) -> str | None:
    """The URL of the main navigation's entry `section_nav` (None: no entry)."""
    return next((url for entry, url, _ in NAV if entry == section_nav), None)


def home(site: Site, _: None) -> dict[str, Any]:
    issues = site.indexes.issues
    latest = issue_view(site, len(issues) - 1) if issues else None
    if latest:  # listed without column headings here: in print order
        latest["rest"] = [article_card(site, a) for a in issues[-1].listed[1:]]
    return {"latest": latest,
            "recent": [(cn_date(i.date), urls.issue(i.date), len(i.listed)) for i in issues[::-1][1:8]],
            "sections": site.indexes.terms["section"], "topics": site.indexes.terms["topic"][:24],
            "examples": search_examples(site),
            "years": site.indexes.years, "article_count": len(site.articles) - len(site.indexes.copies),
            "issue_count": len(issues), "breadcrumbs": [], "section_nav": "home"}


def search(site: Site, _: None) -> dict[str, Any]:
    return {"breadcrumbs": [Crumb("首页", urls.HOME), Crumb("检索", None)], "section_nav": "search",
            "examples": search_examples(site)}


def not_found(site: Site, _: None) -> dict[str, Any]:
    return {"breadcrumbs": [], "section_nav": ""}


def _calendar(site: Site, year: int, month: int) -> list[list[dict[str, Any] | None]]:
    by_day = {i.date: i for m in site.indexes.years for mo in m.months
              if (mo.year, mo.month) == (year, month) for i in mo.issues}
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: list[dict[str, Any] | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            found = by_day.get(day)
            row.append({"day": day.day, "iso": day.isoformat(),
                        "url": found and urls.issue(day), "count": len(found.listed) if found else 0})
        weeks.append(row)
    return weeks


def month_around(site: Site, ym: tuple[int, int]) -> tuple[Month, tuple[int, int] | None, tuple[int, int] | None]:
    """The archive's month `ym` and the months with issues before and after it (None: none)."""
    months = [m for y in site.indexes.years for m in y.months]
    position = next(n for n, m in enumerate(months) if (m.year, m.month) == ym)
    before, after = ((months[p].year, months[p].month) if 0 <= p < len(months) else None
                     for p in (position - 1, position + 1))
    return months[position], before, after


def year_around(site: Site, year_: int) -> tuple[Year, int | None, int | None]:
    """The archive's year `year_` and the years with issues before and after it (None: none)."""
    years = site.indexes.years
    position = next(n for n, y in enumerate(years) if y.year == year_)
    before, after = (years[p].year if 0 <= p < len(years) else None for p in (position - 1, position + 1))
    return years[position], before, after


def month(site: Site, ym: tuple[int, int]) -> dict[str, Any]:
    year, month_ = ym
    mo, *neighbour = month_around(site, ym)
    return {"year": year, "month": month_, "title": cn_month(year, month_),
            "weeks": _calendar(site, year, month_), "weekdays": WEEK_HEADER,
            "issues": [(cn_date(i.date), urls.issue(i.date), [article_card(site, a) for a in i.listed[:3]],
                        len(i.listed)) for i in mo.issues],
            "previous": neighbour[0] and (cn_month(*neighbour[0]), urls.month(*neighbour[0])),
            "next": neighbour[1] and (cn_month(*neighbour[1]), urls.month(*neighbour[1])),
            # 上月 only for the month before: archives have gaps of months without an issue.
            "labels": ("上月" if neighbour[0] == _month_after(ym, -1) else "较早",
                       "下月" if neighbour[1] == _month_after(ym, 1) else "较晚"),
            "breadcrumbs": [Crumb("首页", urls.HOME), Crumb(f"{year}年", urls.year(year)),
                            Crumb(f"{month_}月", None)], "section_nav": "dates"}


WEEK_HEADER = tuple("一二三四五六日")


def _month_after(ym: tuple[int, int], step: int) -> tuple[int, int]:
    """The calendar month `step` months after `ym` (before, when negative)."""
    number = ym[0] * 12 + ym[1] - 1 + step
    return (number // 12, number % 12 + 1)


def year(site: Site, year_: int) -> dict[str, Any]:
    found, before, after = year_around(site, year_)
    present = {m.month: m for m in found.months}
    months = [{"month": m, "url": urls.month(year_, m) if m in present else None,
               "issues": len(present[m].issues) if m in present else 0,
               "weeks": _calendar(site, year_, m)} for m in range(1, 13)]
    return {"year": year_, "months": months, "weekdays": WEEK_HEADER, "entry": found,
            "previous": before is not None and (f"{before}年", urls.year(before)),
            "next": after is not None and (f"{after}年", urls.year(after)),
            "labels": ("上一年" if before == year_ - 1 else "较早", "下一年" if after == year_ + 1 else "较晚"),
            "breadcrumbs": [Crumb("首页", urls.HOME), Crumb(f"{year_}年", None)], "section_nav": "dates"}


def dates(site: Site, _: None) -> dict[str, Any]:
    issue_dates = [i.date.isoformat() for i in site.indexes.issues]
    return {"years": [(y, [(m.month, urls.month(y.year, m.month), len(m.issues)) for m in y.months])
                      for y in site.indexes.years],
            "issue_dates_json": json.dumps(issue_dates),
            "first": issue_dates[0] if issue_dates else "", "last": issue_dates[-1] if issue_dates else "",
            "span": site.indexes.issues and (cn_day(site.indexes.issues[0].date), cn_day(site.indexes.issues[-1].date)),
            "breadcrumbs": [Crumb("首页", urls.HOME), Crumb("按日期浏览", None)], "section_nav": "dates"}


def taxonomy(site: Site, name: str) -> dict[str, Any]:
    """An overview: the terms with the most articles, and an A–Z index (overviews.py)."""
    terms = site.indexes.terms[name]
    shown = terms[:overviews.OVERVIEW_TOP]
    activity = {}
    if name == "topic":
        activity = {t.name: activity_of(t) for t in shown}
    return {"taxonomy": name, "label": TAXONOMY_LABELS[name], "terms": shown, "total": len(terms),
            "activity": activity, "letters": overviews.index_links(site, name), "letter": None,
            "parts": [], "breadcrumbs": [Crumb("首页", urls.HOME), Crumb(TAXONOMY_LABELS[name], None)],
            "section_nav": name}


def letter(site: Site, where: tuple[str, str, int]) -> dict[str, Any]:
    """One part of a letter of a taxonomy's A–Z index: its terms in pinyin order."""
    name, initial, part = where
    terms = site.indexes.terms[name]
    parts = overviews.groups(site, name)[initial]
    label = TAXONOMY_LABELS[name]
    return {"taxonomy": name, "label": label, "terms": parts[part - 1], "total": len(terms),
            "activity": {}, "letters": overviews.index_links(site, name, initial), "letter": initial,
            "parts": overviews.part_links(name, initial, len(parts), part),
            "breadcrumbs": [Crumb("首页", urls.HOME), Crumb(label, urls.taxonomy(name)), Crumb(initial, None)],
            "section_nav": name}


def activity_of(term: Term) -> list[tuple[str, int]]:
    """Articles per year for a topic, oldest first (its activity over time).

    A term's articles are newest first, so each year's are a run of them, found by
    bisection: the topics overview, keyed and rendered every build, shows the 300
    largest topics (at 100,000 synthetic articles 0.22 s for the 300 counted article
    by article, 0.02 s so)."""
    articles, found, start = term.articles, [], 0
    while start < len(articles):
        year = articles[start].date.year
        end = bisect_right(articles, -year, lo=start, key=_minus_year)
        found.append((str(year), end - start))
        start = end
    return found[::-1]


def _minus_year(article: Article) -> int:
    return -article.date.year


def term(site: Site, where: tuple[str, str, int | None]) -> dict[str, Any]:
    """A term's first page (number None: the newest articles as cards, then a dated list
    of those no older page holds yet) or one of its older pages (numbered from the
    oldest, a dated list: term_pages); pages link newer and older ones."""
    taxonomy_name, name, number = where
    found = site.indexes.term(taxonomy_name, name)
    assert found is not None
    per_page = site.config.per_page
    total = len(found.articles)
    start, end, older = term_slice(total, number, per_page, site.config.archive_per_page)
    chunk = found.articles[start:end]
    cards, listed = (chunk[:per_page], chunk[per_page:]) if number is None else ((), chunk)
    newer, next_older, page_links = term_links(found, number, older)
    label = TAXONOMY_LABELS[taxonomy_name]
    span = None if number is None else (  # the dates an older page covers
        cn_day(chunk[-1].date) + ("" if chunk[-1].date == chunk[0].date else f"至{cn_day(chunk[0].date)}"))
    # The term's name and description, not the term itself: a page's key hashes its
    # context (reuse.py), and an older page must not change with the term's newest articles.
    return {"name": found.name, "description": found.description, "total": number is None and total,
            "older_pages": number is None and older, "label": label, "number": number, "span": span,
            "shown": len(chunk), "cards": [article_card(site, a) for a in cards],
            "months": _months(site, listed), "previous": newer, "next": next_older,
            "page_links": page_links,
            "feed": urls.section_feed(found.segment) if taxonomy_name == "section" else None,
            "breadcrumbs": [Crumb("首页", urls.HOME), Crumb(label, urls.taxonomy(taxonomy_name)),
                            Crumb(name, None)], "section_nav": taxonomy_name}


def term_slice(total: int, number: int | None, per_page: int, archive_per_page: int) -> tuple[int, int, int]:
    """(start, end, older pages) of the articles a term's page shows, of `total` newest
    first: its first page (number None) or an older one (term_pages)."""
    older = term_pages(total, per_page, archive_per_page)
    if number is None:
        return 0, total - older * archive_per_page, older
    return total - number * archive_per_page, total - (number - 1) * archive_per_page, older


def term_links(found: Term, number: int | None, older: int) -> tuple[Any, Any, list[tuple[str, str | None]]]:
    """The URLs of the newer and the older page next to a term's page (None or False:
    none), and its page links (_page_links)."""
    if number is None:
        newer, next_older = None, older and found.url(older)
    else:
        newer = found.url(number + 1 if number < older else None)
        next_older = number > 1 and found.url(number - 1)
    return newer, next_older, _page_links(found, number, older)


def _page_links(found: Term, number: int | None, older: int, radius: int = 3) -> list[tuple[str, str | None]]:
    """(label, URL) of the pages to link, newest first: the first page ('最新'), the
    older pages within `radius` of this one and the oldest; URL None for this page,
    label '…' for a gap. Only pages near the newest depend on how many pages there
    are, so older pages stay the same as the term grows."""
    if not older:
        return []
    here = older + 1 if number is None else number  # the first page comes after the oldest
    shown = sorted({older + 1, 1, *range(max(1, here - radius), min(older, here + radius) + 1)}, reverse=True)
    links: list[tuple[str, str | None]] = []
    for newer, n in zip([None, *shown], shown):
        if newer is not None and newer > n + 1:
            links.append(("…", None))
        url = found.url(None if n == older + 1 else n)
        links.append(("最新" if n == older + 1 else str(n), None if n == here else url))
    return links


INPUTS: dict[str, Callable[[Site, Any], Any]] = {"article": article_inputs}
"""Builders whose pages are made from a small inputs object only (see ArticleInputs):
what gathers the inputs from the site (their signature keys the page: pagekeys.py)."""

BUILDERS: dict[str, Callable[[Site, Any], dict[str, Any]]] = {
    "home": home, "search": search, "not_found": not_found, "issue": issue, "page": page, "article": article,
    "month": month, "year": year, "dates": dates, "taxonomy": taxonomy, "term": term,
    "letter": letter,
}

