"""Steps 3–5 of analyse, over the whole archive: IDF, then every article's topics and
related articles — from scratch, or updated from the last build when only a few
articles changed.

Any change to an article's words can in principle move every other article's topics
and related articles (through the archive's IDF and through the champion lists of
related.py), which from scratch takes seconds at 20,000 articles. But an edit rarely
reaches far. `update` follows exactly what depends on what, and recomputes only that:

- an article's topics and vector depend on its own facts, its front-matter topics and
  the IDF of its terms; a term's IDF depends on its document frequency and the number
  of articles. So only articles that changed, or contain a term whose document
  frequency changed, are ranked again;
- a term's champion list depends on the vectors containing it: only the lists of terms
  in a vector that changed (before or after) are rebuilt;
- an article's related articles depend on its vector, the champion lists of its query
  terms and the vectors of the candidates met there — and a candidate whose vector
  changed sits on one of those lists. So only changed articles and articles querying a
  list that changed, or that holds a changed article, are searched again.

The result is the one a build from scratch gives (tests compare the two): `_nearest`
sums with fsum, so not even the numbering of terms, which here grows as terms come,
can move a last bit. Adding or removing an article changes every IDF (they all depend
on the number of articles), so that case is computed from scratch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter

from ..model import Article
from ..parallel import map_spans
from . import related as related_
from . import topics as topics_
from .extract import Facts
from .lexicon import Lexicon

PARALLEL_MIN = 4000
"""Below this many articles, choosing topics takes well under a second in one process."""


@dataclass(frozen=True, slots=True)
class ArchiveState:
    """Everything the archive-wide steps computed, per article in order, and what from."""

    ids: tuple[str, ...]
    keys: tuple[str, ...]
    """Each article's facts key (cache.article_key): same key, same facts."""
    editor_topics: tuple[tuple[str, ...], ...]
    df: dict[str, int]
    priors: dict[str, float]
    """Term → its df_prior (topics.priors): kept, so that an update need not read jieba's table."""
    idf: dict[str, float]
    numbers: dict[str, int]
    """Term → number in the vectors and champion lists."""
    topics: list[tuple[str, ...]]
    vectors: list[related_.Numbered]
    champions: dict[int, related_.Champions]
    nearest: list[tuple[str, ...]]

    def pack(self) -> tuple[object, ...]:
        """Plain values, for the cache file (a renamed class cannot break it)."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))


def compute(articles: Sequence[Article], keys: Sequence[str], found: Sequence[Facts], lexicon: Lexicon,
            workers: int, previous: ArchiveState | None = None) -> ArchiveState:
    """Topics and related articles of every article; from `previous` (the last build's
    state, same lexicon and code) when it has the same articles in the same order."""
    ids = tuple(a.id for a in articles)
    editor = tuple(a.topics for a in articles)
    df, documents = topics_.document_frequencies(map(itemgetter(0), f.terms) for f in found)
    if previous is None or previous.ids != ids:
        priors = topics_.priors(df)
        idf = topics_.idf_values(df, documents, priors, df)
        numbers = {term: number for number, term in enumerate(idf)}
        everyone = range(len(ids))
        topics, vectors = _choose(articles, found, idf, numbers, lexicon, everyone, workers)
        champions = related_.champion_lists(ids, vectors)
        nearest = related_.nearest(ids, vectors, champions, everyone, workers)
        return ArchiveState(ids, tuple(keys), editor, dict(df), priors, idf, numbers, topics, vectors,
                            champions, nearest)
    return _update(previous, articles, keys, found, df, documents, lexicon, workers)


def _update(previous: ArchiveState, articles: Sequence[Article], keys: Sequence[str], found: Sequence[Facts],
            df: dict[str, int], documents: int, lexicon: Lexicon, workers: int) -> ArchiveState:
    moved_df = {t for t, n in df.items() if previous.df.get(t) != n} | (previous.df.keys() - df.keys())
    priors = {t: previous.priors[t] for t in df if t in previous.priors}
    if len(priors) < len(df):  # new terms: only now is jieba's table needed
        priors.update(topics_.priors(sorted(df.keys() - priors.keys())))
    idf = {t: v for t, v in previous.idf.items() if t not in moved_df}
    idf.update(topics_.idf_values(df, documents, priors, sorted(moved_df & df.keys())))
    numbers = dict(previous.numbers)
    for term in sorted(df.keys() - numbers.keys()):
        numbers[term] = len(numbers)

    editor = tuple(a.topics for a in articles)
    again = [i for i, (key, fact) in enumerate(zip(keys, found))
             if key != previous.keys[i] or editor[i] != previous.editor_topics[i]
             or (moved_df and not moved_df.isdisjoint(map(itemgetter(0), fact.terms)))]
    topics, vectors = list(previous.topics), list(previous.vectors)
    for i, chosen, vec in zip(again, *_choose(articles, found, idf, numbers, lexicon, again, workers)):
        topics[i], vectors[i] = chosen, vec
    changed = {i for i in again if vectors[i] != previous.vectors[i]}

    ids = previous.ids
    champions, nearest = previous.champions, previous.nearest
    if changed:
        touched: set[int] = set().union(*(previous.vectors[i].keys() | vectors[i].keys() for i in changed))
        fresh = related_.champion_lists(ids, vectors, touched)
        champions = dict(champions)
        moved_lists = set()
        for number in touched:
            old, new = champions.pop(number, None), fresh.get(number)
            if new is not None:
                champions[number] = new
            if old != new or (old is not None and not changed.isdisjoint(old[0])):
                moved_lists.add(number)
        query = related_.query_terms(len(ids))
        again = sorted(changed | {i for i, vec in enumerate(vectors)
                                  if not moved_lists.isdisjoint(islice(vec, query))})
        nearest = list(nearest)
        for i, near in zip(again, related_.nearest(ids, vectors, champions, again, workers)):
            nearest[i] = near
    return ArchiveState(ids, tuple(keys), editor, dict(df), priors, idf, numbers, topics, vectors, champions,
                        nearest)


def _choose(articles: Sequence[Article], found: Sequence[Facts], idf: dict[str, float], numbers: dict[str, int],
            lexicon: Lexicon, indexes: Sequence[int],
            workers: int) -> tuple[list[tuple[str, ...]], list[related_.Numbered]]:
    """Topics and related-articles vectors of the articles at `indexes`."""
    state = (articles, found, idf, numbers, lexicon, topics_.curated_topics(lexicon),
             topics_.entity_names(lexicon), indexes)
    chosen = map_spans(_choose_span, state, len(indexes), workers, PARALLEL_MIN)
    return [topics for topics, _ in chosen], [vector for _, vector in chosen]


def _choose_span(state: tuple[Sequence[Article], Sequence[Facts], dict[str, float], dict[str, int], Lexicon,
                              frozenset[str], frozenset[str], Sequence[int]],
                 start: int, end: int) -> list[tuple[tuple[str, ...], related_.Numbered]]:
    """Topics (the editor's, or the best-ranked terms) and the related-articles vector
    (terms numbered) of the articles at indexes[start:end]."""
    articles, found, idf, numbers, lexicon, curated, listed, indexes = state
    done = []
    for i in indexes[start:end]:
        article, fact = articles[i], found[i]
        if article.topics:
            chosen = topics_.editor_topics(article.topics, lexicon)
        else:
            ranked = topics_.scores(fact.terms, idf, curated)
            chosen = topics_.pick(ranked, curated, listed | frozenset(fact.places) | frozenset(fact.people))
        vector = related_.vector(fact.terms, idf, chosen)
        done.append((chosen, {numbers[term]: weight for term, weight in vector.items()}))
    return done
