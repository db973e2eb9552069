"""How large the subject overviews get: build a synthetic archive and measure every
overview page ('topic/', 'topic/az/c.html' …) of every taxonomy.

    python bench/bench_overviews.py --articles 20000

Prints, per taxonomy, the number of terms, the overview page's size and the largest
A–Z page's size. The target is ≤ 300 KB per page (docs/subjects.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from baoku import pipeline, urls
from bench.synthetic import write_content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="build into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content, output = Path(tmp) / "content", args.keep or Path(tmp) / "site"
        write_content(content, args.articles)
        start = time.perf_counter()
        pipeline.build(content, output, search=False, workers=args.workers)
        print(f"built {args.articles} articles in {time.perf_counter() - start:.1f} s")
        for taxonomy in urls.TAXONOMIES:
            folder = output / taxonomy
            overview = folder / "index.html"
            terms = len(list(folder.glob("*.html"))) - 1
            letters = sorted((folder / "az").glob("*.html")) if (folder / "az").is_dir() else []
            largest = max((p.stat().st_size for p in letters), default=0)
            print(f"{taxonomy:8} terms {terms:6}  overview {overview.stat().st_size / 1024:7.1f} KB  "
                  f"A–Z pages {len(letters):3}  largest {largest / 1024:7.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
