"""Chinese date formatting and Markdown → HTML / plain text for article bodies."""

from __future__ import annotations

import datetime as dt
import re

from markdown_it import MarkdownIt

WEEKDAYS = "一二三四五六日"

# Article text is data, never markup: raw HTML is off (it is shown as text),
# and markdown-it refuses javascript:/data: links by itself.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
"""A regex class of the characters never kept in text (tab, newline and carriage return
are kept): C0 and C1 controls, DEL, and the non-characters U+FFFE/U+FFFF. None is text a
reader sees, and each makes feeds and the sitemap invalid XML. One rule for the
importer (importer/decode.py) and the loader (content.py)."""
STRAY_CONTROLS = re.compile(f"[{CONTROL_CHARACTERS}]")


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, and nothing else (fromisoformat alone also takes
    '20220729' and '2022-W30-4'). Raises ValueError. The one rule for front matter,
    catalogues and --date."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def cn_date(day: dt.date) -> str:
    """'2022年7月28日 星期四'."""
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def cn_day(day: dt.date) -> str:
    """'2022年7月28日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(year: int, month: int) -> str:
    return f"{year}年{month}月"


# A block that CommonMark renders as one plain paragraph or ATX heading: one line,
# no leading indent or block marker, no inline syntax but backslash escapes.
_PLAIN_BLOCK = re.compile(r"^(#{1,6} )?(?![ \t]|[-+*>=#_]|\d{1,9}[.)])"
                          r"(?:[^\\`*_\[\]<>!&|~\n\t\r]++|\\[!-/:-@\[-`{-~])++$")
"""(Possessive runs: the regex engine takes a run of plain characters at once, three
times faster than one character per alternation.)"""
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def _plain_blocks(body: str) -> list[tuple[int, str]] | None:
    """(heading level or 0, text with escapes resolved) for each block of a body made
    only of one-line paragraphs and subheads — the shape of nearly every imported
    article — without a CommonMark parse, which is most of the cost of turning a body
    into HTML or text. None for anything else (markdown-it then parses it)."""
    if "\x00" in body:  # markdown-it replaces NUL
        return None
    blocks = []
    for block in body.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        match = _PLAIN_BLOCK.match(block)
        if match is None or block.endswith(("#", "\\")) or block[-1].isspace():
            return None
        marker = match.group(1)
        text = block[len(marker):] if marker else block
        if text[0].isspace():  # markdown-it strips Unicode white space (U+3000) at the ends
            return None
        blocks.append((len(marker) - 1 if marker else 0, _ESCAPED.sub(r"\1", text)))
    return blocks


def _fast_html(body: str) -> str | None:
    """`_parsed_html` for a body of plain blocks (`_plain_blocks`), else None; tests check
    that both give the same HTML."""
    blocks = _plain_blocks(body)
    if blocks is None:
        return None
    shift = _heading_shift([level for level, _ in blocks if level])
    html = []
    for level, text in blocks:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        if level:
            level = min(6, level + shift)
            html.append(f"<h{level}>{text}</h{level}>\n")
        else:
            html.append(f"<p>{text}</p>\n")
    return "".join(html)


def _parsed_html(body: str) -> str:
    """markdown-it's HTML, with the body's subheads placed under the page's title."""
    tokens = _MD.parse(body)
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    shift = _heading_shift([int(token.tag[1]) for token in headings])
    for token in headings:
        token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    return _MD.renderer.render(tokens, _MD.options, {})


def _heading_shift(levels: list[int]) -> int:
    """How far to move a body's heading levels so that its top one is <h2>: the page's
    <h1> is the article's title, and a subhead typed '###' (or '#') sits right under it."""
    return 2 - min(levels) if levels else 0


def markdown_html(body: str) -> str:
    """The article body as HTML (escaped text; subheads, lists and emphasis kept)."""
    fast = _fast_html(body)
    return fast if fast is not None else _parsed_html(body)


def plain_text(body: str) -> str:
    """The article body as plain text, one line per block (for search and summaries)."""
    blocks = _plain_blocks(body)
    if blocks is not None:  # the same text as the parse below (tests compare the two)
        return "\n".join(text for _, text in blocks)
    return _parsed_text(body)


def _parsed_text(body: str) -> str:
    lines: list[str] = []
    for token in _MD.parse(body):
        if token.type == "inline" and token.children is not None:
            pieces = [child.content for child in token.children
                      if child.type in ("text", "code_inline", "html_inline")]
            line = "".join(pieces).strip()
            if line:
                lines.append(line)
        elif token.type in ("code_block", "fence", "html_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
    return "\n".join(lines)


_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|\\(?=[!-/:-@\[-`{-~])|[*_`]+")


def quick_text(body: str, limit: int = 400) -> str:
    """Roughly the plain text of the first blocks of a body, without a Markdown parse:
    enough for summaries, which are shown on every list page."""
    lines = []
    size = 0
    for line in body.splitlines():
        line = _MARKUP.sub("", line).strip()
        if line:
            lines.append(line)
            size += len(line)
            if size >= limit:
                break
    return "\n".join(lines)


_JUMP = re.compile(r"[（(](?:上接|下转|紧接|接|转|续)第?[A-Za-z]?\d+(?:版|页)[）)]")
"""A printed continuation marker, '（上接第1版）': it says where the text went on paper,
which a summary standing for the whole article must not begin with."""


def summary(text: str, limit: int = 120) -> str:
    """The first `limit` characters of plain text, cut at a sentence end when one is near
    (continuation markers left out)."""
    flat = text.replace("\n", "")
    if "版" in flat or "页" in flat:
        flat = _JUMP.sub("", flat)
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    stop = max(cut.rfind("。"), cut.rfind("!"), cut.rfind("?"), cut.rfind("！"), cut.rfind("？"))
    return cut[:stop + 1] if stop >= limit // 2 else cut + "……"
