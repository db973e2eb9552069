"""Search by printed page and date range, and the filter panel (issue 18), in real Chromium,
on the synthetic archive (invented pages: four stories to a page, '01', '02', …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from search_fixtures import api_search, expected, one_search_page, open_search, serve, synthetic

from baoku.model import SearchDoc

__all__ = ["synthetic"]  # the fixture, imported for pytest


@pytest.fixture(scope="module")
def url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from serve(synthetic[0])


@pytest.fixture(scope="module")
def docs(synthetic: tuple[Path, list[SearchDoc]]) -> list[SearchDoc]:
    return synthetic[1]


@pytest.fixture(scope="module")
def shared(browser: Any, url: str) -> Iterator[Page]:
    """One search page for the API tests: they share its loaded index."""
    yield from one_search_page(browser, url)


def find_urls(page: Page, query: str, filters: dict[str, object]) -> set[str]:
    return {r["url"] for r in api_search(page, query, filters=filters)}


def test_the_page_filter_takes_a_value_or_a_list_and_compares_page_numbers_by_value(
        shared: Page, docs: list[SearchDoc]) -> None:
    hits = expected(docs, "太原")
    assert find_urls(shared, "太原", {"page": "02"}) == {d.url for d in docs if d.url in hits and d.page == "02"}
    assert find_urls(shared, "太原", {"page": "2"}) == find_urls(shared, "太原", {"page": "02"})
    both = find_urls(shared, "太原", {"page": ["01", "3"]})
    assert both == {d.url for d in docs if d.url in hits and d.page in ("01", "03")}
    assert len(both) > 0


def test_from_and_to_keep_the_issues_between_both_dates_inclusive(shared: Page, docs: list[SearchDoc]) -> None:
    hits = expected(docs, "经济")
    want = {d.url for d in docs if d.url in hits and "2009-03-05" <= d.date <= "2009-04-10"}
    assert find_urls(shared, "经济", {"from": "2009-03-05", "to": "2009-04-10"}) == want
    assert find_urls(shared, "经济", {"from": "2011-01-01"}) == {d.url for d in docs if d.url in hits
                                                                  and d.date >= "2011-01-01"}
    count = shared.evaluate("() => window.baoku.count('', {filters: {from: '2009-03-05', to: '2009-03-05'}})")
    assert count == sum(d.date == "2009-03-05" for d in docs) > 0


def test_a_date_that_is_not_yyyy_mm_dd_is_refused_with_its_value(shared: Page) -> None:
    message = shared.evaluate("() => window.baoku.find('太原', {filters: {from: '2009-02-30'}})"
                              ".then(() => 'accepted', e => e.message)")
    assert message == 'filters.from must be a date written YYYY-MM-DD, not "2009-02-30"'


def test_results_carry_their_printed_page(shared: Page, docs: list[SearchDoc]) -> None:
    by_url = {d.url: d for d in docs}
    results = api_search(shared, "潇河大桥")
    assert results and all(r["page"] == by_url[r["url"]].page for r in results)


def test_a_result_card_shows_its_page_and_the_page_facet_lists_pages_in_print_order(
        page: Page, url: str, docs: list[SearchDoc]) -> None:
    open_search(page, url + "search/?q=" + quote("潇河大桥") + "&sort=oldest")
    first = min((d for d in docs if d.url in expected(docs, "潇河大桥")), key=lambda d: d.date)
    expect(page.locator("#search-results .result-page").first).to_have_text(f"第{first.page}版")
    labels = page.locator(".facet-page li a").evaluate_all(
        "els => els.map(a => a.firstChild.textContent)")
    numbers = [int(re.fullmatch(r"第(\d+)版", x).group(1)) for x in labels]  # type: ignore[union-attr]
    assert numbers == sorted(numbers) and len(numbers) > 1
    page.locator(".facet-page li a").nth(1).click()
    assert parse_qs(urlsplit(page.url).query)["ban"] == [str(numbers[1])]
    want = len({d.url for d in docs if d.url in expected(docs, "潇河大桥") and int(d.page) == numbers[1]})
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {want} 篇文章"))


def test_the_date_range_inputs_filter_and_stay_in_the_url(page: Page, url: str, docs: list[SearchDoc]) -> None:
    open_search(page, url + "search/?q=" + quote("太原"))
    page.locator("#search-from").fill("2009-03-01")
    page.locator("#search-to").fill("2009-03-31")
    page.locator("#search-to").dispatch_event("change")
    want = len({d.url for d in docs if d.url in expected(docs, "太原") and d.date.startswith("2009-03")})
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {want} 篇文章"))
    query = parse_qs(urlsplit(page.url).query)
    assert (query["from"], query["to"]) == (["2009-03-01"], ["2009-03-31"])
    # Within one month there is nothing to choose by year: a facet with one value is not shown.
    expect(page.locator(".facet-year")).to_have_count(0)
    expect(page.locator(".facet-page")).to_have_count(1)
    page.get_by_role("button", name="清除日期").click()
    expect(page.locator("#search-from")).to_have_value("")
    assert "from" not in parse_qs(urlsplit(page.url).query)


def test_on_a_phone_the_filters_are_a_closed_drawer_and_the_results_come_first(browser: Any, url: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_search(page, url + "search/?q=" + quote("太原"))
    drawer = page.locator("#search-drawer")
    assert drawer.evaluate("d => d.open") is False
    expect(page.locator(".facet-section")).to_be_hidden()
    expect(page.locator("#search-results > li").first).to_be_in_viewport()
    page.locator("#search-drawer > summary").click()
    expect(page.locator(".facet-section")).to_be_visible()
    context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page: Page, url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_search(page, url + "search/?q=" + quote("太原"))
    expect(page.locator(".facet-section")).to_be_visible()
    expect(page.locator("#search-drawer > summary")).to_be_hidden()


def test_no_results_suggest_dropping_a_filter_with_what_it_would_find(page: Page, url: str,
                                                                      docs: list[SearchDoc]) -> None:
    hits = expected(docs, "潇河大桥")
    empty_day = next(d for d in ("2008-01-01", "2008-01-02", "2008-01-03")
                     if not any(d == x.date for x in docs if x.url in hits))
    open_search(page, url + "search/?q=" + quote("潇河大桥") + f"&from={empty_day}&to={empty_day}")
    expect(page.locator("#search-status")).to_have_text("没有找到包含“潇河大桥”的文章。")
    suggestion = page.locator("#search-suggest li").filter(has_text="去掉日期范围筛选")
    expect(suggestion).to_contain_text(f"（{len(hits)} 篇）")
    expect(page.locator(".facet-author")).to_have_count(0)
    expect(page.get_by_role("button", name="按作者筛选")).to_have_count(0)
    suggestion.get_by_role("link").click()
    expect(page.locator("#search-status")).to_have_text(re.compile(f"^共找到 {len(hits)} 篇文章"))


def test_no_results_for_a_long_query_suggest_splitting_it(page: Page, url: str, docs: list[SearchDoc]) -> None:
    assert not expected(docs, "食堂大桥")
    open_search(page, url + "search/?q=" + quote("食堂大桥"))
    expect(page.locator("#search-suggest li")).to_have_text(
        [f"拆开查“食堂 大桥”（两个词都要出现，不必相连）（{len(expected(docs, '食堂 大桥'))} 篇）"])


def test_no_results_for_several_terms_suggest_each_term_that_finds_something(page: Page, url: str,
                                                                             docs: list[SearchDoc]) -> None:
    open_search(page, url + "search/?q=" + quote("潇河大桥 不存在的词"))
    expect(page.locator("#search-suggest li")).to_have_text([f"只查“潇河大桥”（{len(expected(docs, '潇河大桥'))} 篇）"])


def test_when_no_suggestion_finds_anything_the_reader_is_told_what_else_to_try(page: Page, url: str) -> None:
    open_search(page, url + "search/?q=" + quote("潇河大桥榛子"))
    expect(page.locator("#search-suggest li")).to_have_count(0)
    expect(page.locator("#search-suggest")).to_have_text("可以检查有无错别字，或换用更短、更常见的词。")
