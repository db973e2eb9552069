"""The output folder: what the build may replace, and what builds leave beside it.

The swap replaces a folder whole, so it must never be pointed at anything but a
site baoku built: `check_output` refuses an output folder that is, holds or lies
inside the content, or holds a project, and a non-empty folder without the MARKER
file every baoku site carries. Folders left by killed builds are removed by the
next one, unless the build that made them is still running.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import subprocess
import time
from pathlib import Path

from .errors import Problem

MARKER = ".baoku-site"
"""A file at the top of every site baoku writes: the swap only ever replaces a folder
that has it (or an empty one)."""
MARKER_TEXT = "This folder is a site built by baoku; the next build replaces it whole.\n"
PROJECT_FILES = (".git", "build.py", "pyproject.toml")
"""Any of these at the top of a folder means it is a project, never an output folder."""


OWNER = ".baoku-build"
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
    if out.is_dir() and not replaceable(out):
        return [Problem(where, 0, "--output", f"is not empty and has no {MARKER} file, so it is not a site "
                        "baoku built (or one built before baoku marked its sites); the build replaces its "
                        "output folder whole, so it will not touch it: choose an empty or new folder, or "
                        "move this one away yourself")]
    return []


def replaceable(folder: Path) -> bool:
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
                owner = (folder / OWNER).read_text(encoding="ascii")
            except OSError:
                owner = ""  # killed before it was recorded, or an old build's: look at the pid
                pid = name.rsplit("-", 1)[-1]
                if pid.isdigit() and process_identity(int(pid)):
                    continue
            else:
                pid = owner.split(" ", 1)[0]
                if pid.isdigit() and process_identity(int(pid)) == owner:
                    continue  # a build still running
        elif not name.startswith(f".{final.name}.old-"):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def process_identity(pid: int) -> str:
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


def exchange(a: Path, b: Path) -> bool:
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


def old_name(final: Path) -> Path:
    """A unique old-folder name beside `final` (removed by the next build if this one is
    killed before it removes it)."""
    return final.parent / f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}"


def aside(folder: Path, final: Path) -> Path:
    """Move `folder` to a unique old-folder name beside `final`; the new name."""
    old = old_name(final)
    os.replace(folder, old)
    return old


def remove_later(folder: Path) -> None:
    """Delete a folder (a previous site, what a build moved aside) without waiting for
    it: removing tens of thousands of files takes seconds."""
    if os.name == "posix" and shutil.which("rm"):
        subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(folder, ignore_errors=True)
