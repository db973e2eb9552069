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
from collections.abc import Callable
from pathlib import Path

from .records import LANGUAGE, Bundle
from .service import PagefindError, Record, Service

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def build_bundle(bundle: Bundle, target: Path, *, on_start: Callable[[int], None] | None = None) -> dict[str, int]:
    """Index the bundle's packs into `target`; return {page hash: pack number}."""
    if target.exists():
        shutil.rmtree(target)
    with Service() as service:
        if on_start is not None:
            on_start(service.pid)
        index = service.new_index(None)
        records = (Record(url=pack.url, content=pack.content, language=LANGUAGE, meta={}, sort={})
                   for pack in bundle.packs)
        added = service.add_records(index, records)
        if added != len(bundle.packs):
            raise PagefindError(f"Pagefind indexed {added} of {len(bundle.packs)} records of bundle "
                                f"{bundle.name}")
        service.write_files(index, target.resolve())
    hashes = _pack_hashes(target / "fragment")
    if sorted(hashes.values()) != [p.number for p in bundle.packs]:
        raise PagefindError(f"the Pagefind bundle {target} does not hold exactly the packs "
                            f"{bundle.packs[0].number}–{bundle.packs[-1].number}; delete it and rebuild")
    shutil.rmtree(target / "fragment")
    for name in UNUSED:
        (target / name).unlink(missing_ok=True)
    return hashes


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
