"""Give every article exactly one section: by its kind where that decides, else by its words.

Kind first, because form beats subject for a reader: a commentary on the economy
belongs with the other commentaries (评论), a photo with the photos (图片), a notice
with the notices (公告). Which kinds decide which section is data in sections.toml.

For the rest, a rules classifier: each section lists `strong` words (3 points per
occurrence) and `words` (1 point); title words count three times, as a headline states
what the story is about. The highest score wins; ties go to the section listed first;
an article that matches nothing goes to `default`. A trained naive Bayes model was
measured against these rules on the labelled sample articles (see docs/subjects.md)
and lost, so the rules are what ships: an editor can read and fix them.
"""

from __future__ import annotations

from collections.abc import Mapping

from .lexicon import Lexicon, SectionRule


def section_for_kind(kind: str, rules: tuple[SectionRule, ...]) -> str:
    """The section this kind always goes to, or '' when the text must decide."""
    for rule in rules:
        if kind in rule.kinds:
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
             index: KeywordIndex | None = None) -> str:
    """The computed section of one article (an editor's choice is applied later)."""
    decided = section_for_kind(kind, lexicon.rules)
    if decided:
        return decided
    candidates = [(score, -position) for position, score in
                  enumerate(keyword_scores(counts, lexicon.rules, index))
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
