"""parallel.apart: a step run in a forked child process, its result sent back."""

from __future__ import annotations

import gc
import os
from collections import Counter

import pytest

from baoku import parallel
from baoku.model import Analysis, Subjects

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="fork is the point of these tests (Linux)")


def _analysed(titles: list[str]) -> tuple[int, Subjects]:
    by_article = {f"2021-03-0{n}-01": Analysis("要闻", (title, "民生"), ("李明",), ("青岛",), ())
                  for n, title in enumerate(titles, start=1)}
    return os.getpid(), Subjects(by_article, (), {}, frozenset({"民生"}))


def _fails(article: str) -> None:
    raise ValueError(f"{article}: no title")


def _unpicklable() -> object:
    return lambda: None


def _dies() -> None:
    os._exit(3)


@needs_fork
def test_a_step_run_apart_runs_in_another_process_and_returns_its_result_whole() -> None:
    pid, subjects = parallel.apart(_analysed, ["社区食堂开张", "地铁四号线通车"])
    assert pid != os.getpid()
    assert subjects == _analysed(["社区食堂开张", "地铁四号线通车"])[1]


def _packed(titles: list[str]) -> tuple[object, ...]:
    return _analysed(titles)[1].pack()


@needs_fork
def test_the_analysis_crosses_processes_as_plain_values_and_comes_back_equal() -> None:
    packed = parallel.apart(_packed, ["社区食堂开张", "地铁四号线通车", "青岛啤酒节开幕"])
    assert Subjects.unpack(packed) == _analysed(["社区食堂开张", "地铁四号线通车", "青岛啤酒节开幕"])[1]
    assert {type(value) for value in packed} <= {tuple, list, dict, frozenset}


@needs_fork
def test_an_exception_in_the_child_is_raised_here_with_the_childs_traceback_as_a_note() -> None:
    with pytest.raises(ValueError, match="articles/2021/03/01/01.md: no title") as raised:
        parallel.apart(_fails, "articles/2021/03/01/01.md")
    notes = "\n".join(getattr(raised.value, "__notes__", []))
    assert "in the process running _fails" in notes
    assert 'raise ValueError(f"{article}: no title")' in notes


@needs_fork
def test_a_result_that_cannot_be_sent_back_is_an_error_naming_the_step() -> None:
    with pytest.raises(RuntimeError, match="_unpicklable failed in its process"):
        parallel.apart(_unpicklable)


@needs_fork
def test_a_child_that_exits_without_a_result_is_an_error_with_its_exit_code() -> None:
    with pytest.raises(RuntimeError, match=r"_dies stopped \(exit code 3\) without a result"):
        parallel.apart(_dies)


def test_where_fork_is_unavailable_the_step_runs_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    pid, subjects = parallel.apart(_analysed, ["老旧小区改造"])
    assert pid == os.getpid()
    assert subjects.by_article["2021-03-01-01"].topics == ("老旧小区改造", "民生")


def _collecting() -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_what_is_made_inside_long_lived_is_frozen_after_it_until_thawed_and_collection_resumes() -> None:
    assert gc.get_freeze_count() == 0
    try:
        with parallel.long_lived():
            assert not gc.isenabled()  # no collection walks the objects while they are made
            kept = [[n] for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
        with parallel.frozen_heap():  # forking inside it leaves the older freeze as it was
            pass
        assert gc.get_freeze_count() >= len(kept)
    finally:
        parallel.thaw()
    assert gc.get_freeze_count() == 0


def test_a_failure_inside_long_lived_freezes_nothing_and_collection_resumes() -> None:
    with pytest.raises(ValueError), parallel.long_lived():
        raise ValueError("bad article")
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)


@needs_fork
def test_processes_forked_inside_long_lived_collect_their_garbage() -> None:
    try:
        with parallel.long_lived():
            in_child = parallel.apart(_collecting)
        assert in_child[0]
    finally:
        parallel.thaw()


def test_a_build_gives_every_object_back_to_the_collector_when_it_ends(tmp_path) -> None:
    from helpers import copy_fixture, write_article

    from baoku import pipeline
    from baoku.errors import BuildError
    content = copy_fixture(tmp_path)
    pipeline.build(content, tmp_path / "site", search=False, workers=1)
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)
    write_article(content, "2022/07/28/99.md", "title: 无日期的稿件")
    with pytest.raises(BuildError):
        pipeline.build(content, tmp_path / "site", search=False, workers=1)
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)


def _slept(seconds: float) -> int:
    import time
    time.sleep(seconds)
    return os.getpid()


@needs_fork
def test_work_given_aside_later_runs_in_the_process_forked_before_and_returns_its_result() -> None:
    with parallel.Aside() as aside:
        forked = aside._child.pid
        aside.start(_analysed, ["社区食堂开张", "地铁四号线通车"])
        pid, subjects = aside.result()
    assert pid == forked != os.getpid()
    assert subjects == _analysed(["社区食堂开张", "地铁四号线通车"])[1]
    assert not aside._child.is_alive()


@needs_fork
def test_an_exception_of_the_work_aside_is_raised_by_result_with_its_traceback() -> None:
    with parallel.Aside() as aside:
        aside.start(_fails, "articles/2021/03/01/01.md")
        with pytest.raises(ValueError, match="articles/2021/03/01/01.md: no title") as raised:
            aside.result()
    assert "in the process running _fails" in "\n".join(getattr(raised.value, "__notes__", []))


@needs_fork
def test_a_process_aside_that_dies_is_an_error_with_its_exit_code() -> None:
    with parallel.Aside() as aside:
        aside.start(_dies)
        with pytest.raises(RuntimeError, match=r"stopped \(exit code 3\) without a result"):
            aside.result()


@needs_fork
def test_leaving_aside_ends_its_process_whether_idle_or_busy() -> None:
    import time
    with parallel.Aside() as idle:
        pass
    assert not idle._child.is_alive()
    started = time.perf_counter()
    with parallel.Aside() as busy:
        busy.start(_slept, 60)
    assert not busy._child.is_alive()
    assert time.perf_counter() - started < 10


@needs_fork
def test_the_work_aside_tells_when_it_has_ended_before_its_result_is_asked() -> None:
    import time
    with parallel.Aside() as aside:
        assert not aside.done()  # no work yet
        aside.start(_slept, 0.5)
        assert not aside.done()
        deadline = time.monotonic() + 30
        while not aside.done() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert aside.done()
        assert aside.result() == aside._child.pid
    with parallel.Aside(enabled=False) as here:
        here.start(_slept, 0)
        assert not here.done()  # it runs in `result`


def test_without_fork_or_when_disabled_the_work_aside_runs_here_when_its_result_is_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with parallel.Aside(enabled=False) as aside:
        aside.start(_analysed, ["老旧小区改造"])
        pid, _ = aside.result()
    assert pid == os.getpid()
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    with parallel.Aside() as aside:
        aside.start(_analysed, ["老旧小区改造"])
        pid, _ = aside.result()
    assert pid == os.getpid()


def _niceness(_: int) -> int:
    return os.nice(0)


def _span_niceness(state: None, start: int, end: int) -> list[int]:
    return [os.nice(0)] * (end - start)


@needs_fork
def test_workers_forked_while_yielding_run_at_a_lower_priority_and_only_then() -> None:
    mine = os.nice(0)
    lower = min(mine + parallel.YIELD_NICENESS, 19)
    with parallel.yielding():
        with parallel.fork_pool(2) as pool:
            assert pool.map(_niceness, range(4)) == [lower] * 4
        assert set(parallel.map_spans(_span_niceness, None, 8, 2, 1)) == {lower}
        with parallel.yielding(False), parallel.fork_pool(2) as pool:
            assert pool.map(_niceness, range(4)) == [mine] * 4
    with parallel.fork_pool(2) as pool:
        assert pool.map(_niceness, range(4)) == [mine] * 4
    assert os.nice(0) == mine


def _span_pids(state: list[int], start: int, end: int) -> list[tuple[int, int]]:
    return [(state[i] * 2, os.getpid()) for i in range(start, end)]


@needs_fork
def test_a_worker_of_map_spans_ends_after_worker_items_and_a_fresh_one_takes_the_next_span(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WORKER_ITEMS", 3)
    items = list(range(20))
    done = parallel.map_spans(_span_pids, items, len(items), 2, 1)
    assert [value for value, _ in done] == [2 * item for item in items]  # every item, in order
    per_process = Counter(pid for _, pid in done)
    assert os.getpid() not in per_process
    assert max(per_process.values()) <= 3 and len(per_process) == 7  # spans of 3: a process each


@needs_fork
def test_below_worker_items_the_workers_of_map_spans_live_through_several_spans() -> None:
    items = list(range(40))
    done = parallel.map_spans(_span_pids, items, len(items), 2, 1)
    assert [value for value, _ in done] == [2 * item for item in items]
    assert len({pid for _, pid in done}) <= 2  # 8 spans of 5, shared by the two workers forked once


def _note_pid(path: str, wait: float = 0.0) -> None:
    import time
    time.sleep(wait)
    with open(path, "w", encoding="ascii") as file:
        file.write(str(os.getpid()))


@needs_fork
def test_work_handed_on_soon_runs_in_another_process_and_is_done_when_the_block_ends(tmp_path) -> None:
    note = tmp_path / "pid"
    with parallel.settled():
        parallel.soon(_note_pid, str(note), 0.5)
        assert not note.exists()  # the block goes on meanwhile
    assert int(note.read_text(encoding="ascii")) != os.getpid()


def test_outside_settled_or_when_disabled_work_handed_on_soon_runs_here_at_once(tmp_path) -> None:
    parallel.soon(_note_pid, str(tmp_path / "outside"))
    assert int((tmp_path / "outside").read_text(encoding="ascii")) == os.getpid()
    with parallel.settled(enabled=False):
        parallel.soon(_note_pid, str(tmp_path / "disabled"))
        assert int((tmp_path / "disabled").read_text(encoding="ascii")) == os.getpid()


@needs_fork
def test_work_handed_on_soon_that_fails_is_one_warning_naming_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", "baoku")
    with parallel.settled():
        parallel.soon(_dies)
    assert [r.getMessage() for r in caplog.records] == [
        "warning: the process running _dies stopped with exit code 3"]
