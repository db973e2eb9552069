"""Listing folders: every file under a folder, in os.walk's order, with its status."""

from __future__ import annotations

import os
from collections.abc import Iterator
from operator import attrgetter


def file_status(root: str) -> dict[str, tuple[int, int]]:
    """Every file under `root` (walk_files), links included but not followed:
    '/'-separated path from root → (size, mtime_ns). OSError if a folder or file
    cannot be read."""
    found: dict[str, tuple[int, int]] = {}
    for rel, entry in walk_files(root):
        status = entry.stat(follow_symlinks=False)
        found[rel] = (status.st_size, status.st_mtime_ns)
    return found


def walk_files(root: str, *, unlistable: bool = False) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file under `root` (anything but a folder: links too) as ('/'-separated
    path from root, its entry), in os.walk's order (a folder's files by name, then its
    folders by name); a link to a folder is left out, as os.walk leaves it. A folder
    that cannot be listed is an OSError, or passed over with `unlistable`, as os.walk
    passes it over.

    os.scandir's entries, not os.walk: os.walk scans the same listings but gives names,
    and joining each into a path to stat cost a fifth more (0.58 → 0.48 s for a site of
    116,000 files)."""
    return _walk(root, "", unlistable)


def _walk(directory: str, prefix: str, unlistable: bool) -> Iterator[tuple[str, os.DirEntry[str]]]:
    try:
        others, folders = listing(directory)
    except OSError:
        if not unlistable:
            raise
        return
    for entry in others:
        yield prefix + entry.name, entry
    for entry in folders:
        if not entry.is_symlink():
            yield from _walk(entry.path, f"{prefix}{entry.name}/", unlistable)


def listing(directory: str) -> tuple[list[os.DirEntry[str]], list[os.DirEntry[str]]]:
    """A folder's entries in name order, as (files and anything else, folders and links
    to folders), told apart as os.walk tells them. OSError if it cannot be listed."""
    with os.scandir(directory) as entries:
        ordered = sorted(entries, key=_NAME)
    others, folders = [], []
    for entry in ordered:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (folders if is_dir else others).append(entry)
    return others, folders


_NAME = attrgetter("name")
