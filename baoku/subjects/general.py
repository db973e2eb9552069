"""jieba's tables of general Chinese, looked up a word at a time: each word's part of
speech and frequency (jieba/dict.txt) and its IDF (jieba/analyse/idf.txt).

A cold analysis asks for most of both tables; a day's import asks for the words of its
few new articles, the topics it shows and the terms the archive never had, yet parsing
the two files into dicts took about 0.5 s of every such build (349,046 and 270,132
lines: 0.25 s each; the dicts are most of that, and decoding them whole from a
MessagePack cache file is no faster: 0.17–0.24 s).

So after the first parse each table is kept in the analysis cache (`dictionary.store`,
`idf.store`: plain data, cachefile) as its words in order, one a line, and its columns
of values (tags one a line; frequencies and IDF values as arrays' bytes). Reading a
store is a few splits and copies in C (30 ms for the IDF table, 50–70 ms for the
dictionary), a word is found by bisection (2 µs), and keeping a table costs about
0.2–0.3 s, in a process of its own where the build has one (parallel.soon). `complete` makes a table's dict, before many words are
looked up (a cold analysis, before its workers fork). The values are the files' own
whichever way they are found: tests/test_subjects_general.py holds every word's lookup
to the parse.

Grouping the words by a hash, each group decoded when first asked for, was tried first:
as fast to read and look up, but keeping it took 0.77 s (65,536 MessagePack maps).

The tables belong to the process (they are jieba's, the same for every archive): `keep_in`
says which cache folder holds them, before the first lookup; without one they are parsed.
A store is keyed by this module's code, jieba's version, and its file's size and time,
so another jieba (or an edited table) is parsed again.
"""

from __future__ import annotations

import functools
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jieba  # type: ignore[import-untyped]

from .. import cachefile, parallel

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


class Table:
    """A word → value table: its words in order and a column of values for each, a word
    found by bisection; or a dict (as parsed, or once `complete`)."""

    def __init__(self, words: list[str], columns: Sequence[Sequence[Any]],
                 values: dict[str, Any] | None = None) -> None:
        self._words = words
        self._columns = columns
        self._values = values

    @classmethod
    def parsed(cls, values: dict[str, Any]) -> Table:
        """A table of a parsed dict (of tuples, one value a column, when there are several)."""
        return cls([], [], values)

    def ordered(self) -> tuple[list[str], list[list[Any]]]:
        """A parsed table's words in order, and its columns (`_keep`)."""
        assert self._values is not None, "a table read from the cache is not kept again"
        values = self._values
        words = sorted(values)
        if not words or type(values[words[0]]) is not tuple:
            return words, [[values[word] for word in words]]
        return words, [[values[word][n] for word in words] for n in range(len(values[words[0]]))]

    def get(self, word: str, default: Any = None) -> Any:
        """The word's value (a tuple of its columns' when there are several), or `default`."""
        if self._values is not None:
            return self._values.get(word, default)
        words = self._words
        at = bisect_left(words, word)
        if at == len(words) or words[at] != word:
            return default
        if len(self._columns) == 1:
            return self._columns[0][at]
        return tuple(column[at] for column in self._columns)

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def complete(self) -> dict[str, Any]:
        """Every word's value, as a dict (made once: a lookup then costs a dict's)."""
        if self._values is None:
            columns = self._columns
            self._values = dict(zip(self._words, columns[0] if len(columns) == 1 else zip(*columns)))
        return self._values


_FOLDER: Path | None = None
"""Where the tables not read yet are read from and kept (`keep_in`)."""
_LOADED: dict[str, tuple[Table, float | None]] = {}
"""The tables read in this process, by name (with the IDF's median): the same whichever
folder kept them."""


def keep_in(cache_dir: Path | None) -> None:
    """Read the tables not read yet in this process from `cache_dir`, and keep those
    parsed there."""
    global _FOLDER
    _FOLDER = cache_dir


def tag(word: str) -> str | None:
    """The word's part of speech in jieba's dictionary; None when it lacks the word."""
    found = dictionary().get(word)
    return found[0] if found is not None else None


def frequency(word: str) -> int:
    """The word's frequency in jieba's dictionary; 0 for a word it lacks, or rarer than
    MIN_FREQUENCY."""
    found = dictionary().get(word)
    return found[1] if found is not None else 0


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


def _parsed_dictionary() -> tuple[Table, None]:
    tags, frequencies = parse_dictionary()
    return Table.parsed({word: (tag, frequencies.get(word, 0)) for word, tag in tags.items()}), None


def _parsed_idf() -> tuple[Table, float]:
    values, median = parse_idf()
    return Table.parsed(values), median


_PARSE: dict[str, Callable[[], tuple[Table, float | None]]] = {"dictionary": _parsed_dictionary, "idf": _parsed_idf}
_FILES = {"dictionary": DICTIONARY, "idf": IDF}
_ARRAYS = {"dictionary": ("", "q"), "idf": ("d",)}
"""Each table's columns as stored: '' text (one value a line), else an array's type."""


def _table(name: str) -> tuple[Table, Any]:
    found = _LOADED.get(name)
    if found is None:
        found = _LOADED[name] = _load(name, _FOLDER)
    return found


def _load(name: str, folder: Path | None) -> tuple[Table, Any]:
    path = folder / f"{name}.store" if folder is not None else None
    status = _FILES[name].stat()
    key = (cachefile.code_key(__name__), status.st_size, status.st_mtime_ns, sys.byteorder)
    stored = cachefile.read(path, key, functools.partial(_stored, _ARRAYS[name]))
    if stored is not None:
        return stored
    table, median = _PARSE[name]()
    if path is not None:
        parallel.soon(_keep, path, key, table, median, _ARRAYS[name])
    return table, median


def _keep(path: Path, key: object, table: Table, median: float | None, kinds: tuple[str, ...]) -> None:
    """The table as plain data: its words one a line, and each column as text or an
    array's bytes (decoded in C: reading the dictionary takes 50–70 ms)."""
    words, columns = table.ordered()
    stored = ["\n".join(column) if kind == "" else array(kind, column).tobytes()
              for kind, column in zip(kinds, columns)]
    cachefile.write(path, key, [median, "\n".join(words), stored])


def _stored(kinds: tuple[str, ...], value: object) -> tuple[Table, float | None]:
    median, words, stored = cachefile.expect(value, tuple)
    if (median is not None and type(median) is not float) or type(words) is not str \
            or type(stored) is not tuple or len(stored) != len(kinds):
        raise TypeError("not a table of jieba's")
    listed = words.split("\n")
    columns: list[Sequence[Any]] = []
    for kind, column in zip(kinds, stored):
        if kind == "":
            columns.append(cachefile.expect(column, str).split("\n"))
        else:
            numbers = array(kind)
            numbers.frombytes(cachefile.expect(column, bytes))
            columns.append(numbers)
        if len(columns[-1]) != len(listed):
            raise ValueError("a column of another length than the words")
    return Table(listed, columns), median
