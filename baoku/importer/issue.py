"""One raw issue -> article drafts and a remainder: the importer's pure core.

No I/O here; `segment_issue` is what tests, the accuracy check and the
writer all call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import notices
from .duplicates import mark_repeats
from .lines import FURNITURE, page_header, split_units
from .profile import Compiled, Profile, detect
from .resolve import resolve
from .segment import first_pass
from .story import Piece, Story
from .text import fold, squeeze


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
    page_name: str = ""
    """Printed page name, where the header gives one ('第02版：要闻' -> '要闻')."""
    column_tag: str = ""
    """The tag ending the headline, as printed ('（今日谈）'), when the column was
    read from it; its brackets are kept in the source file only."""
    repeats: int = 0
    """Order of the earlier draft of this issue that this one repeats (0: none)."""


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Everything one raw issue turned into."""

    drafts: tuple[Draft, ...]
    remainder: tuple[Piece, ...]
    joined: tuple[tuple[int, ...], ...] = field(default=())
    """Source lines rejoined into one paragraph (first line, then the others)."""


def segment_issue(text: str, profile: Profile | None = None) -> Segmentation:
    """Split one decoded issue into article drafts and remainder pieces.

    `profile` is the archive's pinned layout (content/importer.toml); without
    one, the layout is detected from the text.
    """
    prof = (profile or detect(text)).compiled()
    units = split_units(text, prof)
    blank_separated = sum(u.tight for u in units) * 2 < len(units)
    first = first_pass(units, prof)
    remainder = list(first.remainder)
    stories = resolve(first.stories, remainder, blank_separated=blank_separated)
    headers = [(u.line, *page_header(u.text, prof)) for u in units if u.kind == FURNITURE]
    headers = [h for h in headers if h[1]]
    drafts = tuple(_tagged(replace(_draft(n, s), **_page_at(headers, s.anchor)), prof)
                   for n, s in enumerate(stories, start=1))
    drafts = mark_repeats(drafts)
    joined = tuple((p.line, *p.joined) for s in stories for p in s.paras if p.joined)
    return Segmentation(drafts, tuple(sorted(remainder, key=lambda p: p.line)), joined)


def _page_at(headers: list[tuple[int, str, str]], line: int) -> dict[str, str]:
    """The page a line is printed on: the last page header above it (the first
    header for lines above all of them, as when a dump prints it at the foot)."""
    if not headers:
        return {}
    _, page, name = next((h for h in reversed(headers) if h[0] <= line), headers[0])
    return {"page": page, "page_name": name}


def _tagged(draft: Draft, prof: Compiled) -> Draft:
    """'问“细”于民见初心（今日谈）' -> title '问“细”于民见初心', column '今日谈'."""
    if prof.tag is None or draft.column or draft.guessed_title:
        return draft
    m = prof.tag.match(fold(draft.title))
    if m is None or not m.group("title").strip() or notices.is_notice_title(m.group("title")):
        return draft
    cut = len(draft.title.rstrip()) - (len(fold(draft.title).rstrip()) - len(m.group("title")))
    title, tag = draft.title[:cut], draft.title[cut:].strip()
    return replace(draft, title=squeeze(title), column=tag[1:-1].strip(), column_tag=tag,
                   notes=(*draft.notes, f"column '{m.group('tag')}' read from the headline's tag"))


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
