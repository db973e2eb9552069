"""Shared pieces of the search tests: the reference answer, a synthetic site, browser helpers.

The reference answer is plain substring matching, written independently of the
index: an article matches a query when every term of it occurs in the
article's title, kicker, subtitle or text after NFKC normalisation, ignoring
case and whitespace.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from baoku.model import SearchDoc
from baoku.text import plain_text
from bench.bench_search import synthetic_docs, write_search_site

# The queries readers type: names (two not in jieba's dictionary), places,
# figures with decimals and Latin letters, phrases, single characters, several
# terms, a quoted phrase with a space in it, and punctuation.
SAMPLE_QUERIES = (
    "蔡江泽", "弓凤飞", "潇河大桥", "万柏林区", "34.48亿元", "2022年", "PM2.5", "H-OTN", "疫情防控",
    "营商环境", "社区食堂", "太忻一体化经济区", "首贷", "榛子", "太原市", "太原", "的", "桥", "5", "OSU",
    "osu", "ＯＳＵ", "太原 经济", "疫情 防控", "\"营商 环境\"", "“太忻一体化”", "截至目前,我市金融服务平台",
    "26.76亿元", "3448", "。", "(", "液氩", "不存在的词语组合",
)


def normalise(text: str) -> str:
    """NFKC, lower case, no whitespace or invisible characters (as the index does)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))


def query_terms(query: str) -> list[str]:
    """Terms of a query: split on spaces, quoted text kept together."""
    text = unicodedata.normalize("NFKC", query)
    found = re.findall(r'"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?|(\S+)', text)
    terms: list[str] = []
    for groups in found:
        term = normalise(next(g for g in groups if g) if any(groups) else "")
        if term and term not in terms:
            terms.append(term)
    return terms


@functools.cache
def fields(doc: SearchDoc) -> tuple[str, ...]:
    """The article's searchable fields, normalised (cached: tests ask many times)."""
    return (normalise(doc.title), normalise(doc.kicker), normalise(doc.subtitle), normalise(plain_text(doc.body)))


def expected(docs: Sequence[SearchDoc], query: str) -> set[str]:
    """URLs of the articles containing every term of the query."""
    terms = query_terms(query)
    if not terms:
        return set()
    return {d.url for d in docs if all(any(t in f for f in fields(d)) for t in terms)}


def serve(site: Path) -> Iterator[str]:
    """Yield the base URL of `site` served on 127.0.0.1 (a generator, for fixtures)."""
    from baoku.serve import serving

    with serving(site) as url:
        yield url


def api_search(page: Any, query: str, **options: Any) -> list[dict[str, str]]:
    """window.baoku.search on an open search page."""
    page.wait_for_function("window.baoku && window.baoku.ready")
    return page.evaluate("([q, o]) => window.baoku.search(q, o)", [query, options])  # type: ignore[no-any-return]


def open_search(page: Any, url: str) -> None:
    """Open a search URL and wait until its results (or message) are shown."""
    page.goto(url)
    page.wait_for_function("window.baoku && window.baoku.ready")
    page.evaluate("window.baoku.ready")
    page.wait_for_function("!document.getElementById('search-app').hasAttribute('aria-busy')")


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SearchDoc]]:
    """2,858 synthetic articles from 2008 to 2011 (every 7th of 20,000), indexed in one
    bundle per year, to test merging bundles in the browser."""
    docs = synthetic_docs(20000, step=7)
    out = tmp_path_factory.mktemp("synthetic-search")
    return write_search_site(out, docs, bundle_articles=1000), docs


def one_search_page(browser: Any, site_url: str) -> Iterator[Any]:
    """A search page that a module's tests share, so they share its loaded index."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    open_search(page, site_url + "search/")
    yield page
    context.close()
