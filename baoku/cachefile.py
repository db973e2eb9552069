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
