"""Live preview in a real browser: an edit shows in the open page, a failed rebuild as a banner."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture
from playwright.sync_api import expect

ARTICLE = Path("articles/2022/07/28/01.md")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`python -m baoku serve` of a copy of the fixture archive, as an editor runs it."""
    content = copy_fixture(tmp_path)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "baoku", "serve", "--port", str(port), "--no-search"],
                               cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "serve did not answer within 120 s"
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.3)
        yield url, content
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_an_edited_title_shows_in_the_open_page_and_a_failed_rebuild_as_a_banner(served, page) -> None:  # type: ignore[no-untyped-def]
    url, content = served
    page.goto(url + "2022/07/28/01.html")
    headline = page.locator("h1.headline")
    old = headline.inner_text()
    article = content / ARTICLE
    text = article.read_text(encoding="utf-8")
    assert f"title: {old}\n" in text

    started = time.monotonic()
    article.write_text(text.replace(f"title: {old}\n", "title: 持续提升信贷便利（修订）\n"), encoding="utf-8")
    expect(headline).to_have_text("持续提升信贷便利（修订）", timeout=30_000)
    print(f"edit shown after {time.monotonic() - started:.1f} s")

    article.write_text(text.replace("kind: news", "kind: essay"), encoding="utf-8")
    banner = page.locator("#baoku-serve-problems")
    expect(banner).to_contain_text("重新生成失败（1 个问题）", timeout=30_000)
    expect(banner).to_contain_text("articles/2022/07/28/01.md:6: kind: must be one of")
    expect(headline).to_have_text("持续提升信贷便利（修订）")  # the last good site, still served

    article.write_text(text, encoding="utf-8")  # fixed, and the first title back
    expect(headline).to_have_text(old, timeout=30_000)
    expect(banner).to_have_count(0)
