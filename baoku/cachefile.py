"""The build's own cache files under .cache/: one pickle each, tagged with a key.

A file holds (key, value). Reading gives the value only when the stored key equals the
expected one (a format version, or a hash of the inputs and code it was computed from),
and None for anything missing, stale or unreadable: a cache can only ever save time,
never change a result. Writing goes through a temporary file and a rename, so a build
that is interrupted leaves the previous file whole.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_UNREADABLE = (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
               IndexError, pickle.UnpicklingError)


def read(path: Path | None, key: object) -> Any | None:
    """The value stored at `path` under `key`, or None."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            stored_key, value = pickle.load(file)
    except _UNREADABLE:
        return None
    return value if stored_key == key else None


def write(path: Path, key: object, value: object) -> None:
    """Store `value` under `key` at `path`, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            pickle.dump((key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def code_digest(files: Iterable[str | Path]) -> str:
    """A hash of source files: part of a cache key, so new code never reads old results."""
    digest = hashlib.blake2b(digest_size=20)
    for file in files:
        digest.update(Path(file).read_bytes())
        digest.update(b"\x00")
    return digest.hexdigest()


def library_version(name: str) -> str:
    """An installed distribution's version ('' if unknown): part of a cache key where
    a library's output is cached."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


class Entries:
    """A cache of values by key (parsed articles, facts), kept in one file plus a small
    journal of the entries added since that file was written.

    An edit to one article used to rewrite the whole file: about half a second at
    20,000 articles, for one entry. Now a build writes only its new entries to the
    journal (`<file>.journal`), and rewrites the file with just the entries it used
    when the journal and the entries no longer used together pass a COMPACT share of
    it, so the cache never grows far past the archive. The values are derived from
    their keys, so any mix of file and journal, even after a crash between writing one
    and removing the other, gives right answers."""

    COMPACT = 8
    """Rewrite the file once journal + unused entries pass 1/COMPACT of the entries used."""

    def __init__(self, path: Path | None, key: object) -> None:
        self.path, self.key = path, key
        self.journal = path.with_name(path.name + ".journal") if path is not None else None
        base = read(path, key)
        journal = read(self.journal, key) if isinstance(base, dict) else None
        self._base: set[Any] = set(base) if isinstance(base, dict) else set()
        self._journalled: set[Any] = set(journal) if isinstance(journal, dict) else set()
        self.values: dict[Any, Any] = {**(base if isinstance(base, dict) else {}),
                                       **(journal if isinstance(journal, dict) else {})}

    def save(self, used: set[Any]) -> None:
        """Keep the entries in `used` (those that have a value) for the next build."""
        if self.path is None or self.journal is None:
            return
        used = used & self.values.keys()
        recent = used - self._base
        if len(recent) + len(self._base - used) > len(used) // self.COMPACT:
            write(self.path, self.key, {k: self.values[k] for k in used})
            self.journal.unlink(missing_ok=True)
            self._base, self._journalled = set(used), set()
        elif recent != self._journalled:
            write(self.journal, self.key, {k: self.values[k] for k in recent})
            self._journalled = recent

    def forget(self) -> None:
        """Drop every entry (they could not be read): the next save rewrites the file."""
        self.values.clear()
        self._base, self._journalled = set(), set()
