"""Shared fixtures: built sites, a local server and a real headless Chromium.

Browser tests never download a browser and never skip: when Chromium is missing
they fail with the command that installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from baoku.serve import serving

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
BUNDLED_CONTENT = ROOT / "content"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str:
    """Debian's Chromium, or $BAOKU_CHROMIUM; fail loudly when there is none."""
    candidates = [os.environ.get("BAOKU_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                  shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("No Chromium found for the browser tests. Install Debian's: "
                "`sudo apt-get install -y chromium fonts-noto-cjk` (or set BAOKU_CHROMIUM to its path). "
                "Browser tests never download a browser.", pytrace=False)


@pytest.fixture(scope="session")
def copied_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the bundled archive (the five imported sample issues)."""
    target = tmp_path_factory.mktemp("bundled") / "content"
    shutil.copytree(BUNDLED_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built_site(copied_content: Path) -> Path:
    """The bundled archive built once, with its search index, for the whole session."""
    from baoku import pipeline

    output = copied_content.parent / "site"
    pipeline.build(copied_content, output, workers=2)
    return output


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The bundled site served on 127.0.0.1 (a free port)."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh page in its own context (no shared cache or storage), 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture()
def phone(browser: object) -> Iterator[object]:
    """A 360 px wide phone (the narrowest screen the layout supports)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",  # type: ignore[attr-defined]
                                  device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        yield context.new_page()
    finally:
        context.close()
