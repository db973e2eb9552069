"""Building the search index: layout, tables, bundles, determinism, errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from helpers import tree_digest

from baoku.config import SiteConfig
from baoku.model import SearchDoc
from baoku.search import PagefindError, SearchStats, build_search
from baoku.search.records import plan
from baoku.search.tokenise import record_words


def doc(url: str, date: str, title: str = "标题", text: str = "正文。", **extra: object) -> SearchDoc:
    fields = {"kicker": "", "subtitle": "", "section": "经济", "column": "", "kind": "news", "authors": ()}
    fields.update(extra)
    return SearchDoc(url=url, title=title, text=text, date=date, **fields)  # type: ignore[arg-type]


DOCS = [
    doc("2021/12/31/01.html", "2021-12-31", "潇河大桥主体完成", "滨河东路南延工程。", authors=("陈剑",)),
    doc("2022/07/28/02.html", "2022-07-28", "持续提升信贷便利", "融资额34.48亿元。", kicker="市政府新闻办发布会"),
    doc("2022/07/28/01.html", "2022-07-28", "联席会议召开", "疫情防控。", column="要闻"),
    doc("2022/08/01/01.html", "2022-08-01", "社区食堂", "一碗红豆浆。", kind="feature", authors=("侯慧琴", "陈剑")),
    doc("2023/01/05/01.html", "2023-01-05", "舞起省会这个龙头", "营商环境。", section="评论", kind="commentary"),
]


def table(site: Path) -> dict[str, object]:
    return json.loads(gzip.decompress((site / "pagefind" / "articles.json.gz").read_bytes()))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchStats]:
    site = tmp_path_factory.mktemp("site")
    return site, build_search(site, DOCS, SiteConfig(), bundle_articles=2)


def test_articles_are_numbered_by_date_then_by_their_order_in_the_input() -> None:
    assert [d.url for d in plan(DOCS).docs] == [
        "2021/12/31/01.html", "2022/07/28/02.html", "2022/07/28/01.html", "2022/08/01/01.html", "2023/01/05/01.html"]


def test_packs_hold_one_month_and_bundles_whole_years_up_to_the_limit() -> None:
    layout = plan(DOCS, bundle_articles=2)
    assert [(b.name, [(p.first, p.end) for p in b.packs], b.articles) for b in layout.bundles] == [
        ("b0", [(0, 1)], 1), ("b1", [(1, 3), (3, 4)], 3), ("b2", [(4, 5)], 1)]
    one = plan(DOCS)
    assert [[p.first for p in b.packs] for b in one.bundles] == [[0, 1, 3, 4]]


def test_a_pack_is_its_articles_words_in_order_and_records_their_lengths() -> None:
    layout = plan(DOCS)
    july = layout.bundles[0].packs[1]
    first, _ = record_words("持续提升信贷便利", ["市政府新闻办发布会", "", "融资额34.48亿元。"])
    second, _ = record_words("联席会议召开", ["", "", "疫情防控。"])
    assert layout.content(july) == " ".join(first + second)
    assert layout.lengths[1:3] == [len(first), len(second)]


def test_the_search_folder_holds_bundles_the_article_table_and_one_file_per_article(
        built: tuple[Path, SearchStats]) -> None:
    site, _ = built
    root = site / "pagefind"
    assert sorted(p.name for p in root.iterdir()) == ["articles.json.gz", "authors.json.gz", "b0", "b1", "b2",
                                                      "docs"]
    assert sorted(p.name for p in (root / "b0").iterdir() if not p.name.endswith("pf_meta")) == [
        "index", "pagefind-entry.json", "pagefind-worker.js", "pagefind.js", "wasm.unknown.pagefind"]
    assert sorted(p.name for p in (root / "b1").iterdir() if not p.name.endswith("pf_meta")) == [
        "index", "pagefind-entry.json"]
    assert not list(root.rglob("fragment"))
    first = json.loads(gzip.decompress((root / "docs" / "0" / "1.json.gz").read_bytes()))
    assert first == {"url": "2022/07/28/02.html", "title": "持续提升信贷便利", "kicker": "市政府新闻办发布会",
                     "subtitle": "", "date": "2022-07-28", "text": "融资额34.48亿元。"}


def test_the_article_table_has_dates_filters_and_where_each_article_sits(built: tuple[Path, SearchStats]) -> None:
    t = table(built[0])
    assert t["count"] == 5
    assert t["packFirst"] == [0, 1, 3, 4, 5]
    assert [len(b["packs"]) for b in t["bundles"]] == [1, 2, 1]  # type: ignore[index]
    assert sorted(p for b in t["bundles"] for p in b["packs"].values()) == [0, 1, 2, 3]  # type: ignore[index,union-attr]
    assert all(b["chunks"] for b in t["bundles"])  # type: ignore[index,union-attr]
    days = [sum(t["day"][:i + 1]) for i in range(5)]  # type: ignore[index]
    assert days == [18992, 19201, 19201, 19205, 19362]
    values = t["values"]
    assert [values["section"][c] for c in t["section"]] == ["经济", "经济", "经济", "经济", "评论"]  # type: ignore[index]
    assert [values["kind"][c] for c in t["kind"]] == ["news", "news", "news", "feature", "commentary"]  # type: ignore[index]
    authors = json.loads(gzip.decompress((built[0] / "pagefind" / "authors.json.gz").read_bytes()))
    assert [[authors["values"][c] for c in a] for a in authors["authors"]] == [
        ["陈剑"], [], [], ["侯慧琴", "陈剑"], []]
    assert t["titleWords"][0] == len(record_words("潇河大桥主体完成", [])[0])  # type: ignore[index]


def test_the_same_articles_give_byte_identical_files(tmp_path: Path, built: tuple[Path, SearchStats]) -> None:
    build_search(tmp_path, DOCS, SiteConfig(), bundle_articles=2)
    assert tree_digest(tmp_path / "pagefind") == tree_digest(built[0] / "pagefind")


def test_the_stats_summary_is_one_line_with_records_time_and_size(built: tuple[Path, SearchStats]) -> None:
    stats = built[1]
    assert (stats.articles, stats.packs, stats.bundles) == (5, 4, 3)
    assert "\n" not in stats.summary()
    assert stats.summary().startswith("5 articles in 3 bundle(s) of 4 records, ")
    assert stats.summary().endswith(f"MB in {stats.files} files")


def test_an_archive_without_articles_gets_an_empty_table(tmp_path: Path) -> None:
    stats = build_search(tmp_path, [], SiteConfig())
    assert stats.articles == 0
    assert table(tmp_path)["bundles"] == []


def test_a_missing_pagefind_binary_is_reported_with_how_to_install_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(PagefindError, match=r"pip install 'pagefind\[extended\]'"):
        build_search(tmp_path / "site", DOCS, SiteConfig())


def test_a_pagefind_binary_that_fails_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(PagefindError, match="the Pagefind service stopped unexpectedly"):
        build_search(tmp_path / "site", DOCS, SiteConfig())


def test_a_month_with_more_articles_than_a_pack_holds_is_split_into_several_packs() -> None:
    layout = plan(DOCS, pack_articles=1)
    assert [(p.number, p.first, p.end) for b in layout.bundles for p in b.packs] == [
        (0, 0, 1), (1, 1, 2), (2, 2, 3), (3, 3, 4), (4, 4, 5)]
