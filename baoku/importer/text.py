"""Character-level helpers shared by the importer's rules.

Rules match on a *folded* copy of a line (full-width ASCII mapped to
half-width, ideographic space to a space) so that one pattern serves issues
printed with either punctuation width.  Folding keeps every index, so a match
on the folded copy slices the original text, which is what ends up in the
article: we never change the printed characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0xA0] = 0x20

SENTENCE_END = set("。!?…”’」』)】》:;")
"""Characters that may end a complete paragraph (after folding).  A body
line ending with anything else was cut by the layout, mid-sentence."""

CLAUSE_PUNCT = re.compile(r"[,;。]")
"""Punctuation that headlines never contain; body text nearly always does."""

WS = re.compile(r"\s+")


_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\xa0]")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Same length as `text`; full-width ASCII and odd spaces made plain.

    Cached: the rules fold the same lines many times.  Most lines need no
    change, and str.translate is slow on long CJK text, so we check first."""
    if not _NEEDS_FOLD.search(text):
        return text
    return _NEEDS_FOLD.sub(lambda m: chr(_FOLD[ord(m.group())]), text)


def compact(text: str) -> str:
    """`text` without any whitespace (how the importer compares texts)."""
    return WS.sub("", text)


def squeeze(text: str) -> str:
    """Whitespace runs collapsed to one space, ends trimmed (for headlines)."""
    return WS.sub(" ", text).strip()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff" or ch == "〇"


def cjk_count(text: str) -> int:
    return sum(1 for ch in text if is_cjk(ch))


def segments(text: str) -> list[str]:
    """Space-separated parts of a line (headlines print clauses this way)."""
    return text.split()


def is_letter_spaced(text: str) -> bool:
    """'迎 泽 区': every part a single character, at least two parts.
    Layout spaces out short labels to fill a column's width."""
    parts = text.split()
    return len(parts) >= 2 and all(len(p) == 1 for p in parts)


def unspace_letters(text: str) -> str:
    """'迎 泽 区' -> '迎泽区'; other text is only squeezed."""
    return "".join(text.split()) if is_letter_spaced(text) else squeeze(text)


def ends_open(text: str) -> bool:
    """True when a body line stops mid-sentence (cut at a column's end)."""
    stripped = fold(text).rstrip()
    return bool(stripped) and stripped[-1] not in SENTENCE_END
