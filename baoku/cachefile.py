"""The build's cache under .cache/: one checked, content-addressed store of plain data.

Every cache of the build (parsed articles, per-article analysis, archive-wide analysis
state, article cards, page keys, segmenter tables) goes through `read` and `write` here,
directly or through `Entries` (a file plus a journal). A file is a fixed header and a
MessagePack payload of plain data (None, bool, int, float, str, bytes, tuples, dicts):

    magic b"baoku\\x1a\\x00c" · format version (u16) · payload length (u64)
    · SHA-256 of the key · SHA-256 of the payload · payload

Reading gives a value only when the magic and format version are ours, the key's hash
is the one asked for, the payload has the stated length and hash, it decodes, and the
caller's `decode` accepts its shape. Anything else is a miss: the value is rebuilt and
the build goes on. A stale key (other code, other inputs) is an ordinary miss; a
corrupt, truncated or foreign file is one warning line on the `baoku` logger. Nothing
read is ever code: MessagePack decodes to plain data only, so a poisoned cache cannot
run anything (the pickles this replaces could).

A cache can only save time, never fail a build: a folder that cannot be written (read
only, full, a file in its place) is one warning line, and the build goes on without
keeping its results.

Keys are derived, never bumped by hand: `code_key` hashes the source of the modules that
compute a result and of every module of this package they import (followed through
their imports), with the versions of the libraries they import (jieba, Jinja2, …).
The source is hashed as it is, comments included: an edit to a comment of extract.py
costs one cold analysis, which is the price of never serving a stale one.

Why MessagePack (bench/bench_cache.py --cache on the real .cache/ of a 20,000-article
synthetic archive: 20,000 articles, cards and facts, 29,157 pages' keys, the archive
state and the segmenter tables; writing and reading all of it back, seconds, medians of
5 on the shared 2-core machine, one run):

    format                                  write    read    size
    MessagePack, one payload per file        0.69    1.48   172 MB
    SQLite, a row per entry (MessagePack)    1.08    1.52   199 MB
    JSON, one text per file                  4.18    2.34   211 MB

SQLite read as fast but wrote a third slower, 16 % larger, and without any checksum
(each row would need its own); JSON was timed as a lower bound (nothing converted back
to tuples, bytes or integer keys on reading) and still lost on every count. A first
run under heavy load (load average 13) ranked them the same way on writing (1.2, 7.3,
26 s) and put MessagePack ahead on reading too (2.9, 11.8, 18 s); pickle, which this
replaced, took 2.2 and 2.2 s there.

SHA-256 rather than BLAKE2b for the checksums: hashlib's SHA-256 uses the CPU's SHA
instructions here, 0.08 s per 100 MB against 0.28 s.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import logging
import os
import re
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgpack

from . import parallel

log = logging.getLogger("baoku")

MAGIC = b"baoku\x1a\x00c"
VERSION = 1
"""Version of the file layout and of the plain-data conventions (not of any cache's
content: that is in each key)."""
_HEADER = struct.Struct("<8sHQ32s32s")
"""magic, version, payload length, key hash, payload hash."""
_PACKAGE = Path(__file__).resolve().parent
_NAME = __name__.split(".")[0]

T = TypeVar("T")

_BAD_SHAPE = (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError)
"""What a decode function raises for a value of the wrong shape."""

_unwritable: set[tuple[int | None, object]] = set()
"""(errno, file or device) of the cache folders already reported as unusable in this
process (`_once`)."""


def key_hash(key: object) -> bytes:
    """SHA-256 of a key made of plain data (MessagePack: the same key, the same bytes)."""
    return hashlib.sha256(msgpack.packb(key, use_bin_type=True)).digest()


def encode(key: object, value: object) -> bytes:
    """A whole cache file: header and payload."""
    payload = msgpack.packb(value, use_bin_type=True)
    return _HEADER.pack(MAGIC, VERSION, len(payload), key_hash(key), hashlib.sha256(payload).digest()) + payload


def decode_file(data: bytes, key: object, name: str = "cache file") -> Any | None:
    """The plain value of a cache file's bytes if it holds `key` and is whole, else None
    (with a warning unless it is merely stale)."""
    if len(data) < _HEADER.size:
        return _corrupt(name, "truncated" if data.startswith(MAGIC[:len(data)]) else "not a baoku cache file")
    magic, version, length, stored_key, checksum = _HEADER.unpack_from(data)
    if magic != MAGIC:
        return _corrupt(name, "not a baoku cache file")
    if not _written_under(magic, version, stored_key, key):
        return None  # written by other code or from other inputs: stale, not damaged
    payload = memoryview(data)[_HEADER.size:]
    if len(payload) != length:
        return _corrupt(name, f"truncated or padded ({len(payload)} bytes of payload, header says {length})")
    if hashlib.sha256(payload).digest() != checksum:
        return _corrupt(name, "checksum mismatch (corrupt)")
    try:
        with collector_paused():
            return msgpack.unpackb(payload, raw=False, use_list=False, strict_map_key=False)
    except (ValueError, TypeError, msgpack.UnpackException, RecursionError):
        return _corrupt(name, "payload cannot be decoded")


def holds(path: Path, key: object) -> bool:
    """Whether the file at `path` was written under `key` (only its header is read: a
    damaged payload is found when it is read)."""
    try:
        with open(path, "rb") as file:
            head = file.read(_HEADER.size)
    except OSError:
        return False
    if len(head) < _HEADER.size:
        return False
    magic, version, _, stored_key, _ = _HEADER.unpack_from(head)
    return _written_under(magic, version, stored_key, key)


def _written_under(magic: bytes, version: int, stored_key: bytes, key: object) -> bool:
    """Whether a file's header says it is ours, of this format, and holds `key`."""
    return magic == MAGIC and version == VERSION and stored_key == key_hash(key)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector while plain data is made (decoded, or converted to
    the objects the build uses): it holds no cycles, and the collector would walk the
    millions of new tuples again and again as they are made (a third of the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read(path: Path | None, key: object, decode: Callable[[Any], T] | None = None) -> Any | None:
    """The value stored at `path` under `key` (through `decode`, which raises TypeError,
    ValueError, KeyError or IndexError for a value of the wrong shape), or None for a
    missing, stale, corrupt or ill-shaped file."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            data = file.read()
    except (FileNotFoundError, NotADirectoryError):  # nothing kept there (writing tells why)
        return None
    except OSError as exc:
        _once(exc, path.parent, "cache folder %s cannot be read (%s): rebuilding what it held")
        return None
    value = decode_file(data, key, str(path))
    if value is None or decode is None:
        return value
    try:
        return decode(value)
    except _BAD_SHAPE as exc:
        return _corrupt(str(path), f"holds data of the wrong shape ({type(exc).__name__}: {exc})")


def write_soon(path: Path, key: object, value: object) -> None:
    """`write`, in a process of its own while the build goes on (parallel.soon), done
    before the build ends. A folder that cannot be made or written is found here first,
    and written to here (one warning line per cause and process, as every write); only a
    disk that fills meanwhile is told by the child."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ready = os.access(path.parent, os.W_OK)
    except OSError:
        ready = False
    if ready:
        parallel.soon(write, path, key, value)
    else:
        write(path, key, value)


def write(path: Path, key: object, value: object) -> bool:
    """Store `value` (plain data) under `key` at `path`, atomically; False, with one
    warning line per folder and process, if the folder cannot be written."""
    data = encode(key, value)
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temp, path)
        return True
    except OSError as exc:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
        _once(exc, path.parent, "cache folder %s cannot be written (%s): this build's results are not kept, "
              "so the next build will be slower")
        return False


def _once(exc: OSError, folder: Path, message: str) -> None:
    """Warn of a cache folder that cannot be used, once per cause and process: a file
    where the folder belongs is named once for every file under it, a full or read-only
    disk once for every folder on it."""
    culprit = folder
    while not culprit.exists() and culprit.parent != culprit:
        culprit = culprit.parent
    cause: tuple[int | None, object] = (None, str(culprit))  # a file in the folder's place
    if culprit.is_dir():
        try:
            cause = (exc.errno, os.stat(culprit).st_dev)
        except OSError:
            pass
    if cause not in _unwritable:
        _unwritable.add(cause)
        log.warning(message, culprit, exc.strerror or exc)


def _corrupt(name: str, problem: str) -> None:
    log.warning("ignoring cache file %s: %s; rebuilding what it held", name, problem)


def expect(value: object, kind: type[T]) -> T:
    """`value` if it is a `kind`, else TypeError (for decode functions)."""
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


# Code identity ---------------------------------------------------------------------------

_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)"
                     r"|import[ \t]+([\w. ,\t]+))", re.MULTILINE)


@functools.cache
def _source(file: Path) -> bytes:
    return file.read_bytes()


@functools.cache
def _module_file(name: str) -> Path | None:
    """The source file of a module of this package ('baoku.subjects.extract'), or of an
    imported module outside it (a caller's `prepare`); None if there is none."""
    parts = name.split(".")
    if parts[0] == _NAME:
        base = _PACKAGE.joinpath(*parts[1:])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    return Path(file) if file and file.endswith(".py") else None


@functools.cache
def _imports(name: str, file: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(modules of this package, top-level names of other libraries) that `file` imports."""
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    ours: set[str] = set()
    libraries: set[str] = set()
    for match in _IMPORT.finditer(_source(file).decode("utf-8", "replace")):
        source, names, plain = match.groups()
        if plain is not None:
            targets = [part.split()[0] for part in plain.split(",") if part.strip()]
        elif source.startswith("."):
            level = len(source) - len(source.lstrip("."))
            base = package.rsplit(".", level - 1)[0] if level > 1 else package
            module = f"{base}.{source.lstrip('.')}".rstrip(".")
            members = [n.split()[0] for n in names.strip("() \t\n").replace("\n", ",").split(",") if n.strip()]
            submodules = [f"{module}.{member}" for member in members]
            # `from . import a, b` runs the package's __init__ only for what it defines
            whole = source.strip(".") or not all(_module_file(m) for m in submodules)
            targets = ([module] if whole else []) + submodules
        else:
            targets = [source]
        for target in targets:
            top = target.split(".")[0]
            if top == _NAME:
                if _module_file(target) is not None:
                    ours.add(target)
            elif top and top not in sys.stdlib_module_names and top != "__future__":
                libraries.add(top)
    return frozenset(ours), frozenset(libraries)


@functools.cache
def library_version(name: str) -> str:
    """An installed library's version ('' if unknown), by distribution or import name."""
    try:
        return importlib.metadata.version(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        pass
    module = sys.modules.get(name)
    return str(getattr(module, "__version__", "")) if module is not None else ""


def file_hasher() -> Any:
    """A new hash of the kind file_digest gives, to feed a file in blocks."""
    return hashlib.blake2b(digest_size=20)


def file_digest(raw: bytes) -> bytes:
    """The hash a content file's bytes are known by: the up-to-date check's (uptodate.py,
    which hashes files as it reads them, in blocks) and the loader's cache key
    (content.py), so that the loader can take a file the check has hashed from its
    cache without reading it again."""
    hasher = file_hasher()
    hasher.update(raw)
    return hasher.digest()


@functools.cache
def code_key(*modules: str) -> str:
    """Hash of the source of `modules` and of every module of this package they import,
    directly or not, and of the versions of the other libraries those import: what a
    cached result computed by them depends on besides its own inputs. Computed once per
    process (the code cannot change while it runs)."""
    seen: dict[str, Path] = {}
    libraries: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        file = _module_file(name)
        if name in seen or file is None:
            continue
        seen[name] = file
        ours, theirs = _imports(name, file)
        libraries |= theirs
        todo.extend(ours - seen.keys())
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(f"{name}\x00".encode())
        digest.update(_source(seen[name]))
        digest.update(b"\x00")
    for library in sorted(libraries):
        digest.update(f"{library}={library_version(library)}\x00".encode())
    return digest.hexdigest()


# A cache of many entries ----------------------------------------------------------------

class Entries:
    """A cache of values by key (parsed articles, facts, cards), kept in one file plus a
    small journal of the entries added since that file was written.

    An edit to one article used to rewrite the whole file: about half a second at
    20,000 articles, for one entry. Now a build writes only its new entries to the
    journal (`<file>.journal`), and rewrites the file with just the entries it used
    when the journal and the entries no longer used together pass a COMPACT share of
    it, so the cache never grows far past the archive. The values are derived from
    their keys, so any mix of file and journal, even after a crash between writing one
    and removing the other, gives right answers. Both are checked files (`read`): a
    damaged one counts as empty. The values are plain data; the owner converts them
    (and checks each one's shape) as it uses them."""

    COMPACT = 8
    """Rewrite the file once journal + unused entries pass 1/COMPACT of the entries used."""

    def __init__(self, path: Path | None, key: object) -> None:
        self.path, self.key = path, key
        self.journal = path.with_name(path.name + ".journal") if path is not None else None
        base = read(path, key, _mapping)
        journal = read(self.journal, key, _mapping) if base is not None else None
        self._base: set[Any] = set(base) if base is not None else set()
        self._journalled: set[Any] = set(journal) if journal is not None else set()
        self.values: dict[Any, Any] = {**(base or {}), **(journal or {})}

    def save(self, used: set[Any]) -> None:
        """Keep the entries in `used` (those that have a value) for the next build."""
        if self.path is None or self.journal is None:
            return
        used = used & self.values.keys()
        recent = used - self._base
        if len(recent) + len(self._base - used) > len(used) // self.COMPACT:
            if write(self.path, self.key, {k: self.values[k] for k in used}):
                try:
                    self.journal.unlink(missing_ok=True)
                except OSError:
                    pass
                self._base, self._journalled = set(used), set()
        elif recent != self._journalled and write(self.journal, self.key, {k: self.values[k] for k in recent}):
            self._journalled = recent

    def forget(self, key: Any) -> None:
        """Drop one entry (its value had the wrong shape): the next save leaves it out."""
        self.values.pop(key, None)
        self._base.discard(key)


def _mapping(value: object) -> dict[Any, Any]:
    return expect(value, dict)
