"""Re-import: which story of a raw file is which article already written, and what to do.

Stories are paired with the day's articles by content (match.py), never by
number, so a re-exported issue whose numbering shifted updates each article
in place.  The rules, each case reported in the review and on the terminal:

- an article keeps its file, and so its URL;
- a story not in the archive gets the next number free on that day (above
  every number the manifest or the folder holds: a hand-added file blocks
  its number, and a removed article's number is not reused while the
  manifest remembers it);
- an article an editor changed is kept (--overwrite-edited replaces it);
- an article an editor deleted is not written again (--restore-deleted);
- a story that is already an article of another raw file of that day, or a
  file added by hand, is not written twice; a raw file most of whose stories
  are another file's articles is the same issue imported again, and is
  skipped whole;
- an article whose story is no longer in the raw file is removed, unless an
  editor changed it (then kept and reported, as before).

`order` is the print order: the article number while numbers follow the
print order (always on a first import), else the position in the issue.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import match
from .decode import UnreadableInput, decode
from .issue import Draft, Segmentation, segment_issue
from .profile import Profile
from .writer import Manifest, sha256

_NUMBER = re.compile(r"(\d+)\.md")


@dataclass(frozen=True, slots=True)
class Options:
    overwrite_edited: bool = False
    restore_deleted: bool = False


@dataclass
class Plan:
    """What to do with one raw file's stories."""

    slots: list[str]
    """Per draft: its article number, or '' when it is not written."""
    orders: list[int]
    write: list[bool]
    """Per draft: render and write it (else an editor's file stays as it is)."""
    sketches: list[str] = field(default_factory=list)
    """Per draft: its sketch, recorded in the manifest."""
    notes: list[str] = field(default_factory=list)
    """Review lines, one per re-import case."""
    stale: list[str] = field(default_factory=list)
    """Article files whose story left the raw file, to remove if unedited."""
    skip: str = ""
    """Non-empty: the whole file is not imported, and why."""


@dataclass
class _Known:
    rel: str
    source: str
    state: str
    """'ours' (as written), 'edited', 'deleted' (in the manifest, file gone), 'hand' (not ours)."""
    title: str
    entry: match.Known


def story_text(draft: Draft) -> str:
    return match.draft_text(draft.title, draft.kicker, draft.subtitle, (p for p, _ in draft.paragraphs))


def _number(rel: str) -> int:
    found = _NUMBER.fullmatch(rel.rsplit("/", 1)[-1])
    return int(found.group(1)) if found else 0


class Day:
    """The articles of one issue date already in `content`, for matching."""

    def __init__(self, content: Path, day: str, manifest: Manifest, profile: Profile | None = None) -> None:
        self.content, self.day, self.manifest, self.profile = content, day, manifest, profile
        self.prefix = f"articles/{day.replace('-', '/')}/"
        self.known: list[_Known] = []
        self.used: set[int] = set()
        ours = {rel for rel in manifest.files if rel.startswith(self.prefix) and _plain(rel[len(self.prefix):])}
        folder = content / self.prefix
        on_disk = {f"{self.prefix}{p.name}" for p in folder.glob("*.md")} if folder.is_dir() else set()
        legacy: dict[str, str] = {}
        for rel in sorted(ours | on_disk):
            self.used.add(_number(rel))
            entry = manifest.files.get(rel)
            path = content / rel
            text = path.read_bytes() if path.is_file() else None
            if entry is None:
                state, source = "hand", ""
            elif text is None:
                state, source = "deleted", str(entry.get("source", ""))
            else:
                state = "ours" if sha256(text) == entry.get("sha256") else "edited"
                source = str(entry.get("source", ""))
            sketch = str(entry.get("sketch", "")) if entry else ""
            if state == "deleted" and not sketch:
                if source not in legacy:
                    legacy.update(self._legacy_sketches(source))
                    legacy.setdefault(source, "")
                sketch = legacy.get(rel, "")
                if sketch and entry is not None:
                    entry["sketch"] = sketch  # remembered, so the next import need not guess again
            decoded = text.decode("utf-8", "replace") if text is not None else ""
            normal = match.file_text(decoded) if text is not None else None
            self.known.append(_Known(rel, source, state, _title(decoded),
                                     match.Known(rel, source, normal, sketch)))

    def _legacy_sketches(self, source: str) -> dict[str, str]:
        """Sketches of a source's articles written before the manifest kept them.

        The raw file is kept in content/sources/: segment it again and take
        each draft at its recorded number.  When the code has changed since,
        a draft may differ a little from what was written; the sketch then
        still estimates the similarity of a story to its re-export well.
        """
        raw = self.content / source
        numbers = self.manifest.sources.get(source, {}).get("articles", [])
        if not source or not raw.is_file() or not numbers:
            return {}
        try:
            seg = segment_issue(decode(raw.read_bytes(), str(raw)).text, self.profile)
        except (OSError, UnreadableInput):  # an unreadable old raw file: nothing to recover
            return {}
        return {f"{self.prefix}{slot}.md": match.sketch(story_text(d))
                for d, slot in zip(seg.drafts, numbers) if slot}

    def plan(self, source: str, seg: Segmentation, options: Options) -> Plan:
        drafts = seg.drafts
        new = [match.Story(t, match.sketch(t)) for t in (story_text(d) for d in drafts)]
        own = [k for k in self.known if k.source == source and k.state != "hand"]
        # every other article of the day, also one a file of this run updates or adds
        others = [k for k in self.known if k.source != source or k.state == "hand"]
        first = match.assign(new, [k.entry for k in own])
        rest = [i for i in range(len(drafts)) if i not in first]
        second = {rest[i]: v for i, v in match.assign([new[i] for i in rest], [k.entry for k in others]).items()}
        if not own and second and source not in self.manifest.sources:
            counts: dict[str, int] = {}
            for j, _ in second.values():
                counts[others[j].source] = counts.get(others[j].source, 0) + 1
            other, count = max(sorted(counts.items()), key=lambda kv: kv[1])
            if other and count * 2 >= len(drafts):
                return Plan([], [], [], skip=(
                    f"not imported: the same issue as {other} ({count} of {len(drafts)} stories are "
                    f"its articles); to import this file in its place, give it that file's name"))
        plan = Plan([""] * len(drafts), [0] * len(drafts), [False] * len(drafts), [n.sketch for n in new])
        had_articles = bool(own)
        claimed: set[str] = set()
        for i, draft in enumerate(drafts):
            head = f"line {draft.line} ({_short(draft.title)})"
            if i in first:
                k = own[first[i][0]]
                claimed.add(k.rel)
                slot = k.rel[len(self.prefix):-3]
                plan.slots[i] = slot
                if k.state == "ours":
                    plan.write[i] = True
                elif k.state == "edited":
                    plan.write[i] = True  # the writer keeps it unless told to overwrite
                    plan.notes.append(f"{head}: {k.rel[:-3]} was changed by an editor; " + (
                        "overwritten (--overwrite-edited)" if options.overwrite_edited else
                        "kept as edited (--overwrite-edited replaces it)"))
                else:
                    plan.write[i] = options.restore_deleted
                    plan.notes.append(f"{head}: {k.rel[:-3]} was deleted by an editor; " + (
                        "written again (--restore-deleted)" if options.restore_deleted else
                        "not written again (--restore-deleted restores it)"))
            elif i in second:
                k = others[second[i][0]]
                whose = f"from {k.source}" if k.state != "hand" else "added by hand"
                gone = " (deleted by an editor)" if k.state == "deleted" else ""
                plan.notes.append(f"{head}: already in the archive as {k.rel[:-3]}{gone}, {whose}; "
                                  "not written twice")
            else:
                number = max(self.used, default=0) + 1
                self.used.add(number)
                plan.slots[i] = f"{number:02d}"
                plan.write[i] = True
                rel = f"{self.prefix}{number:02d}.md"  # seen by the next file of this run
                self.known.append(_Known(rel, source, "ours", draft.title, match.Known(rel, source, new[i].text, new[i].sketch)))
                if had_articles:
                    plan.notes.append(f"{head}: a story new in this file; written as "
                                      f"{self.prefix}{number:02d}")
        for k in own:
            if k.rel in claimed:
                continue
            what = f"{k.rel[:-3]} ({_short(k.title)})" if k.title else k.rel[:-3]
            if k.state == "deleted":
                self.manifest.files.pop(k.rel, None)
            elif k.state == "edited" and not options.overwrite_edited:
                plan.notes.append(f"{what}: its story is no longer in the raw file, but an editor "
                                  "changed it; kept (--overwrite-edited removes it)")
            else:
                plan.stale.append(k.rel)
                plan.notes.append(f"{what}: its story is no longer in the raw file; removed")
        numbers = [_number(f"{s}.md") for s in plan.slots if s]
        in_order = all(a < b for a, b in itertools.pairwise(numbers))
        base = min(numbers, default=1) - 1
        position = 0
        for i, slot in enumerate(plan.slots):
            if slot:
                position += 1
                plan.orders[i] = _number(f"{slot}.md") if in_order else base + position
        return plan


def _plain(name: str) -> bool:
    """A file name in the day's folder, nothing that leads elsewhere (the manifest is editable text)."""
    return name.endswith(".md") and "/" not in name and "\\" not in name and not name.startswith(".")


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= 20 else title[:19] + "…"


def _title(article: str) -> str:
    for line in article.split("\n")[1:40]:
        if line.startswith("title:"):
            return line[6:].strip().strip("'\"")
        if line == "---":
            break
    return ""
