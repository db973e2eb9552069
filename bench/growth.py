"""The growth table: how build time, memory and output grow with the archive.

    python bench/growth.py --sizes 20000,50000,100000,200000 [--runs 1] [--hugo] [--no-search]

For each size, on a synthetic archive whose vocabulary keeps growing (bench/synthetic.py):
  cold         no .cache/, no site/ (search included unless --no-search)
  no-change    a rebuild with .cache/ and site/ kept, nothing changed
  +1 day       the next day's issue added, an ordinary day inside a month
  +1st of month  the first issue of a new month added (archive-wide steps and search
               tiers may be recomputed or compacted then)
  peak         PSS of the whole process tree (the build, its workers, Pagefind), largest of the runs
               (each case's own in the printed row: `peak_mb cold`, `peak_mb +1 day`, …)
  files/bytes  of the built site
and, with --hugo, Hugo's cold build of the same articles (bench/hugo_peer.py).
Times are wall seconds of the whole build process, from its start to its exit (interpreter
start and imports included, as `python build.py` and Hugo's command are timed).
Prints a Markdown table (medians where --runs > 1). Sizes above 100,000 take long.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_build import _add_issue, _build, _settle


def _next_day(content: Path, written: int) -> tuple[int, bool]:
    """(articles the next day's issue would add, whether it is the first of a month)."""
    from bench.synthetic import make_articles

    following = make_articles(written + 40)[written:]
    day = following[0].date
    return sum(1 for a in following if a.date == day), day.day == 1


def _cut_short(written: int) -> bool:
    """Whether the first `written` synthetic articles end in the middle of a day."""
    from bench.synthetic import make_articles

    both = make_articles(written + 1)[written - 1:]
    return both[0].date == both[1].date


def measure(size: int, runs: int, search: bool, hugo: bool) -> dict[str, float]:
    from baoku.pipeline import cache_dir
    from bench.synthetic import write_content

    args = SimpleNamespace(search=search, workers=0)
    row: dict[str, float] = {"articles": size}
    with tempfile.TemporaryDirectory(prefix="baoku-growth-") as tmp:
        content, site = Path(tmp) / "content", Path(tmp) / "site"
        write_content(content, size)
        peaks, colds = [], []
        for _ in range(runs):
            _settle(site.parent)
            for folder in (cache_dir(content), site):
                shutil.rmtree(folder, ignore_errors=True)
            result = _build(str(content), str(site), args)
            colds.append(result["wall"])
            peaks.append(result["tree_pss_mb"])
        row["cold"] = statistics.median(colds)
        row["peak_mb cold"] = max(peaks)
        peaks = []
        row["pages"], row["files"] = result["pages"], result["files"]
        row["bytes"] = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        same = []
        for _ in range(runs):
            _settle(site.parent)
            result = _build(str(content), str(site), args)
            same.append(result["wall"])
            peaks.append(result["tree_pss_mb"])
        row["no-change"] = statistics.median(same)
        row["peak_mb no-change"] = max(peaks)
        written = size
        if _cut_short(written):  # the last day was cut at `size` articles: complete it, untimed
            written += _add_issue(content, written)
            _build(str(content), str(site), args)
        for case, first in (("+1 day", False), ("+1st of month", True)):
            times, peaks = [], []
            for _ in range(runs):
                _, is_first = _next_day(content, written)
                skipped = False
                while is_first != first:  # add days until the next one is the wanted kind,
                    written += _add_issue(content, written)
                    _, is_first = _next_day(content, written)
                    skipped = True
                if skipped:  # built once, untimed: the timed build starts from a built day before
                    _build(str(content), str(site), args)
                written += _add_issue(content, written)
                _settle(site.parent)
                result = _build(str(content), str(site), args)
                times.append(result["wall"])
                peaks.append(result["tree_pss_mb"])
            row[case] = statistics.median(times)
            row[f"peak_mb {case}"] = max(peaks)
        row["peak_mb"] = max(value for name, value in row.items() if name.startswith("peak_mb "))
        if hugo:
            from bench.hugo_peer import measure as hugo_measure
            peer = hugo_measure(content, runs)
            row["hugo"], row["hugo_peak_mb"] = peer["total"], peer["peak_mb"]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,50000,100000,200000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--hugo", action="store_true")
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.runs, not args.no_search, args.hugo)
        rows.append(row)
        print(row, flush=True)
    head = "| articles | cold s | no-change s | +1 day s | +1st of month s | peak tree PSS MB | files | files/article | MB |"
    if args.hugo:
        head += " hugo cold s | cold / hugo | +1 day / hugo | no-change / hugo |"
    print("\n" + head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        line = (f"| {r['articles']:,.0f} | {r['cold']:.1f} | {r['no-change']:.1f} | {r['+1 day']:.1f} | "
                f"{r['+1st of month']:.1f} | {r['peak_mb']:,.0f} | {r['files']:,.0f} | "
                f"{r['files'] / r['articles']:.2f} | {r['bytes'] / 1e6:,.0f} |")
        if args.hugo:
            line += (f" {r['hugo']:.1f} | {r['cold'] / r['hugo']:.2f} | {r['+1 day'] / r['hugo']:.2f} | "
                     f"{r['no-change'] / r['hugo']:.2f} |")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
