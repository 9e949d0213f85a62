"""Cross-document steps: work that needs the whole store, not one document (actor resolution, dating, ...).

Each step is registered here by name with the stage outputs it requires. The runner runs every step whose
requirements the pipeline assigns, after the documents of a run are stored. A step recomputes its results
from the store, so running it again gives the same store: re-runs and resumed runs are safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyline.store.sqlite import SQLiteStore


@dataclass(frozen=True)
class CorpusStep:
    name: str
    requires: tuple[str, ...]
    run: Callable[[SQLiteStore, int], dict[str, int]]  # (store, run_id) -> counts for the run summary
    summary: str


CORPUS_STEPS: dict[str, CorpusStep] = {}


def steps_for(assigned: set[str]) -> list[CorpusStep]:
    """The registered steps whose requirements are all assigned by the pipeline, in table order."""
    return [step for step in CORPUS_STEPS.values() if set(step.requires) <= assigned]


from storyline.corpus import actors as _actors  # noqa: E402, F401  (registers the actors step)
from storyline.corpus import dating as _dating  # noqa: E402, F401  (registers the dating step)
from storyline.corpus import events as _events  # noqa: E402, F401  (registers the events step; after dating)
