"""A sitemap too large for one file becomes an index of parts, as the sitemaps.org protocol asks."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest
from helpers import ROOT, copy_fixture, tree_digest, write_article

from baoku import feeds, pipeline
from baoku.config import SiteConfig
from baoku.render import environment

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _pages() -> list[tuple[str, str]]:
    """An invented archive's pages in site order: list pages first, then a city daily's
    articles of three years (6, 4 and 5 a year)."""
    pages = [("", ""), ("search.html", ""), ("dates.html", ""), ("topic/", ""), ("topic/pa-jiao/", "")]
    for year, count in ((2019, 6), (2020, 4), (2021, 5)):
        pages += [(f"{year}/03/{day:02d}/01.html", f"{year}-03-{day:02d}") for day in range(1, count + 1)]
    return pages


def _sitemaps(env: jinja2.Environment, config: SiteConfig, pages: list[tuple[str, str]],
              limit: int) -> list[tuple[str, str]]:
    """(site-relative path, XML) of every file of the sitemap, rendered at once."""
    return [(path, make(env)) for path, _, _, make in feeds.sitemap_files(config, pages, limit)]


def _locs(xml: str) -> list[tuple[str, str | None]]:
    root = ET.fromstring(xml)
    return [(item.findtext(f"{NS}loc") or "", item.findtext(f"{NS}lastmod")) for item in root]


def test_a_sitemap_that_fits_in_one_file_is_one_urlset() -> None:
    made = _sitemaps(environment(ROOT / "templates"), SiteConfig(), _pages(), limit=20)
    assert [path for path, _ in made] == ["sitemap.xml"]
    assert ET.fromstring(made[0][1]).tag == f"{NS}urlset"
    assert len(_locs(made[0][1])) == 20


def test_a_larger_sitemap_is_an_index_of_parts_by_year_each_within_the_limit() -> None:
    config = SiteConfig(base_url="https://bao.example.cn/archive/")
    made = dict(_sitemaps(environment(ROOT / "templates"), config, _pages(), limit=5))
    index = ET.fromstring(made["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert _locs(made["sitemap.xml"]) == [
        ("https://bao.example.cn/archive/sitemap-2019.xml", "2019-03-05"),
        ("https://bao.example.cn/archive/sitemap-2019-2.xml", "2019-03-06"),
        ("https://bao.example.cn/archive/sitemap-2020.xml", "2020-03-04"),
        ("https://bao.example.cn/archive/sitemap-2021.xml", "2021-03-05"),
        ("https://bao.example.cn/archive/sitemap-pages.xml", None)]
    listed = [loc for path, xml in made.items() if path != "sitemap.xml" for loc, _ in _locs(xml)]
    assert sorted(listed) == sorted(config.base_url + url for url, _ in _pages())  # each page once
    assert all(len(_locs(xml)) <= 5 for xml in made.values())
    assert _locs(made["sitemap-2020.xml"])[0] == ("https://bao.example.cn/archive/2020/03/01/01.html", "2020-03-01")


def test_a_days_import_writes_only_the_sitemap_parts_it_changes_and_links_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 8)  # the fixture's 2022, 2023 and other pages: parts
    content, site = copy_fixture(tmp_path), tmp_path / "site"
    pipeline.build(content, site, search=False, workers=1)
    before = {p.name: p.stat().st_ino for p in site.glob("sitemap*.xml")}
    assert {"sitemap.xml", "sitemap-2022.xml", "sitemap-2023.xml", "sitemap-pages.xml"} <= before.keys()
    write_article(content, "2023/01/05/09.md", "title: 市区新增三条公交线路\ndate: '2023-01-05'", "本报讯 新线路今起运营。\n")
    pipeline.build(content, site, search=False, workers=1)
    after = {p.name: p.stat().st_ino for p in site.glob("sitemap*.xml")}
    assert after.keys() == before.keys()
    assert after["sitemap-2022.xml"] == before["sitemap-2022.xml"]  # linked: no 2022 article changed
    assert after["sitemap-2023.xml"] != before["sitemap-2023.xml"]
    assert "2023/01/05/09.html" in (site / "sitemap-2023.xml").read_text(encoding="utf-8")
    cold = tmp_path / "cold"
    shutil.copytree(content, cold / "content")
    pipeline.build(cold / "content", cold / "site", search=False, workers=1)
    assert tree_digest(site) == tree_digest(cold / "site")
