"""The paper as it is read: an issue's table of contents, its printed pages (版面) and
its articles, each with the way on in reading order (上一篇/下一篇 across pages and
issues, 上一版/下一版, 上一期/下一期)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from . import urls
from .cite import apa, citation, gbt7714, json_ld
from .config import SiteConfig
from .indexes import Issue
from .model import Analysis, Article
from .printed import PrintedPage, is_empty, printed_as
from .text import cn_date, cn_day, markdown_html, quick_text, summary
from .viewbase import KIND_LABELS, Card, Crumb, Link, Site, TermLink, Way, Ways, article_card, date_crumbs


def _issue_link(issues: tuple[Issue, ...], position: int) -> Link | None:
    if 0 <= position < len(issues):
        return (cn_day(issues[position].date), urls.issue(issues[position].date))
    return None


def page_links(issue: Issue) -> list[tuple[str, str, int]]:
    """The page navigator (版面导航): (heading, URL, article count) of every page."""
    return [(p.heading, urls.page(issue.date, p.label), len(p.articles)) for p in issue.pages]


def issue_view(site: Site, position: int) -> dict[str, Any]:
    issues = site.indexes.issues
    issue = issues[position]
    return {"issue": issue, "date": cn_date(issue.date), "url": urls.issue(issue.date),
            "count": len(issue.listed),
            "lead": article_card(site, issue.lead),
            "groups": [(g.column, [article_card(site, a) for a in g.articles]) for g in issue.groups],
            "pages": [(heading, url, len(p.articles), _runs(site, p.articles))
                      for (heading, url, _), p in zip(page_links(issue), issue.pages)],
            "page_nav": page_links(issue),
            "previous": _issue_link(issues, position - 1), "next": _issue_link(issues, position + 1)}


def _runs(site: Site, articles: tuple[Article, ...]) -> list[tuple[str, list[Card]]]:
    """A page's articles as runs under the column label printed above them ('' = none)."""
    return [(column, [article_card(site, a) for a in run])
            for column, run in itertools.groupby(articles, key=lambda a: a.column)]


def issue(site: Site, position: int) -> dict[str, Any]:
    view = issue_view(site, position)
    day = site.indexes.issues[position].date
    view.update(breadcrumbs=date_crumbs(day)[:-1] + [Crumb(f"{day.day}日", None)], section_nav="dates")
    return view


def page(site: Site, where: tuple[int, int]) -> dict[str, Any]:
    """One printed page: its articles in print order, the stories it repeats from
    other pages (linked to where they were first printed), and the way to the pages
    before and after it and back to the issue."""
    position, number = where
    issue_ = site.indexes.issues[position]
    printed = issue_.pages[number]
    nav = page_links(issue_)
    day = issue_.date
    repeated = []
    for copy in printed.copies:
        original = site.articles[site.indexes.copies[copy.id]]
        repeated.append((copy, urls.article(original.id), _where(site, original, day)))
    return {"issue": issue_, "date": cn_date(day), "issue_url": urls.issue(day), "heading": printed.heading,
            "url": nav[number][1], "count": len(printed.articles), "runs": _runs(site, printed.articles),
            "repeated": repeated, "page_nav": nav,
            "previous": number > 0 and nav[number - 1][:2], "next": number + 1 < len(nav) and nav[number + 1][:2],
            "breadcrumbs": date_crumbs(day) + [Crumb(printed.heading, None)], "section_nav": "dates"}


@dataclass(frozen=True, slots=True)
class ArticleInputs:
    """Everything an article page is made from, gathered from the site: `article_view`
    reads nothing else, so these are all a reused page's key needs (render.py) — far
    cheaper to hash than the page's whole context."""

    config: SiteConfig
    issue: Issue
    index: int
    """The article's position in its issue."""
    analysis: Analysis
    related: tuple[Article, ...]
    """The related articles the page lists (cards are made of them only when it is
    rendered: a page that is linked unchanged needs only their marks)."""
    links: tuple[tuple[str, str, str | None], ...]
    """(taxonomy, name, URL of its page or None) for every name the page may link."""
    reading: tuple[tuple[str, str, str] | None, tuple[str, str, str] | None] = (None, None)
    """The articles before and after it in reading order: (note, title, URL), where the
    note says when one is in another issue."""
    issues: tuple[Link | None, Link | None] = (None, None)
    """The issues before and after its own (上一期/下一期)."""
    repeats: tuple[str, str, str] | None = None
    """For a repeated copy: (title, URL, where) of the article it repeats."""
    repeated_in: tuple[Link, ...] = ()
    """For an article printed again: (where, URL) of each repeated copy."""


def _across(site: Site, position: int, step: int) -> Way:
    """The last listed article of the issues before the one at `position` (step -1), or
    the first of those after it (step 1), with a note naming its issue."""
    issues = site.indexes.issues
    other = position + step
    while 0 <= other < len(issues):
        listed = issues[other].listed
        if listed:
            found = listed[-1] if step < 0 else listed[0]
            return (("上一期 · " if step < 0 else "下一期 · ") + cn_day(found.date), found.title,
                    urls.article(found.id))
        other += step
    return None


def ways(site: Site, position: int) -> Ways:
    """The ways on from the issue at `position` and from each of its articles: the
    listed article before and after it in print order (a repeated copy is skipped),
    continuing into the issues before and after. Made once per issue and build."""
    found = site.ways.get(position)
    if found is None:
        issues, copies = site.indexes.issues, site.indexes.copies
        entries = [None if a.id in copies else ("", a.title, urls.article(a.id)) for a in issues[position].articles]
        before: list[Way] = []
        way = _across(site, position, -1)
        for entry in entries:
            before.append(way)
            way = entry or way
        after: list[Way] = []
        way = _across(site, position, 1)
        for entry in reversed(entries):
            after.append(way)
            way = entry or way
        after.reverse()
        found = site.ways[position] = Ways(
            (_issue_link(issues, position - 1), _issue_link(issues, position + 1)), tuple(zip(before, after)))
    return found


def _where(site: Site, article: Article, day: dt.date) -> str:
    """Where an article was printed, as told on a page of the issue of `day`: '第04版 · 国际',
    with its date before it when that is another issue."""
    printed = site.indexes.by_date[article.date].page_of(article)
    date = "" if article.date == day else cn_day(article.date)
    return (date + printed.heading) if printed else date or "本期"


class _TermLinks(dict[str, TermLink]):
    """A taxonomy's names → (taxonomy, name, URL of the term's page or None), each made
    when first asked for."""

    def __init__(self, site: Site, taxonomy: str) -> None:
        super().__init__()
        self._site, self._taxonomy = site, taxonomy

    def __missing__(self, name: str) -> TermLink:
        term = self._site.indexes.term(self._taxonomy, name)
        link = self[name] = (self._taxonomy, name, term.url() if term is not None else None)
        return link


def _links(site: Site, item: Article, analysis: Analysis) -> tuple[TermLink, ...]:
    """Every name the article's page may link, with its URL: its section, column,
    authors and photographers, topics, places and people, in that order."""
    by = site.term_links
    if not by:
        by.update((taxonomy, _TermLinks(site, taxonomy)) for taxonomy in urls.TAXONOMIES)
    author = by["author"].__getitem__
    return (by["section"][analysis.section], by["column"][item.column], *map(author, item.authors),
            *map(author, item.photographers), *map(by["topic"].__getitem__, analysis.topics),
            *map(by["place"].__getitem__, analysis.places), *map(by["person"].__getitem__, analysis.people))


def article_inputs(site: Site, where: tuple[int, int]) -> ArticleInputs:
    position, index = where
    issue_ = site.indexes.issues[position]
    item = issue_.articles[index]
    empty = item.id in site.indexes.textless
    analysis = Analysis("") if empty else site.subjects.by_article[item.id]
    copies, articles = site.indexes.copies, site.articles
    if empty:
        related: tuple[Article, ...] = ()
    else:
        relatable, own = site.indexes.relatable, copies.get(item.id)
        related = tuple([articles[r] for r in analysis.related if r in relatable and r != own])
    original = site.articles[copies[item.id]] if item.id in copies else None
    repeats = original and (original.title, urls.article(original.id), _where(site, original, item.date))
    repeated = site.indexes.repeated.get(item.id)
    repeated_in = tuple((_where(site, site.articles[c], item.date), urls.article(c))
                        for c in repeated) if repeated else ()
    found = ways(site, position)
    return ArticleInputs(site.config, issue_, index, analysis, related, _links(site, item, analysis),
                         found.reading[index], found.issues, repeats, repeated_in)


def article(site: Site, where: tuple[int, int]) -> dict[str, Any]:
    return article_view(site, article_inputs(site, where))


def _page_nav(issue_: Issue, item: Article) -> dict[str, Any]:
    """The article's printed page and the pages before and after it (all None when
    the issue has no page labels)."""
    printed: PrintedPage | None = issue_.page_of(item)
    if printed is None:
        return {"page": None, "previous_page": None, "next_page": None}
    nav = page_links(issue_)
    number = issue_.pages.index(printed)
    return {"page": nav[number][:2], "previous_page": nav[number - 1][:2] if number > 0 else None,
            "next_page": nav[number + 1][:2] if number + 1 < len(nav) else None}


def article_view(site: Site, inputs: ArticleInputs) -> dict[str, Any]:
    issue_, index, analysis, config = inputs.issue, inputs.index, inputs.analysis, inputs.config
    item = issue_.articles[index]
    permalink = urls.absolute(config.base_url, urls.article(item.id))
    found = {(taxonomy, name): url for taxonomy, name, url in inputs.links}

    def linked(taxonomy: str, names: tuple[str, ...]) -> list[tuple[str, str | None]]:
        return [(name, found[taxonomy, name]) for name in names]

    empty = is_empty(item)
    return {
        "a": item, "analysis": analysis, "date": cn_date(item.date), "day": cn_day(item.date),
        "iso_date": item.date.isoformat(), "printed_as": printed_as(item) if empty else "",
        "kind": KIND_LABELS[item.kind], "body": "" if empty else markdown_html(item.body),
        "issue_url": urls.issue(item.date), "section_url": found["section", analysis.section],
        "column_url": found["column", item.column] if item.column else None,
        "authors": linked("author", item.authors), "photographers": linked("author", item.photographers),
        "topics": linked("topic", analysis.topics), "places": linked("place", analysis.places),
        "people": linked("person", analysis.people), "previous": inputs.reading[0], "next": inputs.reading[1],
        "previous_issue": inputs.issues[0], "next_issue": inputs.issues[1],
        **_page_nav(issue_, item),
        "repeats": inputs.repeats, "repeated_in": inputs.repeated_in,
        "related": [article_card(site, related) for related in inputs.related],
        "permalink": permalink,
        "description": summary(item.lead or quick_text(item.body), 120) or f"{printed_as(item)}：{item.title}",
        "citation": citation(config.paper, item),
        "citations": [("GB/T 7714—2015", "gbt", gbt7714(config.paper, item)),
                      ("APA", "apa", apa(config.paper, item, permalink))],
        "json_ld": json_ld(config, item, analysis.section, analysis.topics, permalink,
                           analysis.people, analysis.places),
        "breadcrumbs": date_crumbs(item.date) + ([Crumb(item.column, found["column", item.column])]
                                                  if item.column else []) + [Crumb(item.title, None)],
        "section_nav": "dates",
    }
