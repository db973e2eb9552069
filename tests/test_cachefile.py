"""Cache files: checked plain data; one file plus a journal of recent entries, rewritten only now and then."""

from __future__ import annotations

import logging
import math
import struct
from pathlib import Path

import pytest

from baoku import cachefile
from baoku.cachefile import Entries, read, write

TITLES = {f"2022/07/28/{n:02d}": title for n, title in enumerate(
    ["太忻一体化经济区蓝图逐步变为现实", "在社区食堂感受“家味道”", "持续提升信贷便利", "通告"] * 5)}


def test_one_new_entry_goes_to_the_journal_and_the_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "articles.store"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    written = path.read_bytes()
    second = Entries(path, "v1")
    second.values["2022/07/29/01"] = "265个病种分级诊疗暂停执行"
    second.save({*TITLES, "2022/07/29/01"})
    assert path.read_bytes() == written
    assert read(second.journal, "v1") == {"2022/07/29/01": "265个病种分级诊疗暂停执行"}
    assert Entries(path, "v1").values == {**TITLES, "2022/07/29/01": "265个病种分级诊疗暂停执行"}


def test_the_file_is_rewritten_with_only_the_used_entries_once_enough_changed(tmp_path: Path) -> None:
    path = tmp_path / "facts.store"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    kept = set(list(TITLES)[:10])  # half the archive removed: more than 1/8 unused
    Entries(path, "v1").save(kept)
    assert read(path, "v1") == {k: TITLES[k] for k in kept}
    assert not path.with_name("facts.store.journal").exists()


def test_another_version_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "facts.store"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    assert Entries(path, "v2").values == {}


def test_values_come_back_exactly_tuples_dicts_bytes_and_every_float_bit(tmp_path: Path) -> None:
    value = {"terms": (("社区食堂", 0.1 + 0.2), ("家味道", -0.0), ("信贷", 1e-300), ("便利", math.inf)),
             b"\x00\xff": (None, True, 2**63 - 1, -(2**63)), 7: {1: (2.5,), 2: ()}, "空": ""}
    write(tmp_path / "x.store", ("v", 1), value)
    back = read(tmp_path / "x.store", ("v", 1))
    assert back == value
    assert [struct.pack("<d", w) for _, w in back["terms"]] == [struct.pack("<d", w) for _, w in value["terms"]]
    assert type(back[7][1]) is tuple and list(back) == list(value)


def test_another_key_is_a_silent_miss_and_a_foreign_file_a_warned_one(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "baoku")
    write(tmp_path / "x.store", "v1", {"a": 1})
    assert read(tmp_path / "x.store", "v2") is None
    assert read(tmp_path / "missing.store", "v1") is None
    assert caplog.records == []
    (tmp_path / "x.store").write_bytes(b"PK\x03\x04 a zip file, not ours")
    assert read(tmp_path / "x.store", "v1") is None
    assert [r.getMessage() for r in caplog.records] == [
        f"ignoring cache file {tmp_path / 'x.store'}: not a baoku cache file; rebuilding what it held"]


def test_a_value_the_owner_cannot_use_is_a_miss_with_one_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "baoku")
    write(tmp_path / "x.store", "v1", [1, 2])
    assert read(tmp_path / "x.store", "v1", lambda v: cachefile.expect(v, dict)) is None
    assert len(caplog.records) == 1 and "wrong shape (TypeError: expected dict, found tuple)" in caplog.text


def test_a_damaged_journal_is_ignored_and_the_file_still_read(tmp_path: Path) -> None:
    path = tmp_path / "facts.store"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    second = Entries(path, "v1")
    second.values["2022/07/29/01"] = "265个病种分级诊疗暂停执行"
    second.save({*TITLES, "2022/07/29/01"})
    journal = second.journal
    assert journal is not None
    journal.write_bytes(journal.read_bytes()[:-1] + b"\x00")
    assert Entries(path, "v1").values == TITLES


def test_a_value_written_soon_is_in_place_when_the_block_ends(tmp_path: Path) -> None:
    from baoku import parallel
    path = tmp_path / "subjects" / "archive-state.store"
    with parallel.settled():
        cachefile.write_soon(path, "key", {"社区食堂": (1, 2.5)})
    assert read(path, "key") == {"社区食堂": (1, 2.5)}


def test_a_file_where_a_folder_written_soon_belongs_is_one_warning_here_and_no_process(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from baoku import parallel
    (tmp_path / "subjects").write_text("not a folder")
    forked: list[object] = []
    monkeypatch.setattr(parallel, "soon", lambda work, *args: forked.append(work))
    monkeypatch.setattr(cachefile, "_unwritable", set())
    caplog.set_level(logging.WARNING, "baoku")
    with parallel.settled():
        cachefile.write_soon(tmp_path / "subjects" / "archive.store", "key", (1,))
        cachefile.write_soon(tmp_path / "subjects" / "archive-state.store", "key", (2,))
    assert forked == []
    assert [r.getMessage() for r in caplog.records] == [(
        f"cache folder {tmp_path / 'subjects'} cannot be written (File exists): this build's results are not "
        "kept, so the next build will be slower")]
