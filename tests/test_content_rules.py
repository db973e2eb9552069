"""Content that used to be accepted silently is named as a problem, or fixed with a warning."""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import copy_fixture, write_article

from baoku import content as content_module
from baoku import pipeline
from baoku.content import load_articles
from baoku.errors import BuildError


def _messages(content: Path) -> list[str]:
    return [str(p) for p in load_articles(content, workers=1).problems]


def test_markdown_files_not_named_md_are_problems_not_skipped(tmp_path: Path) -> None:
    write_article(tmp_path, "2022/07/28/01.MD", "title: 甲\ndate: 2022-07-28")
    write_article(tmp_path, "2022/07/28/02.markdown", "title: 乙\ndate: 2022-07-28")
    (tmp_path / "articles" / "2022" / "07" / "28" / "notes.txt").write_text("x", encoding="utf-8")
    assert _messages(tmp_path) == [
        ("articles/2022/07/28/01.MD: is Markdown but not named '.md', so it would not be published: "
        "rename it to end in '.md'"),
        ("articles/2022/07/28/02.markdown: is Markdown but not named '.md', so it would not be published: "
        "rename it to end in '.md'")]


def _walked(root: Path, rel_root: str) -> tuple[list[str], list[str]]:
    """content._markdown_files as it was written over os.walk (the reference)."""
    found, problems = [], []
    cut = len(str(root))
    content = os.path.realpath(os.path.dirname(root))
    for directory, dirs, files in os.walk(root):
        rel_dir = (rel_root + directory[cut:].replace(os.sep, "/")).rstrip("/")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        problems += [f"{rel_dir}/{d}: folder link" for d in sorted(dirs) if os.path.islink(os.path.join(directory, d))]
        for name in sorted(files):
            if name.startswith("."):
                continue
            if not name.endswith(".md"):
                if content_module._OTHER_MARKDOWN.search(name):
                    problems.append(f"{rel_dir}/{name}: other Markdown")
                continue
            path = os.path.join(directory, name)
            if os.path.islink(path) and os.path.commonpath([content, os.path.realpath(path)]) != content:
                problems.append(f"{rel_dir}/{name}: outside")
                continue
            found.append(f"{rel_dir}/{name}")
    return found, problems


def test_the_article_listing_finds_what_os_walk_finds_links_hidden_files_and_stray_names_included(
        tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "away.md").write_text("x", encoding="utf-8")
    (outside / "folder").mkdir()
    for rel in ["2022/07/28/01.md", "2022/07/28/02.MD", "2022/07/28/.draft.md", "2022/07/29/01.md",
                "2022/.hidden/01.md", "2021/12/31/10.markdown", "2021/12/31/notes.txt", "2021/12/31/09.md"]:
        write_article(content, rel, "title: 甲\ndate: 2022-07-28")
    day = content / "articles" / "2022" / "07" / "28"
    (day / "03.md").symlink_to(outside / "away.md")
    (day / "04.md").symlink_to(content / "articles" / "2022" / "07" / "29" / "01.md")
    (day / "05.md").symlink_to(content / "articles" / "missing.md")  # dangling, inside
    (day / "linked").symlink_to(outside / "folder", target_is_directory=True)
    (content / "articles" / "2023").symlink_to(outside, target_is_directory=True)
    found, problems = content_module._markdown_files(content / "articles", "articles")
    kinds = {"is a link to a folder": "folder link", "is Markdown but": "other Markdown", "is a link to /": "outside"}
    named = [f"{p.path}: " + next(v for k, v in kinds.items() if p.message.startswith(k)) for p in problems]
    assert (found, named) == _walked(content / "articles", "articles")
    assert "articles/2022/07/28/04.md" in found and "articles/2022/07/28/05.md" in found


def test_a_date_that_disagrees_with_the_files_folder_is_a_problem(tmp_path: Path) -> None:
    write_article(tmp_path, "2022/07/28/01.md", "title: 甲\ndate: 2022-07-29")
    assert _messages(tmp_path) == [
        ("articles/2022/07/28/01.md:3: date: is 2022-07-29 but the file is filed under 2022/07/28: "
        "correct the date, or move the file to articles/2022/07/29/")]


@pytest.mark.parametrize("date", ["'20220728'", "'2022-W30-4'", "'2022-07-28T00:00'", "2022/07/28"])
def test_only_year_month_day_with_dashes_is_a_date(tmp_path: Path, date: str) -> None:
    write_article(tmp_path, "2022/07/28/01.md", f"title: 甲\ndate: {date}")
    assert [p.field for p in load_articles(tmp_path, workers=1).problems] == ["date"]


def test_a_link_to_a_file_outside_the_content_is_never_published(tmp_path: Path) -> None:
    content = tmp_path / "content"
    secret = tmp_path / "elsewhere.md"
    secret.write_text("---\ntitle: 私密\ndate: 2022-07-28\n---\n\n不该发布。\n", encoding="utf-8")
    write_article(content, "2022/07/28/01.md", "title: 甲\ndate: 2022-07-28")
    os.symlink(secret, content / "articles" / "2022" / "07" / "28" / "20.md")
    loaded = load_articles(content, workers=1)
    assert [a.id for a in loaded.articles] == ["2022/07/28/01"]
    assert [(p.path, p.message.split(",")[0]) for p in loaded.problems] == [
        ("articles/2022/07/28/20.md", f"is a link to {secret}")]


def test_a_link_inside_the_content_is_read_and_a_linked_folder_is_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "2022/07/28/01.md", "title: 甲\ndate: 2022-07-28")
    os.symlink(content / "articles" / "2022" / "07" / "28" / "01.md", content / "articles" / "2022" / "07" / "28" / "02.md")
    elsewhere = tmp_path / "other"
    write_article(elsewhere, "x.md", "title: 乙\ndate: 2022-07-29")
    os.symlink(elsewhere / "articles", content / "articles" / "2022" / "07" / "29")
    loaded = load_articles(content, workers=1)
    assert [a.id for a in loaded.articles] == ["2022/07/28/01", "2022/07/28/02"]
    assert [str(p) for p in loaded.problems] == [
        ("articles/2022/07/29: is a link to a folder, and links to folders are not followed: "
        "move the folder itself here")]


def test_control_characters_are_left_out_of_every_page_and_feed_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/28/30.md", "title: 分页\x0c符\ndate: 2022-07-28",
                  body="第一段\x0c第二段\x1b，还有\x85和\x00。\n")
    with caplog.at_level(logging.WARNING, logger="baoku"):
        pipeline.build(content, tmp_path / "site", search=False, workers=1)
    assert [r.getMessage() for r in caplog.records] == [
        ("warning: articles/2022/07/28/30.md:2: holds control characters (the first is U+000C); "
        "they are left out of the site: remove them from the file")]
    site = tmp_path / "site"
    for feed in [site / "feed.xml", *site.glob("section/*.xml"), site / "sitemap.xml"]:
        ET.parse(feed)
    page = (site / "2022" / "07" / "28" / "30.html").read_text(encoding="utf-8")
    assert "第一段第二段，还有和。" in page and "分页符" in page
    assert not any(c in page for c in "\x0c\x1b\x85\x00")


def test_check_names_a_missing_site_toml(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    (content / "site.toml").unlink()
    with pytest.raises(BuildError, match="site.toml: not found"):
        pipeline.check(content)


def test_the_quick_control_check_finds_exactly_what_the_pattern_finds() -> None:
    from baoku.content import _CONTROL_BYTES, _control_bytes

    text = "本报讯（记者 张三）太原·晋阳湖畔，“公园城市”建设提速！气温20°C。"
    samples = [*(chr(c) for c in range(0x20)), "\x7f", *(chr(c) for c in range(0x80, 0xC0)),
               "\ufffe", "\uffff", "\ufffd", "\uff0c", "\u00b7"]
    for sample in samples:
        for raw in ((text + sample + text).encode(), (sample + text).encode(), (text + sample).encode()):
            found, expected = _control_bytes(raw), _CONTROL_BYTES.search(raw)
            assert (found and found.span()) == (expected and expected.span()), repr(sample)
    assert _control_bytes(text.encode()) is None
