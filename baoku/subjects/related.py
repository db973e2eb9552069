"""Five related articles per article: cosine similarity of TF-IDF vectors, topics weighted.

Comparing every pair is O(n²): 200 million pairs at 20,000 articles, far too slow in
Python. Instead each article keeps only its TOP_TERMS heaviest terms (a pruned,
normalised vector), and an inverted index maps each term to the POSTING_CAP articles
where it weighs most (a "champion list"). An article's candidates are the articles met
on the postings of its QUERY_TERMS heaviest terms (all its terms in a small archive);
only the best CANDIDATES of those are scored exactly, over the pruned vectors. The work
per article is bounded by QUERY_TERMS × POSTING_CAP, so the whole is linear in the
number of articles.

Topic terms weigh TOPIC_WEIGHT times more, so two articles about 社区食堂 meet even if
their wording differs. Pairs below MIN_SIMILARITY are not related, so an article about
something the archive has nothing else on gets fewer than five (or none). Ties are
broken by id, so the output never depends on timing or on the number of workers.
"""

from __future__ import annotations

import functools
import math
import struct
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain, islice

from ..parallel import map_spans

TOP_TERMS = 40
QUERY_TERMS = 8
SMALL_ARCHIVE = 5000
"""Up to this many articles every kept term looks for candidates, not just QUERY_TERMS:
the search is cheap there, and in a small archive the few articles that share a minor
term are the only related ones there are."""
POSTING_CAP = 64
CANDIDATES = 12
TOPIC_WEIGHT = 2.0
RELATED = 5
MIN_SIMILARITY = 0.04
"""Below this cosine two articles share little more than one common word (measured on the
sample issues: pairs under 0.04 were never about the same thing), so fewer than five
related articles are shown rather than unrelated ones."""

PARALLEL_MIN = 1000
"""Below this many articles the search takes a third of a second or less and runs in one
process (an update after a common word's IDF moved searches thousands again: on two
workers five such updates took 9.0 s instead of 10.6 s)."""

Vector = dict[str, float]
Numbered = bytes
"""A vector whose terms are numbers (`pack`): its n term numbers (int32) and then their n
weights (float64), heaviest first, little-endian. A dict of 40 numbered terms took
2.6 KB (1.1 KB of it the int objects of its keys) and the analysis state keeps one for
every article: 530 MB at 200,000 articles, and decoding them was the larger part of
reading the state (0.54 of 0.71 s at 100,000). Packed, a vector is one object of 513
bytes, decoded at once; `pairs`, `terms`, `head` and `weighed` read it (a C call or two)."""

@functools.cache
def _layout(form: str) -> struct.Struct:
    """The compiled little-endian struct of a packed vector's or shortlist's parts."""
    return struct.Struct("<" + form)


def pack(pairs: Sequence[tuple[int, float]]) -> Numbered:
    """A numbered vector from its (term number, weight) pairs, heaviest first."""
    count = len(pairs)
    return _layout(f"{count}i{count}d").pack(*[term for term, _ in pairs], *[weight for _, weight in pairs])


def terms(vec: Numbered) -> tuple[int, ...]:
    """A packed vector's term numbers, heaviest first."""
    return _layout(f"{len(vec) // 12}i").unpack_from(vec)


def head(vec: Numbered, count: int) -> tuple[int, ...]:
    """A packed vector's `count` heaviest term numbers (all, if it has fewer)."""
    return _layout(f"{min(count, len(vec) // 12)}i").unpack_from(vec)


def pairs(vec: Numbered) -> Iterator[tuple[int, float]]:
    """A packed vector's (term number, weight) pairs, heaviest first."""
    count = len(vec) // 12
    return zip(_layout(f"{count}i").unpack_from(vec), _layout(f"{count}d").unpack_from(vec, 4 * count))


def weighed(vec: Numbered) -> dict[int, float]:
    """A packed vector as a dict: term number → weight."""
    return dict(pairs(vec))


Champions = tuple[tuple[int, ...], tuple[float, ...]]
"""A term's best articles, heaviest first: (article indexes, their weights)."""


def vector(terms: Sequence[tuple[str, float]], idf: dict[str, float],
           topics: Sequence[str]) -> Vector:
    """The pruned, unit-length TF-IDF vector of one article (heaviest terms first)."""
    topical = set(topics)
    weights = [((1.0 + math.log(tf)) * idf[term] * (TOPIC_WEIGHT if term in topical else 1.0), term)
               for term, tf in terms]
    weights.sort(reverse=True)
    kept = weights[:TOP_TERMS]
    norm = math.sqrt(sum(w * w for w, _ in kept)) or 1.0
    return {term: w / norm for w, term in kept}


def numbered_vectors(vectors: Sequence[Vector]) -> list[Numbered]:
    """The vectors with their terms numbered in order of first use (the same content
    numbers them the same way). archive.py numbers terms as it meets them across builds
    instead: results never depend on the numbering (see `score`)."""
    numbers: dict[str, int] = {}
    return [pack([(numbers.setdefault(term, len(numbers)), weight) for term, weight in vec.items()])
            for vec in vectors]


def related(ids: Sequence[str], vectors: Sequence[Numbered], workers: int = 1) -> list[tuple[str, ...]]:
    """For each article (in order), the ids of up to RELATED most similar others."""
    found = search(ids, vectors, champion_lists(ids, vectors), range(len(ids)), workers)
    return [near for near, _ in found]


def champion_lists(ids: Sequence[str], vectors: Sequence[Numbered],
                   only: AbstractSet[int] | None = None) -> dict[int, Champions]:
    """Each term's best articles (of the terms `only` holds, when given; a term in no vector has none)."""
    order, rank = _id_order(ids)
    postings: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for index, vec in enumerate(vectors):
        if only is not None and only.isdisjoint(terms(vec)):
            continue
        by_rank = rank[index]
        for term, weight in pairs(vec):
            if only is None or term in only:
                postings[term].append((-weight, by_rank))
    return {term: _champions(sorted(items), order) for term, items in postings.items()}


def _id_order(ids: Sequence[str]) -> tuple[list[int], list[int]]:
    """Article indexes in id order, and each index's position in it. Postings are sorted
    by weight, then by id: an id's rank in id order stands for it, so (−weight, rank)
    tuples sort without a key function."""
    order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = [0] * len(ids)
    for position, index in enumerate(order):
        rank[index] = position
    return order, rank


def _champions(items: list[tuple[float, int]], order: list[int]) -> Champions:
    best = items[:POSTING_CAP]
    return tuple(order[by_rank] for _, by_rank in best), tuple(-weight for weight, _ in best)


def posting_counts(vectors: Sequence[Numbered]) -> dict[int, int]:
    """Term → how many vectors hold it (the length of its full posting list)."""
    return dict(Counter(chain.from_iterable(map(terms, vectors))))


def revise_champions(ids: Sequence[str], vectors: Sequence[Numbered], champions: dict[int, Champions],
                     counts: dict[int, int], before: Sequence[Numbered],
                     changed: AbstractSet[int]) -> tuple[dict[int, Champions | None], dict[int, int]]:
    """The champion lists after the vectors of the articles `changed` changed (`before`:
    the vectors the lists and `counts` were made from; an index past it is a new article),
    for every term those vectors hold or held (None: the term is in no vector now); and
    the posting counts, updated.

    A term's new list is its old list without the changed articles, merged with their new
    weights, whenever that is provably the list a full build makes: when no article
    outside the old list holds the term (the counts tell), or when the merged list is
    full and ends at or above the old list's last entry (every article outside the old
    list ranked below that entry, and the unchanged ones still do). Only the other terms are
    gathered again from every vector (few: it takes articles leaving a full list)."""
    order, rank = _id_order(ids)
    counts = dict(counts)
    entering: dict[int, list[tuple[float, int]]] = defaultdict(list)
    leaving: set[int] = set()
    for index in sorted(changed):
        for term in (terms(before[index]) if index < len(before) else ()):
            counts[term] -= 1
            leaving.add(term)
        for term, weight in pairs(vectors[index]):
            counts[term] = counts.get(term, 0) + 1
            entering[term].append((-weight, rank[index]))
    touched = entering.keys() | leaving
    revised: dict[int, Champions | None] = {}
    again = set()
    for term in touched:
        if not counts.get(term):
            counts.pop(term, None)
            revised[term] = None
            continue
        old = champions.get(term, ((), ()))
        kept = [(-weight, rank[other]) for other, weight in zip(*old) if other not in changed]
        merged = sorted(kept + entering.get(term, []))
        unseen = counts[term] - len(merged)  # articles holding the term, on no list here
        if unseen and not (len(merged) >= POSTING_CAP and old[0]
                           and merged[POSTING_CAP - 1] <= (-old[1][-1], rank[old[0][-1]])):
            again.add(term)
        else:
            revised[term] = _champions(merged, order)
    if again:
        revised.update(champion_lists(ids, vectors, again))
    return revised, counts


def query_terms(articles: int) -> int:
    """How many of an article's heaviest terms look for candidates, in an archive this size."""
    return TOP_TERMS if articles <= SMALL_ARCHIVE else QUERY_TERMS


Shortlist = tuple[tuple[int, ...], tuple[float, ...], float, tuple[float, ...]]
"""The candidates an article's related articles were chosen from (the CANDIDATES best
by partial score), their partial scores, a bound no other candidate's partial score
exceeds, and the candidates' exact scores. Kept so that an update can tell when a
change cannot reach an article, and rescore only what changed (archive.py); kept
packed (`pack_shortlist`: its n members as int32, then n partial scores, the bound and
n exact scores as float64): one object of 281 bytes instead of four tuples and 37
numbers (1.4 KB), decoded at once with the state."""

def pack_shortlist(shortlist: Shortlist) -> bytes:
    """A shortlist as the state keeps it."""
    members, partial, floor, exact = shortlist
    count = len(members)
    return _layout(f"{count}i{count}dd{count}d").pack(*members, *partial, floor, *exact)


def unpack_shortlist(packed: bytes) -> Shortlist:
    """A packed shortlist's members, partial scores, bound and exact scores."""
    count = (len(packed) - 8) // 20
    values = _layout(f"{count}i{count}dd{count}d").unpack(packed)
    return values[:count], values[count:2 * count], values[2 * count], values[2 * count + 1:]


def members(packed: bytes) -> tuple[int, ...]:
    """A packed shortlist's members (one C call: an update looks at every article's)."""
    return _layout(f"{(len(packed) - 8) // 20}i").unpack_from(packed)


def search(ids: Sequence[str], vectors: Sequence[Numbered], champions: dict[int, Champions],
           indexes: Sequence[int], workers: int = 1) -> list[tuple[tuple[str, ...], bytes]]:
    """The related articles of the articles at `indexes` (in that order), with the
    shortlist each was chosen from (packed)."""
    return map_spans(_search_span, (ids, vectors, champions, query_terms(len(ids)), indexes),
                     len(indexes), workers, PARALLEL_MIN)


def _search_span(state: tuple[Sequence[str], Sequence[Numbered], dict[int, Champions], int, Sequence[int]],
                 start: int, end: int) -> list[tuple[tuple[str, ...], bytes]]:
    ids, vectors, champions, query, indexes = state
    return [_search(index, vectors, ids, champions, query) for index in indexes[start:end]]


def _search(index: int, vectors: Sequence[Numbered], ids: Sequence[str], champions: dict[int, Champions],
            query_terms: int) -> tuple[tuple[str, ...], bytes]:
    partial: dict[int, float] = {}
    get = partial.get
    for term, weight in islice(pairs(vectors[index]), query_terms):  # vectors are heaviest first
        others, weights = champions[term]
        for other, other_weight in zip(others, weights):
            partial[other] = get(other, 0.0) + weight * other_weight
    partial.pop(index, None)
    # sorted() is stable, so equal partial scores keep their (deterministic) first-seen order.
    ranked = sorted(partial, key=partial.__getitem__, reverse=True)
    shortlist = tuple(ranked[:CANDIDATES])
    floor = partial[ranked[CANDIDATES]] if len(ranked) > CANDIDATES else 0.0
    vec = weighed(vectors[index])
    exact = tuple(score(vec, vectors[other]) for other in shortlist)
    return best(shortlist, exact, ids), pack_shortlist((shortlist, tuple(partial[o] for o in shortlist), floor, exact))


def score(vec: dict[int, float], other: Numbered) -> float:
    """The exact cosine of two vectors (the first `weighed`). fsum is exact whatever the
    order of the terms, so it never depends on how the terms happen to be numbered
    (analyse numbers new terms as they come)."""
    common = vec.keys() & terms(other)  # in C: most pairs share few terms, or none
    if not common:
        return 0.0
    weights = weighed(other)
    return math.fsum([vec[term] * weights[term] for term in common])


def best(shortlist: Sequence[int], scores: Sequence[float], ids: Sequence[str]) -> tuple[str, ...]:
    """The ids of the RELATED best-scored shortlisted articles (ties: by id)."""
    exact = sorted((-round(value, 12), ids[other]) for other, value in zip(shortlist, scores)
                   if value >= MIN_SIMILARITY)
    return tuple(other_id for _, other_id in exact[:RELATED])
