"""One raw issue -> article drafts and a remainder: the importer's pure core.

No I/O here; `segment_issue` is what tests, the accuracy check and the
writer all call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .lines import FURNITURE, page_label, split_units
from .resolve import resolve
from .segment import first_pass
from .story import Piece, Story
from .text import squeeze


@dataclass(frozen=True, slots=True)
class Draft:
    """One article as it will be written (before the file exists)."""

    order: int
    title: str
    kicker: str
    subtitle: str
    column: str
    kind: str
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    continued_from: str
    continued_to: str
    paragraphs: tuple[tuple[str, bool], ...]
    """(text, is_subhead) in print order; bylines printed above the body come last."""
    guessed_title: bool
    line: int
    """Where the article starts in the raw file."""
    notes: tuple[str, ...] = ()
    page: str = ""
    """Printed page label, from a page header in the file ('第02版' -> '02')."""


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Everything one raw issue turned into."""

    drafts: tuple[Draft, ...]
    remainder: tuple[Piece, ...]
    joined: tuple[tuple[int, ...], ...] = field(default=())
    """Source lines rejoined into one paragraph (first line, then the others)."""


def segment_issue(text: str) -> Segmentation:
    """Split one decoded issue into article drafts and remainder pieces."""
    units = split_units(text)
    blank_separated = sum(u.tight for u in units) * 2 < len(units)
    first = first_pass(units)
    remainder = list(first.remainder)
    stories = resolve(first.stories, remainder, blank_separated=blank_separated)
    page = next((label for u in units if u.kind == FURNITURE and (label := page_label(u.text))), "")
    drafts = tuple(replace(_draft(n, s), page=page) for n, s in enumerate(stories, start=1))
    joined = tuple((p.line, *p.joined) for s in stories for p in s.paras if p.joined)
    return Segmentation(drafts, tuple(sorted(remainder, key=lambda p: p.line)), joined)


def _draft(order: int, story: Story) -> Draft:
    head = story.headline
    assert head is not None
    paragraphs = tuple((p.text, p.subhead) for p in story.paras + story.byline_paras)
    return Draft(
        order=order,
        title=squeeze(head.title),
        kicker=squeeze(head.kicker),
        subtitle=squeeze(head.subtitle),
        column=squeeze(head.column),
        kind=story.kind,
        authors=tuple(story.authors),
        photographers=tuple(story.photographers),
        continued_from=story.continued_from,
        continued_to=story.continued_to,
        paragraphs=paragraphs,
        guessed_title=story.guessed_title,
        line=story.anchor,
        notes=tuple(story.notes),
    )
