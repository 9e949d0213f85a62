"""The seed story as a timeline: the events the five sample articles report, on their days, with their
participants and statuses. The articles carry no dates; the pipeline dates them from their text and each other,
and, in the second setting, from the dated coverage of the same weeks in the shared corpus beside them (what a
user following the crisis has: the 1,113 ukraine-media articles of December 2021 to February 2022).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from storyline.config import Settings
from storyline.run import analyze

from .conftest import SEEDS, export_of, need_shared, ukraine_media, write_jsonl

COVERAGE = ("2021-12-01", "2022-02-28")  # the story's weeks, with a month's margin on each side


@pytest.fixture(scope="module")
def story(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    analyze([str(need_shared(SEEDS))], Settings(db=str(db)), nlp=nlp)
    return export_of(db)


@pytest.fixture(scope="module")
def story_with_coverage(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seeds analysed together with every shared-corpus article dated in COVERAGE."""
    folder = tmp_path_factory.mktemp("coverage")
    records = [r for r in ukraine_media() if COVERAGE[0] <= (r.get("date") or "")[:10] <= COVERAGE[1]]
    coverage = write_jsonl(folder / "coverage.jsonl", records)
    analyze([str(need_shared(SEEDS)), str(coverage)], Settings(db=str(folder / "story.db")), nlp=nlp)
    return export_of(folder / "story.db")


def find(story: dict, day: str, event_type: str, names: set[str], status: str | None = None,
         mode: str | None = None) -> list[dict]:
    """Events of `event_type` that cover `day` and involve every actor named (by canonical name or alias)."""
    entities = {e["id"]: {e["name"], *e["aliases"]} for e in story["entities"]}
    found = []
    for event in story["events"]:
        if event["type"] != event_type or event["date"] is None:
            continue
        if not event["date"] <= day <= (event["date_end"] or event["date"]):
            continue
        if (status and event["status"] != status) or (mode and event["mode"] != mode):
            continue
        involved = set().union(*(entities[i] for i in event["actors"] + event["targets"] if i in entities))
        if names <= involved:
            found.append(event)
    return found


def test_the_december_30_call_between_biden_and_putin(story: dict) -> None:
    assert find(story, "2021-12-30", "CONSULT", {"Joe Biden", "Vladimir Putin"}, "occurred", "phone")


def test_the_talks_of_january_10_to_13_are_one_range(story: dict) -> None:
    talks = find(story, "2022-01-11", "CONSULT", set(), "occurred")
    assert any(e["date"] == "2022-01-10" and e["date_end"] == "2022-01-13" for e in talks)


def test_blinken_visits_kyiv_on_january_19(story: dict) -> None:
    visits = find(story, "2022-01-19", "CONSULT", {"Antony Blinken"}, "occurred", "visit")
    entities = {e["id"]: e["name"] for e in story["entities"]}
    assert any(entities.get(v["location"]) == "Kyiv" for v in visits), visits


UNDATED = pytest.mark.xfail(strict=True, reason="needs the seed's publication day, which dating gets only to the "
                             "year from the five seeds alone (docs/quality.md, the five seed articles); with the date "
                             "pinned the event is right, and 001's events also with the coverage of the same weeks")


@UNDATED
def test_putin_speaks_to_macron_on_january_28(story: dict) -> None:
    assert find(story, "2022-01-28", "CONSULT", {"Vladimir Putin", "Emmanuel Macron"}, "occurred")


def test_february_1_planned_and_cancelled_calls_and_visit(story: dict) -> None:
    assert find(story, "2022-02-01", "CONSULT", {"Antony Blinken", "Sergei Lavrov"}, "planned", "phone")
    assert find(story, "2022-02-01", "CONSULT", {"Boris Johnson"}, "planned", "visit")
    assert find(story, "2022-02-01", "CONSULT", {"Boris Johnson", "Vladimir Putin"}, "cancelled", "phone")


@UNDATED
def test_february_10_truss_meets_lavrov_and_drills_with_belarus(story: dict) -> None:
    assert find(story, "2022-02-10", "CONSULT", {"Liz Truss", "Sergei Lavrov"}, "occurred")
    assert find(story, "2022-02-10", "MOBILIZE", {"Belarus"}, "occurred", "exercise")


def test_with_the_two_undatable_seeds_pinned_their_events_stand_on_their_days(nlp: Language, tmp_path: Path) -> None:
    db = tmp_path / "pinned.db"
    pins = ["001_ceb98c0606a3a847=2022-02-10", "002_643c4757289fd1c4=2022-01-28"]
    analyze([str(need_shared(SEEDS))], Settings(db=str(db), published=",".join(pins)), nlp=nlp)
    story = export_of(db)
    assert find(story, "2022-01-28", "CONSULT", {"Vladimir Putin", "Emmanuel Macron"}, "occurred")
    assert find(story, "2022-02-10", "CONSULT", {"Liz Truss", "Sergei Lavrov"}, "occurred")
    assert find(story, "2022-02-10", "MOBILIZE", {"Belarus"}, "occurred", "exercise")


def test_every_event_mention_points_at_its_text(story: dict) -> None:
    texts = {d["id"]: d["text"] for d in story["documents"]}
    assert story["events"]
    for event in story["events"]:
        for mention in event["mentions"]:
            assert texts[mention["doc"]][mention["start"]:mention["end"]] == mention["text"]


# -- with the dated coverage of the same weeks ----------------------------------------------------------------


def test_with_coverage_001_is_dated_by_a_dated_report_of_the_drills(story_with_coverage: dict) -> None:
    """001 says drills with Belarus "started" on "Thursday"; a dated article of the coverage says troops "on
    Thursday began 10 days of exercises in Belarus": the same participants and event, so the same Thursday."""
    published = {d["id"][:3]: d["published"] for d in story_with_coverage["documents"]}
    assert published["001"] == "2022-02-10"
    assert published["002"] == "2022"  # nothing in the coverage tells of its week (docs/quality.md)


def test_with_coverage_february_10_truss_meets_lavrov_and_drills_with_belarus(story_with_coverage: dict) -> None:
    assert find(story_with_coverage, "2022-02-10", "CONSULT", {"Liz Truss", "Sergei Lavrov"}, "occurred")
    assert find(story_with_coverage, "2022-02-10", "MOBILIZE", {"Belarus"}, "occurred", "exercise")


def test_with_coverage_the_other_seed_events_keep_their_days(story_with_coverage: dict) -> None:
    """Hundreds of other articles beside them do not pull the seed events off their days or merge them with
    other calls of the same people (Putin and Macron spoke again on February 20)."""
    assert find(story_with_coverage, "2021-12-30", "CONSULT", {"Joe Biden", "Vladimir Putin"}, "occurred", "phone")
    assert find(story_with_coverage, "2022-01-19", "CONSULT", {"Antony Blinken"}, "occurred", "visit")
    assert find(story_with_coverage, "2022-02-01", "CONSULT", {"Antony Blinken", "Sergei Lavrov"}, "planned",
                "phone")
    assert find(story_with_coverage, "2022-02-01", "CONSULT", {"Boris Johnson", "Vladimir Putin"}, "cancelled",
                "phone")
    talks = find(story_with_coverage, "2022-01-11", "CONSULT", set(), "occurred")
    assert any(e["date"] == "2022-01-10" and e["date_end"] == "2022-01-13" for e in talks)
    names = {e["id"]: {e["name"], *e["aliases"]} for e in story_with_coverage["entities"]}
    leaders = {"Vladimir Putin", "Emmanuel Macron"}
    from_002 = [e for e in story_with_coverage["events"] if e["type"] == "CONSULT"
                and any(m["doc"].startswith("002") for m in e["mentions"])
                and leaders <= set().union(*(names[i] for i in e["actors"] + e["targets"]))]
    assert from_002 and all(e["date_precision"] == "year" for e in from_002), from_002
