"""Cut article text into (word, part-of-speech) pairs, exactly as jieba would.

Why a private dictionary and not `jieba.lcut`: the user dictionary (local terms, topic
aliases, places, people) is added to a private `jieba.Tokenizer()`, whose tables the
Segmenter then uses; the global tokenizer lives as long as the process. A private one
per build means an editor who removes a word from dictionary.txt gets a build without
it, and tests cannot leak words into each other.

Why HMM=False: jieba's HMM guesses words for runs of characters its dictionary does not
know. That finds some names, but it also makes fragments such as '的发' that rank as
rare, "interesting" topics, and it costs about half of the cutting time. Without it,
unknown runs stay single characters, which topic extraction ignores; names are rebuilt
from those characters by entities.py, where a title or a verb of speech vouches for them.

Why part-of-speech by lookup instead of `jieba.posseg`: posseg runs a second, slower HMM
(about 60k characters/s against 400k/s). Looking each word up in jieba's own tag table
gives the same tags for dictionary words, which are the only words kept.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import jieba  # type: ignore[import-untyped]

from .. import cachefile
from .lexicon import Lexicon

UNKNOWN = "x"
"""Tag of words jieba's tag table does not know (punctuation, Latin letters, numbers)."""

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")

TABLES_FILE = "segmenter.pickle"
TABLES_FORMAT = "baoku-segmenter-1"

# jieba's own patterns (jieba/__init__.py: re_han_default, re_eng). Between blocks jieba
# yields white space (re_skip_default, which matches what str.isspace() does) and single
# characters.
_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ABSENT = object()


def prepare(text: str) -> str:
    """NFKC-normalise and drop what is markup, not text: link targets, URLs, escapes.

    NFKC folds full-width Latin letters, digits and punctuation ('３４．４８', '（') to
    ASCII, so the same word is the same token whichever way an issue was typed. The rest
    of Markdown (#, *, >) is punctuation to jieba and falls out as non-words."""
    text = unicodedata.normalize("NFKC", text)
    # Each pattern is tried only where it can match: scanning costs more than the test.
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    if "http" in text:
        text = _URL.sub(" ", text)
    return text.replace("\\", "") if "\\" in text else text


@functools.cache
def _dictionary_tags() -> dict[str, str]:
    """Word → tag from jieba's own dictionary (read once per process, never changed)."""
    tags: dict[str, str] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with open(path, encoding="utf-8") as file:
        for line in file:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


@contextmanager
def _quiet_jieba() -> Iterator[None]:
    """jieba logs 'Building prefix dict…' to stderr on every load; keep builds quiet
    without changing its log level for the rest of the process."""
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Segmenter:
    """jieba's word segmentation (accurate mode, no HMM) with this archive's user
    dictionary, returning tagged words.

    The words are exactly those of `jieba.Tokenizer.cut(text, HMM=False)` (tests compare
    the two on every sample issue and on generated text), computed faster: jieba builds a
    dict of candidate words per position, then takes `max` over a generator that calls
    `log` for every candidate; here one backward pass over the text looks each prefix up
    once in a table of precomputed log-probabilities. Building that table (jieba's
    dictionary, its tag table and the user words, ~1 s) is done once and kept in
    `cache_dir` under a key of jieba's version, the lexicon and this code."""

    def __init__(self, lexicon: Lexicon, cache_dir: Path | None = None) -> None:
        path = cache_dir / TABLES_FILE if cache_dir is not None else None
        key = (TABLES_FORMAT, jieba.__version__, lexicon.digest,
               cachefile.code_digest([__file__]))
        tables = cachefile.read(path, key)
        if tables is None:
            tables = _tables(lexicon)
            if path is not None:
                cachefile.write(path, key, tables)
        self._logp: dict[str, float | None] = tables[0]
        self.tags: dict[str, str] = tables[1]
        """Word → part of speech: jieba's tag table and the user words."""
        self._unknown: float = tables[2]

    def cut(self, text: str) -> list[tuple[str, str]]:
        """The words of `text` (already `prepare`d) with their tags; white space dropped."""
        tag = self.tags.get
        return [(word, tag(word, UNKNOWN)) for word in self.cut_words(text)]

    def cut_words(self, text: str) -> list[str]:
        """The words of `text` (already `prepare`d), white space dropped: `cut` without
        the tags, which callers look up once per distinct word (`tags`)."""
        words: list[str] = []
        add = words.append
        cut_block = self._cut_block
        # A split on a capturing pattern alternates: text between blocks, then a block.
        for position, block in enumerate(_HAN.split(text)):
            if position % 2:
                cut_block(block, add)
            elif len(block) == 1:  # jieba: white space dropped, the rest one character at a time
                if not block.isspace():
                    add(block)
            elif block:  # str.split() splits at exactly the characters str.isspace() accepts
                words.extend("".join(block.split()))
        return words

    def _cut_block(self, block: str, add: Callable[[str], None]) -> None:
        """jieba's `__cut_DAG_NO_HMM`: the most probable path through the dictionary
        words of `block`, with runs of single ASCII letters and digits joined; each
        word is passed to `add`."""
        size = len(block)
        logp = self._logp.get
        unknown = self._unknown
        score = [0.0] * (size + 1)
        end = list(range(1, size + 2))
        for start in range(size - 1, -1, -1):
            best = 0.0
            best_end = 0
            stop = start + 1
            p = logp(block[start], _ABSENT)
            while p is not _ABSENT:
                # jieba: max((log(freq) - logtotal + route[x + 1][0], x) for x in DAG):
                # the same sums in the same order; a tie goes to the longer word.
                if p is not None and (best_end == 0 or p + score[stop] >= best):
                    best = p + score[stop]
                    best_end = stop
                if stop == size:
                    break
                stop += 1
                p = logp(block[start:stop], _ABSENT)
            if best_end == 0:
                best = unknown + score[start + 1]
                best_end = start + 1
            score[start] = best
            end[start] = best_end
        ascii_run = ""
        at = 0
        while at < size:
            stop = end[at]
            word = block[at:stop]
            if stop - at == 1 and word in _ASCII_ALNUM:
                ascii_run += word
            else:
                if ascii_run:
                    add(ascii_run)
                    ascii_run = ""
                add(word)
            at = stop
        if ascii_run:
            add(ascii_run)

    def is_word(self, word: str) -> bool:
        """Whether `word` is in the dictionary (jieba's or the user's) as a whole word."""
        return self._logp.get(word) is not None

    def words(self, text: str) -> list[str]:
        """Just the words, for tests and tools."""
        return self.cut_words(prepare(text))


def _tables(lexicon: Lexicon) -> tuple[dict[str, float | None], dict[str, str], float]:
    """(word or prefix → log-probability, None for a prefix that is no word; word → tag;
    log-probability of a character no word starts with), from a jieba tokenizer given the
    user words in lexicon order, as jieba would see them."""
    tokenizer = jieba.Tokenizer()
    with _quiet_jieba():
        tokenizer.initialize()
        for word in lexicon.words:
            tokenizer.add_word(word.word, word.freq, word.tag)
    log_total = math.log(tokenizer.total)
    logp = {word: (math.log(freq) - log_total if freq else None)
            for word, freq in tokenizer.FREQ.items()}
    # User words without a tag count as proper nouns (nz): they are listed because
    # they are names of things this paper writes about. The tag table reuses the word
    # table's strings, so the cached file stores each word once.
    tags = _dictionary_tags() | {w.word: w.tag or "nz" for w in lexicon.words}
    same = {word: word for word in logp}
    tags = {same.get(word, word): tag for word, tag in tags.items()}
    return logp, tags, 0.0 - log_total
