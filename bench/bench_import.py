"""Benchmark: import 1,000 synthetic issues made from the sample text.

Each synthetic issue is a run of consecutive blocks cut from the five sample
issues (deterministic seed), about the size of a real one, dated one day
apart so that every issue gets its own folder.  The import runs into a fresh
temporary content folder each time; the median of the runs is printed.
Target: 60 s on the 2-core reference machine.

    python bench/bench_import.py [--issues 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baoku.importer.api import import_files
from baoku.importer.decode import decode

SEED = 20220728
SOURCES = [Path(__file__).resolve().parents[1] / "content" / "sources"]


def sample_blocks() -> list[list[str]]:
    """Blank-line-separated blocks of each sample issue, per issue."""
    for folder in SOURCES:
        files = sorted(folder.glob("*.txt"))
        if files:
            return [[b for b in decode(f.read_bytes(), f.name).text.split("\n\n") if b.strip()] for f in files]
    raise SystemExit("no sample issues found in content/sources")


def synthetic_issues(count: int, folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    issues = sample_blocks()
    paths = []
    start = dt.date(2000, 1, 1)
    for n in range(count):
        parts: list[str] = []
        while sum(len(p) for p in parts) < 16_000:
            blocks = rng.choice(issues)
            i = rng.randrange(len(blocks))
            parts.extend(blocks[i:i + rng.randint(4, 20)])
        path = folder / f"{(start + dt.timedelta(days=n)).isoformat()}.txt"
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = synthetic_issues(args.issues, Path(tmp))
        times = []
        for run in range(args.runs):
            content = Path(tmp) / f"content-{run}"
            began = time.perf_counter()
            result = import_files(paths, content=content)
            times.append(time.perf_counter() - began)
            print(f"run {run + 1}: {times[-1]:.1f} s, {len(result.outcome.written)} files written")
    print(f"median import time for {args.issues} issues: {statistics.median(times):.1f} s (target 60 s)")


if __name__ == "__main__":
    main()
