"""Chinese typesetting of text as readers see it.

Raw issues often carry half-width ASCII punctuation inside Chinese sentences
("7月27日,市政府新闻办举行…"), which sets badly next to Han characters. Content
files keep the text as printed; what is shown uses the full-width forms
wherever the mark touches Chinese text. Numbers keep theirs ("1,068", "3:30").
Search is unaffected: it compares text after NFKC, which folds both forms.
"""

from __future__ import annotations

import dataclasses
import re

from .model import Article
from .text import quick_text

_CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》]"
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# A mark is replaced when Chinese text stands on either side of it, also after Latin
# letters ('配变TTU,以及'); a comma or colon between two digits is a number separator
# and stays, and so does a colon after a digit ('3:30') and a semicolon after a letter
# or digit (it ends an HTML entity, '&amp;', which Markdown resolves). A
# backslash-escaped mark is Markdown syntax and stays as it is.
# (The mark is matched first and the lookbehinds span it: far faster than a
# lookbehind tried at every position.)
_AFTER_CJK = re.compile(rf"([,:;!?()])(?<={_CJK}[,:;!?()])")
_BEFORE_CJK = re.compile(rf"([,!?()])(?<!\\[,!?()])(?={_CJK})|(:)(?<![0-9\\]:)(?={_CJK})"
                         rf"|(;)(?<![0-9A-Za-z\\];)(?={_CJK})")


_ANY = re.compile(r"[,:;!?()]")
_OPEN_OF_PAIR = re.compile(r"\((?=[^()\n]{0,40}）)")
_CLOSE_OF_PAIR = re.compile(r"(?<=（)([^()\n]{0,40})\)")


def _full(match: re.Match[str]) -> str:
    mark = match.group(match.lastindex or 0)
    return _FULL[mark]


def cjk_punctuation(text: str) -> str:
    """Half-width , : ; ! ? ( ) touching Chinese text become full-width."""
    if text.isascii() or not _ANY.search(text):
        return text
    text = _AFTER_CJK.sub(_full, text)
    text = _BEFORE_CJK.sub(_full, text)
    if "(" in text or ")" in text:
        text = _OPEN_OF_PAIR.sub("（", text)  # an opening mark whose pair became full-width
        text = _CLOSE_OF_PAIR.sub(r"\1）", text)
    return text


def _block_safe(body: str) -> str:
    """Typeset a Markdown body, leaving link destinations alone."""
    if "](" not in body:
        return cjk_punctuation(body)
    out = []
    for line in body.split("\n"):
        if "](" in line:  # a Markdown link: its destination must keep ASCII parentheses
            out.append(line)
        else:
            out.append(cjk_punctuation(line))
    return "\n".join(out)


def typeset(article: Article) -> Article:
    """The article as shown to readers (the file on disk is never changed)."""
    return dataclasses.replace(
        article, title=cjk_punctuation(article.title), kicker=cjk_punctuation(article.kicker),
        subtitle=cjk_punctuation(article.subtitle), body=_block_safe(article.body))


def prepare(article: Article) -> Article:
    """An article as readers see it: typeset, with its lead text.

    Done as each file is read, in the loader's processes, and cached with the parsed
    article, so an unchanged file is never converted again. The parse cache is keyed by
    this module's code and what it imports (content.py), not by the rest of the build's:
    a change to rendering keeps every parsed article and its analysis. Analysis sees the
    same words as in the file: it folds punctuation widths (NFKC) before anything else."""
    shown = typeset(article)
    return dataclasses.replace(shown, lead=quick_text(shown.body))
