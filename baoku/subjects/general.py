"""jieba's IDF table of general Chinese (jieba/analyse/idf.txt), looked up a few words at a time.

topics.priors blends each term's IDF in general Chinese into the archive's own. A cold
analysis asks for every term of the archive; a day's import asks only for the terms the
archive never had (a few hundred: names, places), yet parsing the whole table into a
dict took 0.22–0.34 s of every such build (270,132 lines; the dict is most of that cost,
and decoding it from a MessagePack cache file is no faster: 0.17–0.19 s).

So after the first parse the table is kept in the analysis cache (`general.store`, plain
data: cachefile) as GROUPS groups of words, by CRC-32 of the word, each group one
MessagePack map of about 66 words decoded the first time one of its words is asked for.
Reading the file costs about 10 ms, a word looked up 10–20 µs; a lookup of more than
MANY words at once decodes every group (the same values, as fast as a parse). The values
are the file's own, whichever way they were found: tests/test_subjects_general.py holds
lookups of every word to `parse`.

The store is keyed by this module's code, jieba's version, and the table file's size and
time, so another jieba (or an edited table) is parsed again.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import jieba  # type: ignore[import-untyped]
import msgpack

from .. import cachefile

FILE = "general.store"
GROUPS = 4096
"""Groups of words in the store (a power of two: a group is the CRC-32's low bits)."""
MANY = 20_000
"""A lookup of more words than this decodes every group at once."""
_TABLE = Path(jieba.__file__).parent / "analyse" / "idf.txt"


def parse(path: Path = _TABLE) -> tuple[dict[str, float], float]:
    """jieba's IDF table (word → idf) and its median, which stands for words it lacks."""
    values: dict[str, float] = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            parts = line.split()
            if len(parts) == 2:
                values[parts[0]] = float(parts[1])
    ordered = sorted(values.values())
    return values, ordered[len(ordered) // 2]


def _group(word: str) -> int:
    return zlib.crc32(word.encode()) & (GROUPS - 1)


class Idf:
    """jieba's IDF of words; the median for a word it lacks."""

    def __init__(self, median: float, values: dict[str, float] | None = None,
                 groups: Sequence[bytes] = ()) -> None:
        self.median = median
        self._values = values
        """Every word's IDF, once decoded (or parsed) whole; None until then."""
        self._groups = groups
        self._opened: dict[int, dict[str, float]] = {}

    def of(self, words: Sequence[str]) -> list[float]:
        """The IDF of each of `words`, in order."""
        if self._values is None and len(words) > MANY:
            self._values = {}
            for group in self._groups:
                self._values.update(msgpack.unpackb(group))
        if self._values is not None:
            found, median = self._values.get, self.median
            return [found(word, median) for word in words]
        return [self._open(_group(word)).get(word, self.median) for word in words]

    def _open(self, number: int) -> Mapping[str, float]:
        group = self._opened.get(number)
        if group is None:
            group = self._opened[number] = msgpack.unpackb(self._groups[number])
        return group


_LOADED: dict[Path | None, Idf] = {}
"""The table of this process, by the cache folder it was read from (None: parsed)."""


def idf(cache_dir: Path | None = None) -> Idf:
    """jieba's IDF table: from `cache_dir`'s store when it holds it, else parsed (and
    then kept there). Read once per process and folder."""
    found = _LOADED.get(cache_dir)
    if found is None:
        found = _LOADED[cache_dir] = _load(cache_dir)
    return found


def _key() -> tuple[str, int, int]:
    status = _TABLE.stat()
    return (cachefile.code_key(__name__), status.st_size, status.st_mtime_ns)


def _load(cache_dir: Path | None) -> Idf:
    path = cache_dir / FILE if cache_dir is not None else None
    key = _key() if path is not None else None
    stored = cachefile.read(path, key, _stored)
    if stored is not None:
        return Idf(*stored)
    values, median = parse()
    if path is not None:
        cachefile.write_soon(path, key, [median, _grouped(values)])
    return Idf(median, values)


def _grouped(values: dict[str, float]) -> list[bytes]:
    groups: list[dict[str, float]] = [{} for _ in range(GROUPS)]
    for word, value in values.items():
        groups[_group(word)][word] = value
    return [msgpack.packb(group) for group in groups]


def _stored(value: object) -> tuple[float, None, tuple[bytes, ...]]:
    median, groups = cachefile.expect(value, tuple)
    if type(median) is not float or type(groups) is not tuple or len(groups) != GROUPS \
            or not all(type(group) is bytes for group in groups):
        raise TypeError("not a table of IDF groups")
    return median, None, groups
