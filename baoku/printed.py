"""The printed paper: an issue's pages (版) in print order, stories printed twice, and
items printed without text (ads, photos without a caption).

Page labels are compared as printed numbers where they are numbers ('1' and '01' are
one page) and in natural order otherwise (A1, A2 … A10, B1): natsort's key, not a
hand-written one. No I/O here.
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from natsort import natsort_keygen, ns

from .model import Article

_natural = natsort_keygen(alg=ns.IGNORECASE)

NO_PAGE: tuple[int, tuple[object, ...]] = (1, ())
"""Sort key of an article without a page label: after every labelled page."""


@functools.lru_cache(maxsize=1 << 12)
def page_key(label: str) -> tuple[int, tuple[object, ...]]:
    """Sort and identity key of a page label: equal for '1' and '01', natural order
    ('2' < '10' < 'A1' < 'A2' < 'B1'); articles without a label come last. Cached: an
    archive has few labels and a million articles (natsort takes ~10 µs a key)."""
    label = label.strip()
    return (0, tuple(_natural(label))) if label else NO_PAGE


OTHER = "其他"
"""Heading of the articles of a paged issue that have no page label."""


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """One printed page (版) of an issue."""

    label: str
    """As printed ('01'); of its spellings, the longest ('01' over '1')."""
    name: str
    """The page's name (要闻), '' when no article of the page gives one."""
    articles: tuple[Article, ...]
    """Its articles in print order, repeated copies left out."""
    copies: tuple[Article, ...] = ()
    """Stories printed here a second time (see `duplicates`), in print order."""

    @property
    def heading(self) -> str:
        """'第01版 · 要闻', or '第01版' when the name is unknown ('其他': no label)."""
        if not self.label:
            return OTHER
        return f"第{self.label}版" + (f" · {self.name}" if self.name else "")


def group_pages(articles: Iterable[Article], copies: dict[str, str]) -> tuple[PrintedPage, ...]:
    """The printed pages of an issue whose `articles` are in print order, `copies`
    (duplicates) kept apart; () when no article has a page label (the issue is then
    listed as a whole). Articles without a label in an issue that has labels make a
    last page with the label '' (其他)."""
    by_key: dict[tuple[int, tuple[object, ...]], list[Article]] = {}
    for article in articles:
        by_key.setdefault(page_key(article.page), []).append(article)
    if list(by_key) in ([], [NO_PAGE]):
        return ()
    pages = []
    for key, members in sorted(by_key.items()):
        labels = sorted({a.page.strip() for a in members}, key=lambda s: (-len(s), s))
        names = [a.page_name.strip() for a in members if a.page_name.strip()]
        pages.append(PrintedPage(labels[0], names[0] if names else "",
                                 tuple(a for a in members if a.id not in copies),
                                 tuple(a for a in members if a.id in copies)))
    return tuple(pages)


def is_empty(article: Article) -> bool:
    """Printed without text: an ad, a photo or a painting without a caption."""
    return not article.body or article.body.isspace()  # isspace: no copy of the body


def printed_as(article: Article) -> str:
    """What an item without text was in print, as readers are told: 广告 (its headline
    says so), 图片 (a photo item, or an untitled picture), else 无文字稿件."""
    if "广告" in article.title:
        return "广告"
    if article.kind == "photo" or any(word in article.title for word in ("图", "画", "摄影", "照片")):
        return "图片"
    return "无文字稿件"


SIMILAR = 0.9
"""Two same-titled articles of one issue whose texts match at least this much
(difflib's ratio) are one story printed twice."""



def duplicates(articles: Iterable[Article], textless: AbstractSet[str] | None = None) -> dict[str, str]:
    """Repeated copies → the article they repeat (copy id → original id).

    A copy is marked by its `repeats` field (set by the importer), or, for content
    imported before that mark existed, found: a later article of the same issue with
    the same title and nearly the same text (only such pairs are compared, so this
    stays cheap). Articles without text are never copies: many ads share a title
    (`textless`: their ids, when the caller knows them; else is_empty tells)."""
    items = list(articles)
    if textless is None:
        textless = {a.id for a in items if is_empty(a)}
    known = {a.id for a in items}
    copies: dict[str, str] = {}
    for article in items:
        if article.repeats and article.repeats in known and article.repeats != article.id:
            copies[article.id] = article.repeats
    same: dict[tuple[object, str], list[Article]] = {}
    for article in items:
        if article.id not in copies and article.id not in textless:
            same.setdefault((article.date, "".join(article.title.split())), []).append(article)
    for members in same.values():
        if len(members) < 2:
            continue
        kept: list[Article] = []
        for article in sorted(members, key=lambda a: (page_key(a.page), a.order or 10**9, a.id)):
            original = next((k for k in kept if similar(k.body, article.body)), None)
            if original is not None:
                copies[article.id] = original.id
            else:
                kept.append(article)
    return {copy: _root(copies, copy) for copy in copies}


def _root(copies: dict[str, str], article_id: str) -> str:
    """The first printing of a copy of a copy (a loop of marks ends where it closes)."""
    seen = {article_id}
    found = copies[article_id]
    while found in copies and copies[found] not in seen:
        seen.add(found)
        found = copies[found]
    return found


def similar(a: str, b: str) -> bool:
    """difflib's ratio ≥ SIMILAR, after linear tests that reject most pairs first (their
    bounds are difflib's own: real_quick_ratio, quick_ratio, computed here without
    building a SequenceMatcher, which indexes a whole text first).

    Same-titled articles of one issue are common (简讯, 图片新闻): `duplicates` of 100,000
    synthetic articles (bench/synthetic.py) with 4,761 such pairs took 4.0 s with
    difflib's own three tests, 1.95 s with these (medians of three runs, alternated)."""
    a, b = "".join(a.split()), "".join(b.split())
    total = len(a) + len(b)
    if not total or 2 * min(len(a), len(b)) < SIMILAR * total:
        return False
    if 2 * sum((Counter(a) & Counter(b)).values()) < SIMILAR * total:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR
