"""Notices (通知, 通告, 公告, 启事, obituaries): titles, closers and signatures.

Notices are printed differently from news: a bare type word as headline, a
closing formula ('特此通告'), then the issuer and a date.  Classified pages
also run several notices together in one paragraph, each glued to the next
after its closing formula, and print a title glued to its first sentence
('花艳君同志逝世 太原市晋剧艺术研究院…').  These rules find those seams.
"""

from __future__ import annotations

import re

from .text import fold

NOTICE_WORDS = ("通知", "通告", "公告", "启事", "声明", "讣告", "公示", "告知书", "敬告", "逝世", "告示", "通报")
"""A headline ending with one of these is a notice's title."""

_CLOSER = re.compile(r"特此(?:通知|通告|公告|声明|公示|告知|函告|说明|启事|敬告)|此致|敬礼")
_DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日")
_ISSUER_SUFFIX = re.compile(
    r"(?:公司|集团|局|委员会|委|办公室|办|中心|政府|协会|学会|医院|学校|大学|学院|银行|部|厅|院|站|所|社|处|室|"
    r"小组|指挥部|管委会|街道|社区|村委会|居委会|家属|全体同仁)$"
)


def is_notice_title(text: str) -> bool:
    """'通告', '寻亲启事', '…领导大接访活动公告', '花艳君同志逝世', '通 告'."""
    title = "".join(fold(text).split())
    return bool(title) and len(title) <= 40 and title.endswith(NOTICE_WORDS)


def is_closer(text: str) -> bool:
    """'特此通知' and the like: the line that ends a notice's text."""
    return bool(_CLOSER.fullmatch("".join(fold(text).split())))


def ends_with_closer(text: str) -> bool:
    """'…请务必与田先生联系。特此通知': the paragraph ends a notice."""
    m = None
    for m in _CLOSER.finditer(fold(text)):
        pass
    return m is not None and not fold(text)[m.end():].strip()


def is_date_line(text: str) -> bool:
    """'2022年7月26日' alone on a line: a notice's date of issue."""
    return bool(_DATE.fullmatch(fold(text).strip()))


def is_issuer(text: str) -> bool:
    """'太原绿城房地产开发有限公司': a short line naming an organisation."""
    line = "".join(fold(text).split())
    return 2 <= len(line) <= 30 and bool(_ISSUER_SUFFIX.search(line))


def split_glued_title(text: str) -> tuple[str, str] | None:
    """'通知 朝阳街…' -> ('通知', '朝阳街…') when a notice title leads a paragraph.

    Only a short first word ending in a notice word, followed by a space and
    a sentence, counts: '公告' inside a sentence is not a title.
    """
    folded = fold(text)
    m = re.match(r"\s*(\S{2,16})\s+(?=\S)", folded)
    if not m or not m.group(1).endswith(NOTICE_WORDS) or "," in m.group(1):
        return None
    rest = text[m.end():]
    if len(rest) < 20:
        return None
    return text[: m.end(1)].strip(), rest


def split_after_closers(text: str) -> list[str]:
    """Cut a paragraph after each closing formula that is followed by more text.

    '…请务必与田先生联系…。特此通知 陈建强,因你违反…' -> two paragraphs: the
    second notice starts where the first one's formula ends.
    """
    folded = fold(text)
    pieces: list[str] = []
    start = 0
    for m in _CLOSER.finditer(folded):
        rest = folded[m.end():]
        if len(rest.strip()) >= 20 and rest[:1].isspace():
            pieces.append(text[start:m.end()])
            start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]
