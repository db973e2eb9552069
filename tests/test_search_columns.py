"""A tier's columns (articles.bin.gz) as the browser reads them: positions in
whole blocks, title slots, wide columns, and loading only the tiers with hits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from search_fixtures import expected, one_search_page, open_search, serve, synthetic

from baoku.model import SearchDoc
from baoku.search.records import BLOCK, plan
from baoku.search.tokenise import normalise, units
from baoku.text import plain_text
from bench.bench_search import write_search_site

__all__ = ["synthetic"]  # the fixture, imported for pytest


def doc(url: str, date: str, title: str, text: str, column: str = "") -> SearchDoc:
    return SearchDoc(url=url, title=title, kicker="", subtitle="", body=text, date=date, section="经济",
                     column=column, kind="news", authors=(), page="01")


# One month of an invented evening paper: a long report (several blocks) between
# short items, and 300 one-off columns, more than one byte can number.
LONG = "省人大常委会听取审议计划执行情况的报告，" * (BLOCK // 6)
DOCS = [
    doc("2019/03/01/01.html", "2019-03-01", "城北菜场今起改造", "摊位临时迁往北侧空地。", column="栏目0"),
    doc("2019/03/01/02.html", "2019-03-01", "关于本市国民经济和社会发展计划执行情况的报告", LONG, column="栏目1"),
    doc("2019/03/01/03.html", "2019-03-01", "夜市", "城北菜场夜市延长至二十二时。", column="栏目2"),
    *[doc(f"2019/03/02/{i:03d}.html", "2019-03-02", f"简讯{i}", f"第{i}条简讯。", column=f"栏目{i}")
      for i in range(3, 300)],
]


@pytest.fixture(scope="module")
def evening_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(write_search_site(tmp_path_factory.mktemp("evening"), DOCS))


@pytest.fixture()
def evening(browser: Any, evening_url: str) -> Iterator[Any]:
    yield from one_search_page(browser, evening_url)


def urls_found(page: Any, query: str, **options: Any) -> list[str]:
    numbered = [d.url for d in plan(DOCS).docs]
    ids = page.evaluate("([q, o]) => window.baoku.find(q, o).then(r => r.ids)", [query, options])
    return [numbered[n] for n in ids]


def test_hits_after_a_long_article_belong_to_the_article_they_are_in(evening: Any) -> None:
    assert plan(DOCS).docs[1].url == "2019/03/01/02.html"
    assert urls_found(evening, "城北菜场") == ["2019/03/01/01.html", "2019/03/01/03.html"]  # title first
    assert urls_found(evening, "计划执行情况") == ["2019/03/01/02.html"]
    assert urls_found(evening, "执行情况的报告，省人大") == ["2019/03/01/02.html"]


def test_a_title_hit_is_told_from_a_body_hit_when_titles_differ_in_length(evening: Any) -> None:
    # "夜市" is the whole title of the third article and in the body of none before it.
    assert urls_found(evening, "夜市") == ["2019/03/01/03.html"]
    assert urls_found(evening, "城北菜场", sort="newest") == ["2019/03/01/01.html", "2019/03/01/03.html"]
    assert evening.evaluate("window.baoku.search('报告').then(r => r.map(x => x.title))") == [
        "关于本市国民经济和社会发展计划执行情况的报告"]


def test_a_filter_on_a_column_numbered_above_255_finds_its_article(evening: Any) -> None:
    assert urls_found(evening, "", filters={"column": "栏目299"}) == ["2019/03/02/299.html"]
    assert urls_found(evening, "简讯", filters={"column": ["栏目256", "栏目3"]}) == [
        "2019/03/02/003.html", "2019/03/02/256.html"]  # same rank and day: print order


@pytest.fixture(scope="module")
def synthetic_url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from serve(synthetic[0])


def pairs(doc: SearchDoc) -> set[str]:
    """The character pairs (index words) of an article."""
    out: set[str] = set()
    for text in (doc.title, doc.kicker, doc.subtitle, plain_text(doc.body)):
        seq = units(normalise(text))
        out.update(a + b for a, b in pairwise(seq))
    return out


def test_a_name_found_only_in_the_newest_tier_fetches_one_index_chunk_and_nothing_else_from_the_others(
        browser: Any, synthetic_url: str, synthetic: tuple[Path, list[SearchDoc]]) -> None:
    docs = synthetic[1]
    layout = plan(docs, bundle_articles=1000)
    newest = layout.bundles[-1]
    assert len(layout.bundles) > 2
    older = set().union(*(pairs(d) for d in layout.docs[:newest.first]))
    # Eight characters of the newest tier starting with a pair (a new firm's name) no older article has.
    han = re.compile("[\u4e00-\u9fff]{8}")
    texts = [plain_text(d.body) for d in reversed(layout.docs[newest.first:])]
    query = next(q for text in texts for i in range(len(text) - 8)
                 if han.fullmatch(q := text[i:i + 8]) and q[:2] not in older and expected(docs, q))
    want = expected(docs, query)
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url[len(synthetic_url):]))
    page = context.new_page()
    open_search(page, synthetic_url + "search/?q=" + quote(query))
    page.wait_for_load_state("networkidle")
    assert (page.text_content("#search-status") or "").startswith(f"共找到 {len(want)} 篇文章")
    context.close()
    for bundle in layout.bundles[:-1]:
        mine = [p for p in requests if p.startswith(f"pagefind/{bundle.name}/")]
        assert len(mine) == 1 and "/index/" in mine[0], (bundle.name, mine)
    assert [p for p in requests if p.endswith("articles.bin.gz")] == [f"pagefind/{newest.name}/articles.bin.gz"]
    assert {p for p in requests if "docs" in p} == {f"pagefind/{newest.name}/docs.bin"}
    assert "pagefind/authors.json.gz" not in requests
    assert not [p for p in requests if p.endswith((".js", ".pagefind", ".pf_meta", "pagefind-entry.json"))
                and "static/" not in p]  # the index is read without Pagefind's script
