"""The stage table: every stage by name, what it requires and what it assigns.

A pipeline is checked against this table before the first document is read, so a stage whose input
no earlier stage produces fails at once, with the name of what is missing (spaCy's `requires`/`assigns`).
Text stages run on the raw document in the runner's process; the parse stage and the parsed stages run where the
executor puts them (`storyline.executors`: in this process or in worker processes), so every `compute` is a
module-level function that pickles by reference, or a small frozen dataclass that pickles by value (the events
stage's, which carries the name of its clause embedder: `configured` sets it from the settings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from storyline.config import Settings
from storyline.errors import PipelineError
from storyline.stages import actors, clean, events, nlp, quantities, quotes
from storyline.stages import time as time_stage

# What a document has before any stage runs.
GIVEN = ("raw_text", "metadata")


@dataclass(frozen=True)
class StageSpec:
    name: str
    kind: str  # "text": runs before parsing; "parse": the spaCy pass; "parsed": reads the parsed Doc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    summary: str
    # What the stage computes, with no I/O; its signature depends on the kind:
    # "text": compute(document, line_counts) -> Cleaned, on the raw document, with the corpus line counts;
    # "parse": compute(parsed_doc) -> NlpFindings, once the executor has parsed the text with the model;
    # "parsed": compute(document, parsed_doc, earlier=findings of the stages before it) -> findings.
    compute: Callable[..., object] | None = None
    # The Store method that writes the findings (store.write_batch calls it for each document); None for the
    # stages whose output is the document itself (clean, nlp), which write_batch stores directly.
    writer: str | None = None


STAGES: dict[str, StageSpec] = {
    spec.name: spec
    for spec in (
        StageSpec("clean", "text", ("raw_text",), ("text", "removed", "flags"),
                  "remove scraping leftovers, keep the article body", compute=clean.compute),
        StageSpec("nlp", "parse", ("text",), ("sentences", "tokens", "mentions"),
                  "spaCy: sentences, tokens, named-entity mentions", compute=nlp.compute),
        StageSpec("actors", "parsed", ("mentions", "sentences"), ("actor_mentions",),
                  "actor mentions in chains, roles, metonymy, repaired names", compute=actors.compute,
                  writer="write_actor_findings"),
        StageSpec("time", "parsed", ("sentences",), ("timexes",),
                  "time expressions normalised to TimeML values against the document date",
                  compute=time_stage.compute, writer="write_timexes"),
        StageSpec("quotes", "parsed", ("sentences", "mentions", "timexes"), ("quotes",),
                  "direct quotes and reported speech with speaker, cue, date and medium", compute=quotes.compute,
                  writer="write_quotes"),
        StageSpec("events", "parsed", ("sentences", "actor_mentions", "timexes"), ("event_mentions",),
                  "PLOVER-typed events with actors, targets, place, date and status",
                  compute=events.EventsCompute(),
                  writer="write_event_mentions"),
        StageSpec("quantities", "parsed", ("sentences", "mentions"), ("quantities",),
                  "numbers normalised with unit and approximation, whose they are and what they count",
                  compute=quantities.compute, writer="write_quantities"),
    )
}
DEFAULT_PIPELINE = tuple(STAGES)


def configured(spec: StageSpec, settings: Settings) -> StageSpec:
    """`spec` with what it takes from the settings: the events stage's clause embedder (setting `embedder`)."""
    if isinstance(spec.compute, events.EventsCompute):
        return replace(spec, compute=events.EventsCompute(settings.embedder))
    return spec


def validate_pipeline(names: tuple[str, ...] = DEFAULT_PIPELINE,
                      table: Mapping[str, StageSpec] = STAGES) -> list[StageSpec]:
    """Return the specs in order, or raise PipelineError naming the first unmet requirement.

    `table` is where the names are looked up: `STAGES` unless a caller (a test, a plug-in) brings a table of its own.
    """
    available = set(GIVEN)
    specs = []
    for name in names:
        spec = table.get(name)
        if spec is None:
            raise PipelineError(f"unknown stage {name!r}; known stages: {', '.join(table)}")
        missing = [need for need in spec.requires if need not in available]
        if missing:
            raise PipelineError(f"stage {name!r} requires {', '.join(missing)}, which no earlier stage "
                                f"assigns; put the stage that assigns it before {name!r}")
        available.update(spec.assigns)
        specs.append(spec)
    return specs
