"""import_files: the importer as a library call (the CLI is a thin layer over it).

Stages, in order: read and check every input (nothing is written if any is
unreadable or undated), segment each issue, number its articles, render
every file in memory, then write them through the writer's safety rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, report
from . import profile as layout
from .decode import UnreadableInput, decode
from .issue import Draft, Segmentation, segment_issue
from .markdown import body, front_matter
from .writer import Manifest, Outcome, apply, sha256


class ImportFailed(Exception):
    """Inputs that cannot be imported; carries one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True)
class Input:
    """One raw issue file, read and dated."""

    path: Path
    data: bytes
    text: str
    encoding: str
    date: dt.date

    @property
    def source(self) -> str:
        """Where the raw file is kept, relative to content/: stable and dated."""
        stamp = self.date.isoformat()
        name = self.path.name if self.path.name.startswith(stamp) else f"{stamp}_{self.path.name}"
        return f"sources/{name}"


@dataclass
class ImportResult:
    outcome: Outcome
    reviews: dict[str, str] = field(default_factory=dict)
    """Review report text per issue date."""
    issues: dict[str, Segmentation] = field(default_factory=dict)
    """Segmentation per source (relative to content/)."""


def article_path(date: str, slot: str) -> str:
    return f"articles/{date.replace('-', '/')}/{slot}.md"


def read_inputs(paths: list[Path], *, date: dt.date | None = None,
                catalog: dict[str, dt.date] | None = None) -> list[Input]:
    """Read, decode and date every file; raise ImportFailed listing all problems."""
    problems: list[str] = []
    inputs: list[Input] = []
    for path in paths:
        try:
            data = path.read_bytes()
            decoded = decode(data, str(path))
            inputs.append(Input(path, data, decoded.text, decoded.encoding,
                                dates.issue_date(path, decoded.text, given=date, catalog=catalog)))
        except OSError as exc:
            problems.append(f"{path}: cannot read the file ({exc.strerror})")
        except (UnreadableInput, dates.DateError) as exc:
            problems.append(str(exc))
    seen: dict[str, Path] = {}
    for item in inputs:
        if item.source in seen:
            problems.append(f"{item.path}: same issue file as {seen[item.source]} ({item.source}); give it once")
        seen[item.source] = item.path
    if problems:
        raise ImportFailed(problems)
    return inputs


def render_article(draft: Draft, *, date: str, slot: str, source: str, repeats: str = "") -> str:
    """The text of one article file (`repeats`: id of the article it repeats)."""
    meta = front_matter({
        "title": draft.title, "title_supplied": True if draft.guessed_title else None, "kicker": draft.kicker, "subtitle": draft.subtitle, "date": date,
        "column": draft.column, "kind": draft.kind, "authors": list(draft.authors),
        "photographers": list(draft.photographers), "order": int(slot), "page": draft.page, "page_name": draft.page_name, "source": source,
        "repeats": repeats,
        "continued_from": draft.continued_from, "continued_to": draft.continued_to,
    })
    return meta + "\n" + body(list(draft.paragraphs))


def _slots(count: int, old: list[str], taken: set[str]) -> list[str]:
    """Article numbers for one source: its earlier ones first, then free ones."""
    slots = [s for s in old if s not in taken][:count]
    reserved = taken | set(old)
    n = 1
    while len(slots) < count:
        if f"{n:02d}" not in reserved and f"{n:02d}" not in slots:
            slots.append(f"{n:02d}")
        n += 1
    return slots


def import_files(paths: list[Path], *, content: Path = Path("content"), date: dt.date | None = None,
                 catalog: dict[str, dt.date] | None = None, force: bool = False) -> ImportResult:
    """Import raw issue files into `content`; see the module docstring."""
    inputs = read_inputs(paths, date=date, catalog=catalog)
    pinned, problems = layout.load(content)
    if problems:
        raise ImportFailed([f"{content}/{p}" for p in problems])
    try:
        manifest = Manifest.load(content)
    except ValueError as exc:
        raise ImportFailed([str(exc)]) from None
    files: dict[str, bytes] = {}
    meta: dict[str, dict[str, object]] = {}
    stale: list[str] = []
    result = ImportResult(Outcome())
    by_date: dict[str, list[Input]] = {}
    for item in inputs:
        by_date.setdefault(item.date.isoformat(), []).append(item)
    for day, items in sorted(by_date.items()):
        mine = {i.source for i in items}
        others = sorted(s for s, rec in manifest.sources.items() if rec.get("date") == day and s not in mine)
        taken = {slot for s in others for slot in manifest.sources[s].get("articles", [])}
        parts: list[tuple[str, Segmentation, list[str]]] = []
        for source in others:  # earlier imports of the same day stay in its review and remainder
            raw = content / source
            if raw.exists():
                seg = segment_issue(decode(raw.read_bytes(), str(raw)).text, pinned)
                slots = manifest.sources[source].get("articles", [])
                parts.append((source, seg, [article_path(day, s)[:-3] for s in slots]))
        for item in items:
            seg = segment_issue(item.text, pinned)
            old = manifest.sources.get(item.source, {}).get("articles", [])
            slots = _slots(len(seg.drafts), old, taken)
            taken |= set(slots)
            stale += [article_path(day, s) for s in old if s not in slots]
            for draft, slot in zip(seg.drafts, slots):
                rel = article_path(day, slot)
                repeats = article_path(day, slots[draft.repeats - 1])[9:-3] if draft.repeats else ""
                files[rel] = render_article(draft, date=day, slot=slot, source=item.source,
                                            repeats=repeats).encode("utf-8")
                meta[rel] = {"source": item.source, **({"guessed_title": True} if draft.guessed_title else {}),
                             **({"column_tag": draft.column_tag} if draft.column_tag else {})}
            files[item.source] = item.data
            manifest.sources[item.source] = {"date": day, "sha256": sha256(item.data),
                                             "encoding": item.encoding, "articles": slots}
            parts.append((item.source, seg, [article_path(day, s)[:-3] for s in slots]))
            result.issues[item.source] = seg
        parts.sort(key=lambda p: p[0])
        review = report.review_file(day, parts)
        files[f"review/{day}.md"] = review.encode("utf-8")
        files[f"remainders/{day}.md"] = report.remainder_file(
            day, [(s, seg) for s, seg, _ in parts]).encode("utf-8")
        result.reviews[day] = review
    result.outcome = apply(content, files, stale, manifest, force=force, meta=meta)
    return result
