"""Remember each article's Facts by a hash of its text, the lexicon and the analysis code.

Cutting 20,000 articles with jieba is the slow part of analysis; an unchanged article
should never be cut twice. The key hashes everything extract.py reads from the
article (not its id or date: two identical texts share an entry) together with the
lexicon's digest and the code that extracts (cachefile.code_key of extract.py: its
source, every module of the package it imports and the segmenter library's version),
so editing dictionary.txt, a constant such as TITLE_WEIGHT or upgrading jieba makes
every entry miss instead of serving stale words.

The cache is checked files with journals of recent additions (cachefile.Entries): the
light facts of every article in one, read at the start of a build, and the words in one
per year, read when asked for (FactsCache); saved at the end, keeping only the entries
that build used, so it never grows far past the archive. An entry is plain data (words,
their weights as packed doubles, bonds; section, people, places, mentions), converted to
Facts and checked for its shape as it is read; the archive-wide results and state are
checked the same way. Anything unreadable or ill-shaped is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import struct
from pathlib import Path
from typing import Any

from .. import cachefile
from ..model import Article
from . import archive, extract
from .archive import ArchiveState
from .extract import Facts

FILE = "facts.store"
WORDS_FILE = "words-{year}.store"
ARCHIVE_FILE = "archive.store"
STATE_FILE = "archive-state.store"
JOINS_FILE = "joins.store"
_FACTS_CODE = (extract.__name__,)
"""The module that computes Facts (with everything it imports: cachefile.code_key)."""
_ARCHIVE_CODE = (__package__ or "baoku.subjects", archive.__name__)
"""The modules that decide topics and related articles from the facts: their code is
part of the archive key, so changing it can never serve stale results (the package's
__init__ imports topics, related, newwords and entities, and code_key follows imports)."""


def article_key(article: Article, lexicon_digest: str) -> str:
    """Hash of what the analysis of one article depends on. An article read from a file
    stands for its digest (the hash of its path and bytes and of the code that parsed
    it: Article.digest), which is cheaper to hash than its text (1.2 s → 0.1 s for
    100,000 articles, every build); one made in code, for its fields."""
    if article.digest:
        return hashlib.blake2b(f"{_facts_code()}\x00{lexicon_digest}\x00{article.digest}".encode(),
                               digest_size=20).hexdigest()
    digest = hashlib.blake2b(digest_size=20)
    for part in (_facts_code(), lexicon_digest, article.kind, article.kicker, article.title,
                 article.subtitle, article.column, article.page_name, article.body, "\x1f".join(article.authors),
                 "\x1f".join(article.photographers)):
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def kept(directory: Path) -> bool:
    """Whether the last build's facts are there for this code (their file's header)."""
    return cachefile.holds(directory / FILE, _light_version())


class FactsCache:
    """Facts by article key, loaded from and saved to one directory (None: no cache).

    Kept in two parts, so that a day's rebuild reads little of it. Every article's light
    facts (section, people, places, mentions: what every build needs of every article)
    are one file, `facts.store`. Its words, weights and bonds, nine tenths of the bytes,
    are in one file per year of the article (`words-YYYY.store`), read the first time
    `get` asks for an article of that year: an update of the archive-wide steps after a
    day's import reads the newest year's (subjects/__init__.py), a build from scratch
    all of them (2.4 s at 100,000 articles, against 0.35 s for the light part)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._light = cachefile.Entries(directory / FILE if directory is not None else None, _light_version())
        self._lights: dict[str, Light] = {}
        self._years: dict[str, int] = {}
        self._parts: dict[int, cachefile.Entries] = {}
        self._entries: dict[str, Facts] = {}
        self._words: dict[str, str] = {}
        """Every word read from the words' parts, once (`_facts`)."""
        self._warned: set[Path | None] = set()
        bad: list[str] = []
        with cachefile.collector_paused():
            for key, value in self._light.values.items():
                try:
                    self._lights[key], self._years[key] = _light(value)
                except (TypeError, ValueError):
                    bad.append(key)
        self._forget(bad, self._light.path)

    def has(self, key: str) -> bool:
        return key in self._lights

    def light(self, key: str) -> Light:
        """The light facts of an article the cache has (`has`)."""
        return self._lights[key]

    def get(self, key: str) -> Facts | None:
        """The facts of an article, None if the cache has none (or lost its words)."""
        facts = self._entries.get(key)
        if facts is None and key in self._lights:
            part = self._part(self._years[key])
            value = part.values.get(key)
            try:
                facts = self._entries[key] = _facts(self._lights[key], value, self._words)
                part.values[key] = (facts.words, facts.weights, facts.bonds)  # its words' own copies freed
            except (TypeError, ValueError, struct.error):  # the caller analyses the article again
                self._forget([key], part.path if value is not None else None)
        return facts

    def put(self, key: str, facts: Facts, year: int = 0) -> None:
        """Keep the facts of an article of `year` (its words go to that year's part)."""
        self._entries[key] = facts
        self._lights[key], self._years[key] = (facts.section, facts.people, facts.places, facts.mentions), year
        self._light.values[key] = (facts.section, facts.people, facts.places, facts.mentions, year)
        # Plain data: the words in one tuple and their weights as packed doubles (exact
        # to the bit: Facts.weights), so that reading makes two objects, not one tuple
        # per word, and the types need no check per word (see _facts).
        self._part(year).values[key] = (facts.words, facts.weights, facts.bonds)

    def __len__(self) -> int:
        return len(self._lights)

    def save(self, used: set[str]) -> None:
        """Keep the entries in `used` for the next build; drop the rest. A year's part
        that was not read keeps what it held (dropped the next time it is read); the
        part of a year no article has any more is removed, read or not."""
        self._light.save(used)
        by_year: dict[int | None, set[str]] = {}
        for key in used:
            by_year.setdefault(self._years.get(key), set()).add(key)
        for year, part in self._parts.items():
            if year in by_year or part.path is None:
                part.save(by_year.get(year, set()))
        if self.directory is None:
            return
        for path in self.directory.glob(WORDS_FILE.format(year="*") + "*"):  # with its journal
            year = path.name.removeprefix("words-").split(".")[0]
            if year.isdigit() and int(year) not in by_year:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)

    def _part(self, year: int) -> cachefile.Entries:
        part = self._parts.get(year)
        if part is None:
            path = self.directory / WORDS_FILE.format(year=year) if self.directory is not None else None
            part = self._parts[year] = cachefile.Entries(path, _light_version())
        return part

    def _forget(self, bad: list[str], path: Path | None) -> None:
        """Drop entries of the wrong shape, with one warning per file (`path`; None:
        words missing from their part, no warning), or missing words: their articles
        are analysed again."""
        if bad and path is not None and path not in self._warned:
            self._warned.add(path)
            cachefile.log.warning("ignoring entries of the wrong shape in %s; analysing their articles again", path)
        for key in bad:
            self._light.forget(key)
            self._lights.pop(key, None)
            year = self._years.pop(key, None)
            if year is not None and year in self._parts:
                self._parts[year].forget(key)


Light = tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, int], ...]]
"""An article's light facts: (section, people, places, mentions), as in Facts."""


def archive_key(article_keys: list[str], ids: list[str], editor_topics: list[tuple[str, ...]],
                dates: list[dt.date]) -> str:
    """Hash of everything the archive-wide steps (IDF, topics, related) read: every
    article's facts key (text and lexicon), id (ties are broken by id), front-matter
    topics and date (which articles IDF counts: topics.basis_cutoff), in order, and the
    code that computes them."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_archive_code().encode())
    for key, article_id, topics, day in zip(article_keys, ids, editor_topics, dates, strict=True):
        digest.update(f"{key}\x00{article_id}\x00{chr(31).join(topics)}\x00{day.isoformat()}\x1e".encode())
    return digest.hexdigest()


def load_archive(directory: Path | None, key: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]] | None:
    """(topics, related) per article from the last build, if it had exactly this key."""
    return cachefile.read(directory / ARCHIVE_FILE if directory else None, key, _archive_results)


def save_archive(directory: Path | None, key: str, topics: list[tuple[str, ...]],
                 nearest: list[tuple[str, ...]]) -> None:
    """Keep this build's archive-wide results (one file, replaced atomically)."""
    if directory is not None:
        cachefile.write_soon(directory / ARCHIVE_FILE, key, (topics, nearest))


def load_state(directory: Path | None, lexicon_digest: str, basis: str) -> ArchiveState | None:
    """The last build's archive-wide state, if made by this code with this lexicon over
    the same articles IDF counts (`basis`: basis_digest); a state of other articles IDF
    counts is never updated (archive.compute starts over), so it is not even read."""
    return cachefile.read(directory / STATE_FILE if directory else None, _state_version(lexicon_digest, basis),
                          ArchiveState.unpack)


def state_kept(directory: Path | None, lexicon_digest: str, basis: str) -> bool:
    """Whether `load_state` may find a state (only the file's header is read)."""
    return directory is not None and cachefile.holds(directory / STATE_FILE, _state_version(lexicon_digest, basis))


def save_state(directory: Path | None, lexicon_digest: str, state: ArchiveState) -> None:
    """Keep this build's archive-wide state for the next build to update."""
    if directory is not None:
        cachefile.write_soon(directory / STATE_FILE, _state_version(lexicon_digest, state.basis), state.pack())


def load_joins(directory: Path | None, version: str) -> dict[str, tuple[str, str]] | None:
    """The last build's table of pieces (newwords.joins), if it was counted over the
    same articles (`joins_version`: the articles IDF counts, which a day's import
    inside a month leaves as they are)."""
    return cachefile.read(directory / JOINS_FILE if directory else None, version, _joins)


def save_joins(directory: Path | None, version: str, table: dict[str, tuple[str, str]]) -> None:
    if directory is not None:
        cachefile.write(directory / JOINS_FILE, version, table)


def joins_version(basis_keys: list[str]) -> str:
    """What the table of pieces is counted from: the facts keys of the articles IDF
    counts, and the code."""
    digest = hashlib.blake2b(_archive_code().encode(), digest_size=20)
    for key in basis_keys:
        digest.update(key.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def basis_digest(ids: list[str], months: list[int]) -> str:
    """The articles IDF counts and their months (topics.month_of), in order."""
    return hashlib.blake2b("\x1e".join(f"{i}\x00{m}" for i, m in zip(ids, months, strict=True)).encode(),
                           digest_size=20).hexdigest()


def _joins(value: object) -> dict[str, tuple[str, str]]:
    table = cachefile.expect(value, dict)
    if not all(type(word) is str and type(sides) is tuple and len(sides) == 2 and set(map(type, sides)) == {str}
               for word, sides in table.items()):
        raise TypeError("not a table of pieces")
    return table


def _state_version(lexicon_digest: str, basis: str) -> tuple[str, str, str]:
    return (_archive_code(), lexicon_digest, basis)


def _facts_code() -> str:
    return cachefile.code_key(*_FACTS_CODE)


def _light_version() -> tuple[str, str]:
    """The key of both parts: the extraction code, and their layout."""
    return (_facts_code(), "light + words by year")


def _archive_code() -> str:
    return cachefile.code_key(*_ARCHIVE_CODE)


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not tuple or (value and set(map(type, value)) != {str}):
        raise TypeError("expected a tuple of strings")
    return value


def _light(value: object) -> tuple[Light, int]:
    """Light facts and the year of their words' part, from the cached plain data."""
    if type(value) is not tuple or len(value) != 5:
        raise TypeError("not the light fields of Facts")
    section, people, places, mentions, year = value
    if type(section) is not str or type(year) is not int:
        raise TypeError("not the light fields of Facts")
    return (section, _strings(people), _strings(places), _pairs(mentions, int)), year


def _facts(light: Light, value: object, shared: dict[str, str]) -> Facts:
    """Facts from light facts and their words' cached plain data (TypeError or
    ValueError for another shape), each word the string `shared` holds for it.

    The decoder makes a new string for every occurrence of a word (80 bytes for a word
    of three characters, about 50 words an article): read back as they are, the words of
    200,000 synthetic articles took 1.4 GB where their vocabulary takes a few MB, and a
    month's first day reads them all (its peak at that size). Shared, a word costs its
    place in the article's tuple (8 bytes): 139 → 73 MB for the 1.05 million words of
    20,000 articles, in 0.11 s more (one dict lookup a word, in C)."""
    if type(value) is not tuple or len(value) != 3:
        raise TypeError("not the word fields of Facts")
    words, weights, bonds = value
    if type(weights) is not bytes or len(weights) != 8 * len(_strings(words)):
        raise TypeError("not the word fields of Facts")
    return Facts(tuple(map(shared.setdefault, words, words)), weights, *light, _pairs(bonds, str))


def _pairs(value: object, second: type) -> tuple[tuple[str, Any], ...]:
    """A tuple of (str, `second`) pairs, as stored (TypeError for another shape)."""
    if type(value) is not tuple or any(type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not str
                                       or type(pair[1]) is not second for pair in value):
        raise TypeError(f"expected (str, {second.__name__}) pairs")
    return value


def _archive_results(value: object) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    if type(value) is not tuple or len(value) != 2:
        raise TypeError("not (topics, related)")
    topics, nearest = value
    if type(topics) is not tuple or type(nearest) is not tuple or len(topics) != len(nearest):
        raise TypeError("not (topics, related)")
    return [_strings(t) for t in topics], [_strings(n) for n in nearest]
