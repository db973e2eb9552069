"""Article files: YAML front matter, then the body as Markdown that stays text.

Printed text must never turn into markup: a paragraph starting '1.' would
become a list, '#' a heading, '<' could open HTML.  `escape` puts a backslash
before every such character (CommonMark shows any backslash-escaped ASCII
punctuation literally) and `unescape` undoes it exactly, which is how the
nothing-lost check reads files back.  Subheads are the only markup we add:
a paragraph '### 咱家食堂'.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

SUBHEAD = "### "

_INLINE = re.compile(r"([\\`*_<>\[\]|~])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=\-]|\d+(?=[.)])|[.)])")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

try:  # the C dumper is ~10x faster and writes the same YAML
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    _Dumper = yaml.SafeDumper


def escape(text: str) -> str:
    """Printed text -> Markdown that renders as exactly that text."""
    out = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    m = _LINE_START.match(out)
    if m:
        marker = m.group(2)
        if marker[0].isdigit():
            # '1.' -> '1\.': escape the punctuation after the number
            end = m.end()
            out = out[:end] + "\\" + out[end:]
        else:
            out = out[: m.start(2)] + "\\" + out[m.start(2):]
    return out


def unescape(markdown: str) -> str:
    """Inverse of `escape` (and strips our subhead marker)."""
    markdown = markdown.removeprefix(SUBHEAD)
    return _UNESCAPE.sub(r"\1", markdown)


def body(paragraphs: list[tuple[str, bool]]) -> str:
    """(text, is_subhead) pairs -> Markdown paragraphs separated by blank lines."""
    out = []
    for text, subhead in paragraphs:
        line = " ".join(text.split("\n"))
        out.append(SUBHEAD + escape(line) if subhead else escape(line))
    return "\n\n".join(out) + "\n"


def front_matter(fields: dict[str, object]) -> str:
    """YAML between '---' lines; keys in the given order, empty ones left out."""
    kept = {k: v for k, v in fields.items() if v not in ("", None, [], ())}
    dumped = yaml.dump(kept, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                       default_flow_style=False, width=10_000)
    return f"---\n{dumped}---\n"


def split_file(text: str) -> tuple[dict[str, Any], list[str]]:
    """An article or remainder file -> (front matter, body paragraphs)."""
    if not text.startswith("---\n"):
        return {}, [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    end = text.index("\n---\n", 3)
    meta = yaml.safe_load(text[4:end + 1]) or {}
    rest = text[end + 5:]
    return meta, [p.strip("\n") for p in rest.split("\n\n") if p.strip()]
