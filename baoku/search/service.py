"""A small synchronous client for the Pagefind binary's `--service` protocol.

Why not `pagefind.index.PagefindIndex`: its reader sleeps 100 ms before taking
each reply off the pipe, so adding records one by one costs 0.1 s each
(20,000 articles: over half an hour). The protocol itself is simple — each
message is base64(JSON) followed by a comma, in both directions — so we speak it
directly: one thread writes every request, the caller reads the replies as fast
as the binary produces them. The binary is the one a PyPI wheel installs (see
`executable` for which). The index's files come back in the reply to GetFiles,
never written by the binary itself (see `Service.get_files`).
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import subprocess
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self


class PagefindError(RuntimeError):
    """The Pagefind binary is missing, failed, or answered with an error."""


@dataclass(frozen=True, slots=True)
class Record:
    """One custom record: what Pagefind indexes for an article."""

    url: str
    content: str
    """Whitespace-separated words (see tokenise.py)."""
    language: str
    meta: dict[str, str]
    sort: dict[str, str]


def executable() -> Path:
    """The Pagefind binary: $PAGEFIND_BINARY_PATH, else the standard binary of the
    `pagefind-bin` wheel, else the extended one (`pagefind-bin-extended`).

    Why the standard binary first (pagefind's own lookup takes the extended one): our
    records are already cut into bigrams in language 'und', so the extended binary's
    Chinese segmenter never runs. Measured with bench/bench_search.py --binaries on
    the same 20,000-article records: byte-identical files, the same CPU time
    (21.0 s standard, 20.1–21.3 s extended) and peak memory (1.45 / 1.43 GB), and a
    9.7 MB install instead of 57 MB."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        found: Path | None = Path(override)
    else:
        found = None
        for module in ("pagefind_bin", "pagefind_bin_extended"):
            try:
                found = importlib.import_module(module).get_executable()
                break
            except (ImportError, FileNotFoundError):
                continue
    if found is None or not Path(found).is_file():
        raise PagefindError("the Pagefind binary was not found: run `pip install 'pagefind[bin]'` "
                            "(or set PAGEFIND_BINARY_PATH to a pagefind executable)")
    return Path(found)


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    body = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(body.encode("utf-8")) + b","


class Service:
    """One running `pagefind --service` process; use as a context manager."""

    def __init__(self, binary: Path | None = None) -> None:
        self.binary = binary or executable()
        self._next_id = 0
        self._pending = bytearray()
        self._replies: deque[bytes | bytearray] = deque()
        try:
            self._proc = subprocess.Popen([str(self.binary), "--service"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                          env={**os.environ, "RUST_BACKTRACE": "0"})
        except OSError as exc:
            raise PagefindError(f"cannot start {self.binary}: {exc.strerror}; reinstall it with "
                                "`pip install --force-reinstall 'pagefind[bin]'`") from exc

    @property
    def pid(self) -> int:
        return self._proc.pid

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> int:
        """Close the service's input and wait until the process has exited; its exit code."""
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        return self._proc.returncode

    def _read(self) -> dict[str, Any]:
        """The next reply. Replies are split off the pipe in bulk; a long reply (GetFiles:
        a whole bundle in one message, hundreds of MB for a bundle of 25,000 articles)
        grows in one buffer, and each form of it (base64, JSON text, parsed) is let go
        as soon as the next is made: at most two are held at once, not three or four."""
        assert self._proc.stdout is not None
        while not self._replies:
            chunk = os.read(self._proc.stdout.fileno(), 1 << 22)
            if not chunk:
                raise self._stopped()
            *complete, rest = chunk.split(b",")
            if complete:
                self._pending += complete[0]
                complete[0] = self._pending
                self._pending = bytearray()
                self._replies.extend(complete)
            self._pending += rest
        message = self._replies.popleft()
        decoded = base64.b64decode(message)
        del message
        text = decoded.decode()
        del decoded
        reply: dict[str, Any] = json.loads(text)
        del text
        payload: dict[str, Any] = reply.get("payload") or {}
        if payload.get("type") == "Error":
            raise PagefindError(f"Pagefind failed: {payload.get('message')}")
        return payload

    def _stopped(self) -> PagefindError:
        return PagefindError(f"the Pagefind service stopped unexpectedly (exit code {self._proc.poll()}); "
                             "check the installation with `python -m pagefind --version`")

    def _send_all(self, payloads: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Send every payload from a writer thread; yield one reply per payload.

        Writing and reading at once keeps both pipes flowing: the binary blocks
        when its stdout is full, and we would block writing to a full stdin."""
        assert self._proc.stdin is not None
        stdin = self._proc.stdin
        state = {"sent": 0, "finished": False}
        failure: list[BaseException] = []
        ready = threading.Condition()

        def write() -> None:
            try:
                for payload in payloads:
                    self._next_id += 1
                    stdin.write(_encode(self._next_id, payload))
                    stdin.flush()
                    with ready:
                        state["sent"] += 1
                        ready.notify()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the reading thread below
                failure.append(exc)
            finally:
                with ready:
                    state["finished"] = True
                    ready.notify()

        writer = threading.Thread(target=write, name="pagefind-writer", daemon=True)
        writer.start()
        state["received"] = 0
        while True:
            with ready:
                ready.wait_for(lambda: state["received"] < state["sent"] or bool(state["finished"]))
                if state["received"] >= state["sent"]:
                    break
            yield self._read()
            state["received"] += 1
        writer.join()
        if failure:
            if isinstance(failure[0], OSError):
                self._proc.wait(timeout=10)
                raise self._stopped() from failure[0]
            raise PagefindError(f"cannot send records to Pagefind: {failure[0]}") from failure[0]

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its reply."""
        return next(iter(self._send_all([payload])))

    def new_index(self, config: dict[str, Any] | None = None) -> int:
        reply = self.request({"type": "NewIndex", "config": config})
        return int(reply["index_id"])

    def add_records(self, index_id: int, records: Iterable[Record]) -> int:
        """Add records (streamed, not held in memory twice); return how many were indexed."""
        payloads = ({"type": "AddRecord", "index_id": index_id, "url": r.url, "content": r.content,
                     "language": r.language, "meta": r.meta, "filters": None, "sort": r.sort}
                    for r in records)
        added = 0
        for reply in self._send_all(payloads):
            if reply.get("type") != "IndexedFile":
                raise PagefindError(f"Pagefind did not index a record: {reply}")
            added += 1
        return added

    def get_files(self, index_id: int) -> dict[str, bytes]:
        """Every file of the index, in memory: {path within the bundle: bytes}.

        Why not WriteFiles: Pagefind answers it before its writes have finished, and a
        process whose input closes stops with writes cut short (empty or 64 KiB
        WebAssembly files). Taking the bytes in the reply and writing them ourselves
        leaves nothing in flight."""
        reply = self.request({"type": "GetFiles", "index_id": index_id})
        if reply.get("type") != "GetFiles" or not isinstance(reply.get("files"), list):
            raise PagefindError(f"Pagefind did not return the bundle's files: {str(reply)[:200]}")
        files: dict[str, bytes] = {}
        items = reply.pop("files")
        items.reverse()
        while items:  # each file's base64 text is let go as soon as it is decoded
            item = items.pop()
            path = str(item["path"])
            if path in files:
                raise PagefindError(f"Pagefind returned {path} twice")
            files[path] = base64.b64decode(item.pop("content"), validate=True)
        return files

    def version(self) -> str:
        """`pagefind --version` of this binary (e.g. 'pagefind 1.5.2')."""
        return version(self.binary)


def version(binary: Path) -> str:
    """`<binary> --version`, which names the Pagefind release."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30, check=True)
    except subprocess.CalledProcessError as exc:
        raise PagefindError(f"{binary} --version failed with exit code {exc.returncode}; reinstall it with "
                            "`pip install --force-reinstall 'pagefind[bin]'`") from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise PagefindError(f"cannot run {binary} --version: {exc}; reinstall it with "
                            "`pip install --force-reinstall 'pagefind[bin]'`") from exc
    return done.stdout.strip()
