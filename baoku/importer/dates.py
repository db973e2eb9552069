"""The issue date of a raw file: given, catalogued, or in its name -- never guessed.

A wrong date files every article of an issue under the wrong day and URL,
so when no source states it we stop, and say which date the text suggests.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

from ..text import iso_date
from .text import fold

_ISO_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT_NAME = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class DateError(Exception):
    """No trustworthy date for a file; the message says how to give one."""


def read_catalog(path: Path) -> dict[str, dt.date]:
    """catalog.csv (columns file,date[,…]) -> {file name: date}."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise DateError(f"{path}: cannot read the catalogue ({exc.strerror})") from None
    if not rows or not {"file", "date"} <= set(rows[0]):
        raise DateError(f"{path}: a catalogue needs a header line with the columns 'file' and 'date'")
    catalog: dict[str, dt.date] = {}
    for number, row in enumerate(rows, start=2):
        try:
            catalog[Path(row["file"].strip()).name] = iso_date(row["date"].strip())
        except (ValueError, AttributeError):
            raise DateError(f"{path}:{number}: date {row.get('date')!r} is not YYYY-MM-DD") from None
    return catalog


def from_name(name: str) -> dt.date | None:
    """'2022-07-28_p1.txt' or 'tyrb20220728.txt' -> the date; None if absent."""
    for pattern in (_ISO_NAME, _COMPACT_NAME):
        for m in pattern.finditer(name):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def suggest_from_text(text: str) -> dt.date | None:
    """The day after the date the text reports most often.

    Dailies report yesterday's events: '7月27日…' throughout an issue of the
    28th.  The year comes from full dates in the text (notices are dated).
    """
    folded = fold(text)
    years = Counter(int(m.group(1)) for m in _FULL.finditer(folded))
    days = Counter((int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY.finditer(folded))
    if not years or not days:
        return None
    year = max(years)
    for (month, day), _ in days.most_common():
        try:
            return dt.date(year, month, day) + dt.timedelta(days=1)
        except ValueError:
            continue
    return None


def issue_date(path: Path, text: str, *, given: dt.date | None,
               catalog: dict[str, dt.date] | None) -> dt.date:
    """--date wins, then the catalogue, then a date in the file name."""
    if given is not None:
        return given
    if catalog is not None and path.name in catalog:
        return catalog[path.name]
    if (named := from_name(path.name)) is not None:
        return named
    where = "is not in the catalogue and its name has no date" if catalog is not None else "has no date in its name"
    hint = suggest_from_text(text)
    suggestion = f"; the text suggests {hint.isoformat()} (check it, then pass --date {hint.isoformat()})" if hint else ""
    raise DateError(
        f"{path}: cannot tell the issue date: the file {where}. Give it with --date YYYY-MM-DD, "
        f"a --catalog CSV row, or a YYYY-MM-DD in the file name{suggestion}"
    )
