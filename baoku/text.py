"""Chinese date formatting and Markdown → HTML / plain text for article bodies."""

from __future__ import annotations

import datetime as dt
import re

from markdown_it import MarkdownIt

WEEKDAYS = "一二三四五六日"

# Article text is data, never markup: raw HTML is off (it is shown as text),
# and markdown-it refuses javascript:/data: links by itself.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


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
    """markdown-it's HTML for a body of plain blocks (`_plain_blocks`), else None;
    tests check that both give the same HTML."""
    blocks = _plain_blocks(body)
    if blocks is None:
        return None
    html = []
    for level, text in blocks:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        html.append(f"<h{level}>{text}</h{level}>\n" if level else f"<p>{text}</p>\n")
    return "".join(html)


def markdown_html(body: str) -> str:
    """The article body as HTML (escaped text; headings, lists and emphasis kept)."""
    fast = _fast_html(body)
    return fast if fast is not None else _MD.render(body)


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


def summary(text: str, limit: int = 120) -> str:
    """The first `limit` characters of plain text, cut at a sentence end when one is near."""
    flat = text.replace("\n", "")
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    stop = max(cut.rfind("。"), cut.rfind("!"), cut.rfind("?"), cut.rfind("！"), cut.rfind("？"))
    return cut[:stop + 1] if stop >= limit // 2 else cut + "……"
