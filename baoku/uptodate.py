"""Nothing changed, nothing to do: a rebuild whose inputs and site are as the last build left them.

A build is a pure function of its inputs (the content folder, the theme, the code and
the libraries it runs, the Pagefind binary, the build's options), and the site it
writes is byte-identical every time. So when the inputs are exactly those of the last
successful build, and the output folder still holds exactly the files that build wrote,
the site already is what the build would write, and nothing needs doing: no article is
read, no cache decoded, no page linked. This is the rebuild CI runs on a day nothing
was imported (issue 15: at 20,000 articles it took 8–9 s; this check takes under a
second).

`.cache/build.store` (a checked cachefile) keeps, after each successful build:
- every content file's path, size, modification time and hash, and one hash of all the
  inputs together;
- every site file's path, size and modification time (ns).

The check (`unchanged`) hashes again only the content files whose size or time
changed, and those written less than RACY_NS before the last build began (a file
changed twice within the file system's time resolution keeps its size and time:
git's "racily clean" rule); a fresh clone, whose files all have new times, is
hashed whole (~0.2 s per 20,000 articles). The site must match file for file: a
file added, removed, rewritten or touched (any new time) there means a full build,
so a hand-edited or half-restored site is always rebuilt. A build that fails or
is interrupted never writes the record; a site swapped in by a build that then
failed to write the record no longer matches the old one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cachefile
from .walk import file_status, walk_files

FILE = "build.store"
RACY_NS = 2_000_000_000
"""Content files modified this close before the last build began are hashed again."""

FileState = tuple[int, int, bytes]
"""(size, mtime_ns, blake2b of the bytes) of a content file."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build is made from, as found before it reads anything."""

    digest: str
    """One hash of everything below and of the build's options."""
    files: dict[str, FileState]
    started: int
    """time.time_ns() when the files were looked at."""


@dataclass(frozen=True, slots=True)
class Record:
    """The last successful build: its inputs, the site it wrote, and what it reported."""

    inputs: Inputs
    site: dict[str, tuple[int, int]]
    """Site-relative path → (size, mtime_ns) of every file of the site."""
    articles: int
    pages: int
    bytes: int
    warnings: tuple[str, ...]
    """Warnings the build printed (control characters left out…), printed again."""


def _store(cache_dir: Path) -> Path:
    return cache_dir / FILE


def _key() -> tuple[str, str]:
    return ("baoku-build-record-1", cachefile.code_key(__name__))


def previous(cache_dir: Path | None) -> Record | None:
    """The last successful build's record, or None (none kept, or unreadable)."""
    if cache_dir is None:
        return None
    return cachefile.read(_store(cache_dir), _key(), _record)


def inputs(content_dir: Path, extra: object, before: Record | None) -> Inputs:
    """The build's inputs now. `extra`: everything else the site depends on (theme
    digest, code key, Pagefind binary, options), as plain data with a stable repr."""
    started = time.time_ns()
    known = before.inputs.files if before else {}
    trusted_before = before.inputs.started - RACY_NS if before else 0
    files: dict[str, FileState] = {}

    for rel, entry in walk_files(str(content_dir), unlistable=True):
        try:
            status = entry.stat()
        except OSError:  # a dangling link: the build reports it; nothing to hash
            files[rel] = (-1, 0, b"")
            continue
        old = known.get(rel)
        if old is not None and old[:2] == (status.st_size, status.st_mtime_ns) \
                and status.st_mtime_ns < trusted_before:
            files[rel] = old
            continue
        try:
            with open(entry.path, "rb") as handle:
                digest = hashlib.file_digest(handle, cachefile.file_hasher).digest()
        except OSError:
            digest = b""
        files[rel] = (status.st_size, status.st_mtime_ns, digest)
    whole = hashlib.blake2b(digest_size=20)
    whole.update(repr(extra).encode("utf-8", "surrogatepass"))
    for rel, (_, _, digest) in files.items():
        whole.update(rel.encode("utf-8", "surrogatepass") + b"\x00" + digest)
    return Inputs(whole.hexdigest(), files, started)


def site_files(site_dir: Path) -> dict[str, tuple[int, int]] | None:
    """Every file of the site: path → (size, mtime_ns); None if it cannot be read."""
    try:
        return file_status(str(site_dir))
    except OSError:
        return None


def unchanged(before: Record | None, now: Inputs, site_dir: Path) -> bool:
    """Whether the site already is what a build of `now` would write."""
    if before is None or before.inputs.digest != now.digest:
        return False
    return site_files(site_dir) == before.site


def record(cache_dir: Path | None, now: Inputs, site: dict[str, tuple[int, int]], *, articles: int,
           pages: int, warnings: tuple[str, ...]) -> None:
    """Keep this build's record, once its site (`site`: path → (size, mtime_ns), as
    site_files gives) is in place."""
    if cache_dir is not None:
        _write(cache_dir, now, site, articles, pages, warnings)


def refresh(cache_dir: Path | None, before: Record, now: Inputs) -> None:
    """After a build found nothing changed: keep the content files' new times (a fresh
    clone's, say), so that the next check hashes none of them again."""
    if cache_dir is not None and now.files != before.inputs.files:
        _write(cache_dir, now, before.site, before.articles, before.pages, before.warnings)


def _write(cache_dir: Path, now: Inputs, site: dict[str, tuple[int, int]], articles: int, pages: int,
           warnings: tuple[str, ...]) -> None:
    size = sum(s for s, _ in site.values())
    value = {"digest": now.digest, "started": now.started,
             "files": [[rel, *state] for rel, state in now.files.items()],
             "site": [[rel, *state] for rel, state in site.items()],
             "articles": articles, "pages": pages, "bytes": size, "warnings": list(warnings)}
    cachefile.write(_store(cache_dir), _key(), value)


def _record(value: Any) -> Record:
    """The stored record, its shape checked (cachefile treats a TypeError as corrupt)."""
    data = cachefile.expect(value, dict)
    files: dict[str, FileState] = {}
    for item in cachefile.expect(data["files"], tuple):
        rel, size, mtime, digest = item
        if not (isinstance(rel, str) and isinstance(size, int) and isinstance(mtime, int)
                and isinstance(digest, bytes)):
            raise TypeError("a content file entry of the wrong shape")
        files[rel] = (size, mtime, digest)
    site: dict[str, tuple[int, int]] = {}
    for item in cachefile.expect(data["site"], tuple):
        rel, size, mtime = item
        if not (isinstance(rel, str) and isinstance(size, int) and isinstance(mtime, int)):
            raise TypeError("a site file entry of the wrong shape")
        site[rel] = (size, mtime)
    warnings = tuple(cachefile.expect(w, str) for w in cachefile.expect(data["warnings"], tuple))
    inputs_ = Inputs(cachefile.expect(data["digest"], str), files, cachefile.expect(data["started"], int))
    return Record(inputs_, site, cachefile.expect(data["articles"], int), cachefile.expect(data["pages"], int),
                  cachefile.expect(data["bytes"], int), warnings)
