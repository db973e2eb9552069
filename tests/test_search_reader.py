"""search.js reads Pagefind's index chunks itself (baoku/search/records.py says why):
for every kind of query word it must find exactly what Pagefind's own search finds."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from search_fixtures import open_search, serve, synthetic

from baoku.model import SearchDoc
from baoku.search.bundle import FRAGMENT_SIGNATURE, _cbor
from baoku.search.tokenise import BOUNDARY, normalise, units

__all__ = ["synthetic"]  # the fixture, imported for pytest

# Query words as search.js makes them: single units (looked up as prefixes, some
# filling several index chunks), bigrams of Han characters, digits and letters,
# escaped punctuation, and words no article has.
WORDS = [
    *units(normalise("太的桥5。p")),
    "太原", "营商", "环境", "大桥", "34", "亿元", "pm", "不存",
    *[a + b for a, b in zip(units(normalise("4.8亿")), units(normalise("4.8亿"))[1:])],
    "".join(units(normalise("，"))) + "我", "\U00020000", "zz", BOUNDARY,
]

PAGEFIND_SEARCH = """async ([base, bundles, words]) => {
  const pf = await import(base + bundles[0].path + "pagefind.js");
  const html = document.documentElement, lang = html.getAttribute("lang");
  html.setAttribute("lang", "und");
  try { pf.options({noWorker: true}); pf.init(); } finally { html.setAttribute("lang", lang); }
  for (const b of bundles.slice(1)) await pf.mergeIndex(base + b.path, {language: "und"});
  const out = {};
  for (const w of words) {
    // Pagefind loads the one chunk a word falls in; words starting with it may fill more.
    const more = new Set();
    bundles.forEach(b => b.chunks.forEach(([first]) => { if (first !== w && first.startsWith(w)) more.add(first); }));
    await Promise.all([...more].map(c => pf.preload(c)));
    out[w] = (await pf.search(w)).results.map(r => [r.id, r.words]);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def synthetic_url(synthetic: tuple[Path, list[SearchDoc]]) -> Iterator[str]:
    yield from serve(synthetic[0])


def pack_of_page_hash(root: Path, table: dict[str, Any]) -> dict[str, int]:
    """Pagefind's page hashes → our pack numbers, from each bundle's pf_meta."""
    out = {}
    for b in table["bundles"]:
        (meta_file,) = (root / b["path"]).glob("*.pf_meta")
        meta, _ = _cbor(gzip.decompress(meta_file.read_bytes()), len(FRAGMENT_SIGNATURE))
        for number, (page_hash, _) in enumerate(meta[1]):  # type: ignore[index]
            out[page_hash] = b["pages"][number]
    return out


def test_the_index_reader_finds_what_pagefinds_own_search_finds(browser: Any, synthetic_url: str,
                                                                synthetic: tuple[Path, list[SearchDoc]]) -> None:
    root = synthetic[0] / "pagefind"
    table = json.loads(gzip.decompress((root / "articles.json.gz").read_bytes()))
    packs = pack_of_page_hash(root, table)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    open_search(page, synthetic_url + "search/")
    theirs = page.evaluate(PAGEFIND_SEARCH, [synthetic_url + "pagefind/", table["bundles"], WORDS])
    found_any = 0
    for word in WORDS:
        ours = page.evaluate("w => window.baoku.lookup(w)", word)
        want = {str(packs[page_hash]): sorted(p for p in positions if p >= 0)
                for page_hash, positions in theirs[word]}
        assert ours == want, word
        found_any += bool(ours)
    context.close()
    assert found_any >= len(WORDS) - 4
