"""Segmentation accuracy and speed per layout: the fixture issues and the samples.

Prints, per issue, gold articles, drafts, right starts, exact titles, right
people, columns, pages and spurious drafts (see tests/import_gold.py), then
the seconds the segmenter takes per MB of text (median of --runs passes
over every issue, whole issues only, no file writing), as wall time and as
CPU time (the machine is shared: CPU time is the steadier of the two).

    python bench/accuracy_import.py [--runs 5] [-v]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from import_gold import HEADER, Score, gold_files, load, score

from baoku.importer.issue import segment_issue


def total(name: str, rows: list[Score]) -> Score:
    return Score(name, *(sum(getattr(r, f) for r in rows) for f in
                         ("articles", "drafts", "starts", "titles", "people", "columns", "pages", "spurious")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("-v", action="store_true", help="list every miss")
    args = parser.parse_args()
    issues = [load(g) for g in gold_files()]
    print(HEADER)
    rows = []
    for name, text, entry in issues:
        rows.append(score(name, segment_issue(text), entry))
        held = " (held out)" if entry.get("held_out") else ""
        print(rows[-1].row() + held)
        if args.v:
            print("\n".join(f"    {m}" for m in rows[-1].misses))
    print(total("all fixtures", rows).row())
    texts = [t for _, t, _ in issues] + [p.read_text(encoding="utf-8")
                                        for p in sorted((ROOT / "content" / "sources").glob("*.txt"))]
    for label, group in (("national-daily fixtures", texts[:len(issues)]), ("sample pages", texts[len(issues):])):
        mb = sum(len(t.encode("utf-8")) for t in group) / 1e6
        wall, cpu = [], []
        for _ in range(args.runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            for t in group:
                segment_issue(t)
            wall.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        print(f"{label}: {mb * 1000:.0f} kB; per MB, medians: {statistics.median(wall) / mb:.2f} s wall, "
              f"{statistics.median(cpu) / mb:.2f} s CPU")


if __name__ == "__main__":
    main()
