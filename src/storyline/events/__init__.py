"""Events: who did what to whom, when, where, and whether it happened, per clause of one document.

    find_events(parsed, actor_mentions, timexes, published) -> list[EventMention]

reads one parsed document (spaCy Doc) with the actor mentions of the actors stage and the time expressions of the
time stage. Each event mention has a trigger typed in the PLOVER ontology (`lexicon`: verbs and event nouns, light
verbs carrying nouns, reversals), a mode where the text says it, participants (actor, target, location, reporter)
resolved to actor mentions (`participants`), a status read off the grammar and its cues (`status`: occurred,
planned, cancelled, denied, negated, hypothetical), and a date: its own time expression, else a likely day
estimated from the document's date, precision "about" (`extract`, `when`). `coding.plover` turns a mention into the
record a PLOVER coder would write (intent to cooperate is AGREE, a threatened attack THREATEN, a refusal REJECT).
Pure: no I/O, no model loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from storyline.events.extract import Extractor
from storyline.model import EventMention
from storyline.timex import Timex

if TYPE_CHECKING:
    from storyline.model import ActorMention


def find_events(parsed: Doc, actor_mentions: Sequence[ActorMention] = (), timexes: Sequence[Timex] = (),
                published: str | None = None, text: str | None = None) -> list[EventMention]:
    """Every event mention of a parsed document, in reading order; offsets index `parsed.text`.

    `actor_mentions` (the actors stage's findings) name the participants; `timexes` (the time stage's) date the
    events; `published` (ISO date) gives the estimated date of the others (precision "about", `when`). `text` is
    the text `parsed` was parsed from, when the caller has it (spaCy rebuilds `Doc.text` on every read)."""
    return Extractor(parsed, actor_mentions, timexes, published, text).events()


__all__ = ["find_events"]
