from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from baoku import urls


def test_an_article_url_is_its_file_path() -> None:
    assert urls.article("2022/07/28/03") == "2022/07/28/03.html"


def test_date_urls_nest_year_month_and_day() -> None:
    assert urls.issue(dt.date(2022, 7, 28)) == "2022/07/28/"
    assert urls.month(2022, 7) == "2022/07/"
    assert urls.year(2022) == "2022/"


def test_a_term_key_keeps_chinese_and_replaces_unsafe_characters() -> None:
    assert urls.key("太忻一体化经济区") == "太忻一体化经济区"
    assert urls.key("聚焦 安全生产") == "聚焦-安全生产"
    assert urls.key("../etc/passwd") == "etc-passwd"
    assert urls.key("..").startswith("t-")
    assert urls.key("index").startswith("t-")  # topic/index.html is the list of all topics


def test_links_are_relative_so_the_site_works_under_any_subpath() -> None:
    assert urls.link("2022/07/28/03.html", urls.root("2022/07/28/")) == "../../../2022/07/28/03.html"
    assert urls.link("", urls.root("topic/太原/2.html")) == "../../"
    assert urls.link("static/style.css", urls.root("")) == "static/style.css"
    assert urls.link("", urls.root("")) == "./"


def test_links_are_percent_encoded() -> None:
    assert urls.link("topic/太原/", "/archive/") == "/archive/topic/%E5%A4%AA%E5%8E%9F/"


def test_page_urls_map_to_index_files() -> None:
    assert str(urls.output_path("2022/07/28/")) == "2022/07/28/index.html"
    assert str(urls.output_path("")) == "index.html"
    assert str(urls.output_path("feed.xml")) == "feed.xml"


def test_permalinks_join_the_base_url() -> None:
    assert urls.absolute("https://example.org/archive/", "topic/太原/") == (
        "https://example.org/archive/topic/%E5%A4%AA%E5%8E%9F/")


@given(url=st.text(alphabet=st.sampled_from("az09AZ/#?=&._~-%中 +@!'()*\u3000"), max_size=20)
       | st.text(max_size=20))
def test_a_permalink_quotes_exactly_as_urllib_does_though_plain_urls_skip_it(url: str) -> None:
    from urllib.parse import quote
    assert urls.absolute("https://example.org/", url) == "https://example.org/" + quote(url, safe="/#?=&.-_~")


@given(url=st.text(min_size=1, max_size=30), root=st.sampled_from(
    ["", "../", "../../../../", "/", "/archive/", "/报库/", "/a b&c'/"]))
def test_a_link_is_its_root_prefix_followed_by_the_link_from_the_root(url: str, root: str) -> None:
    assert urls.link(url, root) == urls.link_prefix(root) + urls.link(url, "")


def test_a_printed_page_view_is_named_for_its_page_and_one_and_zero_one_are_one_page() -> None:
    day = dt.date(2023, 3, 1)
    assert urls.page(day, "1") == urls.page(day, "01") == urls.page(day, " 01 ") == "2023/03/01/第01版.html"
    assert urls.page(day, "12") == "2023/03/01/第12版.html"
    assert urls.page(day, "A1") == "2023/03/01/第A1版.html"
    assert urls.page(day, "") == "2023/03/01/其他.html"
    assert urls.page(day, "B/2") == "2023/03/01/第B-2版.html"


@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True),
       st.text(alphabet="0123456789ABab", min_size=0, max_size=4))
def test_a_page_view_never_has_the_url_of_an_article(article_name: str, label: str) -> None:
    """Article ids are ASCII (content._ID); page views always carry 第…版 or 其他."""
    day = dt.date(2023, 3, 1)
    assert urls.page(day, label) != urls.article(f"2023/03/01/{article_name}")
    assert urls.page(day, label).startswith("2023/03/01/")
