"""Articles → Pagefind records, and the tables the browser needs beside them.

Why articles are grouped: Pagefind 1.5's indexing cost grows with the number
of (word, page) pairs — about 1 kB and 10 µs each. Bigram-indexing 20,000
articles as 20,000 pages costs ~10 million pairs (over 8 GB); one page per
month of articles (a *pack*) shares each bigram among hundreds of articles and
costs a fraction of that. Pagefind then answers "which packs contain this
word, at which positions"; `articles.json` says which article each position
belongs to, and the browser does the rest (exact phrases, AND, filters, ranking).

Why several bundles: a Pagefind process holds its whole index in memory until
it writes it. Years are grouped into bundles of at most BUNDLE_ARTICLES
articles, each built by its own process and merged in the browser.

Article numbers (`n`) follow the date, oldest first, then print order; packs
and bundles are runs of consecutive numbers, so sorting by date needs no data
from Pagefind at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from ..model import SearchDoc
from .tokenise import record_words

BUNDLE_ARTICLES = 25_000
"""Upper bound of articles per bundle (one Pagefind process; ~2 GB at most)."""
PACK_ARTICLES = 1_000
"""Upper bound of articles per pack; a month of a daily paper is ~500."""
LANGUAGE = "und"
"""Pagefind language of the records: no stemmer and no segmenter (our words are
already cut), and the search page's zh-CN falls back to the only index."""
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Pack:
    """One Pagefind record: the consecutive articles first..end-1 of one month."""

    number: int
    first: int
    end: int

    @property
    def url(self) -> str:
        return f"/p{self.number}/"


@dataclass(slots=True)
class Bundle:
    """Packs indexed by one Pagefind process into pagefind/<name>/."""

    name: str
    packs: list[Pack]
    articles: int


@dataclass(slots=True)
class Plan:
    """Everything the search stage writes, except Pagefind's own files."""

    docs: list[SearchDoc]
    """Articles in number order."""
    bundles: list[Bundle]
    lengths: list[int] = field(default_factory=list)
    """Words per article (fields, boundaries included); filled in by `content`."""
    title_words: list[int] = field(default_factory=list)
    """Words of the title, which come first in each article; filled in by `content`."""

    def content(self, pack: Pack) -> str:
        """The pack's words, space-separated: its articles' words one after another.

        Cut on demand, pack by pack, while Pagefind indexes the previous ones: the
        two run on separate cores and the words of the whole archive (hundreds of
        megabytes at 100,000 articles) are never held at once."""
        parts = []
        for n in range(pack.first, pack.end):
            doc = self.docs[n]
            words, title_count = record_words(doc.title, (doc.kicker, doc.subtitle, doc.text))
            self.lengths[n] = len(words)
            self.title_words[n] = title_count
            parts.append(" ".join(words))
        return " ".join(parts)


def plan(docs: Sequence[SearchDoc], *, bundle_articles: int = BUNDLE_ARTICLES,
         pack_articles: int = PACK_ARTICLES) -> Plan:
    """Number the articles and group them into packs and bundles."""
    ordered = [doc for _, doc in sorted(enumerate(docs), key=lambda pair: (pair[1].date, pair[0]))]
    bundles: list[Bundle] = []
    number = 0
    n = 0
    for _, in_year in groupby(ordered, key=lambda d: d.date[:4]):
        year_packs: list[Pack] = []
        start = n
        for _, in_month in groupby(in_year, key=lambda d: d.date[:7]):
            month_start = n
            n += sum(1 for _ in in_month)
            for first in range(month_start, n, pack_articles):
                year_packs.append(Pack(number=number, first=first, end=min(first + pack_articles, n)))
                number += 1
        if not bundles or bundles[-1].articles + (n - start) > bundle_articles:
            bundles.append(Bundle(name=f"b{len(bundles)}", packs=[], articles=0))
        bundles[-1].packs += year_packs
        bundles[-1].articles += n - start
    return Plan(docs=ordered, bundles=bundles, lengths=[0] * n, title_words=[0] * n)


def _code(values: dict[str, int], value: str) -> int:
    """Dictionary code of a value; 0 is the empty value."""
    if value not in values:
        values[value] = len(values)
    return values[value]


def articles_table(plan: Plan, built: Mapping[str, Any]) -> bytes:
    """articles.json: what the browser knows about every article before any search.

    Columns of small integers compress far better than one object per article.
    `day` holds differences (articles are in date order, so mostly 0)."""
    dicts: dict[str, dict[str, int]] = {k: {"": 0} for k in ("section", "column", "kind")}
    section, column, kind, days = [], [], [], []
    previous = 0
    for doc in plan.docs:
        day = (dt.date.fromisoformat(doc.date) - EPOCH).days
        days.append(day - previous)
        previous = day
        section.append(_code(dicts["section"], doc.section))
        column.append(_code(dicts["column"], doc.column))
        kind.append(_code(dicts["kind"], doc.kind))
    packs = [p for b in plan.bundles for p in b.packs]
    table = {
        "version": 1,
        "count": len(plan.docs),
        "bundles": [{"path": f"{b.name}/", "packs": built[b.name].packs, "chunks": built[b.name].chunks}
                    for b in plan.bundles],
        "packFirst": [p.first for p in packs] + [len(plan.docs)],
        "length": plan.lengths,
        "titleWords": plan.title_words,
        "day": days,
        "section": section,
        "column": column,
        "kind": kind,
        "values": {k: list(v) for k, v in dicts.items()},
    }
    return gzip_bytes(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def authors_table(plan: Plan) -> bytes:
    """authors.json: each article's authors as codes into `values`.

    Kept apart from articles.json because it is its biggest column and only the
    author filter needs it; the search page loads it on demand."""
    values: dict[str, int] = {"": 0}
    authors = [[_code(values, a) for a in doc.authors] for doc in plan.docs]
    table = {"values": list(values), "authors": authors}
    return gzip_bytes(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def article_files(plan: Plan) -> Iterator[tuple[str, bytes]]:
    """(relative path, gzipped JSON) of each article's display data: the original
    text the browser cuts excerpts from and highlights, fetched only for results shown."""
    for n, doc in enumerate(plan.docs):
        data = {"url": doc.url, "title": doc.title, "kicker": doc.kicker, "subtitle": doc.subtitle,
                "date": doc.date, "text": doc.text}
        yield doc_path(n), gzip_bytes(json.dumps(data, ensure_ascii=False,
                                                 separators=(",", ":")).encode("utf-8"))


def doc_path(n: int) -> str:
    """docs/<thousands>/<n>.json.gz — a thousand files per folder at most."""
    return f"docs/{n // 1000}/{n}.json.gz"


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with a fixed timestamp, so the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)
