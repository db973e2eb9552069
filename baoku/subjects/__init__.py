"""The analyse stage: a section, topics, people, places and related articles for every article.

The stage reads top to bottom in `analyse`:

1. lexicon   read sections.toml and content/subjects/*.txt      (lexicon.py)
2. facts     per article: words, section, people, places          (extract.py, cached
             by content hash in cache.py, in parallel worker processes)
   people    names vouched for in other articles count everywhere  (entities.promote)
   new words pieces of longer names joined (战书 → 栗战书)         (newwords.py)
3. idf       document frequencies over the whole archive          (topics.py)
4. topics    rank each article's words, pick 3–8; editors win     (topics.py)
5. related   five nearest articles by TF-IDF cosine                (related.py)

Steps 3–5 depend on the whole archive (archive.py): reused as they are when no article,
id, front-matter topic or the lexicon changed (a rebuild after a template change);
after an edit, updated from the last build's state where the edit can reach (a
fraction of a second for most edits), also when a day's articles were added; from
scratch, from the cached facts, when the articles IDF counts changed in number (a new
month, articles removed) (seconds). A day's import reads only the newest month's words
(`_archive_state`). An editor's `section` or `topics` in front
matter replace the computed ones. Everything is deterministic: same content, same
output, whichever way it was computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .. import parallel
from ..errors import Problem
from ..model import MIN_TOPIC_ARTICLES, Analysis, Article, Subjects
from . import archive, entities, general, newwords
from .cache import (
    FactsCache,
    archive_key,
    article_key,
    basis_digest,
    joins_version,
    load_archive,
    load_joins,
    load_state,
    save_archive,
    save_joins,
    save_state,
    state_kept,
)
from .entities import MAX_PLACES
from .extract import Facts, extract_all
from .lexicon import Lexicon, load_lexicon
from .tokenize import Tags
from .topics import basis_cutoff, curated_topics, editor_topics, even_terms, generic, month_of, month_spread

__all__ = ["MIN_TOPIC_ARTICLES", "analyse", "topic_counts", "topic_pages"]



def analyse(articles: Sequence[Article], content_dir: Path, cache_dir: Path | None = None,
            workers: int = 0, *, fresh_apart: bool = False) -> tuple[Subjects, list[Problem]]:
    """Analyse every article; problems name the file and line to fix, never raise.

    `cache_dir` keeps per-article results between builds (None: no cache); `workers`
    is the number of processes for articles not in the cache (0: one per core).
    `fresh_apart`: steps 3–5, when they start over (no state kept for the articles IDF
    counts: a month's first day), run in a process of their own (parallel.apart), as a
    caller running this in the build's process wants: they read every year's words and
    make the whole state (2.4 GB at 200,000 articles), whose garbage would stay
    scattered over the memory the render's workers fork from and copy."""
    general.keep_in(cache_dir)  # jieba's tables: read from there, kept there once parsed
    lexicon, problems = load_lexicon(content_dir)

    cache = FactsCache(cache_dir)
    keys = [article_key(article, lexicon.digest) for article in articles]
    todo: dict[str, Article] = {}
    for key, article in zip(keys, articles):
        if not cache.has(key):
            todo.setdefault(key, article)  # identical texts are analysed once
    for (key, article), facts in zip(todo.items(), extract_all(list(todo.values()), lexicon, workers)):
        cache.put(key, facts, article.date.year)
    light = [cache.light(key) for key in keys]
    people = entities.promote([named for _, named, _, _ in light], [mentions for _, _, _, mentions in light])

    # Joins (newwords.py) are a function of every article's facts and date, which the
    # archive key covers: a reused result needs none of them.
    whole = archive_key(keys, [a.id for a in articles], [a.topics for a in articles], [a.date for a in articles])
    reused = load_archive(cache_dir, whole)
    if reused is None:
        basis = _Basis.of(articles)
        arguments = (articles, keys, cache, people, lexicon, workers, cache_dir, whole, basis)
        if fresh_apart and not state_kept(cache_dir, lexicon.digest, basis.months):
            chosen_topics, nearest, recut = parallel.apart(_archive_results, *arguments)
            for key, facts, year in recut:  # cut again in the process apart: kept here
                cache.put(key, facts, year)
        else:
            chosen_topics, nearest, _ = _archive_results(*arguments)
    else:
        chosen_topics, nearest = reused
    cache.save(set(keys))

    by_article: dict[str, Analysis] = {}
    for article, (section, _, places, _), chosen, near, named in zip(articles, light, chosen_topics, nearest, people):
        section = (article.section and _editor_section(article, lexicon, problems)) or section
        by_article[article.id] = Analysis(section, chosen, named, places[:MAX_PLACES], near)
    subjects = Subjects(by_article, lexicon.sections, dict(lexicon.topics.descriptions),
                        unpaged(articles, chosen_topics, lexicon))
    return subjects, problems


@dataclass(frozen=True, slots=True)
class _Basis:
    """The articles IDF counts (topics.basis_cutoff): those before `cutoff`, their
    indexes, and the digest of their ids and months (a state is kept under it)."""

    cutoff: dt.date | None
    indexes: list[int]
    months: str

    @classmethod
    def of(cls, articles: Sequence[Article]) -> _Basis:
        dates = [a.date for a in articles]
        cutoff = basis_cutoff(dates)
        indexes = [i for i, day in enumerate(dates) if cutoff is None or day < cutoff]
        return cls(cutoff, indexes, basis_digest([articles[i].id for i in indexes],
                                                 [month_of(dates[i]) for i in indexes]))


def _archive_results(articles: Sequence[Article], keys: list[str], cache: FactsCache,
                     people: list[tuple[str, ...]], lexicon: Lexicon, workers: int, cache_dir: Path | None,
                     whole: str, basis: _Basis) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]],
                                                         list[tuple[str, Facts, int]]]:
    """Steps 3–5, kept for the next build: every article's topics and related articles,
    and the facts cut again because the cache had lost them (to keep in `cache`)."""
    recut: list[tuple[str, Facts, int]] = []
    state = _archive_state(articles, keys, cache, people, lexicon, workers, cache_dir, basis, recut)
    save_archive(cache_dir, whole, state.topics, state.nearest)
    save_state(cache_dir, lexicon.digest, state)
    return state.topics, state.nearest, recut


def _archive_state(articles: Sequence[Article], keys: list[str], cache: FactsCache, people: list[tuple[str, ...]],
                   lexicon: Lexicon, workers: int, cache_dir: Path | None, basis: _Basis,
                   recut: list[tuple[str, Facts, int]]) -> archive.ArchiveState:
    """Steps 3–5 (archive.py), on the words with pieces of longer names joined (newwords.py).

    When the articles IDF counts are the last build's, with the same facts, people and
    table of pieces (a day's import inside a month, an edit of the newest month), their
    joined words are the last build's, and so are the document frequencies, months and
    evenness archive.py counts over them: only the newest month's words are read and
    joined (the newest year's part of the facts cache), and the update asks for another
    article's only if it ranks that article again (front-matter topics edited)."""
    dates = [a.date for a in articles]
    cutoff, settled, months = basis.cutoff, basis.indexes, basis.months
    joins = joins_version([keys[i] for i in settled])
    found = _Joined(articles, keys, cache, people, lexicon, load_joins(cache_dir, joins), recut)
    if found.table is None:  # counted again only when the articles IDF counts changed
        found.table = newwords.joins([found.raw(i) for i in settled], [dates[i] for i in settled], None)
        save_joins(cache_dir, joins, found.table)
    previous = load_state(cache_dir, lexicon.digest, months)
    frequencies: archive.Frequencies | None = None
    if previous is not None and _settled(previous, keys, people, settled, joins, found):
        recent = [i for i in range(len(articles)) if cutoff is not None and dates[i] >= cutoff]
        joined_keys = list(previous.keys[:len(keys)]) + [""] * (len(keys) - len(previous.keys))
        present: dict[str, object] = dict.fromkeys(previous.df)
        for i in recent:
            joined_keys[i] = found.key(i)
            present.update(dict.fromkeys(found[i].words))
        frequencies = (present, previous.df, previous.documents, previous.sizes, previous.even)
    else:
        joined_keys = [found.key(i) for i in range(len(keys))]
    state = archive.compute(articles, joined_keys, found, lexicon, workers, previous, frequencies)
    return dataclasses.replace(state, people=tuple(people), joins=joins, basis=months)


def _settled(previous: archive.ArchiveState, keys: list[str], people: list[tuple[str, ...]], basis: list[int],
             joins: str, found: _Joined) -> bool:
    """Whether the articles IDF counts have, word for word, the joined words of the last
    build (whose state was found under their digest: the same articles and months): the
    same facts, people (joining drops their names' pieces) and table of pieces, and no
    person gained or lost whose name a piece can become (joining drops those too)."""
    old = len(previous.ids)
    if previous.joins != joins or len(previous.people) != old:
        return False
    if any(i >= old or keys[i] != previous.keys[i].partition("+")[0] or people[i] != previous.people[i]
           for i in basis):
        return False
    before = entities.person_names(previous.people)
    return (found.everyone ^ before).isdisjoint(newwords.wholes(found.table or {}))


class _Joined(Sequence[Facts]):
    """Every article's facts with pieces joined (newwords.joined), each made when first
    asked for (reading its year's words from the cache): a day's update asks for few."""

    def __init__(self, articles: Sequence[Article], keys: list[str], cache: FactsCache, people: list[tuple[str, ...]],
                 lexicon: Lexicon, table: dict[str, tuple[str, str]] | None,
                 recut: list[tuple[str, Facts, int]]) -> None:
        self.articles, self.keys, self.cache, self.people, self.lexicon = articles, keys, cache, people, lexicon
        self.recut = recut
        self.everyone = entities.person_names(people)
        self.table = table
        self._done: dict[int, tuple[Facts, str]] = {}

    def raw(self, index: int) -> Facts:
        """The article's facts as extracted; cut again if the cache lost its words (a
        damaged or missing part: the same facts, extraction being deterministic)."""
        facts = self.cache.get(self.keys[index])
        if facts is None:
            article = self.articles[index]
            facts = extract_all([article], self.lexicon, 1)[0]
            self.cache.put(self.keys[index], facts, article.date.year)
            self.recut.append((self.keys[index], facts, article.date.year))
        return facts

    def _joined(self, index: int) -> tuple[Facts, str]:
        done = self._done.get(index)
        if done is None:
            assert self.table is not None
            done = self._done[index] = newwords.joined(self.raw(index), self.table, self.everyone,
                                                       self.lexicon.stopwords, self.people[index])
        return done

    def key(self, index: int) -> str:
        """The article's key, extended by what joining changed (newwords.join_key)."""
        return newwords.join_key(self.keys[index], self._joined(index)[1])

    def __getitem__(self, index: int) -> Facts:  # type: ignore[override]
        return self._joined(index)[0]

    def __len__(self) -> int:
        return len(self.keys)


def unpaged(articles: Sequence[Article], chosen: Sequence[tuple[str, ...]], lexicon: Lexicon) -> frozenset[str]:
    """Topics shown on articles that get no page: generic ones (topics.generic), and
    titles (国家主席, 委员长: a role names who, not what; entities.is_title), that no
    editor named, in topics.txt or in any article's front matter. A topic's evenness
    here counts the articles it was chosen for, over the articles IDF counts (so a
    day's import leaves it where it was)."""
    curated = curated_topics(lexicon) | {t for a in articles if a.topics for t in editor_topics(a.topics, lexicon)}
    cutoff = basis_cutoff([a.date for a in articles])
    basis = [(topics, month_of(a.date)) for a, topics in zip(articles, chosen) if cutoff is None or a.date < cutoff]
    spread, sizes = month_spread((topics for topics, _ in basis), (month for _, month in basis))
    counts = Counter(chain.from_iterable(topics for topics, _ in basis))  # chain: no Python step per topic
    even = even_terms(spread, counts, sizes)
    tags = Tags(lexicon)  # as Segmenter.tags
    shown = dict.fromkeys(chain.from_iterable(chosen))
    return frozenset(t for t in shown if t not in curated
                     and (entities.is_title(t) or generic(t, even.get(t, 0.0), tags)))


def _editor_section(article: Article, lexicon: Lexicon, problems: list[Problem]) -> str:
    """The section set in front matter (by name or slug), or '' to use the computed one."""
    wanted = article.section.strip()
    if not wanted:
        return ""
    for section in lexicon.sections:
        if wanted in (section.name, section.slug):
            return section.name
    names = ", ".join(s.name for s in lexicon.sections)
    problems.append(Problem(article.path, 0, "section",
                            f"unknown section {wanted!r}; use one of: {names} (see sections.toml)"))
    return ""


def topic_counts(subjects: Subjects) -> Counter[str]:
    """How many articles carry each topic."""
    counts: Counter[str] = Counter()
    for analysis in subjects.by_article.values():
        counts.update(analysis.topics)
    return counts


def topic_pages(subjects: Subjects, min_articles: int = MIN_TOPIC_ARTICLES) -> list[str]:
    """Topics that deserve a page, most articles first (ties by name): shared by
    `min_articles` and not too generic (`unpaged`)."""
    counts = topic_counts(subjects)
    return sorted((t for t, n in counts.items() if n >= min_articles and t not in subjects.unpaged_topics),
                  key=lambda t: (-counts[t], t))
