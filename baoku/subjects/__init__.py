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
month, articles removed) (seconds). An editor's `section` or `topics` in front
matter replace the computed ones. Everything is deterministic: same content, same
output, whichever way it was computed.
"""

from __future__ import annotations

from collections import ChainMap, Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem
from ..model import MIN_TOPIC_ARTICLES, Analysis, Article, Subjects
from . import archive, entities, newwords
from .cache import (
    FactsCache,
    archive_key,
    article_key,
    load_archive,
    load_joins,
    load_state,
    save_archive,
    save_joins,
    save_state,
)
from .entities import MAX_PLACES
from .extract import Facts, extract_all
from .lexicon import Lexicon, load_lexicon
from .tokenize import _dictionary_tags
from .topics import basis_cutoff, curated_topics, editor_topics, even_terms, generic, month_of, month_spread

__all__ = ["MIN_TOPIC_ARTICLES", "analyse", "topic_counts", "topic_pages"]



def analyse(articles: Sequence[Article], content_dir: Path, cache_dir: Path | None = None,
            workers: int = 0) -> tuple[Subjects, list[Problem]]:
    """Analyse every article; problems name the file and line to fix, never raise.

    `cache_dir` keeps per-article results between builds (None: no cache); `workers`
    is the number of processes for articles not in the cache (0: one per core)."""
    lexicon, problems = load_lexicon(content_dir)

    cache = FactsCache(cache_dir)
    keys = [article_key(article, lexicon.digest) for article in articles]
    todo: dict[str, Article] = {}
    for key, article in zip(keys, articles):
        if cache.get(key) is None:
            todo.setdefault(key, article)  # identical texts are analysed once
    for key, facts in zip(todo, extract_all(list(todo.values()), lexicon, workers)):
        cache.put(key, facts)
    cache.save(set(keys))
    found = [_cached(cache, key) for key in keys]
    people = entities.promote([f.people for f in found], [f.mentions for f in found])

    # Joins (newwords.py) are a function of every article's facts and date, which the
    # archive key covers: a reused result needs none of them.
    whole = archive_key(keys, [a.id for a in articles], [a.topics for a in articles], [a.date for a in articles])
    reused = load_archive(cache_dir, whole)
    if reused is None:
        joined, joined_keys = _joined(articles, found, keys, people, lexicon.stopwords, cache_dir)
        state = archive.compute(articles, joined_keys, joined, lexicon, workers,
                                load_state(cache_dir, lexicon.digest))
        chosen_topics, nearest = state.topics, state.nearest
        save_archive(cache_dir, whole, chosen_topics, nearest)
        save_state(cache_dir, lexicon.digest, state)
    else:
        chosen_topics, nearest = reused

    by_article: dict[str, Analysis] = {}
    for article, fact, chosen, near, named in zip(articles, found, chosen_topics, nearest, people):
        section = (article.section and _editor_section(article, lexicon, problems)) or fact.section
        by_article[article.id] = Analysis(section, chosen, named,
                                          fact.places[:MAX_PLACES], near)
    subjects = Subjects(by_article, lexicon.sections, dict(lexicon.topics.descriptions),
                        unpaged(articles, chosen_topics, lexicon))
    return subjects, problems


def _joined(articles: Sequence[Article], found: list[Facts], keys: list[str], people: list[tuple[str, ...]],
            stopwords: frozenset[str], cache_dir: Path | None) -> tuple[list[Facts], list[str]]:
    """Facts with pieces of longer names joined (newwords.py), and keys that tell which."""
    dates = [a.date for a in articles]
    cutoff = basis_cutoff(dates)
    basis = [key for key, day in zip(keys, dates) if cutoff is None or day < cutoff]
    table = load_joins(cache_dir, basis)
    if table is None:  # counted again only when the articles IDF counts changed
        table = newwords.joins(found, dates, cutoff)
        save_joins(cache_dir, basis, table)
    everyone = entities.person_names(people)
    done = [newwords.joined(fact, table, everyone, stopwords, named) for fact, named in zip(found, people)]
    return [facts for facts, _ in done], [newwords.join_key(key, change) for key, (_, change) in zip(keys, done)]


def unpaged(articles: Sequence[Article], chosen: Sequence[tuple[str, ...]], lexicon: Lexicon) -> frozenset[str]:
    """Topics shown on articles that get no page: generic ones (topics.generic), and
    titles (国家主席, 委员长: a role names who, not what; entities.is_title), that no
    editor named, in topics.txt or in any article's front matter. A topic's evenness
    here counts the articles it was chosen for, over the articles IDF counts (so a
    day's import leaves it where it was)."""
    curated = curated_topics(lexicon) | {t for a in articles for t in editor_topics(a.topics, lexicon)}
    cutoff = basis_cutoff([a.date for a in articles])
    basis = [(topics, month_of(a.date)) for a, topics in zip(articles, chosen) if cutoff is None or a.date < cutoff]
    spread, sizes = month_spread((topics for topics, _ in basis), (month for _, month in basis))
    counts = Counter(topic for topics, _ in basis for topic in topics)
    even = even_terms(spread, counts, sizes)
    tags = ChainMap({w.word: w.tag or "nz" for w in lexicon.words}, _dictionary_tags())  # as Segmenter.tags
    shown = dict.fromkeys(topic for topics in chosen for topic in topics)
    return frozenset(t for t in shown if t not in curated
                     and (entities.is_title(t) or generic(t, even.get(t, 0.0), tags)))


def _cached(cache: FactsCache, key: str) -> Facts:
    facts = cache.get(key)
    assert facts is not None, "every key was analysed above"
    return facts


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
