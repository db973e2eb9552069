"""Benchmark the analyse stage (baoku.subjects.analyse) on a synthetic archive.

    python bench/bench_subjects.py                  # 20,000 articles, 3 cold + 3 warm runs
    python bench/bench_subjects.py --articles 2000 --runs 1 --workers 1

The archive comes from bench/synthetic.py (the seeds' paragraphs recombined, fixed
seed), so every run analyses the same text. A cold run starts with an empty cache
directory: every article is cut by jieba. A warm run reuses the cache of the cold runs:
only the archive-wide steps (IDF, topics, related articles) are recomputed.

Reported per phase: the median wall time, the median CPU time (this process and its
worker processes, user + system), and the peak resident memory of this process and of
the largest worker. The machine is shared, so the load average is printed too: on a
busy machine wall time rises while CPU time stays put. Target: cold ≤ 60 s at 20,000.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from baoku.subjects import analyse, topic_pages
from bench.synthetic import make_articles

CONTENT = ROOT / "content"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(articles, cache: Path, workers: int):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), _cpu()
    subjects, problems = analyse(articles, CONTENT, cache, workers=workers)
    return time.perf_counter() - wall, _cpu() - cpu, subjects, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="processes (0 = one per core)")
    args = parser.parse_args()

    articles = make_articles(args.articles)
    chars = sum(len(a.title) + len(a.body) for a in articles)
    print(f"{len(articles):,} synthetic articles, {chars / 1e6:.1f} M characters; "
          f"{os.cpu_count()} cores, workers={args.workers or os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f}")

    results = {}
    cache = Path(tempfile.mkdtemp(prefix="bench-subjects-"))
    try:
        timings: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
        for _ in range(args.runs):
            shutil.rmtree(cache / "cold", ignore_errors=True)
            wall, cpu, subjects, problems = _timed(articles, cache / "cold", args.workers)
            timings["cold"].append((wall, cpu))
            results["cold"] = subjects
            if problems:
                print("problems:", *problems, sep="\n  ")
        for _ in range(args.runs):
            wall, cpu, subjects, _ = _timed(articles, cache / "cold", args.workers)
            timings["warm"].append((wall, cpu))
            assert subjects == results["cold"], "a warm run must give the cold run's result"
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    for phase, runs in timings.items():
        walls = ", ".join(f"{w:.1f}" for w, _ in runs)
        print(f"{phase}: median {statistics.median(w for w, _ in runs):.1f} s wall "
              f"({walls}), median {statistics.median(c for _, c in runs):.1f} s CPU")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:.0f} MB this process, {worker:.0f} MB largest worker; "
          f"load average now {os.getloadavg()[0]:.1f}")
    subjects = results["cold"]
    print(f"topic pages (≥2 articles): {len(topic_pages(subjects)):,}; "
          f"top 10: {' '.join(topic_pages(subjects)[:10])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
