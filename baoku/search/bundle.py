"""Run Pagefind over one bundle of packs and tidy what it writes.

Pagefind writes, besides the index, one fragment per page (we show our own
article data instead: packs are far too big to fetch) and four UIs we do not
use. We read the fragments once to learn which page hash is which pack — the
browser needs that mapping — then delete them and the unused files.
"""

from __future__ import annotations

import gzip
import json
import shutil
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .records import LANGUAGE, Bundle, Pack
from .service import PagefindError, Record, Service

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
SCRIPTS = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
FRAGMENT_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True, slots=True)
class Built:
    """What the browser must know about a written bundle."""

    packs: dict[str, int]
    """Pagefind page hash → pack number."""
    chunks: list[str]
    """First word (prefix) of each index chunk, in order. Pagefind loads one chunk
    per query word, so a one-character query — a prefix of words in several
    chunks — would miss the others; search.js preloads them by these names."""


def build_bundle(bundle: Bundle, content: Callable[[Pack], str], target: Path, *, primary: bool = True) -> Built:
    """Index the bundle's packs, whose words `content` gives, into `target`.

    Only the primary bundle keeps pagefind.js, its worker and the WebAssembly:
    the browser loads them once and merges the other bundles into it."""
    if target.exists():
        shutil.rmtree(target)
    with Service() as service:
        index = service.new_index(None)
        records = (Record(url=pack.url, content=content(pack), language=LANGUAGE, meta={}, sort={})
                   for pack in bundle.packs)
        added = service.add_records(index, records)
        if added != len(bundle.packs):
            raise PagefindError(f"Pagefind indexed {added} of {len(bundle.packs)} records of bundle "
                                f"{bundle.name}")
        service.write_files(index, target.resolve())
        # Pagefind answers WriteFiles while its writes may still be in flight,
        # and stops when its input closes: wait until the bundle is whole.
        _wait_until_complete(target, pages=len(bundle.packs))
    hashes = _pack_hashes(target / "fragment")
    if sorted(hashes.values()) != [p.number for p in bundle.packs]:
        raise PagefindError(f"the Pagefind bundle {target} does not hold exactly the packs "
                            f"{bundle.packs[0].number}–{bundle.packs[-1].number}; delete it and rebuild")
    chunks = _chunk_starts(target)
    shutil.rmtree(target / "fragment")
    for name in UNUSED + (() if primary else SCRIPTS):
        (target / name).unlink(missing_ok=True)
    return Built(packs=hashes, chunks=chunks)


def _wait_until_complete(target: Path, *, pages: int, timeout: float = 120.0) -> None:
    """Return once the entry, metadata, every index chunk and every fragment read back whole."""
    deadline = time.monotonic() + timeout
    while True:
        problem = _incomplete(target, pages)
        if problem is None:
            return
        if time.monotonic() > deadline:
            raise PagefindError(f"Pagefind did not finish writing {target}: {problem}")
        time.sleep(0.05)


def _incomplete(target: Path, pages: int) -> str | None:
    try:
        entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
        language = next(iter(entry["languages"].values()))
        chunks = _meta(target / f"pagefind.{language['hash']}.pf_meta")[2]
        for chunk in chunks:
            gzip.decompress((target / "index" / f"{chunk[2]}.pf_index").read_bytes())
        fragments = sorted((target / "fragment").glob("*.pf_fragment"))
        if len(fragments) != pages:
            return f"{len(fragments)} of {pages} fragments"
        for fragment in fragments:
            gzip.decompress(fragment.read_bytes())
    except (OSError, ValueError, KeyError, IndexError, StopIteration, EOFError, PagefindError) as exc:
        return str(exc) or type(exc).__name__
    return None


def _meta(path: Path) -> list[Any]:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(FRAGMENT_SIGNATURE):
        raise PagefindError(f"unexpected Pagefind metadata format in {path}")
    meta, _ = _cbor(data, len(FRAGMENT_SIGNATURE))
    if not isinstance(meta, list) or len(meta) < 3:
        raise PagefindError(f"unexpected Pagefind metadata layout in {path}")
    return meta


def _pack_hashes(fragments: Path) -> dict[str, int]:
    """{page hash: pack number} from Pagefind's fragment files (gzip, signature, JSON)."""
    hashes: dict[str, int] = {}
    for file in sorted(fragments.glob("*.pf_fragment")):
        data = gzip.decompress(file.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise PagefindError(f"unexpected Pagefind fragment format in {file}; this build supports "
                                "the pagefind 1.5 wheels")
        url = json.loads(data[len(FRAGMENT_SIGNATURE):])["url"]
        hashes[file.stem] = int(url.strip("/").removeprefix("p"))
    return dict(sorted(hashes.items(), key=lambda item: item[1]))


def _chunk_starts(target: Path) -> list[str]:
    """The `from` word of every index chunk listed in the bundle's pf_meta file.

    pf_meta is gzip, the signature, then CBOR: [version, pages, chunks, …] with
    chunks as [from, to, hash] — the layout of the pagefind 1.5 wheels."""
    metas = sorted(target.glob("pagefind.*.pf_meta"))
    if len(metas) != 1:
        raise PagefindError(f"expected one pf_meta file in {target}, found {len(metas)}")
    try:
        return [str(chunk[0]) for chunk in _meta(metas[0])[2]]
    except (TypeError, IndexError, KeyError) as exc:
        raise PagefindError(f"unexpected Pagefind metadata layout in {metas[0]}") from exc


def _cbor(data: bytes, at: int) -> tuple[object, int]:
    """Decode one CBOR item (the subset Pagefind writes) starting at `at`."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value: int | None = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    elif info == 31:
        value = None  # indefinite length
    else:
        raise PagefindError(f"unsupported CBOR item {head:#x} in Pagefind metadata")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - (value or 0), at
    if major in (2, 3):
        assert value is not None
        raw = data[at:at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major in (4, 5):
        items: list[object] = []
        count = 0
        while (value is None and data[at] != 0xFF) or (value is not None and count < value):
            item, at = _cbor(data, at)
            items.append(item)
            count += 1
        if value is None:
            at += 1
        if major == 4:
            return items, at
        return dict(zip(items[::2], items[1::2], strict=True)), at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    if major == 7 and info == 26:
        return struct.unpack(">f", data[at - 4:at])[0], at
    raise PagefindError(f"unsupported CBOR item {head:#x} in Pagefind metadata")
