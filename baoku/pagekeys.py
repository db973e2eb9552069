"""Signatures: small plain values that stand for a page's whole context in its reuse key.

A page's reuse key (reuse.py) names everything the page is made from. Hashing a list
page's whole context pickles every card and list entry on it, one Python callback
each: at 20,000 articles that was 1.9 s of a day's rebuild for 3,500 list pages, and
0.8 s for the article pages' inputs, though nearly all of those pages are then linked
unchanged. A signature says the same in plain strings and numbers, which pickle
without callbacks:

- an article read from a file is its *mark*: its id, its file's digest (Article.digest:
  everything read from the file) and the section its analysis files it under — all a
  card or a list entry shows (viewbase.article_card, viewbase.list_entry), the rest of
  them being computed from these by code that is part of every key;
- an issue is the digest of its articles' marks, its listed articles (repeated copies
  left out) and its printed pages (label, name, articles, copies): all an Issue holds;
- a page is what its builder reads besides those: the term page's numbers and shown
  articles, the issue's neighbours, an article's analysis, links and reading order.

A builder without a signature here, or a page showing an article that was not read
from a file (no digest), is keyed by its whole context as before. Signatures only
decide reuse: a page whose signature is unchanged is exactly the page a render would
make (tests/test_pagekeys.py holds every builder's signature to that on edited sites).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from . import overviews
from .indexes import Issue, Term
from .issueviews import ArticleInputs
from .model import Article
from .viewbase import Site
from .views import activity_of, month_around, term_links, term_slice, year_around

_ID = attrgetter("id")


class _Unsigned(Exception):
    """An article without a digest (made in code): the page is keyed by its context."""


def _mark(site: Site, article: Article) -> str:
    marks = site.marks
    found = marks.get(article.id)
    if found is None:
        if not article.digest:
            raise _Unsigned(article.id)
        analysis = None if article.id in site.indexes.textless else site.subjects.by_article.get(article.id)
        found = marks[article.id] = f"{article.id}\x00{article.digest}\x00{analysis.section if analysis else ''}"
    return found


def mark_all(site: Site) -> None:
    """Every article's mark, made once here before the render workers fork (each worker
    would make most of them again)."""
    for article in site.articles.values():
        if article.id not in site.marks and article.digest:
            _mark(site, article)


def _marks(site: Site, articles: tuple[Article, ...]) -> tuple[str, ...]:
    # map over C getters: a term's first page shows hundreds of articles, and the pages
    # of 100,000 articles' terms and issues show two million.
    try:
        return tuple(map(site.marks.__getitem__, map(_ID, articles)))
    except KeyError:
        return tuple(_mark(site, a) for a in articles)


def _ids(articles: tuple[Article, ...]) -> str:
    return "\x00".join(map(_ID, articles))


def _issue(site: Site, issue: Issue) -> str:
    """An issue's digest (one per issue and build)."""
    key = ("issue", issue.date.toordinal())
    found = site.marks.get(key)
    if found is None:
        parts = [issue.date.isoformat(), *_marks(site, issue.articles), _ids(issue.listed)]
        parts += [f"{p.label}\x01{p.name}\x01{_ids(p.articles)}\x01{_ids(p.copies)}" for p in issue.pages]
        found = site.marks[key] = hashlib.blake2b("\x02".join(parts).encode(), digest_size=16).hexdigest()
    return found


def _neighbours(site: Site, position: int) -> tuple[str, str]:
    """The dates of the issues before and after (上一期/下一期; '' for none)."""
    issues = site.indexes.issues
    before = issues[position - 1].date.isoformat() if position > 0 else ""
    after = issues[position + 1].date.isoformat() if position + 1 < len(issues) else ""
    return before, after


def _issue_page(site: Site, position: int, _: None) -> object:
    return (_issue(site, site.indexes.issues[position]), _neighbours(site, position))


def _printed_page(site: Site, where: tuple[int, int], _: None) -> object:
    """A printed page shows its issue, and for each story it repeats, where that was
    first printed (the original's page in its own issue)."""
    position, number = where
    issue = site.indexes.issues[position]
    originals = []
    for copy in issue.pages[number].copies:
        original = site.articles[site.indexes.copies[copy.id]]
        originals.append((copy.id, _mark(site, original), _issue(site, site.indexes.by_date[original.date])))
    return (_issue(site, issue), number, tuple(originals))


def _term_page(site: Site, where: tuple[str, str, int | None], _: None) -> object:
    """A term's page shows its name, its articles of this page and its links to the
    others; its first page, how many articles and older pages there are (an older page
    does not: it stays as it is while the term grows)."""
    taxonomy, name, number = where
    found = site.indexes.term(taxonomy, name)
    assert found is not None
    config = site.config
    start, end, older = term_slice(len(found.articles), number, config.per_page, config.archive_per_page)
    counts = (len(found.articles), older) if number is None else ()
    return (taxonomy, found.name, found.segment, found.description, number, counts,
            term_links(found, number, older), _marks(site, found.articles[start:end]))


def _article_page(site: Site, _: object, inputs: ArticleInputs) -> object:
    analysis = inputs.analysis
    return (_issue(site, inputs.issue), inputs.index,
            (analysis.section, analysis.topics, analysis.people, analysis.places, analysis.related),
            _marks(site, inputs.related), inputs.links, inputs.reading,
            inputs.issues, inputs.repeats, inputs.repeated_in)


def _month_page(site: Site, ym: tuple[int, int], _: None) -> object:
    """A month's page: its calendar and issues (each issue's date, listed count and first
    three cards) and the months with issues before and after it."""
    found, before, after = month_around(site, ym)
    return (ym, (before, after), tuple((i.date.toordinal(), len(i.listed), _marks(site, i.listed[:3]))
                                       for i in found.issues))


def _year_page(site: Site, year: int, _: None) -> object:
    """A year's page: each month's issues (date and listed count: the calendars and the
    totals) and the years before and after it."""
    found, before, after = year_around(site, year)
    return (year, (before, after), tuple((m.month, tuple((i.date.toordinal(), len(i.listed)) for i in m.issues))
                                         for m in found.months))


def _listed_terms(terms: tuple[Term, ...]) -> tuple[tuple[str, str, int, str], ...]:
    return tuple((t.name, t.segment, len(t.articles), t.description) for t in terms)


def _taxonomy_page(site: Site, name: str, _: None) -> object:
    """A taxonomy's overview: its most written-about terms (name, link, count, description
    and, for topics, articles per year), how many there are and its A–Z index."""
    terms = site.indexes.terms[name]
    shown = terms[:overviews.OVERVIEW_TOP]
    activity = tuple(map(tuple, map(activity_of, shown))) if name == "topic" else ()
    return (name, len(terms), _listed_terms(shown), activity, tuple(overviews.index_links(site, name)))


def _letter_page(site: Site, where: tuple[str, str, int], _: None) -> object:
    """A part of a letter of the A–Z index: its terms, how many the taxonomy has, and the
    links to the other letters and parts."""
    name, initial, part = where
    parts = overviews.groups(site, name)[initial]
    return (where, len(site.indexes.terms[name]), _listed_terms(parts[part - 1]),
            tuple(overviews.index_links(site, name, initial)), len(parts))


SIGNATURES: dict[str, Callable[[Site, Any, Any], object]] = {
    "issue": _issue_page, "page": _printed_page, "term": _term_page, "article": _article_page,
    "month": _month_page, "year": _year_page, "taxonomy": _taxonomy_page, "letter": _letter_page}
"""Builder → (site, the page's argument, its inputs (views.INPUTS) or None) → signature."""


def signature(site: Site, builder: str, argument: object, inputs: object = None) -> object | None:
    """The page's signature, or None when it has none (keyed by its context)."""
    sign = SIGNATURES.get(builder)
    if sign is None:
        return None
    try:
        return (builder, sign(site, argument, inputs))
    except _Unsigned:
        return None
