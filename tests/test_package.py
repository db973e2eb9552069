"""The wheel: it carries the templates, the skeleton and every module, and an install of it
builds a new archive from a folder outside any checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT
from test_init import RAW_ISSUE


def _run(command: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, check=False, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (offline: no build isolation)."""
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(out), str(ROOT)], cwd=out)
    [built] = out.glob("baoku-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (its dependencies come from this Python's own
    site-packages: the test runs offline); its bin/ folder."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(folder)], cwd=folder.parent)
    python = folder / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          "--ignore-installed", str(wheel)], cwd=folder.parent)
    return folder / "bin"


def test_the_wheel_carries_every_template_static_file_and_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {f"baoku/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
             for p in (ROOT / "templates").rglob("*") if p.is_file()}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "baoku").rglob("*.py")}
    skeleton = {p.relative_to(ROOT).as_posix() for p in (ROOT / "baoku" / "skeleton").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert "baoku/templates/404.html" in theme and "baoku/templates/static/style.css" in theme
    assert theme - names == set()
    assert modules - names == set()
    assert skeleton - names == set()
    assert "baoku/livereload.js" in names
    assert not any(name.startswith(("content/", "tests/", "templates/")) for name in names)


def test_the_wheel_declares_the_baoku_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
        assert "baoku = baoku.cli:run" in archive.read(entry_points).decode().splitlines()


def test_an_installed_baoku_starts_imports_and_builds_an_archive_outside_the_checkout(
        venv: Path, tmp_path: Path) -> None:
    located = _run([str(venv / "python"), "-c", "import baoku.theme as t; print(t.packaged())"], cwd=tmp_path)
    assert located.stdout.strip() == str(venv.parent / "lib" / f"python{sys.version_info.major}."
                                         f"{sys.version_info.minor}" / "site-packages" / "baoku" / "templates")
    assert "init" in _run([str(venv / "baoku"), "--help"], cwd=tmp_path).stdout
    assert "serve" in _run([str(venv / "python"), "-m", "baoku", "--help"], cwd=tmp_path).stdout
    _run([str(venv / "baoku"), "init", "arch", "--paper", "测试日报"], cwd=tmp_path)
    archive = tmp_path / "arch"
    raw = tmp_path / "issue.txt"
    raw.write_text(RAW_ISSUE, encoding="utf-8")
    _run([str(venv / "baoku"), "import", str(raw), "--date", "2024-05-01"], cwd=archive)
    _run([str(venv / "baoku"), "build", "--no-search"], cwd=archive)
    home = (archive / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>测试日报 · 报库</title>" in home
    assert (archive / "site" / "static" / "style.css").read_bytes() == \
        (ROOT / "templates" / "static" / "style.css").read_bytes()
