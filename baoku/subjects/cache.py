"""Remember each article's Facts by a hash of its text and of the lexicon.

Cutting 20,000 articles with jieba is the slow part of analysis; an unchanged article
should never be cut twice. The key hashes everything extract.py reads from the
article (not its id or date: two identical texts share an entry) together with the
lexicon's digest and FORMAT, so editing dictionary.txt, or a new version of the
extraction code, makes every entry miss instead of serving stale words.

The cache is one pickle file and a journal of recent additions (cachefile.Entries), read
at the start of a build and saved at the end, keeping only the entries that build used,
so it never grows far past the archive. It is the builder's own file under .cache/;
anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

from .. import cachefile
from ..model import Article
from .archive import ArchiveState
from .extract import Facts

FORMAT = "baoku-subjects-3"
"""Change this whenever extract.py would give different Facts for the same input."""
FILE = "facts.pickle"
ARCHIVE_FILE = "archive.pickle"
STATE_FILE = "archive-state.pickle"
_ARCHIVE_CODE = ("__init__.py", "archive.py", "topics.py", "related.py", "newwords.py", "entities.py")
"""The modules whose code decides topics and related articles from the facts: their
source is part of the archive key, so changing that code can never serve stale results."""


def article_key(article: Article, lexicon_digest: str) -> str:
    """Hash of what the analysis of one article depends on."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (FORMAT, lexicon_digest, article.kind, article.kicker, article.title,
                 article.subtitle, article.column, article.body, "\x1f".join(article.authors),
                 "\x1f".join(article.photographers)):
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


class FactsCache:
    """Facts by article key, loaded from and saved to one directory (None: no cache)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._stored = cachefile.Entries(directory / FILE if directory is not None else None, FORMAT)
        try:
            self._entries: dict[str, Facts] = {key: Facts(*value) for key, value in self._stored.values.items()}
        except (TypeError, AttributeError):
            self._stored.forget()
            self._entries = {}

    def get(self, key: str) -> Facts | None:
        return self._entries.get(key)

    def put(self, key: str, facts: Facts) -> None:
        self._entries[key] = facts
        # Plain tuples: smaller and faster to unpickle than dataclass instances, and a
        # renamed class cannot break old cache files.
        self._stored.values[key] = (facts.terms, facts.section, facts.people, facts.places, facts.mentions,
                                    facts.bonds)

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
    found = cachefile.read(directory / ARCHIVE_FILE if directory else None, key)
    return (found[0], found[1]) if isinstance(found, tuple) and len(found) == 2 else None


def save_archive(directory: Path | None, key: str, topics: list[tuple[str, ...]],
                 nearest: list[tuple[str, ...]]) -> None:
    """Keep this build's archive-wide results (one file, replaced atomically)."""
    if directory is not None:
        cachefile.write(directory / ARCHIVE_FILE, key, (topics, nearest))


def load_state(directory: Path | None, lexicon_digest: str) -> ArchiveState | None:
    """The last build's archive-wide state, if made by this code with this lexicon."""
    found = cachefile.read(directory / STATE_FILE if directory else None, _state_version(lexicon_digest))
    try:
        return ArchiveState(*found) if isinstance(found, tuple) else None
    except TypeError:
        return None


def save_state(directory: Path | None, lexicon_digest: str, state: ArchiveState) -> None:
    """Keep this build's archive-wide state for the next build to update."""
    if directory is not None:
        cachefile.write(directory / STATE_FILE, _state_version(lexicon_digest), state.pack())


def _state_version(lexicon_digest: str) -> tuple[str, str, str]:
    return (FORMAT, _archive_code(), lexicon_digest)


@functools.cache
def _archive_code() -> str:
    """Hash of the archive-wide steps' code (read once per process: it cannot change
    while it runs)."""
    return cachefile.code_digest(Path(__file__).parent / name for name in _ARCHIVE_CODE)
