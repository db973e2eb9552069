"""Cache files: one file plus a journal of recent entries, rewritten only now and then."""

from __future__ import annotations

from pathlib import Path

from baoku.cachefile import Entries, read

TITLES = {f"2022/07/28/{n:02d}": title for n, title in enumerate(
    ["太忻一体化经济区蓝图逐步变为现实", "在社区食堂感受“家味道”", "持续提升信贷便利", "通告"] * 5)}


def test_one_new_entry_goes_to_the_journal_and_the_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "articles.pickle"
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
    path = tmp_path / "facts.pickle"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    kept = set(list(TITLES)[:10])  # half the archive removed: more than 1/8 unused
    Entries(path, "v1").save(kept)
    assert read(path, "v1") == {k: TITLES[k] for k in kept}
    assert not path.with_name("facts.pickle.journal").exists()


def test_another_version_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "facts.pickle"
    first = Entries(path, "v1")
    first.values.update(TITLES)
    first.save(set(TITLES))
    assert Entries(path, "v2").values == {}
