"""Headline groups: which printed line is the column, kicker, title, subtitle.

Chinese papers stack up to four short lines above a story: a column label
(栏目, a standing label such as '政务之要'), a kicker (引题, setting the scene),
the title (主题) and a subtitle (副题, often starting with ——).  The dump
keeps them as consecutive short lines, sometimes two on one line.  We read
them bottom-up from the title, using only the shape of the lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Unit
from .text import compact, fold, is_letter_spaced, squeeze, unspace_letters

COLUMN_MAX = 5
"""Labels this short ('政务之要', '迎泽区') are column labels, not kickers:
a kicker is a clause that sets the scene and is rarely under six characters."""


@dataclass(slots=True)
class Headline:
    """The parsed headline group of one story (all fields as printed)."""

    units: list[Unit]
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    column: str = ""
    overflow: list[Unit] = field(default_factory=list)
    """Labels above this story's column: they belong to a neighbour or to no story."""

    @property
    def line(self) -> int:
        return self.units[0].line


def is_dash_subtitle(text: str) -> bool:
    """'——访古交市委书记李卫平': a subtitle announces itself with a dash."""
    return fold(text).lstrip().startswith(("——", "—", "--"))


def is_column_like(text: str) -> bool:
    """Shapes that column labels take and kickers do not.

    Letter-spaced ('迎 泽 区'); very short ('政务之要'); a two-character lead word
    and a topic ('聚焦 安全生产'); or two phrases side by side ('太忻一体化经济区
    强势起步进行时') -- a kicker is one clause, printed without a break.
    """
    parts = fold(text).split()
    if is_letter_spaced(text) or len(compact(text)) <= COLUMN_MAX:
        return True
    return len(parts) == 2 and not is_dash_subtitle(text)


def is_parallel(text: str) -> bool:
    """'稳就业 兜底线 聚人才 促和谐': three or more short parallel phrases, a title."""
    parts = fold(text).split()
    return len(parts) >= 3 and all(len(p) <= 5 for p in parts)


def split_compound(text: str) -> tuple[str, str] | None:
    """A kicker and title printed on one line, as (kicker, title).

    '《山西省绿色建筑发展条例》规定 购买绿色建筑 可享贷款优惠': the first phrase is
    much longer than the parallel phrases after it, so it is the kicker.  Two
    phrases alone ('古交市开启校地合作 促小小榛子“生”金银') are one title.
    """
    parts = text.split()
    if len(parts) < 3:
        return None
    first, rest = parts[0], parts[1:]
    if len(first) >= 10 and len(first) >= 1.5 * max(len(p) for p in rest):
        return first, " ".join(rest)
    return None


def _blocks(units: list[Unit], blank_separated: bool) -> list[list[Unit]]:
    """Lines printed with no blank line between them form one block, when the
    file separates paragraphs by blank lines (then a block is one typeset unit)."""
    blocks: list[list[Unit]] = []
    for unit in units:
        if blocks and unit.tight and blank_separated:
            blocks[-1].append(unit)
        else:
            blocks.append([unit])
    return blocks


def parse(units: list[Unit], *, blank_separated: bool = True) -> Headline:
    """Assign the lines of one headline group to column/kicker/title/subtitle."""
    head = Headline(units=list(units))
    blocks = _blocks(units, blank_separated)
    texts = [" ".join(u.text for u in b) for b in blocks]
    if len(texts) > 1 and is_dash_subtitle(texts[-1]):
        head.subtitle = squeeze(texts.pop())
        blocks.pop()
    columns: list[int] = []
    while len(texts) - len(columns) > 1 and is_column_like(texts[len(columns)]):
        columns.append(len(columns))
    rest = list(range(len(columns), len(texts)))
    last = rest[-1] if rest else None
    if last is not None and len(rest) > 1 and (len(blocks[last]) > 1 or split_compound(texts[last])):
        columns.extend(rest[:-1])
        rest = [last]
    keep = 2 if head.subtitle else 3
    columns.extend(rest[:-keep])
    rest = rest[-keep:]
    if len(rest) == 3:
        head.kicker, head.title, head.subtitle = (squeeze(texts[i]) for i in rest)
    elif len(rest) == 2 and not head.subtitle and is_parallel(texts[rest[0]]):
        head.title, head.subtitle = (squeeze(texts[i]) for i in rest)
    elif len(rest) == 2:
        head.kicker, head.title = (squeeze(texts[i]) for i in rest)
    elif rest:
        i = rest[0]
        if len(blocks[i]) > 1:
            head.kicker = squeeze(" ".join(u.text for u in blocks[i][:-1]))
            head.title = squeeze(blocks[i][-1].text)
        elif compound := split_compound(squeeze(texts[i])):
            head.kicker, head.title = compound
        else:
            head.title = squeeze(texts[i])
    if columns:
        head.column = unspace_letters(texts[columns[-1]])
        head.overflow = [u for i in columns[:-1] for u in blocks[i]]
    if not head.title and head.subtitle:
        head.title, head.subtitle = head.subtitle, ""
    return head
