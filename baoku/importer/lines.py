"""Issue text -> units: one per printed line, typed, with broken paragraphs rejoined.

A unit is what the segmenter reasons about: a body paragraph, a headline-like
line, a byline or credit, a continuation marker, a notice's closing formula or
date.  Blank lines only separate units; a run of extra blank lines marks the
place of a picture (a 'gap'), which starts a new story.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import notices
from .bylines import Credit, parse_bare_name, parse_line, split_tail
from .continuations import continued_from, continued_to
from .text import CLAUSE_PUNCT, cjk_count, compact, ends_open, fold

BODY, HEAD, CREDIT, NAME, MARKER, CLOSER, DATE = "body", "head", "credit", "name", "marker", "closer", "date"
FURNITURE = "furniture"
"""Page furniture: a page header ('第02版 要闻') or a staff line ('责任编辑：张三')."""

HEADLINE_MAX = 48
"""Longest headline-like line, in non-space characters.  The longest printed
headline in the samples (kicker and title on one line) has 37."""

_PAGE = re.compile(r"(?<![上下]接)(?<!转)第\s*([A-Z]?\d{1,3})\s*版")
_STAFF = re.compile(r"^(?:责任编辑|责编|编辑|校对|美编|美术编辑|版式设计|版式|组版|审读|值班编辑|见习编辑)\s*[:/ ]")
_LEAD = re.compile(
    r"^\s*(?:本报讯|本报[^\s,。]{0,12}(?:讯|电)|新华社[^\s,。]{0,20}电|据新华社|"
    r"[^\s,。]{0,12}\d{1,2}月\d{1,2}日(?:电|讯))"
)


@dataclass(slots=True)
class Unit:
    """One printed line (or paragraph) of the issue, typed."""

    text: str
    """The printed text, surrounding whitespace removed."""
    line: int
    """1-based line number in the raw file."""
    kind: str
    tight: bool = False
    """No blank line separates it from the previous unit (same printed block)."""
    gap: bool = False
    """A picture-sized run of blank lines precedes it."""
    credit: Credit | None = None
    """Names, when the unit is a byline or photo credit."""
    joined: list[int] = field(default_factory=list)
    """Lines of following units joined into this one (mid-sentence breaks)."""


def is_lead(text: str) -> bool:
    """'本报讯 …', '新华社北京7月27日电 …': the opening of a news story."""
    return bool(_LEAD.match(fold(text)))


def page_label(text: str) -> str:
    """'第02版 要闻' -> '02'; '' unless the line is a page header."""
    folded = fold(text).strip()
    m = _PAGE.search(folded)
    if m is None or len(compact(folded)) > 40 or folded.startswith("(") or "。" in folded:
        return ""
    return m.group(1)


def classify(text: str) -> tuple[str, Credit | None]:
    """Kind of a single line, judged on its own (context comes later)."""
    if page_label(text) or _STAFF.match(fold(text).strip()):
        return FURNITURE, None
    if (cont := continued_from(text)) is not None and not cont[1].strip():
        return MARKER, None
    if continued_to(text) and len(compact(fold(text))) <= 12:
        return MARKER, None
    if notices.is_closer(text):
        return CLOSER, None
    if notices.is_date_line(text):
        return DATE, None
    if (credit := parse_line(text)) is not None:
        return CREDIT, credit
    if is_headline_shaped(text):
        return (NAME if parse_bare_name(text) else HEAD), None
    return BODY, None


def is_headline_shaped(text: str) -> bool:
    """Short, no clause punctuation, some Chinese: how headlines and labels look."""
    folded = fold(text).strip()
    size = len(compact(folded))
    if folded.startswith("——"):
        return size <= HEADLINE_MAX + 12
    return (0 < size <= HEADLINE_MAX and not CLAUSE_PUNCT.search(folded)
            and cjk_count(folded) >= 2 and not folded.endswith(":"))


def split_units(text: str) -> list[Unit]:
    """Cut the issue into typed units and rejoin paragraphs broken by layout."""
    lines = text.split("\n")
    runs: list[int] = []
    blank = 0
    for raw in lines:
        if raw.strip():
            runs.append(blank)
            blank = 0
        else:
            blank += 1
    usual = Counter(runs[1:]).most_common(1)[0][0] if len(runs) > 1 else 1
    units: list[Unit] = []
    blank = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            blank += 1
            continue
        tight = bool(units) and blank == 0
        gap = bool(units) and blank >= max(2, usual + 2)
        for k, piece in enumerate(_pieces(raw.strip())):
            kind, credit = classify(piece)
            units.append(Unit(piece, number, kind, tight or k > 0, gap and k == 0, credit))
        blank = 0
    return _rejoin(units)


def _pieces(line: str) -> list[str]:
    """A line cut where notices run together or a notice title is glued on."""
    pieces: list[str] = []
    for part in notices.split_after_closers(line):
        glued = notices.split_glued_title(part)
        pieces.extend(glued if glued else (part,))
    return pieces


def _rejoin(units: list[Unit]) -> list[Unit]:
    """Join a body line cut mid-sentence with the body line that continues it.

    '…聚焦规划编制、政策创' + '设、项目建设等方面…' is one paragraph split at a
    column's end.  We join only when the next unit is plain body text: not a
    new story's lead, a continuation, a caption after a picture gap, or a
    paragraph ending with its own credit.
    """
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == BODY and unit.kind == BODY and not unit.gap
                and ends_open(prev.text) and split_tail(prev.text) is None
                and not notices.ends_with_closer(prev.text)
                and not is_lead(unit.text) and continued_from(unit.text) is None
                and notices.split_glued_title(unit.text) is None):
            prev.text += unit.text
            prev.joined.append(unit.line)
            continue
        out.append(unit)
    return out
