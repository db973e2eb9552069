"""Choose each article's topics: its words ranked by TF-IDF over this archive.

IDF comes from the archive itself, because what is rare in this paper is what tells its
articles apart: '太忻一体化经济区' is rare in Chinese at large but common here. A small
archive (the first issues imported) gives unstable counts, so jieba's IDF, measured on a
large general corpus, is blended in as PRIOR_DOCS imaginary documents. With 60 articles
the general corpus dominates; with 20,000 the archive does. Per term:

    df_prior = PRIOR_DOCS · exp(−idf_jieba)          (its document share, as jieba counted)
    idf      = ln((N + PRIOR_DOCS + 1) / (df + df_prior + 1)) + 1

N and df count the articles before the archive's newest month, when those are at least
BASIS_SHARE of it (`basis_cutoff`); else every article. A day's import then leaves every
IDF where it was — the newest month is a few percent of a large archive, so leaving it
out changes IDF by as little — and topics and related articles are updated where the
new articles reach instead of recomputed for the whole archive; at each new month the
IDF moves once. Small archives, where every article weighs, always count them all.

A term's score is (1 + ln tf) · idf, tf counting title words three times; topics listed
in topics.txt score CURATED_BOOST times more, since an editor has said they matter. The
best 3 are always kept, then up to 8 while a term scores at least KEEP_RATIO of the best.
Places and people have their own lists and are not repeated as topics (unless topics.txt
lists them), and a term inside a better-ranked one ('城市群' in '山西中部城市群') is dropped.

Words of general prose are held back twice. `specificity` divides the score of a word
general Chinese uses often (jieba's dictionary frequency). `evenness` lowers the score
of a dictionary word this archive uses in most months at the rate chance would spread it (记者,
工作, 同志 in a paper's every issue) by up to EVEN_PENALTY; a story's name comes in
bursts and stays. Evenness is counted over the same articles as IDF, so a day's import
leaves it where it was.

A topic shown on articles gets a page (`has_page`) when ≥ 2 articles share it, unless
it is generic: a common word of general Chinese (not a proper noun) or a fairly
common one spread evenly over the archive's months. Editors' topics (topics.txt, front
matter) always get one. A generic topic is still shown on its articles, as plain text.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

from . import general
from .lexicon import Lexicon
from .tokenize import Tags

PRIOR_DOCS = 500.0
CURATED_BOOST = 1.5
MIN_TOPICS = 3
MAX_TOPICS = 8
KEEP_RATIO = 0.3
GENERAL_FREQ = 3000.0
"""Frequency in jieba's dictionary (a large general corpus; about the 2,800th word) at
which a word's topic score is divided by √2: `specificity`. Tried on the sample and on
tests/fixtures/subjects/national/written.yaml: 1,000 left 3 topics on a canteen story
(饭菜, 味道 and 老人 fell below KEEP_RATIO); 10,000 let 国务院, 专家 and 主席 lead."""
EVEN_MIN_MONTHS = 6
"""Evenness is measured over at least this many months; fewer cannot tell a word used
every month from a story that ran through a few."""
EVEN_MIN_SHARE = 0.5
"""A term in fewer than this share of the months is not even (and costs no arithmetic)."""
EVEN_PENALTY = 0.5
"""A term in every month, as evenly as chance spreads it, scores this much less."""
EVEN_PAGE = 0.8
"""A word at least EVEN_PAGE_FREQ frequent in jieba's dictionary and at least this even
gets no topic page."""
EVEN_PAGE_FREQ = 1000
"""About jieba's 7,500 most frequent words. Measured on bench/synthetic.py's 20,000
articles (38 months; its paragraphs recur at random, so every word there is even, the
worst case): any dictionary word lost 40 pages, rare words among them (榛子 52, 植物油
104, 无人机 488: no prose); from 1,000 on, 16 (龙头 1,430, 房地产 1,603, 保险 2,635, 就业,
社区; 信贷 633 and 税务 543 keep theirs)."""
GENERIC_PAGE_FREQ = 5000
"""A word at least this frequent in jieba's dictionary (about its 1,700 most frequent
words: 社区, 总统, 交流) gets no topic page unless it is a proper noun (全国人大)."""
PROPER_TAGS = frozenset({"nr", "ns", "nt", "nz"})
BASIS_SHARE = 0.95
"""IDF leaves out the newest month when the articles before it are at least this share."""


def idf_table(term_lists: Iterable[Iterable[str]]) -> dict[str, float]:
    """Blended IDF of every term occurring in the archive (one term list per article,
    all of them counted)."""
    df, documents = document_frequencies(term_lists)
    return idf_values(df, documents, priors(list(df)), df)


def basis_cutoff(dates: Sequence[dt.date]) -> dt.date | None:
    """The first day of the archive's newest month, if the articles before it are at
    least BASIS_SHARE of all: IDF counts only those. None: IDF counts every article."""
    if not dates:
        return None
    cutoff = max(dates).replace(day=1)
    before = sum(day < cutoff for day in dates)
    return cutoff if before >= BASIS_SHARE * len(dates) else None


def document_frequencies(term_lists: Iterable[Iterable[str]]) -> tuple[Counter[str], int]:
    """In how many articles each term occurs (terms in order of first use), and how many
    articles there are."""
    df: Counter[str] = Counter()
    documents = 0
    for terms in term_lists:
        documents += 1
        df.update(terms)
    return df, documents


def priors(terms: Sequence[str]) -> dict[str, float]:
    """Each term's df_prior: its share of PRIOR_DOCS general documents, as jieba counted."""
    return {term: PRIOR_DOCS * math.exp(-value) for term, value in zip(terms, general.idf(terms))}


def idf_values(df: Mapping[str, int], documents: int, prior: Mapping[str, float],
               terms: Iterable[str]) -> dict[str, float]:
    """The blended IDF of `terms` (in that order), from the document frequencies of the
    `documents` articles IDF counts (a term in none of them has df 0)."""
    total = documents + PRIOR_DOCS + 1.0
    count = df.get
    return {term: math.log(total / (count(term, 0) + prior[term] + 1.0)) + 1.0 for term in terms}


@functools.cache  # a cold analysis asks a million times, for some 100,000 terms
def specificity(term: str) -> float:
    """1 for a word general Chinese rarely uses, down to about 0.1 for its commonest
    words: 1 / sqrt(1 + f / GENERAL_FREQ), f the word's frequency in jieba's dictionary
    (代表 0.29, 国务院 0.4, 交流 0.61; 流感 0.98; 栗战书 and other unknown words 1)."""
    frequency = general.frequency(term)
    return 1.0 / math.sqrt(1.0 + frequency / GENERAL_FREQ) if frequency else 1.0


def month_of(day: dt.date) -> int:
    """A month's number (year · 12 + month − 1): the unit evenness counts."""
    return day.year * 12 + day.month - 1


def month_spread(term_lists: Iterable[Iterable[str]],
                 months: Iterable[int]) -> tuple[Counter[str], tuple[int, ...]]:
    """In how many distinct months each term occurs (terms in order of first use, months
    in order), and how many articles each month has."""
    by_month: dict[int, set[str]] = {}
    sizes: Counter[int] = Counter()
    for terms, month in zip(term_lists, months):
        by_month.setdefault(month, set()).update(terms)
        sizes[month] += 1
    # One count over every month's terms (chain: no Python step per term).
    spread = Counter(chain.from_iterable(sorted(by_month[month]) for month in sorted(by_month)))
    return spread, tuple(sizes[month] for month in sorted(sizes))


def evenness(present: int, df: int, sizes: Sequence[int]) -> float:
    """How evenly a term in `df` articles over `present` of the months (of `sizes`
    articles each) is spread: its share of the months times how many of the months it
    would reach were its articles drawn at random (Church and Gale's burstiness, by
    month), at most 1. 0 over fewer than EVEN_MIN_MONTHS months or for a term in fewer
    than EVEN_MIN_SHARE of them."""
    months = len(sizes)
    if months < EVEN_MIN_MONTHS or present < EVEN_MIN_SHARE * months:
        return 0.0
    miss = 1.0 - df / sum(sizes)
    expected = math.fsum(1.0 - miss ** size for size in sizes)
    return present / months * min(1.0, present / expected)


def even_terms(spread: Mapping[str, int], df: Mapping[str, int], sizes: Sequence[int]) -> dict[str, float]:
    """The non-zero `evenness` of every word of general Chinese (in jieba's dictionary;
    terms in the order of `spread`). Only those: a name general Chinese lacks (一带一路,
    乡村振兴, a policy the paper follows every month) is no prose however steadily it
    recurs; tried on tests/fixtures/subjects/national with 3 months counted, 一带一路
    fell from 8 articles to 3."""
    if len(sizes) < EVEN_MIN_MONTHS:
        return {}
    found = {term: evenness(present, df[term], sizes) for term, present in spread.items()
             if present >= EVEN_MIN_SHARE * len(sizes) and general.frequency(term)}
    return {term: value for term, value in found.items() if value}


def generic(term: str, even: float, tags: Tags) -> bool:
    """Whether a topic is too general for a page of its own: a common word of general
    Chinese that is no proper noun, or a fairly common one at least EVEN_PAGE even."""
    frequency = general.frequency(term)
    if not frequency or tags.get(term) in PROPER_TAGS:
        return False
    return frequency >= GENERIC_PAGE_FREQ or (frequency >= EVEN_PAGE_FREQ and even >= EVEN_PAGE)


def scores(terms: Iterable[tuple[str, float]], idf: dict[str, float],
           curated: frozenset[str], specific: bool = True,
           even: Mapping[str, float] | None = None) -> list[tuple[str, float]]:
    """Every candidate term with its TF-IDF score times its `specificity` and its
    evenness discount (a curated term: CURATED_BOOST instead; `specific=False`: 1),
    best first (ties: by term)."""
    ranked = []
    spread = (even or {}).get
    for term, tf in terms:
        score = (1.0 + math.log(tf)) * idf[term]  # tf ≥ 1: every occurrence weighs ≥ 1
        if term in curated:
            score *= CURATED_BOOST
        elif specific:
            score *= specificity(term) * (1.0 - EVEN_PENALTY * spread(term, 0.0))
        ranked.append((term, score))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked


def pick(ranked: list[tuple[str, float]], curated: frozenset[str],
         entities: frozenset[str]) -> tuple[str, ...]:
    """3–8 topics from terms ranked best first; `entities` are names listed elsewhere
    (places, people) that are skipped unless curated as topics."""
    chosen: list[str] = []
    best = 0.0
    for term, score in ranked:
        if len(chosen) == MAX_TOPICS:
            break
        if term in entities and term not in curated:
            continue
        if any(term in other or other in term for other in chosen):
            continue
        if not chosen:
            best = score
        elif len(chosen) >= MIN_TOPICS and score < KEEP_RATIO * best:
            break
        chosen.append(term)
    return tuple(chosen)


def curated_topics(lexicon: Lexicon) -> frozenset[str]:
    """Canonical names from topics.txt."""
    return frozenset(lexicon.topics.canonical.values())


def entity_names(lexicon: Lexicon) -> frozenset[str]:
    """Every place and person name from the lists, aliases included."""
    return frozenset(lexicon.places.canonical) | frozenset(lexicon.people.canonical)


def editor_topics(topics: Iterable[str], lexicon: Lexicon) -> tuple[str, ...]:
    """Topics from front matter, aliases merged into canonical names, repeats dropped."""
    canonical = lexicon.topics.canonical
    return tuple(dict.fromkeys(canonical.get(t.strip(), t.strip()) for t in topics if t.strip()))
