"""Articles printed twice in one issue: a story and its copy on a later page.

National dailies sometimes print a story on one page and the whole story
again where its continuation runs.  The later copy is kept (nothing is lost)
but marked: its `repeats` names the first copy, the review report lists it,
and the site lists it once.  Two drafts are copies when their titles are the
same and their texts nearly the same, by the one rule the site uses too
(printed.similar), so what the importer marks, what `check` warns about and
what the site lists once never disagree.  Texts without words (ads, pictures)
are never copies: many share a title.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..printed import similar

if TYPE_CHECKING:
    from .issue import Draft

def body(draft: Draft) -> str:
    return "".join(text for text, _ in draft.paragraphs)


def same_text(a: str, b: str) -> bool:
    """Nearly the same text (printed.similar); two empty texts are not."""
    return bool(a.strip()) and bool(b.strip()) and similar(a, b)


def mark_repeats(drafts: tuple[Draft, ...]) -> tuple[Draft, ...]:
    """Set `repeats` on every later copy to the order of the first one.

    Cheap: only drafts with the same (non-guessed) title are compared.
    """
    first: dict[str, list[Draft]] = {}
    out = []
    for draft in drafts:
        key = "".join(draft.title.split())
        earlier = [] if draft.guessed_title else first.setdefault(key, [])
        original = next((d for d in earlier if same_text(body(d), body(draft))), None)
        if original is not None:
            draft = replace(draft, repeats=original.order,
                            notes=(*draft.notes, f"repeats article {original.order:02d} (same title and text)"))
        else:
            earlier.append(draft)
        out.append(draft)
    return tuple(out)


def unmarked_copies(articles: list[tuple[str, str, str, str, str]]) -> list[str]:
    """Warnings for pairs of one issue with the same title and nearly the same text.

    `articles` are (id, issue date, title, body, repeats).  Only articles of one
    date with one title are compared, so the check costs nothing on an archive
    whose titles differ.  A pair already marked with `repeats` is not reported.
    """
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for ident, date, title, text, repeats in articles:
        groups.setdefault((date, "".join(title.split())), []).append((ident, text, repeats))
    warnings = []
    for (_, title), items in sorted(groups.items()):
        items.sort()
        for n, (ident, text, repeats) in enumerate(items):
            for first, first_text, _ in items[:n]:
                if repeats != first and same_text(first_text, text):
                    warnings.append(f"articles/{ident}.md: same title '{title}' and nearly the same text as "
                                    f"articles/{first}.md; if the paper printed it twice, set "
                                    f"'repeats: {first}' in the later copy")
                    break
    return warnings
