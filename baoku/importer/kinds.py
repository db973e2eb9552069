"""What kind of item a story is, and a title for items printed without one."""

from __future__ import annotations

import re

from . import notices
from .continuations import continued_from
from .story import Story
from .text import fold

PHOTO_CAPTION_MAX = 400
"""Longest caption (characters) of a photo item; longer text with a photo
credit is a story with a picture."""

GUESSED_TITLE_MAX = 24

_CAPTION_OPENING = re.compile(r"(?:图为|图\s*[:]|\d{1,2}月\d{1,2}日[,]?|近日[,]|日前[,]|本报讯\s*)+")
_LEAD_PREFIX = re.compile(r"^\s*(?:本报讯|本报[^\s,。()]{0,12}(?:讯|电)|新华社[^\s,。()]{0,20}电)\s*(?:\([^()]{2,40}\))?\s*")
_CLAUSE_END = re.compile(r"[,。;:!?]")
_DATE_END = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def is_photo(story: Story) -> bool:
    """Photo news: a short caption credited to a photographer, no byline, no lead."""
    paras = [p for p in story.paras if not p.subhead]
    return (bool(story.photographers) and not story.has_byline and not story.lead
            and not story.continued_from and len(paras) <= 3
            and sum(len(p.text) for p in paras) <= PHOTO_CAPTION_MAX)


def is_notice(story: Story) -> bool:
    title = story.headline.title if story.headline else ""
    last = story.paras[-1].text if story.paras else ""
    return (notices.is_notice_title(title) or story.signing
            or (not title and not story.lead and bool(_DATE_END.search(fold(last)))))


def kind_of(story: Story) -> str:
    head = story.headline
    subtitle = fold(head.subtitle) if head else ""
    column = head.column if head else ""
    if is_notice(story):
        return "notice"
    if is_photo(story):
        return "photo"
    if any("评论员" in a for a in story.authors) or subtitle.startswith(("——论", "—论")) \
            or re.search(r"评论|时评|社论|短评", column):
        return "commentary"
    if subtitle.startswith(("——访", "——专访", "——对话", "—访")) or (head and re.search(r"专访|访谈", head.title)):
        return "interview"
    if not story.lead and sum(1 for p in story.paras if p.subhead) >= 2:
        return "feature"
    return "news"


def guess_title(story: Story) -> str:
    """A short title from the first sentence, for items printed without one.

    '7月27日,我市突降大雨,市政…' -> '我市突降大雨': the date and the words that
    open every caption say nothing, the first clause after them does.  The
    title keeps the printed characters.
    """
    for para in story.paras:
        text = para.text
        if (cont := continued_from(text)) is not None:
            text = cont[1]
        folded = fold(text)
        start = 0
        if m := _LEAD_PREFIX.match(folded):
            start = m.end()
        if m := _CAPTION_OPENING.match(folded, start):
            start = m.end()
        clauses = [c for c in _CLAUSE_END.finditer(folded, start)]
        ends = [c.start() for c in clauses] + [len(folded)]
        end = next((e for e in ends if len(folded[start:e].strip()) >= 4), len(folded))
        title = text[start:end].strip()[:GUESSED_TITLE_MAX].strip()
        if len(title) >= 4:
            return title
    return "(无题)"
