"""Which events belong in the story a reader follows: the rule behind `events.in_story` and the default timeline.

The corpus step `events` (storyline.corpus.events) decides it once per event and stores the flag; the timeline's
default view reads it (store.events.STORY_CONDITION). Everything else stays in the export and behind
`timeline --all`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.lexicon_files import words

GENERIC_TRIGGERS = words("events/generic_triggers")
# Statuses of events the text says did not or may never happen.
OUT_OF_STORY_STATUSES = frozenset({"hypothetical", "negated"})


def in_story(event: Mapping[str, Any], members: Sequence[Mapping[str, Any]],
             linked: Mapping[int, Sequence[tuple[str, int]]], told: bool = True) -> bool:
    """Whether an event belongs in the story: it names who did it and what happened, and it happened or may happen.

    That is: its status is not hypothetical ("if Moscow invades") or negated ("did not attack"), and one of its
    mentions tells it, naming a canonical actor doing it (a linked participant in the role "actor"; recogniser
    fragments such as "#", "von" or a date are no actors, storyline.actors.names.is_fragment) with a concrete trigger
    (not a word for a state of affairs: "the war", "the aggression", GENERIC_TRIGGERS). A mention that names nobody
    ("the invasion", "Demands": a gist that is the trigger alone, storyline.events.gist) does not tell an event,
    whatever a participant linked to it says; an event with no named actor at all is out.

    What happened must be said too, by a mention's own words naming the actor (`told`: the summary is a mention's
    gist, storyline.corpus.summary.gist_summary). A template summary is built from participants the linker found,
    which no single report puts together: "Russia protests" or "Kimmel carries out an attack" says too little, and
    with a target ("Capitol attacks United States and Keystone XL", "Dancing and Stars ask Chmerkovskiy") it joins
    what no source said. On the February 2022 slice, 20 of 311 story events had a template summary, nearly all such
    noise; they stay in the export and behind `timeline --every-event`."""
    if event["status"] in OUT_OF_STORY_STATUSES or not event["actors"] or not told:
        return False
    actors = set(event["actors"])
    return any(m["lemma"] not in GENERIC_TRIGGERS and not _bare(m)
               and any(role == "actor" and actor_id in actors for role, actor_id in linked.get(m["pk"], ()))
               for m in members)


def _bare(mention: Mapping[str, Any]) -> bool:
    """A mention whose gist is its trigger alone ("Invasion", "Demands"): a word for the event, naming nobody."""
    gist = mention["gist"]
    return bool(gist) and gist.casefold() == str(mention["text"]).casefold()
