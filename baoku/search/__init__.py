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

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..config import SiteConfig
from ..model import SearchDoc
from .bundle import build_bundle, reuse_bundle, verify_bundle
from .records import BUNDLE_ARTICLES, Built, Bundle, articles_table, authors_table, plan
from .service import PagefindError, Service, executable, version

__all__ = ["SEARCH_DIR", "PagefindError", "SearchStats", "build_search"]

READS = "pagefind 1.5."
"""The Pagefind release whose index files templates/static/search.js reads (and
bundle.py's metadata parser): another release is refused with what to install."""
SEARCH_DIR = "pagefind"
"""Folder of the site holding everything search needs."""
INDEXERS = 2
"""Pagefind processes indexing tiers at once, at most (_side_by_side)."""

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


def _side_by_side(work: Callable[[T], R], jobs: Sequence[T], sizes: Sequence[int], budget: int) -> list[R]:
    """work(job) for every job, in order, up to INDEXERS at a time while the sizes of
    those running add up to at most `budget` (one job alone may exceed it).

    Pagefind indexes on one core, so two tiers indexed side by side, each by a process
    of its own, keep both cores busy; but their memory adds up. The budget is the
    largest tier's (`bundle_articles` articles): two settled tiers of 19,000 articles
    each are indexed one after the other, the newest year's months beside its newest
    month. The first failure is raised once the running ones have ended."""
    results: dict[int, R] = {}
    with ThreadPoolExecutor(max_workers=INDEXERS) as pool:
        running: dict[Future[R], int] = {}
        following = 0
        while following < len(jobs) or running:
            while following < len(jobs) and len(running) < INDEXERS and (
                    not running or sum(sizes[n] for n in running.values()) + sizes[following] <= budget):
                running[pool.submit(work, jobs[following])] = following
                following += 1
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                results[running.pop(future)] = future.result()
    return [results[n] for n in range(len(jobs))]


def build_search(out_dir: Path, docs: Sequence[SearchDoc], config: SiteConfig, *, previous: Path | None = None,
                 bundle_articles: int = BUNDLE_ARTICLES,
                 trusted: Mapping[str, tuple[int, int]] | None = None) -> SearchStats:
    """Write the search index and data for `docs` into out_dir/pagefind/.

    `previous` is the previous build's site, whose unchanged bundles are reused.
    Raises PagefindError (with what to do) when the Pagefind binary is missing or
    fails, or a bundle does not come out whole. The same docs give byte-identical
    files, whatever `previous` holds. `bundle_articles` bounds the articles of a
    bundle of settled years (memory of one Pagefind process). `trusted`: site-relative
    path → (size, mtime_ns) of the previous site's files as the last successful build
    recorded them (bundle.reuse_bundle)."""
    del config  # the index does not depend on site settings; kept for the stage's signature
    started = time.perf_counter()
    root = Path(out_dir) / SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    layout = plan(docs, bundle_articles=bundle_articles)
    built: dict[str, Built] = {}
    reused = 0
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
        todo: list[tuple[Bundle, str]] = []
        for bundle in layout.bundles:
            key = layout.key(bundle, engine)
            again = reuse_bundle(previous / SEARCH_DIR / bundle.name, root / bundle.name, key,
                                 by_bundle.get(bundle.name)) if previous else None
            if again is not None:
                built[bundle.name] = again
                reused += 1
            else:
                todo.append((bundle, key))

        def index(job: tuple[Bundle, str]) -> Built:
            bundle, key = job
            service = Service(binary)
            try:
                made = build_bundle(layout, bundle, root / bundle.name, key, service)
            finally:
                code = service.close()
            if code != 0:
                raise PagefindError(f"Pagefind exited with code {code} after indexing bundle {bundle.name}")
            verify_bundle(root / bundle.name, bundle.name)
            return made

        made = _side_by_side(index, todo, [job[0].end - job[0].first for job in todo], bundle_articles)
        built.update((job[0].name, result) for job, result in zip(todo, made))
        built = {bundle.name: built[bundle.name] for bundle in layout.bundles}
    (root / "articles.json.gz").write_bytes(articles_table(layout, built))
    (root / "authors.json.gz").write_bytes(authors_table(layout))
    files = [p for p in root.rglob("*") if p.is_file()]
    return SearchStats(articles=len(layout.docs), packs=sum(len(b.packs) for b in layout.bundles),
                       bundles=len(layout.bundles), reused=reused, seconds=time.perf_counter() - started,
                       files=len(files), bytes=sum(p.stat().st_size for p in files))
