"""Benchmark: the cache store's file format, on the real caches of a synthetic archive.

    python bench/bench_cache.py --articles 20000 [--cache PATH/.cache] [--runs 3]

Builds a synthetic archive (or takes the .cache folder of one already built), reads
every cache file through baoku.cachefile, and for each format times writing and reading
back the same plain values, checksums included, and prints the sizes:

  msgpack   one MessagePack payload per file (what cachefile does), SHA-256 checked
  json      one JSON text per file; a lower bound: bytes become hex and integer keys
            strings on the way in, but nothing is converted back on the way out (tuples
            stay lists, keys strings), which a real JSON cache would also have to pay for
  sqlite    one SQLite file, one row per entry (key, MessagePack value) for the caches
            of many entries, one row for the others; in one transaction

Medians of --runs; the machine is shared, so compare the formats within one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {(k.hex() if isinstance(k, bytes) else str(k) if not isinstance(k, str) else k): _jsonable(v)
                for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return value


def _msgpack(values: dict[str, Any], folder: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    def write() -> None:
        for name, value in values.items():
            payload = msgpack.packb(value, use_bin_type=True)
            (folder / name).write_bytes(hashlib.sha256(payload).digest() + payload)

    def read() -> None:
        for name in values:
            data = (folder / name).read_bytes()
            assert hashlib.sha256(memoryview(data)[32:]).digest() == data[:32]
            msgpack.unpackb(memoryview(data)[32:], raw=False, use_list=False, strict_map_key=False)
    return write, read


def _json(values: dict[str, Any], folder: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    def write() -> None:
        for name, value in values.items():
            payload = json.dumps(_jsonable(value), ensure_ascii=False, separators=(",", ":")).encode()
            (folder / name).write_bytes(hashlib.sha256(payload).digest() + payload)

    def read() -> None:
        for name in values:
            data = (folder / name).read_bytes()
            assert hashlib.sha256(memoryview(data)[32:]).digest() == data[:32]
            json.loads(data[32:])
    return write, read


def _sqlite(values: dict[str, Any], folder: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    path = folder / "store.sqlite"

    def write() -> None:
        path.unlink(missing_ok=True)
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE entries (cache TEXT, key BLOB, value BLOB, PRIMARY KEY (cache, key))")
            for name, value in values.items():
                items = value.items() if isinstance(value, dict) and name in MANY else [(b"", value)]
                db.executemany("INSERT INTO entries VALUES (?, ?, ?)",
                               ((name, msgpack.packb(k, use_bin_type=True), msgpack.packb(v, use_bin_type=True))
                                for k, v in items))
        db.close()

    def read() -> None:
        with sqlite3.connect(path) as db:
            for name in values:
                rows = db.execute("SELECT key, value FROM entries WHERE cache = ?", (name,))
                {msgpack.unpackb(k, use_list=False): msgpack.unpackb(v, use_list=False, strict_map_key=False)
                 for k, v in rows}
        db.close()
    return write, read


MANY = {"articles", "facts", "pages"}
"""Caches of many entries (a row each in SQLite)."""


def _values(cache: Path) -> dict[str, Any]:
    """Every cache's plain value, read and checked by the store."""
    from baoku import cachefile

    found = {}
    for name, path in (("articles", "articles.store"), ("pages", "pages.store"),
                       ("facts", "subjects/facts.store"), ("archive", "subjects/archive.store"),
                       ("state", "subjects/archive-state.store")):
        data = (cache / path).read_bytes()
        header = cachefile._HEADER.unpack_from(data)
        payload = data[cachefile._HEADER.size:]
        assert hashlib.sha256(payload).digest() == header[4], path
        found[name] = msgpack.unpackb(payload, raw=False, use_list=False, strict_map_key=False)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--cache", type=Path, default=None, help="a built archive's .cache folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baoku-bench-cache-") as tmp:
        cache = args.cache
        if cache is None:
            from baoku import pipeline
            from bench.synthetic import write_content

            content = Path(tmp) / "content"
            write_content(content, args.articles)
            pipeline.build(content, Path(tmp) / "site", search=False)
            cache = pipeline.cache_dir(content)
        values = _values(cache)
        print("entries: " + ", ".join(f"{name} {len(v) if isinstance(v, dict) else 1}" for name, v in values.items()))
        rows = []
        for label, make in (("msgpack", _msgpack), ("json", _json), ("sqlite", _sqlite)):
            folder = Path(tmp) / label
            folder.mkdir()
            write, read = make(values, folder)
            writes, reads = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                write()
                writes.append(time.perf_counter() - start)
                start = time.perf_counter()
                read()
                reads.append(time.perf_counter() - start)
            size = sum(f.stat().st_size for f in folder.iterdir())
            rows.append((label, statistics.median(writes), statistics.median(reads), size))
            for file in folder.iterdir():
                os.unlink(file)
    print(f"{'format':8s} {'write s':>8s} {'read s':>8s} {'MB':>7s}")
    for label, write_s, read_s, size in rows:
        print(f"{label:8s} {write_s:8.2f} {read_s:8.2f} {size / 1e6:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
