"""When a reported event happened when its text does not say: priors learned from dated mentions, the estimate of
an undated mention, and how the events step and merging use it (storyline.events.when)."""

from __future__ import annotations

from storyline.corpus.events import date_priors, event_date, mention_calendar
from storyline.events.merge import MergeItem, cluster_events, pair_scores
from storyline.events.salience import PRECISION_WEIGHT
from storyline.events.when import (
    DEFAULT_PRIORS,
    MIN_SAMPLES,
    PAST,
    PLANNED,
    Prior,
    estimate_priors,
    estimated_date,
    fit_prior,
    offset_sample,
    status_class,
)
from storyline.export.timeline import digest, when
from storyline.periods import Calendar


def test_statuses_about_past_acts_take_the_past_prior_and_plans_the_planned_one() -> None:
    assert {status_class(s) for s in ("occurred", "cancelled", "denied", "negated")} == {PAST}
    assert status_class("planned") == status_class("hypothetical") == PLANNED
    assert offset_sample("planned", "2022-03-03", "2022-02-24") == (PLANNED, 7)
    assert offset_sample("occurred", "2022-02-23", "2022-02-24T10:00:00") == (PAST, -1)
    assert offset_sample("occurred", "2022-02", "2022-02-24") is None


def test_the_prior_is_the_mode_and_the_central_mass_of_the_offsets() -> None:
    """60 reports of the day before, 25 of the same day, 15 spread over older days: the likely day is the day
    before, the window holds the central 80% (from the 10% quantile, six days before, to the 90% one)."""
    offsets = [-1] * 60 + [0] * 25 + list(range(-2, -17, -1))
    prior = fit_prior(offsets, PAST)
    assert prior == Prior(likely=-1, earliest=-6, latest=0, samples=100)


def test_the_window_is_clipped_to_the_sane_maximum_and_holds_the_mode() -> None:
    far_past = fit_prior([-30] * 40 + [-20] * 10, PAST)  # clipped to 14 days before publication
    assert (far_past.likely, far_past.earliest, far_past.latest) == (-14, -14, -14)
    after = fit_prior([2] * 40, PAST)  # a past event cannot follow its report
    assert (after.likely, after.earliest, after.latest) == (0, 0, 0)
    plans = fit_prior([3] * 20 + [10] * 15 + [90] * 15, PLANNED)
    assert (plans.likely, plans.earliest, plans.latest) == (3, 3, 60)


def test_too_few_samples_keep_the_defaults() -> None:
    priors = estimate_priors([(PAST, -5)] * (MIN_SAMPLES - 1) + [(PLANNED, 9)] * MIN_SAMPLES)
    assert priors[PAST] == DEFAULT_PRIORS[PAST]
    assert priors[PLANNED] == Prior(9, 9, 9, MIN_SAMPLES)


def test_an_estimate_is_the_likely_day_with_its_window() -> None:
    priors = {PAST: Prior(-1, -3, 0, 50), PLANNED: Prior(2, 0, 20, 50)}
    assert estimated_date("2022-03-01", "occurred", priors) == Calendar("2022-02-28", None, "about",
                                                                       ("2022-02-26", "2022-03-01"))
    assert estimated_date("2022-03-01", "planned", priors) == Calendar("2022-03-03", None, "about",
                                                                      ("2022-03-01", "2022-03-21"))


def row(status: str = "occurred", published: str | None = "2022-02-25", timex: str | None = None,
        nominal: bool = False) -> dict:
    return {"status": status, "published": published, "date_source": "timex" if timex else "document",
            "timex_value": timex, "date_precision": "about", "nominal": nominal}


def test_the_events_step_learns_its_priors_from_mentions_dated_to_a_day() -> None:
    rows = [row(timex="2022-02-24")] * 40 + [row(timex="2022-02-21")] * 10  # 40 on the day before, 10 four days
    rows += [row(timex="2022-02")] * 100 + [row(published="2022-02", timex="2022-02-24")] * 100  # not samples
    priors = date_priors(rows)
    assert priors[PAST] == Prior(-1, -4, -1, 50) and priors[PLANNED] == DEFAULT_PRIORS[PLANNED]


def test_a_mention_in_an_undated_document_stays_undated() -> None:
    assert mention_calendar(row(published=None)) == Calendar(None, None, None)
    assert mention_calendar(row(published="")) == Calendar(None, None, None)
    assert mention_calendar(row(published="2022-02")) == Calendar("2022-02-01", None, "month")
    own = mention_calendar(row(timex="2022-02-24"))
    assert own == Calendar("2022-02-24", None, "day")
    assert mention_calendar(row()).precision == "about"


def test_a_noun_that_only_names_its_event_gets_a_window_but_no_day() -> None:
    """"Russia's invasion of Ukraine" in a report of October says nothing of when: it may join an event dated in
    its window, but an event of such mentions alone stays off the calendar."""
    named = mention_calendar(row(nominal=True))
    told = mention_calendar(row())
    assert named.date is None and named.precision == "about" and named.window == told.window
    assert mention_calendar(row(nominal=True, timex="2022-02-24")) == Calendar("2022-02-24", None, "day")
    assert event_date([named, named]) == Calendar(None, None, None)
    assert event_date([named, Calendar("2022-02-24", None, "day")]) == Calendar("2022-02-24", None, "day")


def test_an_event_takes_the_date_most_of_its_mentions_allow() -> None:
    about = [Calendar("2022-02-24", None, "about", ("2022-02-18", "2022-02-24")),
             Calendar("2022-02-24", None, "about", ("2022-02-24", "2022-03-26")),
             Calendar("2022-02-25", None, "about", ("2022-02-19", "2022-02-25"))]
    assert event_date(about) == Calendar("2022-02-24", None, "about")
    assert event_date([*about, Calendar("2022-02-23", None, "day")]) == Calendar("2022-02-23", None, "day")
    assert event_date([*about, Calendar("2022-02-21", None, "week")]).precision == "about"
    assert event_date([Calendar(None, None, None)]) == Calendar(None, None, None)
    spread = [Calendar(f"2022-04-{day:02d}", None, "about", (f"2022-04-{day - 6:02d}", f"2022-04-{day:02d}"))
              for day in (7, 8, 9, 13, 14, 15, 19, 20, 21, 22)]  # reports over two weeks: no day of their own
    assert event_date(spread) == Calendar(None, None, None)
    assert event_date(spread[:6]).precision == "about"  # a handful of reports cannot show such a spread
    february = [Calendar("2022-02-01", None, "month")] * 5
    assert event_date([*february, Calendar("2022-03-01", None, "day")]) == Calendar("2022-02-01", None, "month")
    assert event_date([*february, Calendar("2022-02-24", None, "day")]) == Calendar("2022-02-24", None, "day")
    many = [Calendar("2022-02-01", None, "month")] * 34
    assert event_date([*many, Calendar("2022-02-14", None, "day")]) == Calendar("2022-02-01", None, "month")
    assert event_date([*many, *[Calendar("2022-02-24", None, "day")] * 2]) == Calendar("2022-02-24", None, "day")


# -- merging ------------------------------------------------------------------------------------------------------


def invasion(key: str, doc: str, date: str, end: str | None = None, precision: str = "day") -> MergeItem:
    return MergeItem(key=key, doc=doc, type="ASSAULT", lemma="invade", actors=frozenset({"A:russia"}),
                     targets=frozenset({"A:ukraine"}), date=date, date_end=end, precision=precision)


def test_an_estimated_date_merges_with_a_precise_day_inside_its_window() -> None:
    """Reported on February 28 without a day (window February 22 to 28) and "on February 24" elsewhere."""
    items = [invasion("dated", "a", "2022-02-24"), invasion("estimated", "b", "2022-02-22", "2022-02-28", "about")]
    assert cluster_events(items) == [["dated", "estimated"]]


def test_an_estimated_date_does_not_merge_with_a_day_outside_its_window() -> None:
    items = [invasion("dated", "a", "2022-02-10"), invasion("estimated", "b", "2022-02-22", "2022-02-28", "about")]
    assert cluster_events(items) == [["dated"], ["estimated"]]
    assert pair_scores(items)[0, 1] == float("-inf")


def test_an_estimated_date_is_weaker_evidence_than_a_day_and_borrows_no_vague_one() -> None:
    day, other_day = invasion("a", "a", "2022-02-24"), invasion("b", "b", "2022-02-24")
    estimated = invasion("c", "c", "2022-02-22", "2022-02-28", "about")
    scores = pair_scores([day, other_day, estimated])
    assert scores[0, 1] > scores[0, 2] > 0  # no same-day bonus, a small penalty
    year = invasion("y", "y", "2022", precision="year")
    undated = MergeItem(key="u", doc="u", type="ASSAULT", lemma="invade", actors=frozenset({"A:russia"}))
    assert (pair_scores([estimated, year])[0, 1] == float("-inf")
            and pair_scores([estimated, undated])[0, 1] == float("-inf"))  # still a borrowed date


def test_an_estimated_event_reads_about_its_day_and_counts_in_the_digest_below_a_day() -> None:
    estimated = {"date": "2022-02-24", "date_end": None, "date_precision": "about", "salience": 0.9, "summary": "e"}
    week = {"date": "2022-02-21", "date_end": None, "date_precision": "week", "salience": 1.0, "summary": "w"}
    assert when(estimated) == "about 2022-02-24" and when(week) == "week of 2022-02-21"
    assert [d["date"] for d in digest([estimated, week])] == ["2022-02-24"]
    assert PRECISION_WEIGHT["day"] > PRECISION_WEIGHT["about"] > PRECISION_WEIGHT["week"]
