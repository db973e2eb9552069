"""Pages unchanged since the last build are linked from it, and the site stays exact."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture, tree_digest

from baoku import pipeline, urls
from baoku.reuse import Reuse

ISSUE = urls.output_path(urls.issue(dt.date(2022, 7, 28)))
ARTICLE = urls.output_path(urls.article("2022/07/28/01"))
OTHER_ISSUE_ARTICLE = urls.output_path(urls.article("2023/01/05/02"))


def _fresh_build(content: Path, tmp_path: Path) -> dict[str, str]:
    """The site a build from scratch (no cache, no previous site) makes of `content`."""
    fresh = tmp_path / "fresh"
    shutil.copytree(content, fresh / "content")
    pipeline.build(fresh / "content", fresh / "site", search=False, workers=1)
    return tree_digest(fresh / "site")


def _retitle(content: Path) -> None:
    path = content / "articles/2022/07/28/01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 持续提升信贷便利",
                                                             "title: 信贷便利持续提升"), encoding="utf-8")


def test_a_rebuild_with_nothing_changed_links_every_page_from_the_last_build(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    first = pipeline.build(content, output, search=False, workers=1)
    assert first.reused == 0
    inode = (output / ARTICLE).stat().st_ino
    before = tree_digest(output)
    again = pipeline.build(content, output, search=False, workers=2, skip_unchanged=False)
    assert again.reused == again.pages == first.pages
    assert (output / ARTICLE).stat().st_ino == inode  # the very same file
    assert tree_digest(output) == before
    third = pipeline.build(content, output, search=False, workers=1, skip_unchanged=False)
    assert third.reused == third.pages  # the old site's removal does not spoil the next reuse


def test_a_retitled_article_renders_only_the_pages_that_show_it_and_the_site_stays_exact(
        tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    other = (output / OTHER_ISSUE_ARTICLE).stat().st_ino
    _retitle(content)
    report = pipeline.build(content, output, search=False, workers=1)
    assert 0 < report.reused < report.pages
    assert "信贷便利持续提升" in (output / ISSUE).read_text(encoding="utf-8")
    assert (output / OTHER_ISSUE_ARTICLE).stat().st_ino == other
    assert tree_digest(output) == _fresh_build(content, tmp_path)


def _edit(content: Path, change: str) -> None:
    path = content / "articles/2022/07/28/02.md"
    text = path.read_text(encoding="utf-8")
    if change == "related":  # an article of another issue becomes related to this one
        path = content / "articles/2023/01/05/02.md"
        text = path.read_text(encoding="utf-8") + "\n" + text.split("---", 2)[2]
    elif change == "author":  # 于健's page keeps one article fewer, 贾少先 gets a page
        text = text.replace("- 于健\n", "- 贾少先\n")
    elif change == "topics":  # 龙头 gets a page: the other issue's article on it links it
        text = text.replace("order: 2\n", "order: 2\ntopics: [龙头, 数字电网]\n")
    elif change == "column":
        text = text.replace("order: 2\n", "order: 2\ncolumn: 太忻一体化经济区 强势起步进行时\n")
    elif change == "removed":  # neighbours, related articles and lists all move
        # Not 02: it is one of the two articles of the fixture's only topic page, and an
        # index without pages leaves the navigation of every page (views.site_nav).
        (content / "articles/2022/07/28/04.md").unlink()
        return
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("change", ["related", "author", "topics", "column", "removed"])
def test_after_any_edit_the_rebuilt_site_equals_a_build_from_scratch(tmp_path: Path, change: str) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    _edit(content, change)
    report = pipeline.build(content, output, search=False, workers=1)
    assert 0 < report.reused < report.pages
    assert tree_digest(output) == _fresh_build(content, tmp_path)


def test_a_page_edited_in_the_built_site_is_rendered_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    before = tree_digest(output)
    page = output / ARTICLE
    page.write_text(page.read_text(encoding="utf-8").replace("信贷", "XX"), encoding="utf-8")
    report = pipeline.build(content, output, search=False, workers=1)
    assert report.reused == report.pages - 1
    assert tree_digest(output) == before


def test_a_changed_template_or_setting_renders_every_page_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    pipeline.build(content, output, search=False, workers=1, templates=templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("跳到正文", "跳至正文"), encoding="utf-8")
    report = pipeline.build(content, output, search=False, workers=1, templates=templates)
    assert report.reused == 0
    assert "跳至正文" in (output / ARTICLE).read_text(encoding="utf-8")
    config = content / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = ", "per_page = 1"),
                      encoding="utf-8")
    assert pipeline.build(content, output, search=False, workers=1, templates=templates).reused == 0


def test_a_build_into_another_folder_renders_every_page(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    pipeline.build(content, tmp_path / "one", search=False, workers=1)
    assert pipeline.build(content, tmp_path / "two", search=False, workers=1).reused == 0
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_a_project_moved_to_another_folder_with_its_site_and_cache_reuses_its_pages(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path / "here")
    first = pipeline.build(content, content.parent / "site", search=False, workers=1)
    shutil.copytree(tmp_path / "here", tmp_path / "there")  # a CI runner's other workspace: times kept
    moved = tmp_path / "there" / "content"
    _retitle(moved)
    again = pipeline.build(moved, moved.parent / "site", search=False, workers=1)
    assert first.pages // 2 < again.reused < again.pages
    assert tree_digest(moved.parent / "site") == _fresh_build(moved, tmp_path)


def test_a_context_that_cannot_be_hashed_has_no_key(tmp_path: Path) -> None:
    reuse = Reuse(tmp_path, tmp_path / "site", "version")
    page = ("x.html", "article.html", "article", None)
    assert reuse.key(page, {"a": lambda: None}) is None
    assert reuse.key(page, {"a": 1}) == reuse.key(page, {"a": 1}) != reuse.key(page, {"a": 2})
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert reuse.key(page, {"a": cyclic}) is None


def test_a_key_depends_on_values_only_not_on_which_objects_hold_them(tmp_path: Path) -> None:
    # A name a page shows twice may be one string object in one process and two in
    # another (memos fill in another order on other workers): the key is the same.
    reuse = Reuse(tmp_path, tmp_path / "site", "version")
    page = ("x.html", "article.html", "article", None)
    word = "社区食堂"
    name, twin = word[:2] + word[2:], word[:3] + word[3:]
    assert name == twin and name is not twin
    shown = ("topic", name, "topic/x.html")
    assert reuse.key(page, (name, shown, shown)) == reuse.key(page, (twin, ("topic", name, "topic/x.html"), shown))


def test_a_days_import_changes_a_terms_first_page_and_leaves_its_older_pages_as_they_were(
        tmp_path: Path) -> None:
    from bench.synthetic import front_matter, make_articles, write_content

    content = tmp_path / "content"
    write_content(content, 150)
    config = content / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = 30", "per_page = 2\narchive_per_page = 2"),
                      encoding="utf-8")
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    pages = {page: page.stat().st_ino for page in (output / "section").glob("*/*.html")}
    newest = {slug: max(int(p.stem) for p in pages if p.parent.name == slug) for slug in {p.parent.name for p in pages}}
    # A page links up to 3 pages either side and the one just newer, so any page more than
    # four below the newest older page stays exactly as it was.
    settled = [page for page in pages if int(page.stem) <= newest[page.parent.name] - 4]
    assert len(settled) >= 10
    for article in make_articles(170)[150:]:  # the rest of the day, and the next day's issue
        path = content / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(article), encoding="utf-8")
    pipeline.build(content, output, search=False, workers=1)
    assert [page for page in settled if page.stat().st_ino != pages[page]] == []  # linked, not rendered
    assert tree_digest(output) == _fresh_build(content, tmp_path)


def test_a_site_restored_from_a_ci_cache_with_new_inodes_is_still_reused(tmp_path: Path) -> None:
    projects = []
    for name in ("restored", "kept"):
        content = copy_fixture(tmp_path / name)
        pipeline.build(content, tmp_path / name / "site", search=False, workers=1)
        projects.append(content)
    output = tmp_path / "restored" / "site"
    shutil.copytree(output, tmp_path / "copy")  # new files, new inodes, the same times (what tar keeps)
    shutil.rmtree(output)
    (tmp_path / "copy").rename(output)
    assert pipeline.build(projects[0], output, search=False, workers=1).unchanged  # nothing to do at all
    reports = []
    for content in projects:  # the same edit in both: the restored site reuses as much as the kept one
        path = content / "articles" / "2022" / "07" / "28" / "01.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
        reports.append(pipeline.build(content, content.parent / "site", search=False, workers=1))
    assert reports[0].reused == reports[1].reused > reports[0].pages // 2
    assert tree_digest(output) == tree_digest(tmp_path / "kept" / "site")


def _folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def test_builds_that_take_the_previous_site_as_their_staging_folder_equal_a_build_from_scratch(
        tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    gone = content / "articles/2023/01/05/02.md"
    text = gone.read_text(encoding="utf-8")
    steps = [lambda: None, gone.unlink, lambda: _retitle(content),
             lambda: gone.write_text(text, encoding="utf-8")]  # removed, another edited, back
    for number, step in enumerate(steps):
        step()
        before = _inodes(output)
        report = pipeline.build(content, output, workers=2)
        assert (tmp_path / ".site.spare").is_dir() == (number > 0)  # the site before this one
        if number > 0:  # the pages it reused are the very files they were
            after = _inodes(output)
            assert len([rel for rel, inode in before.items() if after.get(rel) == inode]) >= report.reused
            assert report.reused > report.pages // 2
        fresh = tmp_path / f"fresh{number}"
        shutil.copytree(content, fresh / "content")
        pipeline.build(fresh / "content", fresh / "site", workers=2)
        assert tree_digest(output) == tree_digest(fresh / "site")
        assert _folders(output) == _folders(fresh / "site")  # no folder left empty
        assert (output / OTHER_ISSUE_ARTICLE).exists() == (number in (0, 3))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site.spare"]


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")} if site.exists() else {}


def test_a_build_that_renders_every_page_again_keeps_no_spare(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    _retitle(content)
    pipeline.build(content, output, search=False, workers=1)
    assert (tmp_path / ".site.spare").is_dir()
    config = content / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page = 30", "per_page = 29"), encoding="utf-8")
    report = pipeline.build(content, output, search=False, workers=1)
    assert report.reused == 0
    assert not (tmp_path / ".site.spare").exists()
    assert tree_digest(output) == _fresh_build(content, tmp_path)
