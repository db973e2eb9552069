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
- an article's related articles are the best of a shortlist: the candidates met on the
  champion lists of its query terms with the highest partial scores. For an article
  whose lists changed, the change to each candidate's partial score is added up from
  the lists' differences alone (`_shift`); while the shortlisted candidates stay ahead
  of every other by a safe margin, the shortlist is the same, and only candidates whose
  vectors changed are scored again. Otherwise the article is searched again in full.

New articles after the last build's (a day's import) are ranked and searched like
edited ones, and enter the champion lists the same way: IDF counts only the articles
before the archive's newest month (topics.basis_cutoff), so a day's articles leave it
where it was. When the number of articles IDF counts changes (a new month begins,
articles are removed or inserted before the newest month), every IDF moves, and the
state is computed from scratch, as it is every MAX_UPDATES-th update.

The result is the one a build from scratch gives (property tests compare the two over
chains of edits and additions): exact scores are summed with fsum, so not even the
numbering of terms, which here grows as terms come, can move a last bit.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Article
from ..parallel import map_spans
from . import general
from . import related as related_
from . import topics as topics_
from .extract import Facts
from .lexicon import Lexicon

PARALLEL_MIN = 4000
"""Below this many articles, choosing topics takes well under a second in one process."""
MARGIN = 1e-9
"""How far a shortlisted partial score must stay above any other candidate's for an
update to keep the shortlist (a partial score sums at most TOP_TERMS products of
weights ≤ 1: its rounding is below 1e-14, even after MAX_UPDATES updates)."""
MAX_UPDATES = 1000
"""After this many updates in a row the state is computed from scratch once, so that
rounding in the shortlists' updated scores can never add up."""


@dataclass(frozen=True, slots=True)
class ArchiveState:
    """Everything the archive-wide steps computed, per article in order, and what from."""

    ids: tuple[str, ...]
    keys: tuple[str, ...]
    """Each article's facts key (cache.article_key): same key, same facts."""
    editor_topics: tuple[tuple[str, ...], ...]
    documents: int
    """How many articles IDF counts (topics.basis_cutoff)."""
    df: dict[str, int]
    """Term → in how many of those articles it occurs."""
    priors: dict[str, float]
    """Term → its df_prior (topics.priors): kept, so that an update need not read jieba's table."""
    idf: dict[str, float]
    sizes: tuple[int, ...]
    """How many of the articles IDF counts each of their months has (topics.month_spread)."""
    even: dict[str, float]
    """Term → its non-zero topics.evenness over those articles."""
    numbers: dict[str, int]
    """Term → number in the vectors and champion lists."""
    topics: list[tuple[str, ...]]
    vectors: list[related_.Numbered]
    champions: dict[int, related_.Champions]
    counts: dict[int, int]
    """Term number → how many vectors hold it (related.revise_champions)."""
    nearest: list[tuple[str, ...]]
    shortlists: list[bytes]
    """Each article's shortlist, packed (related.pack_shortlist)."""
    updates: int
    """Updates since the state was last computed from scratch (see MAX_UPDATES)."""
    people: tuple[tuple[str, ...], ...] = ()
    """Each article's people, as joining read them (entities.promote; set by analyse)."""
    joins: str = ""
    """Which table of pieces joined the words (cache.joins_version; set by analyse)."""
    basis: str = ""
    """The articles IDF counts, and their months (analyse's basis_digest)."""

    def pack(self) -> tuple[object, ...]:
        """Plain values, for the cache file (a renamed class cannot break it): tuples,
        dicts, strings and numbers, as `unpack` takes them back."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))

    @classmethod
    def unpack(cls, values: object) -> ArchiveState:
        """The state `pack` gave, from the plain data the cache store decoded (tuples
        for every sequence); TypeError if it has another shape."""
        if type(values) is not tuple or len(values) != len(_STATE_TYPES):
            raise TypeError("not the fields of an archive state")
        for value, kind in zip(values, _STATE_TYPES):
            if type(value) is not kind:
                raise TypeError(f"{type(value).__name__} where a {kind.__name__} belongs")
        (ids, keys, editor, documents, df, priors, idf, sizes, even, numbers, topics, vectors, champions, counts,
         nearest, shortlists, updates, people, joins, basis) = values
        n = len(ids)
        if not (len(keys) == len(editor) == len(topics) == len(vectors) == len(nearest) == len(shortlists) == n
                and len(people) in (0, n)):
            raise ValueError("the per-article lists differ in length")
        if not all(type(v) is bytes and len(v) % 12 == 0 for v in vectors) or not all(type(c) is tuple and len(c) == 2
                                                                  for c in champions.values()):
            raise TypeError("vectors or champion lists of another shape")
        if not all(type(s) is bytes and len(s) >= 8 and (len(s) - 8) % 20 == 0 for s in shortlists):
            raise TypeError("shortlists of another shape")
        return cls(ids, keys, editor, documents, df, priors, idf, sizes, even, numbers, list(topics), list(vectors),
                   champions, counts, list(nearest), list(shortlists), updates, people, joins, basis)


_STATE_TYPES = (tuple, tuple, tuple, int, dict, dict, dict, tuple, dict, dict, tuple, tuple, dict, dict, tuple, tuple,
                int, tuple, str, str)
"""The plain type of each field of ArchiveState, as the cache store decodes it."""


Frequencies = tuple[Mapping[str, object], Mapping[str, int], int, tuple[int, ...], dict[str, float]]
"""(every term of the archive, the document frequencies IDF counts, how many articles
it counts, their months' sizes, evenness): what `_frequencies` counts."""


def compute(articles: Sequence[Article], keys: Sequence[str], found: Sequence[Facts], lexicon: Lexicon,
            workers: int, previous: ArchiveState | None = None,
            frequencies: Frequencies | None = None) -> ArchiveState:
    """Topics and related articles of every article; from `previous` (the last build's
    state, same lexicon and code) when it has the same articles in the same order
    (perhaps followed by new ones) and IDF counts as many articles.

    `frequencies`: what `_frequencies` would count, when the caller knows it without
    reading every article's words (the articles IDF counts are those of `previous`);
    an update then reads `found[i]` only for the articles it ranks again."""
    ids = tuple(a.id for a in articles)
    editor = tuple(a.topics for a in articles)
    present, df, documents, sizes, even = frequencies or _frequencies(articles, found)
    if (previous is None or previous.updates >= MAX_UPDATES or ids[:len(previous.ids)] != previous.ids
            or documents != previous.documents or sizes != previous.sizes
            or related_.query_terms(len(ids)) != related_.query_terms(len(previous.ids))):
        general.complete()  # every article is ranked: most of jieba's dictionary is looked up
        priors = topics_.priors(list(present))
        idf = topics_.idf_values(df, documents, priors, present)
        numbers = {term: number for number, term in enumerate(idf)}
        everyone = range(len(ids))
        topics, vectors = _choose(articles, found, idf, even, numbers, lexicon, everyone, workers)
        champions = related_.champion_lists(ids, vectors)
        found_near = related_.search(ids, vectors, champions, everyone, workers)
        return ArchiveState(ids, tuple(keys), editor, documents, dict(df), priors, idf, sizes, even, numbers,
                            topics, vectors, champions, related_.posting_counts(vectors), [near for near, _ in found_near],
                            [short for _, short in found_near], 0)
    return _update(previous, articles, keys, editor, found, present, df, documents, sizes, even, lexicon, workers)


def _frequencies(articles: Sequence[Article], found: Sequence[Facts]
                 ) -> tuple[Counter[str], Counter[str], int, tuple[int, ...], dict[str, float]]:
    """Every term of the archive (with its document frequency, terms in order of first
    use); the document frequencies among the articles IDF counts, their number, their
    months' sizes and every term's evenness over them."""
    present, _ = topics_.document_frequencies(f.words for f in found)
    cutoff = topics_.basis_cutoff([a.date for a in articles])
    basis = range(len(articles)) if cutoff is None else [i for i, a in enumerate(articles) if a.date < cutoff]
    spread, sizes = topics_.month_spread((found[i].words for i in basis),
                                         (topics_.month_of(articles[i].date) for i in basis))
    if cutoff is None:
        df, documents = present, len(articles)
    else:
        recent, count = topics_.document_frequencies(f.words
                                                     for a, f in zip(articles, found) if a.date >= cutoff)
        df, documents = present - recent, len(articles) - count
    return present, df, documents, sizes, topics_.even_terms(spread, df, sizes)


def _update(previous: ArchiveState, articles: Sequence[Article], keys: Sequence[str],
            editor: tuple[tuple[str, ...], ...], found: Sequence[Facts], present: Mapping[str, object],
            df: Mapping[str, int],
            documents: int, sizes: tuple[int, ...], even: dict[str, float], lexicon: Lexicon,
            workers: int) -> ArchiveState:
    old = len(previous.ids)
    moved_df = {t for t, n in df.items() if previous.df.get(t) != n} | (previous.df.keys() - df.keys())
    moved_even = {t for t in even.keys() | previous.even.keys() if even.get(t) != previous.even.get(t)}
    priors = {t: previous.priors[t] for t in present if t in previous.priors}
    if len(priors) < len(present):  # new terms: only now is jieba's table needed
        priors.update(topics_.priors(sorted(present.keys() - priors.keys())))
    idf = {t: v for t, v in previous.idf.items() if t not in moved_df and t in present}
    idf.update(topics_.idf_values(df, documents, priors, sorted(present.keys() - idf.keys())))
    numbers = dict(previous.numbers)
    for term in sorted(present.keys() - numbers.keys()):
        numbers[term] = len(numbers)

    moved = moved_df | moved_even
    again = [i for i, key in enumerate(keys)
             if i >= old or key != previous.keys[i] or editor[i] != previous.editor_topics[i]
             or (moved and not moved.isdisjoint(found[i].words))]
    added = len(articles) - old
    topics, vectors = list(previous.topics) + [()] * added, list(previous.vectors) + [b""] * added
    for i, chosen, vec in zip(again, *_choose(articles, found, idf, even, numbers, lexicon, again, workers)):
        topics[i], vectors[i] = chosen, vec
    changed = {i for i in again if i >= old or vectors[i] != previous.vectors[i]}

    ids = tuple(a.id for a in articles)
    champions, counts = previous.champions, previous.counts
    nearest, shortlists = previous.nearest, previous.shortlists
    if changed:
        revised, counts = related_.revise_champions(ids, vectors, champions, counts, previous.vectors, changed)
        champions = dict(champions)
        deltas: dict[int, dict[int, float]] = {}
        for number, new_list in revised.items():
            old_list = champions.pop(number, None)
            if new_list is not None:
                champions[number] = new_list
            if old_list != new_list:
                deltas[number] = _difference(old_list, new_list)
        rises = {number: max([0.0, *change.values()]) for number, change in deltas.items()}
        nearest, shortlists = list(nearest) + [()] * added, list(shortlists) + [b""] * added
        query = related_.query_terms(len(ids))
        again = sorted(changed)
        for i, vec in enumerate(vectors):
            if i in changed:
                continue
            shifted = _shift(i, vec, query, deltas, rises, shortlists[i], old)
            if shifted is None:
                again.append(i)
                continue
            if type(shifted) is bytes:  # none of the lists it queries changed
                if changed.isdisjoint(related_.members(shifted)):
                    continue
                shifted = related_.unpack_shortlist(shifted)
            members, partial, floor, exact = shifted
            if not changed.isdisjoint(members):  # same candidates, some with new vectors
                weights = related_.weighed(vec)
                exact = tuple(related_.score(weights, vectors[m]) if m in changed else value
                              for m, value in zip(members, exact))
                nearest[i] = related_.best(members, exact, ids)
            shortlists[i] = related_.pack_shortlist((members, partial, floor, exact))
        for i, (near, short) in zip(again, related_.search(ids, vectors, champions, again, workers)):
            nearest[i], shortlists[i] = near, short
    return ArchiveState(ids, tuple(keys), editor, documents, dict(df), priors, idf, sizes, even, numbers, topics,
                        vectors, champions, counts, nearest, shortlists, previous.updates + 1)


def _difference(old: related_.Champions | None, new: related_.Champions | None) -> dict[int, float]:
    """How much each article's weight on a champion list changed (leaving: −weight)."""
    change: dict[int, float] = {}
    if old is not None:
        for other, weight in zip(*old):
            change[other] = -weight
    if new is not None:
        for other, weight in zip(*new):
            change[other] = change.get(other, 0.0) + weight
    return {other: value for other, value in change.items() if value}


def _shift(index: int, vec: related_.Numbered, query: int, deltas: dict[int, dict[int, float]],
           rises: dict[int, float], packed: bytes, first_new: int) -> related_.Shortlist | bytes | None:
    """An article's shortlist (`packed`) after its query terms' champion lists changed by
    `deltas`, if that provably leaves the same candidates on it (only their partial
    scores move); `packed` itself if none of those lists changed; None if it may not,
    and the article must be searched again.

    A search ranks candidates by partial score (related._search). A shortlisted
    candidate's score moves by the changes on the lists the article queries; any other
    candidate scored at most the shortlist's floor before, so at most that plus its
    change now — and at most that plus the sum of each list's largest rise (`rises`),
    which is tried first: it costs a few additions where the exact changes cost one per
    article on the changed lists. A new article (at `first_new` or after) scored nothing
    before, so its change is its score. While every shortlisted score stays above every
    such bound by MARGIN (far above the rounding of these sums), a new search
    shortlists the same candidates."""
    queried = [term for term in related_.head(vec, query) if term in deltas]
    if not queried:
        return packed
    weights = related_.weighed(vec)
    lists = [(deltas[term], weights[term]) for term in queried]
    shortlist = related_.unpack_shortlist(packed)
    members, scores, floor, exact = shortlist
    if len(members) == related_.CANDIDATES:
        position = {member: k for k, member in enumerate(members)}
        moved = list(scores)
        for change, weight in lists:
            for member in change.keys() & position.keys():  # the few members on this list
                moved[position[member]] += weight * change[member]
        bound = floor + sum(weights[term] * rises[term] for term in queried)
        if min(moved) > bound + MARGIN:
            return members, tuple(moved), bound, exact
    return _shift_exactly(index, lists, shortlist, first_new)


def _shift_exactly(index: int, lists: list[tuple[dict[int, float], float]], shortlist: related_.Shortlist,
                   first_new: int) -> related_.Shortlist | None:
    """`_shift` with every candidate's change added up: the tighter bound."""
    moved: dict[int, float] = {}
    for change_on_list, weight in lists:
        for other, change in change_on_list.items():
            moved[other] = moved.get(other, 0.0) + weight * change
    moved.pop(index, None)
    members, scores, floor, exact = shortlist
    scores = tuple(score + moved.pop(member, 0.0) for member, score in zip(members, scores))
    if moved and len(members) < related_.CANDIDATES:
        return None  # a new candidate: room on the shortlist for it
    known = [0.0] + [change for other, change in moved.items() if other < first_new]
    floor = max([floor + max(known)] + [change for other, change in moved.items() if other >= first_new])
    if scores and min(scores) <= floor + MARGIN:
        return None
    return members, scores, floor, exact


def _choose(articles: Sequence[Article], found: Sequence[Facts], idf: dict[str, float], even: dict[str, float],
            numbers: dict[str, int], lexicon: Lexicon, indexes: Sequence[int],
            workers: int) -> tuple[list[tuple[str, ...]], list[related_.Numbered]]:
    """Topics and related-articles vectors of the articles at `indexes`."""
    state = (articles, found, idf, even, numbers, lexicon, topics_.curated_topics(lexicon),
             topics_.entity_names(lexicon), indexes)
    chosen = map_spans(_choose_span, state, len(indexes), workers, PARALLEL_MIN)
    return [topics for topics, _ in chosen], [vector for _, vector in chosen]


def _choose_span(state: tuple[Sequence[Article], Sequence[Facts], dict[str, float], dict[str, float],
                              dict[str, int], Lexicon,
                              frozenset[str], frozenset[str], Sequence[int]],
                 start: int, end: int) -> list[tuple[tuple[str, ...], related_.Numbered]]:
    """Topics (the editor's, or the best-ranked terms) and the related-articles vector
    (terms numbered) of the articles at indexes[start:end]. The vector weighs twice the
    terms TF-IDF alone ranks best, general words included: two articles about old
    people's canteens share 老人, which is too common a word to be shown as a topic but
    says what they have in common (without it, 22 of 57 sample articles had three
    related articles instead of 27)."""
    articles, found, idf, even, numbers, lexicon, curated, listed, indexes = state
    done = []
    for i in indexes[start:end]:
        article, fact = articles[i], found[i]
        terms = fact.terms
        if article.topics:
            chosen = heavy = topics_.editor_topics(article.topics, lexicon)
        else:
            skip = listed | frozenset(fact.places) | frozenset(fact.people)
            chosen = topics_.pick(topics_.scores(terms, idf, curated, even=even), curated, skip)
            heavy = topics_.pick(topics_.scores(terms, idf, curated, specific=False), curated, skip)
        vector = related_.vector(terms, idf, heavy)
        done.append((chosen, related_.pack([(numbers[term], weight) for term, weight in vector.items()])))
    return done
