"""The output folder is replaced whole, so the build must refuse any folder that is not a
site it wrote: the content, a project, a folder of someone else's files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture, tree_digest

from baoku import pipeline
from baoku.errors import BuildError
from baoku.guard import MARKER, check_output, remove_leftovers
from baoku.writer import Staging


def _build(content: Path, output: Path) -> None:
    """A build that always writes (these tests watch what writing does)."""
    pipeline.build(content, output, search=False, workers=1, skip_unchanged=False)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_fixture(tmp_path)


def test_the_content_folder_itself_is_refused_as_output_and_nothing_is_lost(content: Path) -> None:
    before = tree_digest(content)
    with pytest.raises(BuildError, match="is the content folder or inside it"):
        _build(content, content)
    assert tree_digest(content) == before


def test_a_folder_holding_the_content_is_refused_as_output(content: Path) -> None:
    project = content.parent
    (project / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildError, match="holds the content folder"):
        _build(content, project)
    assert (project / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (content / "articles").is_dir()


def test_a_folder_inside_the_content_is_refused_as_output(content: Path) -> None:
    with pytest.raises(BuildError, match="inside it"):
        _build(content, content / "articles" / "site")


def test_a_folder_holding_a_project_is_refused_even_with_content_elsewhere(content: Path,
                                                                          tmp_path: Path) -> None:
    project = tmp_path / "other"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    (project / MARKER).write_text("", encoding="utf-8")  # even a forged marker
    problems = check_output(project, content)
    assert [p.message.split(";")[0] for p in problems] == ["holds a project (pyproject.toml)"]


def test_a_non_empty_folder_without_the_marker_is_refused_with_a_way_forward(content: Path,
                                                                            tmp_path: Path) -> None:
    old = tmp_path / "public"
    old.mkdir()
    (old / "index.html").write_text("someone else's", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        _build(content, old)
    message = str(caught.value)
    assert f"has no {MARKER} file" in message and "move this one away yourself" in message
    assert (old / "index.html").read_text(encoding="utf-8") == "someone else's"


def test_a_site_baoku_built_is_marked_and_replaced_by_the_next_build(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _build(content, site)
    assert (site / MARKER).is_file()
    (site / "stale.html").write_text("gone next build", encoding="utf-8")
    _build(content, site)
    assert not (site / "stale.html").exists()


def test_an_empty_folder_is_a_fine_output(content: Path, tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    _build(content, site)
    assert (site / "index.html").is_file()


@pytest.mark.parametrize("output", ["content", "."])
def test_the_command_line_refuses_content_and_project_root_as_output(tmp_path: Path, output: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    content = copy_fixture(project)
    (project / "build.py").write_text((ROOT / "build.py").read_text(encoding="utf-8"), encoding="utf-8")
    before = tree_digest(project)
    run = subprocess.run([sys.executable, "build.py", "--content", "content", "--output", output,
                          "--no-search"], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert run.returncode == 1, run.stderr
    assert "--output" in run.stderr and "Traceback" not in run.stderr
    assert tree_digest(project) == before
    assert (content / "articles").is_dir()


def test_a_killed_builds_staging_and_old_folders_are_removed_by_the_next(content: Path,
                                                                         tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".site.staging-{dead.pid}"
    stale.mkdir()
    (stale / "half.html").write_text("half", encoding="utf-8")
    old = tmp_path / ".site.old-1-2"
    old.mkdir()
    _build(content, site)
    assert not stale.exists() and not old.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_the_staging_folder_of_a_build_still_running_is_kept(tmp_path: Path) -> None:
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        other = Staging(tmp_path / "site")
        other.dir = tmp_path / f".site.staging-{running.pid}"
        other.dir.mkdir()
        from baoku import guard
        (other.dir / guard.OWNER).write_text(guard.process_identity(running.pid), encoding="ascii")
        assert remove_leftovers(tmp_path / "site") == []
        assert other.dir.exists()
    finally:
        running.kill()
        running.wait()
    assert remove_leftovers(tmp_path / "site") == [other.dir]


def test_the_swap_never_leaves_the_site_missing(content: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    _build(content, site)
    seen: list[bool] = []
    real = os.replace

    def watch(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        seen.append(site.is_dir())
        real(src, dst)
        seen.append(site.is_dir())

    monkeypatch.setattr(os, "replace", watch)
    _build(content, site)
    assert seen and all(seen)
    assert (site / "index.html").is_file()


def test_an_unwritable_output_disk_is_a_problem_not_a_traceback(content: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    _build(content, site)
    before = tree_digest(site)

    def full(self: Staging, rel: object, data: object) -> None:
        raise OSError(28, "No space left on device", str(rel))

    monkeypatch.setattr(Staging, "write", full)
    time.sleep(0.01)
    with pytest.raises(BuildError, match="No space left on device"):
        _build(content, site)
    assert tree_digest(site) == before


def test_a_link_named_as_output_is_refused_and_what_it_points_to_is_kept(content: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("keep", encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(real)
    with pytest.raises(BuildError, match="is a link"):
        _build(content, link)
    assert (real / "keep.txt").read_text(encoding="utf-8") == "keep"
