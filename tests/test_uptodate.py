"""A rebuild with nothing changed does nothing, and anything that changed — in the content,
the theme, the options or the site itself — means a real build."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from helpers import copy_fixture, tree_digest, write_article

from baoku import pipeline, uptodate

ARTICLE = "articles/2023/01/05/01.md"


def _build(content: Path, output: Path, *, search: bool = False) -> pipeline.BuildReport:
    return pipeline.build(content, output, search=search, workers=1)


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    _build(content, output)
    return content, output


def test_a_rebuild_with_nothing_changed_touches_no_file_of_the_site(built: tuple[Path, Path]) -> None:
    content, output = built
    before = _stats(output)
    report = _build(content, output)
    assert report.unchanged
    assert report.articles == 7 and report.files == len(before)
    assert _stats(output) == before
    assert report.summary().startswith("nothing changed since the last build")


def test_a_fresh_checkout_with_new_file_times_and_the_same_bytes_is_still_up_to_date(
        built: tuple[Path, Path]) -> None:
    content, output = built
    later = os.stat(content / ARTICLE).st_mtime_ns + 10**10
    for path in content.rglob("*.md"):
        os.utime(path, ns=(later, later))
    assert _build(content, output).unchanged
    recorded = uptodate.previous(content.parent / ".cache")
    assert recorded is not None and recorded.inputs.files[ARTICLE][1] == later  # not hashed again next time


def test_an_article_edited_twice_within_one_clock_tick_of_a_build_is_built_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    path = content / ARTICLE
    path.write_bytes(path.read_bytes())  # saved just before the build: its time is the build's
    tick = path.stat().st_mtime_ns
    _build(content, output)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("舞起省会这个龙头", "舞动省会这个龙头"), encoding="utf-8")
    os.utime(path, ns=(tick, tick))  # a coarse clock: the second save has the same time and size
    report = _build(content, output)
    assert not report.unchanged
    assert "舞动省会这个龙头" in (output / "2023/01/05/01.html").read_text(encoding="utf-8")


def test_a_new_article_is_built(built: tuple[Path, Path]) -> None:
    content, output = built
    write_article(content, "2023/01/05/09.md", "title: 新的一篇\ndate: '2023-01-05'", "新的正文。\n")
    assert not _build(content, output).unchanged
    assert (output / "2023/01/05/09.html").is_file()


@pytest.mark.parametrize("damage", ["removed", "edited", "added", "touched"])
def test_a_site_changed_by_hand_is_built_again_whole(built: tuple[Path, Path], tmp_path: Path,
                                                      damage: str) -> None:
    content, output = built
    good = tree_digest(output)
    page = output / "2023/01/05/01.html"
    if damage == "removed":
        page.unlink()
    elif damage == "edited":
        page.write_bytes(page.read_bytes().replace("龙头".encode(), "龙尾".encode()))
    elif damage == "added":
        (output / "extra.html").write_text("<p>不是报库写的</p>", encoding="utf-8")
    else:
        os.utime(page, ns=(0, 10**18))
    assert not _build(content, output).unchanged
    assert tree_digest(output) == good


def test_a_changed_theme_override_is_built(built: tuple[Path, Path]) -> None:
    content, output = built
    static = content.parent / "templates" / "static"
    static.mkdir(parents=True)
    (static / "style.css").write_text("body { color: #123456; }\n", encoding="utf-8")
    assert not _build(content, output).unchanged
    assert "#123456" in (output / "static" / "style.css").read_text(encoding="utf-8")


def test_turning_search_on_is_a_real_build(built: tuple[Path, Path]) -> None:
    content, output = built
    report = _build(content, output, search=True)
    assert not report.unchanged and (output / "pagefind").is_dir()
    assert _build(content, output, search=True).unchanged
    assert not _build(content, output).unchanged  # and off again
    assert not (output / "pagefind").exists()


def test_a_failed_build_leaves_the_record_of_the_last_good_one(built: tuple[Path, Path]) -> None:
    content, output = built
    path = content / ARTICLE
    good = path.read_bytes()
    path.write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(pipeline.BuildError):
        _build(content, output)
    path.write_bytes(good)
    assert _build(content, output).unchanged  # the site is still the one built from these bytes


def test_a_damaged_record_costs_one_warning_and_a_real_build(built: tuple[Path, Path], tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    content, output = built
    store = tmp_path / ".cache" / uptodate.FILE
    store.write_bytes(store.read_bytes()[:100])
    caplog.set_level(logging.WARNING, "baoku")
    assert not _build(content, output).unchanged
    assert [r.getMessage() for r in caplog.records if str(store) in r.getMessage()]
    assert _build(content, output).unchanged


def test_warnings_of_the_last_build_are_printed_again(built: tuple[Path, Path],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    content, output = built
    path = content / ARTICLE
    path.write_bytes(path.read_bytes().replace("舞起省会".encode(), "舞起\x0c省会".encode()))
    caplog.set_level(logging.WARNING, "baoku")
    _build(content, output)
    first = [r.getMessage() for r in caplog.records if "control characters" in r.getMessage()]
    caplog.clear()
    assert _build(content, output).unchanged
    again = [r.getMessage() for r in caplog.records if "control characters" in r.getMessage()]
    assert first and again == first


def test_another_output_folder_is_built_and_the_first_stays_up_to_date(built: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    content, output = built
    other = tmp_path / "other"
    assert not _build(content, other).unchanged
    assert tree_digest(other) == tree_digest(output)
    shutil.rmtree(other)
    assert not _build(content, output).unchanged  # the record is of the last build only


def test_the_site_listing_gives_what_os_walk_and_lstat_give_links_left_unfollowed(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    for rel in ["index.html", "2022/07/28/01.html", "2022/07/28/index.html", ".hidden/x", "topic/太原/index.html"]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel, encoding="utf-8")
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "file.html").write_text("x", encoding="utf-8")
    (site / "linked-folder").symlink_to(outside / "deep", target_is_directory=True)
    (site / "2022" / "linked.html").symlink_to(site / "index.html")
    (site / "2022" / "dangling.html").symlink_to(tmp_path / "gone.html")
    walked = {}
    for directory, _, names in os.walk(site):
        for name in names:
            status = os.lstat(os.path.join(directory, name))
            walked[os.path.relpath(os.path.join(directory, name), site).replace(os.sep, "/")] = (
                status.st_size, status.st_mtime_ns)
    assert uptodate.site_files(site) == walked
    assert "linked-folder/file.html" not in walked and "2022/dangling.html" in walked
    assert uptodate.site_files(tmp_path / "no-such-site") is None


def test_the_content_listing_hashes_what_os_walk_finds_links_to_folders_left_unfollowed(tmp_path: Path) -> None:
    content, outside = tmp_path / "content", tmp_path / "outside"
    for rel in ["site.toml", "articles/2022/07/28/01.md", "articles/2022/07/28/02.md", "subjects/places.txt",
                "articles/2022/07/29/01.md"]:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(f"本报讯 {rel}", encoding="utf-8")
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "03.md").write_text("外面", encoding="utf-8")
    (content / "articles" / "linked").symlink_to(outside / "deep", target_is_directory=True)
    (content / "articles" / "2022" / "copy.md").symlink_to(content / "site.toml")
    (content / "articles" / "2022" / "dangling.md").symlink_to(tmp_path / "gone.md")
    walked = []
    for directory, dirs, names in os.walk(content):
        dirs.sort()
        walked += [os.path.relpath(os.path.join(directory, name), content).replace(os.sep, "/")
                   for name in sorted(names)]
    found = uptodate.inputs(content, (), None).files
    assert list(found) == walked  # in os.walk's order: the inputs' digest is of this order
    assert found["articles/2022/dangling.md"] == (-1, 0, b"")
    assert found["articles/2022/copy.md"][2] == found["site.toml"][2] != found["articles/2022/07/28/01.md"][2]
    assert "articles/linked/03.md" not in found


@pytest.mark.parametrize("workers", [1, 2])
def test_the_site_the_build_records_is_the_site_on_disk_cold_and_after_a_day(tmp_path: Path, workers: int) -> None:
    content, site = copy_fixture(tmp_path), tmp_path / "site"
    pipeline.build(content, site, search=True, workers=workers)
    assert uptodate.previous(pipeline.cache_dir(content)).site == uptodate.site_files(site)  # type: ignore[union-attr]
    write_article(content, "2023/01/06/01.md", "title: 新的一期\ndate: '2023-01-06'", "本报讯 新的一期。\n")
    report = pipeline.build(content, site, search=True, workers=workers)
    assert report.reused and report.files == len(uptodate.site_files(site) or {})
    assert uptodate.previous(pipeline.cache_dir(content)).site == uptodate.site_files(site)  # type: ignore[union-attr]
    assert pipeline.build(content, site, search=True, workers=workers).unchanged
