"""Reuse the previous build's pages: a page whose inputs are unchanged is linked, not rendered.

A page is exactly its template applied to its context, so a key made of the code, the
templates, the site settings, the page's URL and template and a hash of its whole
context names its bytes. After each build, `.cache/pages.store` (a checked file of
plain data: cachefile) keeps every page's key and the identity of the file it was
written to (size and modification time in ns; not the change time, which hard links
and the removal of the old site move, nor the inode, which a site restored from a CI
cache does not keep). The next build computes the key again for each
page; when it is the same and the previous site still holds that very file, the file is
hard-linked into the new site instead of being rendered and written: same bytes, a
fraction of the work, and no new data on disk.

Hashing a context pickles it (into a hash only: nothing here is ever unpickled, and
the cache file holds the hashes, not pickles), with two shortcuts that keep it cheap
and exact:
- an article read from a file stands for the hash of its path and bytes (Article.digest),
  from which everything else in it is computed by code that is part of the key;
- an index object (issue, month, year, term) or article card shared by many pages is
  hashed once per build (and process), its articles standing for their digests (a
  tuple of them for one string of digests).

Anything unusual (a context that cannot be pickled, a file that is not the one written,
a previous site on another file system) means the page is rendered as usual: reuse can
only ever save time, never change a byte.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import stat
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import cachefile
from .config import SiteConfig
from .indexes import ColumnGroup, Issue, Month, Term, Year
from .model import Article
from .viewbase import ListEntry
from .views import Card
from .writer import Staging

FILE = "pages.store"

_SHARED = (Card, ListEntry, ColumnGroup, Issue, Month, Term, Year, SiteConfig)
"""Objects that live for the whole build and appear in many pages' contexts: index
objects, article cards and list entries (one per article: views.article_card,
viewbase.list_entry) and the site's settings."""

Fingerprint = tuple[int, int]
"""(size, mtime_ns) of a file: changes whenever the file is written or replaced by
another. Not the inode: a site restored from a CI cache (actions/cache: tar, times kept)
has new inodes and the same files, and its pages are reused all the same."""
Entry = tuple[str, bytes | None, Fingerprint]
"""(site-relative path, page key (None: a page that cannot be keyed), fingerprint of
the file written for it)."""


def _article(digest: str) -> None:
    """Stands for an article in a pickled context (never called: keys are not unpickled)."""


def _shared(name: str, digest: bytes) -> None:
    """Stands for a shared index object in a pickled context (never called)."""


def _fields(name: str, values: object) -> None:
    """Stands for any other dataclass instance: its type's name and field values (never
    called). Faster than pickle's own way, which calls __getstate__ in Python."""


_GETTERS: dict[type, attrgetter[Any] | None] = {}
"""Dataclass type → a getter of all its fields at once (None: not a dataclass)."""


def _getter(kind: type) -> attrgetter[Any] | None:
    if kind not in _GETTERS:
        names = [f.name for f in dataclasses.fields(kind)] if dataclasses.is_dataclass(kind) else []
        _GETTERS[kind] = attrgetter(*names) if names else None
    return _GETTERS[kind]


class _KeyPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, memo: dict[int, tuple[object, bytes]]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # No memo: an object met twice is written out twice, so that equal values give
        # equal bytes whichever objects hold them (a memo writes a back reference where
        # the same object recurs, and which objects are shared depends on the order in
        # which a process made them). A cycle is a ValueError: the page is then rendered.
        self.fast = True
        self._shared_memo = memo

    def reducer_override(self, obj: object) -> Any:
        kind = type(obj)
        if kind is Article and obj.digest:  # type: ignore[attr-defined]
            return _article, (obj.digest,)  # type: ignore[attr-defined]
        getter = _GETTERS[kind] if kind in _GETTERS else _getter(kind)
        if getter is None:
            return NotImplemented
        if kind in _SHARED:
            # Held with its hash, so its id cannot be reused by another object this build.
            entry = self._shared_memo.get(id(obj))
            if entry is None:
                values = tuple(_digests(v) if type(v) is tuple and v and type(v[0]) is Article else v
                               for v in getter(obj))
                entry = self._shared_memo[id(obj)] = (obj, _hash(values, self._shared_memo))
            return _shared, (kind.__name__, entry[1])
        return _fields, (f"{kind.__module__}.{kind.__qualname__}", getter(obj))


_ARTICLES = "\x00articles"
_DIGEST = attrgetter("digest")


def _digests(articles: tuple[Any, ...]) -> object:
    """A tuple of articles read from files (a term's, an issue's) as one string of their
    digests: hashed in one go rather than with a callback per article, which made the
    index objects the larger part of list pages' keys (hex digests hold no NUL)."""
    if set(map(type, articles)) != {Article}:
        return articles
    digests = list(map(_DIGEST, articles))
    return (_ARTICLES, "\x00".join(digests)) if all(digests) else articles


def _hash(value: object, memo: dict[int, tuple[object, bytes]]) -> bytes:
    buffer = io.BytesIO()
    _KeyPickler(buffer, memo).dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).digest()


def _entries(value: object) -> dict[str, tuple[bytes, Fingerprint]]:
    """The pages of the cache file (TypeError if it holds anything else)."""
    pages = cachefile.expect(value, dict)
    for rel, entry in pages.items():
        if (type(rel) is not str or type(entry) is not tuple or len(entry) != 2 or type(entry[0]) is not bytes
                or type(entry[1]) is not tuple or len(entry[1]) != 2
                or not all(type(n) is int for n in entry[1])):
            raise TypeError(f"page {rel!r} has an entry of another shape")
    return pages


def fingerprint(status: os.stat_result) -> Fingerprint:
    return (status.st_size, status.st_mtime_ns)


class Reuse:
    """The previous build's pages and the keys of this build's pages (one per process
    after the fork: each keeps its own memo of shared objects)."""

    def __init__(self, cache_dir: Path | None, site_dir: Path, version: object) -> None:
        self.path = cache_dir / FILE if cache_dir is not None else None
        self.site_dir = str(site_dir)
        # Not the site's path: a project moved or restored elsewhere (a CI runner's other
        # workspace) keeps its pages, each found by its size and time under the new path.
        self.version = version
        stored = cachefile.read(self.path, self.version, _entries)
        self._previous: dict[str, tuple[bytes, Fingerprint]] = stored or {}
        self._prefix = hashlib.blake2b(repr(self.version).encode(), digest_size=20).digest()
        self._memo: dict[int, tuple[object, bytes]] = {}
        self.linked = 0

    def key(self, page: tuple[Any, ...], context: object) -> bytes | None:
        """The key of a page from everything it is rendered from (its context, or the
        inputs its context is made from); None if that cannot be hashed (the page is
        then rendered every time)."""
        if self.path is None:
            return None
        try:
            return _hash((self._prefix, page[:2], context), self._memo)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError):
            return None

    def link(self, rel: str, key: bytes | None, staging: Staging) -> Fingerprint | None:
        """Hard-link the previous build's file for `rel` into the staging folder if it was
        made from the same key and is untouched since; its fingerprint, or None to render."""
        previous = self._previous.get(rel)
        if key is None or previous is None or previous[0] != key:
            return None
        source = self.site_dir + os.sep + rel.replace("/", os.sep)
        try:
            found = os.stat(source, follow_symlinks=False)
            if not stat.S_ISREG(found.st_mode) or fingerprint(found) != previous[1]:
                return None
            staging.link(rel, source, found)  # a regular file, checked just above
            self.linked += 1
            return previous[1]  # the same file: linking changes neither its size nor its time
        except OSError:  # gone, another file system, no hard links here: render instead
            self._previous.pop(rel, None)
            return None

    def any(self) -> bool:
        """Whether the last build left pages this one may link (same code, templates,
        settings and navigation)."""
        return bool(self._previous)

    def finish(self) -> None:
        """Drop what only the render stage needed (the memoised shared objects hold
        articles, which the search stage lets go of)."""
        self._memo.clear()

    def save(self, entries: Iterable[Entry]) -> None:
        """Remember this build's pages (call once the new site is in place)."""
        self._previous.clear()
        if self.path is not None:
            keyed = sorted(entry for entry in entries if entry[1] is not None)
            cachefile.write(self.path, self.version, {rel: (key, mark) for rel, key, mark in keyed})
