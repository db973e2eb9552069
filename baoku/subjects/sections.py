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


def keyword_scores(counts: Mapping[str, float], rules: tuple[SectionRule, ...]) -> list[float]:
    """Each section's score for an article whose words (title-weighted) are `counts`."""
    return [sum(weight * counts.get(word, 0.0) for word, weight in rule.keywords.items())
            for rule in rules]


def classify(kind: str, counts: Mapping[str, float], lexicon: Lexicon) -> str:
    """The computed section of one article (an editor's choice is applied later)."""
    decided = section_for_kind(kind, lexicon.rules)
    if decided:
        return decided
    candidates = [(score, -index) for index, score in
                  enumerate(keyword_scores(counts, lexicon.rules))
                  if not lexicon.rules[index].kinds]
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
