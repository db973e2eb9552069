"""What every view builder shares: the site as the render stage reads it, list cards
and breadcrumbs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import urls
from .config import SiteConfig
from .indexes import Indexes, Term
from .model import Article, Subjects
from .printed import is_empty, printed_as
from .text import cn_day, quick_text, summary

KIND_LABELS = {"news": "消息", "feature": "通讯", "commentary": "评论", "interview": "访谈",
               "photo": "图片新闻", "notice": "公告"}
TAXONOMY_LABELS = {"section": "版块", "column": "栏目", "topic": "主题", "author": "作者",
                   "place": "地点", "person": "人物"}


Link = tuple[str, str]
"""(label, site-relative URL)."""
Way = tuple[str, str, str] | None
"""An article before or after one in reading order: (note, title, URL), where the note
says when it is in another issue; None at either end of the archive."""
TermLink = tuple[str, str, str | None]
"""(taxonomy, name, URL of its page or None)."""


@dataclass(frozen=True, slots=True)
class Ways:
    """The ways on from an issue's pages, made once per issue: every article page of it
    shows the issues before and after (上一期/下一期) and its own articles before and
    after in reading order (上一篇/下一篇)."""

    issues: tuple[Link | None, Link | None]
    reading: tuple[tuple[Way, Way], ...]
    """Per article of the issue, in print order: (before, after)."""


@dataclass(frozen=True, slots=True)
class Crumb:
    label: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Card:
    """What a list entry shows of an article (the `card` macro of _macros.html)."""

    article: Article
    url: str
    date: str
    section: str
    kind: str
    summary: str
    printed_as: str = ""
    """What an item without text was in print (广告, 图片: printed.printed_as); '' for text."""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """What a dense, dated list shows of an article (a subject's older pages): only
    what is shown, so that a page's reuse key changes only when what it shows does."""

    url: str
    iso: str
    """Its date, '2009-03-05' (the entry's <time datetime>)."""
    day: str
    """Its date as shown under a month heading, '3月5日'."""
    title: str
    label: str
    """What it is when not a news story, as a card says it (评论, 通讯; 广告, 图片 for an
    item without text); '' for news and where the label is the article's section."""


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the render stage reads, built once before rendering."""

    config: SiteConfig
    articles: dict[str, Article]
    subjects: Subjects
    indexes: Indexes
    cards: dict[str, Card] = field(default_factory=dict, compare=False)
    """Memo of article_card: list pages show each article many times."""
    entries: dict[str, ListEntry] = field(default_factory=dict, compare=False)
    """Memo of list_entry: an article is listed on each of its subjects' pages."""
    term_links: dict[str, dict[str, TermLink]] = field(default_factory=dict, compare=False)
    """Memo of issueviews: per taxonomy, name → (taxonomy, name, URL of the term's page or
    None when it has none): every article page links a dozen names, most of them shared
    with thousands of others."""
    ways: dict[int, Ways] = field(default_factory=dict, compare=False)
    """Memo of issueviews: per issue (its position), the ways on from it and its articles."""
    marks: dict[object, str] = field(default_factory=dict, compare=False)
    """Memo of pagekeys: an article's mark, an issue's digest."""
    groups: dict[str, dict[str, list[tuple[Term, ...]]]] = field(default_factory=dict, compare=False)
    """Memo of overviews: per taxonomy, its A–Z index's letters and their parts."""
    spelled: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    """Names' pinyin (overviews.Spelled): the last build's, given by the build, and
    those of the names it spells."""


def date_crumbs(day: dt.date) -> list[Crumb]:
    return [Crumb("首页", urls.HOME), Crumb(f"{day.year}年", urls.year(day.year)),
            Crumb(f"{day.month}月", urls.month(day.year, day.month)), Crumb(f"{day.day}日", urls.issue(day))]


def article_card(site: Site, article: Article) -> Card:
    """What a list entry shows of an article (one object per article and build)."""
    card = site.cards.get(article.id)
    if card is None:
        card = site.cards[article.id] = _card(site, article)
    return card


def _card(site: Site, article: Article) -> Card:
    if is_empty(article):  # no text: no section or summary to show, only what it was
        return Card(article, urls.article(article.id), cn_day(article.date), "", KIND_LABELS[article.kind],
                    "", printed_as(article))
    analysis = site.subjects.by_article[article.id]
    return Card(article, urls.article(article.id), cn_day(article.date), analysis.section,
                KIND_LABELS[article.kind], summary(article.lead or quick_text(article.body), 90))


def list_entry(site: Site, article: Article) -> ListEntry:
    """What a dense list shows of an article (the card's date, title and kind label; one
    object per article and build)."""
    entry = site.entries.get(article.id)
    if entry is None:
        entry = site.entries[article.id] = _list_entry(site, article)
    return entry


def _list_entry(site: Site, article: Article) -> ListEntry:
    if is_empty(article):
        label = printed_as(article)
    else:
        label = KIND_LABELS[article.kind] if article.kind != "news" else ""
        label = "" if label == site.subjects.by_article[article.id].section else label
    day = article.date
    return ListEntry(urls.article(article.id), day.isoformat(), f"{day.month}月{day.day}日", article.title, label)
