"""How much an event matters to the story, and which days matter most: what a news editor would weigh.

An event's raw weight grows with its independent sources (the articles that report it, copies counting once: at
half weight, for one outlet's follow-ups are coverage more than corroboration), the distinct outlets that report
it, the distinct days it was reported on (an event that stays in the news), and the prominence of who takes part
(how many of the corpus's documents mention its actors and targets); it is scaled down when the event did not or may not
happen (planned, denied, hypothetical) and when its date is vague. Each term is logarithmic: the tenth source
adds less than the second. Saliences are the raw weights divided by the largest one of the store, so the most
salient event is 1.0.

A day's weight is the sum of its three most salient story events: a day with one big event or several
substantial ones rises, a day with many minor mentions does not.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# A story is about what happened; a plan, a denial or a condition is a weaker entry of the same kind.
STATUS_WEIGHT = {"occurred": 1.0, "planned": 0.8, "cancelled": 0.7, "denied": 0.7, "hypothetical": 0.3,
                 "negated": 0.2}
# A timeline entry placed on its day counts more than one placed on a likely day estimated from its reports'
# publication days ("about": storyline.events.when), and that more than one somewhere in a week, a month or a year.
PRECISION_WEIGHT = {"day": 1.0, "about": 0.9, "week": 0.8, "month": 0.6, "year": 0.5, None: 0.4}
EVENTS_PER_DAY = 3  # the events that make a day's weight (and that a digest shows under it)


@dataclass(frozen=True)
class EventEvidence:
    """What an event's salience is computed from."""

    sources: int  # independent sources: the articles that report it, copies counting once
    outlets: int  # distinct outlets among them
    report_days: int  # distinct publication days of the documents that report it
    participants: Sequence[int]  # actor and target ids
    status: str
    precision: str | None


def prominence(participants: Iterable[int], documents_of: Mapping[int, int], total_documents: int) -> float:
    """0..1: the share (on a log scale) of the corpus's documents that mention the event's best-known participant."""
    best = max((documents_of.get(p, 0) for p in participants), default=0)
    if best == 0 or total_documents <= 1:
        return 0.0
    return math.log1p(best) / math.log1p(total_documents)


def raw_weight(event: EventEvidence, documents_of: Mapping[int, int], total_documents: int) -> float:
    """The unscaled weight of one event (see the module docstring)."""
    coverage = (1 + 0.5 * math.log2(1 + event.sources) + math.log2(1 + event.outlets)
                + math.log2(1 + event.report_days))
    who = 0.5 + prominence(event.participants, documents_of, total_documents)
    return (STATUS_WEIGHT.get(event.status, 0.5) * PRECISION_WEIGHT.get(event.precision, 0.4)) * coverage * who


def saliences(events: Sequence[EventEvidence], documents_of: Mapping[int, int], total_documents: int) -> list[float]:
    """Each event's salience in 0..1 (the largest is 1.0), rounded to three decimals."""
    weights = [raw_weight(e, documents_of, total_documents) for e in events]
    top = max(weights, default=0.0)
    return [round(w / top, 3) if top > 0 else 0.0 for w in weights]


def day_weight(event_saliences: Iterable[float]) -> float:
    """A day's weight: the sum of its EVENTS_PER_DAY most salient events."""
    return sum(sorted(event_saliences, reverse=True)[:EVENTS_PER_DAY])
