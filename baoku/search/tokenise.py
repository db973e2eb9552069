"""Text → the words Pagefind indexes: overlapping character bigrams.

Why bigrams: Pagefind's Chinese support segments the page with jieba at build
time and the query with the browser's ICU segmenter at search time; the two
disagree, so most queries miss most pages (see the notes on Pagefind and
Chinese). Overlapping bigrams need no dictionary: the text 潇河大桥 is indexed
as the words 潇河 河大 大桥 at consecutive positions, and the query 潇河大桥 is
found exactly where those three words occur in a row. Names jieba has never
seen are found as well as any dictionary word.

The rules, mirrored exactly by `normalise`/`units`/`bigrams` in
templates/static/search.js (tests compare the two):

1. Normalise: NFKC, then lower case, then drop whitespace and invisible
   characters (Unicode Cc and Cf), so 'ＰＭ２．５', 'pm2.5' and 'PM 2.5' agree.
2. Units: one per remaining character. Han ideographs, a–z and 0–9 stand for
   themselves; every other character (punctuation, symbols, other scripts) is
   written as two Yi syllables (U+A000–U+A48C, base 1165) that encode its code
   point. Pagefind strips punctuation from words (34.48 would become 3448 and
   match the wrong text), folds diacritics, and splits words at '_', '-', '.'
   and case changes, indexing the pieces as extra words; Yi syllables are
   letters without case, so the escape survives all of that. Real Yi text is
   escaped like any other script, so a unit is always either one plain
   character or exactly two Yi syllables: no unit is a prefix of another.
3. Words: every pair of neighbouring units, plus the last unit of a field
   alone, so a one-character query, searched as a prefix, finds the character
   wherever it is, including at the end of a field.

Fields (title, kicker, subtitle, body) are indexed one after another, each
followed by BOUNDARY, so a phrase never matches across two fields.
The title comes first, so a match at a position below the title's word count
is a match in the title (used for ranking).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable

# Whitespace (str.isspace) and invisible characters (Unicode Cc and Cf: zero-width
# spaces, joiners, BOM, soft hyphen…) as of Unicode 14. The browser side uses
# /[\s\p{Cc}\p{Cf}]/u, the same set; tests check this list against unicodedata.
_IGNORABLE = re.compile(
    "[\x00-\x20\x7f-\xa0\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u1680"
    "\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]+")

_PLAIN = re.compile(r"[a-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def normalise(text: str) -> str:
    """NFKC, lower case, without whitespace or invisible characters."""
    return _IGNORABLE.sub("", unicodedata.normalize("NFKC", text).lower())


_ESCAPE_BASE = 0xA000
_ESCAPE_RADIX = 1165  # U+A000..U+A48C; 1165² > 0x10FFFF
BOUNDARY = chr(_ESCAPE_BASE + _ESCAPE_RADIX - 1)
"""A word placed after every field: one lone Yi syllable (U+A48C, never the first
half of an escape, whose high part is at most U+A3BC), which no query produces.
It keeps a phrase from matching across two fields when only every other
word of the phrase is checked (see search.js, `coverOffsets`)."""


def unit(ch: str) -> str:
    """The indexed form of one normalised character (memoised by `units`' table)."""
    if _PLAIN.match(ch):
        return ch
    high, low = divmod(ord(ch), _ESCAPE_RADIX)
    return chr(_ESCAPE_BASE + high) + chr(_ESCAPE_BASE + low)


class _Units(dict[str, str]):
    """Character → its unit (`unit`), each character worked out once, when first met."""

    def __missing__(self, ch: str) -> str:
        found = self[ch] = unit(ch)
        return found


_UNITS = _Units()


def units(normalised: str) -> list[str]:
    """The units of an already normalised string.

    One dict lookup a character, in C (`map`): the characters an archive uses are a few
    thousand, each worked out once. (Escaping every non-plain character with a regex
    callback and then splitting the escaped text into units took 75–130 µs for a
    synthetic article of 610 characters, against 51 µs.)"""
    return list(map(_UNITS.__getitem__, normalised))


def bigrams(seq: list[str]) -> list[str]:
    """Neighbouring pairs of units; a single unit stays alone.

    This is what a query turns into: its words must occur at consecutive
    positions. (The lone last unit of a field is added by `field_words`.)"""
    if len(seq) < 2:
        return list(seq)
    return list(map(operator.add, seq, seq[1:]))


def field_words(text: str) -> list[str]:
    """The words indexed for one field: its bigrams, its last unit alone, BOUNDARY.

    Every unit of the field starts exactly one word, so word positions are
    unit positions."""
    seq = units(normalise(text))
    if not seq:
        return []
    words = bigrams(seq) if len(seq) > 1 else []
    words.append(seq[-1])
    words.append(BOUNDARY)
    return words


def record_words(title: str, fields: Iterable[str]) -> tuple[list[str], int]:
    """All words of one article, the title's first, and how many the title has."""
    words = field_words(title)
    title_count = len(words)
    for text in fields:
        words += field_words(text)
    return words, title_count
