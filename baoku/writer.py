"""Write the site into a staging folder, then swap it into place atomically.

A failed build never touches the previous site: everything is written beside it
first, and the swap exchanges the two folders in one system call where the OS has
one (Linux renameat2 RENAME_EXCHANGE), so the output folder is never absent. No
path is ever written outside the staging folder.

The swap replaces a folder whole, so it must never be pointed at anything but a
site baoku built: `check_output` refuses an output folder that is, holds or lies
inside the content, or holds a project, and a non-empty folder without the MARKER
file every baoku site carries. Folders left by killed builds are removed by the
next one, unless the build that made them is still running.

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
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from .errors import Problem
from .walk import file_status

MARKER = ".baoku-site"
"""A file at the top of every site baoku writes: the swap only ever replaces a folder
that has it (or an empty one)."""
SPARE = ".spare"
"""Suffix of the previous site kept beside the output folder (`.site.spare`), which the
next build takes as its staging folder; deleting it only costs that build time."""
MARKER_TEXT = "This folder is a site built by baoku; the next build replaces it whole.\n"
PROJECT_FILES = (".git", "build.py", "pyproject.toml")
"""Any of these at the top of a folder means it is a project, never an output folder."""

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
"""A new file, never an existing one. os.open, not open(): three system calls per page
instead of six (open() also asks fstat, isatty and the position), ~15 µs less per file."""


class UnsafePath(ValueError):
    """A page tried to write outside the output folder."""


class Staging:
    """A fresh folder beside the output folder that becomes the new site."""

    def __init__(self, output_dir: Path, foreign: tuple[str, ...] = ()):
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
        self._device = -1

    def create(self) -> None:
        self.final.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.final)
        if self.dir.exists():
            shutil.rmtree(self.dir)
        if not self._recycle():
            self.dir.mkdir()
        (self.dir / _OWNER).unlink(missing_ok=True)  # never written into: see the spare above
        (self.dir / _OWNER).write_text(_process_identity(os.getpid()), encoding="ascii")
        self.write(MARKER, MARKER_TEXT)

    def _recycle(self) -> bool:
        """Take the spare (the site before the current one) as the staging folder: its
        folders are kept, its files listed; anything else in it (a link, a foreign
        folder) is removed. False if there is no spare to take."""
        try:
            if not (self.spare / MARKER).is_file():
                if self.spare.exists():
                    _remove_later(_aside(self.spare, self.final))
                return False
            os.rename(self.spare, self.dir)
        except OSError:  # another build took it, or it cannot be moved: start empty
            return False
        files: dict[str, int] = {}
        for name in self.foreign:
            if os.path.lexists(self.dir / name):
                _remove_later(_aside(self.dir / name, self.final))
        self._scan(str(self.dir), "", files)
        self._old, self._recycled = files, frozenset(files)
        self._device = os.stat(self.dir).st_dev
        return True

    def renew(self) -> None:
        """Empty a staging folder taken from the spare when none of the spare's files can
        be kept (nothing of the last build is reused: new code, templates or settings):
        they are moved aside in one step each per top folder and removed after, rather
        than one by one as their paths are written (at 20,000 articles, 3.5 s more)."""
        if not self._recycled:
            return
        trash = _old_name(self.final)
        trash.mkdir()
        with os.scandir(self.dir) as entries:
            for entry in entries:
                if entry.name not in (MARKER, _OWNER, *self.foreign):
                    os.rename(entry.path, trash / entry.name)
        _remove_later(trash)
        self._old, self._recycled = {}, frozenset()
        self._made = {str(self.dir)}

    def _scan(self, directory: str, prefix: str, files: dict[str, int]) -> None:
        self._made.add(directory)
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    self._scan(entry.path, f"{prefix}{entry.name}/", files)
                elif entry.is_file(follow_symlinks=False):
                    files[prefix + entry.name] = entry.inode()
                else:  # a link (never followed: no path may lead out) or anything else
                    os.unlink(entry.path)

    def target(self, rel: PurePosixPath | str) -> str:
        """The absolute file for a site-relative output path, refusing escapes.

        The check is lexical: the staging folder is created empty by this build,
        so no link inside it can lead elsewhere. Plain strings, not pathlib: this
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
        its folders goes, a folder where it goes (moved aside). False if not a spare's."""
        if not self._recycled:
            return False
        parts = rel.split("/")
        for end in range(1, len(parts) + 1):
            path = self.target("/".join(parts[:end]))
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                break
            if end < len(parts) and not stat.S_ISDIR(mode):
                os.unlink(path)
                break
            if end == len(parts) and stat.S_ISDIR(mode):
                self._made = {made for made in self._made if not (made + os.sep).startswith(path + os.sep)}
                _remove_later(_aside(Path(path), self.final))
        return True

    def write(self, rel: PurePosixPath | str, data: str | bytes) -> os.stat_result:
        """Write a new file; its status once written (reuse.py remembers who it is)."""
        path = self.place(rel)
        if self._old.pop(str(rel), None) is not None:
            os.unlink(path)  # the spare's file: the live site's too, never written into
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
            os.unlink(path)
        try:
            os.link(source, path)
        except FileExistsError:
            if not (os.path.isdir(path) and self._make_room(rel)):
                raise
            os.link(source, path)

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
        (self.dir / _OWNER).unlink(missing_ok=True)
        if self.final.exists() and not _replaceable(self.final):
            raise FileExistsError(f"{self.final} is not a baoku site any more; it was left as it is")
        old = _old_name(self.final) if os.path.lexists(self.spare) or not spare else self.spare
        if self.final.exists() and _exchange(self.dir, self.final):
            os.replace(self.dir, old)  # the previous site, now at the staging name
        else:
            if self.final.exists():
                os.replace(self.final, old)
            os.replace(self.dir, self.final)
        if old != self.spare and old.exists():
            _remove_later(old)

    def _prune(self, files: Collection[str]) -> None:
        """Remove the spare's files that the new site does not have (pages of articles
        gone, a list that has fewer pages), then the folders this leaves empty."""
        emptied: set[str] = set()
        for rel in self._recycled:
            if rel not in files:
                # gone, or made a folder or put under a file by `_make_room`: not a file there
                with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    os.unlink(self.target(rel))
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


_OWNER = ".baoku-build"
"""In a staging folder while it is written: the process that writes it (pid and start time)."""


def check_output(output_dir: Path, content_dir: Path) -> list[Problem]:
    """Problems with using output_dir as the output folder: the build replaces it whole.

    Refused: the content folder itself, a folder inside it or holding it, a folder
    holding a project (.git, build.py, pyproject.toml), a file, and a folder with
    anything in it that is not a site baoku wrote (no MARKER), such as a site built
    before the marker existed."""
    where = str(output_dir)
    if output_dir.is_symlink():  # before resolving: the swap would replace what it points to
        return [Problem(where, 0, "--output", "is a link: name the folder itself")]
    out, content = output_dir.resolve(), content_dir.resolve()
    if out == content or out.is_relative_to(content):
        return [Problem(where, 0, "--output", f"is the content folder or inside it ({content_dir}); "
                        "the build replaces its output folder whole: choose another, e.g. --output site")]
    if content.is_relative_to(out):
        return [Problem(where, 0, "--output", f"holds the content folder {content_dir}; the build replaces "
                        "its output folder whole: choose a folder of its own, e.g. --output site")]
    if out.exists() and not out.is_dir():
        return [Problem(where, 0, "--output", "is a file, not a folder: choose a folder")]
    found = [name for name in PROJECT_FILES if (out / name).exists()]
    if found:
        return [Problem(where, 0, "--output", f"holds a project ({', '.join(found)}); the build replaces "
                        "its output folder whole: choose a folder of its own, e.g. --output site")]
    if out.is_dir() and not _replaceable(out):
        return [Problem(where, 0, "--output", f"is not empty and has no {MARKER} file, so it is not a site "
                        "baoku built (or one built before baoku marked its sites); the build replaces its "
                        "output folder whole, so it will not touch it: choose an empty or new folder, or "
                        "move this one away yourself")]
    return []


def _replaceable(folder: Path) -> bool:
    """A site baoku wrote, or an empty folder."""
    try:
        return (folder / MARKER).is_file() or not any(folder.iterdir())
    except OSError:
        return False


def remove_leftovers(final: Path) -> list[Path]:
    """Remove staging and old folders that killed builds left beside `final`; never a
    staging folder whose build is still running. Returns what was removed."""
    removed = []
    try:
        beside = list(final.parent.iterdir())
    except OSError:
        return removed
    for folder in beside:
        name = folder.name
        if name.startswith(f".{final.name}.staging-"):
            try:
                owner = (folder / _OWNER).read_text(encoding="ascii")
            except OSError:
                owner = ""  # killed before it was recorded, or an old build's: look at the pid
                pid = name.rsplit("-", 1)[-1]
                if pid.isdigit() and _process_identity(int(pid)):
                    continue
            else:
                pid = owner.split(" ", 1)[0]
                if pid.isdigit() and _process_identity(int(pid)) == owner:
                    continue  # a build still running
        elif not name.startswith(f".{final.name}.old-"):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _process_identity(pid: int) -> str:
    """'pid start-time' of a running process ('' if none): a pid alone may be reused."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return ""
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            started = stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "?"
    return f"{pid} {started}"


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if os.name != "posix" or not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _old_name(final: Path) -> Path:
    """A unique old-folder name beside `final` (removed by the next build if this one is
    killed before it removes it)."""
    return final.parent / f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}"


def _aside(folder: Path, final: Path) -> Path:
    """Move `folder` to a unique old-folder name beside `final`; the new name."""
    old = _old_name(final)
    os.replace(folder, old)
    return old


def _remove_later(folder: Path) -> None:
    """Delete the previous site without making the build wait for it: removing tens
    of thousands of files takes seconds, and the new site is already in place."""
    if os.name == "posix" and shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(folder, ignore_errors=True)
