"""The data every stage passes around. Plain dataclasses: no I/O, no behaviour beyond small helpers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.timex import Timex


def content_hash(text: str) -> str:
    """A short, stable fingerprint of a text; equal texts are the same version of a document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """Characters `start:end` of the clean text of document `doc_id`."""

    doc_id: str
    start: int
    end: int


@dataclass
class Document:
    """One article as read from its source, before and after cleaning.

    `raw_text` is what the reader produced; `text` is the clean body every offset indexes into. `title_basis` says
    how the title was decided: headline, lead, forced or metadata (`storyline.readers.headline`), else None.
    """

    id: str
    raw_text: str
    source_path: str
    title: str | None = None
    title_basis: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    published_basis: str | None = None
    published_confidence: float | None = None
    line: int | None = None
    text: str = ""
    flags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def raw_hash(self) -> str:
        """Fingerprint of what arrived, metadata that changes the analysis included."""
        return content_hash("\x1f".join([self.title or "", self.raw_text]))


@dataclass(frozen=True)
class Cleaned:
    """What the clean stage returns: the body, the leftovers it removed (verbatim) and flags."""

    text: str
    removed: list[str]
    flags: list[str]


@dataclass(frozen=True)
class EntityMention:
    """A named-entity mention: `label` is spaCy's (PERSON, GPE, ...); offsets index the clean text."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int


@dataclass
class NlpFindings:
    """What the nlp stage returns for one document."""

    sentences: list[SentenceSpan]
    mentions: list[EntityMention]
    tokens: int


@dataclass(frozen=True)
class Rejection:
    """A dropped input is a result: where it came from, why, and what to do."""

    source: str
    reason: str
    detail: str
    line: int | None = None

    @property
    def message(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: rejected ({self.reason}): {self.detail}"


@dataclass
class Analysis:
    """Everything the stages found for one document: what the runner hands to the store."""

    document: Document
    nlp: NlpFindings
    findings: dict[str, object] = field(default_factory=dict)  # stage name -> what that parsed stage returned


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker: `text == document.text[start:end]`; `kind` is direct or indirect.

    The speaker is kept as written (`speaker_*`: "He", "the embassy", "Kremlin spokesman Dmitry Peskov") and as
    the mention it refers to (`resolved_*`), so that a later step can link it to the canonical actor. `named` is
    False for an anonymous or unresolved description. `date` is the cue's time expression, resolved (`date_start:
    date_end` its span), else the document's date (`date_source` says which); `medium` is where it was said.
    """

    start: int
    end: int
    text: str
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    resolved_start: int | None = None
    resolved_end: int | None = None
    resolved_text: str | None = None
    named: bool = False
    date: str | None = None
    date_start: int | None = None
    date_end: int | None = None
    date_source: str | None = None
    medium: str | None = None


@dataclass(frozen=True)
class Participant:
    """Who or where an event involves, as written (`start:end`, `text`) and as the actor mention it refers to
    (`ref_start:ref_end`: the same span for a name, an earlier mention for "he" or "the minister").

    `role` is "actor" (who does it), "target" (to or with whom), "location" (where) or "reporter" (who says it
    happened: "according to the Kremlin"). Several actors or targets make a compound ("the United States and NATO").
    """

    role: str
    start: int
    end: int
    text: str
    ref_start: int | None = None
    ref_end: int | None = None


@dataclass(frozen=True)
class EventMention:
    """One mention of an event in one document, typed in the PLOVER ontology.

    `start:end` is the trigger ("met", "phone call", "visit"; `text == document.text[start:end]`), `lemma` its
    base form; `clause_start:clause_end` the clause it was read from. `status` is occurred, planned, cancelled,
    denied, negated or hypothetical. The date is the event's own time expression (`date_source` "timex", its span
    `time_start:time_end`) or estimated from the document's date (`date_source` "document": a likely day at
    precision "about", storyline.events.when); a range has `date_end`.
    `gist` is the clause cut to a headline in its own words ("Russia launched an invasion of Ukraine").
    """

    start: int
    end: int
    text: str
    lemma: str
    type: str
    clause_start: int
    clause_end: int
    status: str = "occurred"
    mode: str | None = None
    participants: tuple[Participant, ...] = ()
    date: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    time_start: int | None = None
    time_end: int | None = None
    cue: str | None = None  # the word that set the status: "expected", "denied", "if", "not"
    gist: str | None = None  # the clause cut to a headline in its own words (storyline.events.gist)
    # The trigger is an event noun no verb tells ("Russia's invasion", "the talks"; not "held talks"): it names an
    # event rather than reporting it, so it says nothing of when it happened (storyline.corpus.events)
    nominal: bool = False


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor. `text == document.text[start:end]`; `chain` groups one actor's mentions."""

    start: int
    end: int
    text: str
    kind: str  # person | organization | location | group | other
    label: str  # spaCy label, or TITLE for a title-only mention
    chain: int
    name: str  # the name this mention gives, as written (without "the" or "'s")
    usage: str  # name | surname | title | place | agent | government | demonym
    place: str | None = None  # gazetteer key ("country:UA", "city:703448") or "gov:RU" for a government
    country: str | None = None  # ISO alpha-2 the mention names or is affiliated with
    repaired: bool = False


@dataclass(frozen=True)
class RoleMention:
    """A role or affiliation stated for the actor of `chain`; `start:end` is the phrase that states it."""

    chain: int
    role: str
    country: str | None
    org: str | None
    start: int
    end: int


@dataclass
class ActorFindings:
    """What the actors stage returns for one document: mentions in chains, and the roles stated for them."""

    mentions: list[ActorMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)




@dataclass
class TimeFindings:
    """What the time stage returns for one document."""

    timexes: list[Timex]
    anchor: str | None  # the date the values were resolved against


@dataclass
class EventFindings:
    """What the events stage returns: the mentions, and for each the float16 bytes of its clause's embedding."""

    mentions: list[EventMention]
    vectors: list[bytes | None]
