"""When did a reported event happen, when the text does not say: a most likely day and a window, learned from the
corpus itself.

News reports what happened on its publication day or shortly before, and announces what is planned for the days
after. An event mention with its own time expression ("met on Thursday") is placed by it; one without ("Russia
invaded Ukraine", "Biden will travel to Warsaw") is placed relative to its document's publication day. How far
from it is an empirical question that depends on the outlet and the story (a daily's "yesterday", a weekly's
"last week", a live blog's "this morning"), so it is estimated from the corpus's own dated mentions rather than
fixed:

- the samples are mentions dated to a day by their own time expression, in documents whose publication day is
  known; each gives `event day - publication day` for its status class: past (occurred, and cancelled, denied,
  negated, which are about acts already done or refused) or planned (planned, and hypothetical: a condition, a
  threat or a demand is about what may come, and it never merges with a non-hypothetical mention anyway);
- per class, the most likely offset is the mode of the samples (the offset nearest zero on a tie), and the window
  is the central `WINDOW_MASS` of their mass (the quantiles 10% and 90%), widened to hold the mode and clipped to
  `CLIP`: at most `MAX_PAST_DAYS` back and never after publication for a past event (a report that names no day for
  an older event is rare, and a past event cannot follow its report: a day's slack for time zones is the merge
  step's `date_slack_days`), at most `MAX_FUTURE_DAYS` ahead and never before publication for a planned one (plans
  announced without a day are "soon", "in the coming weeks"; further than two months is a guess, not a window);
- with fewer than `MIN_SAMPLES` samples in a class, the class keeps its `DEFAULT_PRIORS` (a judgement: a past
  event on the publication day or up to a week before, a planned one from the publication day to a month after).

Mentions with a time expression are a proxy for those without: a reporter names the day when it is not obvious,
so undated mentions, if anything, lie closer to the publication day than the samples. The window is therefore
generous rather than tight, which is the side to err on: it only makes a merge possible, the wording and the
participants still have to agree (storyline.events.merge).

An event noun that no verb tells ("Russia's invasion of Ukraine", "the talks") names an event rather than reporting
it: a report from October still speaks of the February invasion. Such a mention keeps the window (it may join an
event dated inside it) but gets no likely day (`named_only`), so it never puts an event on the calendar by itself.

A mention placed this way gets `ESTIMATED` ("about") as its precision: `Calendar(date=likely day,
date_end=None, precision="about", window=(first day, last day))`. The likely day is what a reader sees ("about
2022-02-24") and what an event takes when all its mentions are estimated; the window is what merging compares.
Pure: no I/O; `estimate_priors` takes plain (status, offset) pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.periods import ESTIMATED, Calendar

PAST, PLANNED = "past", "planned"
# Which estimate each event status takes (storyline.events.status).
STATUS_CLASS = {"occurred": PAST, "cancelled": PAST, "denied": PAST, "negated": PAST, "planned": PLANNED,
                "hypothetical": PLANNED}
MIN_SAMPLES = 30  # fewer dated mentions in a class than this: keep its default
WINDOW_MASS = 0.8  # the share of the samples' mass the window holds (the central part)
MAX_PAST_DAYS = 14
MAX_FUTURE_DAYS = 60
CLIP = {PAST: (-MAX_PAST_DAYS, 0), PLANNED: (0, MAX_FUTURE_DAYS)}


@dataclass(frozen=True)
class Prior:
    """Where an event of one status class lies relative to its report's publication day, in days: the most
    likely offset and the window [earliest, latest] (negative: before publication); `samples` it was learned
    from (0: the default)."""

    likely: int
    earliest: int
    latest: int
    samples: int = 0


DEFAULT_PRIORS = {PAST: Prior(0, -7, 0), PLANNED: Prior(0, 0, 30)}


def status_class(status: str | None) -> str:
    """The prior an event status takes: past unless the event is planned or hypothetical."""
    return STATUS_CLASS.get(status or "", PAST)


def offset_sample(status: str | None, event_day: str, published_day: str) -> tuple[str, int] | None:
    """(status class, event day - publication day) of one mention dated to a day by its own time expression;
    None when either day is not an ISO day."""
    try:
        offset = (date.fromisoformat(event_day[:10]) - date.fromisoformat(published_day[:10])).days
    except ValueError:
        return None
    return status_class(status), offset


def _quantile(ordered: list[int], share: float) -> int:
    """The value below which `share` of the sorted samples lie (the nearest rank, no interpolation)."""
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def fit_prior(offsets: Iterable[int], kind: str) -> Prior:
    """The prior of one status class from its samples' offsets (module docstring), or its default when there are
    fewer than MIN_SAMPLES."""
    ordered = sorted(offsets)
    if len(ordered) < MIN_SAMPLES:
        return DEFAULT_PRIORS[kind]
    low, high = CLIP[kind]
    counts = Counter(min(high, max(low, o)) for o in ordered)
    likely = max(counts, key=lambda o: (counts[o], -abs(o), o))
    tail = (1 - WINDOW_MASS) / 2
    earliest = min(likely, max(low, _quantile(ordered, tail)))
    latest = max(likely, min(high, _quantile(ordered, 1 - tail)))
    return Prior(likely, earliest, latest, len(ordered))


def estimate_priors(samples: Iterable[tuple[str, int]]) -> dict[str, Prior]:
    """Each status class's prior from (status class, offset) samples (see `offset_sample`)."""
    by_class: dict[str, list[int]] = {PAST: [], PLANNED: []}
    for kind, offset in samples:
        by_class.setdefault(kind, []).append(offset)
    return {kind: fit_prior(by_class[kind], kind) for kind in (PAST, PLANNED)}


def estimated_date(published_day: str, status: str | None,
                   priors: dict[str, Prior] | None = None) -> Calendar:
    """The estimated date of a mention with no time expression of its own in a document published that day."""
    prior = (priors or DEFAULT_PRIORS)[status_class(status)]
    day = date.fromisoformat(published_day[:10])

    def shifted(days: int) -> str:
        return (day + timedelta(days=days)).isoformat()

    return Calendar(shifted(prior.likely), None, ESTIMATED, (shifted(prior.earliest), shifted(prior.latest)))


def named_only(estimate: Calendar) -> Calendar:
    """The estimate of a mention that only names its event: the window, no likely day (module docstring)."""
    return Calendar(None, None, ESTIMATED, estimate.window)
