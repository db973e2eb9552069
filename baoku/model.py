"""Frozen data passed between the build's stages. No I/O here."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

KINDS = ("news", "feature", "commentary", "interview", "photo", "notice")
"""Every value `kind` may take in front matter."""
MIN_TOPIC_ARTICLES = 2
"""A topic or a person gets a page only when at least this many articles share it."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article as an editor keeps it: a Markdown file under content/articles/."""

    id: str
    """Path of the file relative to content/articles/, '/'-separated, without '.md'
    (e.g. '2022/07/28/03'). The article's URL is derived from it, so it never moves."""
    path: str
    """Path of the file relative to content/, '/'-separated (for messages)."""
    title: str
    """主题, the main headline."""
    date: dt.date
    """Issue date."""
    body: str
    """Markdown body, article text only (never trusted markup)."""
    kicker: str = ""
    """引题, printed above the title."""
    subtitle: str = ""
    """副题, printed below the title."""
    column: str = ""
    """栏目 label as printed above the story."""
    section: str = ""
    """Section name set by an editor; '' means the build assigns one."""
    kind: str = "news"
    """One of KINDS."""
    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    """Topics set by an editor; () means the build computes them."""
    order: int = 0
    """Position in the issue (1 = lead story). 0 sorts last."""
    page: str = ""
    """Printed page (版) label where known, e.g. '1'."""
    page_name: str = ""
    """The printed page's name where the dump gives one (要闻, 国际, 体育), '' if not."""
    source: str = ""
    """Raw issue file it came from, relative to content/."""
    continued_from: str = ""
    """Page the story continues from ('1' for '(上接第1版)'), '' if none."""
    continued_to: str = ""
    """Page the story continues on ('2' for '(下转第2版)'), '' if none."""
    repeats: str = ""
    """Id of the article this one repeats ('2022/07/28/03'), when the paper printed the
    same story twice (a story and its continuation repeated on a later page); '' if not."""
    title_supplied: bool = False
    """The paper printed the story without a headline: `title` was supplied (by the
    importer, from the text, or by an editor), and pages say so."""
    lead: str = ""
    """Plain text of the body's first blocks, for summaries. Not front matter: filled in
    by the build as the file is read (typeset.prepare), so it is computed once per file
    and cached; '' until then. (The body's HTML is not kept: it is made when the
    article's page is rendered, so an archive's HTML is never held in memory or cached,
    and a rebuild that reuses a page never converts its body.)"""
    digest: str = ""
    """Hash of the file's path and bytes and of the code and library versions that read
    it, set by the loader ('' for an article made in code): everything above follows
    from it, so renderings cached between builds are keyed by it."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the build derives about one article's subject."""

    section: str
    """Section name (from front matter when set, else computed)."""
    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    """People mentioned in the text (not the byline)."""
    places: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    """Ids of up to five related articles, most similar first."""


@dataclass(frozen=True, slots=True)
class Section:
    """One entry of the section taxonomy (content/sections.toml)."""

    name: str
    """Chinese name shown to readers, e.g. '经济'."""
    slug: str
    """ASCII path segment, e.g. 'economy'."""
    description: str = ""
    iptc: str = ""
    """Matching IPTC Media Topic / GB/T 20093 class, for documentation."""


@dataclass(frozen=True, slots=True)
class Subjects:
    """The output of the analyse stage for the whole archive."""

    by_article: dict[str, Analysis]
    sections: tuple[Section, ...]
    topic_descriptions: dict[str, str] = field(default_factory=dict)
    unpaged_topics: frozenset[str] = frozenset()
    """Topics too generic for a page of their own (topics.has_page): shown as plain text."""

    def pack(self) -> tuple[object, ...]:
        """Plain values (`unpack` takes them back): what the analysis's own process sends
        (parallel.apart), in half the time its objects pickle and unpickle in (1.9 s →
        0.9 s at 100,000 articles: a frozen dataclass pickles through Python code)."""
        fields = [(a.section, a.topics, a.people, a.places, a.related) for a in self.by_article.values()]
        return (tuple(self.by_article), fields, self.sections, self.topic_descriptions, self.unpaged_topics)

    @classmethod
    def unpack(cls, values: tuple[Any, ...]) -> Subjects:
        ids, fields, sections, descriptions, unpaged = values
        return cls(dict(zip(ids, itertools.starmap(Analysis, fields), strict=True)), sections, descriptions, unpaged)


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What the search stage indexes for one article (plain text, no markup)."""

    url: str
    """Site-relative URL of the article page, e.g. '2022/07/28/03.html' (no leading '/')."""
    title: str
    kicker: str
    subtitle: str
    body: str
    """The article's body as written (Markdown). The search stage indexes and shows its
    plain text (text.plain_text), made only for the tiers it builds: a day's import
    converts the newest month's articles, not the archive's."""
    date: str
    """Issue date, YYYY-MM-DD."""
    section: str
    column: str
    kind: str
    authors: tuple[str, ...]
    """Authors and photographers."""
    page: str = ""
    """Printed page (版) label where known (Article.page), '' if not."""
    source: str = ""
    """The hash of the file the article was read from (Article.digest), which names its
    title, kicker, subtitle and body; '' for an article made in code."""
