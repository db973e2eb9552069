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
from .reimport import Day, Options
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
    removed: tuple[tuple[int, str], ...] = ()
    """Control characters removed from the text: (raw file line, which)."""

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
    cases: list[str] = field(default_factory=list)
    """Re-import cases ('source: what happened'), also in the reviews."""
    skipped: list[str] = field(default_factory=list)
    """Raw files not imported because they are an issue already imported."""
    cleaned: list[str] = field(default_factory=list)
    """Control characters removed from the text ('source: line N: ...')."""


def article_id(date: str, slot: str) -> str:
    """The id of article `slot` of the issue of `date` ('2022/07/28/03'): its URL's stem."""
    return f"{date.replace('-', '/')}/{slot}"


def article_path(date: str, slot: str) -> str:
    return f"articles/{article_id(date, slot)}.md"


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
                                dates.issue_date(path, decoded.text, given=date, catalog=catalog),
                                decoded.removed))
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


def render_article(draft: Draft, *, date: str, slot: str, source: str, order: int | None = None,
                   repeats: str = "") -> str:
    """The text of one article file (`order` defaults to the article number; `repeats`:
    id of the article it repeats)."""
    meta = front_matter({
        "title": draft.title, "title_supplied": True if draft.guessed_title else None, "kicker": draft.kicker, "subtitle": draft.subtitle, "date": date,
        "column": draft.column, "kind": draft.kind, "authors": list(draft.authors),
        "photographers": list(draft.photographers), "order": int(slot) if order is None else order,
        "page": draft.page, "page_name": draft.page_name, "source": source, "repeats": repeats,
        "continued_from": draft.continued_from, "continued_to": draft.continued_to,
    })
    return meta + "\n" + body(list(draft.paragraphs))


def _ids(day: str, slots: list[str], present) -> list[str]:
    """Review labels: the article's id, or '—' for a story with no file (not written, or deleted)."""
    return [article_path(day, s)[:-3] if s and present(article_path(day, s)) else "—" for s in slots]


def import_files(paths: list[Path], *, content: Path = Path("content"), date: dt.date | None = None,
                 catalog: dict[str, dt.date] | None = None, force: bool = False,
                 overwrite_edited: bool = False, restore_deleted: bool = False) -> ImportResult:
    """Import raw issue files into `content`; see the module docstring.

    `force` is the old name of `overwrite_edited`; `restore_deleted` writes
    again the articles an editor deleted (reimport.py has the rules)."""
    inputs = read_inputs(paths, date=date, catalog=catalog)
    pinned, problems = layout.load(content)
    if problems:
        raise ImportFailed([f"{content}/{p}" for p in problems])
    try:
        manifest = Manifest.load(content)
    except ValueError as exc:
        raise ImportFailed([str(exc)]) from None
    options = Options(overwrite_edited=force or overwrite_edited, restore_deleted=restore_deleted)
    files: dict[str, bytes] = {}
    meta: dict[str, dict[str, object]] = {}
    stale: list[str] = []
    result = ImportResult(Outcome())
    by_date: dict[str, list[Input]] = {}
    for item in inputs:
        by_date.setdefault(item.date.isoformat(), []).append(item)
    imported = {rec.get("sha256"): s for s, rec in sorted(manifest.sources.items())}
    for day, items in sorted(by_date.items()):
        mine = {i.source for i in items}
        others = sorted(s for s, rec in manifest.sources.items() if rec.get("date") == day and s not in mine)
        known = Day(content, day, manifest, pinned)
        parts: list[tuple[str, Segmentation, list[str]]] = []
        cases: dict[str, list[str]] = {}
        skipped: set[str] = set()
        for source in others:  # earlier imports of the same day stay in its review and remainder
            raw = content / source
            if raw.exists():
                seg = segment_issue(decode(raw.read_bytes(), str(raw)).text, pinned)
                parts.append((source, seg, _ids(day, manifest.sources[source].get("articles", []),
                                                   lambda rel: (content / rel).exists())))
        for item in items:
            digest = sha256(item.data)
            twin = imported.setdefault(digest, item.source)
            seg = segment_issue(item.text, pinned) if twin == item.source else Segmentation((), ())
            plan = known.plan(item.source, seg, options) if twin == item.source else None
            if plan is None or plan.skip:
                why = plan.skip if plan else f"not imported: the same bytes as {twin}, imported before"
                if plan:
                    imported.pop(digest, None)
                result.skipped.append(f"{item.path}: {why}")
                cases[item.source] = [why]
                skipped.add(item.source)
                continue
            for draft, slot, order, write, sketch in zip(seg.drafts, plan.slots, plan.orders, plan.write,
                                                         plan.sketches):
                if not (slot and write):
                    continue
                rel = article_path(day, slot)
                first = plan.slots[draft.repeats - 1] if draft.repeats else ""
                repeats = article_id(day, first) if first else ""
                files[rel] = render_article(draft, date=day, slot=slot, source=item.source,
                                            order=order, repeats=repeats).encode("utf-8")
                meta[rel] = {"source": item.source, "sketch": sketch,
                             **({"guessed_title": True} if draft.guessed_title else {}),
                             **({"column_tag": draft.column_tag} if draft.column_tag else {})}
            stale += plan.stale
            cleaned = [f"line {line}: removed the control character {which}" for line, which in item.removed]
            result.cleaned += [f"{item.source}: {note}" for note in cleaned]
            files[item.source] = item.data
            manifest.sources[item.source] = {"date": day, "sha256": digest,
                                             "encoding": item.encoding, "articles": plan.slots}
            parts.append((item.source, seg, _ids(day, plan.slots, lambda rel: rel in files
                                                  or (content / rel).exists())))
            cases[item.source] = cleaned + plan.notes
            result.cases += [f"{item.source}: {note}" for note in plan.notes]
            result.issues[item.source] = seg
        parts.sort(key=lambda p: p[0])
        review = report.review_file(day, parts, cases, skipped=sorted(skipped))
        files[f"review/{day}.md"] = review.encode("utf-8")
        if parts:  # not for a day whose only file was skipped
            files[f"remainders/{day}.md"] = report.remainder_file(
                day, [(s, seg) for s, seg, _ in parts]).encode("utf-8")
        result.reviews[day] = review
    result.outcome = apply(content, files, stale, manifest, force=options.overwrite_edited, meta=meta)
    return result
