"""Group articles into the archive's indexes: issues, months, years and subject terms.

Every ordering here has an explicit tie-breaker so the site is deterministic:
print order within an issue is (order, id); lists of articles elsewhere are
newest first, then print order, then id.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from . import urls
from .model import Article, Subjects
from .subjects.places import gazetteer

UNSORTED = 10**9
"""Sort key for articles without an `order` (they follow the numbered ones)."""


def print_order(article: Article) -> tuple[int, str]:
    return (article.order or UNSORTED, article.id)


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

    @property
    def lead(self) -> Article:
        return self.articles[0]

    @property
    def groups(self) -> tuple[ColumnGroup, ...]:
        """The articles after the lead, grouped under their column labels in the
        order the labels first appear in print."""
        order: dict[str, list[Article]] = {}
        for article in self.articles[1:]:
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
        return sum(len(i.articles) for m in self.months for i in m.issues)


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

    def term(self, taxonomy: str, name: str) -> Term | None:
        return self.by_name[taxonomy].get(name)


MIN_TOPIC_ARTICLES = 2
"""A topic or a person gets a page only when at least this many articles share it."""


def build_indexes(articles: tuple[Article, ...], subjects: Subjects) -> Indexes:
    """Group the articles by date and by every subject taxonomy."""
    by_day: dict[dt.date, list[Article]] = defaultdict(list)
    for article in articles:
        by_day[article.date].append(article)
    issues = tuple(Issue(day, tuple(sorted(items, key=print_order)))
                   for day, items in sorted(by_day.items()))
    months: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        months[(issue.date.year, issue.date.month)].append(issue)
    years_map: dict[int, list[Month]] = defaultdict(list)
    for (y, m), items in sorted(months.items()):
        years_map[y].append(Month(y, m, tuple(items)))
    years = tuple(Year(y, tuple(ms)) for y, ms in sorted(years_map.items()))

    members: dict[str, dict[str, list[Article]]] = {t: defaultdict(list) for t in urls.TAXONOMIES}
    for article in articles:
        analysis = subjects.by_article[article.id]
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
            segment = slugs.get(name) or urls.key(name) if taxonomy == "section" else urls.key(name)
            made.append(Term(taxonomy, name, segment, tuple(sorted(items, key=newest_first)),
                             subjects.topic_descriptions.get(name, "") if taxonomy == "topic"
                             else gazetteer().describe(name) if taxonomy == "place" else ""))
        if taxonomy == "section":
            made.sort(key=lambda t: (section_rank.get(t.name, len(section_rank)), t.name))
        else:
            made.sort(key=lambda t: (-len(t.articles), t.name))
        terms[taxonomy] = tuple(made)

    by_name = {taxonomy: {t.name: t for t in made_terms} for taxonomy, made_terms in terms.items()}
    return Indexes(issues, years, terms, by_name)
