"""Which new story is which article already in the archive: matching by content.

A re-exported issue may number its stories differently (a story dropped, one
added, two swapped), so a re-import pairs stories with existing articles by
their text, never by position.

Text.  An article's text is its title, kicker, subtitle and body, NFKC-folded
and stripped of everything but letters and digits (punctuation, Markdown
escapes, whitespace and subhead markers differ between a draft and an edited
file without changing the story).

Similarity.  Jaccard similarity of the sets of character 3-grams, or
containment (the share of the smaller text's 3-grams found in the larger)
for a story an editor cut or extended.  Measured on the 58 bundled articles
(python bench/bench_match.py): two different stories score at most 0.049
Jaccard (median 0.002) and 0.138 containment (a notice against a notice); the
same story after typical changes scores at least 0.65 Jaccard with three
characters fixed, 0.72 with the title rewritten, 0.44 with a paragraph
added, and down to 0.17 with the long last paragraph of a two-paragraph
story cut, where containment is still 1.0.  So: the same story when Jaccard
>= MATCH (0.4) or containment >= CONTAINED (0.8, for texts of 20+ 3-grams);
no pair of different sample stories comes near either.  difflib's
SequenceMatcher.ratio was 10x slower on the longest stories (730 ms against
74 ms for 100 pairs) and a day of a large paper compares ~50 x 50 pairs.

Deleted articles have no file left to compare, so the manifest keeps a
*sketch* of every article it writes: the 16 smallest 32-bit hashes of its
3-grams (a bottom-k sketch, 128 hex digits).  Two sketches estimate Jaccard
from the 16 smallest hashes of their union: mean error 0.034 (max 0.24) on the edited
sample stories, and at most 0.125 for two different stories, below MATCH.  A
deleted article is compared with the re-exported story, usually the same
text (estimate 1.0).
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from .. import frontmatter

GRAM = 3
MATCH = 0.4
"""Jaccard similarity from which two texts are the same story (see above)."""
CONTAINED = 0.8
"""Or: this share of the smaller text's 3-grams is in the larger one ..."""
CONTAINED_MIN = 20
"""... and the smaller text has at least this many 3-grams."""
SKETCH_SIZE = 16

_TEXT_KEYS = ("title", "kicker", "subtitle")


def normalise(text: str) -> str:
    """Letters and digits only, NFKC-folded: what makes a story that story.

    Filtering before folding is 3-4x faster than folding a whole article
    (0.07-0.12 against 0.14-0.57 ms for 1,000 characters, noisy machine)."""
    return unicodedata.normalize("NFKC", "".join(filter(str.isalnum, text)))


def file_text(article: str) -> str:
    """The normalised text of an article file (front matter and Markdown body)."""
    parts = frontmatter.split(article)
    try:
        meta = frontmatter.load(parts[0]) if parts else None
    except yaml.YAMLError:
        meta = None
    if parts is None or not isinstance(meta, dict):  # an editor broke the front matter: the whole file
        return normalise(article)
    head = "".join(str(meta.get(k) or "") for k in _TEXT_KEYS)
    # Markdown escapes and subhead markers are punctuation: normalising drops them.
    return normalise(head + parts[1])


def draft_text(title: str, kicker: str, subtitle: str, paragraphs: Iterable[str]) -> str:
    """The normalised text of a story before it is written (as file_text reads it back)."""
    return normalise(title + kicker + subtitle + "".join(paragraphs))


def grams(text: str) -> frozenset[str]:
    """Character 3-grams of a normalised text (the text itself when shorter)."""
    if len(text) <= GRAM:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i:i + GRAM] for i in range(len(text) - GRAM + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    small = min(len(a), len(b))
    return len(a & b) / small if small >= CONTAINED_MIN else 0.0


def same_story(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity when the texts are the same story, else 0."""
    score = jaccard(a, b)
    return score if score >= MATCH or containment(a, b) >= CONTAINED else 0.0


def sketch(text: str) -> str:
    """Bottom-k sketch of a normalised text's 3-grams, as hex (8 digits per hash, ascending).

    CRC-32 of each 3-gram's UTF-32 bytes as the hash: stable across runs, 6x
    faster than blake2b per gram, and slicing one encoded string about halves
    the time of encoding each gram (a 900-character story: 0.6-1.1 against
    1.0-1.3 ms, three alternated runs on the shared machine).  The estimates
    in the module docstring were measured with it."""
    if len(text) <= GRAM:
        data = text.encode("utf-32-le")
        hashes = {zlib.crc32(data)} if text else set()
    else:
        data = text.encode("utf-32-le")
        hashes = set(map(zlib.crc32, (data[i:i + 4 * GRAM] for i in range(0, len(data) - 4 * GRAM + 4, 4))))
    return "".join(f"{h:08x}" for h in sorted(hashes)[:SKETCH_SIZE])


def _unpack(value: str) -> set[int]:
    return {int(value[i:i + 8], 16) for i in range(0, len(value) - 7, 8)}


def sketch_similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of the texts two sketches were made from."""
    x, y = _unpack(a), _unpack(b)
    if not x or not y:
        return 0.0
    union = sorted(x | y)[:SKETCH_SIZE]
    return sum(1 for h in union if h in x and h in y) / len(union)


@dataclass(frozen=True, slots=True)
class Known:
    """An article already in the archive, as far as matching needs it."""

    rel: str
    """Its path under content/ ('articles/2022/07/28/05.md')."""
    source: str
    text: str | None
    """Normalised text of the file on disk; None when the file is gone."""
    sketch: str
    """The recorded sketch of what the importer wrote ('' if none)."""


@dataclass(frozen=True, slots=True)
class Story:
    """A story of the raw file being imported."""

    text: str
    """Its normalised text (draft_text)."""
    sketch: str


def assign(new: list[Story], known: list[Known]) -> dict[int, tuple[int, float]]:
    """Pair new stories with known articles, one to one.

    Identical texts first (a re-import of an unchanged issue needs no more);
    then, among the rest, the highest similarity first, ties to the article
    whose position is nearest the story's, so a story printed twice pairs with
    its two copies in print order.  Returns {new index: (known index,
    similarity)} for the pairs that are the same story.
    """
    out: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for j, k in enumerate(known):
        if k.text:
            by_text.setdefault(k.text, []).append(j)
    for i, story in enumerate(new):
        same = by_text.get(story.text)
        if story.text and same:
            j = same.pop(0)
            out[i] = (j, 1.0)
            used.add(j)
    rest_new = [i for i in range(len(new)) if i not in out]
    rest_known = [j for j in range(len(known)) if j not in used]
    if not rest_new or not rest_known:
        return out
    new_grams = {i: grams(new[i].text) for i in rest_new}
    known_grams = {j: grams(known[j].text) for j in rest_known if known[j].text is not None}
    pairs = []
    for i in rest_new:
        for j in rest_known:
            score = same_story(known_grams[j], new_grams[i]) if j in known_grams else 0.0
            if known[j].sketch:
                estimate = sketch_similarity(known[j].sketch, new[i].sketch)
                score = max(score, estimate if estimate >= MATCH else 0.0)
            if score > 0:
                pairs.append((-score, abs(i - j), i, j))
    pairs.sort()
    for neg, _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = (j, -neg)
            used.add(j)
    return out
