"""The article page as a reader gets it: Chinese typography, weight on the wire,
and a clean printout that carries its citation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import article_pages
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-results" / "screenshots"
BUDGET = 60 * 1024
"""Bytes an article page may transfer: HTML, CSS and JS, search assets excluded."""


@pytest.fixture(scope="module")
def article_url(built_site: Path) -> str:
    """The first article that has both a kicker (引题) and a subtitle (副题), else the first one."""
    pages = sorted(article_pages(built_site))
    assert pages, "the built site has no article page"
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if 'class="kicker"' in html and 'class="subtitle' in html:
            return path.relative_to(built_site).as_posix()
    return pages[0].relative_to(built_site).as_posix()


def test_an_article_page_transfers_at_most_60_kb(browser: Browser, site_url: str, article_url: str) -> None:
    # The sizes come from the page's own resource timing once the network is idle: a
    # response listener that reads each body raced the page's load and could miss one.
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(site_url + article_url, wait_until="networkidle")
        entries = page.evaluate("""() => performance.getEntries()
            .filter(e => e.entryType === "navigation" || e.entryType === "resource")
            .map(e => [e.name, e.entryType === "navigation" ? "document" : e.initiatorType, e.decodedBodySize])""")
    finally:
        context.close()
    sizes = {url: size for url, kind, size in entries
             if kind in ("document", "link", "script") and "pagefind" not in url}
    assert site_url + article_url in sizes
    assert any(url.endswith("/static/style.css") for url in sizes)
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_body_is_set_in_chinese_newspaper_style(page: Page, site_url: str, article_url: str) -> None:
    page.goto(site_url + article_url)
    style = page.locator(".article-body p").first.evaluate("""p => { const s = getComputedStyle(p);
        return {family: s.fontFamily, size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight),
                indent: parseFloat(s.textIndent), lineBreak: s.lineBreak, align: s.textAlign,
                width: p.getBoundingClientRect().width}; }""")
    assert style["family"].startswith('"Noto Serif CJK SC"')
    assert 1.75 <= style["line"] / style["size"] <= 1.9
    assert style["indent"] == 2 * style["size"]
    assert style["lineBreak"] == "strict"
    assert style["align"] == "justify"
    assert 35 <= style["width"] / style["size"] <= 40


def test_no_web_font_is_declared_or_downloaded(page: Page, site_url: str, article_url: str) -> None:
    fonts: list[str] = []
    page.on("request", lambda request: fonts.append(request.url) if request.resource_type == "font" else None)
    page.goto(site_url + article_url, wait_until="networkidle")
    assert page.evaluate("document.fonts.size") == 0
    assert fonts == []


def test_kicker_title_and_subtitle_are_stacked_as_printed(page: Page, site_url: str, article_url: str) -> None:
    page.goto(site_url + article_url)
    head = page.locator("article.story header.story-head")
    expect(head.locator("h1.headline")).to_have_count(1)
    sizes = head.evaluate("""h => ['.kicker', '.headline', '.subtitle'].map(sel => {
        const e = h.querySelector(sel); if (!e) return null;
        return [e.getBoundingClientRect().top, parseFloat(getComputedStyle(e).fontSize),
                getComputedStyle(e).fontWeight, getComputedStyle(e, '::before').content]; })""")
    kicker, title, subtitle = sizes
    assert title[2] == "700"
    if kicker:
        assert kicker[0] < title[0] and kicker[1] < title[1] * 0.6
    if subtitle:
        assert subtitle[0] > title[0] and subtitle[1] < title[1] * 0.6
        assert subtitle[3].startswith('"——"')
    expect(page.locator("article.story time[datetime]").first).to_have_attribute(
        "datetime", article_url[:10].replace("/", "-"))


def test_print_hides_navigation_and_keeps_the_citation_with_its_permalink(page: Page, site_url: str,
                                                                          article_url: str) -> None:
    page.goto(site_url + article_url)
    page.emulate_media(media="print")
    for hidden in (".mainnav", "header .searchbox", ".breadcrumbs", ".pager", ".colophon", ".skip"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    citation = page.locator(".citation")
    expect(citation).to_be_visible()
    expect(citation).to_contain_text("《太原日报》")
    expect(citation.locator("a")).to_have_text(f"https://baoku.example.org/{article_url}")
    expect(page.locator("h1.headline")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "article-print.pdf"), format="A4")
    assert (SHOTS / "article-print.pdf").stat().st_size > 10_000


def test_the_article_is_marked_up_as_an_article_with_its_metadata(page: Page, site_url: str,
                                                                 article_url: str) -> None:
    page.goto(site_url + article_url)
    expect(page.locator("main article.story")).to_have_count(1)
    expect(page.locator(".dateline time")).to_have_text(
        re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日 星期[一二三四五六日]$"))
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    expect(page.locator('meta[property="og:title"]')).to_have_count(1)
    expect(page.locator(".back-to-issue a")).to_have_attribute("href", "../../../" + article_url[:11])
    assert page.locator("img:not([alt])").count() == 0


def test_a_photo_item_is_a_figure_whose_caption_carries_its_text(page: Page, site_url: str,
                                                                 built_site: Path) -> None:
    photos = sorted(p for p in article_pages(built_site)
                    if 'class="article-body photo-caption"' in p.read_text(encoding="utf-8"))
    assert photos, "the bundled archive has no photo item"
    page.goto(site_url + photos[0].relative_to(built_site).as_posix())
    caption = page.locator("article.story figure.photo-caption figcaption")
    expect(caption).to_have_count(1)
    assert len(caption.inner_text().strip()) > 10
    expect(page.locator("figure.photo-caption .photo-note")).to_have_text("图片说明（原版照片未收录）")


def test_a_continued_story_shows_its_continuation_marker_once(built_site: Path) -> None:
    repeated = [p.relative_to(built_site).as_posix() for p in article_pages(built_site)
                if _story_text(p).count("上接第") > 1]
    assert repeated == []


def _story_text(page: Path) -> str:
    """The article element of a built page, from its start to its footer."""
    html = page.read_text(encoding="utf-8")
    return html[html.index('<article class="story"'):html.index('<footer class="story-foot">')]
