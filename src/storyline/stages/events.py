"""Events stage: who did what to whom, when, where, and whether it happened, in one document.

`compute(document, parsed, earlier)` reads the spaCy Doc with the actors and time stages' findings and returns
the `EventMention`s `storyline.events.find_events` finds (PLOVER-typed triggers with their actors, targets,
place, date and status), each with an embedding of its clause for merging across documents later. Every span
indexes `document.text`. Pure: no I/O. Merging the mentions of one real event across documents is the corpus
step `events` (storyline.corpus.events).

The clause embeddings come from the embedder the setting `embedder` names (storyline.embed): the stage table holds
`EventsCompute()`, the default, and the runner gives the work `EventsCompute(settings.embedder)`. It pickles by
value (a name), so a worker process builds its own embedder, and the e5 model is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from storyline.config import Settings
from storyline.embed import Clause, embedder
from storyline.events import find_events
from storyline.model import ActorFindings, Document, EventFindings, EventMention, TimeFindings

DEFAULT_EMBEDDER = Settings().embedder


def clause_embeddings(parsed: Doc, mentions: Sequence[EventMention],
                      name: str = DEFAULT_EMBEDDER) -> list[bytes | None]:
    """Each mention's clause embedding as float16 bytes (compact; cosine needs no more precision), all of the
    document's clauses in one call to the embedder; None for a clause with nothing to embed."""
    if not mentions:
        return []
    clauses = [Clause(m.clause_start, m.clause_end, m.lemma) for m in mentions]
    rows = embedder(name).embed_clauses(parsed, clauses)
    return [np.asarray(row, dtype=np.float16).tobytes() if np.any(row) else None for row in rows]


def clause_embedding(parsed: Doc, mention: EventMention, name: str = DEFAULT_EMBEDDER) -> bytes | None:
    """One mention's clause embedding (`clause_embeddings` for a whole document is one batch)."""
    return clause_embeddings(parsed, [mention], name)[0]


def compute(document: Document, parsed: Doc, earlier: Mapping[str, object] | None = None,
            embedder_name: str = DEFAULT_EMBEDDER) -> EventFindings:
    """Every event mention in `document`, with participants tied to the actors stage's mentions."""
    earlier = earlier or {}
    actors = earlier.get("actors")
    time_findings = earlier.get("time")
    mentions = find_events(
        parsed,
        actor_mentions=actors.mentions if isinstance(actors, ActorFindings) else (),
        timexes=time_findings.timexes if isinstance(time_findings, TimeFindings) else (),
        published=document.published,
        text=document.text,  # what the runner parsed: the same as parsed.text, which spaCy would rebuild
    )
    return EventFindings(mentions, clause_embeddings(parsed, mentions, embedder_name))


@dataclass(frozen=True)
class EventsCompute:
    """The stage's `compute` with the clause embedder chosen (picklable: it holds only the embedder's name)."""

    embedder: str = DEFAULT_EMBEDDER

    def __call__(self, document: Document, parsed: Doc,
                 earlier: Mapping[str, object] | None = None) -> EventFindings:
        return compute(document, parsed, earlier, self.embedder)
