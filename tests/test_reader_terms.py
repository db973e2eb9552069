"""A subject's dated lists in real headless Chromium: accessible in light and dark mode,
one line a date and its headline side by side on a 360 px phone, never scrolling
sideways. The bundled sample's subjects are too small to have any, so an invented
archive of 150 articles is built with small pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from test_reader_pages import SHOTS, serious_axe_violations

from baoku import pipeline
from baoku.serve import serving


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """(served URL, a section's first page, its oldest page)."""
    from bench.synthetic import write_content

    content = tmp_path_factory.mktemp("dated") / "content"
    write_content(content, 150)
    config = content / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "per_page = 30", "per_page = 4\narchive_per_page = 9"), encoding="utf-8")
    output = content.parent / "site"
    pipeline.build(content, output, search=False, workers=1)
    first = max((output / "section").glob("*.html"), key=lambda p: len(list(p.with_suffix("").glob("*.html"))))
    with serving(output) as url:
        yield url, first.relative_to(output).as_posix(), first.relative_to(output).as_posix()[:-5] + "/1.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", [1, 2])
def test_axe_core_finds_no_serious_violation_on_a_subjects_first_or_older_page(
        page: Page, dated_site: tuple[str, str, str], which: int, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(dated_site[0] + dated_site[which], wait_until="networkidle")
    assert page.locator(".dated-list > li").count() > 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("which", [1, 2])
def test_a_phone_shows_each_date_beside_its_headline_and_never_scrolls_sideways(
        phone: Page, dated_site: tuple[str, str, str], which: int) -> None:
    phone.goto(dated_site[0] + dated_site[which], wait_until="networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") == 360
    rows = phone.eval_on_selector_all(".dated-list > li", """rows => rows.map(row => {
        const date = row.querySelector('time').getBoundingClientRect();
        const link = row.querySelector('a').getBoundingClientRect();
        return [Math.abs(date.top - link.top) < 8, date.right <= link.left, link.right <= 360];
    })""")
    assert rows and all(all(checks) for checks in rows), rows
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / f"term-dated-{which}-360.png"), full_page=True)
