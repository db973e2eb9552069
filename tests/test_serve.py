"""serve: safe paths, no folder listings, a clear busy-port error, and live rebuilds."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import copy_fixture

from baoku import cli, pipeline
from baoku.serve import QUIET_MS, Live, serving, watch


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seven fixture articles built without search."""
    root = tmp_path_factory.mktemp("serve")
    content = copy_fixture(root)
    pipeline.build(content, root / "site", search=False, workers=1)
    return root / "site"


@pytest.fixture()
def live_url(small_site: Path) -> Iterator[tuple[str, Live]]:
    live = Live()
    with serving(small_site, live) as url:
        yield url, live


def _get(url: str, path: str, headers: dict[str, str] | None = None,
         show: str = "Content-Type") -> tuple[int, str, bytes]:
    """Status, the header `show` (content type) and body of a GET sent with the path
    exactly as given."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader(show) or "", response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/static/", "/section/culture/", "/static"])
def test_a_folder_without_an_index_page_is_not_listed(small_site: Path, path: str) -> None:
    with serving(small_site) as url:
        status, _, body = _get(url, path)
    assert status == 404
    assert body == (small_site / "404.html").read_bytes()


@pytest.mark.parametrize("path", ["/%00", "/index.html%00.css", "/a%zz", "/%ff%fe.html", "/%0d%0aSet-Cookie:x",
                                  "/static/%1b.css", "*"])
def test_a_malformed_path_answers_400(small_site: Path, path: str) -> None:
    with serving(small_site) as url:
        status, content_type, body = _get(url, path)
        assert status == 400 and content_type.startswith("text/html")
        assert b"Bad request path" in body
        assert _get(url, "/")[0] == 200  # and the server goes on


def test_a_path_out_of_the_site_stays_in_it(small_site: Path) -> None:
    with serving(small_site) as url:
        assert _get(url, "/../../../../etc/passwd")[0] == 404
        assert _get(url, "/%2e%2e/%2e%2e/etc/passwd")[0] == 404


def test_a_busy_port_is_one_clear_line_and_exit_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port), "--content", str(tmp_path / "content"),
                         "--output", str(tmp_path / "site")]) == 1
    captured = capsys.readouterr()
    assert captured.err == (f"error: port {port} on 127.0.0.1 is already in use (another baoku serve?); "
                            "choose another with --port N\n")
    assert captured.out == "" and not (tmp_path / "site").exists()


def test_pages_served_live_carry_the_reload_script_and_the_site_does_not(small_site: Path, live_url) -> None:  # type: ignore[no-untyped-def]
    url, live = live_url
    tag = f'<script src="/__baoku/reload.js" data-generation="{live.generation}"></script></body>'.encode()
    for path, file in [("/", "index.html"), ("/2022/07/28/01.html", "2022/07/28/01.html"),
                       ("/2022/07/28/", "2022/07/28/index.html")]:
        status, content_type, body = _get(url, path)
        on_disk = (small_site / file).read_bytes()
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        assert body == on_disk.replace(b"</body>", tag) and b"__baoku" not in on_disk
    status, _, body = _get(url, "/no-such-page.html")
    assert status == 404 and tag in body
    status, content_type, script = _get(url, "/__baoku/reload.js")
    assert (status, content_type) == (200, "text/javascript; charset=utf-8") and b"EventSource" in script
    assert _get(url, "/static/style.css")[2] == (small_site / "static" / "style.css").read_bytes()
    assert not list(small_site.rglob("*reload*"))


def test_a_range_request_gets_those_bytes_of_the_file_as_static_hosts_answer_them(small_site: Path) -> None:
    whole = (small_site / "sitemap.xml").read_bytes()
    with serving(small_site) as url:
        assert _get(url, "/sitemap.xml", {"Range": "bytes=10-49"}, show="Content-Range") == (
            206, f"bytes 10-49/{len(whole)}", whole[10:50])
        assert _get(url, "/sitemap.xml", {"Range": "bytes=100-"})[2] == whole[100:]
        assert _get(url, "/sitemap.xml", {"Range": f"bytes={len(whole)}-"})[0] == 416
        assert _get(url, "/sitemap.xml")[2] == whole


def test_a_server_that_is_not_live_sends_pages_as_they_are(small_site: Path) -> None:
    with serving(small_site) as url:
        assert _get(url, "/")[2] == (small_site / "index.html").read_bytes()
        assert _get(url, "/__baoku/reload.js")[0] == 404


def _events(url: str, count: int) -> list[dict]:  # type: ignore[type-arg]
    """The first `count` messages of the event stream."""
    messages = []
    with urllib.request.urlopen(url + "__baoku/events", timeout=20) as stream:
        for line in stream:
            if line.startswith(b"data: "):
                messages.append(json.loads(line[6:]))
                if len(messages) == count:
                    return messages
    return messages


def test_the_event_stream_tells_open_pages_of_builds_and_failures(live_url) -> None:  # type: ignore[no-untyped-def]
    url, live = live_url
    first = live.generation
    received: list[dict] = []  # type: ignore[type-arg]
    reader = threading.Thread(target=lambda: received.extend(_events(url, 3)))
    reader.start()
    time.sleep(0.5)
    live.failed(["articles/2022/07/28/01.md:2: title: is required"])
    time.sleep(0.3)
    live.built()
    reader.join(20)
    assert received == [{"generation": first, "problems": []},
                        {"generation": first, "problems": ["articles/2022/07/28/01.md:2: title: is required"]},
                        {"generation": first + 1, "problems": []}]


def test_a_burst_of_edits_is_rebuilt_once_and_a_failed_rebuild_keeps_the_site(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    site = tmp_path / "site"
    pipeline.build(content, site, search=False, workers=1)
    live, stop = Live(), threading.Event()
    counted: list[int] = []
    watcher = threading.Thread(target=lambda: counted.append(watch(content, site, live, stop, search=False)))
    watcher.start()
    try:
        time.sleep(1.5)  # the watcher is set up
        first = live.generation
        article = content / "articles" / "2022" / "07" / "28" / "01.md"
        text = article.read_text(encoding="utf-8")
        for n in range(10):  # ten saves, 20 ms apart
            article.write_text(text.replace("title: ", f"title: 第{n}稿", 1), encoding="utf-8")
            time.sleep(0.02)
        _wait(lambda: live.generation != first)
        time.sleep(QUIET_MS / 1000 + 1.5)
        assert live.generation == first + 1
        assert "第9稿" in (site / "2022" / "07" / "28" / "01.html").read_text(encoding="utf-8")

        article.write_text(text.replace("kind: news", "kind: essay"), encoding="utf-8")
        _wait(lambda: bool(live.problems))
        assert live.problems == (("articles/2022/07/28/01.md:6: kind: must be one of news, feature, commentary, "
                                 "interview, photo, notice, got 'essay'"),)
        assert "第9稿" in (site / "2022" / "07" / "28" / "01.html").read_text(encoding="utf-8")
        assert live.generation == first + 1
    finally:
        stop.set()
        watcher.join(30)
    assert counted == [2]


def _wait(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_an_edit_saved_while_a_rebuild_runs_is_rebuilt_after_it(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from baoku import serve

    content = copy_fixture(tmp_path)
    site = tmp_path / "site"
    pipeline.build(content, site, search=False, workers=1)
    article = content / "articles" / "2022" / "07" / "28" / "01.md"
    text = article.read_text(encoding="utf-8")
    real, calls = serve.rebuild, []

    def rebuild_with_an_edit_meanwhile(*args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:  # the editor saves again while this build runs
            article.write_text(text.replace("title: ", "title: 第二稿", 1), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(serve, "rebuild", rebuild_with_an_edit_meanwhile)
    live, stop = Live(), threading.Event()
    watcher = threading.Thread(target=watch, args=(content, site, live, stop, False))
    watcher.start()
    try:
        time.sleep(1.5)
        first = live.generation
        article.write_text(text.replace("title: ", "title: 第一稿", 1), encoding="utf-8")
        _wait(lambda: live.generation == first + 2)
        assert "第二稿" in (site / "2022" / "07" / "28" / "01.html").read_text(encoding="utf-8")
    finally:
        stop.set()
        watcher.join(30)
    assert len(calls) == 2
