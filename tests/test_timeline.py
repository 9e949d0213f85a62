"""Events across documents: the corpus step, the export's events section, the timeline and the briefing.

Articles here are written for the tests (a fictional crisis); the real spaCy model parses them and a real SQLite
store holds them.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app
from storyline.corpus.events import Calendar, calendar_of
from storyline.corpus.summary import short_name, summarize
from tests.conftest import export_of, write_jsonl

WIRE = ("Valdorian Foreign Minister Anna Kessler met Ostrian President Pavel Marek in Geneva on Tuesday, "
        "the ministry said. Kessler and Marek discussed the border dispute for three hours. "
        "Kessler will travel to Brennick next week for talks with the Ostrian defence minister, officials said.")
REPORT = ("Ostrian President Pavel Marek held talks with Valdorian Foreign Minister Anna Kessler in Geneva on "
          "Tuesday. The meeting came after weeks of tension. Ostria denied reports that it had moved troops to "
          "the border.")
BLOG = ("Nobody expected much. Kessler was set to meet the Ostrian leader in Geneva, and the two sides traded "
        "accusations before the visit.")


def corpus(tmp_path: Path) -> Path:
    records = [
        {"id": "wire-1", "title": "Kessler meets Marek", "text": WIRE, "date": "2023-03-08", "source": "Wire"},
        {"id": "wire-1-copy", "title": "Kessler meets Marek", "text": WIRE, "date": "2023-03-08",
         "source": "Daily Reprint"},
        {"id": "paper-2", "title": "Talks in Geneva", "text": REPORT, "date": "2023-03-08", "source": "Paper"},
        {"id": "blog-3", "title": "Before the visit", "text": BLOG, "date": "2023-03-06", "source": "Blog"},
    ]
    return write_jsonl(tmp_path / "story.jsonl", records)


def test_time_values_map_to_calendar_days_and_precisions() -> None:
    assert calendar_of("2022-01-19") == Calendar("2022-01-19", None, "day")
    assert calendar_of("2022-W05") == Calendar("2022-01-31", None, "week")
    assert calendar_of("2022-02") == Calendar("2022-02-01", None, "month")
    assert calendar_of("2022") == Calendar("2022-01-01", None, "year")
    assert calendar_of("2022-01-09/2022-01-10") == Calendar("2022-01-09", "2022-01-10", "day")
    assert calendar_of("2022-01/2022-03") == Calendar("2022-01-01", "2022-03-31", "month")
    for unknown in ("XXXX-02-01", "P3Y", "PRESENT_REF", "FUTURE_REF", "", None):
        assert calendar_of(unknown) == Calendar(None, None, None)


def test_summary_names_people_by_surname_and_governments_by_country() -> None:
    names = {1: ("Anna Kessler", "person"), 2: ("Pavel Marek", "person"), 3: ("Geneva", "location"),
             4: ("Government of Ostria", "organization")}
    assert short_name("Government of Ostria", "organization") == "Ostria"
    meeting = {"type": "CONSULT", "mode": "meeting", "actors": [1], "targets": [2], "location": 3}
    assert summarize(meeting, names, "met") == "Kessler meets Marek in Geneva"
    visit = {"type": "CONSULT", "mode": "visit", "actors": [1], "targets": [], "location": 3}
    assert summarize(visit, names, "visit") == "Kessler visits Geneva"
    names[5] = ("Ostria", "location")
    trip = {"type": "CONSULT", "mode": "visit", "actors": [1], "targets": [5, 2], "location": 3}
    assert summarize(trip, names, "visit") == "Kessler visits Marek in Geneva"
    threat = {"type": "THREATEN", "mode": None, "actors": [4, 1], "targets": [2], "location": None}
    assert summarize(threat, names, "threatened") == "Ostria and Kessler threaten Marek"
    names[6] = ("Ostria", "location")
    twice = {"type": "CONSULT", "mode": None, "actors": [4, 6], "targets": [6, 2], "location": None}
    assert summarize(twice, names, "talks") == "Ostria consults with Marek"
    aid = {"type": "AID", "mode": None, "actors": [4, 1], "targets": [], "location": None}
    assert summarize(aid, names, "aid") == "Ostria and Kessler give aid"


def test_a_summary_with_no_named_actor_says_what_happened_not_a_bare_trigger() -> None:
    names = {1: ("Pavel Marek", "person"), 2: ("Geneva", "location"), 3: ("Ostria", "location")}
    attack = {"type": "ASSAULT", "mode": None, "actors": [], "targets": [3], "location": None}
    assert summarize(attack, names, "attacked") == "Attack on Ostria"
    sent = {"type": "AID", "mode": None, "actors": [], "targets": [], "location": 2}
    assert summarize(sent, names, "send") == "Aid in Geneva"
    call = {"type": "CONSULT", "mode": "phone", "actors": [], "targets": [1], "location": None}
    assert summarize(call, names, "call") == "Phone call with Marek"


def test_one_meeting_reported_by_three_documents_is_one_event_and_copies_count_once(run, tmp_path: Path) -> None:
    summary = run(corpus(tmp_path))
    assert summary.corpus["sources"]["copies"] == 1
    data = export_of(tmp_path / "story.db")
    texts = {d["id"]: d["text"] for d in data["documents"]}
    entities = {e["id"]: e["name"] for e in data["entities"]}
    for event in data["events"]:
        for mention in event["mentions"]:
            assert texts[mention["doc"]][mention["start"]:mention["end"]] == mention["text"]
            clause = texts[mention["doc"]][mention["clause"]["start"]:mention["clause"]["end"]]
            assert mention["text"] in clause
    meetings = [e for e in data["events"] if e["type"] == "CONSULT" and e["date"] == "2023-03-07"]
    assert len(meetings) == 1, [(e["summary"], e["date"]) for e in data["events"]]
    meeting = meetings[0]
    docs = {m["doc"] for m in meeting["mentions"]}
    assert {"wire-1", "wire-1-copy", "paper-2"} <= docs
    assert meeting["sources"] == len(docs) - 1  # the reprint copies the wire story word for word
    people = {entities[i] for i in meeting["actors"] + meeting["targets"]}
    assert {"Anna Kessler", "Pavel Marek"} <= people
    assert entities.get(meeting["location"]) == "Geneva"
    assert meeting["status"] == "occurred"


def test_planned_and_denied_events_keep_their_status(run, tmp_path: Path) -> None:
    run(corpus(tmp_path))
    events = export_of(tmp_path / "story.db")["events"]
    statuses = {e["status"] for e in events}
    assert "planned" in statuses  # "will travel ... for talks"
    assert "denied" in statuses  # "denied reports that it had moved troops"


def test_event_ids_are_stable_across_exports_and_reruns(run, tmp_path: Path) -> None:
    run(corpus(tmp_path))
    first = {e["id"]: e["summary"] for e in export_of(tmp_path / "story.db")["events"]}
    run(corpus(tmp_path))
    again = {e["id"]: e["summary"] for e in export_of(tmp_path / "story.db")["events"]}
    assert first == again


def test_timeline_command_prints_events_in_order_filters_and_writes_a_briefing(run, tmp_path: Path) -> None:
    run(corpus(tmp_path))
    db = str(tmp_path / "story.db")
    cli = CliRunner()
    listing = cli.invoke(app, ["timeline", "--db", db, "--json"])
    assert listing.exit_code == 0, listing.output
    entries = json.loads(listing.output)
    everything = json.loads(cli.invoke(app, ["timeline", "--db", db, "--json", "--all"]).output)
    assert entries and all(e["actors"] and e["status"] not in {"hypothetical", "negated"} for e in entries)
    assert len(everything) >= len(entries) and any(not (e["actors"] or e["targets"]) for e in everything)
    dates = [e["date"] for e in entries if e["date"]]
    assert dates == sorted(dates)
    kessler = json.loads(cli.invoke(app, ["timeline", "--db", db, "--json", "--actor", "Kessler"]).output)
    assert kessler and all("Anna Kessler" in e["actors"] + e["targets"] for e in kessler)
    window = json.loads(cli.invoke(app, ["timeline", "--db", db, "--json", "--from", "2023-03-07",
                                         "--to", "2023-03-07"]).output)
    assert window and all(e["date"] <= "2023-03-07" <= (e["date_end"] or e["date"]) for e in window)
    consult = json.loads(cli.invoke(app, ["timeline", "--db", db, "--json", "--type", "consult"]).output)
    assert consult and {e["type"] for e in consult} == {"CONSULT"}
    briefing = cli.invoke(app, ["timeline", "--db", db, "--format", "markdown"])
    assert briefing.exit_code == 0
    assert briefing.output.startswith("# Storyline briefing")
    assert "## 2023-03-07" in briefing.output and "Kessler" in briefing.output
    bad = cli.invoke(app, ["timeline", "--db", db, "--from", "March"])
    assert bad.exit_code == 2


def test_actor_command_lists_the_events_the_actor_takes_part_in(run, tmp_path: Path) -> None:
    run(corpus(tmp_path))
    result = CliRunner().invoke(app, ["actor", "Marek", "--db", str(tmp_path / "story.db"), "--json"])
    assert result.exit_code == 0, result.output
    profile = json.loads(result.output)[0]
    assert profile["name"] == "Pavel Marek"
    assert any(e["type"] == "CONSULT" and "Pavel Marek" in e["actors"] + e["targets"] for e in profile["events"])
