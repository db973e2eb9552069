"""The build's caches are checked plain data: a damaged, foreign or hostile cache file
changes nothing a reader sees, runs nothing, and costs one warning line."""

from __future__ import annotations

import errno
import logging
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_fixture, tree_digest, write_article

from baoku import cachefile, pipeline, render, reuse
from baoku.content import _ParsedCache
from baoku.subjects import cache as subjects_cache

LEGACY = ["articles.pickle", "articles.pickle.journal", "cards.pickle", "cards.pickle.journal", "pages.pickle",
          "subjects/facts.pickle", "subjects/facts.pickle.journal", "subjects/archive.pickle",
          "subjects/archive-state.pickle", "subjects/segmenter.pickle"]
"""The cache files of earlier versions, pickles all."""


def _build(content: Path, output: Path) -> pipeline.BuildReport:
    """A build that always runs its stages (these tests are about the caches they use)."""
    return pipeline.build(content, output, search=False, workers=1, skip_unchanged=False)


def _cold(content: Path, tmp_path: Path) -> dict[str, str]:
    """The site a build from scratch (no cache) makes of `content`."""
    fresh = tmp_path / "cold"
    shutil.copytree(content, fresh / "content")
    _build(fresh / "content", fresh / "site")
    return tree_digest(fresh / "site")


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "baoku" and r.levelno == logging.WARNING]


def _flip_inside_a_chinese_character(data: bytes) -> bytes:
    """`data` with the last byte of the first three-byte UTF-8 character after its middle
    raised by one (炉 becomes 炊): still valid text, and article text a page shows."""
    for i in range(len(data) // 2, len(data) - 2):
        if 0xE4 <= data[i] <= 0xE9 and 0x80 <= data[i + 1] <= 0xBF and 0x80 <= data[i + 2] < 0xBF:
            return data[:i + 2] + bytes([data[i + 2] + 1]) + data[i + 3:]
    raise AssertionError("no Chinese character after the middle")


class _Hostile:
    """A pickle that runs a shell command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return os.system, (f"touch {self.marker}",)


def _built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the fixture content built once: (content, site, the site's digest)."""
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    _build(content, output)
    return content, output, tree_digest(output)


def test_an_eleven_byte_corrupt_pages_cache_is_ignored_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content, output, before = _built(tmp_path)
    (tmp_path / ".cache" / reuse.FILE).write_bytes(b"\x80\x05\x8e\0\0\0\0\0\0\0\x10")
    caplog.set_level(logging.WARNING, "baoku")
    report = _build(content, output)
    assert report.reused == 0  # the pages' keys were lost: every page rendered again
    assert tree_digest(output) == before
    assert _warnings(caplog) == [(f"ignoring cache file {tmp_path / '.cache' / reuse.FILE}: not a baoku cache "
                                 "file; rebuilding what it held")]
    assert _build(content, output).reused == report.pages  # and the cache is whole again


def test_a_flipped_byte_in_the_articles_cache_never_reaches_the_site(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = copy_fixture(tmp_path)
    _build(content, tmp_path / "site")
    path = tmp_path / ".cache" / _ParsedCache.FILE
    path.write_bytes(_flip_inside_a_chinese_character(path.read_bytes()))
    caplog.set_level(logging.WARNING, "baoku")
    _build(content, tmp_path / "empty")
    assert tree_digest(tmp_path / "empty") == _cold(content, tmp_path)
    assert _warnings(caplog) == [f"ignoring cache file {path}: checksum mismatch (corrupt); rebuilding what it held"]


def test_every_truncated_cache_file_is_a_miss_with_one_warning_each(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = copy_fixture(tmp_path)
    _build(content, tmp_path / "site")
    files = sorted(p for p in (tmp_path / ".cache").rglob("*") if p.is_file())
    assert len(files) >= 6
    for path in files:
        path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])
    caplog.set_level(logging.WARNING, "baoku")
    assert _build(content, tmp_path / "site").reused == 0
    assert tree_digest(tmp_path / "site") == _cold(content, tmp_path)
    warned = _warnings(caplog)
    assert len(warned) == len(files)
    for path in files:
        assert sum(f"ignoring cache file {path}: truncated" in w for w in warned) == 1


def test_a_hostile_pickle_under_every_cache_file_name_runs_nothing_and_changes_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content, output, before = _built(tmp_path)
    marker = tmp_path / "owned"
    cache = tmp_path / ".cache"
    names = {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()} | set(LEGACY)
    names |= {f"{name}.journal" for name in names if not name.endswith(".journal")}
    hostile = pickle.dumps((_Hostile(marker), _Hostile(marker)))
    for name in names:
        (cache / name).parent.mkdir(parents=True, exist_ok=True)
        (cache / name).write_bytes(hostile)
    caplog.set_level(logging.WARNING, "baoku")
    _build(content, output)
    assert not marker.exists()
    assert tree_digest(output) == before
    assert all("not a baoku cache file" in w for w in _warnings(caplog))
    _build(content, tmp_path / "empty")
    assert not marker.exists()
    assert tree_digest(tmp_path / "empty") == before


def test_a_file_where_the_cache_folder_belongs_slows_the_build_but_never_fails_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = copy_fixture(tmp_path)
    (tmp_path / ".cache").write_text("not a folder")
    caplog.set_level(logging.WARNING, "baoku")
    report = _build(content, tmp_path / "site")
    assert report.pages > 0
    assert tree_digest(tmp_path / "site") == _cold(content, tmp_path)
    assert _warnings(caplog) == [(f"cache folder {tmp_path / '.cache'} cannot be written (File exists): this "
                                 "build's results are not kept, so the next build will be slower")]


def test_a_full_disk_under_the_cache_slows_the_build_but_never_fails_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_fixture(tmp_path)
    cache = str(tmp_path / ".cache")
    replace = os.replace

    def full(source: str, target: str) -> None:
        if str(target).startswith(cache):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        replace(source, target)

    monkeypatch.setattr(os, "replace", full)
    caplog.set_level(logging.WARNING, "baoku")
    _build(content, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == _cold(content, tmp_path)
    warned = _warnings(caplog)
    assert len(warned) == 1 and "cannot be written (No space left on device)" in warned[0]
    assert [p for p in Path(cache).rglob("*") if p.is_file()] == []  # no temporary file left behind


def test_a_cache_of_the_right_key_but_the_wrong_shape_is_a_miss_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = copy_fixture(tmp_path)
    _build(content, tmp_path / "site")
    facts = cachefile.Entries(tmp_path / ".cache" / "subjects" / subjects_cache.FILE, subjects_cache._light_version())
    for key in facts.values:
        facts.values[key] = ("terms", 1, None)
    cachefile.write(facts.path, facts.key, facts.values)
    caplog.set_level(logging.WARNING, "baoku")
    _build(content, tmp_path / "empty")
    assert tree_digest(tmp_path / "empty") == _cold(content, tmp_path)
    warned = _warnings(caplog)
    assert len(warned) == 1 and "wrong shape" in warned[0] and subjects_cache.FILE in warned[0]


def test_a_pages_cache_of_the_right_key_but_the_wrong_shape_is_a_miss_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = tmp_path / "site"
    caplog.set_level(logging.WARNING, "baoku")
    for wrong in ([1, 2], {"index.html": (b"k", (1, 2, 3))}, {"index.html": "k"}):
        cachefile.write(tmp_path / reuse.FILE, "v", wrong)
        assert reuse.Reuse(tmp_path, site, "v")._previous == {}
    assert len(_warnings(caplog)) == 3
    cachefile.write(tmp_path / reuse.FILE, "v", {"index.html": (b"k", (1, 2))})
    assert reuse.Reuse(tmp_path, site, "v")._previous == {"index.html": (b"k", (1, 2))}


def test_every_cache_file_has_the_stores_header_and_no_pickle(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    _build(content, tmp_path / "site")
    files = sorted(p for p in (tmp_path / ".cache").rglob("*") if p.is_file())
    names = {p.name for p in files}
    assert {_ParsedCache.FILE, reuse.FILE, subjects_cache.FILE, subjects_cache.ARCHIVE_FILE,
            subjects_cache.STATE_FILE} <= names
    for path in files:
        assert path.read_bytes().startswith(cachefile.MAGIC), path


def test_the_cards_store_of_an_earlier_version_is_removed(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    cache = tmp_path / ".cache"
    cache.mkdir()
    for name in render.OBSOLETE:
        (cache / name).write_bytes(cachefile.MAGIC + b"cards of an earlier version")
    _build(content, tmp_path / "site")
    assert not any((cache / name).exists() for name in render.OBSOLETE)


def test_the_analysis_runs_apart_in_a_cold_build_and_here_when_it_updates_the_last_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_fixture(tmp_path)
    apart, ran = pipeline.apart, []

    def counted(work: Any, *args: Any) -> Any:
        ran.append(work.__name__)
        return apart(work, *args)

    monkeypatch.setattr(pipeline, "apart", counted)
    monkeypatch.setattr(pipeline, "APART_SHARE", 0.2)  # the fixture has a few files, not thousands
    pipeline.build(content, tmp_path / "site", search=False, workers=2)
    assert ran == ["_analyse_packed"]
    write_article(content, "2023/01/06/01.md", "title: 迎泽公园冰灯展开幕\ndate: 2023-01-06",
                  "本报讯 1月5日晚，迎泽公园第三十届冰灯展开幕，展出冰灯作品八十余组。\n")
    pipeline.build(content, tmp_path / "site", search=False, workers=2)
    assert ran == ["_analyse_packed"]  # a day's import: analysed in this process
    assert tree_digest(tmp_path / "site") == _cold(content, tmp_path)
    for path in (content / "articles").rglob("*.md"):  # every file changed: apart again
        path.write_text(path.read_text(encoding="utf-8") + "\n（完）\n", encoding="utf-8")
    pipeline.build(content, tmp_path / "site", search=False, workers=2)
    assert ran == ["_analyse_packed"] * 2
    with open(content / "subjects" / "stopwords.txt", "a", encoding="utf-8") as words:  # every article's words
        words.write("\n冰灯\n")
    pipeline.build(content, tmp_path / "site", search=False, workers=2)
    assert ran == ["_analyse_packed"] * 3
    (tmp_path / ".cache" / "subjects" / subjects_cache.FILE).unlink()  # facts of older code, or lost
    write_article(content, "2023/01/06/02.md", "title: 冰灯展延长至三月\ndate: 2023-01-06", "本报讯 冰灯展将延长至3月。\n")
    pipeline.build(content, tmp_path / "site", search=False, workers=2)
    assert ran == ["_analyse_packed"] * 4
    assert tree_digest(tmp_path / "site") == _cold(content, tmp_path / "again")


def test_a_cache_files_key_is_told_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "a.store"
    assert not cachefile.holds(path, "k")
    cachefile.write(path, "k", {"x": 1})
    assert cachefile.holds(path, "k") and not cachefile.holds(path, "other")
    path.write_bytes(path.read_bytes()[:20])
    assert not cachefile.holds(path, "k")
