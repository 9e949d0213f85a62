"""What a corpus step is: read what it needs from the store, compute without the store, write in one transaction.

`read(store, run_id)` takes a snapshot (no transaction held), `compute(snapshot)` is pure (no I/O, so it could run
anywhere), and `write(store, run_id, results)` hands the results to one store method that writes them in a short
transaction and returns counts for the run summary. A step recomputes its results from the whole store, so running
it again gives the same store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storyline.store import Store


@dataclass(frozen=True)
class CorpusStep:
    name: str
    requires: tuple[str, ...]  # stage outputs the pipeline must assign for the step to run
    read: Callable[[Store, int], Any]
    compute: Callable[[Any], Any]
    write: Callable[[Store, int, Any], dict[str, int]]
    summary: str

    def run(self, store: Store, run_id: int) -> dict[str, int]:
        """Read, compute, write."""
        return self.write(store, run_id, self.compute(self.read(store, run_id)))
