"""New words found whole: pieces of a longer name or term are joined into it, over the archive.

jieba's dictionary does not know 栗战书, 一带一路 or 流浪地球, and cuts them into words it
does know (栗|战书, 一带|一路, 流浪|地球). Those pieces then rank as rare, "interesting"
topics: 战书 (a letter of challenge) on every article about the chairman. jieba's HMM
cannot help: it guesses words only in runs of single characters.

So the archive decides. extract.py records, per article, the candidate words named
at least twice whose occurrences there (two thirds of them) have the same word beside
them (Facts.bonds: '战书' after '栗'). Here, a word is a piece when, in at least
PIECE_SHARE of the articles IDF counts that weigh it at least 2 (named twice, or in the
title; at least MIN_ARTICLES), it has the same neighbour on the same side: the cohesion
of the pair (the word is almost never without it) measured in articles, and the
boundary entropy of the word on that side (one neighbour, not many). A word bound on
both sides takes both (非|遗传|承人 → 非遗传承人). The word becomes the joined string in
every article where it has that neighbour or is named once (so no evidence against
it); where it is named more often with other neighbours, it stays itself (这一带 is not
一带一路). A joined string that is a stop word or names a person of the archive is no
topic at all.

The statistics count the same articles as IDF (topics.basis_cutoff: the articles before
the newest month, in a large archive), so a day's import does not move them, and each
article's result depends only on its own facts and the joins of its words
(`join_key`), which archive.py uses to update only what a changed join reaches.
Counting is a Counter over every article's words and few bonds (about 1 s at 100,000
articles); the table is kept (subjects/cache.py: joins.store) and counted again only when
the articles IDF counts change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from itertools import chain

from .extract import Facts

PIECE_SHARE = 0.8
"""A word with the same neighbour in at least this share of its articles is a piece."""
MIN_ARTICLES = 2
"""A word in fewer articles is never joined: one article is no evidence of a name."""
MAX_LENGTH = 8
"""Joined strings longer than this are phrases, not names."""


def joins(found: Sequence[Facts], dates: Sequence[dt.date], cutoff: dt.date | None) -> dict[str, tuple[str, str]]:
    """Word → (left neighbour, right neighbour) it is a piece with ('' for no side), from
    the articles before `cutoff` (every article when None)."""
    basis = [facts for facts, day in zip(found, dates, strict=True) if cutoff is None or day < cutoff]
    articles: Counter[str] = Counter(chain.from_iterable(
        [term for term, weight in zip(f.words, f.counts) if weight >= 2.0] for f in basis))
    bonded: Counter[tuple[str, str]] = Counter(chain.from_iterable(f.bonds for f in basis))
    sides: dict[str, list[str]] = {}
    for (word, joined), count in sorted(bonded.items()):
        total = articles[word]
        if total >= MIN_ARTICLES and count >= PIECE_SHARE * total:
            sides.setdefault(word, ["", ""])
            if joined.startswith(word):
                sides[word][1] = joined[len(word):]
            else:
                sides[word][0] = joined[:-len(word)]
    return {word: (left, right) for word, (left, right) in sorted(sides.items())
            if len(left) + len(word) + len(right) <= MAX_LENGTH}


def joined(facts: Facts, table: dict[str, tuple[str, str]], people: frozenset[str],
           stopwords: frozenset[str], promoted: Sequence[str] = ()) -> tuple[Facts, str]:
    """The facts with each piece replaced by the string it is part of here (weight: the
    larger of the two; both pieces of 一带|一路 count the same occurrences); joined
    strings that are stop words (常态|化) or name a person of the archive (`people`) are
    dropped, and so are the words inside `promoted`, the names this article's people
    gained from the rest of the archive (entities.promote). An article with none of
    either is returned as it is after one set operation; otherwise only its pieces are
    looked at, in set operations and dict lookups rather than a loop over every term
    (most articles of a large archive hold a piece).

    With them, what was changed ('' for nothing): the pieces joined, the strings they
    became and the names whose pieces were dropped, from which (and the facts given)
    the result follows, so `join_key` can name it without hashing every term."""
    extra = [name for name in promoted if name not in facts.people] if promoted else []
    words = facts.words
    pieces = table.keys() & words
    if not extra and not pieces:
        return facts, ""
    pairs = dict(zip(words, facts.counts))
    changed = False
    taken: list[str] = []
    made: list[tuple[str, float]] = []
    if pieces:
        bonds = set(facts.bonds)
        for term in sorted(pieces):  # in the order of the words (sorted)
            weight = pairs[term]
            left, right = table[term]
            if weight >= 2.0:  # named twice (or in the title): as its own neighbours say
                if left and (term, left + term) not in bonds:
                    left = ""
                if right and (term, term + right) not in bonds:
                    right = ""
            if left or right:
                del pairs[term]
                taken.append(term)
                changed = True
                whole = left + term + right
                if whole not in stopwords and whole not in people:
                    made.append((whole, weight))
        for whole, weight in made:  # a string named whole too, or joined from both pieces: the larger weight
            if whole not in pairs or weight > pairs[whole]:
                pairs[whole] = weight
    for name in extra:
        for piece in [t for t in pairs if t in name]:
            del pairs[piece]
            changed = True
    if not changed:
        return facts, ""
    change = repr((taken, sorted(made), extra))
    return Facts.of(sorted(pairs.items()), facts.section, facts.people, facts.places, facts.mentions,
                    facts.bonds), change


def wholes(table: dict[str, tuple[str, str]]) -> set[str]:
    """Every string `joined` can make from the pieces of `table` (a piece named twice
    keeps only the sides its own neighbours confirm)."""
    made = set()
    for word, (left, right) in table.items():
        made.add(left + word + right)
        if left:
            made.add(left + word)
        if right:
            made.add(word + right)
    return made


def join_key(key: str, change: str) -> str:
    """The article's facts key, extended by what joining changed in its terms (`joined`;
    archive.py compares keys to find the articles whose terms changed)."""
    if not change:
        return key
    digest = hashlib.blake2b(change.encode(), digest_size=10).hexdigest()
    return f"{key}+{digest}"
