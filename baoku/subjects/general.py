"""jieba's tables of general Chinese, looked up a word at a time: each word's part of
speech and frequency (jieba/dict.txt) and its IDF (jieba/analyse/idf.txt).

A cold analysis asks for most of both tables; a day's import asks for the words of its
few new articles, the topics it shows and the terms the archive never had, yet parsing
the two files into dicts took about 0.5 s of every such build (349,046 and 270,132
lines: 0.25 s each; the dicts are most of that, and decoding them whole from a
MessagePack cache file is no faster: 0.17–0.24 s).

So after the first parse each table is kept in the analysis cache (`dictionary.store`,
`idf.store`: plain data, cachefile) as GROUPS groups of words, by CRC-32 of the word,
each group a MessagePack map of a few words decoded the first time one of them is asked
for: reading a store costs about 10 ms, a word looked up 2–3 µs. `complete` decodes a
whole table at once, before many words are looked up (a cold analysis, before its
workers fork). The values are the files' own whichever way they are found:
tests/test_subjects_general.py holds every word's lookup to the parse.

The tables belong to the process (they are jieba's, the same for every archive): `keep_in`
says which cache folder holds them, before the first lookup; without one they are parsed.
A store is keyed by this module's code, jieba's version, and its file's size and time,
so another jieba (or an edited table) is parsed again.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jieba  # type: ignore[import-untyped]
import msgpack

from .. import cachefile, parallel

GROUPS = 1 << 16
"""Groups of words in a store (a power of two: a group is the CRC-32's low bits)."""
MIN_FREQUENCY = 50
"""Rarer dictionary words count as unknown to `frequency` (topics.specificity would give
them more than 0.99)."""
_PACKAGE = Path(jieba.__file__).parent
DICTIONARY = _PACKAGE / "dict.txt"
IDF = _PACKAGE / "analyse" / "idf.txt"


def parse_dictionary(path: Path = DICTIONARY) -> tuple[dict[str, str], dict[str, int]]:
    """Word → tag and word → frequency (those of at least MIN_FREQUENCY) from jieba's
    dictionary. The frequencies are counts of a large general corpus: how common a word
    is in Chinese at large.

    Every line of the file is 'word frequency tag': its words split at once and taken
    three by three (0.25 s) rather than line by line (0.42 s), when the count of words
    says every line has its three; otherwise line by line, skipping other lines."""
    text = path.read_text(encoding="utf-8")
    words, lines = text.split(), text.splitlines()
    if len(words) == 3 * (len(lines) - lines.count("")):
        names, counts, kinds = words[0::3], words[1::3], words[2::3]
    else:
        rows = [parts for parts in map(str.split, lines) if len(parts) == 3]
        names, counts, kinds = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    tags = dict(zip(names, kinds))
    frequencies = {name: n for name, n in zip(names, map(int, counts)) if n >= MIN_FREQUENCY}
    return tags, frequencies


def parse_idf(path: Path = IDF) -> tuple[dict[str, float], float]:
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


class Table:
    """A word → value table, decoded group by group as words are asked for, or whole."""

    def __init__(self, groups: Sequence[bytes] = (), values: dict[str, Any] | None = None) -> None:
        self._groups = groups
        self._values = values
        """Every word's value, once decoded (or parsed) whole; None until then."""
        self._opened: dict[int, dict[str, Any]] = {}

    def get(self, word: str, default: Any = None) -> Any:
        if self._values is not None:
            return self._values.get(word, default)
        number = _group(word)
        group = self._opened.get(number)
        if group is None:
            group = self._opened[number] = msgpack.unpackb(self._groups[number], use_list=False)
        return group.get(word, default)

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def complete(self) -> dict[str, Any]:
        """Every word's value (decoded whole once)."""
        if self._values is None:
            self._values = {}
            for group in self._groups:
                self._values.update(msgpack.unpackb(group, use_list=False))
        return self._values


_FOLDER: list[Path | None] = [None]
_LOADED: dict[str, tuple[Table, float | None]] = {}
"""The tables read in this process, by name (with the IDF's median): the same whichever
folder kept them."""


def keep_in(cache_dir: Path | None) -> None:
    """Read the tables not read yet in this process from `cache_dir`, and keep those
    parsed there."""
    _FOLDER[0] = cache_dir


def tag(word: str) -> str | None:
    """The word's part of speech in jieba's dictionary; None when it lacks the word."""
    found = dictionary().get(word)
    return found[0] if found is not None else None


def frequency(word: str) -> int:
    """The word's frequency in jieba's dictionary; 0 for a word it lacks, or rarer than
    MIN_FREQUENCY."""
    found = dictionary().get(word)
    return found[1] if found is not None else 0


def known(word: str) -> bool:
    """Whether jieba's dictionary has the word."""
    return word in dictionary()


def idf(words: Iterable[str]) -> list[float]:
    """jieba's IDF of each word, in order (its median for a word it lacks)."""
    table, median = _table("idf")
    return [table.get(word, median) for word in words]


def complete() -> None:
    """Decode the dictionary whole now: before many of its words are looked up, and
    before processes that will look them up fork (they then share it)."""
    dictionary().complete()


def dictionary() -> Table:
    """jieba's dictionary: word → (tag, frequency; 0 below MIN_FREQUENCY)."""
    return _table("dictionary")[0]


def _parsed_dictionary() -> tuple[dict[str, tuple[str, int]], None]:
    tags, frequencies = parse_dictionary()
    return {word: (kind, frequencies.get(word, 0)) for word, kind in tags.items()}, None


_PARSE: dict[str, Callable[[], tuple[dict[str, Any], float | None]]] = {
    "dictionary": _parsed_dictionary, "idf": parse_idf}
_FILES = {"dictionary": DICTIONARY, "idf": IDF}


def _table(name: str) -> tuple[Table, Any]:
    found = _LOADED.get(name)
    if found is None:
        found = _LOADED[name] = _load(name, _FOLDER[0])
    return found


def _load(name: str, folder: Path | None) -> tuple[Table, Any]:
    path = folder / f"{name}.store" if folder is not None else None
    status = _FILES[name].stat()
    key = (cachefile.code_key(__name__), status.st_size, status.st_mtime_ns)
    stored = cachefile.read(path, key, _stored)
    if stored is not None:
        median, groups = stored
        return Table(groups), median
    values, median = _PARSE[name]()
    if path is not None:
        parallel.soon(_keep, path, key, values, median)  # grouped beside the build where it can be
    return Table(values=values), median


def _keep(path: Path, key: object, values: dict[str, Any], median: float | None) -> None:
    groups: list[dict[str, Any]] = [{} for _ in range(GROUPS)]
    for word, value in values.items():
        groups[_group(word)][word] = value
    cachefile.write(path, key, [median, [msgpack.packb(group) for group in groups]])


def _stored(value: object) -> tuple[float | None, tuple[bytes, ...]]:
    median, groups = cachefile.expect(value, tuple)
    if (median is not None and type(median) is not float) or type(groups) is not tuple \
            or len(groups) != GROUPS or not all(type(group) is bytes for group in groups):
        raise TypeError("not a table of word groups")
    return median, groups
