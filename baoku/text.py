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


def markdown_html(body: str) -> str:
    """The article body as HTML (escaped text; headings, lists and emphasis kept)."""
    return _MD.render(body)


def plain_text(body: str) -> str:
    """The article body as plain text, one line per block (for search and summaries)."""
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
