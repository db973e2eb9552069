"""What one article's own text says: its weighted words, section, people and places.

Everything here depends only on the article and the lexicon, never on the rest of the
archive. That is what makes it cacheable (cache.py keys it by a hash of both) and what
lets worker processes compute it in parallel. Archive-wide statistics (IDF, then topics
and related articles) are computed afterwards from these facts, cheaply.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Article
from ..parallel import map_spans
from . import entities, sections
from .lexicon import Lexicon
from .tokenize import UNKNOWN, Segmenter, prepare

TITLE_WEIGHT = 3.0
"""Title, kicker and subtitle words count three times: a headline states the subject."""
COLUMN_WEIGHT = 2.0
"""A column label ('聚焦 安全生产') names the subject of a series."""

PARALLEL_MIN = 200
"""Below this many articles to analyse, starting worker processes costs more than it saves."""

_TOPIC_TAGS = ("n", "nt", "nz", "nrt", "vn", "j")
"""Parts of speech a computed topic may have: nouns, organisation names, verbal nouns
(融资) and abbreviations (医保). Verbs, adjectives, adverbs, numerals, time words, idioms
and set phrases never make a topic on their own. Nor do names of people (nr) and places
(ns): they have their own lists, jieba tags many ordinary words nr (蓝图, 拓宽), and its
place names include fragments of longer names (朝阳 of 朝阳街, 大寺 of 大寺镇). A word in
the user dictionary may be a topic whatever its tag."""

_NUMBER = re.compile(r"[0-9]|^[零〇一二两三四五六七八九十百千万亿几]+"
                     r"[年月日号天个次项条家名位届期批种类处座所套元米吨是]?$")
"""Numbers, dates and counted amounts ('十五', '三年', '一是')."""


@dataclass(frozen=True, slots=True)
class Facts:
    """The cacheable analysis of one article."""

    terms: tuple[tuple[str, float], ...]
    """Topic candidates (canonical names) with title-weighted counts, sorted by word."""
    section: str
    """Section from kind or keywords (before an editor's choice is applied)."""
    people: tuple[str, ...]
    places: tuple[str, ...]
    """Every place named, most mentioned first (the article page shows the first few)."""


def is_candidate(word: str, tag: str, lexicon: Lexicon, user: frozenset[str]) -> bool:
    """Whether a word may be a topic (and so counts in IDF and related articles)."""
    if word in lexicon.stopwords:
        return False
    if word in user:
        return True
    return len(word) >= 2 and tag in _TOPIC_TAGS and not _NUMBER.search(word)


class Extractor:
    """Turns articles into Facts with one tokenizer (one per process)."""

    def __init__(self, lexicon: Lexicon, cache_dir: Path | None = None) -> None:
        self.lexicon = lexicon
        self.segmenter = Segmenter(lexicon, cache_dir)
        self._user = frozenset(w.word for w in lexicon.words)
        self._canonical = (lexicon.topics.canonical | lexicon.places.canonical
                           | lexicon.people.canonical)
        self._keywords = sections.keyword_index(lexicon.rules)
        self._finder = entities.Finder(lexicon, self.segmenter.tags)
        self._terms: dict[str, str] = {}
        """Word → its topic candidate ('' for none); a word's tag never changes within a
        build, so each word is judged once, not once per occurrence (`_judge`)."""

    def _judge(self, word: str) -> str:
        tag = self.segmenter.tags.get(word, UNKNOWN)
        ok = is_candidate(word, tag, self.lexicon, self._user)
        term = self._terms[word] = self._canonical.get(word, word) if ok else ""
        return term

    def facts(self, article: Article) -> Facts:
        lexicon, cut = self.lexicon, self.segmenter.cut_words
        head = cut(prepare(f"{article.kicker}\n{article.title}\n{article.subtitle}"))
        body = cut(prepare(article.body))
        # Counted per distinct word (in C), then weighted; the sums are of whole numbers,
        # so they are exact whatever the order.
        counts: dict[str, float] = {word: float(times) for word, times in Counter(body).items()}
        for tokens, weight in ((head, TITLE_WEIGHT), (cut(prepare(article.column)), COLUMN_WEIGHT)):
            for word, times in Counter(tokens).items():
                counts[word] = counts.get(word, 0.0) + times * weight
        terms: dict[str, float] = {}
        known = self._terms.get
        for word, weighted in counts.items():
            term = known(word)
            if term is None:
                term = self._judge(word)
            if term:
                terms[term] = terms.get(term, 0.0) + weighted
        text = [*head, "\n", *body]
        exclude = frozenset(article.authors) | frozenset(article.photographers)
        people = () if article.kind == "notice" else self._finder.people(text, exclude)
        places = self._finder.places(text)
        section = sections.section_for_labels(
            (article.column, article.kicker, article.title), article.authors, lexicon.rules) or sections.classify(
            article.kind, counts, lexicon, self._keywords, article.page_name,
            sections.abroad_evidence(article.body, places))
        # A name rebuilt from pieces ('蔡|江泽') leaves its pieces behind as words.
        for name in people:
            for piece in [t for t in terms if t in name and t != name]:
                del terms[piece]
        return Facts(tuple(sorted(terms.items())), section, people, places)


def extract_all(articles: Sequence[Article], lexicon: Lexicon, workers: int,
                cache_dir: Path | None = None) -> list[Facts]:
    """Facts for every article, in order, using up to `workers` processes (0 = all cores);
    `cache_dir` keeps the segmenter's tables between builds."""
    if not articles:
        return []
    return map_spans(_extract_span, (Extractor(lexicon, cache_dir), articles), len(articles),
                     workers, PARALLEL_MIN)


def _extract_span(state: tuple[Extractor, Sequence[Article]], start: int, end: int) -> list[Facts]:
    extractor, articles = state
    return [extractor.facts(article) for article in articles[start:end]]
