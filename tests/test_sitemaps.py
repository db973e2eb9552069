"""A sitemap too large for one file becomes an index of parts, as the sitemaps.org protocol asks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from helpers import ROOT

from baoku import feeds
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


def _locs(xml: str) -> list[tuple[str, str | None]]:
    root = ET.fromstring(xml)
    return [(item.findtext(f"{NS}loc") or "", item.findtext(f"{NS}lastmod")) for item in root]


def test_a_sitemap_that_fits_in_one_file_is_one_urlset() -> None:
    made = feeds.sitemaps(environment(ROOT / "templates"), SiteConfig(), _pages(), limit=20)
    assert [path for path, _ in made] == ["sitemap.xml"]
    assert ET.fromstring(made[0][1]).tag == f"{NS}urlset"
    assert len(_locs(made[0][1])) == 20


def test_a_larger_sitemap_is_an_index_of_parts_by_year_each_within_the_limit() -> None:
    config = SiteConfig(base_url="https://bao.example.cn/archive/")
    made = dict(feeds.sitemaps(environment(ROOT / "templates"), config, _pages(), limit=5))
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
