"""Benchmark: build a synthetic archive of N articles (everything but search by default).

    python bench/bench_build.py --articles 20000 --runs 3 [--search] [--workers 2]

Target (issue 2): 20,000 articles, all phases except the search index, ≤ 10 s
and ≤ 2 GB peak memory on a 2-core machine. Prints the median of each phase
over the runs, and the peak resident memory of the build and its workers.
Each run is a fresh process, so imports and memory start cold; the analysis
cache is removed before each run unless --warm-cache. CPU seconds (all
processes) are printed too: on a shared, noisy machine they say more than wall time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_RUN = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from baoku import pipeline
start = time.perf_counter()
report = pipeline.build(Path({content!r}), Path({output!r}), search={search}, workers={workers})
total = time.perf_counter() - start
peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps({{"phases": report.phases, "total": total, "pages": report.pages,
                  "files": report.files, "peak_mb": max(peak_self, peak_children),
                  "peak_self_mb": peak_self, "peak_children_mb": peak_children, "cpu": cpu}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0 = all cores")
    parser.add_argument("--search", action="store_true", help="include the search index")
    parser.add_argument("--warm-cache", action="store_true",
                        help="keep the analysis cache between runs (default: cold every run)")
    args = parser.parse_args()
    from bench.synthetic import write_content

    with tempfile.TemporaryDirectory(prefix="baoku-bench-") as tmp:
        content = Path(tmp) / "content"
        write_content(content, args.articles)
        results = []
        for run in range(args.runs):
            if not args.warm_cache:
                subprocess.run(["rm", "-rf", str(Path(tmp) / ".cache")], check=True)
            code = _RUN.format(root=str(ROOT), content=str(content), output=str(Path(tmp) / "site"),
                               search=args.search, workers=args.workers)
            out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            phases = ", ".join(f"{name} {sec:.2f}s" for name, sec in result["phases"])
            print(f"run {run + 1}: total {result['total']:.2f}s, CPU {result['cpu']:.1f}s, peak {result['peak_mb']:.0f} MB; {phases}")
    names = [name for name, _ in results[0]["phases"]]
    print(f"\n{args.articles} articles, {results[0]['pages']} pages, {results[0]['files']} files, "
          f"median of {args.runs} runs:")
    for i, name in enumerate(names):
        print(f"  {name:8s} {statistics.median(r['phases'][i][1] for r in results):7.2f} s")
    print(f"  {'total':8s} {statistics.median(r['total'] for r in results):7.2f} s "
          f"(CPU {statistics.median(r['cpu'] for r in results):.1f} s: on a busy machine, judge by this)")
    print(f"  peak memory {statistics.median(r['peak_mb'] for r in results):.0f} MB "
          f"(main {statistics.median(r['peak_self_mb'] for r in results):.0f} MB, "
          f"largest worker {statistics.median(r['peak_children_mb'] for r in results):.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
