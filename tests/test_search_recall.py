"""Search finds every article containing the query, and only those, in real Chromium.

Expected results come from plain substring matching over the articles
(search_fixtures.expected), never from the index.
"""

from __future__ import annotations

import functools
import http.server
import random
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from RangeHTTPServer import RangeRequestHandler
from search_fixtures import (
    SAMPLE_QUERIES,
    api_search,
    expected,
    fields,
    one_search_page,
    open_search,
    serve,
    synthetic,
)

from baoku.model import SearchDoc
from baoku.search.records import plan
from baoku.text import plain_text

__all__ = ["synthetic"]  # the fixture, imported for pytest


@pytest.fixture(scope="session")
def synthetic_url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from serve(synthetic[0])


@pytest.fixture(scope="module")
def search_page(browser: Any, synthetic_url: str) -> Iterator[object]:
    """One search page for the whole module: the queries share its loaded index."""
    yield from one_search_page(browser, synthetic_url)


def random_substrings(docs: list[SearchDoc], count: int, seed: int = 7) -> list[str]:
    """Substrings of random articles, 1 to 12 characters long, cut anywhere."""
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        doc = rng.choice(docs)
        text = rng.choice([doc.title, plain_text(doc.body), plain_text(doc.body)])
        if not text.strip():
            continue
        length = rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 6, 8, 12])
        start = rng.randrange(max(1, len(text) - length))
        piece = text[start:start + length].strip()
        if piece and '"' not in piece and " " not in piece:
            queries.append(piece)
    return queries


@pytest.mark.parametrize("query", SAMPLE_QUERIES)
def test_a_sample_query_finds_exactly_the_articles_containing_it(search_page: object, synthetic: tuple[Path, list[SearchDoc]],
                                                                   query: str) -> None:
    docs = synthetic[1]
    urls = [d.url for d in plan(docs).docs]
    ids = search_page.evaluate("q => window.baoku.find(q).then(r => r.ids)", query)  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids))
    assert {urls[n] for n in ids} == expected(docs, query)


def test_random_substrings_are_found_with_full_recall_and_precision(search_page: object,
                                                                    synthetic: tuple[Path, list[SearchDoc]]) -> None:
    docs = synthetic[1]
    missing = extra = total = 0
    urls = [d.url for d in plan(docs).docs]  # article numbers are positions in this list
    for query in random_substrings(docs, 80):
        ids = search_page.evaluate("q => window.baoku.find(q).then(r => r.ids)", query)  # type: ignore[attr-defined]
        got = {urls[n] for n in ids}
        assert len(got) == len(ids)
        want = expected(docs, query)
        missing += len(want - got)
        extra += len(got - want)
        total += len(want)
    assert (missing, extra) == (0, 0), f"{missing} missed and {extra} wrong of {total}"


def test_two_terms_find_the_articles_containing_both(search_page: object, synthetic: tuple[Path, list[SearchDoc]]) -> None:
    docs = synthetic[1]
    both = {d.url for d in docs if any("太原" in f for f in fields(d)) and any("2010" in f for f in fields(d))}
    assert {r["url"] for r in api_search(search_page, "太原 2010")} == both


def test_a_decimal_number_does_not_match_the_same_digits_without_the_point(
        search_page: object, synthetic: tuple[Path, list[SearchDoc]]) -> None:
    with_point = {r["url"] for r in api_search(search_page, "34.48")}
    without = {r["url"] for r in api_search(search_page, "3448")}
    assert with_point and not (with_point & without)
    assert with_point == expected(synthetic[1], "34.48")


def test_results_are_articles_with_their_own_title_and_issue_date(search_page: object,
                                                                  synthetic: tuple[Path, list[SearchDoc]]) -> None:
    by_url = {d.url: d for d in synthetic[1]}
    results = api_search(search_page, "潇河大桥")
    assert results
    for r in results:
        doc = by_url[r["url"]]
        assert (r["title"], r["date"], r["section"]) == (doc.title, doc.date, doc.section)
        assert ("潇河大桥" in r["excerpt"]) == ("潇河大桥" in plain_text(doc.body))


def test_date_sorting_holds_across_bundles(search_page: object, synthetic: tuple[Path, list[SearchDoc]]) -> None:
    docs = synthetic[1]
    urls = [d.url for d in plan(docs).docs]
    dates = {d.url: d.date for d in docs}
    for sort, reverse in (("newest", True), ("oldest", False)):
        ids = search_page.evaluate("s => window.baoku.find('太原', {sort: s}).then(r => r.ids)", sort)  # type: ignore[attr-defined]
        got = [dates[urls[n]] for n in ids]
        assert got == sorted(got, reverse=reverse)
        assert got[0][:4] != got[-1][:4]  # the results span several bundles (years)


def test_filters_alone_browse_the_archive_by_section_and_month(search_page: object,
                                                               synthetic: tuple[Path, list[SearchDoc]]) -> None:
    docs = synthetic[1]
    want = sum(d.section == "经济" and d.date.startswith("2009-03") for d in docs)
    found = search_page.evaluate(  # type: ignore[attr-defined]
        "() => window.baoku.find('', {filters: {section: '经济', month: '2009-03'}}).then(r => r.total)")
    assert found == want > 0


def test_the_first_search_in_a_fresh_browser_loads_only_the_shown_articles(
        browser: Any, synthetic_url: str, synthetic: tuple[Path, list[SearchDoc]]) -> None:
    context = browser.new_context(locale="zh-CN")
    requests: list[Any] = []
    context.on("request", lambda request: requests.append(request))
    page = context.new_page()
    open_search(page, synthetic_url + "search/?q=" + "%E5%A4%AA%E5%8E%9F")  # 太原
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("window.baoku.find('太原').then(r => r.ids.slice(0, 20))")
    layout = plan(synthetic[1], bundle_articles=1000)
    wanted = Counter(f"pagefind/{next(b for b in layout.bundles if b.first <= n < b.end).name}/docs.bin"
                     for n in shown)
    paths = [r.url[len(synthetic_url):] for r in requests]
    members = [r for r in requests if r.url.endswith("/docs.bin")]
    assert Counter(r.url[len(synthetic_url):] for r in members) == wanted
    assert {r.response().status for r in members} == {206}  # each article's part alone
    assert "pagefind/authors.json.gz" not in paths
    total = sum(len(r.response().body()) for r in requests if r.response() is not None)
    context.close()
    assert total < 500_000


class _Quiet:
    """A test server's handler that logs no request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _WholeFiles(_Quiet, http.server.SimpleHTTPRequestHandler):
    """Python's own file server: it answers a range request with the whole file."""


def _served(handler: type[http.server.BaseHTTPRequestHandler], site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def whole_files_url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from _served(_WholeFiles, synthetic[0])


class _StaleOnce(_Quiet, RangeRequestHandler):
    """Answers the first range request for a docs.bin with bytes that are not that
    part (as a stale cached copy of an older build's file would be), later ones
    rightly; records every docs.bin request's path, range and Cache-Control."""

    requests: ClassVar[list[tuple[str, str, str]]] = []

    def copyfile(self, source: Any, outputfile: Any) -> None:
        if self.path.endswith("/docs.bin") and self.range:
            self.requests.append((self.path, self.headers["Range"], self.headers.get("Cache-Control", "")))
            if len(self.requests) == 1:
                first, last = self.range
                outputfile.write(b"\x00" * (last - first + 1))
                return
        super().copyfile(source, outputfile)


@pytest.fixture(scope="module")
def stale_once_url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from _served(_StaleOnce, synthetic[0])


def test_a_part_of_docs_bin_that_does_not_decode_is_fetched_once_more_past_the_cache(
        browser: Any, search_page: object, stale_once_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(stale_once_url + "search/")
    found = api_search(page, "潇河大桥")
    context.close()
    assert found == api_search(search_page, "潇河大桥")
    (path, part, _), *later = _StaleOnce.requests
    assert [again[2] for again in later if again[:2] == (path, part)] == ["no-cache"]


def test_a_server_that_ignores_range_requests_gives_the_same_results_and_excerpts(
        browser: Any, synthetic_url: str, whole_files_url: str) -> None:
    found = {}
    for url in (synthetic_url, whole_files_url):
        context = browser.new_context(locale="zh-CN")
        statuses: list[int] = []
        context.on("response", lambda r, seen=statuses: seen.append(r.status) if r.url.endswith("/docs.bin") else None)
        page = context.new_page()
        page.goto(url + "search/")
        found[url] = api_search(page, "潇河大桥")
        context.close()
        # Python's server sends whole files (200); Chrome may then answer later ranges
        # of a file it holds from its cache (206).
        assert set(statuses) == {206} if url == synthetic_url else 200 in statuses
    assert found[whole_files_url] == found[synthetic_url]
    assert len(found[synthetic_url]) > 20 and all(r["excerpt"] for r in found[synthetic_url])
