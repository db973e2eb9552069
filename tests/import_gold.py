"""Scoring a segmentation against a gold file (tests/fixtures/import/*.gold.yaml).

An article is found when a draft starts on its first printed line (its
headline group's top line, or its first body line when it prints none).  Its
title is right when it equals the gold title after NFKC with whitespace
removed (a gold title of null wants a guessed title).  Every draft that
starts on no gold article's line is spurious.  Used by the accuracy tests
and by bench/accuracy_import.py, which prints the table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from baoku.importer.decode import decode
from baoku.importer.issue import Segmentation, segment_issue

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Score:
    issue: str
    articles: int
    drafts: int
    starts: int
    titles: int
    people: int
    columns: int
    pages: int
    spurious: int
    misses: tuple[str, ...] = ()

    def row(self) -> str:
        n = self.articles
        return (f"{self.issue:<28} {n:>4} {self.drafts:>6} {self.starts / n:>7.1%} {self.titles / n:>7.1%} "
                f"{self.people / n:>7.1%} {self.columns / n:>7.1%} {self.pages / n:>6.1%} {self.spurious:>5}")


HEADER = f"{'issue':<28} {'gold':>4} {'drafts':>6} {'starts':>7} {'titles':>7} {'people':>7} {'column':>7} {'page':>6} {'spur':>5}"


def gold_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.gold.yaml"))


def load(gold: Path) -> tuple[str, str, dict]:
    ((name, entry),) = yaml.safe_load(gold.read_text(encoding="utf-8")).items()
    path = gold.parent / name
    return name, decode(path.read_bytes(), name).text, entry


def score(name: str, seg: Segmentation, entry: dict) -> Score:
    by_line = {d.line: d for d in seg.drafts}
    starts = titles = people = columns = pages = 0
    misses: list[str] = []
    for ref in entry["articles"]:
        draft = by_line.get(ref["line"])
        want = (ref.get("titles") or [None])[0]
        if draft is None:
            misses.append(f"line {ref['line']}: not found ({want})")
            continue
        starts += 1
        ok = draft.guessed_title if want is None else norm(draft.title) == norm(want)
        titles += ok
        if not ok:
            misses.append(f"line {ref['line']}: title {draft.title!r} != {want!r}")
        people += ([norm(a) for a in ref.get("authors", [])] == [norm(a) for a in draft.authors]
                   and [norm(p) for p in ref.get("photographers", [])] == [norm(p) for p in draft.photographers])
        columns += norm(ref.get("column")) == norm(draft.column)
        pages += (ref.get("page", ""), ref.get("page_name", "")) == (draft.page, draft.page_name)
    gold_lines = {ref["line"] for ref in entry["articles"]}
    spurious = [d for d in seg.drafts if d.line not in gold_lines]
    misses += [f"line {d.line}: spurious {d.title!r}" for d in spurious]
    return Score(name, len(entry["articles"]), len(seg.drafts), starts, titles, people, columns, pages,
                 len(spurious), tuple(misses))


def score_gold(gold: Path) -> Score:
    name, text, entry = load(gold)
    return score(name, segment_issue(text), entry)
