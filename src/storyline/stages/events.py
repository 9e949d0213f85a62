"""Events stage: who did what to whom, when, where, and whether it happened, in one document.

`compute(document, parsed, earlier)` reads the spaCy Doc with the actors and time stages' findings and returns
the `EventMention`s `storyline.events.find_events` finds (PLOVER-typed triggers with their actors, targets,
place, date and status), each with an embedding of its clause for merging across documents later. Every span
indexes `document.text`. Pure: no I/O. Merging the mentions of one real event across documents is the corpus
step `events` (storyline.corpus.events).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from spacy.tokens import Doc

from storyline.events import find_events
from storyline.events.vectors import clause_vector
from storyline.model import ActorFindings, Document, EventFindings, EventMention, TimeFindings


def clause_embedding(parsed: Doc, mention: EventMention) -> bytes | None:
    """The clause's sentence embedding as float16 bytes (compact; cosine needs no more precision)."""
    span = parsed.char_span(mention.clause_start, mention.clause_end, alignment_mode="expand")
    if span is None:
        return None
    vector = clause_vector(span, parsed.vocab, trigger=mention.lemma)
    if vector is None or not np.any(vector):
        return None
    return np.asarray(vector, dtype=np.float16).tobytes()


def compute(document: Document, parsed: Doc, earlier: Mapping[str, object] | None = None) -> EventFindings:
    """Every event mention in `document`, with participants tied to the actors stage's mentions."""
    earlier = earlier or {}
    actors = earlier.get("actors")
    time_findings = earlier.get("time")
    mentions = find_events(
        parsed,
        actor_mentions=actors.mentions if isinstance(actors, ActorFindings) else (),
        timexes=time_findings.timexes if isinstance(time_findings, TimeFindings) else (),
        published=document.published,
    )
    return EventFindings(mentions, [clause_embedding(parsed, m) for m in mentions])
