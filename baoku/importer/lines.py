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
from .profile import DEFAULT, Compiled
from .text import CLAUSE_PUNCT, SENTENCE_END, cjk_count, compact, ends_open, fold

BODY, HEAD, CREDIT, NAME, MARKER, CLOSER, DATE = "body", "head", "credit", "name", "marker", "closer", "date"
FURNITURE = "furniture"
"""Page furniture: a page header ('第02版 要闻') or a staff line ('责任编辑：张三')."""
BOX = "box"
"""A box label opening a story's body ('核心阅读', '编者按'): never a headline."""
LIST = "list"
"""A chapter or list heading ('第一章 总 则', '一、总体要求', '案例一'): a subhead, never a headline."""

_LIST = re.compile(r"^(?:第[一二三四五六七八九十百\d]{1,4}[章节编部篇]|[一二三四五六七八九十]{1,3}[、．.]|"
                   r"[(（][一二三四五六七八九十]{1,3}[)）]|(?:案例|其)[一二三四五六七八九十\d]{1,3}$|[上中下]篇$|\d{1,2}[、．])")
_SPEAKER = re.compile(r"^(?:问|答|记者|本报记者|主持人|编者)\s*[:：]")
"""'记者：…？', '问：…', '答：…': an interview's turns, body text however short."""
_MASTHEAD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]")
_CONTRIBUTOR = re.compile(r"^([\u3400-\u9fff·]{2,8})\s*[(（]([^()（）]{3,30})[)）]$")
SHORT_HEAD_MAX = 30
"""A headline with clause punctuation ('四川：小微企业首贷户增长两成') is read as
one only when it is at most this long and its neighbours say so."""

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
    """Names, when the unit is a byline or photo credit (or a contributor line)."""
    lead: bool = False
    """Opens with a dateline ('本报北京2月4日电', '本报讯'): a news story's first paragraph."""
    joined: list[int] = field(default_factory=list)
    """Lines of following units joined into this one (mid-sentence breaks)."""


def is_lead(text: str) -> bool:
    """'本报讯 …', '新华社北京7月27日电 …': the opening of a news story."""
    return bool(_LEAD.match(fold(text)))


def page_label(text: str, prof: Compiled | None = None) -> str:
    """'第02版 要闻' -> '02'; '' unless the line is a page header."""
    return page_header(text, prof)[0]


def page_header(text: str, prof: Compiled | None = None) -> tuple[str, str]:
    """'第02版：要闻' -> ('02', '要闻'); ('', '') unless the line is a page header."""
    stripped = text.strip()
    if len(compact(stripped)) > 40 or fold(stripped).startswith("(") or "。" in stripped:
        return "", ""
    for pattern in (prof or _DEFAULT).page:
        if m := pattern.search(stripped):
            return m.group("page"), (m.groupdict().get("name") or "").strip()
    return "", ""


_DEFAULT = DEFAULT.compiled()


def is_list_heading(text: str) -> bool:
    """'第一章  总  则', '一、总体要求', '（二）推进产业升级', '案例一', '上篇'."""
    return bool(_LIST.match(text.strip()))


_TITLE_WORD = re.compile(r"(?:研究员|研究馆员|教授|讲师|馆长|局长|院长|所长|主任|书记|校长|会长|秘书长|"
                         r"经理|董事长|总监|主编|记者|编辑|专家|学者|委员|代表|医师|律师|法官|检察官|教师|作家)$")


def contributor(text: str) -> str:
    """'王建国（中国文化遗产研究院研究员）' -> '王建国': a symposium contributor's line.

    The name must start with a common surname, unless the bracket ends with
    a title ('晓雯（某省博物馆研究馆员）'): then any two to four characters do."""
    m = _CONTRIBUTOR.match(text.strip())
    if m is None:
        return ""
    if name := parse_bare_name(m.group(1)):
        return name
    return m.group(1) if 2 <= len(m.group(1)) <= 4 and _TITLE_WORD.search(m.group(2)) else ""


def classify(text: str, prof: Compiled | None = None) -> tuple[str, Credit | None]:
    """Kind of a single line, judged on its own (context comes later)."""
    prof = prof or _DEFAULT
    folded = fold(text).strip()
    if page_label(text, prof) or prof.staff.match(text.strip()) or _STAFF.match(folded):
        return FURNITURE, None
    if _MASTHEAD.search(folded) and len(compact(folded)) <= 30:
        return FURNITURE, None
    if "".join(folded.split()) in prof.profile.box_openers:
        return BOX, None
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
    if name := contributor(text):
        return BODY, Credit(authors=(name,))
    if is_headline_shaped(text) and not _SPEAKER.match(text.strip()):
        if is_list_heading(text):
            return LIST, None
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


def split_units(text: str, prof: Compiled | None = None) -> list[Unit]:
    """Cut the issue into typed units and rejoin paragraphs broken by layout."""
    prof = prof or _DEFAULT
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
            kind, credit = classify(piece, prof)
            lead = bool(prof.lead.match(fold(piece)))
            units.append(Unit(piece, number, kind, tight or k > 0, gap and k == 0, credit, lead=lead))
        blank = 0
    return _short_headlines(_rejoin(units))


def _short_headlines(units: list[Unit]) -> list[Unit]:
    """A short line with clause punctuation is a headline when its neighbours say so.

    '四川：小微企业首贷户增长两成' looks like body text on its own; above a
    dateline, a byline or a box, and below the end of a story (a closing
    credit, a page header, a finished sentence) it is a headline.
    """
    for i, unit in enumerate(units):
        if unit.kind != BODY or unit.lead or unit.credit is not None:
            continue
        folded = fold(unit.text).strip()
        size = len(compact(folded))
        if (not 4 <= size <= SHORT_HEAD_MAX or (folded[-1] in SENTENCE_END and folded[-1] != ")") or "。" in folded
                or len(re.findall(r"[,;]", folded)) > 1):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        prev = units[i - 1] if i else None
        opens = nxt is not None and (nxt.lead or nxt.kind == BOX or (nxt.kind == HEAD and fold(nxt.text).startswith("——")) or (nxt.kind == CREDIT and nxt.credit is not None
                                                                     and bool(nxt.credit.authors)))
        ended = prev is None or prev.kind in (FURNITURE, CREDIT, HEAD) or (
            prev.kind == BODY and not ends_open(prev.text))
        if opens and ended:
            unit.kind = HEAD
    return units


def _pieces(line: str) -> list[str]:
    """A line cut where notices run together or a notice title is glued on."""
    pieces: list[str] = []
    for part in notices.split_after_closers(line):
        glued = notices.split_glued_title(part)
        pieces.extend(glued if glued else (part,))
    return pieces


PAIRED_PHRASE_MAX = 8


def is_paired_subhead(text: str) -> bool:
    """'保护优先，留住乡愁': two or three short phrases joined by commas, nothing
    open (no quotation, no list).  A subhead, not a paragraph cut at a column's end."""
    parts = fold(text).strip().split(",")
    return (2 <= len(parts) <= 3 and all(2 <= len(p) <= PAIRED_PHRASE_MAX and cjk_count(p) == len(p) for p in parts))


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
                and ends_open(prev.text) and not is_paired_subhead(prev.text) and split_tail(prev.text) is None
                and not notices.ends_with_closer(prev.text)
                and not unit.lead and not is_lead(unit.text) and continued_from(unit.text) is None
                and unit.credit is None
                and notices.split_glued_title(unit.text) is None):
            prev.text += unit.text
            prev.joined.append(unit.line)
            continue
        out.append(unit)
    return out
