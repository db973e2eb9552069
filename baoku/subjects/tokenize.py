"""Cut article text into (word, part-of-speech) pairs, exactly as jieba would.

The cutting is done by `rjieba` (the binding of jieba-rs, a maintained compiled port of
jieba): it gives jieba's no-HMM cuts at about 7 M characters/s against 0.87 M for the
hand-written Python copy of jieba's DAG cut it replaced and 0.32 M for jieba itself
(bench/bench_segmenter.py, medians on the bundled articles; on a loaded machine
about 2.5 M, 0.47 M and 0.2 M). jieba stays the reference and a dependency: tests assert
that both cut every bundled article identically with the user dictionary, and its tag
table and IDF table come from its package (general.py, which keeps them in the cache).

Why HMM=False: jieba's HMM guesses words for runs of characters its dictionary does not
know. That finds some names, but it also makes fragments such as '的发' that rank as
rare, "interesting" topics. Without it, unknown runs stay single characters, which
topic extraction ignores; entities.py runs the HMM only on the short runs of single
characters where a name may start (`Segmenter.guess_words`).

Why part-of-speech by lookup: every word kept as a topic is a dictionary word, and
looking it up in jieba's own tag table gives jieba's tag once per distinct word (`Tags`).
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import re
import sys
import unicodedata
from itertools import filterfalse
from typing import Any

from . import general
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
    # Each pattern is tried only where it can match: scanning costs more than the test.
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)
    if "http" in text:
        text = _URL.sub(" ", text)
    return text.replace("\\", "") if "\\" in text else text


class Tags:
    """Word → part of speech: a user word's (its tag, or nz: user words without a tag
    count as proper nouns, listed because they name things this paper writes about),
    else jieba's dictionary's (general.tag), each word looked up once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._known: dict[str, str | None] = {w.word: w.tag or "nz" for w in lexicon.words}

    def get(self, word: str, default: str | None = None) -> str | None:
        found = self._known.get(word, _ASK)
        if found is _ASK:
            found = self._known[word] = general.tag(word)
        return default if found is None else found  # type: ignore[return-value]


_ASK = object()


class Segmenter:
    """jieba's word segmentation (accurate mode, no HMM) with this archive's user
    dictionary, returning tagged words, computed by rjieba (jieba-rs, compiled).

    The words are those of `jieba.Tokenizer.cut(text, HMM=False)` given the same user
    words in the same order: tests compare the two on every bundled article and on
    generated text. One difference is documented and kept on purpose: jieba cuts only
    runs of U+4E00–U+9FD5 (its `re_han_default`), so a character of a CJK extension
    block ('䶮' U+4DAE in 刘䶮, '𬌗') always stands alone, even inside a user-dictionary
    name; jieba-rs treats every Han character as text, so a listed name keeps such a
    character and stays whole. Outside listed words both give single characters there.

    Each Segmenter has its own `rjieba.Jieba()` (its dictionary loaded in ~0.1 s), so an
    editor who removes a word from dictionary.txt gets a build without it, and tests
    cannot leak words into each other."""

    def __init__(self, lexicon: Lexicon) -> None:
        # No cache file: the compiled dictionary loads in ~0.1 s, faster than one would.
        self._jieba = _segmenter(lexicon)
        self.tags = Tags(lexicon)

    def cut(self, text: str) -> list[tuple[str, str]]:
        """The words of `text` (already `prepare`d) with their tags; white space dropped."""
        tag = self.tags.get
        return [(word, tag(word, UNKNOWN)) for word in self.cut_words(text)]

    def cut_words(self, text: str) -> list[str]:
        """The words of `text` (already `prepare`d), white space dropped: `cut` without
        the tags, which callers look up once per distinct word (`tags`)."""
        # jieba-rs yields white space as words of its own; jieba drops it (filtered in C).
        return list(filterfalse(str.isspace, self._jieba.cut(text, False)))

    def guess_words(self, window: str) -> list[tuple[str, str]]:
        """jieba's HMM on a short run of characters the dictionary cut into single ones:
        the words it guesses ('王|利|波' → 王利波) with rjieba's tags ('nr' for names)."""
        return self._jieba.tag(window, True)

    def words(self, text: str) -> list[str]:
        """Just the words, for tests and tools."""
        return self.cut_words(prepare(text))


def _segmenter(lexicon: Lexicon) -> Any:
    """A private compiled tokenizer given the user words in lexicon order, as jieba
    would see them (a word without a frequency gets jieba's suggested one)."""
    tokenizer = compiled()()
    for word in lexicon.words:
        tokenizer.add_word(word.word, word.freq, word.tag)
    return tokenizer


@functools.cache
def compiled() -> Any:
    """rjieba's tokenizer class (`rjieba.Jieba`), loaded from its compiled module alone.

    Importing the `rjieba` package builds a default tokenizer at once (its `cut`, `tag`
    and the like), loading jieba's whole dictionary: 0.11–0.14 s of every build, for an
    instance baoku never uses (each Segmenter has its own). The compiled module holds
    the class; it is loaded under its own name, so that a later `import rjieba` (tests,
    tools) finds it loaded and uses the same class. Anything unexpected in the package's
    layout: the package is imported as usual."""
    name = "rjieba.rjieba"
    if name not in sys.modules and "rjieba" not in sys.modules:
        package = importlib.util.find_spec("rjieba")  # found, not run
        folders = package.submodule_search_locations if package is not None else None
        if folders:
            finder = importlib.machinery.FileFinder(
                folders[0], (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES))
            spec = finder.find_spec(name)
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                try:
                    spec.loader.exec_module(module)
                except BaseException:
                    del sys.modules[name]
                    raise
    if name in sys.modules and hasattr(sys.modules[name], "Jieba"):
        return sys.modules[name].Jieba
    import rjieba  # type: ignore[import-untyped]
    return rjieba.Jieba
