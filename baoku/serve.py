"""The local preview: serve the built site on 127.0.0.1, rebuild it when content/ or
templates/ change, and reload the pages open in a browser.

Watching uses watchfiles (Rust `notify`: inotify on Linux, FSEvents on macOS), which
also groups a burst of changes: it yields once no change came for `QUIET_MS`, or after
`MAX_GROUP_MS` at most, and changes made while a rebuild runs are gathered for the next
one. A rebuild is the ordinary incremental build (caches in .cache/, unchanged pages
linked from the last site), into the same output folder, swapped in only when it
succeeded. Open pages learn of it through Server-Sent Events: every HTML response of
this server carries a small script (livereload.js, added as the page is sent, never
written into the site) that reloads the page after a new build, or shows the problem
list of a failed one as a banner; the server keeps serving the last good site.

Files are also served in parts (HTTP range requests, as static hosts do: the search
page fetches one article's display data out of its tier's docs.bin), by
rangehttpserver's handler.

Every request path is checked before it reaches the file system: a NUL byte, a bad
percent escape, invalid UTF-8 or a control character answers 400, and folders are never
listed (404).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import http.server
import importlib.resources
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from RangeHTTPServer import RangeRequestHandler

HOST = "127.0.0.1"
LIVE_PREFIX = "/__baoku/"
"""Where serve's own script and event stream are served (never a path of the site)."""
QUIET_MS = 300
MAX_GROUP_MS = 3000
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class ServeError(Exception):
    """Why the preview could not start (one line)."""


class Live:
    """What open pages are told: the generation of the last good build, and the
    problems of the last rebuild if it failed. Waiters are woken on every change."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = time.time_ns() // 1_000_000  # differs across restarts: pages reload
        self.problems: tuple[str, ...] = ()
        self.closed = False

    def state(self) -> dict[str, Any]:
        return {"generation": self.generation, "problems": list(self.problems)}

    def built(self) -> None:
        with self._changed:
            self.generation += 1
            self.problems = ()
            self._changed.notify_all()

    def failed(self, problems: list[str]) -> None:
        with self._changed:
            self.problems = tuple(problems)
            self._changed.notify_all()

    def wait(self, seen: dict[str, Any] | None, timeout: float) -> dict[str, Any]:
        """The state once it differs from `seen` (or after `timeout` seconds)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.state() != seen, timeout)
            return self.state()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


class _Handler(RangeRequestHandler):
    """Serves files from the site folder, and 404.html for missing pages; with `live`,
    adds the reload script to HTML and answers its event stream."""

    live: ClassVar[Live | None] = None
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".xml": "application/xml; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".json": "application/json", ".wasm": "application/wasm",
                      ".txt": "text/plain; charset=utf-8"}

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        path = self._checked_path()
        if path is None:
            self.send_error(400, "Bad request path")
            return
        if os.path.isdir(self.translate_path(self.path)) and not os.path.isfile(
                os.path.join(self.translate_path(self.path), "index.html")):
            self.send_error(404)  # a folder without a page: never listed, nor redirected to its slash
            return
        if self.live is not None:
            if path.startswith(LIVE_PREFIX):
                self._live(path[len(LIVE_PREFIX):], head)
                return
            file = self._html_file(path.endswith("/"))
            if file is not None:
                self._send(200, file.read_bytes(), head)
                return
        super().do_HEAD() if head else super().do_GET()

    def _checked_path(self) -> str | None:
        """The request's decoded path, or None when it is malformed."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith("/") or _BAD_ESCAPE.search(raw):
            return None
        try:
            path = urllib.parse.unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
            return None
        return path

    def _html_file(self, slash: bool) -> Path | None:
        """The HTML file a GET of this request's path sends (None: not an HTML page, or a
        folder that the base class must redirect to its slash first)."""
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not slash:
                return None
            file = file / "index.html"
        return file if file.suffix == ".html" and file.is_file() else None

    def _send(self, code: int, body: bytes, head: bool) -> None:
        """An HTML response, with the reload script when live."""
        if self.live is not None:
            tag = (f'<script src="{LIVE_PREFIX}reload.js" data-generation="{self.live.generation}">'
                   "</script>").encode()
            at = body.lower().rfind(b"</body>")
            body = body[:at] + tag + body[at:] if at >= 0 else body + tag
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _live(self, name: str, head: bool) -> None:
        assert self.live is not None
        if name == "reload.js":
            body = importlib.resources.files("baoku").joinpath("livereload.js").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
        elif name == "events" and not head:
            self._events(self.live)
        else:
            self.send_error(404)

    def _events(self, live: Live) -> None:
        """Server-Sent Events: the state now, then at every change; a comment line every
        15 s finds closed connections."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        seen = None
        try:
            while not live.closed:
                state = live.wait(seen, 15)
                if live.closed:
                    break
                chunk = f"data: {json.dumps(state, ensure_ascii=False)}\n\n" if state != seen else ": ping\n\n"
                self.wfile.write(chunk.encode())
                self.wfile.flush()
                seen = state
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def end_headers(self) -> None:
        if self.live is not None:  # a preview must show the newest files: always revalidate
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:  # type: ignore[override]
        """Folders are never listed."""
        self.send_error(404)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code == 404:
            page = Path(self.directory) / "404.html"
            body = page.read_bytes() if page.is_file() else (
                b'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>404</title>'
                b"<body><p>\xe6\x89\xbe\xe4\xb8\x8d\xe5\x88\xb0\xe8\xbf\x99\xe4\xb8\x80\xe9\xa1\xb5\xe3\x80\x82"
                b"</p></body></html>")  # 找不到这一页。
            self._send(404, body, self.command == "HEAD")
            return
        self.close_connection = True
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(site_dir: Path, port: int = 0, live: Live | None = None) -> http.server.ThreadingHTTPServer:
    """A server for site_dir on 127.0.0.1 (port 0 picks a free one); ServeError when the
    port cannot be had."""
    handler_class = type("Handler", (_Handler,), {"live": live})
    handler = functools.partial(handler_class, directory=str(site_dir))
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {HOST} is already in use (another baoku serve?); "
                             "choose another with --port N") from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"not allowed to listen on port {port}; choose one above 1023 with --port N") from None
        raise ServeError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def serving(site_dir: Path, live: Live | None = None) -> Iterator[str]:
    """Serve site_dir on a free port of 127.0.0.1 in a thread; yields its base URL."""
    server = make_server(site_dir, 0, live)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        if live is not None:
            live.close()
        server.shutdown()
        server.server_close()


def rebuild(content_dir: Path, output_dir: Path, live: Live, search: bool = True) -> bool:
    """Build once; report the outcome on the terminal and to open pages."""
    from . import pipeline
    from .cli import report_problems
    from .errors import BuildError

    try:
        report = pipeline.build(content_dir, output_dir, search=search)
    except BuildError as error:
        report_problems(error, "the site was not changed")
        live.failed([str(problem) for problem in error.problems])
        return False
    except Exception as error:  # noqa: BLE001 — a bug or a full disk must not stop the preview
        line = f"{type(error).__name__}: {error}"
        print(f"Rebuild failed; the site was not changed: {line}", file=sys.stderr)
        live.failed([line])
        return False
    print(report.summary(), flush=True)
    live.built()
    return True


def watched(content_dir: Path) -> list[Path]:
    """The folders whose changes are rebuilt: content/ and the theme's folders."""
    from .theme import Theme

    return [content_dir, *(f for f in Theme.for_content(content_dir).folders if f.is_dir())]


def watch(content_dir: Path, output_dir: Path, live: Live, stop: threading.Event, search: bool = True) -> int:
    """Rebuild after every group of changes until `stop` is set; the number of rebuilds."""
    rebuilds = 0
    for changes in _changes(watched(content_dir), stop):
        # Editors save through temporary files that are gone by now: name what is left (or was deleted).
        paths = {path for _, path in changes}
        names = sorted(os.path.relpath(path, content_dir.parent)
                       for path in ({p for p in paths if os.path.exists(p)} or paths))
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        print(f"Changed: {shown}; rebuilding…", flush=True)
        rebuild(content_dir, output_dir, live, search)
        rebuilds += 1
    return rebuilds


def _changes(paths: list[Path], stop: threading.Event) -> Iterator[set[tuple[Any, str]]]:
    """Groups of changes below `paths`; when the system's limit of watched folders is
    reached (a very large archive on Linux: fs.inotify.max_user_watches), polling."""
    import watchfiles

    options: dict[str, Any] = {"debounce": MAX_GROUP_MS, "step": QUIET_MS, "stop_event": stop,
                               "raise_interrupt": False}
    try:
        yield from watchfiles.watch(*paths, **options)
    except OSError as error:
        if "limit" not in str(error).lower():
            raise
        print(f"note: {error}; looking for changes every second instead (raise fs.inotify.max_user_watches "
              "to be told of them at once)", file=sys.stderr)
        yield from watchfiles.watch(*paths, force_polling=True, poll_delay_ms=1000, **options)


def preview(content_dir: Path, output_dir: Path, port: int = 8000, *, build: bool = True,
            search: bool = True) -> int:
    """`baoku serve`: build, serve, and rebuild on changes until Ctrl+C."""
    live = Live() if build else None
    server = make_server(output_dir, port, live)  # first: a busy port is reported before a long build
    if live is not None:
        rebuild(content_dir, output_dir, live, search)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    what = f", rebuilding on changes in {', '.join(map(str, watched(content_dir)))}" if build else ""
    print(f"Serving {output_dir} on http://{HOST}:{server.server_address[1]}/{what} (Ctrl+C to stop)",
          flush=True)
    stop = threading.Event()
    try:
        if live is not None:
            watch(content_dir, output_dir, live, stop, search)
        else:
            stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if live is not None:
            live.close()
        server.shutdown()
        server.server_close()
    return 0
