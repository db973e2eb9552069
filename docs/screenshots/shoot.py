"""Regenerate the README's screenshots of printed pages: the invented national daily of
the tests (tests/national_daily.py) built into a temporary folder and photographed in
Debian's headless Chromium. Run from the project root: python docs/screenshots/shoot.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from national_daily import write_national_daily
from playwright.sync_api import sync_playwright

from baoku import pipeline
from baoku.serve import serving

SHOTS = [("2023/03/01/", 1280, 900, "issue-pages-1280.png"),
         ("2023/03/01/%E7%AC%AC01%E7%89%88.html", 390, 844, "page-390.png")]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = write_national_daily(Path(folder) / "content")
        pipeline.build(content, Path(folder) / "site", search=False, workers=1)
        with serving(Path(folder) / "site") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for path, width, height, name in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                              device_scale_factor=1)
                tab = context.new_page()
                tab.goto(url + path, wait_until="networkidle")
                tab.screenshot(path=str(Path(__file__).parent / name))
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
