"""The Ray executor: parse and analyse on Ray actors (`storyline analyze --executor ray [--address ...]`).

Each actor loads the spaCy model once and then analyses chunks of documents with the same `parse_and_analyse` as the
local and process executors. The driver deals chunks to the actors in turn, keeps a bounded number in flight (two per
actor: memory stays flat whatever the corpus size, and a slow store write holds the readers back) and yields the
results chunk by chunk in the order it sent them, so the store receives exactly what a local run gives it. The
corpus steps' independent units (`map`) go to the same actors in turn, or, when none is running, to Ray tasks.

With no address Ray starts on this machine with `workers` CPUs and stops when the executor closes; with an address
(`auto`, `ray://head:10001`) the actors run on that cluster, whose nodes need Storyline and the model installed. Ray
is imported only here, so the other executors do not need it. Usage statistics are switched off before Ray starts:
Storyline sends nothing anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from typing import Any

from spacy.language import Language

from storyline.errors import ConfigError, StorylineError
from storyline.executors import Closing, R, T, Work, bounded_in_order, chunks, parse_and_analyse
from storyline.model import Analysis, Document, Rejection
from storyline.runtime import tune_worker
from storyline.stages.nlp import load_model


class RayError(StorylineError):
    """Ray is missing, could not start or join its cluster, or an actor died with documents in hand."""


class Analyser:
    """What one Ray actor is: the model, loaded once, and the work. A load error is kept and raised with the first
    chunk, so the driver sees the ModelError and its hint rather than a dead actor."""

    def __init__(self, work: Work) -> None:
        self.work = work
        self.nlp: Language | None = None
        self.error: Exception | None = None
        try:
            self.nlp = load_model(work.model)
            tune_worker()
        except Exception as exc:  # reported with the first chunk
            self.error = exc

    def analyse(self, documents: list[Document]) -> list[Analysis | Rejection]:
        """One result per document, in order."""
        if self.nlp is None:
            raise self.error or RayError("the actor has no model")
        return list(parse_and_analyse(self.nlp, documents, self.work))

    def call(self, function: Callable[[T], R], item: T) -> R:
        """`function(item)` on this actor (a unit of a corpus step)."""
        return function(item)


def _call(function: Callable[[T], R], item: T) -> R:
    """`function(item)` as a Ray task, when no actor is running."""
    return function(item)


def _ray() -> Any:
    """The ray module, or a RayError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise RayError("the Ray executor needs Ray: pip install ray==2.60.0") from None
    return ray


class RayExecutor(Closing):
    """Parse and analyse on `workers` Ray actors, `chunk_size` documents per task (default: the work's batch size),
    at most `in_flight` chunks ahead of the one being returned (default: two per actor). `address` joins an
    existing cluster; empty starts Ray locally. The actors start on the first `analyse` and are kept for later runs
    of the same work."""

    def __init__(self, workers: int, address: str = "", chunk_size: int | None = None,
                 in_flight: int | None = None) -> None:
        if workers < 1:
            raise ConfigError(f"setting 'workers' must be 1 or more, got {workers}")
        self.workers = workers
        self.address = address
        self.chunk_size = chunk_size
        self.in_flight = in_flight or 2 * workers
        self._actors: list[Any] = []
        self._work: Work | None = None
        self._started_ray = False

    def _connect(self) -> Any:
        """Ray, started locally or joined at `address` (once)."""
        ray = _ray()
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            try:
                if self.address:
                    ray.init(address=self.address, log_to_driver=False, configure_logging=False)
                else:
                    ray.init(num_cpus=self.workers, include_dashboard=False, log_to_driver=False,
                             configure_logging=False)
            except Exception as exc:
                raise RayError(f"could not start or join Ray ({exc}); check --address") from None
            self._started_ray = True
        return ray

    def _actors_for(self, work: Work) -> list[Any]:
        if self._actors and self._work != work:
            self._stop_actors()
        if not self._actors:
            ray = self._connect()
            remote = ray.remote(num_cpus=1)(Analyser)
            self._actors = [remote.remote(work) for _ in range(self.workers)]
            self._work = work
        return self._actors

    def analyse(self, documents: Iterable[Document], work: Work) -> Iterator[Analysis | Rejection]:
        """One result per document, in input order, while later chunks are being analysed. Ray and the actors
        start with the first chunk: a run with nothing new to analyse starts nothing."""
        turn = count()

        def submit(chunk: list[Document]) -> Any:
            actors = self._actors_for(work)
            return actors[next(turn) % len(actors)].analyse.remote(chunk)

        yield from bounded_in_order(chunks(documents, self.chunk_size or work.batch_size), submit, self._results,
                                    lambda ref: _ray().cancel(ref), self.in_flight)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function` on each item, dealt to the running actors in turn (each holds a CPU, so a task would wait for
        them), or as Ray tasks when none is running; at most `in_flight` out at once, results in order."""
        ray = self._connect()
        turn = count()
        task = None if self._actors else ray.remote(num_cpus=1)(_call)

        def submit(item: T) -> Any:
            if task is not None:
                return task.remote(function, item)
            return self._actors[next(turn) % len(self._actors)].call.remote(function, item)

        return bounded_in_order(items, submit, lambda ref: [self._results(ref)], lambda ref: ray.cancel(ref),
                                self.in_flight)

    def _results(self, ref: Any) -> Any:
        ray = _ray()
        try:
            return ray.get(ref)
        except ray.exceptions.RayActorError as exc:
            self.close()
            raise RayError(f"a Ray actor stopped abruptly ({exc.__class__.__name__}); documents stored so far are "
                           "kept: run the same command again") from None
        except ray.exceptions.RayTaskError as exc:
            cause = exc.cause if isinstance(exc.cause, Exception) else None
            if cause is not None:
                raise cause from None
            raise

    def _stop_actors(self) -> None:
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors, self._work = [], None

    def close(self) -> None:
        """Stop the actors and, when this executor started Ray, Ray itself. Safe to call twice."""
        if self._actors:
            self._stop_actors()
        if self._started_ray:
            _ray().shutdown()
            self._started_ray = False
