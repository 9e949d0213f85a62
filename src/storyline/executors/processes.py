"""The process executor: parse and analyse in N worker processes (`storyline analyze --workers N`).

Each worker loads the spaCy model once, in the pool's initializer, and then analyses chunks of documents: the
same `parse_and_analyse` as the local executor, so a stage error becomes the same `Rejection` in a worker. The
driver sends chunks as it reads them, keeps a bounded number in flight (memory stays flat whatever the corpus
size) and yields the results chunk by chunk in the order it sent them, so the store receives exactly what a local
run gives it, in the same order.

Workers are started with the `spawn` method, not `fork`: the driver holds an open SQLite connection and may run
threads (the progress bar), which a forked child would inherit in an undefined state. The cost is that each
worker imports Storyline and loads the model itself (a few seconds, once per pool).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spacy.language import Language

from storyline.errors import ConfigError, StorylineError
from storyline.executors import Closing, R, T, Work, bounded_in_order, chunks, parse_and_analyse
from storyline.model import Analysis, Document, Rejection
from storyline.runtime import tune_worker
from storyline.stages.nlp import load_model


class WorkerError(StorylineError):
    """A worker process stopped without returning its documents (killed, or out of memory)."""


@dataclass
class _WorkerState:
    """What one worker process holds, set once by the pool's initializer and only read afterwards."""

    work: Work
    nlp: Language | None
    error: Exception | None  # why the model could not be loaded, re-raised with the first chunk


# Per worker process: set by _start_worker in that process, never in the driver.
_worker: _WorkerState | None = None


def _start_worker(work: Work) -> None:
    """Pool initializer: load the model once for this worker. A load error (say, the model is not installed) is
    kept and raised with the first chunk, so the driver sees the ModelError and its hint rather than a broken
    pool. Ctrl-C is left to the driver, which then shuts the pool down."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker = _WorkerState(work, load_model(work.model), None)
        tune_worker()
    except Exception as exc:  # reported with the first chunk
        _worker = _WorkerState(work, None, exc)


def _analyse_chunk(documents: list[Document]) -> list[Analysis | Rejection]:
    """In a worker: parse and analyse one chunk, one result per document, in order."""
    if _worker is None:
        raise WorkerError("this process was not started by ProcessExecutor (no model loaded)")
    if _worker.nlp is None:
        raise _worker.error or WorkerError("the worker has no model")
    return list(parse_and_analyse(_worker.nlp, documents, _worker.work))


class ProcessExecutor(Closing):
    """Parse and analyse in `workers` processes, `chunk_size` documents per task (default: the work's batch size),
    at most `in_flight` chunks sent ahead of the one being returned (default: two per worker).

    The pool starts on the first `analyse` and is kept for later runs of the same work; `close` (or leaving a
    `with` block) shuts it down and waits for the workers to exit.
    """

    def __init__(self, workers: int, chunk_size: int | None = None, in_flight: int | None = None) -> None:
        if workers < 1:
            raise ConfigError(f"setting 'workers' must be 1 or more, got {workers}")
        self.workers = workers
        self.chunk_size = chunk_size
        self.in_flight = in_flight or 2 * workers
        self._pool: ProcessPoolExecutor | None = None
        self._work: Work | None = None

    def _pool_for(self, work: Work) -> ProcessPoolExecutor:
        """The pool for this work, started now if there is none or it was started for other work."""
        if self._pool is not None and self._work != work:
            self.close()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(work,))
            self._work = work
        return self._pool

    def analyse(self, documents: Iterable[Document], work: Work) -> Iterator[Analysis | Rejection]:
        """One result per document, in input order, while later chunks are being analysed."""
        pool = self._pool_for(work)
        yield from bounded_in_order(chunks(documents, self.chunk_size or work.batch_size),
                                    lambda chunk: pool.submit(_analyse_chunk, chunk), self._results,
                                    Future.cancel, self.in_flight)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function` on each item in the worker processes (those of the last work when they are running, which
        keep their model; else a pool without one), at most `in_flight` items out at once, results in order."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pool = self._pool
        return bounded_in_order(items, lambda item: pool.submit(function, item),
                                lambda future: [self._results(future)], Future.cancel, self.in_flight)

    def _results(self, future: Future[R]) -> R:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self.close()
            raise WorkerError(f"a worker process stopped abruptly ({exc}); documents stored so far are kept: "
                              "run the same command again, with fewer --workers if memory is short") from None

    def close(self) -> None:
        """Shut the pool down: cancel chunks not started, wait for the workers to exit. Safe to call twice."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._work = None, None
