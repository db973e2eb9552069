from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from baoku.guard import MARKER, MARKER_TEXT
from baoku.writer import Staging, UnsafePath


def test_a_path_outside_the_output_folder_is_refused(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "site")
    staging.create()
    for bad in ("../evil.html", "/etc/passwd", "a/../../evil.html"):
        with pytest.raises(UnsafePath):
            staging.write(bad, "x")
    assert not (tmp_path / "evil.html").exists()


def test_a_page_is_never_written_twice(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "site")
    staging.create()
    staging.write("a/index.html", "one")
    with pytest.raises(FileExistsError):
        staging.write("a/index.html", "two")


def test_swap_replaces_the_previous_site_only_at_the_end(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    staging = Staging(site)
    staging.create()
    staging.write("new.html", "new")
    assert (site / "old.html").exists()
    staging.swap(staging.written({}))
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "new.html"]
    assert not staging.dir.exists()
    assert (staging.spare / "old.html").read_text(encoding="utf-8") == "old"


def test_two_swaps_in_a_row_both_succeed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for text in ("one", "two", "three"):
        staging = Staging(site)
        staging.create()
        staging.write("index.html", text)
        staging.swap(staging.written({}))
    assert (site / "index.html").read_text(encoding="utf-8") == "three"


def _built(site: Path, files: dict[str, str], keep: tuple[str, ...] = ()) -> Staging:
    """A build into `site` writing `files` (path → text) and linking `keep` from the
    current site, as the render links unchanged pages."""
    staging = Staging(site, foreign=("pagefind",))
    staging.create()
    for rel in keep:
        source = str(site / rel)
        staging.link(rel, source, os.stat(source))
    for rel, text in files.items():
        staging.write(rel, text)
    staging.swap(staging.written({rel: (0, 0) for rel in keep}))
    return staging


def _tree(folder: Path) -> tuple[list[str], dict[str, str]]:
    """Every folder and every file's text under `folder`."""
    return (sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()),
            {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(folder.rglob("*")) if p.is_file()})


def test_the_next_build_takes_the_previous_site_as_its_staging_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"2008/05/03/01.html": "一", "index.html": "首页"})
    _built(site, {"2008/05/03/02.html": "二"}, keep=("2008/05/03/01.html", "index.html"))
    spare = tmp_path / ".site.spare"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.spare", "site"]
    unchanged = (site / "index.html").stat()
    staging = Staging(site)
    staging.create()
    assert staging.dir.is_dir() and not spare.exists()
    assert (staging.dir / "2008/05/03").is_dir()  # its folders, not made again
    assert (staging.dir / "index.html").stat().st_ino == unchanged.st_ino
    staging.discard()


def test_a_file_the_spare_already_holds_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    _built(site, {"index.html": "首页", "a.html": "甲"})
    _built(site, {"a.html": "乙"}, keep=("index.html",))
    linked: list[str] = []
    real_link = os.link
    monkeypatch.setattr(os, "link", lambda source, target: (linked.append(target), real_link(source, target)))
    _built(site, {}, keep=("index.html", "a.html"))
    assert [os.path.basename(t) for t in linked] == ["a.html"]  # index.html was there already
    assert _tree(site)[1] == {MARKER: MARKER_TEXT, "index.html": "首页", "a.html": "乙"}


def test_the_spares_files_are_replaced_never_written_into(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"index.html": "首页"})
    _built(site, {}, keep=("index.html",))  # the spare's index.html is the site's own file
    staging = Staging(site)
    staging.create()
    staging.write("index.html", "新首页")
    assert (site / "index.html").read_text(encoding="utf-8") == "首页"
    assert (staging.dir / "index.html").read_text(encoding="utf-8") == "新首页"
    staging.discard()


def test_what_the_new_site_does_not_have_is_removed_with_its_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"topic/潇河/index.html": "潇河", "topic/潇河/2.html": "潇河二", "2008/05/03/01.html": "一"})
    _built(site, {"index.html": "首页"})
    _built(site, {"2008/05/03/01.html": "一", "index.html": "首页"})
    cold = tmp_path / "cold"
    _built(cold, {"2008/05/03/01.html": "一", "index.html": "首页"})
    assert _tree(site) == _tree(cold)
    assert not (site / "topic").exists()


def test_a_link_in_the_spare_is_removed_never_followed(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    _built(site, {"index.html": "首页"})
    _built(site, {"index.html": "首页"})
    (tmp_path / ".site.spare" / "2008").symlink_to(outside)
    (tmp_path / ".site.spare" / "feed.xml").symlink_to(outside / "feed.xml")
    _built(site, {"2008/index.html": "二〇〇八", "feed.xml": "<feed/>"})
    assert list(outside.iterdir()) == []
    assert (site / "2008").is_dir() and not (site / "2008").is_symlink()


def test_what_the_spare_holds_in_the_way_of_a_page_is_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"a/index.html": "甲", "b": "乙"})
    _built(site, {"a/index.html": "甲", "b": "乙"})
    time.sleep(0.05)  # the spare's files changed before it was taken, on a clock of coarse ticks
    _built(site, {"a": "甲", "b/index.html": "乙"})  # a folder where a file goes, and the reverse
    assert _tree(site)[1] == {MARKER: MARKER_TEXT, "a": "甲", "b/index.html": "乙"}


def test_a_foreign_folder_of_the_spare_is_not_taken(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"pagefind/pagefind.js": "旧", "index.html": "首页"})
    _built(site, {"pagefind/pagefind.js": "旧", "index.html": "首页"})
    staging = Staging(site, foreign=("pagefind",))
    staging.create()
    assert not (staging.dir / "pagefind").exists() and (staging.dir / "index.html").exists()
    staging.discard()


def test_a_spare_none_of_whose_files_can_stay_is_emptied_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"2008/05/03/01.html": "一", "index.html": "首页"})
    _built(site, {"2008/05/03/01.html": "一", "pagefind/pagefind.js": "索引"}, keep=("index.html",))
    staging = Staging(site, foreign=("pagefind",))
    staging.create()
    (staging.dir / "pagefind").mkdir()  # the search's own, made anew
    staging.renew()
    assert sorted(p.name for p in staging.dir.iterdir()) == sorted([".baoku-build", MARKER, "pagefind"])
    staging.write("2008/05/03/01.html", "新")
    staging.swap(staging.written({}), spare=False)
    assert _tree(site) == (["2008", "2008/05", "2008/05/03", "pagefind"],
                           {MARKER: MARKER_TEXT, "2008/05/03/01.html": "新"})
    assert not (tmp_path / ".site.spare").exists()  # the site it replaced is removed, not kept


def test_a_spare_that_is_a_link_or_not_a_site_is_left_alone(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    _built(elsewhere, {"index.html": "别处"})
    (tmp_path / ".site.spare").symlink_to(elsewhere)
    _built(site, {"index.html": "首页"})
    _built(site, {"index.html": "新首页"})
    assert (tmp_path / ".site.spare").is_symlink()
    assert _tree(elsewhere)[1] == {MARKER: MARKER_TEXT, "index.html": "别处"}
    (tmp_path / ".site.spare").unlink()
    (tmp_path / ".site.spare").mkdir()
    (tmp_path / ".site.spare" / "notes.txt").write_text("不是网站", encoding="utf-8")
    _built(site, {"index.html": "首页"})
    assert _tree(site)[1] == {MARKER: MARKER_TEXT, "index.html": "首页"}
    assert [p.name for p in (tmp_path / ".site.spare").iterdir()] == ["notes.txt"]


def test_the_spares_empty_folders_are_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"index.html": "首页"})
    (site / "drafts").mkdir()
    (site / "img").mkdir()
    (site / "img" / "logo.png").symlink_to(tmp_path / "logo.png")
    _built(site, {"index.html": "首页"})  # the folder above becomes the spare
    _built(site, {"index.html": "首页"})
    assert _tree(site)[0] == []


def test_a_file_of_this_build_in_the_way_of_another_is_never_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"topic/a.html": "甲", "topic/b.html": "乙"})
    _built(site, {"topic/a.html": "甲", "topic/b.html": "乙"})
    staging = Staging(site)
    staging.create()
    staging.write("topic/a.html", "甲")
    with pytest.raises(OSError):
        staging.write("topic/a.html/1.html", "甲一")  # a clash within one build stays loud
    assert (staging.dir / "topic/a.html").read_text(encoding="utf-8") == "甲"
    staging.discard()


def test_a_spare_file_another_worker_removed_already_is_no_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"index.html": "首页"})
    _built(site, {"index.html": "首页"})
    staging = Staging(site)
    staging.create()
    (staging.dir / "index.html").unlink()  # as a forked worker whose link failed would leave it
    staging.write("index.html", "新首页")
    staging.swap(staging.written({}))
    assert _tree(site)[1] == {MARKER: MARKER_TEXT, "index.html": "新首页"}


def test_a_spare_name_taken_meanwhile_does_not_fail_a_swap_already_done(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _built(site, {"index.html": "一"})
    staging = Staging(site)
    staging.create()
    staging.write("index.html", "二")
    (tmp_path / ".site.spare").mkdir()
    (tmp_path / ".site.spare" / "x").write_text("x", encoding="utf-8")
    staging.swap(staging.written({}))
    assert _tree(site)[1] == {MARKER: MARKER_TEXT, "index.html": "二"}
