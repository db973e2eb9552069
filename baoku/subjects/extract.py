"""What one article's own text says: its weighted words, section, people and places.

Everything here depends only on the article and the lexicon, never on the rest of the
archive. That is what makes it cacheable (cache.py keys it by a hash of both) and what
lets worker processes compute it in parallel. Archive-wide statistics (IDF, then topics
and related articles) are computed afterwards from these facts, cheaply.
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, count

from ..model import Article
from ..parallel import map_spans
from . import entities, general, sections
from .lexicon import Lexicon
from .tokenize import UNKNOWN, Segmenter, prepare

TITLE_WEIGHT = 3.0
"""Title, kicker and subtitle words count three times: a headline states the subject."""
COLUMN_WEIGHT = 2.0
"""A column label ('聚焦 安全生产') names the subject of a series."""

PARALLEL_MIN = 200
"""Below this many articles to analyse, starting worker processes costs more than it saves."""
WHOLE_DICTIONARY = 1000
"""From this many articles to cut, jieba's dictionary is made a dict at once (0.15–0.25 s)
rather than searched word by word as words are met (2 µs a word: general.py)."""

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

    words: tuple[str, ...]
    """Topic candidates (canonical names), sorted."""
    weights: bytes
    """Their title-weighted counts, one to a word, as little-endian doubles (`counts`):
    one object for all of them, not a float and a pair per word (about 80 bytes each,
    five million of them at 100,000 articles, made again whenever the cache is read)."""
    section: str
    """Section from kind or keywords (before an editor's choice is applied)."""
    people: tuple[str, ...]
    places: tuple[str, ...]
    """Every place named, most mentioned first (the article page shows the first few)."""
    mentions: tuple[tuple[str, int], ...] = ()
    """Name-shaped words nothing in the article vouches for as people, with how often
    each is named (entities.promote makes them people when the archive does)."""
    bonds: tuple[tuple[str, str], ...] = ()
    """(candidate word, the longer string it is always part of here): the word with the
    word every occurrence of it has right before or right after it ('战书', '栗战书'),
    for newwords.py, which joins them when the archive does the same."""

    @classmethod
    def of(cls, terms: Iterable[tuple[str, float]], section: str, people: tuple[str, ...],
           places: tuple[str, ...], mentions: tuple[tuple[str, int], ...] = (),
           bonds: tuple[tuple[str, str], ...] = ()) -> Facts:
        """Facts from (word, weight) pairs sorted by word."""
        pairs = tuple(terms)
        words, weights = tuple(zip(*pairs)) if pairs else ((), ())
        return cls(words, struct.pack(f"<{len(weights)}d", *weights), section, people, places, mentions, bonds)

    @property
    def counts(self) -> tuple[float, ...]:
        """The weights, one to a word."""
        return struct.unpack(f"<{len(self.words)}d", self.weights)

    @property
    def terms(self) -> tuple[tuple[str, float], ...]:
        """(word, weight) pairs, sorted by word."""
        return tuple(zip(self.words, self.counts))


_DATELINE = frozenset(("日电", "日讯", "本报讯", "电讯", "专电"))
"""Words of datelines ('本报北京1月4日电'), in every paper's news: never topics."""


def is_candidate(word: str, tag: str, lexicon: Lexicon, user: frozenset[str]) -> bool:
    """Whether a word may be a topic (and so counts in IDF and related articles)."""
    if word in lexicon.stopwords or word in _DATELINE:
        return False
    if word in user:
        return True
    return len(word) >= 2 and tag in _TOPIC_TAGS and not _NUMBER.search(word)


class Extractor:
    """Turns articles into Facts with one tokenizer (one per process)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.segmenter = Segmenter(lexicon)
        self._user = frozenset(w.word for w in lexicon.words)
        self._canonical = (lexicon.topics.canonical | lexicon.places.canonical
                           | lexicon.people.canonical)
        self._keywords = sections.keyword_index(lexicon.rules)
        self._finder = entities.Finder(lexicon, self.segmenter.tags, self.segmenter.guess_words,
                                       general.frequency)
        self._terms: dict[str, str] = {}
        """Word → its topic candidate ('' for none); a word's tag never changes within a
        build, so each word is judged once, not once per occurrence (`_judge`). Its values
        are the strings every article's Facts.words hold: articles share one string for
        an equal word, and pickled from a worker they still do within its results."""

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
        people, mentions = ((), ()) if article.kind == "notice" else \
            self._finder.people_and_mentions(text, exclude)
        places = self._finder.places(text)
        section = sections.section_for_labels(
            (article.column, article.kicker, article.title), article.authors, lexicon.rules) or sections.classify(
            article.kind, counts, lexicon, self._keywords, article.page_name,
            sections.abroad_evidence(article.body, places))
        # A name rebuilt from pieces ('蔡|江泽') leaves its pieces behind as words.
        for name in people:
            for piece in [t for t in terms if t in name and t != name]:
                del terms[piece]
        return Facts.of(sorted(terms.items()), section, people, places, mentions, self._bonds(text, terms))

    def _bonds(self, text: list[str], terms: dict[str, float]) -> tuple[tuple[str, str], ...]:
        """(word, longer string) for every candidate word (not a listed one, not a title)
        named at least twice that has the same Han word right before it, or right after
        it, in at least BOND_SHARE of its occurrences in `text`, a word that is no
        function word, title, verb of speech or name: the string the word may be a piece
        of. (A word named once has one neighbour on each side: that is no evidence.)"""
        times = Counter(text)
        user, canonical, tags = self._user, self._canonical, self.segmenter.tags
        named = {word for word in terms if times[word] >= 2 and word not in user
                 and canonical.get(word, word) == word and not entities.is_title(word)}
        if not named:
            return ()
        # Only the pairs a named word is part of, each counted once from where it starts
        # (the named words found in C: compress).
        found = list(compress(count(), map(named.__contains__, text)))
        starts = {*found, *(at - 1 for at in found)} - {-1, len(text) - 1}
        bonds = []
        for (left, right), together in Counter([(text[at], text[at + 1]) for at in starts]).items():
            for word, other in ((left, right), (right, left)):
                if (word in named and together >= BOND_SHARE * times[word] and _bondable(other)
                        and tags.get(other, "") not in _NAME_TAGS):
                    bonds.append((word, left + right))
        return tuple(sorted(bonds))


def _bondable(word: str) -> bool:
    """Whether `word` may join a candidate word into a longer string: Han characters,
    not a function character, a verb of speech or a title ('栗' of 栗战书, '一路' of 一带一路)."""
    return (word[0] not in _FUNCTION and "\u4e00" <= word[0] <= "\u9fff" and "\u4e00" <= word[-1] <= "\u9fff"
            and word not in entities.AFTER_CUES and not entities.is_title(word))


BOND_SHARE = 2 / 3
"""A word is bound to a neighbour in an article when at least this share of its
occurrences have it (一带 before 一路 twice and before 一路行 once)."""
_NAME_TAGS = frozenset(("nr", "nrfg", "nrt"))

_FUNCTION = frozenset("的了在是和与及等对向从为把被将也都就又还到让给着过说会要已并而或但这那其之以于"
                      "各每该本我你他她它们个")
"""Characters that start function words and pronouns, which never begin a string a
candidate word is part of."""


def extract_all(articles: Sequence[Article], lexicon: Lexicon, workers: int) -> list[Facts]:
    """Facts for every article, in order, using up to `workers` processes (0 = all cores)."""
    if not articles:
        return []
    if len(articles) >= WHOLE_DICTIONARY:
        general.complete()  # before the workers fork: they share it
    return map_spans(_extract_span, (Extractor(lexicon), articles), len(articles),
                     workers, PARALLEL_MIN)


def _extract_span(state: tuple[Extractor, Sequence[Article]], start: int, end: int) -> list[Facts]:
    extractor, articles = state
    return [extractor.facts(article) for article in articles[start:end]]
