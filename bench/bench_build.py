"""Benchmark: build a synthetic archive of N articles (everything but search by default).

    python bench/bench_build.py --articles 20000 --runs 3 [--search] [--workers 2] [--hugo]
                                [--warm-cache [--edit [note|sentence|issue]]]

With --hugo, Debian's Hugo builds the same articles as a comparable site in the same
run (bench/hugo_peer.py), and the ratio of the medians is printed. Peak memory is
reported both as the largest process and as the whole process tree's PSS.

Target (issue 2): 20,000 articles, all phases except the search index, ≤ 10 s
and ≤ 2 GB peak memory on a 2-core machine. Prints the median of each phase
over the runs, and the peak resident memory of the build and its workers.

Each run is a fresh process, so imports and memory start cold. Three cases:
  (default)             cold: the analysis cache is removed before each run;
  --warm-cache          a rebuild with nothing changed (templates edited, say);
  --warm-cache --edit   a rebuild after an editor changed one article's text:
                        that article is cut again, and topics and related articles
                        are updated wherever the change reaches. `note` (the
                        default) appends a note in which no word is a topic
                        candidate (like most layout fixes: nothing else moves);
                        `sentence` appends a sentence of another article, whose
                        common words change the IDF of words hundreds of articles
                        share (so all related articles are searched again);
                        `issue` adds the next day's articles, as a daily
                        import does: IDF leaves out the newest month, so the
                        day's articles are ranked and searched and the rest
                        updated where they reach (the first issue of a new
                        month moves every IDF and recomputes from scratch).
CPU seconds (all processes, user and system) are printed too: on a shared, noisy
machine they say more than wall time. System time is mostly the file system
creating 30,000 files and folders (--site-dir on a tmpfs such as /dev/shm measures
the build without the disk); before each run the previous site's removal
(which a build leaves running in the background) is waited for and the disk synced,
so one run's clean-up does not slow the next.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.treemem import run_sampled

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
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
user = sum(u.ru_utime for u in usage)
system = sum(u.ru_stime for u in usage)
cpu = user + system
print(json.dumps({{"phases": report.phases, "total": total, "pages": report.pages,
                  "files": report.files, "peak_mb": max(peak_self, peak_children),
                  "peak_self_mb": peak_self, "peak_children_mb": peak_children, "cpu": cpu,
                  "user": user, "system": system}}))
sys.stdout.flush()
import os
os._exit(0)  # as build.py ends (cli.run): the wall time is what a user's build takes
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0 = all cores")
    parser.add_argument("--search", action="store_true", help="include the search index")
    parser.add_argument("--warm-cache", action="store_true",
                        help="keep the analysis cache between runs (default: cold every run)")
    parser.add_argument("--edit", nargs="?", const="note", choices=["note", "sentence", "issue"],
                        help="with --warm-cache: change one article's text before each run")
    parser.add_argument("--hugo", action="store_true",
                        help="also build the same articles with Hugo (cold, same number of runs) and print "
                             "the ratio of the medians")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="folder to build the site in (default: beside the synthetic content); "
                             "e.g. /dev/shm/baoku-site to measure without the disk")
    args = parser.parse_args()
    from baoku.pipeline import cache_dir
    from bench.synthetic import write_content

    with tempfile.TemporaryDirectory(prefix="baoku-bench-") as tmp:
        content = Path(tmp) / "content"
        write_content(content, args.articles)
        site = args.site_dir or Path(tmp) / "site"
        results = []
        if args.warm_cache:  # fill the cache first; the timed runs start from it
            _build(str(content), str(site), args)
        edited = sorted((content / "articles").rglob("*.md"))
        added = 0
        for run in range(args.runs):
            if not args.warm_cache:
                subprocess.run(["rm", "-rf", str(cache_dir(content))], check=True)
            if args.edit == "issue":
                added += _add_issue(content, args.articles + added)
            elif args.edit:
                _edit(edited[run * 997 % len(edited)], edited[run * 991 % len(edited) - 1], args.edit, run)
            _settle(site.parent)
            result = _build(str(content), str(site), args)
            results.append(result)
            phases = ", ".join(f"{name} {sec:.2f}s" for name, sec in result["phases"])
            print(f"run {run + 1}: total {result['total']:.2f}s, CPU {result['cpu']:.1f}s "
                  f"(user {result['user']:.1f}, system {result['system']:.1f}), "
                  f"peak {result['peak_mb']:.0f} MB (tree PSS {result['tree_pss_mb']:.0f} MB); {phases}")
        peer = None
        if args.hugo:  # the peer, on the same articles in the same run
            from bench.hugo_peer import measure
            peer = measure(content, args.runs)
        if args.site_dir:
            _settle(site.parent)
            subprocess.run(["rm", "-rf", str(site)], check=True)
    names = [name for name, _ in results[0]["phases"]]
    print(f"\n{args.articles} articles, {results[0]['pages']} pages, {results[0]['files']} files, "
          f"median of {args.runs} runs:")
    for i, name in enumerate(names):
        print(f"  {name:8s} {statistics.median(r['phases'][i][1] for r in results):7.2f} s")
    print(f"  {'total':8s} {statistics.median(r['total'] for r in results):7.2f} s "
          f"(CPU {statistics.median(r['cpu'] for r in results):.1f} s: user "
          f"{statistics.median(r['user'] for r in results):.1f} s, system "
          f"{statistics.median(r['system'] for r in results):.1f} s)")
    print(f"  peak memory {statistics.median(r['peak_mb'] for r in results):.0f} MB "
          f"(main {statistics.median(r['peak_self_mb'] for r in results):.0f} MB, "
          f"largest worker {statistics.median(r['peak_children_mb'] for r in results):.0f} MB, "
          f"whole tree PSS {statistics.median(r['tree_pss_mb'] for r in results):.0f} MB)")
    if peer is not None:
        ours = statistics.median(r["total"] for r in results)
        print(f"  hugo     {peer['total']:7.2f} s cold (CPU {peer['cpu']:.1f} s, peak {peer['peak_mb']:.0f} MB, "
              f"{peer['files']:.0f} files); baoku / hugo = {ours / peer['total']:.2f}")
    return 0


def _build(content: str, output: str, args: argparse.Namespace) -> dict:  # type: ignore[type-arg]
    """One build in a fresh interpreter; its report as a dict."""
    code = _RUN.format(root=str(ROOT), content=content, output=output, search=args.search,
                       workers=args.workers)
    out, tree_mb, wall = run_sampled([sys.executable, "-c", code])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["tree_pss_mb"] = tree_mb
    result["wall"] = wall  # the whole process, as `python build.py` takes
    return result


def _edit(path: Path, other: Path, kind: str, run: int) -> None:
    """Append to the article at `path` a note (no topic word) or the first sentence of `other`."""
    if kind == "note":
        added = f"本文于第{run + 1}次构建前修订。"
    else:
        body = other.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        added = body.strip().split("。")[0] + "。"
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"\n{added}\n")


def _add_issue(content: Path, written: int) -> int:
    """Write the articles of the day after the first `written` synthetic articles' last
    (or the rest of that day, if it was cut short); how many."""
    from bench.synthetic import front_matter, make_articles

    following = make_articles(written + 40)[written:]
    day = [article for article in following if article.date == following[0].date]
    for article in day:
        path = content / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(article), encoding="utf-8")
    return len(day)


def _settle(folder: Path, timeout: float = 120.0) -> None:
    """Wait until earlier builds' old sites are removed, then flush the disk."""
    deadline = time.monotonic() + timeout
    while any(".old-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.sync()


if __name__ == "__main__":
    sys.exit(main())
