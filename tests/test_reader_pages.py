"""How every kind of page reads, in real headless Chromium: accessibility (axe-core),
phone and desktop layouts, dark mode, calendars, the issue's table of contents,
keyboard use and self-containment. Screenshots go to test-results/screenshots/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-results" / "screenshots"


def axe_script() -> Path:
    """axe-core as bundled by the axe-playwright-python package (PyPI); fail loudly without it."""
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("axe-core is missing: `pip install -e '.[test]'` (it brings axe-playwright-python, "
                    "which bundles axe.min.js)", pytrace=False)
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def representative_pages(site: Path) -> dict[str, str]:
    """One site-relative URL per kind of page, chosen from the built site."""
    def first(pattern: str) -> str:
        found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(pattern))
        assert found, f"the built site has no page matching {pattern}"
        return found[0]

    issue = first("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/index.html")
    article = min(p.relative_to(site).as_posix() for p in site.glob(issue + "*.html")
                  if p.name != "index.html")
    return {"home": "", "issue": issue, "article": article,
            "month": issue[:8], "year": issue[:5], "dates": "dates/",
            "topic": min(p.relative_to(site).as_posix() for p in site.glob("topic/*.html") if p.name != "index.html"),
            "topics": "topic/", "search": "search/?q=太原",
            "404": "no/such/page/"}


@pytest.fixture(scope="module")
def urls(built_site: Path) -> dict[str, str]:
    return representative_pages(built_site)


def serious_axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("kind", ["home", "issue", "article", "topic", "search", "month", "year", "dates",
                                  "topics", "404"])
def test_axe_core_finds_no_serious_or_critical_violation(page: Page, site_url: str, urls: dict[str, str],
                                                        kind: str) -> None:
    page.goto(site_url + urls[kind], wait_until="networkidle")
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("kind", ["home", "issue", "article", "month", "year"])
def test_axe_core_finds_no_contrast_problem_in_dark_mode(page: Page, site_url: str, urls: dict[str, str],
                                                        kind: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + urls[kind], wait_until="networkidle")
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_six_kinds_of_page_are_saved(browser: Browser, site_url: str, urls: dict[str, str],
                                                   width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    try:
        tab = context.new_page()
        for kind in ("home", "issue", "article", "month", "topic", "search"):
            tab.goto(site_url + urls[kind], wait_until="networkidle")
            target = SHOTS / f"{kind}-{width}.png"
            tab.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["home", "issue", "article", "month", "year", "dates", "topic", "topics",
                                  "search", "404"])
def test_a_360_px_phone_never_scrolls_sideways(phone: Page, site_url: str, urls: dict[str, str],
                                              kind: str) -> None:
    phone.goto(site_url + urls[kind], wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") == 360


def test_pages_do_not_shift_while_loading(browser: Browser, site_url: str, urls: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    try:
        tab = context.new_page()
        for kind in ("home", "issue", "article", "year"):
            tab.goto(site_url + urls[kind], wait_until="networkidle")
            shift = tab.evaluate("""() => new Promise(resolve => {
                let sum = 0;
                new PerformanceObserver(list => { for (const e of list.getEntries()) sum += e.value; })
                  .observe({type: 'layout-shift', buffered: true});
                setTimeout(() => resolve(sum), 300);
            })""")
            assert (kind, shift) == (kind, 0)
    finally:
        context.close()


def test_dark_mode_sets_light_text_on_a_dark_page(page: Page, site_url: str, urls: dict[str, str]) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + urls["article"])
    colours = page.evaluate("""() => [document.body, document.querySelector('.article-body')]
        .map(e => getComputedStyle(e)).map(s => [s.backgroundColor, s.color])""")
    assert colours[0][0] == "rgb(21, 20, 18)"
    assert colours[1][1] == "rgb(235, 231, 223)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "article-1280-dark.png"))


def test_every_page_has_the_header_search_box_and_main_navigation(page: Page, site_url: str,
                                                                 urls: dict[str, str]) -> None:
    for kind in ("home", "issue", "article", "month", "year", "dates", "topic", "search", "404"):
        page.goto(site_url + urls[kind])
        expect(page.locator("header.masthead .brand")).to_have_text("太原日报 · 报库")
        expect(page.locator("header.masthead form[role=search] input[type=search]")).to_be_visible()
        expect(page.locator("nav.mainnav a")).to_have_count(9)  # 人物 too: people named twice
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_the_article_breadcrumbs_go_year_month_day(page: Page, site_url: str, urls: dict[str, str]) -> None:
    page.goto(site_url + urls["article"])
    crumbs = page.locator("nav.breadcrumbs li").all_inner_texts()
    issue = urls["issue"].split("/")
    assert crumbs[:4] == ["首页", f"{issue[0]}年", f"{int(issue[1])}月", f"{int(issue[2])}日"]


def test_the_issue_page_lists_the_lead_story_first_then_columns(page: Page, site_url: str,
                                                               urls: dict[str, str]) -> None:
    page.goto(site_url + urls["issue"])
    lead = page.locator(".toc > .lead-list .card")
    expect(lead).to_have_count(1)
    lead_box = lead.bounding_box()
    groups = page.locator(".toc .toc-group")
    assert groups.count() >= 1
    assert lead_box is not None and groups.first.bounding_box()["y"] > lead_box["y"]  # type: ignore[index]
    lead_size = float(lead.locator(".card-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    other_size = float(groups.first.locator(".card-title").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert lead_size > other_size * 1.3
    total = int(re.search(r"本期 (\d+) 篇", page.locator(".stats").inner_text()).group(1))  # type: ignore[union-attr]
    assert page.locator(".toc .card").count() == total


def test_the_month_calendar_links_issue_days_with_their_article_counts(page: Page, site_url: str,
                                                                      urls: dict[str, str]) -> None:
    page.goto(site_url + urls["month"])
    day = int(urls["issue"].split("/")[2])
    cell = page.locator("table.calendar td.has-issue").filter(has=page.locator(f"span.d:text-is('{day}')"))
    count = cell.get_attribute("data-count")
    expect(cell.locator("a")).to_have_attribute("href", "../../" + urls["issue"])
    expect(cell.locator(".n")).to_have_text(f"{count}篇")
    expect(cell.locator("a")).to_have_accessible_name(
        f"{urls['issue'][:4]}年{int(urls['issue'][5:7])}月{day}日，{count}篇")


def test_the_year_view_shades_issue_days_by_article_count(page: Page, site_url: str,
                                                         urls: dict[str, str]) -> None:
    page.goto(site_url + urls["year"])
    expect(page.locator(".year-month")).to_have_count(12)
    cells = page.locator("td.has-issue").evaluate_all("""cells => cells.map(c => [
        Number(c.dataset.count), c.className.match(/lv(\\d)/)[1], getComputedStyle(c).backgroundColor])""")
    assert cells
    for count, level, _ in cells:
        assert int(level) == (1 if count < 5 else 2 if count < 10 else 3 if count < 20 else 4)
    no_issue = page.locator("td:not(.has-issue):not(.empty)").first.evaluate(
        "c => getComputedStyle(c).backgroundColor")
    assert no_issue not in {colour for _, _, colour in cells}


def test_jumping_to_a_date_opens_its_issue_or_offers_the_nearest(page: Page, site_url: str, built_site: Path,
                                                                urls: dict[str, str]) -> None:
    issues = sorted(dt.date(*map(int, p.parent.relative_to(built_site).parts)) for p in
                    built_site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/index.html"))
    page.goto(site_url + "dates/")
    page.locator("#jump-date").fill(issues[0].isoformat())
    page.locator("#jump button").click()
    expect(page).to_have_url(site_url + f"{issues[0]:%Y/%m/%d}/")

    gap = next(day for day in (issues[0] + dt.timedelta(n) for n in range(1, 400)) if day not in issues)
    before = max(day for day in issues if day < gap)
    after = min(day for day in issues if day > gap)
    page.goto(site_url + "dates/")
    page.locator("#jump-date").fill(gap.isoformat())
    page.locator("#jump button").click()
    note = page.locator("#jump-note")
    expect(note).to_have_text(f"{gap.year}年{gap.month}月{gap.day}日没有收录的报纸。"
                              f"前一期：{before.year}年{before.month}月{before.day}日 · "
                              f"后一期：{after.year}年{after.month}月{after.day}日")
    expect(note.locator("a")).to_have_count(2)
    expect(note.locator("a").first).to_have_attribute("href", f"../{before:%Y/%m/%d}/")
    assert page.url == site_url + "dates/"


def test_the_first_tab_shows_a_skip_link_that_moves_focus_to_the_content(page: Page, site_url: str,
                                                                        urls: dict[str, str]) -> None:
    page.goto(site_url + urls["article"])
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    # Following a fragment link is asynchronous: wait for it, don't sample once.
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()


def test_keyboard_focus_is_outlined_visibly(page: Page, site_url: str, urls: dict[str, str]) -> None:
    page.goto(site_url + urls["article"])
    for expected in ("skip", "brand", "site-q"):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.className || e.id, s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
        assert expected in style[0]
        assert style[1:3] == ["solid", 3]
        assert style[3] == "rgb(11, 87, 208)"


def test_no_request_leaves_the_site(browser: Browser, site_url: str, urls: dict[str, str]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="zh-CN")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        tab = context.new_page()
        for kind in ("home", "issue", "article", "year", "dates", "topic", "search"):
            tab.goto(site_url + urls[kind], wait_until="networkidle")
    finally:
        context.close()
    outside = [u for u in requested if not u.startswith(site_url) and not u.startswith("data:")]
    assert len(requested) > 7
    assert outside == []


def test_the_dates_page_shows_every_year_as_twelve_months_with_issue_months_linked(
        page: Page, site_url: str, urls: dict[str, str]) -> None:
    page.goto(site_url + "dates/")
    year = page.locator(".year-row").filter(has=page.locator(f"h2 a[href='../{urls['year']}']"))
    expect(year.locator(".month-strip li")).to_have_count(12)
    month = int(urls["month"][5:7])
    cell = year.locator(".month-strip li").nth(month - 1).locator("a")
    expect(cell).to_have_attribute("href", "../" + urls["month"])
    expect(cell).to_contain_text(f"{month}月")
