"""The nothing-lost check: every printed character is in exactly one place.

Definition.  Take the decoded raw text and drop all whitespace; call the
multiset of its characters R.  From the files an import wrote for that text,
take: each article's title (unless the importer guessed it: a guessed title
is made up from the caption, so it repeats printed words), kicker, subtitle
and column, and its body with Markdown escapes undone and our subhead markers
removed; and the remainder's pieces (its comment lines are ours).  Drop
whitespace; call that multiset W.  Nothing is lost and nothing is duplicated
exactly when W == R.  Authors and photographers are not counted: they are
read from bylines that stay printed in the body.  A column read from a tag
ending the headline ('…（今日谈）') counts with its printed brackets (the
manifest records the tag).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .issue import Segmentation
from .markdown import split_file, unescape
from .report import remainder_file
from .text import compact

_TEXT_KEYS = ("title", "kicker", "subtitle", "column")


def raw_characters(text: str) -> Counter[str]:
    return Counter(compact(text))


def file_characters(article_text: str, *, guessed_title: bool, column_tag: str = "") -> Counter[str]:
    """Printed characters held by one article file (as written on disk)."""
    meta, paragraphs = split_file(article_text)
    held = [str(meta.get(k, "")) for k in _TEXT_KEYS if not (k == "title" and guessed_title)]
    if column_tag:
        held.append(column_tag[0] + column_tag[-1])
    held += [unescape(p) for p in paragraphs]
    return Counter(compact("".join(held)))


def remainder_characters(remainder_text: str) -> Counter[str]:
    _, paragraphs = split_file(remainder_text)
    return Counter(compact("".join(unescape(p) for p in paragraphs if not p.startswith("<!-- "))))


def segmentation_characters(seg: Segmentation) -> Counter[str]:
    """W for an in-memory segmentation, rendered exactly as the writer would."""
    from .api import render_article  # late import: api imports this package's writer

    total: Counter[str] = Counter()
    for draft in seg.drafts:
        text = render_article(draft, date="2000-01-01", slot=f"{draft.order:02d}", source="sources/x.txt")
        total += file_characters(text, guessed_title=draft.guessed_title, column_tag=draft.column_tag)
    total += remainder_characters(remainder_file("2000-01-01", [("sources/x.txt", seg)]))
    return total


def difference(raw: Counter[str], written: Counter[str]) -> tuple[Counter[str], Counter[str]]:
    """(lost, duplicated): characters missing from the output, and extra ones."""
    return raw - written, written - raw


def check_content(content: Path, source: str, raw_text: str) -> tuple[Counter[str], Counter[str]]:
    """The check on files written under `content` for one imported source."""
    import json

    manifest = json.loads((content / ".import-manifest.json").read_text(encoding="utf-8"))
    written: Counter[str] = Counter()
    date = manifest["sources"][source]["date"]
    for rel, info in manifest["files"].items():
        if info.get("source") == source and rel.startswith("articles/"):
            text = (content / rel).read_text(encoding="utf-8")
            written += file_characters(text, guessed_title=bool(info.get("guessed_title")),
                                       column_tag=str(info.get("column_tag", "")))
    remainder = (content / "remainders" / f"{date}.md").read_text(encoding="utf-8")
    written += remainder_characters(remainder)
    return difference(raw_characters(raw_text), written)

