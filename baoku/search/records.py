"""Articles → tiers of Pagefind records, and the tables the browser needs beside them.

Why articles are grouped into packs: Pagefind 1.5's indexing cost grows with the
number of (word, page) pairs — about 1 kB and 10 µs each. Bigram-indexing 20,000
articles as 20,000 pages costs ~10 million pairs (over 8 GB); one page per month
of articles (a *pack*) shares each bigram among hundreds of articles and costs a
fraction of that. Pagefind then answers "which packs contain this word, at which
positions"; the bundle's articles.bin.gz says which article each position belongs
to, and the browser does the rest (exact phrases, AND, filters, ranking).

Why tiers (bundles): a day's import must not re-index the archive. Articles are
split into bundles by a rule that depends on the content alone, so that a cold
build and any sequence of daily builds agree:

- every year before the newest one is *settled*: consecutive whole years are
  grouped, oldest first, into bundles of at most BUNDLE_ARTICLES articles;
- the newest year's months before its newest month form one bundle;
- the newest month is a bundle of its own.

A day's import changes only the newest month's bundle; the first issue of a
month re-indexes the newest year's earlier months (compaction), the first issue
of a year its settled group. Every other bundle has the same articles, hence the
same key (`Bundle.key`), and is taken from the previous site (bundle.py).

A bundle holds everything made from its articles alone: its Pagefind index, in
which packs are numbered from 0 within the bundle, the articles' display data
(docs.bin, one gzip member an article, `docs_file`) and their columns
(articles.bin.gz: where each article sits in its pack, section, column, kind,
printed page, and the size of its member of docs.bin). Numbering
across the archive (article numbers `n`, global pack numbers) and the dates live
only in the top-level articles.json, which is small and rewritten every build.

Why the columns sit in the bundles: the browser fetches a bundle's columns only
when a query has hits in it (or a search browses by filters alone), so a query
about last month never loads the columns of settled years. At 100,000 articles
articles.json held 378 kB (gzip) of columns and was fetched before any search.

Why articles start at multiples of BLOCK words: the browser must know which
article a hit position belongs to, and whether it is in the title. Word counts
cost ~11 bits an article (137 kB gzip at 100,000 articles) and title word counts
another ~5 (67 kB). Instead each pack's articles are laid out in fixed slots:
an article's title is padded to the pack's longest title (its *title slot*, one
number a pack), and the whole article to a multiple of BLOCK words. Padding is
PAD, a token Pagefind counts as a word position but does not index (it strips
punctuation, and an empty word is dropped). An article then costs one small
number, its length in blocks (36 kB gzip at 100,000); ranking is unchanged,
since hits, their counts and title hits are exactly what they were. Pagefind
stores positions as differences, so the gaps cost the index little (a median
first query's index chunks: 591 kB before, 600 kB after, at 100,000 articles).

Why the browser reads Pagefind's index itself: search.js needs only "where does
this word (or words starting with it) occur", which is one gzip CBOR file per
index chunk. Pagefind's own search loads its script (46 kB), its WebAssembly
(68 kB) and every bundle's metadata (48 kB at 100,000 articles) first: 15 % of a
first query. articles.json lists each bundle's chunks ([first word, file name])
and which pack each Pagefind page number is, and search.js (`lookup`) reads the
chunks as Pagefind's search would: every word that starts with the query word,
in code point order. tests/test_search_reader.py checks it against Pagefind's
own search, which the oldest bundle still ships (bundle.SCRIPTS). Reading the
index itself also lets search.js look a term's later pairs up only in the
bundles its first pair occurs in (a name of last month: 430 kB instead of 1.2 MB).

Article numbers follow the date, oldest first, then print order; packs and
bundles are runs of consecutive numbers, so sorting by date needs no data from
Pagefind at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import json
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from .. import cachefile
from ..model import SearchDoc
from ..text import plain_text
from .tokenise import record_words

BUNDLE_ARTICLES = 25_000
"""Upper bound of articles in a bundle of settled years (one Pagefind process)."""
PACK_ARTICLES = 1_000
"""Upper bound of articles per pack; a month of a daily paper is ~500."""
DOCS_FILE = "docs.bin"
"""A bundle's display data (`docs_file`): one file, read by HTTP range requests."""
DOC_UNIT = 16
"""docs.bin's members are padded to multiples of DOC_UNIT bytes (`_padded`), so the
`doc` column holds sizes in units: 0.88 bytes an article gzipped, against 1.62 for
exact sizes, for 0.6 % more bytes in docs.bin (19,139 synthetic articles; 32 bytes:
0.76 and 1.3 %)."""
LANGUAGE = "und"
"""Pagefind language of the records: no stemmer and no segmenter (our words are
already cut), and the search page's zh-CN falls back to the only index."""
EPOCH = dt.date(1970, 1, 1)
BLOCK = 256
"""Articles start at multiples of BLOCK word positions within their pack (padding
costs BLOCK / 2 = 128 tokens an article on average; 36 kB of block counts at
100,000 articles, against 49 kB for 128 and 22 kB for 512)."""
PAD = "."
"""A padding token: a word position that Pagefind does not index."""
COLUMNS_FILE = "articles.bin.gz"
"""A bundle's article columns (`columns_file`), fetched when a query has hits in it."""
FACET_COLUMNS = ("section", "column", "kind", "page")
FORMAT = "baoku-search-4"
_CODE = ("baoku.search.records", "baoku.search.bundle", "baoku.search.service")
"""The modules that make a bundle's bytes (with what they import: cachefile.code_key)."""


@dataclass(frozen=True, slots=True)
class Pack:
    """One Pagefind record: the consecutive articles first..end-1 of one month."""

    local: int
    """Number within its bundle (the record's URL)."""
    first: int
    end: int

    @property
    def url(self) -> str:
        return f"/p{self.local}/"


@dataclass(frozen=True, slots=True)
class Bundle:
    """A tier: consecutive articles indexed by one Pagefind process into pagefind/<name>/."""

    name: str
    first: int
    end: int
    packs: tuple[Pack, ...]
    primary: bool
    """The oldest bundle also holds Pagefind's script and WebAssembly."""


@dataclass(frozen=True, slots=True)
class Job:
    """One tier to index, with everything its files are made from: its articles, numbered
    from 0 within it (`Plan.job`). A tier's bytes depend on its articles alone, so any
    process given a Job makes the same files."""

    bundle: Bundle
    key: str
    docs: list[SearchDoc]

    def plan(self) -> Plan:
        """A plan of this tier alone."""
        return Plan(docs=self.docs, bundles=[self.bundle])


@dataclass(slots=True)
class Plan:
    """Everything the search stage writes, in article-number order."""

    docs: list[SearchDoc]
    bundles: list[Bundle]
    texts: dict[int, str] = field(default_factory=dict)
    """Plain text of the articles being indexed (`words`), until their display data is
    written (`docs_file`): converted once, never for a tier that is reused."""

    def words(self, bundle: Bundle, pack: Pack, blocks: list[int], title_slots: list[int]) -> str:
        """The pack's words, space-separated: its articles one after another, each in
        its slot (module docstring): title, PAD up to the pack's longest title, the
        other fields, PAD up to a multiple of BLOCK.

        Cut on demand, pack by pack, while Pagefind indexes the previous ones: the two
        run on separate cores and the words of a whole tier are never held at once.
        Records each article's length in blocks (by bundle-local index) and the pack's
        title slot (by local pack number)."""
        cut = []
        for n in range(pack.first, pack.end):
            doc = self.docs[n]
            text = self.texts[n] = plain_text(doc.body)
            cut.append(record_words(doc.title, (doc.kicker, doc.subtitle, text)))
        slot = max(title for _, title in cut)
        title_slots[pack.local] = slot
        parts = []
        for n, (words, title) in enumerate(cut, start=pack.first):
            size = slot + len(words) - title
            count = -(-size // BLOCK)
            blocks[n - bundle.first] = count
            parts.append(" ".join([*words[:title], *[PAD] * (slot - title), *words[title:],
                                   *[PAD] * (count * BLOCK - size)]))
        return " ".join(parts)

    def job(self, bundle: Bundle, key: str) -> Job:
        """The bundle as a Job: its articles and packs renumbered from 0."""
        shift = bundle.first
        packs = tuple(Pack(local=p.local, first=p.first - shift, end=p.end - shift) for p in bundle.packs)
        alone = Bundle(name=bundle.name, first=0, end=bundle.end - shift, packs=packs, primary=bundle.primary)
        return Job(alone, key, self.docs[bundle.first:bundle.end])

    def key(self, bundle: Bundle, engine: str) -> str:
        """Names the bundle's bytes: the code, the Pagefind binary (`engine`), and the
        articles' indexed, displayed and filtered fields (section, column, kind, page),
        their text by the hash of its file when it has one."""
        digest = hashlib.blake2b(digest_size=20)
        digest.update(repr((FORMAT, engine, bundle.primary, PACK_ARTICLES)).encode())
        digest.update(_code_key().encode())
        facets = operator.attrgetter(*FACET_COLUMNS)
        fields: list[str] = []
        for d in self.docs[bundle.first:bundle.end]:
            # Everything of the article the bundle holds: display data and index (docs.bin,
            # Pagefind's files) and the filters' columns (articles.bin.gz). Its text stands
            # for the hash of its file where it was read from one (SearchDoc.source): an
            # archive's text is hashed once, when it is read, not on every build.
            if d.source:
                fields += (d.url, d.date, "file", d.source)
            else:
                fields += (d.url, d.date, "text", d.title, d.kicker, d.subtitle, d.body)
            fields += facets(d)
        # Every field's length first, so no two different field lists give the same bytes
        # (the third field of an article says how many it has). One update for the whole
        # tier: a day's build keys the settled tiers again (100,000 articles: 0.8 s
        # article by article).
        digest.update(repr(list(map(len, fields))).encode())
        digest.update("".join(fields).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


@functools.cache
def _code_key() -> str:
    return cachefile.code_key(*_CODE)


def order(docs: Sequence[SearchDoc]) -> list[SearchDoc]:
    """Articles in number order: by date, then in the order given (print order: the sort
    is stable)."""
    dates = [doc.date for doc in docs]
    return [docs[n] for n in sorted(range(len(docs)), key=dates.__getitem__)]


def plan(docs: Sequence[SearchDoc], *, bundle_articles: int = BUNDLE_ARTICLES,
         pack_articles: int = PACK_ARTICLES) -> Plan:
    """Number the articles and split them into tiers and packs (see the module docstring)."""
    ordered = order(docs)
    if not ordered:
        return Plan(docs=[], bundles=[])
    newest_month = ordered[-1].date[:7]
    newest_year = newest_month[:4]
    spans: list[tuple[str, str, int, int]] = []  # (first label, last label, first, end)
    n = 0
    for year, in_year in groupby(ordered, key=lambda d: d.date[:4]):
        count = sum(1 for _ in in_year)
        if year != newest_year:
            last = spans[-1] if spans else None
            if last and "-" not in last[0] and last[3] - last[2] + count <= bundle_articles:
                spans[-1] = (last[0], year, last[2], n + count)
            else:
                spans.append((year, year, n, n + count))
        n += count
    year_start = spans[-1][3] if spans else 0
    month_start = next(i for i in range(year_start, n) if ordered[i].date[:7] == newest_month)
    if month_start > year_start:
        spans.append((ordered[year_start].date[:7], ordered[month_start - 1].date[:7], year_start, month_start))
    spans.append((newest_month, newest_month, month_start, n))
    bundles = []
    for first_label, last_label, first, end in spans:
        packs: list[Pack] = []
        at = first
        for _, in_month in groupby(ordered[first:end], key=lambda d: d.date[:7]):
            month_end = at + sum(1 for _ in in_month)
            for start in range(at, month_end, pack_articles):
                packs.append(Pack(local=len(packs), first=start, end=min(start + pack_articles, month_end)))
            at = month_end
        name = first_label if first_label == last_label else f"{first_label}_{last_label}"
        bundles.append(Bundle(name=name, first=first, end=end, packs=tuple(packs), primary=not bundles))
    return Plan(docs=ordered, bundles=bundles)


def _code(values: dict[str, int], value: str) -> int:
    """Dictionary code of a value; 0 is the empty value."""
    if value not in values:
        values[value] = len(values)
    return values[value]


@dataclass(frozen=True, slots=True)
class Built:
    """What the top-level table must know about a bundle, written or reused."""

    pages: list[int]
    """Pack number within the bundle of each Pagefind page number."""
    chunks: list[list[str]]
    """[first word, file name] of each index chunk (index/<name>.pf_index), in word
    order: the words of chunk i sort from its first word up to the next chunk's."""


def columns_file(plan: Plan, bundle: Bundle, blocks: Sequence[int], title_slots: Sequence[int],
                 doc_sizes: Sequence[int]) -> bytes:
    """articles.bin.gz of a bundle: its articles' columns, made from its articles alone.

    Gzip of a header — UTF-8 JSON, then a newline — and then each column of the
    header's `columns` ([name, bytes per value]) in turn: one little-endian unsigned
    integer per article, by bundle-local index. `blocks` is each article's length in
    BLOCK words; `doc` the size of its member of docs.bin (`docs_file`), in units of
    the header's `docUnit` bytes; section, column, kind and page are codes into the
    header's `values` (0 is none). `titles` is each pack's title slot.
    templates/static/search.js (`readColumns`) reads it."""
    if any(size % DOC_UNIT for size in doc_sizes):
        raise ValueError("docs.bin members must be whole units of DOC_UNIT bytes")
    docs = plan.docs[bundle.first:bundle.end]
    dicts: dict[str, dict[str, int]] = {k: {"": 0} for k in FACET_COLUMNS}
    columns: dict[str, list[int]] = {"blocks": list(blocks), "doc": [size // DOC_UNIT for size in doc_sizes]}
    for k in FACET_COLUMNS:
        columns[k] = [_code(dicts[k], getattr(d, k)) for d in docs]
    widths = {k: _width(max(v, default=0)) for k, v in columns.items()}
    header = {"count": len(docs), "block": BLOCK, "docUnit": DOC_UNIT, "titles": list(title_slots),
              "columns": [[k, widths[k]] for k in columns], "values": {k: list(v) for k, v in dicts.items()}}
    body = [json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), b"\n"]
    for k, values in columns.items():
        body.append(b"".join(v.to_bytes(widths[k], "little") for v in values))
    return gzip_bytes(b"".join(body))


def _width(largest: int) -> int:
    """Bytes per value of a column whose largest value is `largest`."""
    return 1 if largest < 1 << 8 else 2 if largest < 1 << 16 else 4


def articles_table(tiers: Sequence[Bundle], dates: Sequence[str], built: Mapping[str, Built]) -> bytes:
    """articles.json: what the browser knows about every article before any search —
    which bundle and pack it is in, and its date (`dates`, in article-number order).

    `day` holds differences (articles are in date order, so mostly 0). Everything
    else about an article is in its bundle's articles.bin.gz (`columns_file`)."""
    days = []
    previous = 0
    for date in dates:
        day = (dt.date.fromisoformat(date) - EPOCH).days
        days.append(day - previous)
        previous = day
    bundles, pack_first = [], []
    for b in tiers:
        base = len(pack_first)
        info = built[b.name]
        bundles.append({"path": f"{b.name}/", "first": b.first, "pack": base,
                        "pages": [base + local for local in info.pages], "chunks": info.chunks})
        pack_first += [p.first for p in b.packs]
    table: dict[str, Any] = {
        "version": 3,
        "count": len(dates),
        "bundles": bundles,
        "packFirst": pack_first + [len(dates)],
        "day": days,
    }
    return gzip_bytes(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def authors_table(authors: Sequence[tuple[str, ...]]) -> bytes:
    """authors.json: each article's authors (in article-number order) as codes into `values`.

    Kept apart from articles.json because it is its biggest column and only the
    author filter needs it; the search page loads it on demand."""
    values: dict[str, int] = {"": 0}
    codes = [[values.setdefault(a, len(values)) for a in names] for names in authors]  # first seen, first coded
    table = {"values": list(values), "authors": codes}
    # Level 6, not 9: the table is fetched only when a reader filters by author, and at
    # 100,000 articles level 9 took 0.35 s of every build (level 6: 0.06 s) to save 4 %
    # (225 → 216 kB).
    return gzip_bytes(json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), level=6)


def docs_file(plan: Plan, bundle: Bundle) -> tuple[bytes, list[int]]:
    """docs.bin of a bundle, and the size of each article's part of it.

    The display data of the bundle's articles (the original text the browser cuts
    excerpts from and highlights, with headline, date, page and URL), each its own
    gzip member of JSON, one after another by bundle-local index. The browser fetches
    an article's member alone with an HTTP range request; its offset is the sum of
    the sizes before it (articles.bin.gz's `doc` column).

    Why one file with ranges: the display data was one gzip file per 8 articles,
    0.125 files an article, the largest part of the search's files (15,681 of them for
    100,000 articles); a result now costs one article's bytes (about 1.2 kB) instead of
    its group's (7 kB). Static hosts and CDNs answer range requests; a server that
    ignores them answers with the whole file, which search.js then keeps and cuts.
    Each member is a multiple of DOC_UNIT bytes long (`_padded`)."""
    members = []
    for n in range(bundle.first, bundle.end):
        d = plan.docs[n]
        data = {"url": d.url, "title": d.title, "kicker": d.kicker, "subtitle": d.subtitle, "date": d.date,
                "page": d.page, "text": plan.texts.pop(n, None) or plain_text(d.body)}
        members.append(_padded(gzip_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())))
    return b"".join(members), [len(m) for m in members]


def _padded(member: bytes) -> bytes:
    """The gzip member grown to a multiple of DOC_UNIT bytes by an extra field in its
    header (RFC 1952 FEXTRA: one subfield "BK" of zeros), which every gzip reader
    skips. An extra field takes at least 6 bytes, so a shorter gap grows by a unit."""
    short = -len(member) % DOC_UNIT
    if not short:
        return member
    if short < 6:
        short += DOC_UNIT
    if member[3] != 0:
        raise ValueError("a gzip member with header flags already set")
    xlen = short - 2
    extra = xlen.to_bytes(2, "little") + b"BK" + (xlen - 4).to_bytes(2, "little") + bytes(xlen - 4)
    return member[:3] + b"\x04" + member[4:10] + extra + member[10:]


def gzip_bytes(data: bytes, level: int = 9) -> bytes:
    """Gzip with a fixed timestamp, so the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=level, mtime=0)
