"""Measure re-import matching (baoku/importer/match.py) on the bundled articles.

For every pair of different articles: their 3-gram Jaccard similarity (what
must stay below MATCH).  For every article and each edit an editor or a
re-export typically makes: the similarity of the edited text to the original
(what must stay above MATCH).  Also the bottom-k sketch's estimate against
the exact value, and the time of Jaccard against difflib's ratio.

    python bench/bench_match.py
"""

from __future__ import annotations

import difflib
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baoku.importer.markdown import split_file, unescape
from baoku.importer.match import (
    MATCH,
    containment,
    grams,
    jaccard,
    normalise,
    same_story,
    sketch,
    sketch_similarity,
)

ARTICLES = Path(__file__).resolve().parents[1] / "content" / "articles"
ADDED = "编者按:本文刊发后,有读者来信指出文中数据有误,经核实,现将更正后的内容一并刊出,特此说明。"


def articles() -> list[tuple[str, list[str]]]:
    out = []
    for path in sorted(ARTICLES.rglob("*.md")):
        meta, paras = split_file(path.read_text(encoding="utf-8"))
        out.append((str(meta.get("title", "")), [unescape(p) for p in paras]))
    return out


def text(title: str, paras: list[str]) -> str:
    return normalise(title + "".join(paras))


def variants(title: str, paras: list[str], rng: random.Random) -> dict[str, str]:
    body = "".join(paras)
    chars = list(body)
    for _ in range(3):
        i = rng.randrange(len(chars))
        chars[i] = "某"
    return {
        "3 characters fixed": text(title, ["".join(chars)]),
        "paragraph added": text(title, paras + [ADDED]),
        "last paragraph cut": text(title, paras[:-1] if len(paras) > 1 else paras),
        "title rewritten": text("编辑改写后的新标题", paras),
        "title moved into the body": text("", [title] + paras),
    }


def main() -> None:
    rng = random.Random(1)
    items = articles()
    texts = [text(t, p) for t, p in items]
    gs = [grams(t) for t in texts]
    sk = [sketch(t) for t in texts]
    different = [jaccard(gs[i], gs[j]) for i in range(len(gs)) for j in range(i + 1, len(gs))]
    print(f"{len(items)} articles, {len(different)} pairs of different articles")
    print(f"  different stories: max {max(different):.3f}, median {statistics.median(different):.3f}, "
          f"pairs >= MATCH ({MATCH}): {sum(d >= MATCH for d in different)}")
    contained = [containment(gs[i], gs[j]) for i in range(len(gs)) for j in range(i + 1, len(gs))]
    wrong = sum(same_story(gs[i], gs[j]) > 0 for i in range(len(gs)) for j in range(i + 1, len(gs)))
    print(f"  different stories: containment max {max(contained):.3f}; taken for the same story: {wrong}")
    top = sorted(((jaccard(gs[i], gs[j]), i, j) for i in range(len(gs)) for j in range(i + 1, len(gs))),
                 reverse=True)[:3]
    for score, i, j in top:
        print(f"    {score:.3f}  {items[i][0][:20]} / {items[j][0][:20]}")
    errors = []
    by_kind: dict[str, list[float]] = {}
    missed: dict[str, int] = {}
    for (title, paras), g, s in zip(items, gs, sk):
        for name, edited in variants(title, paras, rng).items():
            eg = grams(edited)
            exact = jaccard(g, eg)
            by_kind.setdefault(name, []).append(exact)
            missed.setdefault(name, 0)
            missed[name] += same_story(g, eg) == 0
            errors.append(abs(sketch_similarity(s, sketch(edited)) - exact))
    for name, scores in by_kind.items():
        low = min(scores)
        print(f"  same story, {name}: min {low:.3f}, median {statistics.median(scores):.3f}, "
              f"below MATCH: {sum(x < MATCH for x in scores)}, not taken for the same story: {missed[name]}")
    sketch_diff = [sketch_similarity(sk[i], sk[j]) for i in range(len(sk)) for j in range(i + 1, len(sk))]
    print(f"  sketch estimate: same-story mean abs error {statistics.mean(errors):.3f}, max {max(errors):.3f}; "
          f"different stories max estimate {max(sketch_diff):.3f}")
    long = sorted(texts, key=len)[-10:]
    t0 = time.perf_counter()
    for a in long:
        for b in long:
            jaccard(grams(a), grams(b))
    t1 = time.perf_counter()
    for a in long:
        for b in long:
            difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    t2 = time.perf_counter()
    print(f"  100 comparisons of the 10 longest ({min(map(len, long))}-{max(map(len, long))} chars): "
          f"jaccard {1000 * (t1 - t0):.1f} ms, difflib {1000 * (t2 - t1):.1f} ms")


if __name__ == "__main__":
    main()
