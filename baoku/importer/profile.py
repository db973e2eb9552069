"""Layout profiles: how one paper prints page headers, bylines, datelines, column tags.

Segmentation reasons about cues (a dateline opens a story, a closing credit
ends one, a column tag ends a headline...).  What is general lives in
segment.py; what is one paper's habit lives here, as a `Profile` of
patterns and word lists.  `detect(text)` picks the defaults from the text
itself, so that both layouts we know (a city daily's page dumps and a
national daily's whole issues) import well with no configuration; an archive
can pin any field in content/importer.toml:

    [layout]
    page_header = '^【?第(?P<page>[A-Z]?\\d{1,3})版[：: ]*(?P<name>[^】]{0,8})】?$'
    staff_words = ["责任编辑", "版式设计"]
    column_tags = true
    box_openers = ["核心阅读", "编者按"]

The file is validated like content/site.toml: unknown keys and wrong types
are errors naming the file and line, with a hint.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..errors import Problem

SETTINGS_FILE = "importer.toml"

PAGE_HEADERS = (
    # '第02版 要闻', '第01版：要闻', '【第03版：国际】', '华夏日报 2023年2月5日 第02版 国际'
    r"(?<![上下]接)(?<!转)第\s*(?P<page>[A-Z]?\d{1,3})\s*版(?:\s*[:：·\-]?\s*(?P<name>[\u3400-\u9fff·]{1,8}))?\s*】?\s*$",
    # 'A2 要闻' / 'A02版：要闻' (section-lettered pages)
    r"^(?P<page>[A-Z]\d{1,2})\s*版?\s*[:：]?\s*(?P<name>[\u3400-\u9fff]{2,6})$",
)
"""Page header forms we know; `detect` keeps those that occur in the text."""


@dataclass(frozen=True, slots=True)
class Profile:
    """One layout's habits, as patterns the segmenter asks about."""

    page_header: tuple[str, ...] = PAGE_HEADERS
    """Regular expressions for a page-header line; group 'page', optional group 'name'."""
    staff_words: tuple[str, ...] = ("责任编辑", "本版责编", "责编", "编辑", "校对", "美编", "美术编辑", "版式设计",
                                    "版式", "组版", "审读", "值班编辑", "见习编辑", "图表制作", "制图")
    """Words that open a staff line ('版式设计：孙悦'), page furniture, not a story's text."""
    datelines: tuple[str, ...] = (r"本报讯", r"本报[^\s,，。]{0,12}(?:讯|电)", r"新华社[^\s,，。]{0,20}电", r"据新华社",
                                  r"(?:中新社|中新网|央视网|人民网|新华网)[^\s,，。]{0,20}电",
                                  r"[^\s,，。]{0,12}\d{1,2}月\d{1,2}日(?:电|讯)")
    """How a story's first paragraph opens: '本报北京2月4日电', '新华社北京…电', '本报讯'."""
    column_tags: bool = True
    """A short （…） tag ending a headline ('问“细”于民见初心（今日谈）') names the column."""
    column_tag_max: int = 8
    """Longest column tag, in characters."""
    box_openers: tuple[str, ...] = ("核心阅读", "内容提要", "编者按", "开栏的话", "阅读提示", "数读", "导读", "记者手记")
    """Labels that open a box at the top of a story's body, never a headline."""
    dateline_stories: bool = False
    """News stories open with place datelines ('本报北京2月4日电') and may run
    subheads: inside such a story a headline-shaped line above plain text is
    a subhead unless other cues say otherwise.  Detected from the text."""
    detected: tuple[str, ...] = field(default=(), compare=False)
    """What `detect` found (for the review report), empty when pinned."""

    def compiled(self) -> Compiled:
        return _compile(self)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A profile's patterns, compiled once per issue."""

    profile: Profile
    page: tuple[re.Pattern[str], ...]
    staff: re.Pattern[str]
    lead: re.Pattern[str]
    tag: re.Pattern[str] | None


def _compile(p: Profile) -> Compiled:
    staff = "|".join(re.escape(w) for w in sorted(p.staff_words, key=len, reverse=True)) or r"(?!)"
    tag = (re.compile(rf"^(?P<title>.+?)\s*[（(](?P<tag>[\u3400-\u9fff·]{{2,{p.column_tag_max}}})[）)]$")
           if p.column_tags else None)
    return Compiled(p, tuple(re.compile(x) for x in p.page_header),
                    re.compile(rf"^(?:{staff})\s*[:：/ ]"),
                    re.compile(rf"^\s*(?:{'|'.join(p.datelines)})"), tag)


DEFAULT = Profile()


def detect(text: str, base: Profile = DEFAULT) -> Profile:
    """The profile for one issue: the base's patterns, narrowed to what occurs.

    Only page-header forms seen on at least one short line are kept (fewer
    false headers in body text); everything else is general enough to keep.
    """
    stripped = [s for s in (raw.strip() for raw in text.split("\n")) if s]
    lines = [s for s in stripped if len(s) <= 40]
    seen = tuple(p for p in base.page_header if any(re.search(p, s) for s in lines))
    found = [f"page headers: {len(seen)} form(s)"] if seen else ["no page headers"]
    lead = re.compile(rf"^\s*(?:{'|'.join(base.datelines)})")
    leads = [m.group(0) for s in stripped if (m := lead.match(s))]
    placed = sum(x.endswith("电") for x in leads)
    dated = base.dateline_stories or (placed >= DATELINE_MIN and placed >= DATELINE_SHARE * len(leads))
    found.append(f"{placed} of {len(leads)} leads are place datelines")
    return replace(base, page_header=seen or base.page_header, dateline_stories=dated, detected=tuple(found))


DATELINE_MIN = 3
DATELINE_SHARE = 0.6
"""An issue whose leads are mostly place datelines ('本报北京2月4日电', not
'本报讯'), at least three of them, runs subheads inside news stories."""


_TYPES = {f.name: f.type for f in fields(Profile) if f.name != "detected"}


def _line_of(source: str, key: str) -> int:
    """Line of 'key = …' or of the table header '[key]' (0 when not found)."""
    for number, raw in enumerate(source.splitlines(), start=1):
        if re.match(rf"\s*(?:{re.escape(key)}\s*=|\[\s*{re.escape(key)}\s*\])", raw):
            return number
    return 0


def load(content: Path) -> tuple[Profile | None, list[Problem]]:
    """content/importer.toml -> a pinned profile (None when the file is absent), problems."""
    path = content / SETTINGS_FILE
    if not path.exists():
        return None, []
    try:
        source = path.read_text(encoding="utf-8")
        raw = tomllib.loads(source)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(SETTINGS_FILE, 0, "", f"cannot be read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return None, [Problem(SETTINGS_FILE, int(m.group(1)) if m else 0, "", f"is not valid TOML: {exc}")]
    problems: list[Problem] = []
    for key in raw:
        if key != "layout":
            problems.append(Problem(SETTINGS_FILE, _line_of(source, key), key,
                                    "unknown table or setting; the file has one table, [layout]"))
    layout = raw.get("layout", {})
    values: dict[str, object] = {}
    for key, value in (layout.items() if isinstance(layout, dict) else ()):
        line = _line_of(source, key)
        if key not in _TYPES:
            near = difflib.get_close_matches(key, list(_TYPES), n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            problems.append(Problem(SETTINGS_FILE, line, key,
                                    f"unknown setting; {hint}expected one of: {', '.join(sorted(_TYPES))}"))
            continue
        want = getattr(DEFAULT, key)
        if isinstance(want, tuple):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(Problem(SETTINGS_FILE, line, key, f"must be a list of non-empty strings, got {value!r}"))
                continue
            value = tuple(value)
        elif type(value) is not type(want):
            problems.append(Problem(SETTINGS_FILE, line, key, f"must be a {type(want).__name__}, got {value!r}"))
            continue
        if key in ("page_header", "datelines"):
            bad = [(v, e) for v in value for e in _regex_error(v)]  # type: ignore[union-attr]
            problems += [Problem(SETTINGS_FILE, line, key, f"{v!r} is not a valid regular expression: {e}") for v, e in bad]
            if key == "page_header" and not bad:
                problems += [Problem(SETTINGS_FILE, line, key, f"{v!r} needs a group named 'page'")
                             for v in value if "page" not in re.compile(v).groupindex]  # type: ignore[union-attr]
        values[key] = value
    if problems:
        return None, problems
    return replace(DEFAULT, **values), []  # type: ignore[arg-type]


def _regex_error(pattern: str) -> list[str]:
    try:
        re.compile(pattern)
    except re.error as exc:
        return [str(exc)]
    return []
