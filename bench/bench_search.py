"""Benchmark of search: index build time and memory, bundle size, first-query bytes,
query latency and recall/precision, on the synthetic archive (bench/synthetic.py).

    python bench/bench_search.py                 # 20,000 articles, 3 runs, browser checks
    python bench/bench_search.py -n 100000 --runs 1 --no-browser
    python bench/bench_search.py -n 2000 --runs 1 --out /tmp/search-site   # keep the site
    python bench/bench_search.py --binaries      # standard vs extended Pagefind, same records
    python bench/bench_search.py --incremental   # cold search build, then one more day

Peak memory is the summed RSS of the whole process tree doing the indexing
(Python and the Pagefind binary), sampled every 20 ms. Browser figures come from
headless Debian Chromium: bytes are the sum over every response the page and its
web worker received (Playwright request sizes: headers + body).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from baoku import urls
from baoku.model import SearchDoc
from baoku.text import plain_text

SECTIONS = ("要闻", "经济", "城建", "民生", "文化", "评论")
FIRST_QUERIES = ("潇河大桥", "太原", "34.48亿元", "弓凤飞", "营商环境")
WARM_QUERIES = ("太原", "疫情", "社区", "经济", "食堂", "万柏林", "蔡江泽", "弓凤飞", "潇河大桥", "营商环境",
                "太原市", "首贷", "榛子", "一体化")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def synthetic_docs(n: int, seed: int = 0, *, step: int = 1) -> list[SearchDoc]:
    """SearchDocs for every `step`-th of n synthetic articles, with a stable made-up section."""
    from bench.synthetic import make_articles

    return [SearchDoc(url=urls.article(a.id), title=a.title, kicker=a.kicker, subtitle=a.subtitle,
                      body=a.body, date=a.date.isoformat(),
                      section=SECTIONS[zlib.crc32(a.id.encode()) % len(SECTIONS)], column=a.column,
                      kind=a.kind, authors=tuple(a.authors), page=_page(a.order))
            for a in make_articles(n, seed)[::step]]


def _page(order: int) -> str:
    """An invented printed page: four stories to a page, labelled '01', '02', …"""
    return f"{1 + (order - 1) // 4:02d}"


def write_search_site(out: Path, docs: Sequence[SearchDoc], **options: Any) -> Path:
    """A minimal site around the real search page: templates/search.html rendered in a
    bare base template, templates/static/, one bare page per article (headline and
    .article-body, with highlight.js), and the search index."""
    import jinja2
    from markupsafe import escape

    from baoku.config import SiteConfig
    from baoku.search import build_search

    templates = ROOT / "templates"
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "base.html": "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{% block title %}"
                     "{% endblock %}</title>{% block head %}{% endblock %}</head><body><main>"
                     "{% block content %}{% endblock %}</main>{% block scripts %}{% endblock %}</body></html>",
        "search.html": (templates / "search.html").read_text(encoding="utf-8")}), autoescape=True)
    env.filters["link"] = lambda url: "../" + url
    config = SiteConfig()
    html = env.get_template("search.html").render(site=config, root="../", page_url="search/")
    (out / "search").mkdir(parents=True, exist_ok=True)
    (out / "search" / "index.html").write_text(html, encoding="utf-8")
    shutil.copytree(templates / "static", out / "static", dirs_exist_ok=True)
    for doc in docs:
        depth = "../" * doc.url.count("/")
        body = "".join(f"<p>{escape(p)}</p>" for p in plain_text(doc.body).split("\n"))
        page = (f"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{escape(doc.title)}"
                f"</title></head><body><article><h1 class=\"headline\">{escape(doc.title)}</h1>"
                f"<div class=\"article-body\">{body}</div></article>"
                f"<script src=\"{depth}static/highlight.js\" defer></script></body></html>")
        path = out / urls.output_path(doc.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    build_search(out, docs, config, **options)
    return out


# ---- build: time and peak memory of the whole process tree ----

def _tree(pid: int) -> set[int]:
    found = {pid}
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    found |= _tree(int(child))
    except OSError:
        pass
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure_build(n: int, out: Path, seed: int = 0) -> dict[str, float]:
    """Build the index of n synthetic articles in a child process; time it and sample memory."""
    script = (f"import sys, time, json; sys.path.insert(0, {str(ROOT)!r})\n"
              "from bench.bench_search import synthetic_docs\n"
              "from baoku.config import SiteConfig\nfrom baoku.search import build_search\n"
              f"docs = synthetic_docs({n}, {seed})\n"
              "print('READY', flush=True); sys.stdin.readline()\n"
              f"stats = build_search(__import__('pathlib').Path({str(out)!r}), docs, SiteConfig())\n"
              "print(json.dumps({'seconds': stats.seconds, 'bytes': stats.bytes, 'files': stats.files, "
              "'bundles': stats.bundles, 'summary': stats.summary()}), flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "READY"
    base = _rss(proc.pid)  # the docs themselves belong to the pipeline, not to indexing
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_rss(p) for p in _tree(proc.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    proc.stdin.write("\n")
    proc.stdin.flush()
    result = json.loads(proc.stdout.readline())
    wall = time.perf_counter() - started
    proc.wait()
    stop.set()
    sampler.join()
    return {**result, "wall": wall, "peak_gb": peak / 1e9, "docs_gb": base / 1e9}


# ---- the Pagefind binaries: standard against extended, on the same records ----

BINARIES = {"standard": ("pagefind_bin", "pagefind"), "extended": ("pagefind_bin_extended", "pagefind_extended")}


def compare_binaries(n: int, runs: int = 2) -> dict[str, Any]:
    """Index the same packs (tokenised once, beforehand) with each installed binary,
    alternating; wall time, the binary's CPU time and peak RSS; and whether they
    return identical files."""
    import hashlib
    import importlib.util
    import resource

    from baoku.search.records import LANGUAGE, plan
    from baoku.search.service import Record, Service

    layout = plan(synthetic_docs(n))
    records = []
    for bundle in layout.bundles:
        blocks, titles = [0] * (bundle.end - bundle.first), [0] * len(bundle.packs)
        records.append([Record(url=p.url, content=layout.words(bundle, p, blocks, titles), language=LANGUAGE,
                               meta={}, sort={}) for p in bundle.packs])
    binaries = {}
    for name, (module, exe) in BINARIES.items():
        spec = importlib.util.find_spec(module)
        if spec and spec.submodule_search_locations:
            binaries[name] = Path(next(iter(spec.submodule_search_locations))) / exe
    out: dict[str, Any] = {"articles": n, "bundles": len(records)}
    digests: dict[str, str] = {}
    for run in range(runs):
        for name in (list(binaries) if run % 2 == 0 else list(binaries)[::-1]):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            digest = hashlib.sha256()
            peak = 0
            for bundle_records in records:
                service = Service(binaries[name])
                stop = threading.Event()

                def sample(pid: int = service.pid, stop: threading.Event = stop) -> None:
                    nonlocal peak
                    while not stop.is_set():
                        peak = max(peak, _rss(pid))
                        time.sleep(0.02)

                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                index = service.new_index(None)
                service.add_records(index, bundle_records)
                for path, data in sorted(service.get_files(index).items()):
                    digest.update(path.encode() + b"\0" + data)
                service.close()
                stop.set()
                sampler.join()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter() - started
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            out.setdefault(name, []).append({"wall": round(wall, 2), "cpu": round(cpu, 2),
                                             "peak_gb": round(peak / 1e9, 2)})
            digests[name] = digest.hexdigest()
            print(f"{name}: wall {wall:.1f} s, cpu {cpu:.1f} s, peak {peak / 1e9:.2f} GB", flush=True)
    out["identical_files"] = len(set(digests.values())) == 1
    return out


# ---- incremental: a cold build, then one more day ----

def measure_incremental(n: int, out: Path) -> dict[str, Any]:
    """Search-stage time of a cold build of the archive without its last day, then of
    the build adding that day with the cold build as the previous site (an ordinary
    day, and the first day of a month), and files per article."""
    from baoku.config import SiteConfig
    from baoku.search import build_search

    docs = synthetic_docs(n)
    last = docs[-1].date
    before = [d for d in docs if d.date != last]
    result: dict[str, Any] = {"articles": n, "last_day": last}
    stats = build_search(out / "cold", before, SiteConfig())
    result["cold_seconds"] = round(stats.seconds, 2)
    result["files_per_article"] = round(stats.files / len(before), 3)
    result["files"] = stats.files
    stats = build_search(out / "day", docs, SiteConfig(), previous=out / "cold")
    result["day_seconds"] = round(stats.seconds, 2)
    result["day_reused"] = f"{stats.reused} of {stats.bundles}"
    month = next(d.date[:7] for d in reversed(docs) if d.date[:7] != last[:7])
    firsts = sorted({d.date for d in docs if d.date[:7] > month})
    if firsts:
        upto = [d for d in docs if d.date < firsts[0]]
        shutil.rmtree(out / "cold")
        build_search(out / "cold", upto, SiteConfig())
        stats = build_search(out / "month", [*upto, *[d for d in docs if d.date == firsts[0]]], SiteConfig(),
                             previous=out / "cold")
        result["month_first_day_seconds"] = round(stats.seconds, 2)
        result["month_first_day_reused"] = f"{stats.reused} of {stats.bundles}"
    return result


# ---- browser ----

def serve(site: Path) -> tuple[Any, str]:
    from baoku.serve import make_server

    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def wait_results(page: Any) -> None:
    page.wait_for_function("window.baoku && window.baoku.ready")
    page.evaluate("window.baoku.ready")
    page.wait_for_function("!document.getElementById('search-app').hasAttribute('aria-busy')")


def _kind(path: str) -> str:
    """What a response is, for the per-file breakdown: its path with the tier, the
    index chunk and the docs group left out."""
    import re

    path = re.sub(r"_[0-9a-f]+\.pf_meta$", "_*.pf_meta", path.split("?")[0])
    path = re.sub(r"^pagefind/[^/]+/(index|docs)/[^/]+$", r"pagefind/*/\1/*", path)
    return re.sub(r"^pagefind/[^/]+/(?!.*/)", "pagefind/*/", path) if path.startswith("pagefind/") else path


def first_query_bytes(browser: Any, url: str, query: str, kinds: dict[str, list[int]] | None = None) -> tuple[int, int]:
    """(bytes, requests) for opening search/?q=query in a fresh context until results show.
    `kinds`, when given, gets [bytes, requests] added per kind of file (`_kind`)."""
    from urllib.parse import quote

    context = browser.new_context(locale="zh-CN")
    started: list[Any] = []
    context.on("request", lambda request: started.append(request))
    page = context.new_page()
    page.goto(url + "search/?q=" + quote(query))
    wait_results(page)
    page.wait_for_load_state("networkidle")
    total = 0
    for request in started:
        response = request.response()
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if body <= 0 and response is not None:
            # Playwright reports no size for the web worker's own script; count its bytes.
            body = len(response.body())
        total += body + sizes["responseHeadersSize"]
        if kinds is not None:
            kind = kinds.setdefault(_kind(request.url[len(url):]), [0, 0])
            kind[0] += body + sizes["responseHeadersSize"]
            kind[1] += 1
    context.close()
    return total, len(started)


def warm_latencies(browser: Any, url: str, queries: Sequence[str]) -> list[dict[str, Any]]:
    """Per query, on a search page that has already answered another query:
    `find` — ms for window.baoku.find (the search itself: index lookups, phrase
    matching, filters, counts, ranking); `page` — ms from submitting the search
    box to the first 20 results shown with their excerpts (the page's own
    timing, data-ms); `again` — the page timing for the same query once more."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "search/?q=" + "新闻")
    wait_results(page)
    out = []
    for query in queries:
        record: dict[str, Any] = {"query": query}
        for key in ("page", "again"):
            page.fill("#search-q", query)
            page.press("#search-q", "Enter")
            page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q && "
                                   "!document.getElementById('search-app').hasAttribute('aria-busy') && "
                                   "!document.getElementById('search-status').textContent.includes('正在')", arg=query)
            record[key] = float(page.get_attribute("#search-app", "data-ms") or "nan")
            page.go_back()
            wait_results(page)
        record["hits"] = page.evaluate("q => window.baoku.count(q)", query)
        out.append(record)
    context.close()
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "search/?q=" + "新闻")
    wait_results(page)
    for record in out:
        record["find"] = page.evaluate("async q => { const t = performance.now(); await window.baoku.find(q); "
                                       "return performance.now() - t; }", record["query"])
    context.close()
    return out


def recall_precision(browser: Any, url: str, docs: Sequence[SearchDoc], queries: Sequence[str]) -> dict[str, float]:
    """Micro-averaged recall and precision against substring matching over `docs`."""
    import unicodedata

    from baoku.search.records import plan

    def norm(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).lower()
        return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))

    fields = [(norm(d.title), norm(d.kicker), norm(d.subtitle), norm(plain_text(d.body))) for d in docs]
    urls = [d.url for d in plan(docs).docs]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "search/")
    wait_results(page)
    want_total = got_total = right = 0
    for query in queries:
        term = norm(query)
        want = {docs[i].url for i, f in enumerate(fields) if any(term in x for x in f)}
        got = {urls[n] for n in page.evaluate("q => window.baoku.find(q).then(r => r.ids)", query)}
        want_total += len(want)
        got_total += len(got)
        right += len(want & got)
    context.close()
    return {"queries": len(queries), "expected": want_total, "returned": got_total,
            "recall": right / want_total if want_total else 1.0,
            "precision": right / got_total if got_total else 1.0}


def random_queries(docs: Sequence[SearchDoc], count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        doc = rng.choice(docs)
        text = rng.choice([doc.title, plain_text(doc.body), plain_text(doc.body)])
        length = rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 6, 8])
        if len(text) <= length:
            continue
        start = rng.randrange(len(text) - length)
        piece = text[start:start + length]
        if piece.strip() == piece and " " not in piece and '"' not in piece and "\n" not in piece:
            out.append(piece)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=20_000, help="articles (default 20000)")
    parser.add_argument("--runs", type=int, default=3, help="index builds to take the median of")
    parser.add_argument("--no-browser", action="store_true", help="only build and measure the index")
    parser.add_argument("--first-random", type=int, default=10,
                        help="random substrings measured as first queries, besides the fixed ones (default 10)")
    parser.add_argument("--out", type=Path, help="keep the last built site here")
    parser.add_argument("--site", type=Path, help="skip building: measure this site (made with --out)")
    parser.add_argument("--binaries", action="store_true",
                        help="only compare the standard and extended Pagefind binaries on the same records")
    parser.add_argument("--incremental", action="store_true",
                        help="only measure a cold search build and the next day's (reusing the cold one)")
    args = parser.parse_args()
    if args.binaries:
        print(json.dumps(compare_binaries(args.n, args.runs), indent=1))
        return
    if args.incremental:
        with tempfile.TemporaryDirectory(prefix="bench-search-") as work:
            print(json.dumps(measure_incremental(args.n, Path(work)), indent=1))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    builds = []
    for run in range(0 if args.site else args.runs):
        target = work / f"run{run}"
        builds.append(measure_build(args.n, target))
        print(f"build {run + 1}: {builds[-1]['summary']}; wall {builds[-1]['wall']:.1f} s, "
              f"peak {builds[-1]['peak_gb']:.2f} GB (docs alone {builds[-1]['docs_gb']:.2f} GB)", flush=True)
        if run < args.runs - 1:
            shutil.rmtree(target)
    report: dict[str, Any] = {"articles": args.n}
    if builds:
        report.update({
            "index_seconds_median": statistics.median(b["seconds"] for b in builds),
            "peak_gb_median": statistics.median(b["peak_gb"] for b in builds),
            "bundle_mb": builds[-1]["bytes"] / 1e6, "files": builds[-1]["files"],
            "bundles": builds[-1]["bundles"]})
    if len(builds) > 1:
        report["deterministic"] = _digest(work / f"run{args.runs - 1}") == _digest(_rebuild(args.n, work))
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        docs = synthetic_docs(args.n)
        site = args.site or work / "site"
        if not args.site:
            write_search_site(site, docs)
        server, url = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=CHROMIUM_ARGS)
            kinds: dict[str, dict[str, list[int]]] = {}
            first_queries = [*FIRST_QUERIES, *random_queries(docs, args.first_random, seed=2)]
            first = {q: first_query_bytes(browser, url, q, kinds.setdefault(q, {})) for q in first_queries}
            for q, (size, count) in first.items():
                print(f"first query {q}: {size / 1000:.0f} kB in {count} requests", flush=True)
            median_query = sorted(first, key=lambda q: first[q][0])[len(first) // 2]
            print(f"the median first query, {median_query}, file by file:")
            for kind, (size, count) in sorted(kinds[median_query].items(), key=lambda item: -item[1][0]):
                print(f"  {kind:40s} {count:3d} × {size / count / 1000:6.1f} kB = {size / 1000:6.1f} kB")
            warm = warm_latencies(browser, url, WARM_QUERIES)
            for w in warm:
                print(f"warm {w['query']}: find {w['find']:.0f} ms, page {w['page']:.0f} ms, "
                      f"again {w['again']:.0f} ms, {w['hits']} hits", flush=True)
            quality = recall_precision(browser, url, docs, random_queries(docs, 100))
            browser.close()
        server.shutdown()
        report.update({
            "first_queries": len(first),
            "first_query_kb_median": statistics.median(s for s, _ in first.values()) / 1000,
            "first_query_kb_max": max(s for s, _ in first.values()) / 1000,
            "warm_find_ms_median": statistics.median(w["find"] for w in warm),
            "warm_find_ms_max": max(w["find"] for w in warm),
            "warm_page_ms_median": statistics.median(w["page"] for w in warm),
            "warm_page_ms_max": max(w["page"] for w in warm),
            "warm_again_ms_median": statistics.median(w["again"] for w in warm),
            **{f"quality_{k}": v for k, v in quality.items()},
        })
        if args.out and not args.site:
            shutil.rmtree(args.out, ignore_errors=True)
            shutil.copytree(site, args.out)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    shutil.rmtree(work, ignore_errors=True)


def _rebuild(n: int, work: Path) -> Path:
    target = work / "again"
    measure_build(n, target)
    return target


def _digest(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


if __name__ == "__main__":
    main()
