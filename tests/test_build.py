"""End-to-end: build a small real archive and check pages, links, feeds and failure modes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import ROOT, copy_fixture, tree_digest, write_article

from baoku import cite, pipeline, render, urls
from baoku.config import SiteConfig
from baoku.errors import BuildError
from baoku.model import Article


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = copy_fixture(tmp_path_factory.mktemp("e2e"))
    output = content.parent / "site"
    pipeline.build(content, output, search=False, workers=1)
    return output


def _page(site: Path, url: str) -> str:
    return (site / urls.output_path(url)).read_text(encoding="utf-8")


def test_every_internal_link_in_the_built_site_resolves(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        if page.name == "404.html":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists() and "pagefind" not in link:
                broken.append(f"{page.relative_to(site)} → {link}")
    assert broken == []


def test_the_article_page_shows_headline_group_date_and_citation(site: Path) -> None:
    html = _page(site, "2022/07/28/01.html")
    assert '<p class="kicker">市政府新闻办发布会</p>' in html
    assert '<h1 class="headline">持续提升信贷便利</h1>' in html
    assert '<p class="subtitle">我市支持市场主体融资额34.48亿元</p>' in html
    assert "2022年7月28日 星期四" in html
    assert "<cite>《持续提升信贷便利》，《太原日报》2022年7月28日第1版</cite>" in html
    assert "https://baoku.example.org/2022/07/28/01.html" in html
    assert "<h2>金融服务平台发力</h2>" in html


def test_the_article_page_links_its_authors_and_neighbours_in_the_issue(site: Path) -> None:
    html = _page(site, "2022/07/28/02.html")
    assert "<cite>于健、刘笑英、赵冰清：《大盂新城数字电网方案获评全省电力示范项目》，《太原日报》2022年7月28日</cite>" in html
    assert '<a href="../../../author/%E4%BA%8E%E5%81%A5.html">于健</a>' in html
    assert 'rel="prev" href="../../../2022/07/28/01.html"' in html
    assert 'rel="next" href="../../../2022/07/28/03.html"' in html


def test_the_article_page_carries_news_article_json_ld(site: Path) -> None:
    html = _page(site, "2022/07/28/03.html")
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "古交市开启校地合作 促小小榛子“生”金银"
    assert data["datePublished"] == "2022-07-28"
    assert data["printColumn"] == "太忻一体化经济区 强势起步进行时"
    assert [a["name"] for a in data["author"]] == ["刘志刚", "晓心", "贾少先"]
    assert '<meta property="og:title" content="古交市开启校地合作 促小小榛子“生”金银">' in html


def test_the_issue_page_puts_the_lead_story_first(site: Path) -> None:
    html = _page(site, "2022/07/28/")
    titles = re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[0] == "持续提升信贷便利"
    assert len(titles) == 5
    assert "太忻一体化经济区 强势起步进行时" in html


def test_cards_show_the_page_in_an_issue_and_the_date_everywhere_else(site: Path) -> None:
    issue = re.findall(r'<p class="card-meta">(.*?)</p>', _page(site, "2022/07/28/"), re.DOTALL)
    author = re.findall(r'<p class="card-meta">(.*?)</p>', _page(site, "author/于健.html"), re.DOTALL)
    assert "<span>第1版</span>" in issue[0] and not any("<time" in meta for meta in issue)
    assert author and all('<time datetime="2022-07-28">2022年7月28日</time>' in meta for meta in author)


def test_the_month_page_links_issue_days_in_its_calendar(site: Path) -> None:
    html = _page(site, "2022/07/")
    assert 'href="../../2022/07/28/"' in html
    assert "2022年7月" in html


def test_feeds_and_sitemap_are_well_formed_and_list_every_page(site: Path) -> None:
    atom = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    assert len(entries) == 7
    assert entries[0].findtext("a:updated", namespaces=ns) == "2023-01-05T00:00:00+08:00"
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    html_pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(locs) == len(html_pages)
    assert "https://baoku.example.org/2022/07/28/01.html" in locs
    assert (site / "robots.txt").read_text().endswith("Sitemap: https://baoku.example.org/sitemap.xml\n")


def test_the_404_page_links_from_the_base_path(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/static/style.css"' in html


def test_markup_in_article_text_is_shown_as_text(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/28/09.md", 'title: "<script>alert(1)</script>"\ndate: 2022-07-28',
                  "<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))\n")
    pipeline.build(content, tmp_path / "site", search=False, workers=1)
    html = _page(tmp_path / "site", "2022/07/28/09.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html.split('class="article-body')[1].split("</div>")[0].replace(
        "[点我](javascript:alert(1))", "")


def test_an_article_whose_url_is_taken_by_an_index_page_is_refused(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/28/index.md", "title: 通告\ndate: 2022-07-28")
    with pytest.raises(BuildError) as error:
        pipeline.build(content, tmp_path / "site", search=False, workers=1)
    assert str(error.value) == ("articles/2022/07/28/index.md: two pages would be written to "
                                "2022/07/28/index.html: the generated page 2022/07/28/ and the article "
                                "articles/2022/07/28/index.md; rename the value or the article file so "
                                "that they differ")


def test_two_author_names_that_make_one_file_name_are_both_named(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/28/31.md", "title: 甲\ndate: 2022-07-28\nauthors: ['a/b']")
    write_article(content, "2022/07/28/32.md", "title: 乙\ndate: 2022-07-28\nauthors: ['a-b']")
    with pytest.raises(BuildError) as error:
        pipeline.build(content, tmp_path / "site", search=False, workers=1)
    message = str(error.value)
    assert "two pages would be written to author/a-b.html" in message
    assert "the author 'a-b' (named in articles/2022/07/28/32.md)" in message
    assert "the author 'a/b' (named in articles/2022/07/28/31.md)" in message


def test_a_page_that_would_be_the_folder_of_other_pages_is_refused(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    config = content / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = 30", "per_page = 1\narchive_per_page = 1"),
                      encoding="utf-8")
    write_article(content, "2022/07/28/31.md", "title: 甲\ndate: 2022-07-28\nauthors: ['a']")
    for number, title in ((32, "乙"), (33, "丙")):  # the author 'a.html' has an older page: author/a.html/1.html
        write_article(content, f"2022/07/28/{number}.md", f"title: {title}\ndate: 2022-07-28\nauthors: ['a.html']",
                      f"{title}的正文。\n")
    with pytest.raises(BuildError) as error:
        pipeline.build(content, tmp_path / "site", search=False, workers=1)
    assert str(error.value) == ("articles/2022/07/28/31.md: author/a.html would be both a page (the author "
                                "'a' (named in articles/2022/07/28/31.md)) and the folder of other pages; "
                                "rename the value or the article file so that they differ")


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    before = tree_digest(output)
    write_article(content, "2022/07/29/01.md", "title: 通告\ndate: 2022-02-30")
    with pytest.raises(BuildError):
        pipeline.build(content, output, search=False, workers=1)
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def _pagefind_services() -> set[int]:
    """Pids of the running `pagefind --service` processes."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if len(argv) > 1 and "pagefind" in Path(argv[0].decode(errors="replace")).name and argv[1] == b"--service":
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="search runs aside only where it can fork")
def test_a_render_failing_while_search_indexes_aside_leaves_the_site_and_no_process_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import time
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    before, running = tree_digest(output), _pagefind_services()

    def failing_render(*args: object, **kwargs: object) -> None:
        deadline = time.monotonic() + 20
        while not _pagefind_services() - running and time.monotonic() < deadline:
            time.sleep(0.01)  # until the process aside has started Pagefind
        assert _pagefind_services() - running, "no Pagefind process was indexing beside the render"
        raise RuntimeError("a template failed")

    monkeypatch.setattr(pipeline, "render_all", failing_render)
    with pytest.raises(RuntimeError, match="a template failed"):
        pipeline.build(content, output, workers=2)
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert multiprocessing.active_children() == []
    deadline = time.monotonic() + 20
    while _pagefind_services() - running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _pagefind_services() - running


def test_the_same_content_builds_a_byte_identical_site_search_index_included(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    pipeline.build(content, tmp_path / "one", workers=2)
    pipeline.build(content, tmp_path / "two", workers=1)
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert any(name.startswith("pagefind/") for name in one)
    assert one == two


def test_cards_rendered_in_worker_processes_give_the_same_site(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    alone = copy_fixture(tmp_path / "alone")
    pipeline.build(alone, tmp_path / "alone" / "site", search=False, workers=1)
    monkeypatch.setattr(render, "PARALLEL_CARDS", 1)
    forked = copy_fixture(tmp_path / "forked")
    pipeline.build(forked, tmp_path / "forked" / "site", search=False, workers=2)
    assert tree_digest(tmp_path / "forked" / "site") == tree_digest(tmp_path / "alone" / "site")


def test_a_retitled_article_shows_its_new_title_in_every_list_on_the_next_build(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    path = content / "articles/2022/07/28/01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 持续提升信贷便利",
                                                             "title: 信贷便利持续提升"), encoding="utf-8")
    pipeline.build(content, output, search=False, workers=1)
    issue = _page(output, urls.issue(dt.date(2022, 7, 28)))
    assert "信贷便利持续提升" in issue
    assert "持续提升信贷便利" not in issue
    fresh = tmp_path / "fresh"
    shutil.copytree(content, fresh / "content")
    pipeline.build(fresh / "content", fresh / "site", search=False, workers=1)
    assert tree_digest(output) == tree_digest(fresh / "site")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def test_check_lists_every_problem_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/29/01.md", "date: 2022-07-29")
    write_article(content, "2022/07/29/02.md", "title: 通告\ndate: 2022-07-29\nkind: essay")
    result = _cli("check", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Found 2 problem(s); nothing was written:",
        "  articles/2022/07/29/01.md: title: is required (主题 (required))",
        ("  articles/2022/07/29/02.md:4: kind: must be one of news, feature, commentary, interview, photo, "
         "notice, got 'essay'"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_build_prints_a_summary_with_time_per_phase(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    result = _cli("build", "--content", str(content), "--output", str(tmp_path / "out"), "--no-search",
                  cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.match(r"7 articles → \d+ pages, \d+ files", result.stdout)
    assert "phases: load" in result.stdout and "render" in result.stdout
    assert result.stderr == ""
    assert (tmp_path / "out" / "index.html").exists()


def test_an_article_in_a_column_has_crumbs_day_column_then_its_own_title(site: Path) -> None:
    html = _page(site, "2022/07/28/03.html")
    start = html.index('<nav class="wrap breadcrumbs"')
    crumbs = html[start:html.index("</nav>", start)]
    assert '<a href="../../../2022/07/28/">28日</a>' in crumbs
    assert ">太忻一体化经济区 强势起步进行时</a></li>" in crumbs  # linked to the column's page
    assert crumbs.count("aria-current") == 1
    assert '<span aria-current="page">古交市开启校地合作 促小小榛子“生”金银</span>' in crumbs


def test_the_navigation_marks_a_pages_own_entry_as_the_page_and_its_section_as_current(site: Path) -> None:
    assert '<a href="../dates/" aria-current="page">按日期</a>' in _page(site, "dates/")
    assert '<a href="../../../dates/" aria-current="true">按日期</a>' in _page(site, "2022/07/28/03.html")


def test_the_month_pager_says_earlier_or_later_across_months_without_an_issue(site: Path) -> None:
    assert 'rel="next" href="../../2023/01/">较晚：2023年1月 ›</a>' in _page(site, "2022/07/")
    assert 'rel="prev" href="../../2022/07/">‹ 较早：2022年7月</a>' in _page(site, "2023/01/")


def test_a_photo_is_credited_to_its_photographer_in_cards_citation_and_json_ld(site: Path) -> None:
    html = _page(site, "2022/07/28/04.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["author"] == [{"@type": "Person", "name": "王韵菲"}]
    assert "<cite>王韵菲：《7月27日，我市突降大雨》，《太原日报》2022年7月28日</cite>" in html
    assert "<span>王韵菲 摄</span>" in _page(site, "2022/07/28/")


def test_a_byline_of_the_paper_itself_is_an_organisation_in_json_ld() -> None:
    article = Article(id="2023/01/05/01", path="articles/2023/01/05/01.md", date=dt.date(2023, 1, 5),
                      title="舞起省会这个龙头", body="", authors=("本报评论员",))
    data = json.loads(cite.json_ld(SiteConfig(), article, "", (), "https://example.org/"))
    assert data["author"] == [{"@type": "Organization", "name": "本报评论员"}]


def test_every_page_has_open_graph_tags_and_list_pages_describe_themselves(site: Path) -> None:
    issue = _page(site, "2022/07/28/")
    assert '<meta property="og:title" content="太原日报 2022年7月28日 星期四">' in issue
    assert '<meta property="og:url" content="https://baoku.example.org/2022/07/28/">' in issue
    assert '<meta name="description" content="《太原日报》2022年7月28日 星期四，本期5篇，头条：持续提升信贷便利">' in issue
    author = _page(site, "author/于健.html")
    assert '<meta name="description" content="《太原日报》数字报库中作者为“于健”的文章">' in author
    assert '<meta property="og:type" content="website">' in author
    article = _page(site, "2022/07/28/01.html")
    assert article.count('<meta property="og:type"') == 1 and '<meta property="og:type" content="article">' in article


def test_a_title_the_paper_did_not_print_is_marked_on_the_page_and_in_the_citation(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/28/06.md", "title: 我市突降大雨\ntitle_supplied: true\ndate: 2022-07-28\n"
                  "kind: photo\nphotographers: [王韵菲]", body="7月27日,我市突降大雨。")
    pipeline.build(content, tmp_path / "site", search=False, workers=1)
    html = _page(tmp_path / "site", "2022/07/28/06.html")
    assert '<p class="title-note">原报无标题，标题为整理者所加</p>' in html
    assert "<cite>王韵菲：《我市突降大雨》（原无标题），《太原日报》2022年7月28日</cite>" in html
