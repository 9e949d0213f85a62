"""How a run uses its process: one BLAS thread, and fewer garbage collections. The results are the same.

**One BLAS thread per worker.** numpy's OpenBLAS starts a thread per core for every matrix product, even the small
ones the corpus steps make (clause cosines, participant overlaps). On 300 ukraine-media articles that cost 1.6 CPU s
of spinning and system time for no gain in wall-clock time. Storyline's parallelism is its workers (`--workers`,
Ray); inside a worker, BLAS uses one thread, as is usual for process-parallel programs (N workers times M BLAS
threads would oversubscribe the cores). spaCy's own matrix products use blis, single-threaded already.

**The garbage collector's schedule.** A run allocates millions of short-lived objects (spaCy tokens and spans,
findings, rows) while it holds a few hundred thousand long-lived ones (the spaCy model, the gazetteer's index, the
lexicons). CPython starts a young collection every 700 net allocations and a full one every hundred young ones; a
full collection walks every tracked object. On the same 300 articles that was 17 full collections of about 120 ms
and 2,700 young ones: 2.3 to 2.6 CPU s, about 6 % of the run, reclaiming nothing that reference counting would not
have reclaimed (peak memory is the same with this schedule). So, during a run:
- what exists when the run starts (the model, the loaded lexicons) is frozen out of the collector's view
  (`gc.freeze`), unless the caller froze objects already, and released again at the end;
- a young collection starts every `YOUNG_THRESHOLD` net allocations instead of 700, and the older generations
  follow at `OLDER_RATIOS`. Cyclic garbage is still found and freed, only later;
- while the corpus steps run (`paused_collection`), no collection starts at all. A step builds its data once (the
  store's rows, the merge features, the clusters) and keeps it until it ends, so each collection walked it again
  and found nothing to free: on 1,000 articles 0.8 of the run's 0.9 CPU s of collections, with the same peak
  memory without them. The collector runs again after the steps; cyclic garbage a step leaves is freed then.

Both are restored when the run ends, so a program that calls Storyline as a library gets its own settings back.

**Freed memory kept for reuse (glibc).** The parse makes and drops arrays of a few hundred kilobytes to a few
megabytes for every batch (each layer's output), and the stages many smaller ones. glibc's allocator maps such an
array afresh, or returns the top of its heap to the system when much of it is free; the next batch then faults the
same pages in again, and the kernel zeroes each. On 1,000 ukraine-media articles that was about 440,000 page faults
and 3.6 s of system time. `keep_freed_memory` has the heap serve arrays up to `HEAP_MMAP_THRESHOLD`, keep up to
`HEAP_TRIM_THRESHOLD` of free memory at its top and grow by `HEAP_TOP_PAD` at a time: there about half the page
faults and 1.3 to 1.5 s less system time, with peak memory within a few per cent (docs/benchmarks.md). Unlike the
two settings above these are process-wide and stay after the run (glibc has no call that restores its adaptive
thresholds), so they are set only when a run starts, not on import; elsewhere than glibc nothing changes.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

YOUNG_THRESHOLD = 50_000  # net allocations between young collections (CPython's default is 700)
OLDER_RATIOS = (20, 10)  # young collections per middle one, middle ones per full one (CPython: 10, 10)
BLAS_THREADS = 1  # per worker: Storyline's parallelism is its workers
# glibc's mallopt parameters (malloc.h) and what `keep_freed_memory` sets them to
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
HEAP_MMAP_THRESHOLD = 32 * 2**20  # arrays up to this size come from the heap (glibc's largest allowed value)
HEAP_TRIM_THRESHOLD = 256 * 2**20  # free memory at the heap's top kept up to this before it goes back
HEAP_TOP_PAD = 64 * 2**20  # the heap grows by at least this much at a time


@contextmanager
def run_settings() -> Iterator[None]:
    """One BLAS thread and a rare garbage collection for the duration of the block, as the module says."""
    keep_freed_memory()
    thresholds = gc.get_threshold()
    freezes = gc.get_freeze_count() == 0  # a caller's own frozen objects are left as they are
    if freezes:
        gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_RATIOS)
    try:
        with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
            yield
    finally:
        gc.set_threshold(*thresholds)
        if freezes:
            gc.unfreeze()


@contextmanager
def paused_collection() -> Iterator[None]:
    """No garbage collection for the duration of the block (the corpus steps: see the module docstring), then the
    collector as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def tune_worker() -> None:
    """The same settings for the whole life of a worker process that only analyses (its model already loaded)."""
    keep_freed_memory()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_RATIOS)
    threadpool_limits(limits=BLAS_THREADS, user_api="blas")


def keep_freed_memory() -> bool:
    """Set glibc's allocator to keep freed memory for reuse (see the module docstring); returns whether it could
    (False where the C library is not glibc). Setting it again changes nothing."""
    try:
        libc = ctypes.CDLL(None)  # the C library this process already runs on (Windows has no such handle)
        libc.gnu_get_libc_version  # noqa: B018 - present in glibc only
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    settings = ((M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD), (M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD),
                (M_TOP_PAD, HEAP_TOP_PAD))
    return all(mallopt(parameter, value) == 1 for parameter, value in settings)
