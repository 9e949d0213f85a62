"""What a corpus step is: read what it needs from the store, compute without the store, write in one transaction.

`read(store, run_id)` takes a snapshot (no transaction held), `compute(snapshot)` is pure (no I/O, so it could run
anywhere), and `write(store, run_id, results)` hands the results to one store method that writes them in a short
transaction and returns counts for the run summary. A step recomputes its results from the whole store, so running
it again gives the same store.

A `parallel` step's compute also takes a `mapper`: a `map` that runs independent units of the step (the events
step's merge blocks) where the run's executor runs its work, in worker processes or on Ray actors, results in
order. Without an executor it is the builtin `map`, and the results are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storyline.mapping import Mapper
from storyline.store import Store


@dataclass(frozen=True)
class CorpusStep:
    name: str
    requires: tuple[str, ...]  # stage outputs the pipeline must assign for the step to run
    read: Callable[[Store, int], Any]
    compute: Callable[[Any], Any]
    write: Callable[[Store, int, Any], dict[str, int]]
    summary: str
    parallel: bool = False  # compute(snapshot, mapper) spreads independent units over the executor's workers

    def run(self, store: Store, run_id: int, mapper: Mapper = map) -> dict[str, int]:
        """Read, compute (a parallel step with `mapper`), write."""
        snapshot = self.read(store, run_id)
        results = self.compute(snapshot, mapper) if self.parallel else self.compute(snapshot)
        return self.write(store, run_id, results)

