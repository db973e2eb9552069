"""Remember each article's Facts by a hash of its text, the lexicon and the analysis code.

Cutting 20,000 articles with jieba is the slow part of analysis; an unchanged article
should never be cut twice. The key hashes everything extract.py reads from the
article (not its id or date: two identical texts share an entry) together with the
lexicon's digest and the code that extracts (cachefile.code_key of extract.py: its
source, every module of the package it imports and the segmenter library's version),
so editing dictionary.txt, a constant such as TITLE_WEIGHT or upgrading jieba makes
every entry miss instead of serving stale words.

The cache is one checked file and a journal of recent additions (cachefile.Entries),
read at the start of a build and saved at the end, keeping only the entries that build
used, so it never grows far past the archive. An entry is plain data (its words, their
weights as packed doubles, section, people, places), converted to Facts and checked for
their shape as the cache is read; the archive-wide results and state are checked the
same way. Anything unreadable or ill-shaped is ignored and rebuilt.
"""

from __future__ import annotations

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


class FactsCache:
    """Facts by article key, loaded from and saved to one directory (None: no cache)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._stored = cachefile.Entries(directory / FILE if directory is not None else None, _facts_code())
        self._entries: dict[str, Facts] = {}
        bad: list[str] = []
        with cachefile.collector_paused():
            for key, value in self._stored.values.items():
                try:
                    self._entries[key] = _facts(value)
                except (TypeError, ValueError, struct.error):
                    bad.append(key)
        if bad:
            cachefile.log.warning("ignoring %d entries of the wrong shape in %s; analysing their articles again",
                                  len(bad), self._stored.path)
            for key in bad:
                self._stored.forget(key)

    def get(self, key: str) -> Facts | None:
        return self._entries.get(key)

    def put(self, key: str, facts: Facts) -> None:
        self._entries[key] = facts
        # Plain data: the words in one tuple and their weights as packed doubles (exact
        # to the bit: Facts.weights), so that reading makes two objects, not one tuple
        # per word, and the types need no check per word (see _facts).
        self._stored.values[key] = (facts.words, facts.weights, facts.section, facts.people, facts.places,
                                    facts.mentions, facts.bonds)

    def __len__(self) -> int:
        return len(self._entries)

    def save(self, used: set[str]) -> None:
        """Keep the entries in `used` for the next build; drop the rest."""
        self._stored.save(used)


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
        cachefile.write(directory / ARCHIVE_FILE, key, (topics, nearest))


def load_state(directory: Path | None, lexicon_digest: str) -> ArchiveState | None:
    """The last build's archive-wide state, if made by this code with this lexicon."""
    return cachefile.read(directory / STATE_FILE if directory else None, _state_version(lexicon_digest),
                          ArchiveState.unpack)


def save_state(directory: Path | None, lexicon_digest: str, state: ArchiveState) -> None:
    """Keep this build's archive-wide state for the next build to update."""
    if directory is not None:
        cachefile.write(directory / STATE_FILE, _state_version(lexicon_digest), state.pack())


def load_joins(directory: Path | None, basis_keys: list[str]) -> dict[str, tuple[str, str]] | None:
    """The last build's table of pieces (newwords.joins), if it was counted over the
    same articles: those whose facts have these keys (the articles IDF counts, which a
    day's import inside a month leaves as they are)."""
    return cachefile.read(directory / JOINS_FILE if directory else None, _joins_version(basis_keys), _joins)


def save_joins(directory: Path | None, basis_keys: list[str], table: dict[str, tuple[str, str]]) -> None:
    if directory is not None:
        cachefile.write(directory / JOINS_FILE, _joins_version(basis_keys), table)


def _joins_version(basis_keys: list[str]) -> str:
    digest = hashlib.blake2b(_archive_code().encode(), digest_size=20)
    for key in basis_keys:
        digest.update(key.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _joins(value: object) -> dict[str, tuple[str, str]]:
    table = cachefile.expect(value, dict)
    if not all(type(word) is str and type(sides) is tuple and len(sides) == 2 and set(map(type, sides)) == {str}
               for word, sides in table.items()):
        raise TypeError("not a table of pieces")
    return table


def _state_version(lexicon_digest: str) -> tuple[str, str]:
    return (_archive_code(), lexicon_digest)


def _facts_code() -> str:
    return cachefile.code_key(*_FACTS_CODE)


def _archive_code() -> str:
    return cachefile.code_key(*_ARCHIVE_CODE)


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not tuple or (value and set(map(type, value)) != {str}):
        raise TypeError("expected a tuple of strings")
    return value


def _facts(value: object) -> Facts:
    """Facts from their cached plain data (TypeError or ValueError for another shape)."""
    if type(value) is not tuple or len(value) != 7:
        raise TypeError("not the fields of Facts")
    words, weights, section, people, places, mentions, bonds = value
    if type(weights) is not bytes or type(section) is not str or len(weights) != 8 * len(_strings(words)):
        raise TypeError("not the fields of Facts")
    return Facts(words, weights, section, _strings(people), _strings(places), _pairs(mentions, int),
                 _pairs(bonds, str))


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
