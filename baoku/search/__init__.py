"""Full-text search: exact substring search over Chinese text, fully static.

What gets written into the site (all under pagefind/):

    pagefind/b0/, b1/, …      Pagefind bundles (index of character bigrams, see
                              tokenise.py), one per group of years (records.py)
    pagefind/articles.json.gz what the browser knows about every article: where
                              its words sit in the index, date, section, column,
                              kind (records.articles_table)
    pagefind/authors.json.gz  every article's authors, loaded for the author filter
    pagefind/docs/…/N.json.gz one article's original text, fetched for the
                              results shown (excerpts, highlighting)

templates/static/search.js turns a query into bigrams, asks Pagefind where
they occur, and does exact phrase matching, AND, filters, counts and ranking.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..model import SearchDoc
from .bundle import build_bundle
from .records import BUNDLE_ARTICLES, Plan, article_files, articles_table, authors_table, plan
from .service import PagefindError

__all__ = ["SEARCH_DIR", "PagefindError", "SearchStats", "build_search"]

SEARCH_DIR = "pagefind"
"""Folder of the site holding everything search needs."""


@dataclass(frozen=True, slots=True)
class SearchStats:
    """What the search stage did, for the build report."""

    articles: int
    packs: int
    """Pagefind records (an article group of one month each)."""
    bundles: int
    seconds: float
    files: int
    bytes: int
    """Size of everything written under pagefind/."""

    def summary(self) -> str:
        return (f"{self.articles} articles in {self.bundles} bundle(s) of {self.packs} records, "
                f"{self.seconds:.1f} s, {self.bytes / 1e6:.1f} MB in {self.files} files")


def build_search(out_dir: Path, docs: Sequence[SearchDoc], config: SiteConfig, *,
                 bundle_articles: int = BUNDLE_ARTICLES) -> SearchStats:
    """Write the search index and data for `docs` into out_dir/pagefind/.

    Raises PagefindError (with what to do) when the Pagefind binary is missing
    or fails. The same docs give byte-identical files. `bundle_articles` bounds
    the articles per Pagefind bundle (memory of one Pagefind process)."""
    del config  # the index does not depend on site settings; kept for the stage's signature
    started = time.perf_counter()
    root = Path(out_dir) / SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    layout = plan(docs, bundle_articles=bundle_articles)
    # The article files are mostly file-system work: write them on a thread
    # while the Pagefind process indexes.
    with ThreadPoolExecutor(max_workers=1) as pool:
        articles = pool.submit(_write_article_files, layout, root)
        built = {bundle.name: build_bundle(bundle, layout.content, root / bundle.name, primary=i == 0)
                 for i, bundle in enumerate(layout.bundles)}
        articles.result()
    (root / "articles.json.gz").write_bytes(articles_table(layout, built))
    (root / "authors.json.gz").write_bytes(authors_table(layout))
    files = [p for p in root.rglob("*") if p.is_file()]
    return SearchStats(articles=len(layout.docs), packs=sum(len(b.packs) for b in layout.bundles),
                       bundles=len(layout.bundles), seconds=time.perf_counter() - started,
                       files=len(files), bytes=sum(p.stat().st_size for p in files))


def _write_article_files(layout: Plan, root: Path) -> None:
    made: set[Path] = set()
    for rel, data in article_files(layout):
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
