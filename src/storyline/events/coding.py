"""The PLOVER record a coder would write for an event mention.

An `EventMention` says what the text says: the action ("meet", CONSULT) and, apart, whether it happened ("would
meet": hypothetical). PLOVER folds some of that into the category: an intention to do something cooperative is
AGREE ("Express intent to meet or negotiate"), an intention or a condition to do something hostile is THREATEN
("will cut aid ... unless"), a refusal or a failure to cooperate is REJECT ("will not join the talks", "failed to
agree"), and what someone must or should do is a DEMAND made of them ("said Peru must free the sailors": the
speaker demands, Peru is the target), and so is what someone calls, presses or asks for ("called for the release
of prisoners": the calling is the event, CAMEO "Demand release of persons"). `plover(event)` applies exactly
those rules of the PLOVER codebook; `legacy` gives PLOVER 0.5 categories (the gold-standard records' version).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.events.lexicon import COOPERATIVE, HOSTILE, legacy_type
from storyline.events.status import OBLIGATION_MODALS, OBLIGATION_VERBS
from storyline.lexicon_files import words
from storyline.model import EventMention, Participant

# Cues of an intention or a commitment of the actor (not a schedule others report: "is expected to").
INTENT_CUES = words("events/intent_cues")
THREAT_CUES = INTENT_CUES | words("events/threat_cues")
# Preparing an attack is exhibiting force (PLOVER MOBILIZE), not yet threatening it.
PREPARATION_CUES = words("events/preparation_cues")
REFUSAL_CUES = words("events/refusal_cues")
# Verbs that ask for what they govern ("called for the release"): the asking is the event (PLOVER REQUEST).
REQUEST_CUES = words("events/request_cues")


@dataclass(frozen=True)
class Coded:
    """A PLOVER coding: category, sources and targets (participants of the mention)."""

    type: str
    sources: tuple[Participant, ...]
    targets: tuple[Participant, ...]


def _role(event: EventMention, role: str) -> tuple[Participant, ...]:
    return tuple(p for p in event.participants if p.role == role)


def plover(event: EventMention) -> Coded:
    """The category and the who-to-whom a PLOVER coder gives this mention (see the module docstring)."""
    actors, targets, reporters = _role(event, "actor"), _role(event, "target"), _role(event, "reporter")
    cue = (event.cue or "").lower()
    kind = event.type
    if event.status == "hypothetical" and (cue in OBLIGATION_MODALS or cue in OBLIGATION_VERBS
                                           or cue in ("needed", "needs", "must", "has", "had")):
        return Coded("REQUEST", reporters, actors or targets)  # "X said Y must ...": X demands of Y
    if event.status == "hypothetical" and cue in REQUEST_CUES and kind != "REQUEST":
        return Coded("REQUEST", reporters or actors, targets)  # "called for the release of prisoners"
    if event.status in ("planned", "hypothetical"):
        if cue == "unless":
            return Coded("THREATEN", actors, targets)  # "will cut aid ... unless": a threat
        if kind == "ASSAULT" and cue in PREPARATION_CUES:
            return Coded("MOBILIZE", actors, targets)
        if kind in COOPERATIVE and kind != "AGREE" and cue in INTENT_CUES:
            return Coded("AGREE", actors, targets)
        if kind in HOSTILE and kind != "THREATEN" and cue in THREAT_CUES:
            return Coded("THREATEN", actors, targets)
    if event.status == "negated" and kind in COOPERATIVE and cue in REFUSAL_CUES:
        return Coded("REJECT", actors, targets)
    return Coded(kind, actors, targets)


def plover_legacy(event: EventMention) -> str:
    """The PLOVER 0.5 category of the coding (INVESTIGATE and FIGHT come from the mention's mode)."""
    coded = plover(event)
    return legacy_type(coded.type, event.mode if coded.type == event.type else None)
