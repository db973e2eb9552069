"""The search page of the bundled archive in real headless Chromium: results, ranking,
filters, URL state, highlighting on the article, keyboard use, and the JS API."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from search_fixtures import SAMPLE_QUERIES, api_search, expected, fields, normalise, open_search

from baoku.model import SearchDoc
from baoku.search.tokenise import units
from baoku.text import plain_text

YI = re.compile("[\ua000-\ua48c]")


@pytest.fixture(scope="session")
def sample_docs(built_site: Path, copied_content: Path) -> list[SearchDoc]:
    """The bundled archive's articles as the build indexed them."""
    from baoku import pipeline

    return pipeline.search_docs(pipeline.load(copied_content).site)


def occurrences(doc: SearchDoc, term: str) -> int:
    """Occurrences of a normalised term in all fields, overlapping ones included."""
    return sum(len(re.findall(f"(?={re.escape(term)})", f)) for f in fields(doc))


def rank_key(doc: SearchDoc, term: str) -> tuple[bool, int, str]:
    return (term in normalise(doc.title), occurrences(doc, term), doc.date)


@pytest.mark.parametrize("query", SAMPLE_QUERIES)
def test_the_api_returns_exactly_the_articles_containing_the_query(page: Page, site_url: str,
                                                                   sample_docs: list[SearchDoc], query: str) -> None:
    open_search(page, site_url + "search/")
    results = api_search(page, query)
    assert sorted(r["url"] for r in results) == sorted(expected(sample_docs, query))


def test_a_result_shows_title_date_section_and_an_excerpt_of_the_original_text_with_the_match_marked(
        page: Page, site_url: str, sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/?q=" + quote("34.48亿元"))
    first = page.locator("#search-results > li").first
    expect(first.locator("h3 a")).to_have_text("持续提升信贷便利")
    expect(first.locator(".result-meta")).to_have_text("2022年7月28日 · 经济")
    expect(first.locator(".result-excerpt mark")).to_have_text(["34.48亿元"])
    excerpt = first.locator(".result-excerpt").inner_text().strip("…")
    body = next(plain_text(d.body) for d in sample_docs if d.url == "2022/07/28/02.html")
    assert excerpt in body.replace("\n", "")
    assert not YI.search(page.locator("#search-results").inner_text())


def test_the_total_count_is_shown_and_results_come_twenty_to_a_page(page: Page, site_url: str,
                                                                    sample_docs: list[SearchDoc]) -> None:
    total = len(expected(sample_docs, "的"))
    pages = -(-total // 20)
    open_search(page, site_url + "search/?q=" + quote("的"))
    expect(page.locator("#search-status")).to_have_text(f"共找到 {total} 篇文章，第 1 页，共 {pages} 页")
    expect(page.locator("#search-results > li")).to_have_count(20)
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("#search-status")).to_have_text(f"共找到 {total} 篇文章，第 2 页，共 {pages} 页")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["的"], "page": ["2"]}
    page.go_back()
    expect(page.locator("#search-status")).to_have_text(f"共找到 {total} 篇文章，第 1 页，共 {pages} 页")


def test_title_matches_come_first_then_more_occurrences_then_newer_issues(
        page: Page, site_url: str, sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/")
    by_url = {d.url: d for d in sample_docs}
    for query in ("太原", "经济", "社区"):
        keys = [rank_key(by_url[r["url"]], normalise(query)) for r in api_search(page, query)]
        assert keys == sorted(keys, reverse=True)
        assert keys[0][0] and not keys[-1][0]


def test_results_can_be_sorted_by_date_newest_or_oldest_first(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/")
    newest = [r["date"] for r in api_search(page, "太原", sort="newest")]
    oldest = [r["date"] for r in api_search(page, "太原", sort="oldest")]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    assert newest[0] > oldest[0]
    open_search(page, site_url + "search/?q=" + quote("太原"))
    page.locator("#search-sort").select_option("oldest")
    expect(page.locator("#search-results > li time").first).to_have_attribute("datetime", oldest[0])
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["oldest"]


def test_filters_combine_and_return_what_their_counts_promise(page: Page, site_url: str,
                                                              sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/")
    hits = [d for d in sample_docs if d.url in expected(sample_docs, "太原")]
    section = max({d.section for d in hits}, key=lambda s: sum(d.section == s for d in hits))
    want = sorted(d.url for d in hits if d.section == section and d.date.startswith("2022"))
    got = api_search(page, "太原", filters={"section": section, "year": "2022"})
    assert sorted(r["url"] for r in got) == want
    facets = page.evaluate("() => window.baoku.find('太原', {filters: {year: '2022'}}).then(r => r.facets)")
    assert facets["section"][section] == len(want)
    month = page.evaluate("() => window.baoku.find('太原', {filters: {month: '2022-07'}}).then(r => r.total)")
    assert month == sum(d.date.startswith("2022-07") for d in hits)


def test_clicking_a_filter_shows_its_count_and_the_back_button_undoes_it(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/?q=" + quote("太原"))
    status = page.locator("#search-status").inner_text()
    option = page.locator(".facet-section li a").first
    count = option.locator(".count").inner_text()
    option.click()
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {count} 篇文章"))
    assert "section" in parse_qs(urlsplit(page.url).query)
    expect(page.locator(".facet-section a[aria-current]")).to_have_count(1)
    page.go_back()
    expect(page.locator("#search-status")).to_have_text(status)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["太原"]}
    page.go_forward()
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {count} 篇文章"))


def test_the_author_filter_loads_on_demand_and_filters_by_byline(page: Page, site_url: str,
                                                                 sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/?q=" + quote("我市"))
    page.get_by_role("button", name="按作者筛选").click()
    author = page.locator(".facet-author li a").first
    expect(author).to_be_focused()
    name = author.inner_text().rsplit("\n", 1)[0].strip()
    author.click()
    want = {d.url for d in sample_docs if d.url in expected(sample_docs, "我市") and name in d.authors}
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {len(want)} 篇文章"))
    assert parse_qs(urlsplit(page.url).query)["author"] == [name]


def test_a_query_in_the_url_is_searched_and_a_new_query_is_pushed_to_history(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/?q=" + quote("潇河大桥"))
    expect(page.locator("#search-q")).to_have_value("潇河大桥")
    page.locator("#search-q").fill("弓凤飞")
    page.locator("#search-q").press("Enter")
    expect(page.locator("#search-status")).to_have_text(re.compile("^共找到 3 篇文章"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["弓凤飞"]}
    page.go_back()
    expect(page.locator("#search-q")).to_have_value("潇河大桥")
    expect(page.locator("#search-status")).to_have_text("共找到 1 篇文章")


def test_opening_a_result_shows_the_article_with_the_matches_highlighted(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/?q=" + quote("潇河大桥"))
    page.locator("#search-results h3 a").first.click()
    expect(page.locator("h1.headline")).to_contain_text("潇河大桥")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["潇河大桥"]}
    expect(page.locator("h1.headline mark.search-hit")).to_have_text(["潇河大桥"])
    body_marks = page.locator(".article-body mark.search-hit")
    expect(body_marks.first).to_have_text("潇河大桥")
    expect(body_marks.first).to_be_in_viewport()


def test_a_highlight_may_span_the_space_in_a_headline(page: Page, site_url: str) -> None:
    page.goto(site_url + "2022/07/28/04.html?q=" + quote("合作促小小"))
    expect(page.locator("h1.headline mark.search-hit")).to_have_text(["合作 促小小"])


def test_a_quoted_phrase_is_one_term_and_spaces_without_quotes_mean_all_terms(page: Page, site_url: str,
                                                                              sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/")
    phrase = {r["url"] for r in api_search(page, "\"营商 环境\"")}
    both = {r["url"] for r in api_search(page, "营商 环境")}
    assert phrase == expected(sample_docs, "营商环境") and phrase <= both
    assert both == expected(sample_docs, "营商 环境")


def test_no_match_and_an_empty_query_are_explained_in_chinese(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/?q=" + quote("不存在的词语组合"))
    expect(page.locator("#search-status")).to_have_text("没有找到包含“不存在的词语组合”的文章。")
    open_search(page, site_url + "search/")
    expect(page.locator("#search-status")).to_contain_text("多个词用空格分开")


def test_the_search_page_works_with_the_keyboard_alone(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.type("潇河大桥")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_have_text("共找到 1 篇文章")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == "滨河东路南延工程 潇河大桥主体完成"
    page.keyboard.press("Enter")
    expect(page.locator("h1.headline")).to_contain_text("潇河大桥主体完成")


def test_the_javascript_text_rules_equal_the_indexers(page: Page, site_url: str) -> None:
    open_search(page, site_url + "search/")
    samples = ["ＰＭ２．５浓度", "34.48亿元", "H-OTN", "Ｃａｆé ＩＩ", "〇一二", "\u200b零\u00ad宽", "𠀀𪚥",
               "① ㈱ ﬁ", "「引号」“双”", "tab\there"]
    for text in samples:
        assert page.evaluate("t => window.baoku.units(t)", text) == units(normalise(text)), text
        assert page.evaluate("t => window.baoku.normalise(t)", text) == unicodedata.normalize(
            "NFKC", text).lower().replace(" ", "").replace("\t", "").replace("\u200b", "").replace("\u00ad", "")


def test_searching_makes_no_request_outside_the_site(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.context.on("request", lambda request: requested.append(request.url))
    open_search(page, site_url + "search/?q=" + quote("营商环境"))
    page.locator("#search-results h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(site_url) for url in requested)


def test_dates_in_results_are_issue_dates(page: Page, site_url: str, sample_docs: list[SearchDoc]) -> None:
    open_search(page, site_url + "search/")
    for r in api_search(page, "太原"):
        assert date.fromisoformat(r["date"]).isoformat() == next(d.date for d in sample_docs if d.url == r["url"])


def test_search_works_when_the_site_is_published_under_a_subpath(page: Page, built_site: Path,
                                                                 tmp_path: Path) -> None:
    import shutil

    from search_fixtures import serve

    shutil.copytree(built_site, tmp_path / "archive")
    for root in serve(tmp_path):
        open_search(page, root + "archive/search/?q=" + quote("潇河大桥"))
        expect(page.locator("#search-status")).to_have_text("共找到 1 篇文章")
        page.locator("#search-results h3 a").first.click()
        expect(page).to_have_url(re.compile(r"/archive/2022/07/28/\d\d\.html\?q="))
        expect(page.locator("h1.headline mark.search-hit")).to_have_text(["潇河大桥"])
