"""Write the site into a staging folder, then swap it into place atomically.

A failed build never touches the previous site: everything is written beside it
first, and the swap exchanges the two folders in one system call where the OS has
one (Linux renameat2 RENAME_EXCHANGE), so the output folder is never absent. No
path is ever written outside the staging folder.

The swap only ever replaces a site baoku built (guard.py).

The previous site is not deleted after the swap: it is kept beside the new one as the
spare (`.site.spare`), and the next build takes it as its staging folder. Creating a
file or a folder costs ten times what linking one does on some disks (0.2–0.5 ms of
system time each on this project's virtual disk: a day's rebuild made some 1,500
folders for nothing), and most of the spare's files are already the very files the next
build links (its unchanged pages): those stay where they are. The spare's content is
never trusted: a file is kept only when it is the same file (inode) as the one the
build would link there; any other is removed before its path is written, and what the
build does not write is removed before the swap. Nothing in it is ever written into
(its files are the live site's too): a path is always unlinked, then created anew.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import stat
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from .guard import (
    MARKER,
    MARKER_TEXT,
    OWNER,
    aside,
    exchange,
    old_name,
    process_identity,
    remove_later,
    remove_leftovers,
    replaceable,
)
from .urls import SEARCH_DIR
from .walk import file_status

SPARE = ".spare"
"""Suffix of the previous site kept beside the output folder (`.site.spare`), which the
next build takes as its staging folder; deleting it only costs that build time."""
_TRASH = ".baoku-trash"
"""In a staging folder taken from the spare: what of it was moved out of the way (`_throw`,
`renew`), removed after the swap."""
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
"""A new file, never an existing one. os.open, not open(): three system calls per page
instead of six (open() also asks fstat, isatty and the position), ~15 µs less per file."""


class UnsafePath(ValueError):
    """A page tried to write outside the output folder."""


class Staging:
    """A folder beside the output folder that becomes the new site: new, or the spare."""

    def __init__(self, output_dir: Path, foreign: tuple[str, ...] = (SEARCH_DIR,)):
        """`foreign`: top folders that other programs write into (the search index): never
        taken from the spare, since they would write into its files."""
        self.final = output_dir.resolve()
        self.dir = self.final.parent / f".{self.final.name}.staging-{os.getpid()}"
        self.spare = self.final.parent / f".{self.final.name}{SPARE}"
        self.foreign = foreign
        self._made: set[str] = set()
        self._written: dict[str, tuple[int, int]] = {}
        """Files `write` wrote in this process: path → (size, mtime_ns)."""
        self._old: dict[str, int] = {}
        """Files of the spare not yet kept or replaced by this process: path → inode."""
        self._recycled: frozenset[str] = frozenset()
        """Every file the spare held when it was taken."""
        self._folders: dict[str, int] = {}
        """Every folder of the spare: absolute path → inode."""
        self._empty: list[str] = []
        """The spare's folders found empty (removed before the swap unless written into)."""
        self._device = -1
        self._since = 0
        """When the spare was taken (ns, the file system's clock): whatever this build
        writes or links changes at or after it, what the spare held before."""
        self._keep = True
        """Whether the previous site may become the spare (not where names fold case)."""
        self._trash: list[Path] = []
        """Folders moved aside, removed after the swap."""
        self._thrown = itertools.count()
        """Numbers the spare's entries moved into the trash by this process."""

    def create(self) -> None:
        self.final.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.final)
        if self.dir.exists():
            shutil.rmtree(self.dir)
        if not self._recycle():
            self.dir.mkdir()
        (self.dir / OWNER).unlink(missing_ok=True)  # never written into: see the spare above
        (self.dir / OWNER).write_text(process_identity(os.getpid()), encoding="ascii")
        self.write(MARKER, MARKER_TEXT)

    def _recycle(self) -> bool:
        """Take the spare (the site before the current one) as the staging folder: its
        folders are kept, its files listed; anything else in it (a link, a foreign
        folder) is removed. False if there is no spare to take."""
        try:
            if not (stat.S_ISDIR(os.lstat(self.spare).st_mode) and (self.spare / MARKER).is_file()):
                return False  # not a site baoku wrote: left alone (the swap will not use the name)
            if os.path.exists(self.spare / MARKER.upper()):  # names fold case here: a renamed
                self._keep = False  # term could meet its old spelling; no spare on such disks
                return False
            os.rename(self.spare, self.dir)
        except OSError:  # another build took it, or it cannot be moved: start empty
            return False
        try:
            taken = os.lstat(self.dir)  # a rename changes the folder's ctime
            if not stat.S_ISDIR(taken.st_mode):
                raise NotADirectoryError(self.dir)  # a link put in the spare's place meanwhile
            self._since = taken.st_ctime_ns
            for name in self.foreign:
                if os.path.lexists(self.dir / name):
                    self._trash.append(aside(self.dir / name, self.final))
            files: dict[str, int] = {}
            self._scan(str(self.dir), "", files)
            self._device = taken.st_dev
            os.makedirs(self.dir / _TRASH, exist_ok=True)
        except OSError:  # the spare only ever saves time: any trouble with it, start empty
            remove_later(aside(self.dir, self.final))
            self._made, self._folders, self._empty = set(), {}, []
            return False
        self._old, self._recycled = files, frozenset(files)
        return True

    def renew(self) -> None:
        """Empty a staging folder taken from the spare when none of the spare's files can
        be kept (nothing of the last build is reused: new code, templates or settings):
        they are moved aside in one step each per top folder and removed after, rather
        than one by one as their paths are written (at 20,000 articles, 3.5 s more)."""
        if not self._recycled:
            return
        trash = self.dir / _TRASH  # inside: no other build removes it while it is filled
        trash.mkdir(exist_ok=True)
        with os.scandir(self.dir) as entries:
            for entry in entries:
                if entry.name not in (MARKER, OWNER, _TRASH, *self.foreign):
                    os.rename(entry.path, trash / entry.name)
        self._trash.append(aside(trash, self.final))
        self._old, self._recycled, self._folders, self._empty = {}, frozenset(), {}, []
        self._made = {str(self.dir)}

    def _scan(self, directory: str, prefix: str, files: dict[str, int]) -> None:
        self._made.add(directory)
        found = False
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    self._folders[entry.path] = entry.inode()
                    self._scan(entry.path, f"{prefix}{entry.name}/", files)
                    found = True
                elif entry.is_file(follow_symlinks=False):
                    files[prefix + entry.name] = entry.inode()
                    found = True
                else:  # a link (never followed: no path may lead out) or anything else
                    os.unlink(entry.path)
        if not found and prefix:
            self._empty.append(prefix.rstrip("/"))

    def target(self, rel: PurePosixPath | str) -> str:
        """The absolute file for a site-relative output path, refusing escapes.

        The check is lexical: the staging folder is created empty by this build, or
        taken from the spare with every link in it removed, so no link inside it can
        lead elsewhere. Plain strings, not pathlib: this
        runs for every page, and pathlib would cost more than the write."""
        rel = str(rel)
        parts = rel.split("/")
        if any(part in ("..", ".", "") for part in parts) or "\x00" in rel:
            raise UnsafePath(f"refusing to write {rel!r}: not inside the output folder")
        return str(self.dir) + os.sep + os.sep.join(parts)  # never restarts at a part, as os.path.join may

    def place(self, rel: PurePosixPath | str) -> str:
        """`target`, with its folder created."""
        path = self.target(rel)
        parent = os.path.dirname(path)
        if parent not in self._made:
            try:
                os.makedirs(parent, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                if not self._make_room(str(rel)):
                    raise
                os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return path

    def _make_room(self, rel: str) -> bool:
        """Remove what the spare holds in the way of the file `rel`: a file where one of
        its folders goes, a folder where it goes (moved aside). False if it is not the
        spare's alone: two paths of this build clash (pipeline._collisions forbids it)."""
        if not self._recycled:
            return False
        parts = rel.split("/")
        for end in range(1, len(parts) + 1):
            path = self.target("/".join(parts[:end]))
            try:
                found = os.lstat(path)
            except FileNotFoundError:
                return True
            if end < len(parts) and not stat.S_ISDIR(found.st_mode):
                if found.st_ctime_ns >= self._since:
                    return False  # written or linked by this build
                self._throw(path)
                return True
            if end == len(parts) and stat.S_ISDIR(found.st_mode):
                if found.st_ino != self._folders.get(path) or not self._untouched(path):
                    return False
                self._made = {made for made in self._made if not (made + os.sep).startswith(path + os.sep)}
                self._throw(path, folder=True)
        return True

    def _untouched(self, folder: str) -> bool:
        """Whether nothing under the spare's `folder` changed since it was taken."""
        with os.scandir(folder) as entries:
            for entry in entries:
                status = entry.stat(follow_symlinks=False)
                if status.st_ctime_ns >= self._since or (stat.S_ISDIR(status.st_mode)
                                                         and not self._untouched(entry.path)):
                    return False
        return os.lstat(folder).st_ctime_ns < self._since

    def write(self, rel: PurePosixPath | str, data: str | bytes) -> os.stat_result:
        """Write a new file; its status once written (reuse.py remembers who it is)."""
        path = self.place(rel)
        if self._old.pop(str(rel), None) is not None:  # the spare's file: the live site's too,
            self._throw(path)  # never written into
        try:  # exclusive: a page is never written twice
            handle = os.open(path, _CREATE, 0o666)
        except FileExistsError:
            if not (os.path.isdir(path) and self._make_room(str(rel))):
                raise FileExistsError(f"{rel} was already written in this build") from None
            handle = os.open(path, _CREATE, 0o666)
        try:
            view = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
            while view:
                view = view[os.write(handle, view):]
            status = os.fstat(handle)
        finally:
            os.close(handle)
        self._written[str(rel)] = (status.st_size, status.st_mtime_ns)
        return status

    def link(self, rel: str, source: str, status: os.stat_result) -> None:
        """Put the file `source` (whose status is `status`) at `rel`, hard-linked; left
        as it is where the spare already holds that very file there."""
        path = self.place(rel)
        old = self._old.pop(rel, None)
        if old is not None:
            if old == status.st_ino and status.st_dev == self._device:
                return
            self._throw(path)
        try:
            os.link(source, path)
        except FileExistsError:
            if not (os.path.isdir(path) and self._make_room(rel)):
                raise
            os.link(source, path)

    def _throw(self, path: str, folder: bool = False) -> None:
        """Move the spare's file at `path` out of the way, into the staging folder's trash
        (removed after the swap): renaming costs a third of unlinking a file whose blocks
        are then freed (30 against 90 µs, 265 µs in a day's build on this project's disk).
        Nothing if it is gone already (another worker's, or a linking that failed let the
        page be rendered); a folder only if `folder`."""
        try:
            if folder or not stat.S_ISDIR(os.lstat(path).st_mode):
                os.rename(path, f"{self.dir}{os.sep}{_TRASH}{os.sep}{os.getpid()}-{next(self._thrown)}")
        except (FileNotFoundError, NotADirectoryError):
            pass

    def written(self, elsewhere: dict[str, tuple[int, int]], folders: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
        """Every file written so far: site-relative path → (size, mtime_ns), which the
        swap does not change (uptodate.py). The files `write` wrote in this process,
        those written or linked `elsewhere` (by forked workers, as they told it), and
        those under `folders` (written by another process: listed). Not a listing of
        the whole folder: at 100,000 articles that took 0.5 s of a day's rebuild."""
        found = {**self._written, **elsewhere}
        for folder in folders:
            top = self.dir / folder
            if top.is_dir():
                found.update({f"{folder}/{rel}": mark for rel, mark in file_status(str(top)).items()})
        return found

    def swap(self, files: Collection[str], spare: bool = True) -> None:
        """Make the staging folder the site; the previous site becomes the spare if
        `spare` (most of its files are the new site's too: it was mostly reused), else
        it is removed.

        `files`: every file of the new site (`written`); anything else the spare held is
        removed first. Only a folder marked as a baoku site (or an empty one) is ever
        replaced: checked again here, in case something else took the output folder's
        place meanwhile."""
        self._prune(files)
        if os.path.isdir(self.dir / _TRASH):
            self._trash.append(aside(self.dir / _TRASH, self.final))
        (self.dir / OWNER).unlink(missing_ok=True)
        if self.final.exists() and not replaceable(self.final):
            raise FileExistsError(f"{self.final} is not a baoku site any more; it was left as it is")
        keep = spare and self._keep and not os.path.lexists(self.spare)
        old = self.spare if keep else old_name(self.final)
        if self.final.exists() and exchange(self.dir, self.final):
            # The new site is in place: nothing below may fail the build.
            try:
                os.replace(self.dir, old)  # the previous site, now at the staging name
            except OSError:  # the spare's name was taken meanwhile
                old = self.dir
        else:
            if self.final.exists():
                os.replace(self.final, old)
            os.replace(self.dir, self.final)
        with contextlib.suppress(OSError):
            if old != self.spare and old.exists():
                self._trash.append(old if old != self.dir else aside(old, self.final))
            self._remove_trash()

    def _remove_trash(self) -> None:
        """Remove what was moved aside only now: removing it while the build runs would
        take the cores and the disk from it (at 100,000 articles the spare's search
        folder alone holds 3,000 files)."""
        for folder in self._trash:
            remove_later(folder)
        self._trash.clear()

    def _prune(self, files: Collection[str]) -> None:
        """Remove the spare's files that the new site does not have (pages of articles
        gone, a list that has fewer pages), then the folders this leaves empty."""
        emptied = set(self._empty)
        for rel in self._recycled:
            if rel not in files:
                self._throw(self.target(rel))  # a folder `_make_room` made there stays
                emptied.add(rel.rpartition("/")[0])
        for folder in sorted(emptied, key=lambda f: (-f.count("/"), f)):
            while folder:
                try:
                    os.rmdir(self.target(folder))
                except OSError:  # not empty (or gone already): it stays
                    break
                folder = folder.rpartition("/")[0]

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self._remove_trash()


