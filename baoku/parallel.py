"""Run a function over spans of a list in forked worker processes, when that pays.

Analysis (jieba is pure Python) and rendering (Jinja) are CPU-bound, so threads do
not help; processes do. Forking lets each child inherit the parent's loaded tokenizer, the
articles and any index already built (copy on write), so nothing large is pickled on
the way in: only (start, end) pairs go out and results come back. Where fork is not
available (Windows, and macOS where it is unsafe) the work runs in this process,
slower but with the same result. Results never depend on the number of workers: each
span is computed independently and the parts are joined in order.

Forking a process that has other threads (a preview server, say) is safe here because
the children only compute: they take no lock those threads might hold, write nothing,
and exit when the pool closes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self, TypeVar

T = TypeVar("T")

_TASK: tuple[Callable[[Any, int, int], list[Any]], Any] | None = None


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork workers inside this block: the objects the parent holds are moved out of
    the garbage collector's reach (gc.freeze) until the block ends (or, when they were
    frozen already (long_lived), until whoever froze them thaws them).

    A forked child shares the parent's memory until it writes to it, and a full
    collection writes to every object it visits: without this, each worker's first
    collections copy the whole heap (hundreds of MB for a large archive) and walk it
    again and again — measured as 15–25% more CPU when rendering 30,000 pages."""
    frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()


@contextmanager
def long_lived() -> Iterator[None]:
    """Make inside this block the objects that live until the end of the build (the
    articles, their analysis, the indexes): no collection runs while they are made, and
    when the block succeeds they are moved out of the collector's reach (gc.freeze), so
    that the collections of the later stages walk only what those stages make. `thaw`
    hands them back.

    A full collection walks every object the process holds, and one runs each time
    the heap has grown by a quarter: a day's rebuild of 100,000 articles made 14 in this
    process, 2.3 s of 20.6 (4 while loading, 3 while analysing, 6 in the stages after
    rendering, over a heap that holds every article). Forked children collect as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


YIELD_NICENESS = 10
"""How much lower the priority of workers forked inside `yielding` is (os.nice)."""
_niceness = 0


@contextmanager
def yielding(enabled: bool = True) -> Iterator[None]:
    """Workers forked inside this block (fork_pool) run at a lower priority, so that a
    process working aside (Aside: the search stage's Pagefind chain, one core's worth of
    work that the build then waits for) is not slowed by them; the work they share out
    then fills what that process leaves of the cores.

    Measured on 20,000 articles, cold, two cores, alternating builds in one hour: the
    search indexed beside the render took 61.9, 56.5 and 61.7 s with workers at the same
    priority (all four processes slow each other: 86–94 s of CPU against 79), and 48.3,
    47.7 and 46.6 s with workers at niceness 10, against 52.8 s (median of 3) for the
    search after the render; in a faster hour 44.1 against 45.0 s."""
    global _niceness
    before = _niceness
    _niceness = YIELD_NICENESS if enabled else 0
    try:
        yield
    finally:
        _niceness = before


def fork_pool(workers: int, tasks_per_worker: int | None = None) -> Any:
    """A pool of `workers` forked processes (multiprocessing.Pool), at a lower priority
    inside `yielding`; each worker ends after `tasks_per_worker` tasks (None: lives as
    long as the pool) and a fresh one is forked from this process in its place."""
    lower = {"initializer": os.nice, "initargs": (_niceness,)} if _niceness else {}
    return multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=tasks_per_worker, **lower)


def thaw() -> None:
    """Give the objects frozen by long_lived back to the collector."""
    gc.unfreeze()


def worker_count(workers: int) -> int:
    """`workers`, with 0 meaning one per core."""
    return workers if workers > 0 else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes are forked here (Linux); elsewhere work runs in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" \
        and os.uname().sysname == "Linux"


def apart(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a forked child process, its result sent back (pickled); in this
    process where fork is unavailable. An exception in the child is raised here.

    For a step that makes far more garbage than result (analysis: every article's words
    and vectors, a few topics and related articles kept): its garbage dies with the
    child. Done in this process, the garbage is freed but its memory is not returned:
    the few objects that live on are scattered over the pages it used (measured at
    100,000 articles: the parent held 0.9 GB more after analysing than after reading the
    analysis from the cache), and every render worker forked afterwards shares, and
    partly copies, those pages."""
    if not can_fork():
        return work(*args)
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_apart, args=(send, work, args), daemon=False)
    with frozen_heap():  # the child's collections leave this process's objects (shared) alone
        child.start()
    send.close()
    try:
        return _outcome(receive, child, f"the process running {work.__name__}")
    finally:
        if child.is_alive():  # interrupted: do not leave it running
            child.terminate()
            child.join()


_SOON: tuple[int, list[Any]] | None = None
"""(the process that opened `settled`, the children `soon` started in it since)."""


@contextmanager
def settled(enabled: bool = True) -> Iterator[None]:
    """Work handed to `soon` inside this block runs in forked children while the block
    goes on (when `enabled`; else in this process at once); leaving the block waits
    until every one of them has ended."""
    global _SOON
    children: list[Any] = []
    outer, _SOON = _SOON, (os.getpid(), children) if enabled else None
    try:
        yield
    finally:
        _SOON = outer
        for child in children:
            child.join()
            if child.exitcode != 0:
                logging.getLogger("baoku").warning("warning: %s stopped with exit code %s", child.name, child.exitcode)


def soon(work: Callable[..., Any], *args: Any) -> None:
    """`work(*args)` in a forked child while this process goes on, inside `settled` (the
    block's own process only, where fork is available); else here and now. For work
    whose result nobody waits for and whose failure costs only time: writing a cache
    file of the analysis (tens of MB at 100,000 articles) on the core that is idle
    while this process goes on to index and plan the site."""
    if _SOON is None or _SOON[0] != os.getpid() or not can_fork():
        work(*args)
        return
    child = multiprocessing.get_context("fork").Process(target=work, args=args, daemon=False,
                                                        name=f"the process running {work.__name__}")
    with frozen_heap():  # the child's collections leave this process's objects (shared) alone
        child.start()
    _SOON[1].append(child)


def _outcome(receive: Any, child: Any, name: str) -> Any:
    """What `_apart` sent from `child`: its result, or its exception raised here; the
    pipe closed and the child joined either way."""
    try:
        failed, value = receive.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"{name} stopped (exit code {child.exitcode}) without a result") from None
    finally:
        receive.close()
    child.join()
    if failed:
        raise value
    return value


class Aside:
    """A process forked when this is made, while the build's process is still small,
    that runs one piece of work given to it later (`start`) while the build goes on;
    `result` waits for it. Where fork is unavailable, or when not `enabled`, `result`
    runs the work in this process instead. As a context manager, it stops the process
    on the way out (`stop`).

    For the search stage: Pagefind indexes on one core, the render keeps two busy, and
    the render's memory is mostly the site it shares with its forked workers. Forked
    this early, the process shares almost nothing with the build (forked later, it would
    keep every page of the site mapped until it ends, after the build has let the site
    go), and it is forked before any Pagefind pipe is opened, so no render worker holds
    one (a Pagefind process ends only when every copy of its input pipe is closed)."""

    def __init__(self, enabled: bool = True) -> None:
        self._inline: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._child: Any = None
        if not (enabled and can_fork()):
            return
        context = multiprocessing.get_context("fork")
        take, self._give = context.Pipe(duplex=False)
        self._results, send = context.Pipe(duplex=False)
        self._released = context.Event()
        self._child = context.Process(target=_aside, args=(take, send, self._released), daemon=False)
        with frozen_heap():  # the child's collections leave this process's objects (shared) alone
            self._child.start()
        take.close()
        send.close()

    @property
    def forked(self) -> bool:
        """Whether the work runs in a process of its own (else here, in `result`)."""
        return self._child is not None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, work: Callable[..., Any], *args: Any) -> None:
        """Give the process `work(*args)` (pickled: a module-level function and its
        arguments), which it starts at once."""
        if self._child is None:
            self._inline = (work, args)
            return
        self._give.send((work, args))
        self._give.close()

    def release(self) -> None:
        """Tell the work aside that the build has let go of most of its memory (`released`)."""
        if self._child is not None:
            self._released.set()

    def done(self) -> bool:
        """Whether the work aside has ended (its result, or its exception, is waiting):
        False while it runs, and where it runs in this process (in `result`)."""
        return self._child is not None and not self._results.closed and self._results.poll()

    def result(self) -> Any:
        """The work's result, once it is done; its exception is raised here."""
        if self._child is None:
            assert self._inline is not None, "result() before start()"
            work, args = self._inline
            self._inline = None
            return work(*args)
        return _outcome(self._results, self._child, "the process working aside")

    def stop(self) -> None:
        """End the process, whether it has work, is busy with it or is done."""
        if self._child is None:
            return
        if not self._give.closed:
            self._give.close()
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        if not self._results.closed:
            self._results.close()


_RELEASED: Any = None
"""In a process aside: the event its build sets when it has let go of its memory."""


def released() -> Any:
    """In work given to an Aside process: an event (is_set, wait) set when the build has
    let go of most of its memory (Aside.release); None when the work runs in the build's
    own process, after that point."""
    return _RELEASED


def _aside(take: Any, send: Any, released_: Any) -> None:
    global _RELEASED
    _RELEASED = released_
    try:
        try:
            work, args = take.recv()
        except EOFError:  # never given work: the build stopped, or had nothing for it
            return
        finally:
            take.close()
        _apart(send, work, args)
    finally:
        send.close()


def _apart(send: Any, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    gc.enable()  # forked inside long_lived: the child makes garbage, and collects it
    try:
        try:
            outcome = (False, work(*args))
        except Exception as exc:  # noqa: BLE001 - raised again in the parent
            exc.add_note(f"in the process running {work.__name__}:\n{traceback.format_exc().rstrip()}")
            outcome = (True, exc)
        try:
            send.send(outcome)
        except Exception as exc:  # noqa: BLE001 - an exception or result that cannot be pickled
            send.send((True, RuntimeError(f"{work.__name__} failed in its process: {outcome[1]!r} ({exc})")))
    finally:
        send.close()


WORKER_ITEMS = 25_000
"""The most items one forked worker of `map_spans` works through; then it ends and a
fresh one is forked in its place.

A worker shares its parent's memory until it writes to it, and merely reading an
object writes to it (its reference count): a worker that reads half of every article's
words ends up with its own copy of the memory pages that hold them, and keeps them, and
its garbage, until it ends. At 200,000 articles, when a month's first day chose every
article's topics (archive.py) in two workers that each lived through half the archive,
the three processes held 5.3 GB (PSS), against 2.4 GB for the parent alone: the build's
peak, 6.1 GB. Ending each worker after 25,000 articles took the build's peak to 4.9 GB in
the same time (the analysis 72.1 s before, 71.2 s after, in one hour); after 10,000, to
no less (the parent's own 3.9 GB, later in the analysis, is the peak then) for 3 s more
of forking."""


def map_spans(work: Callable[[Any, int, int], list[T]], state: Any, count: int, workers: int,
              min_count: int) -> list[T]:
    """`work(state, start, end)` over range(count) in spans; the lists joined in order.
    Spans hold at most WORKER_ITEMS items, and a worker lives through at most that many.

    Runs in this process when `workers` ≤ 1, when `count` < `min_count` (starting
    processes would cost more than it saves) or when fork is unavailable."""
    global _TASK
    workers = worker_count(workers)
    if workers <= 1 or count < min_count or not can_fork():
        return work(state, 0, count)
    size = max(1, min(WORKER_ITEMS, -(-count // (workers * 4))))  # a few spans per worker evens out the load
    spans = [(start, min(start + size, count)) for start in range(0, count, size)]
    _TASK = (work, state)
    try:
        with frozen_heap(), fork_pool(workers, max(1, WORKER_ITEMS // size)) as pool:
            parts = pool.map(_run, spans, chunksize=1)
    finally:
        _TASK = None
    return [item for part in parts for item in part]


def _run(span: tuple[int, int]) -> list[Any]:
    assert _TASK is not None, "map_spans runs _run only in forked children"
    gc.enable()  # forked inside long_lived: the child makes garbage, and collects it
    work, state = _TASK
    return work(state, span[0], span[1])


def release_memory() -> None:
    """Hand freed memory back to the system: ask glibc to return free pages
    (malloc_trim); elsewhere nothing. Called when the build lets go of the articles
    before indexing them for search, so that the Pagefind process's peak is not added
    to theirs.

    Letting go of them frees them (reference counting); no collection is run first: the
    site holds no cycles to speak of (a full collection after letting go of a 20,000
    articles' site found 370 objects), and one walked every object still alive, 0.3 s at
    100,000 articles."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
