"""Full-text search: exact substring search over Chinese text, fully static.

What gets written into the site (all under pagefind/):

    pagefind/<tier>/          one bundle per tier of articles (records.py): a Pagefind
                              index of character bigrams (tokenise.py), the articles'
                              display data (docs.bin, one gzip member an article:
                              original text for excerpts and highlighting, fetched by
                              range requests only for the results shown), their
                              columns (articles.bin.gz: where each sits in the index,
                              section, column, kind, page, the size of its display
                              data; fetched only when a query has hits in the tier)
                              and bundle.json (bundle.py)
    pagefind/articles.json.gz the tiers, their packs and every article's date: the one
                              table loaded before any search
    pagefind/authors.json.gz  every article's authors, loaded for the author filter

A build reuses every tier of the previous site whose articles are unchanged (a
day's import re-indexes only the newest month); a cold build and any sequence of
incremental builds give the same bytes.

templates/static/search.js turns a query into bigrams, asks Pagefind where
they occur, and does exact phrase matching, AND, filters, counts and ranking.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import parallel
from ..config import SiteConfig
from ..model import SearchDoc
from ..urls import SEARCH_DIR
from .bundle import build_bundle, reuse_bundle, verify_bundle
from .records import BUNDLE_ARTICLES, Built, Bundle, Job, articles_table, authors_table, plan
from .service import PagefindError, Service, executable, version

__all__ = ["SEARCH_DIR", "PagefindError", "SearchStats", "SearchWork", "build_search", "complete_search",
           "prepare_search", "share_cores"]

READS = "pagefind 1.5."
"""The Pagefind release whose index files templates/static/search.js reads (and
bundle.py's metadata parser): another release is refused with what to install."""
INDEXERS = 2
"""Pagefind processes indexing tiers at once, at most (_side_by_side)."""
RENDER_SHARE = 0.25
"""The render's memory per article of the archive, as a share of Pagefind's per article
it indexes (about 25 kB against 80–85 kB, measured at 20,000 and 100,000 articles).
Beside the render the tiers indexed at once hold at most `bundle_articles` minus this
share of the archive's articles, or the newest month's articles if they are more (a
day's import re-indexes that tier alone), so that the render and Pagefind together stay
within about what a full tier alone takes beside the build's process: at 20,000 articles
a settled tier of 19,000 is indexed beside the render; at 100,000 only the newest month
is, unless the render gives up one of its workers to the settled tiers (`share_cores`)."""
WATCH = 0.2
"""Seconds between looks at whether the build has let go of its site (_side_by_side)."""

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class SearchStats:
    """What the search stage did, for the build report."""

    articles: int
    packs: int
    """Pagefind records (an article group of one month each)."""
    bundles: int
    reused: int
    """Bundles taken unchanged from the previous site."""
    seconds: float
    files: int
    bytes: int
    """Size of everything written under pagefind/."""

    def summary(self) -> str:
        return (f"{self.articles} articles in {self.bundles} bundle(s) ({self.reused} reused) of {self.packs} "
                f"records, {self.seconds:.1f} s, {self.bytes / 1e6:.1f} MB in {self.files} files")


def _side_by_side(work: Callable[[T], R], jobs: Sequence[T], sizes: Sequence[int], budget: int, *,
                  alongside: int = 0, released: Any = None) -> list[R]:
    """work(job) for every job, up to INDEXERS at a time while the sizes of those running
    add up to at most `budget` (one job alone may exceed it), in order; the results in
    the jobs' order.

    Pagefind indexes on one core, so two tiers indexed side by side, each by a process
    of its own, keep both cores busy; but their memory adds up. The budget is the
    largest tier's (`bundle_articles` articles): two settled tiers of 19,000 articles
    each are indexed one after the other, the newest year's months beside its newest
    month. The first failure is raised once the running ones have ended.

    `released`: an event (parallel.released) that the build sets once it has let go of
    its site (the render has ended). Until then only `alongside` articles are indexed
    at once, and no job alone over it starts: the first job in order that fits starts
    (the newest month's beside a render that holds a large archive)."""
    results: dict[int, R] = {}
    pending = list(range(len(jobs)))
    with ThreadPoolExecutor(max_workers=INDEXERS) as pool:
        running: dict[Future[R], int] = {}
        while pending or running:
            free = released is None or released.is_set()
            while pending and len(running) < INDEXERS:
                load = sum(sizes[n] for n in running.values())
                if free:
                    chosen: int | None = pending[0] if not running or load + sizes[pending[0]] <= budget else None
                else:
                    chosen = next((n for n in pending if load + sizes[n] <= alongside), None)
                if chosen is None:
                    break
                pending.remove(chosen)
                running[pool.submit(work, jobs[chosen])] = chosen
            if not running:
                released.wait()  # nothing fits beside the render: wait for its end
                continue
            done, _ = wait(running, timeout=None if free else WATCH, return_when=FIRST_COMPLETED)
            for future in done:
                results[running.pop(future)] = future.result()
    return [results[n] for n in range(len(jobs))]


@dataclass(frozen=True, slots=True)
class SearchWork:
    """What is left of the search stage once planned in the build's process
    (`prepare_search`: the tiers unchanged since the previous site are linked already):
    the tiers to index, with their articles, and what the top-level tables need.
    Picklable, for a process of its own: pipeline.py completes it beside the render."""

    root: Path
    """The site's pagefind/ folder."""
    started: float
    binary: Path | None
    jobs: tuple[Job, ...]
    budget: int
    """Articles indexed at once at most (`_side_by_side`)."""
    alongside: int
    """Articles indexed at once at most while the build holds its site (RENDER_SHARE)."""
    bundles: tuple[Bundle, ...]
    reused: dict[str, Built]
    dates: tuple[str, ...]
    """Every article's date, in article-number order (articles.json)."""
    authors: tuple[tuple[str, ...], ...]
    """Every article's authors, in article-number order (authors.json)."""


def build_search(out_dir: Path, docs: Sequence[SearchDoc], config: SiteConfig, *, previous: Path | None = None,
                 bundle_articles: int = BUNDLE_ARTICLES,
                 trusted: Mapping[str, tuple[int, int]] | None = None) -> SearchStats:
    """Write the search index and data for `docs` into out_dir/pagefind/, in this process.

    `previous` is the previous build's site, whose unchanged bundles are reused.
    Raises PagefindError (with what to do) when the Pagefind binary is missing or
    fails, or a bundle does not come out whole. The same docs give byte-identical
    files, whatever `previous` holds. `bundle_articles` bounds the articles of a
    bundle of settled years (memory of one Pagefind process). `trusted`: site-relative
    path → (size, mtime_ns) of the previous site's files as the last successful build
    recorded them (bundle.reuse_bundle). The same as prepare_search then
    complete_search, which a build runs in two processes."""
    del config  # the index does not depend on site settings; kept for the stage's signature
    return complete_search(prepare_search(out_dir, docs, previous=previous, bundle_articles=bundle_articles,
                                          trusted=trusted))


def prepare_search(out_dir: Path, docs: Sequence[SearchDoc], *, previous: Path | None = None,
                   bundle_articles: int = BUNDLE_ARTICLES,
                   trusted: Mapping[str, tuple[int, int]] | None = None) -> SearchWork:
    """Plan the tiers, check the Pagefind binary, link every tier of `previous` that is
    unchanged and intact, and gather the others' articles (build_search)."""
    started = time.perf_counter()
    root = Path(out_dir) / SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    layout = plan(docs, bundle_articles=bundle_articles)
    reused: dict[str, Built] = {}
    todo: list[Job] = []
    binary = None
    if layout.bundles:
        binary = executable()
        release = version(binary)
        if not release.startswith(READS):
            raise PagefindError(f"{binary} is {release!r}, but search.js reads the index files of Pagefind "
                                f"1.5 (their layout is not a public interface): install `pip install "
                                "'pagefind[bin]>=1.5.2,<1.6'`")
        engine = f"{release} {binary.name} {binary.stat().st_size}"
        by_bundle: dict[str, dict[str, tuple[int, int]]] = {}
        for rel, mark in (trusted or {}).items():  # 'pagefind/<tier>/<path>' → per tier
            top, _, rest = rel.partition("/")
            if top == SEARCH_DIR and "/" in rest:
                name, _, inside = rest.partition("/")
                by_bundle.setdefault(name, {})[inside] = mark
        for bundle in layout.bundles:
            key = layout.key(bundle, engine)
            again = reuse_bundle(previous / SEARCH_DIR / bundle.name, root / bundle.name, key,
                                 by_bundle.get(bundle.name)) if previous else None
            if again is not None:
                reused[bundle.name] = again
            else:
                todo.append(layout.job(bundle, key))
    newest = layout.bundles[-1].end - layout.bundles[-1].first if layout.bundles else 0
    return SearchWork(root=root, started=started, binary=binary, jobs=tuple(todo), budget=bundle_articles,
                      alongside=max(int(bundle_articles - RENDER_SHARE * len(layout.docs)), newest),
                      bundles=tuple(layout.bundles), reused=reused, dates=tuple(doc.date for doc in layout.docs),
                      authors=tuple(doc.authors for doc in layout.docs))


def share_cores(work: SearchWork, workers: int) -> tuple[SearchWork, int]:
    """(the work, the render's workers) when the search runs aside, beside a render of
    `workers` processes: when some tier is too large to index beside the whole render
    (`alongside`: a cold build of a large archive, or a year's first day), the render
    gives up one of its workers and one such tier at a time is indexed beside it, within
    the budget of articles; else both as they are.

    Otherwise those tiers waited for the render's end and were then indexed one at a
    time, on one core while the other stayed idle (at 100,000 articles, the last 87 s of
    a cold build). A render worker touches most of the site it shares with the build's
    process, so its memory is about a tier's in Pagefind: at 100,000 articles 0.86 GB of
    PSS against 1.6 GB for a tier of 22,000, at 200,000 1.67 GB against 1.7 GB (sampled
    in cold builds, 2026-12-07). With two workers the render then runs in the build's
    process alone, which copies nothing, at the search's priority (the search, Pagefind
    and the words cut for it in the process aside, takes more than one core's worth:
    with its priority lowered, render and search took 128 s instead of 115). A cold
    build of 100,000 articles, alternately: render and search 147 s before, 118 s after,
    the search ending before the render."""
    if workers < 2 or all(len(job.docs) <= work.alongside for job in work.jobs):
        return work, workers
    return dataclasses.replace(work, alongside=work.budget), workers - 1


def complete_search(work: SearchWork) -> SearchStats:
    """Index each tier left with Pagefind into its folder and check it there, up to
    INDEXERS at a time within the budget of articles (`_side_by_side`); then write the
    top-level tables. What the stage did."""

    def index(job: Job) -> Built:
        service = Service(work.binary)
        try:
            made = build_bundle(job.plan(), job.bundle, work.root / job.bundle.name, job.key, service)
        finally:
            code = service.close()
        if code != 0:
            raise PagefindError(f"Pagefind exited with code {code} after indexing bundle {job.bundle.name}")
        verify_bundle(work.root / job.bundle.name, job.bundle.name)
        # The tier's articles are let go, and their memory given back, once it is indexed:
        # in a cold build of 200,000 articles the process aside held every tier's text
        # (0.8 GB) beside Pagefind indexing the last ones.
        job.docs.clear()
        parallel.release_memory()
        return made

    made = _side_by_side(index, work.jobs, [len(job.docs) for job in work.jobs], work.budget,
                         alongside=work.alongside, released=parallel.released())
    built = {**work.reused, **{job.bundle.name: result for job, result in zip(work.jobs, made)}}
    (work.root / "articles.json.gz").write_bytes(articles_table(work.bundles, work.dates, built))
    (work.root / "authors.json.gz").write_bytes(authors_table(work.authors))
    files = [p for p in work.root.rglob("*") if p.is_file()]
    return SearchStats(articles=len(work.dates), packs=sum(len(b.packs) for b in work.bundles),
                       bundles=len(work.bundles), reused=len(work.reused),
                       seconds=time.perf_counter() - work.started,
                       files=len(files), bytes=sum(p.stat().st_size for p in files))
