"""Cut article text into (word, part-of-speech) pairs with a private jieba tokenizer.

Why a private `jieba.Tokenizer()` and not `jieba.lcut`: the user dictionary (local terms,
topic aliases, places, people) is added to the tokenizer it is loaded into, and the global
one lives as long as the process. A private instance per build means an editor who
removes a word from dictionary.txt gets a build without it, and tests cannot leak words
into each other.

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
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jieba  # type: ignore[import-untyped]

from .lexicon import Lexicon

UNKNOWN = "x"
"""Tag of words jieba's tag table does not know (punctuation, Latin letters, numbers)."""

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")


def prepare(text: str) -> str:
    """NFKC-normalise and drop what is markup, not text: link targets, URLs, escapes.

    NFKC folds full-width Latin letters, digits and punctuation ('３４．４８', '（') to
    ASCII, so the same word is the same token whichever way an issue was typed. The rest
    of Markdown (#, *, >) is punctuation to jieba and falls out as non-words."""
    text = unicodedata.normalize("NFKC", text)
    text = _LINK_TARGET.sub("]", text)
    text = _URL.sub(" ", text)
    return text.replace("\\", "")


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
    """A jieba tokenizer with this archive's user dictionary, returning tagged words."""

    def __init__(self, lexicon: Lexicon) -> None:
        tokenizer = jieba.Tokenizer()
        with _quiet_jieba():
            tokenizer.initialize()
            for word in lexicon.words:
                tokenizer.add_word(word.word, word.freq, word.tag)
        self._tokenizer = tokenizer
        # User words without a tag count as proper nouns (nz): they are listed because
        # they are names of things this paper writes about. One merged table keeps the
        # lookup per word to a single dict access.
        self._tags = _dictionary_tags() | {w.word: w.tag or "nz" for w in lexicon.words}

    def cut(self, text: str) -> list[tuple[str, str]]:
        """The words of `text` (already `prepare`d) with their tags; white space dropped."""
        tag = self._tags.get
        return [(word, tag(word, UNKNOWN))
                for word in self._tokenizer.cut(text, HMM=False) if not word.isspace()]

    def is_word(self, word: str) -> bool:
        """Whether `word` is in the dictionary (jieba's or the user's) as a whole word."""
        return bool(self._tokenizer.FREQ.get(word))

    def words(self, text: str) -> list[str]:
        """Just the words, for tests and tools."""
        return [w for w, _ in self.cut(prepare(text))]

