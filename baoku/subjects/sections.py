"""Give every article exactly one section: by its kind where that decides, else by evidence.

Kind first, because form beats subject for a reader: a commentary on the economy
belongs with the other commentaries (评论), a photo with the photos (图片), a notice
with the notices (公告). Which kinds decide which section is data in sections.toml.

For the rest, a rules classifier that adds up evidence that holds on any paper:

- the printed page's name where the dump has one (`pages`: 国际 → 国际, 体育 → 体育,
  要闻 leans to 时政);
- the dateline: a story filed from abroad ('本报东京5月3日电', '新华社华盛顿3月2日电';
  the place is looked up in the gazetteer) scores `abroad` for 国际, and every foreign
  country or city named adds a quarter of it, up to as much again;
- words: each section lists `strong` words (3 points per occurrence) and `words`
  (1 point); title words count three times, as a headline states what the story is
  about, the column label twice.

The highest score wins; ties go to the section listed first;
an article that matches nothing goes to `default`. A trained naive Bayes model was
measured against these rules on the labelled sample articles (see docs/subjects.md)
and lost, so the rules are what ships: an editor can read and fix them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .lexicon import Lexicon, SectionRule
from .places import gazetteer

_DATELINE = re.compile(
    r"^\s*(?:[(（【［\[][^)）】］\]]{0,20}[)）】］\]])?\s*"
    r"(?:本报|新华社|中新社|人民日报|经济日报|光明日报|法制日报|央视新闻|人民网|新华网)?"
    r"(?:驻[\u4e00-\u9fff]{1,10}?(?:特派)?记者[\u4e00-\u9fff·]{0,5}\s*)?"
    r"([\u4e00-\u9fff]{2,12}?)\s*(?:[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*"
    r"[0-9０-９一二三四五六七八九十]{1,3}\s*日)?\s*(?:电|讯)")
"""A dateline at the start of a story: an agency or '本报', the place, the date, 电."""

ABROAD_DATELINES = frozenset(("联合国", "日内瓦", "布鲁塞尔", "纽约"))
"""Datelines abroad besides the gazetteer's countries and cities (organisations' seats)."""

_FOREIGN = ("country", "foreign-city")


def dateline(body: str) -> str:
    """The place of a story's dateline ('本报东京5月3日电' → '东京'), or ''."""
    match = _DATELINE.match(body[:60])
    return match.group(1) if match else ""


def is_abroad(place: str) -> bool:
    """Whether a written place name is a foreign country or city (香港, 台湾 are not)."""
    if place in ABROAD_DATELINES:
        return True
    found = gazetteer()
    ids = found.forms.get(place, ())
    return bool(ids) and all(found.places[i].kind in _FOREIGN for i in ids)


def abroad_evidence(body: str, places: Iterable[str]) -> float:
    """How strongly a story is about abroad, in units of a section's `abroad` score: 1 for
    a dateline abroad, plus a quarter for each foreign place named (at most 1)."""
    named = sum(1 for place in places if is_abroad(place))
    return (1.0 if is_abroad(dateline(body)) else 0.0) + min(1.0, named / 4)


def page_scores(page_name: str, rules: tuple[SectionRule, ...]) -> list[float]:
    """Each section's score for a printed page name: the score of the longest name it
    lists that the page's name contains ('国际新闻' contains '国际')."""
    scores = [0.0] * len(rules)
    if not page_name:
        return scores
    for position, rule in enumerate(rules):
        matches = [name for name in rule.pages if name in page_name]
        if matches:
            scores[position] = rule.pages[max(matches, key=len)]
    return scores


def section_for_kind(kind: str, rules: tuple[SectionRule, ...]) -> str:
    """The section this kind always goes to, or '' when the text must decide."""
    for rule in rules:
        if kind in rule.kinds:
            return rule.section.name
    return ""


def section_for_labels(labels: Iterable[str], bylines: Iterable[str], rules: tuple[SectionRule, ...]) -> str:
    """The section whose `columns` one of the labels (column, kicker, title) starts with
    or one of the bylines contains ('今日谈：…', '本报评论员'), or ''. An importer may
    not know a commentary's kind; its column or byline says it."""
    labels, bylines = [x for x in labels if x], [x for x in bylines if x]
    for rule in rules:
        for mark in rule.columns:
            if any(label.startswith(mark) for label in labels) or any(mark in b for b in bylines):
                return rule.section.name
    return ""


KeywordIndex = dict[str, tuple[tuple[int, float], ...]]
"""Keyword → (index of its section in the taxonomy, score per occurrence) pairs."""


def keyword_index(rules: tuple[SectionRule, ...]) -> KeywordIndex:
    """Invert the sections' keyword lists, so an article's words are looked up once each."""
    index: dict[str, list[tuple[int, float]]] = {}
    for position, rule in enumerate(rules):
        for word, weight in rule.keywords.items():
            index.setdefault(word, []).append((position, weight))
    return {word: tuple(pairs) for word, pairs in index.items()}


def keyword_scores(counts: Mapping[str, float], rules: tuple[SectionRule, ...],
                   index: KeywordIndex | None = None) -> list[float]:
    """Each section's score for an article whose words (title-weighted) are `counts`."""
    index = keyword_index(rules) if index is None else index
    scores = [0.0] * len(rules)
    for word in counts.keys() & index.keys():
        for position, weight in index[word]:
            scores[position] += weight * counts[word]
    return scores


def classify(kind: str, counts: Mapping[str, float], lexicon: Lexicon,
             index: KeywordIndex | None = None, page_name: str = "", abroad: float = 0.0) -> str:
    """The computed section of one article (an editor's choice is applied later);
    `abroad` is `abroad_evidence` of its text."""
    decided = section_for_kind(kind, lexicon.rules)
    if decided:
        return decided
    rules = lexicon.rules
    scores = [words + page + abroad * rule.abroad for words, page, rule in
              zip(keyword_scores(counts, rules, index), page_scores(page_name, rules), rules)]
    candidates = [(score, -position) for position, score in enumerate(scores)
                  if not lexicon.rules[position].kinds]
    best = max(candidates, default=(0.0, 0))
    if best[0] <= 0:
        return lexicon.default_section
    return lexicon.rules[-best[1]].section.name


def word_counts(weighted: list[tuple[list[str], float]]) -> dict[str, float]:
    """Counts of every word over several fields, each with its weight."""
    counts: dict[str, float] = {}
    for words, weight in weighted:
        for word in words:
            counts[word] = counts.get(word, 0.0) + weight
    return counts
