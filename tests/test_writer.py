from __future__ import annotations

from pathlib import Path

import pytest

from baoku.writer import MARKER, MARKER_TEXT, Staging, UnsafePath


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
    staging.swap()
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "new.html"]
    assert not staging.dir.exists()


def test_two_swaps_in_a_row_both_succeed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for text in ("one", "two", "three"):
        staging = Staging(site)
        staging.create()
        staging.write("index.html", text)
        staging.swap()
    assert (site / "index.html").read_text(encoding="utf-8") == "three"
