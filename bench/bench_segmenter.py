"""Benchmark word cutting: rjieba (what baoku uses) against jieba itself (the reference).

    python bench/bench_segmenter.py            # the bundled articles and 2,000 synthetic ones
    python bench/bench_segmenter.py --old FILE # also a Segmenter class from FILE (an older tokenize.py)

Both are given the bundled user dictionary and cut without HMM; each text is cut five
times per segmenter, alternating, and the median is reported in characters per second.
The cuts are compared too: they must be identical.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jieba

from baoku.subjects.lexicon import load_lexicon
from baoku.subjects.tokenize import Segmenter, prepare
from bench.synthetic import make_articles

CONTENT = ROOT / "content"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", type=Path, help="an older tokenize.py to compare")
    args = parser.parse_args()
    lexicon = load_lexicon(CONTENT)[0]
    reference = jieba.Tokenizer()
    reference.initialize()
    for word in lexicon.words:
        reference.add_word(word.word, word.freq, word.tag)
    cutters: dict[str, Callable[[str], list[str]]] = {
        "rjieba": Segmenter(lexicon).cut_words,
        "jieba": lambda text: [w for w in reference.cut(text, HMM=False) if not w.isspace()],
    }
    if args.old:
        spec = importlib.util.spec_from_file_location("baoku.subjects._old_tokenize", args.old)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cutters["old"] = module.Segmenter(lexicon).cut_words
    texts = {
        "sample": "\n".join(prepare(p.read_text(encoding="utf-8"))
                            for p in sorted((CONTENT / "articles").rglob("*.md"))),
        "synthetic": "\n".join(prepare(a.title + "\n" + a.body) for a in make_articles(args.synthetic)),
    }
    for name, text in texts.items():
        times: dict[str, list[float]] = {cutter: [] for cutter in cutters}
        results = {}
        for _ in range(args.runs):
            for cutter, cut in cutters.items():
                start = time.perf_counter()
                results[cutter] = cut(text)
                times[cutter].append(time.perf_counter() - start)
        same = all(words == results["jieba"] for words in results.values())
        rates = ", ".join(f"{cutter} {len(text) / statistics.median(t) / 1e6:.2f} M"
                          for cutter, t in times.items())
        print(f"{name} ({len(text) / 1e6:.2f} M characters): {rates} characters/s; "
              f"identical cuts: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
