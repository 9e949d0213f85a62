"""Cross-document steps: work that needs the whole store, not one document, in the order they run.

Each step (storyline.corpus.step.CorpusStep) reads a snapshot from the store, computes without it and hands the
results to one store method that writes them in a short transaction. The runner runs, after the documents of a run
are stored, every step whose requirements the pipeline assigns.

Incremental: a step is skipped when the store's inputs (document versions and date pins) are what they were when
the step last completed, so a run that adds nothing does no corpus work. A run that adds or changes documents
recomputes every step over the whole store: each step is global by nature (actor clustering is a union over every
chain, dating a joint inference over every document, copy detection a search over every text, event merging a
clustering over every mention, speaker links follow the actors, claims the events and speakers), and recomputing
keeps results independent of the order documents arrived in. Ids survive recomputation through the key tables.

Distributed: the runner passes its executor's `map`, and a parallel step spreads its independent units over it, in
the worker processes or on the Ray actors of the run: the events step's merge blocks and its documents' story terms,
the sources step's document readings for the flags.
"""

from __future__ import annotations

from storyline.corpus import actors, claims, dating, events, sources, speakers
from storyline.corpus.step import CorpusStep
from storyline.mapping import Mapper
from storyline.store import Store

# The order matters: dating reads the actors' participants; events read actors, the dates and the copy clusters of
# `sources`; speakers read actors; claims read the events, the speakers and the copy clusters.
CORPUS_STEPS: tuple[CorpusStep, ...] = (actors.STEP, dating.STEP, sources.STEP, events.STEP, speakers.STEP,
                                        claims.STEP)


def steps_for(assigned: set[str]) -> list[CorpusStep]:
    """The steps whose requirements are all assigned by the pipeline, in running order."""
    return [step for step in CORPUS_STEPS if set(step.requires) <= assigned]


def run_corpus_steps(store: Store, run_id: int, assigned: set[str],
                     mapper: Mapper = map) -> dict[str, dict[str, int]]:
    """Apply this run's date pins, then run every step the pipeline allows whose inputs changed since it last
    completed; returns each step's counts (`{"unchanged": 1}` for a step skipped). `mapper`: the executor's `map`,
    for the parallel steps."""
    steps = steps_for(assigned)
    counts: dict[str, dict[str, int]] = {}
    pinned = dating.apply_pins(store, run_id) if dating.STEP in steps else 0
    fingerprint = store.corpus_fingerprint()
    for step in steps:
        if store.corpus_step_is_current(step.name, fingerprint):
            counts[step.name] = {"unchanged": 1}
            continue
        counts[step.name] = step.run(store, run_id, mapper)
        store.corpus_step_done(step.name, fingerprint, run_id)
    if dating.STEP.name in counts:
        counts[dating.STEP.name]["pinned"] = pinned
    return counts


def run_step(store: Store, run_id: int, name: str) -> dict[str, int]:
    """Run one step by name now, whatever the store's state (scorers and tests that write analyses themselves)."""
    step = next(s for s in CORPUS_STEPS if s.name == name)
    return step.run(store, run_id)
