"""Group articles into the archive's indexes: issues, months, years and subject terms.

Every ordering here has an explicit tie-breaker so the site is deterministic:
print order within an issue is (order, id); lists of articles elsewhere are
newest first, then print order, then id.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import urls
from .model import MIN_TOPIC_ARTICLES, Analysis, Article, Subjects
from .printed import PrintedPage, duplicates, group_pages, is_empty, page_key
from .subjects.places import gazetteer

UNSORTED = 10**9
"""Sort key for articles without an `order` (they follow the numbered ones)."""


def print_order(article: Article) -> tuple[object, ...]:
    """Page by page (printed.page_key), then the article's `order`, then its id."""
    return (page_key(article.page), article.order or UNSORTED, article.id)


def newest_first(article: Article) -> tuple[int, int, str]:
    return (-article.date.toordinal(), article.order or UNSORTED, article.id)


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    """The articles of an issue under one column label ('' = none), in print order."""

    column: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """All articles of one day's paper, in print order."""

    date: dt.date
    articles: tuple[Article, ...]
    """Every article, repeated copies too (each keeps its page)."""
    listed: tuple[Article, ...] = ()
    """The articles lists show: repeated copies left out (printed.duplicates)."""
    pages: tuple[PrintedPage, ...] = ()
    """Its printed pages in print order; () when its articles have no page labels."""

    @property
    def lead(self) -> Article:
        return (self.listed or self.articles)[0]

    def page_of(self, article: Article) -> PrintedPage | None:
        """The printed page an article of this issue is on (None: the issue has none)."""
        key = page_key(article.page)
        return next((p for p in self.pages if page_key(p.label) == key), None)

    @property
    def groups(self) -> tuple[ColumnGroup, ...]:
        """The articles after the lead, grouped under their column labels in the
        order the labels first appear in print."""
        order: dict[str, list[Article]] = {}
        for article in (self.listed or self.articles)[1:]:
            order.setdefault(article.column, []).append(article)
        return tuple(ColumnGroup(column, tuple(items)) for column, items in order.items())


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int
    issues: tuple[Issue, ...]


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    months: tuple[Month, ...]

    @property
    def issue_count(self) -> int:
        return sum(len(m.issues) for m in self.months)

    @property
    def article_count(self) -> int:
        return sum(len(i.listed) for m in self.months for i in m.issues)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a subject index (a section, column, topic, author or place)."""

    taxonomy: str
    name: str
    segment: str
    """Path segment: a section's slug, else urls.key(name)."""
    articles: tuple[Article, ...]
    """Newest first."""
    description: str = ""

    def url(self, page: int | None = None) -> str:
        return urls.term(self.taxonomy, self.segment, page)


@dataclass(frozen=True, slots=True)
class Indexes:
    """Everything the render stage lists."""

    issues: tuple[Issue, ...]
    """Oldest first."""
    years: tuple[Year, ...]
    """Oldest first."""
    terms: dict[str, tuple[Term, ...]]
    """Per taxonomy name, terms ordered for the overview page."""
    by_name: dict[str, dict[str, Term]]
    """Per taxonomy, term name → Term (only terms that have a page)."""
    copies: dict[str, str] = field(default_factory=dict)
    """Repeated copy's id → the id of the article it repeats (printed.duplicates)."""
    repeated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The other way round: an article printed again → its copies' ids, sorted."""
    by_date: dict[dt.date, Issue] = field(default_factory=dict)
    """Issue of each date."""
    textless: frozenset[str] = frozenset()
    """The articles printed without text (printed.is_empty): looked up by id, so that a
    render worker need not read an article's text, which would copy its memory page."""
    relatable: frozenset[str] = frozenset()
    """The articles another's page may list as related: with text, and not a repeated copy."""

    def term(self, taxonomy: str, name: str) -> Term | None:
        return self.by_name[taxonomy].get(name)




def build_indexes(articles: tuple[Article, ...], subjects: Subjects) -> Indexes:
    """Group the articles by date and by every subject taxonomy."""
    textless = frozenset(a.id for a in articles if is_empty(a))
    copies = duplicates(articles, textless)
    by_day: dict[dt.date, list[Article]] = defaultdict(list)
    for article in articles:
        by_day[article.date].append(article)
    issues = []
    for day, items in sorted(by_day.items()):
        ordered = tuple(sorted(items, key=print_order))
        issues.append(Issue(day, ordered, tuple(a for a in ordered if a.id not in copies),
                            group_pages(ordered, copies)))
    months: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        months[(issue.date.year, issue.date.month)].append(issue)
    years_map: dict[int, list[Month]] = defaultdict(list)
    for (y, m), items in sorted(months.items()):
        years_map[y].append(Month(y, m, tuple(items)))
    years = tuple(Year(y, tuple(ms)) for y, ms in sorted(years_map.items()))

    members: dict[str, dict[str, list[Article]]] = {t: defaultdict(list) for t in urls.TAXONOMIES}
    relatable = []
    # Newest first once, so that every term's list comes out in that order (a sort of
    # each term's list called the key 1.4 million times at 100,000 articles).
    for article in sorted(articles, key=newest_first):
        if article.id in copies:  # listed once: where it was first printed
            continue
        # An ad or a picture without text has no subject to file it under.
        if article.id in textless:
            analysis = Analysis("")
        else:
            analysis = subjects.by_article[article.id]
            relatable.append(article.id)
        if analysis.section:
            members["section"][analysis.section].append(article)
        if article.column:
            members["column"][article.column].append(article)
        for name in dict.fromkeys(article.authors + article.photographers):
            members["author"][name].append(article)
        for name in analysis.topics:
            members["topic"][name].append(article)
        for name in analysis.places:
            members["place"][name].append(article)
        for name in analysis.people:
            members["person"][name].append(article)

    slugs = {s.name: s.slug for s in subjects.sections}
    section_rank = {s.name: i for i, s in enumerate(subjects.sections)}
    terms: dict[str, tuple[Term, ...]] = {}
    for taxonomy, named in members.items():
        made = []
        for name, items in named.items():
            if not name or (taxonomy in ("topic", "person") and len(items) < MIN_TOPIC_ARTICLES):
                continue
            if taxonomy == "topic" and name in subjects.unpaged_topics:
                continue  # too generic for a page: plain text on its articles
            segment = slugs.get(name) or urls.key(name) if taxonomy == "section" else urls.key(name)
            made.append(Term(taxonomy, name, segment, tuple(items),
                             subjects.topic_descriptions.get(name, "") if taxonomy == "topic"
                             else gazetteer().describe(name) if taxonomy == "place" else ""))
        if taxonomy == "section":
            made.sort(key=lambda t: (section_rank.get(t.name, len(section_rank)), t.name))
        else:
            made.sort(key=lambda t: (-len(t.articles), t.name))
        terms[taxonomy] = tuple(made)

    by_name = {taxonomy: {t.name: t for t in made_terms} for taxonomy, made_terms in terms.items()}
    repeated: dict[str, list[str]] = defaultdict(list)
    for copy, original in sorted(copies.items()):
        repeated[original].append(copy)
    return Indexes(tuple(issues), years, terms, by_name, copies,
                   {original: tuple(found) for original, found in repeated.items()},
                   {issue.date: issue for issue in issues}, textless, frozenset(relatable))
