"""A reader's path through the bundled archive in real headless Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_a_reader_goes_from_the_home_page_to_an_issue_and_an_article(page: Page, site_url: str) -> None:
    page.goto(site_url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    latest = page.locator(".latest h2 a").first
    issue_label = latest.inner_text()
    latest.click()
    expect(page.locator("h1")).to_have_text(issue_label)
    first_title = page.locator(".toc .card-title a").first
    title = first_title.inner_text()
    first_title.click()
    expect(page.locator("h1.headline")).to_have_text(title)
    expect(page.locator(".citation")).to_contain_text("《太原日报》")


def test_a_reader_searches_a_chinese_word_and_reaches_its_article(page: Page, site_url: str) -> None:
    page.goto(site_url + "2022/07/28/")
    page.locator("#site-q").fill("潇河大桥")
    page.locator("#site-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    result = page.get_by_role("link", name=re.compile("潇河大桥主体完成")).first
    expect(result).to_be_visible(timeout=15000)
    result.click()
    expect(page.locator("h1.headline")).to_contain_text("潇河大桥主体完成")


def test_a_missing_page_gets_the_chinese_404_page(page: Page, site_url: str) -> None:
    response = page.goto(site_url + "no/such/page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
