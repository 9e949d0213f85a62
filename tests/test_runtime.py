"""How a run uses its process: one BLAS thread and a rare garbage collection for the run, restored after, a
caller's frozen objects left alone."""

from __future__ import annotations

import gc
import platform
import weakref

import numpy  # noqa: F401  (loads OpenBLAS, whose threads the run limits)
import pytest
from threadpoolctl import threadpool_info

from storyline.runtime import (
    BLAS_THREADS,
    OLDER_RATIOS,
    YOUNG_THRESHOLD,
    keep_freed_memory,
    paused_collection,
    run_settings,
)


class Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_schedule_holds_inside_the_block_and_is_restored_after() -> None:
    before = gc.get_threshold()
    with run_settings():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *OLDER_RATIOS)
        assert gc.get_freeze_count() > 0  # what existed at the start is out of the collector's view
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_blas_runs_one_thread_inside_the_block_only() -> None:
    before = blas_threads()
    assert before  # numpy's OpenBLAS is loaded
    with run_settings():
        assert blas_threads() == [BLAS_THREADS] * len(before)
    assert blas_threads() == before


def test_settings_are_restored_when_the_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), run_settings():
        raise RuntimeError("a stage failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with run_settings():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_cycles_made_during_the_run_are_still_freed() -> None:
    with run_settings():
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        kept = [Node() for _ in range(YOUNG_THRESHOLD * 2)]  # net allocations enough for a young collection
        assert alive() is None
        assert len(kept) == YOUNG_THRESHOLD * 2


def test_no_collection_while_paused_and_the_collector_as_it_was_after() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_collection():
        assert not gc.isenabled()
        raise RuntimeError("a corpus step failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()  # a caller's own choice is left as it was
    finally:
        gc.enable()


def test_cycles_left_while_paused_are_freed_after() -> None:
    with run_settings():
        with paused_collection():
            first, second = Node(), Node()
            first.other, second.other = second, first
            alive = weakref.ref(first)
            del first, second
            kept = [Node() for _ in range(YOUNG_THRESHOLD * 2)]
            assert alive() is not None  # no collection while paused
        more = [Node() for _ in range(YOUNG_THRESHOLD * 2)]  # enough for a young collection again
        assert alive() is None
        assert len(kept) == len(more)


def test_the_allocator_keeps_freed_memory_on_glibc_and_is_left_alone_elsewhere() -> None:
    on_glibc = platform.libc_ver()[0] == "glibc"
    assert keep_freed_memory() is on_glibc
    assert keep_freed_memory() is on_glibc  # setting it twice is harmless
