"""Building the search index: tiers, tables, bundles, reuse, determinism, errors."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
import os
import shutil
import threading
import time
import zlib
from pathlib import Path

import pytest
from helpers import copy_fixture, tree_digest

from baoku import parallel, pipeline, render, search
from baoku.config import SiteConfig
from baoku.model import SearchDoc
from baoku.search import PagefindError, SearchStats, build_search
from baoku.search.bundle import FRAGMENT_SIGNATURE, _cbor
from baoku.search.records import BLOCK, COLUMNS_FILE, LANGUAGE, PAD, plan
from baoku.search.service import Service
from baoku.search.tokenise import record_words


def doc(url: str, date: str, title: str = "标题", text: str = "正文。", **extra: object) -> SearchDoc:
    fields = {"kicker": "", "subtitle": "", "section": "经济", "column": "", "kind": "news", "authors": ()}
    fields.update(extra)
    return SearchDoc(url=url, title=title, body=text, date=date, **fields)  # type: ignore[arg-type]


DOCS = [
    doc("2021/12/31/01.html", "2021-12-31", "潇河大桥主体完成", "滨河东路南延工程。", authors=("陈剑",), page="1"),
    doc("2022/07/28/02.html", "2022-07-28", "持续提升信贷便利", "融资额34.48亿元。", kicker="市政府新闻办发布会",
        page="02"),
    doc("2022/07/28/01.html", "2022-07-28", "联席会议召开", "疫情防控。", column="要闻", page="01"),
    doc("2022/08/01/01.html", "2022-08-01", "社区食堂", "一碗红豆浆。", kind="feature", authors=("侯慧琴", "陈剑")),
    doc("2023/01/05/01.html", "2023-01-05", "舞起省会这个龙头", "营商环境。", section="评论", kind="commentary",
        page="A1"),
]


def table(site: Path) -> dict[str, object]:
    return json.loads(gzip.decompress((site / "pagefind" / "articles.json.gz").read_bytes()))  # type: ignore[no-any-return]


def columns(site: Path, bundle: str) -> tuple[dict[str, object], dict[str, list[int]]]:
    """A bundle's articles.bin.gz, read as its format says: a JSON header line, then
    each column as little-endian unsigned integers of the width the header names."""
    data = gzip.decompress((site / "pagefind" / bundle / COLUMNS_FILE).read_bytes())
    end = data.index(b"\n")
    header = json.loads(data[:end])
    at, cols = end + 1, {}
    for name, width in header["columns"]:
        cols[name] = [int.from_bytes(data[at + i * width:at + (i + 1) * width], "little")
                      for i in range(header["count"])]
        at += width * header["count"]
    assert at == len(data)
    return header, cols


def article_texts(site: Path, bundle: str) -> list[dict[str, str]]:
    """A bundle's docs.bin cut at the sizes its `doc` column gives (in `docUnit`
    bytes), each part gunzipped alone (as the browser does after a range request)."""
    data = (site / "pagefind" / bundle / "docs.bin").read_bytes()
    header, cols = columns(site, bundle)
    out, at = [], 0
    for units in cols["doc"]:
        size = units * header["docUnit"]  # type: ignore[operator]
        out.append(json.loads(gzip.decompress(data[at:at + size])))
        at += size
    assert at == len(data)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchStats]:
    site = tmp_path_factory.mktemp("site")
    return site, build_search(site, DOCS, SiteConfig(), bundle_articles=2)


def test_articles_are_numbered_by_date_then_by_their_order_in_the_input() -> None:
    assert [d.url for d in plan(DOCS).docs] == [
        "2021/12/31/01.html", "2022/07/28/02.html", "2022/07/28/01.html", "2022/08/01/01.html", "2023/01/05/01.html"]


def test_settled_years_are_grouped_up_to_the_limit_and_the_newest_month_is_a_tier_of_its_own() -> None:
    layout = plan(DOCS, bundle_articles=2)
    assert [(b.name, b.first, b.end, [(p.local, p.first, p.end) for p in b.packs], b.primary)
            for b in layout.bundles] == [
        ("2021", 0, 1, [(0, 0, 1)], True), ("2022", 1, 4, [(0, 1, 3), (1, 3, 4)], False),
        ("2023-01", 4, 5, [(0, 4, 5)], False)]
    assert [b.name for b in plan(DOCS).bundles] == ["2021_2022", "2023-01"]


def test_the_newest_years_earlier_months_are_one_tier_and_its_newest_month_another() -> None:
    docs = [*DOCS, doc("2023/03/02/01.html", "2023-03-02"), doc("2023/03/09/01.html", "2023-03-09")]
    layout = plan(docs)
    assert [(b.name, b.first, b.end) for b in layout.bundles] == [
        ("2021_2022", 0, 4), ("2023-01", 4, 5), ("2023-03", 5, 7)]


def test_a_month_with_more_articles_than_a_pack_holds_is_split_into_several_packs() -> None:
    layout = plan(DOCS, pack_articles=1)
    assert [(p.local, p.first, p.end) for b in layout.bundles for p in b.packs] == [
        (0, 0, 1), (1, 1, 2), (2, 2, 3), (3, 3, 4), (0, 4, 5)]


def test_a_pack_puts_each_article_in_a_slot_of_whole_blocks_with_its_title_padded_to_the_longest() -> None:
    layout = plan(DOCS)
    bundle = layout.bundles[0]
    july = bundle.packs[1]
    blocks, titles = [0] * 4, [0] * 3
    first, first_title = record_words("持续提升信贷便利", ["市政府新闻办发布会", "", "融资额34.48亿元。"])
    second, second_title = record_words("联席会议召开", ["", "", "疫情防控。"])
    assert first_title > second_title
    words = layout.words(bundle, july, blocks, titles).split(" ")
    assert titles == [0, first_title, 0]
    assert blocks == [0, 1, 1, 0]
    assert len(words) == 2 * BLOCK
    assert words[:len(first)] == first
    assert set(words[len(first):BLOCK]) == {PAD}
    second_slot = [*second[:second_title], *[PAD] * (first_title - second_title), *second[second_title:]]
    assert words[BLOCK:BLOCK + len(second_slot)] == second_slot
    assert set(words[BLOCK + len(second_slot):]) == {PAD}


def test_an_article_longer_than_a_block_takes_as_many_blocks_as_it_needs() -> None:
    text = "太原市" * BLOCK
    layout = plan([doc("2022/07/28/01.html", "2022-07-28", "长文", text)])
    bundle = layout.bundles[0]
    blocks, titles = [0], [0]
    words = layout.words(bundle, bundle.packs[0], blocks, titles).split(" ")
    size = len(record_words("长文", ["", "", text])[0])
    assert blocks == [-(-size // BLOCK)] == [4]
    assert len(words) == 4 * BLOCK


def test_pagefind_indexes_no_padding_and_counts_it_as_word_positions(tmp_path: Path) -> None:
    from baoku.search.service import Record, executable

    service = Service(executable())
    try:
        index = service.new_index(None)
        service.add_records(index, [Record(url="/p0/", content=f"甲乙 {PAD} {PAD} 乙丙", language=LANGUAGE, meta={},
                                           sort={})])
        files = service.get_files(index)
    finally:
        service.close()
    chunks = [gzip.decompress(data) for rel, data in files.items() if rel.startswith("index/")]
    assert len(chunks) == 1
    index_words, _ = _cbor(chunks[0], len(FRAGMENT_SIGNATURE))
    # [word, [[page, positions (as differences; a negative number sets the weight of those after it)]]]
    positions = {w[0]: [loc for loc in w[1][0][1] if loc >= 0] for w in index_words[0]}  # type: ignore[index]
    assert positions == {"甲乙": [0], "乙丙": [3]}


def test_a_tier_holds_its_index_its_articles_text_in_one_file_and_a_manifest(
        built: tuple[Path, SearchStats]) -> None:
    site, _ = built
    root = site / "pagefind"
    assert sorted(p.name for p in root.iterdir()) == ["2021", "2022", "2023-01", "articles.json.gz",
                                                      "authors.json.gz"]
    assert sorted(p.name for p in (root / "2021").iterdir() if not p.name.endswith("pf_meta")) == [
        "articles.bin.gz", "bundle.json", "docs.bin", "index", "pagefind-entry.json", "pagefind-worker.js",
        "pagefind.js", "wasm.unknown.pagefind"]
    assert sorted(p.name for p in (root / "2022").iterdir() if not p.name.endswith("pf_meta")) == [
        "articles.bin.gz", "bundle.json", "docs.bin", "index", "pagefind-entry.json"]
    assert not list(root.rglob("fragment"))
    july = article_texts(site, "2022")
    assert [d["url"] for d in july] == ["2022/07/28/02.html", "2022/07/28/01.html", "2022/08/01/01.html"]
    assert july[0] == {"url": "2022/07/28/02.html", "title": "持续提升信贷便利", "kicker": "市政府新闻办发布会",
                       "subtitle": "", "date": "2022-07-28", "page": "02", "text": "融资额34.48亿元。"}
    manifest = json.loads((root / "2022" / "bundle.json").read_bytes())
    listed = set(manifest["files"])
    assert listed == {p.relative_to(root / "2022").as_posix() for p in (root / "2022").rglob("*")
                      if p.is_file() and p.name != "bundle.json"}


def test_the_article_table_has_the_tiers_their_packs_and_every_articles_date(
        built: tuple[Path, SearchStats]) -> None:
    t = table(built[0])
    assert sorted(t) == ["bundles", "count", "day", "packFirst", "version"]
    assert t["count"] == 5
    assert t["packFirst"] == [0, 1, 3, 4, 5]
    assert [(b["path"], b["first"], b["pack"], sorted(b["pages"])) for b in t["bundles"]] == [  # type: ignore[index,union-attr]
        ("2021/", 0, 0, [0]), ("2022/", 1, 1, [1, 2]), ("2023-01/", 4, 3, [3])]
    for b in t["bundles"]:  # type: ignore[attr-defined]
        assert b["chunks"]
        assert [first for first, _ in b["chunks"]] == sorted(first for first, _ in b["chunks"])
        assert all((built[0] / "pagefind" / b["path"] / "index" / f"{name}.pf_index").is_file()
                   for _, name in b["chunks"])
    days = [sum(t["day"][:i + 1]) for i in range(5)]  # type: ignore[index]
    assert days == [18992, 19201, 19201, 19205, 19362]
    authors = json.loads(gzip.decompress((built[0] / "pagefind" / "authors.json.gz").read_bytes()))
    assert [[authors["values"][c] for c in a] for a in authors["authors"]] == [
        ["陈剑"], [], [], ["侯慧琴", "陈剑"], []]


def test_a_tiers_columns_hold_its_articles_blocks_title_slots_and_filters(built: tuple[Path, SearchStats]) -> None:
    header, cols = columns(built[0], "2022")
    assert header["count"] == 3 and header["block"] == BLOCK
    titles = [len(record_words(t, [])[0]) for t in ("持续提升信贷便利", "联席会议召开", "社区食堂")]
    assert header["titles"] == [max(titles[:2]), titles[2]]
    assert cols["blocks"] == [1, 1, 1]
    values = header["values"]
    assert [values["section"][c] for c in cols["section"]] == ["经济", "经济", "经济"]  # type: ignore[index]
    assert [values["column"][c] for c in cols["column"]] == ["", "要闻", ""]  # type: ignore[index]
    assert [values["kind"][c] for c in cols["kind"]] == ["news", "news", "feature"]  # type: ignore[index]
    assert [values["page"][c] for c in cols["page"]] == ["02", "01", ""]  # type: ignore[index]
    header, cols = columns(built[0], "2023-01")
    assert [header["values"]["section"][c] for c in cols["section"]] == ["评论"]  # type: ignore[index]
    assert [header["values"]["page"][c] for c in cols["page"]] == ["A1"]  # type: ignore[index]


def test_a_column_with_more_than_255_values_takes_two_bytes_a_value() -> None:
    from baoku.search.records import columns_file

    docs = [doc(f"2022/07/{1 + i // 300:02d}/{i % 300:03d}.html", f"2022-07-{1 + i // 300:02d}", column=f"栏目{i}")
            for i in range(300)]
    layout = plan(docs)
    bundle = layout.bundles[0]
    data = gzip.decompress(columns_file(layout, bundle, [70_000] * 300, [3], [16 * 300] * 300))
    header = json.loads(data[:data.index(b"\n")])
    assert dict(header["columns"]) == {"blocks": 4, "doc": 2, "section": 1, "column": 2, "kind": 1, "page": 1}
    assert header["docUnit"] == 16
    assert len(data) == data.index(b"\n") + 1 + 300 * (4 + 2 + 1 + 2 + 1 + 1)


def test_the_same_articles_give_byte_identical_files(tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    build_search(tmp_path, DOCS, SiteConfig(), bundle_articles=2)
    assert tree_digest(tmp_path / "pagefind") == tree_digest(built[0] / "pagefind")


def test_tiers_indexed_side_by_side_give_the_bytes_of_tiers_indexed_one_by_one(
        tmp_path: Path, built: tuple[Path, SearchStats], monkeypatch: pytest.MonkeyPatch) -> None:
    assert built[1].bundles >= 3  # the fixture's build indexed several tiers at once
    monkeypatch.setattr(search, "INDEXERS", 1)
    build_search(tmp_path, DOCS, SiteConfig(), bundle_articles=2)
    assert tree_digest(tmp_path / "pagefind") == tree_digest(built[0] / "pagefind")


def test_a_new_day_reindexes_only_the_newest_month_and_gives_the_cold_builds_bytes(
        tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    docs = [*DOCS, doc("2023/01/06/01.html", "2023-01-06", "新的一天", "太原。")]
    again = build_search(tmp_path / "next", docs, SiteConfig(), previous=built[0], bundle_articles=2)
    assert (again.bundles, again.reused) == (3, 2)
    cold = build_search(tmp_path / "cold", docs, SiteConfig(), bundle_articles=2)
    assert cold.reused == 0
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(tmp_path / "cold" / "pagefind")
    assert (tmp_path / "next" / "pagefind" / "2021" / "pagefind.js").stat().st_nlink >= 2  # linked, not copied


def test_a_tier_lets_its_articles_go_once_indexed_and_the_next_tier_is_the_same(
        tmp_path: Path, built: tuple[Path, SearchStats], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "INDEXERS", 1)
    work = search.prepare_search(tmp_path, DOCS, bundle_articles=2)
    sizes = [len(job.docs) for job in work.jobs]
    assert len(sizes) >= 3 and all(sizes)
    search.complete_search(work)
    assert [len(job.docs) for job in work.jobs] == [0] * len(sizes)  # nothing of an indexed tier kept
    assert tree_digest(tmp_path / "pagefind") == tree_digest(built[0] / "pagefind")


@pytest.mark.parametrize("change", [{"section": "体育"}, {"column": "体坛快讯"}, {"kind": "feature"},
                                    {"page": "3"}])
def test_a_settled_articles_changed_filter_value_rebuilds_its_tier_as_a_cold_build_would(
        tmp_path: Path, built: tuple[Path, SearchStats], change: dict[str, str]) -> None:
    docs = [dataclasses.replace(d, **change) if d.date == "2021-12-31" else d for d in DOCS]
    again = build_search(tmp_path / "next", docs, SiteConfig(), previous=built[0], bundle_articles=2)
    cold = build_search(tmp_path / "cold", docs, SiteConfig(), bundle_articles=2)
    assert again.reused == cold.bundles - 1  # the 2021 tier alone
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(tmp_path / "cold" / "pagefind")


def test_articles_read_from_files_are_keyed_by_the_files_hashes_and_an_edit_rebuilds_its_tier(
        tmp_path: Path) -> None:
    """A tier's key names an article's text by the hash of its file (SearchDoc.source),
    which an edit changes: the text is not hashed again on every build."""
    read = [dataclasses.replace(d, source=f"{n:040x}") for n, d in enumerate(DOCS)]
    first = build_search(tmp_path / "first", read, SiteConfig(), bundle_articles=2)
    assert build_search(tmp_path / "same", read, SiteConfig(), previous=tmp_path / "first",
                        bundle_articles=2).reused == first.bundles
    edited = [dataclasses.replace(d, body=d.body + "（有删改）", source="e" * 40) if d.date == "2021-12-31" else d
              for d in read]
    again = build_search(tmp_path / "next", edited, SiteConfig(), previous=tmp_path / "first", bundle_articles=2)
    cold = build_search(tmp_path / "cold", edited, SiteConfig(), bundle_articles=2)
    assert again.reused == cold.bundles - 1
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(tmp_path / "cold" / "pagefind")


def test_a_damaged_bundle_in_the_previous_site_is_rebuilt_not_reused(
        tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    import shutil

    previous = tmp_path / "previous"
    shutil.copytree(built[0], previous)
    wasm = previous / "pagefind" / "2021" / "wasm.unknown.pagefind"
    wasm.write_bytes(wasm.read_bytes()[:65536])
    stats = build_search(tmp_path / "next", DOCS, SiteConfig(), previous=previous, bundle_articles=2)
    assert stats.reused == 2
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(built[0] / "pagefind")


def test_a_damaged_file_from_pagefind_fails_the_build_with_the_bundle_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Service.get_files

    def truncated(self: Service, index_id: int) -> dict[str, bytes]:
        files = real(self, index_id)
        files["wasm.unknown.pagefind"] = files["wasm.unknown.pagefind"][:65536]
        return files

    monkeypatch.setattr(Service, "get_files", truncated)
    with pytest.raises(PagefindError, match="damaged wasm.unknown.pagefind for bundle 2021"):
        build_search(tmp_path, DOCS, SiteConfig(), bundle_articles=2)


def test_the_stats_summary_is_one_line_with_records_time_and_size(built: tuple[Path, SearchStats]) -> None:
    stats = built[1]
    assert (stats.articles, stats.packs, stats.bundles, stats.reused) == (5, 4, 3, 0)
    assert "\n" not in stats.summary()
    assert stats.summary().startswith("5 articles in 3 bundle(s) (0 reused) of 4 records, ")
    assert stats.summary().endswith(f"MB in {stats.files} files")


def test_an_archive_without_articles_gets_an_empty_table(tmp_path: Path) -> None:
    stats = build_search(tmp_path, [], SiteConfig())
    assert stats.articles == 0
    assert table(tmp_path)["bundles"] == []


def test_a_missing_pagefind_binary_is_reported_with_how_to_install_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(PagefindError, match=r"pip install .pagefind"):
        build_search(tmp_path / "site", DOCS, SiteConfig())


def test_a_pagefind_binary_that_fails_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(PagefindError, match="/bin/false --version failed with exit code 1"):
        build_search(tmp_path / "site", DOCS, SiteConfig())


def test_a_pagefind_release_whose_index_search_js_cannot_read_is_refused(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'pagefind 1.6.0'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    with pytest.raises(PagefindError, match=r"is 'pagefind 1.6.0', but search.js reads the index files of "
                                            r"Pagefind 1.5.*pagefind\[bin\]>=1.5.2,<1.6"):
        build_search(tmp_path / "site", DOCS, SiteConfig())
    assert not (tmp_path / "site" / "pagefind" / "articles.json.gz").exists()


def test_a_failed_search_stage_is_a_build_problem_and_the_previous_site_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import copy_fixture

    from baoku import pipeline
    from baoku.errors import BuildError

    content = copy_fixture(tmp_path)
    site = tmp_path / "site"
    pipeline.build(content, site, workers=1)
    before = tree_digest(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildError) as raised:
        pipeline.build(content, site, workers=1)
    assert [(p.field, p.message.split(";")[0]) for p in raised.value.problems] == [
        ("search", "/bin/false --version failed with exit code 1")]
    assert tree_digest(site) == before


def test_a_previous_manifest_naming_a_file_outside_its_bundle_is_not_followed(
        tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    import shutil

    previous = tmp_path / "previous"
    shutil.copytree(built[0], previous)
    (tmp_path / "secret.txt").write_text("not the site's", encoding="utf-8")
    manifest_path = previous / "pagefind" / "2021" / "bundle.json"
    manifest = json.loads(manifest_path.read_bytes())
    manifest["files"]["../../../secret.txt"] = [14, "0" * 32]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    stats = build_search(tmp_path / "next", DOCS, SiteConfig(), previous=previous, bundle_articles=2)
    assert stats.reused == 2
    assert not (tmp_path / "next" / "secret.txt").exists()
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(built[0] / "pagefind")


def _fingerprints(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def test_bundle_files_the_last_build_recorded_are_not_read_again(
        tmp_path: Path, built: tuple[Path, SearchStats], monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    previous = tmp_path / "previous"
    shutil.copytree(built[0], previous)  # times kept, as the last build's record has them
    read: list[str] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    stats = build_search(tmp_path / "next", DOCS, SiteConfig(), previous=previous, bundle_articles=2,
                         trusted=_fingerprints(previous))
    assert stats.reused == 3
    assert set(read) == {"bundle.json"}  # only the manifests, for their keys
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(built[0] / "pagefind")


def test_a_bundle_file_changed_since_the_last_build_is_checked_and_a_damaged_bundle_rebuilt(
        tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    import shutil

    previous = tmp_path / "previous"
    shutil.copytree(built[0], previous)
    trusted = _fingerprints(previous)
    wasm = previous / "pagefind" / "2021" / "wasm.unknown.pagefind"
    wasm.write_bytes(bytes(len(wasm.read_bytes())))  # same size, new time, other bytes
    stats = build_search(tmp_path / "next", DOCS, SiteConfig(), previous=previous, bundle_articles=2,
                         trusted=trusted)
    assert stats.reused == 2
    assert tree_digest(tmp_path / "next" / "pagefind") == tree_digest(built[0] / "pagefind")


def test_a_display_data_member_is_padded_to_whole_units_in_its_gzip_header_and_gunzips_alone() -> None:
    from baoku.search.records import DOC_UNIT, _padded, gzip_bytes

    gaps = set()
    for i in range(300):
        text = "太原".encode() * i + hashlib.sha256(str(i).encode()).digest() * (i % 7)
        member = gzip_bytes(text)
        gaps.add(len(member) % DOC_UNIT)
        padded = _padded(member)
        assert len(padded) % DOC_UNIT == 0 and len(member) <= len(padded) < len(member) + DOC_UNIT + 6
        assert gzip.decompress(padded) == text and zlib.decompress(padded, 16 + zlib.MAX_WBITS) == text
        if padded != member:  # RFC 1952: FEXTRA set, XLEN bytes of one subfield "BK"
            xlen = int.from_bytes(padded[10:12], "little")
            assert padded[3] == 4 and padded[12:14] == b"BK" and int.from_bytes(padded[14:16], "little") == xlen - 4
    assert gaps == set(range(DOC_UNIT))  # every gap was met


def test_tiers_are_indexed_two_at_a_time_only_while_their_articles_fit_the_budget() -> None:
    lock, running, seen = threading.Lock(), [], []
    together = threading.Barrier(2, timeout=30)  # 7 and 1 fit side by side: each waits for the other

    def work(size: int) -> int:
        with lock:
            running.append(size)
            seen.append(sum(running))
        if size in (7, 1):
            together.wait()
        time.sleep(0.02)
        with lock:
            running.remove(size)
        return size * 10

    sizes = [19, 19, 7, 1, 12, 12, 30]  # settled tiers, the newest year's months, its newest month…
    assert search._side_by_side(work, sizes, sizes, 25) == [s * 10 for s in sizes]
    assert all(total <= 25 or total in sizes for total in seen)  # two at once only within the budget
    assert max(seen) == 30  # a tier over the budget runs alone


def test_a_tier_that_fails_fails_the_stage_after_the_others_running_end() -> None:
    ended = []

    def work(size: int) -> int:
        if size == 2:
            raise PagefindError("Pagefind exited with code 1 after indexing bundle 2021")
        time.sleep(0.05)
        ended.append(size)
        return size

    with pytest.raises(PagefindError, match="bundle 2021"):
        search._side_by_side(work, [1, 2, 3], [1, 2, 3], 10)
    assert 1 in ended


def test_beside_the_render_only_tiers_that_fit_alongside_start_and_the_rest_once_it_has_ended() -> None:
    lock, started = threading.Lock(), []
    released = threading.Event()

    def work(size: int) -> int:
        with lock:
            started.append((size, released.is_set()))
        if size == 3:  # the newest month, indexed while the render runs; the render then ends
            time.sleep(0.05)
            released.set()
        return size * 10

    sizes = [19, 12, 3, 30]  # settled tiers, the newest year's months, its newest month, a large tier
    assert search._side_by_side(work, sizes, sizes, 25, alongside=5, released=released) == [s * 10 for s in sizes]
    assert started[0] == (3, False)  # the first tier in order that fits beside the render
    assert all(done for size, done in started[1:])  # nothing over `alongside` started before the release
    assert [size for size, _ in started[1:]] == [19, 12, 30]  # then in order, as without a render


def test_beside_a_large_archive_only_the_newest_month_is_indexed_alongside_the_render(tmp_path: Path) -> None:
    small = search.prepare_search(tmp_path / "a", DOCS, bundle_articles=25_000)
    assert 25_000 - len(DOCS) < small.alongside < 25_000  # a small archive leaves Pagefind its budget
    many = [dataclasses.replace(DOCS[0], url=f"2021/0{month}/01/{n}.html", date=f"2021-0{month}-01")
            for month in range(1, 9) for n in range(500)]
    many += [dataclasses.replace(DOCS[0], url=f"2021/09/01/{n}.html", date="2021-09-01") for n in range(700)]
    large = search.prepare_search(tmp_path / "b", many, bundle_articles=1_500)
    assert large.alongside == 700  # the newest month: 1,500 - 4,700 / 4 is less
    assert [len(job.docs) for job in large.jobs] == [4_000, 700]


def test_articles_are_numbered_by_date_then_in_the_order_given() -> None:
    import random

    from baoku.search.records import order

    chance = random.Random(7)
    docs = [dataclasses.replace(DOCS[0], url=f"{n}.html", date=f"2021-0{chance.randint(1, 3)}-0{chance.randint(1, 2)}")
            for n in range(300)]
    expected = [doc for _, doc in sorted(enumerate(docs), key=lambda pair: (pair[1].date, pair[0]))]
    assert order(docs) == expected


def test_a_tiers_key_changes_with_every_field_it_holds_and_with_text_moved_between_fields() -> None:
    base = [dataclasses.replace(d, source="") for d in DOCS]
    layout = plan(base)
    tier = layout.bundles[0]
    key = layout.key(tier, "pagefind 1.5.2")
    assert plan(list(base)).key(tier, "pagefind 1.5.2") == key
    first = base[0]
    changed = [dataclasses.replace(first, **{name: getattr(first, name) + "乙"})
               for name in ("url", "title", "kicker", "subtitle", "body", "section", "column", "kind", "page")]
    moved = dataclasses.replace(first, title=first.title[:-1], kicker=first.title[-1] + first.kicker)
    filed = dataclasses.replace(first, source="0" * 40)
    for doc in [*changed, moved, filed]:
        assert plan([doc, *base[1:]]).key(tier, "pagefind 1.5.2") != key, doc
    assert layout.key(tier, "pagefind 1.5.3") != key


def test_a_tier_too_large_to_index_beside_the_whole_render_takes_one_of_its_workers(tmp_path: Path) -> None:
    many = [dataclasses.replace(DOCS[0], url=f"2020/0{month}/01/{n}.html", date=f"2020-0{month}-01")
            for month in range(1, 9) for n in range(500)]
    many += [dataclasses.replace(DOCS[0], url=f"2021/01/01/{n}.html", date="2021-01-01") for n in range(300)]
    cold = search.prepare_search(tmp_path / "a", many, bundle_articles=4_000)
    assert [len(job.docs) for job in cold.jobs] == [4_000, 300] and cold.alongside == 4_000 - 4_300 // 4
    shared, workers = search.share_cores(cold, 2)
    assert workers == 1 and shared.alongside == 4_000  # the settled year beside a render of one process
    assert shared.jobs == cold.jobs and shared.budget == cold.budget
    assert search.share_cores(cold, 1) == (cold, 1)  # a render of one process keeps it: after it, as before
    assert search.share_cores(cold, 4)[1] == 3
    day = dataclasses.replace(cold, jobs=cold.jobs[1:])  # a day's import: the newest month only
    assert search.share_cores(day, 2) == (day, 2)


def test_a_cold_build_whose_settled_tier_waits_for_the_render_renders_in_one_process_beside_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's 2022 (five articles) is a settled tier too large to index beside the
    whole render when a tier holds five articles at most (alongside: 5 - 7 / 4, or the
    newest month's 2): a render of two workers gives one up to it, and the site is the
    one a build of one process makes."""
    content = copy_fixture(tmp_path)
    shutil.copytree(content, tmp_path / "alone")
    monkeypatch.setattr(search, "prepare_search", functools.partial(search.prepare_search, bundle_articles=5))
    used: list[int] = []
    render_all = pipeline.render_all

    def spy(*args: object, **kwargs: object) -> object:
        used.append(kwargs["workers"])  # type: ignore[arg-type]
        return render_all(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(pipeline, "render_all", spy)
    pipeline.build(content, tmp_path / "site", workers=2)
    pipeline.build(tmp_path / "alone", tmp_path / "one", workers=1)
    assert used == [1, 1]
    assert sorted(p.name for p in (tmp_path / "site" / "pagefind").iterdir() if p.is_dir()) == ["2022", "2023-01"]
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "one")
    monkeypatch.setattr(search, "prepare_search", functools.partial(search.prepare_search, bundle_articles=25_000))
    shutil.copytree(tmp_path / "alone", tmp_path / "fits", ignore=shutil.ignore_patterns(".cache"))
    pipeline.build(tmp_path / "fits", tmp_path / "fits-site", workers=2)
    assert used[-1] == 2  # every tier fits beside the render: it keeps both


def test_a_render_that_gave_a_worker_to_the_tiers_takes_it_back_once_they_have_ended(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As above (one process beside a settled tier); the search aside is then taken as
    ended once three chunks of pages are rendered: the pages left are rendered by two
    forked workers, and the site is the one a build of one process makes."""
    content = copy_fixture(tmp_path)
    shutil.copytree(content, tmp_path / "alone")
    monkeypatch.setattr(search, "prepare_search", functools.partial(search.prepare_search, bundle_articles=5))
    monkeypatch.setattr(render, "STEP", 8)  # chunks of two pages
    places = tmp_path / "rendered-in"
    monkeypatch.setattr(parallel.Aside, "done", lambda self: places.exists() and len(places.read_text().split()) >= 3)
    monkeypatch.setattr(render, "_render_slice", functools.partial(_recording, places, os.getpid()))
    pipeline.build(content, tmp_path / "site", workers=2)
    rendered_in = places.read_text().split()
    assert rendered_in[:3] == ["False"] * 3 and set(rendered_in[3:]) == {"True"} and len(rendered_in) > 10
    places.unlink()
    pipeline.build(tmp_path / "alone", tmp_path / "one", workers=1)
    assert set(places.read_text().split()) == {"False"}
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "one")


_RENDER_SLICE = render._render_slice


def _recording(places: Path, here: int, todo: list[tuple[int, bytes | None]]) -> tuple[int, list[object]]:
    """render._render_slice, noting whether it ran in a process forked from `here`."""
    with open(places, "a") as file:
        file.write(f"{os.getpid() != here}\n")
    return _RENDER_SLICE(todo)  # type: ignore[return-value]
