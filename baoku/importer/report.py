"""Per-issue files an editor reads: the review report and the remainder.

Both are functions of the segmentation only (never of what happened to be on
disk), so importing the same file twice writes them byte for byte the same.
"""

from __future__ import annotations

from collections import Counter

from .issue import Segmentation
from .markdown import escape, front_matter

REMAINDER_NOTE = "<!-- {source} line {line}: {reason} -->"
"""Comment line before each remainder piece; the nothing-lost check skips it."""


def remainder_file(date: str, parts: list[tuple[str, Segmentation]]) -> str:
    """content/remainders/DATE.md: text that belongs to no article, kept, not published."""
    meta = front_matter({"date": date, "sources": [source for source, _ in parts]})
    blocks = []
    for source, seg in parts:
        for piece in seg.remainder:
            blocks.append(REMAINDER_NOTE.format(source=source, line=piece.line, reason=piece.reason))
            blocks.append(escape(" ".join(piece.text.split("\n"))))
    return meta + ("\n" + "\n\n".join(blocks) + "\n" if blocks else "")


def review_file(date: str, parts: list[tuple[str, Segmentation, list[str]]],
                cases: dict[str, list[str]] | None = None, *, skipped: list[str] = ()) -> str:
    """content/review/DATE.md: what was imported and the decisions to check.

    `parts` holds (source, segmentation, article ids) for each raw file of
    the issue, ids in the same order as the segmentation's drafts ('—' for
    a story not written).  `cases` holds, per source, what a re-import did
    differently from writing every story (listed first under "To check");
    `skipped` names sources not imported at all (their case says why).
    """
    cases = cases or {}
    out = [f"# Import review: {date}", ""]
    for source in skipped:
        out += [f"## {source}", ""] + [f"- {note}" for note in cases.get(source, [])] + [""]
    for source, seg, ids in parts:
        kinds = Counter(d.kind for d in seg.drafts)
        summary = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
        counts = (f"{len(seg.drafts)} articles ({summary}); {len(seg.remainder)} remainder pieces; "
                  f"{len(seg.joined)} paragraphs rejoined.")
        out += [f"## {source}", "", counts, ""]
        out += ["| article | line | kind | title |", "| --- | --- | --- | --- |"]
        for draft, ident in zip(seg.drafts, ids):
            title = draft.title + (" *(guessed)*" if draft.guessed_title else "")
            out.append(f"| {ident} | {draft.line} | {draft.kind} | {_cell(title)} |")
        checks = [f"- {_cell(note)}" for note in cases.get(source, [])]
        checks += [f"- {ident}: {note}" for draft, ident in zip(seg.drafts, ids) for note in draft.notes]
        checks += [f"- lines {', '.join(map(str, lines))} rejoined into one paragraph (cut at a column end)"
                   for lines in seg.joined]
        checks += [f"- remainder, line {p.line}: {_cell(p.text)} ({p.reason})" for p in seg.remainder]
        out += ["", "### To check", ""] + (checks or ["- nothing"]) + [""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
