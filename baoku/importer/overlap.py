"""How much a headline and a text share: the rule behind several attachments.

A headline repeats the words of its own story ('社区食堂' in a story about
community canteens) and hardly any of a neighbour's; a banner or slogan
shares little with anything near it.  We measure the share of the
headline's character pairs (bigrams of CJK characters, digits and letters)
that also occur in the text.  Pairs, not single characters, because single
characters such as 市 or 区 occur everywhere.
"""

from __future__ import annotations

from functools import lru_cache

from .text import fold


@lru_cache(maxsize=1024)
def _letters(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _pairs(text: str) -> set[str]:
    chars = [ch for ch in fold(text) if ch.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def overlap(headline: str, text: str) -> float:
    """Share (0..1) of `headline`'s character pairs that occur in `text`."""
    pairs = _pairs(headline)
    if not pairs:
        return 0.0
    folded = _letters(text)
    return sum(1 for p in pairs if p in folded) / len(pairs)
