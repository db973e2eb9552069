"""Make one tier's bundle: reuse it from the previous site, or index it with Pagefind.

A bundle folder holds Pagefind's index of the tier's packs, the articles' display
data (docs.bin, records.docs_file) and columns (articles.bin.gz, records.columns_file)
and bundle.json: the bundle's key (records.Plan.key), what the browser needs to know
about it (records.Built) and the size and hash of every other file in it. When the
previous site holds a bundle of the same name and key whose files all still have
those sizes and hashes, its files are hard-linked into the new site: the same bytes a
new build would write, at no indexing cost. Files the last build's record
still describes (same size and time) are trusted without being read again.

No partial bundle is ever published. Pagefind's files are taken from the reply to
GetFiles (service.py) and written here; the process is waited for until it has
exited; every file is then checked against the bytes received (and gzip files must
decompress whole). Any failure raises PagefindError naming the bundle.

We read the fragments (one per pack) once to learn which page hash is which pack —
the browser needs that mapping — and do not publish them, nor the UIs we do not use.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import struct
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .records import COLUMNS_FILE, DOCS_FILE, LANGUAGE, Built, Bundle, Plan, columns_file, docs_file
from .service import PagefindError, Record, Service

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
SCRIPTS = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
FRAGMENT_SIGNATURE = b"pagefind_dcd"
MANIFEST = "bundle.json"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _inside(rel: str) -> bool:
    """A relative path that stays inside its bundle's folder (no '..', no absolute path)."""
    return not rel.startswith("/") and "\x00" not in rel and "\\" not in rel and not any(
        part in ("", ".", "..") for part in rel.split("/"))


def reuse_bundle(previous: Path, target: Path, key: str,
                 trusted: Mapping[str, tuple[int, int]] | None = None) -> Built | None:
    """Hard-link the previous site's bundle into `target` if it has this key and is intact.

    `trusted`: bundle-relative path → (size, mtime_ns) of the files as the last
    successful build left them (uptodate.py's record of the site). A file that still
    has that size and time is the one that build wrote or checked, and is not read
    again (at 100,000 articles the settled tiers hold over 200 MB); any other file is
    read and checked against the manifest's size and hash, as reused pages are."""
    try:
        manifest = json.loads((previous / MANIFEST).read_bytes())
        if manifest.get("key") != key:
            return None
        files: dict[str, list[Any]] = manifest["files"]
        for rel, (size, digest) in files.items():
            if not _inside(rel):
                return None  # a manifest naming a file outside its bundle is not ours
            if trusted is not None and rel in trusted:
                found = os.stat(previous / rel)
                if (found.st_size, found.st_mtime_ns) == trusted[rel] and found.st_size == size:
                    continue
            data = (previous / rel).read_bytes()
            if len(data) != size or _digest(data) != digest:
                return None
        target.mkdir(parents=True)
        for rel in [*files, MANIFEST]:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(previous / rel, target / rel)
        return Built(pages=manifest["pages"], chunks=manifest["chunks"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        if target.exists():
            shutil.rmtree(target)
        return None


def build_bundle(plan: Plan, bundle: Bundle, target: Path, key: str, service: Service) -> Built:
    """Index the bundle's packs with Pagefind and write the bundle into `target` (new)."""
    blocks, title_slots = [0] * (bundle.end - bundle.first), [0] * len(bundle.packs)
    index = service.new_index(None)
    records = (Record(url=pack.url, content=plan.words(bundle, pack, blocks, title_slots), language=LANGUAGE,
                      meta={}, sort={}) for pack in bundle.packs)
    added = service.add_records(index, records)
    if added != len(bundle.packs):
        raise PagefindError(f"Pagefind indexed {added} of {len(bundle.packs)} records of bundle {bundle.name}")
    with ThreadPoolExecutor(max_workers=1) as helper:
        # The display data is made while Pagefind builds the index for GetFiles, which
        # takes it seconds on one core for a large tier (10.6 s for 19,139 articles,
        # against 1.1 s for docs_file); waiting on its reply holds no lock.
        display = helper.submit(docs_file, plan, bundle)
        files = service.get_files(index)
        keep_display = display.result()
    pages, chunks = _index_layout(files, bundle, _pack_hashes(files, bundle))
    keep = {rel: data for rel, data in sorted(files.items())
            if not rel.startswith("fragment/") and rel not in UNUSED and (bundle.primary or rel not in SCRIPTS)}
    missing = [name for name in ("pagefind-entry.json", *(SCRIPTS if bundle.primary else ()))
               if not keep.get(name)]
    if missing:
        raise PagefindError(f"Pagefind returned no (or empty) {', '.join(missing)} for bundle {bundle.name}")
    for rel, data in keep.items():
        if not _inside(rel):
            raise PagefindError(f"Pagefind named a file outside bundle {bundle.name}: {rel!r}")
        _check_whole(rel, data, bundle)
    keep[DOCS_FILE], doc_sizes = keep_display
    keep[COLUMNS_FILE] = columns_file(plan, bundle, blocks, title_slots, doc_sizes)
    target.mkdir(parents=True)
    for rel, data in keep.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    manifest = {"key": key, "pages": pages, "chunks": chunks,
                "files": {rel: [len(data), _digest(data)] for rel, data in keep.items()}}
    (target / MANIFEST).write_bytes(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())
    return Built(pages=pages, chunks=chunks)


def verify_bundle(target: Path, name: str) -> None:
    """Every file listed in the bundle's manifest has its size and hash (after the
    Pagefind process has exited: nothing can still be writing)."""
    manifest = json.loads((target / MANIFEST).read_bytes())
    for rel, (size, digest) in manifest["files"].items():
        try:
            data = (target / rel).read_bytes()
        except OSError as exc:
            raise PagefindError(f"search bundle {name}: cannot read {rel}: {exc.strerror}") from exc
        if len(data) != size or _digest(data) != digest:
            raise PagefindError(f"search bundle {name}: {rel} has {len(data)} bytes, not the {size} "
                                "Pagefind produced; the search index was not published")


def _check_whole(rel: str, data: bytes, bundle: Bundle) -> None:
    """Compressed files decompress whole; the script parses as text."""
    try:
        if rel.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pagefind")):
            gzip.decompress(data)
        elif rel.endswith((".js", ".json")):
            text = data.decode("utf-8")
            if rel.endswith(".json"):
                json.loads(text)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise PagefindError(f"Pagefind returned a damaged {rel} for bundle {bundle.name}: {exc}") from exc


def _pack_hashes(files: dict[str, bytes], bundle: Bundle) -> dict[str, int]:
    """{page hash: local pack number} from Pagefind's fragments (gzip, signature, JSON)."""
    hashes: dict[str, int] = {}
    for rel, raw in sorted(files.items()):
        if not rel.startswith("fragment/"):
            continue
        data = gzip.decompress(raw)
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise PagefindError(f"unexpected Pagefind fragment format in {rel}; this build supports "
                                "the pagefind 1.5 wheels")
        url = json.loads(data[len(FRAGMENT_SIGNATURE):])["url"]
        hashes[rel.removeprefix("fragment/").removesuffix(".pf_fragment")] = int(url.strip("/").removeprefix("p"))
    if sorted(hashes.values()) != list(range(len(bundle.packs))):
        raise PagefindError(f"the Pagefind bundle {bundle.name} does not hold exactly its "
                            f"{len(bundle.packs)} packs")
    return dict(sorted(hashes.items(), key=lambda item: item[1]))


def _index_layout(files: dict[str, bytes], bundle: Bundle, packs: dict[str, int]) -> tuple[list[int], list[list[str]]]:
    """From the bundle's pf_meta file: the local pack of each Pagefind page number
    (index chunks name pages by number), and [first word, file name] of every index
    chunk, in order — what search.js needs to read the index without Pagefind's
    own script (records.py).

    pf_meta is gzip, the signature, then CBOR: [version, pages, chunks, …] with
    pages as [hash, word count] and chunks as [from, to, hash] — the layout of the
    pagefind 1.5 wheels."""
    metas = [rel for rel in files if rel.endswith(".pf_meta")]
    if len(metas) != 1:
        raise PagefindError(f"expected one pf_meta file in bundle {bundle.name}, found {len(metas)}")
    data = gzip.decompress(files[metas[0]])
    if not data.startswith(FRAGMENT_SIGNATURE):
        raise PagefindError(f"unexpected Pagefind metadata format in {metas[0]}")
    try:
        meta, _ = _cbor(data, len(FRAGMENT_SIGNATURE))
        pages = [packs[str(page[0])] for page in meta[1]]  # type: ignore[index]
        if sorted(pages) != list(range(len(bundle.packs))):
            raise PagefindError(f"the Pagefind metadata of bundle {bundle.name} does not list exactly its packs")
        chunks = [[str(chunk[0]), str(chunk[2])] for chunk in meta[2]]  # type: ignore[index]
        for _, name in chunks:
            if f"index/{name}.pf_index" not in files:
                raise PagefindError(f"Pagefind returned no index chunk {name} for bundle {bundle.name}")
        return pages, chunks
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
