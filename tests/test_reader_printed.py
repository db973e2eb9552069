"""Reading the paper as it was printed, on a built invented national daily (pages
'01'…'08' with names, tests/national_daily.py) and on the bundled city paper (no page
labels): page views, reading order, repeated copies, items without text, citing and
sharing — the HTML as built, then real headless Chromium."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from national_daily import write_national_daily
from playwright.sync_api import Browser, Page, expect
from test_reader_pages import SHOTS, serious_axe_violations

from baoku import pipeline
from baoku.serve import serving

ISSUE = "2023/03/01/"
UP = "../../../"
"""Links are relative to the page, through the site root (urls.link)."""


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = write_national_daily(tmp_path_factory.mktemp("daily") / "content")
    output = content.parent / "site"
    pipeline.build(content, output, search=False, workers=1)
    return output


@pytest.fixture(scope="module")
def daily_url(daily: Path) -> Iterator[str]:
    with serving(daily) as url:
        yield url


def _html(site: Path, rel: str) -> str:
    return (site / (rel + "index.html" if rel.endswith("/") else rel)).read_text(encoding="utf-8")


def _titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)


# ---- Built HTML ------------------------------------------------------------------------


def test_the_issue_page_is_grouped_under_page_headings_in_print_order(daily: Path) -> None:
    html = _html(daily, ISSUE)
    headings = re.findall(r'<h2 class="page-heading"[^>]*><a href="([^"]+)">([^<]+)</a><small>(\d+)篇', html)
    assert [(h, int(n)) for _, h, n in headings] == [
        ("第01版 · 要闻", 2), ("第02版 · 要闻", 1), ("第03版 · 经济", 1), ("第04版 · 国际", 1),
        ("第05版 · 社会", 1), ("第06版 · 文化", 1), ("第07版 · 体育", 1), ("第08版 · 副刊", 2)]
    assert headings[0][0] == UP + ISSUE + "%E7%AC%AC01%E7%89%88.html"
    assert '<span>8 个版面</span>' in html and "本期 10 篇" in html


def test_the_page_navigator_lists_every_page_with_its_article_count(daily: Path) -> None:
    nav = re.search(r'<nav class="page-nav" aria-label="版面导航">(.*?)</nav>', _html(daily, ISSUE), re.DOTALL)
    assert nav is not None
    entries = re.findall(r'<a href="[^"]+">([^<]+)<small>(\d+)篇</small></a>', nav.group(1))
    assert entries[0] == ("第01版 · 要闻", "2") and entries[-1] == ("第08版 · 副刊", "2") and len(entries) == 8


def test_a_page_view_lists_its_articles_and_leads_to_the_pages_around_it_and_the_issue(daily: Path) -> None:
    html = _html(daily, ISSUE + "第03版.html")
    assert "<h1>第03版 · 经济</h1>" in html
    assert _titles(html) == ["前两个月货物贸易进出口增长0.8%"]
    assert f'rel="prev" href="{UP}{ISSUE}%E7%AC%AC02%E7%89%88.html">‹ 上一版：第02版 · 要闻</a>' in html
    assert f'rel="next" href="{UP}{ISSUE}%E7%AC%AC04%E7%89%88.html">下一版：第04版 · 国际 ›</a>' in html
    assert f'<a href="{UP}{ISSUE}">返回本期目录：2023年3月1日 星期三</a>' in html
    assert 'aria-current="page">第03版 · 经济<small>1篇</small>' in html
    first, last = _html(daily, ISSUE + "第01版.html"), _html(daily, ISSUE + "第08版.html")
    assert "上一版" not in first and "下一版：第02版" in first
    assert "下一版" not in last and "上一版：第07版" in last


def test_an_archive_without_page_labels_keeps_its_issue_page(built_site: Path) -> None:
    html = _html(built_site, "2022/07/28/")
    assert 'class="page-nav"' not in html and 'class="toc-groups"' in html
    assert not list(built_site.glob("2022/07/28/第*版.html"))


def test_an_article_links_its_page_view_and_the_pages_and_issues_around_it(daily: Path) -> None:
    html = _html(daily, ISSUE + "04.html")
    assert f'· <a class="page-link" href="{UP}{ISSUE}%E7%AC%AC02%E7%89%88.html">第02版 · 要闻</a>' in html
    assert f'<a href="{UP}{ISSUE}%E7%AC%AC01%E7%89%88.html"><small>上一版</small>第01版 · 要闻</a>' in html
    assert f'<a href="{UP}{ISSUE}%E7%AC%AC03%E7%89%88.html"><small>下一版</small>第03版 · 经济</a>' in html
    assert f'<a href="{UP}2023/03/02/"><small>下一期</small>2023年3月2日</a>' in html
    assert "上一期" not in html


def test_reading_order_skips_copies_and_runs_on_into_the_next_issue(daily: Path) -> None:
    second = _html(daily, ISSUE + "02.html")  # the next one, 03, is the repeated copy of 01
    assert f'<a rel="next" href="{UP}{ISSUE}04.html"><small>下一篇</small>2月末广义货币余额同比增长12.6%</a>' in second
    last = _html(daily, ISSUE + "12.html")
    assert (f'<a rel="next" href="{UP}2023/03/02/01.html"><small>下一篇 · 下一期 · 2023年3月2日</small>'
            '部署春季农田灌溉和水利工程建设</a>') in last
    first_of_next = _html(daily, "2023/03/02/01.html")
    assert (f'<a rel="prev" href="{UP}{ISSUE}12.html"><small>上一篇 · 上一期 · 2023年3月1日</small>广告</a>'
            in first_of_next)


def test_a_story_printed_twice_is_listed_once_and_its_copy_links_back(daily: Path) -> None:
    issue = _html(daily, ISSUE)
    assert _titles(issue).count("全国春季农业生产工作会议召开") == 1
    assert _titles(issue).count("前两个月货物贸易进出口增长0.8%") == 1  # found, not marked
    page_two = _html(daily, ISSUE + "第02版.html")
    assert f'<a href="{UP}{ISSUE}01.html">全国春季农业生产工作会议召开</a> <small>上接第01版 · 要闻' in page_two
    original = _html(daily, ISSUE + "01.html")
    assert f'本篇另在<a href="{UP}{ISSUE}03.html">第02版 · 要闻</a>重复刊印' in original
    copy = _html(daily, ISSUE + "03.html")
    assert f'本篇是第01版 · 要闻<a href="{UP}{ISSUE}01.html">《全国春季农业生产工作会议召开》</a>' in copy
    assert (daily / "2023/03/01/03.html").exists() and (daily / "2023/03/01/06.html").exists()
    feed = (daily / "feed.xml").read_text(encoding="utf-8")
    assert "2023/03/01/01.html" in feed and "2023/03/01/03.html" not in feed and "2023/03/01/06.html" not in feed


def _hrefs(site: Path, page: Path, html: str) -> set[str]:
    """Every link of `html` (a part of `page`), as a path relative to the site."""
    return {(page.parent / href).resolve().relative_to(site.resolve()).as_posix()
            for href in re.findall(r'href="([^"#?:]+)"', html)}


def test_no_subject_page_or_related_list_shows_a_copy(daily: Path) -> None:
    copies = {"2023/03/01/03.html", "2023/03/01/06.html"}
    subject_pages = [*daily.glob("topic/*.html"), *daily.glob("place/*.html"), *daily.glob("section/*.html")]
    assert subject_pages
    for path in subject_pages:
        assert not _hrefs(daily, path, path.read_text(encoding="utf-8")) & copies, path
    related_lists = 0
    for path in daily.glob("2023/03/0[12]/[0-9][0-9].html"):
        html = path.read_text(encoding="utf-8")
        if 'id="related-h"' in html:
            related_lists += 1
            assert not _hrefs(daily, path, html[html.index('id="related-h"'):]) & copies, path
    assert related_lists > 5


def test_an_item_without_text_is_listed_as_what_it_was_and_its_page_says_so(daily: Path) -> None:
    page = _html(daily, ISSUE + "第08版.html")
    assert ('<li class="card card-notext">\n  <p class="card-meta"><span class="notext-label">广告</span>'
            in page)
    ad = _html(daily, ISSUE + "12.html")
    assert "<p>本篇在原报上是广告，没有文字；报库只收录了它的标题。</p>" in ad
    assert "相关文章" not in ad
    photo = _html(daily, "2023/03/02/08.html")
    assert "本篇在原报上是图片，没有文字（赵新华 摄）" in photo
    assert not any("12.html" in p.read_text(encoding="utf-8") for p in daily.glob("section/*.html"))


def test_the_article_page_offers_gb_t_7714_and_apa_citations_with_copy_buttons(daily: Path) -> None:
    html = _html(daily, ISSUE + "01.html")
    assert '<span id="cite-gbt">李明远. 全国春季农业生产工作会议召开[N]. 华夏日报, 2023-03-01(1).</span>' in html
    assert ('<span id="cite-apa">李明远. (2023, March 1). 全国春季农业生产工作会议召开. 华夏日报, 1. '
            'https://hx.example.org/2023/03/01/01.html</span>') in html
    assert html.count('<button type="button" class="copy"') == 3
    assert '<button type="button" class="share-button" data-share="https://hx.example.org/2023/03/01/01.html">' in html


# ---- In the browser --------------------------------------------------------------------


def test_on_a_desktop_cards_of_two_pages_never_sit_side_by_side(page: Page, daily_url: str) -> None:
    page.goto(daily_url + ISSUE)
    boxes = page.locator(".print-page").evaluate_all(
        "sections => sections.map(s => [...s.querySelectorAll('.card')].map(c => c.getBoundingClientRect())"
        ".map(r => [r.top, r.bottom]))")
    assert len(boxes) == 8
    for above, below in itertools.pairwise(boxes):
        assert max(bottom for _, bottom in above) <= min(top for top, _ in below)


def test_the_navigator_leads_to_a_page_view_and_on_to_the_next_page(page: Page, daily_url: str) -> None:
    page.goto(daily_url + ISSUE)
    page.locator(".page-nav a", has_text="第04版").click()
    expect(page.locator("h1")).to_have_text("第04版 · 国际")
    page.get_by_role("link", name=re.compile("下一版")).click()
    expect(page.locator("h1")).to_have_text("第05版 · 社会")
    page.get_by_role("link", name=re.compile("返回本期目录")).click()
    expect(page).to_have_url(daily_url + ISSUE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", [ISSUE, ISSUE + "第02版.html", ISSUE + "01.html", ISSUE + "12.html"])
def test_axe_core_finds_no_serious_problem_on_page_views_and_their_articles(page: Page, daily_url: str,
                                                                          rel: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(daily_url + rel, wait_until="networkidle")
    assert serious_axe_violations(page) == []


@pytest.fixture()
def clipboard_page(browser: Browser, daily_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=daily_url.rstrip("/"))
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_copy_button_puts_the_gb_t_citation_on_the_clipboard_from_the_keyboard(clipboard_page: Page,
                                                                                  daily_url: str) -> None:
    clipboard_page.goto(daily_url + ISSUE + "01.html", wait_until="networkidle")
    button = clipboard_page.get_by_role("button", name="复制GB/T 7714—2015格式引文")
    button.focus()
    clipboard_page.keyboard.press("Enter")
    expect(clipboard_page.locator("#cite-status")).to_have_text("已复制GB/T 7714—2015格式引文")
    assert clipboard_page.evaluate("navigator.clipboard.readText()") == (
        "李明远. 全国春季农业生产工作会议召开[N]. 华夏日报, 2023-03-01(1).")


def test_share_copies_the_link_where_the_browser_has_no_web_share(clipboard_page: Page, daily_url: str) -> None:
    clipboard_page.goto(daily_url + ISSUE + "04.html", wait_until="networkidle")
    assert clipboard_page.evaluate("typeof navigator.share") == "undefined"
    clipboard_page.get_by_role("button", name="分享本文").press("Space")
    expect(clipboard_page.locator("#cite-status")).to_have_text("本文链接已复制，可粘贴分享")
    assert clipboard_page.evaluate("navigator.clipboard.readText()") == "https://hx.example.org/2023/03/01/04.html"


def test_print_keeps_every_citation_style_and_drops_the_buttons(page: Page, daily_url: str) -> None:
    page.goto(daily_url + ISSUE + "01.html")
    page.emulate_media(media="print")
    expect(page.locator(".cite-styles")).to_be_visible()
    expect(page.locator("#cite-gbt")).to_be_visible()
    for button in page.locator(".cite button").all():
        expect(button).to_be_hidden()
    expect(page.locator(".page-nav")).to_have_count(0)


def test_issue_page_and_article_stay_small_and_never_leave_the_site(browser: Browser, daily_url: str) -> None:
    requested: list[str] = []
    for rel, kind in ((ISSUE, "issue"), (ISSUE + "第01版.html", "page"), (ISSUE + "01.html", "article")):
        context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN", is_mobile=True)
        sizes: dict[str, int] = {}
        context.on("request", lambda request: requested.append(request.url))

        def record(response: object, sizes: dict[str, int] = sizes) -> None:
            if response.request.resource_type in ("document", "stylesheet", "script"):  # type: ignore[attr-defined]
                sizes[response.url] = len(response.body())  # type: ignore[attr-defined]

        context.on("response", record)
        try:
            tab = context.new_page()
            tab.goto(daily_url + rel, wait_until="networkidle")
            assert any(u.endswith("/static/style.css") for u in sizes)
            assert any(u.endswith("/static/cite.js") for u in sizes) == (kind == "article")
            assert 0 < sum(sizes.values()) <= 60 * 1024, sizes
            assert tab.evaluate("document.documentElement.scrollWidth") == 390
            SHOTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(SHOTS / f"daily-{kind}-390.png"), full_page=True)
        finally:
            context.close()
    assert [u for u in requested if not u.startswith(daily_url) and not u.startswith("data:")] == []
