"""Jumps between pages: '(上接第1版)' at a story's start, '(下转第2版)' at its end.

A continuation whose head is in the same file is joined to it; otherwise it
stays an article of its own with `continued_from` set.  Layout often prints a
continued story's headline away from its text (at the top of the page, with
no body under it): `best_orphan` picks, among such body-less headlines, the
one that shares most words with the continuation.
"""

from __future__ import annotations

import re

from .overlap import overlap
from .text import fold

_FROM = re.compile(r"^\s*\(\s*(?:上接|紧接|接|续)\s*第?\s*([A-Za-z]?\d{1,3})\s*(?:版|页)\s*\)\s*")
_TO = re.compile(r"\s*\(\s*(?:下转|转|续)\s*第?\s*([A-Za-z]?\d{1,3})\s*(?:版|页)\s*\)\s*$")

ORPHAN_MIN_OVERLAP = 0.5
"""Share of a headline's word pairs that must recur in a continuation before
the continuation takes that headline: half of them is far above chance
(unrelated headlines on a page share under a fifth)."""


def continued_from(text: str) -> tuple[str, str] | None:
    """'(上接第1版)疫情防控方面…' -> ('1', '疫情防控方面…'); None without a marker."""
    m = _FROM.match(fold(text))
    return (m.group(1), text[m.end():]) if m else None


def continued_to(text: str) -> str:
    """'…(下转第2版)' -> '2'; '' without a marker."""
    m = _TO.search(fold(text))
    return m.group(1) if m else ""


def best_orphan(body: str, candidates: list[tuple[int, str]]) -> int | None:
    """Index of the candidate headline that belongs to `body`, if any does.

    `candidates` are (index, headline text).  The winner must share at least
    ORPHAN_MIN_OVERLAP of its word pairs with the body and beat the others.
    """
    scored = sorted(((overlap(text, body), -i, i) for i, text in candidates), reverse=True)
    if scored and scored[0][0] >= ORPHAN_MIN_OVERLAP:
        return scored[0][2]
    return None
