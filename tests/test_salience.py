"""Salience and the digest: what matters ranks first, and the digest is the story's most important days."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app
from storyline.events.salience import EventEvidence, saliences
from storyline.export.timeline import digest
from storyline.run import RunSummary

from .conftest import DEMO, export_of

DOCUMENTS_OF = {1: 40, 2: 30, 3: 2}  # actor id -> documents that mention it


def evidence(sources: int = 1, days: int = 1, participants: tuple[int, ...] = (1, 2), status: str = "occurred",
             precision: str | None = "day", outlets: int = 1) -> EventEvidence:
    return EventEvidence(sources, outlets, days, participants, status, precision)


def test_more_sources_more_days_and_better_known_participants_rank_higher() -> None:
    base, wider, longer, obscure, covered = saliences(
        [evidence(), evidence(sources=5, outlets=5), evidence(days=4), evidence(participants=(3,)),
         evidence(sources=5)], DOCUMENTS_OF, 50)
    assert wider > covered > base and longer > base and obscure < base
    assert max(base, wider, longer, obscure, covered) == 1.0 and min(base, wider, longer, obscure) > 0


def test_what_did_not_happen_or_is_vaguely_dated_ranks_lower() -> None:
    occurred, planned, hypothetical, negated, weekly = saliences(
        [evidence(), evidence(status="planned"), evidence(status="hypothetical"), evidence(status="negated"),
         evidence(precision="week")], DOCUMENTS_OF, 50)
    assert occurred > planned > hypothetical > negated
    assert occurred > weekly


def entry(date: str | None, salience: float, precision: str | None = "day", summary: str = "") -> dict:
    return {"date": date, "date_precision": precision, "salience": salience, "summary": summary}


def test_the_digest_is_the_weightiest_days_in_date_order_with_their_main_events() -> None:
    entries = [entry("2022-02-24", 1.0, summary="invasion"), entry("2022-02-24", 0.9), entry("2022-02-24", 0.8),
               entry("2022-02-24", 0.1, summary="minor"), entry("2022-02-21", 0.7), entry("2022-02-22", 0.2),
               entry("2022-02-10", 0.95, precision="week"), entry(None, 0.99, precision=None)]
    days = digest(entries, days=2)
    assert [d["date"] for d in days] == ["2022-02-21", "2022-02-24"]
    invasion_day = days[1]
    assert len(invasion_day["events"]) == 3 and invasion_day["events"][0]["summary"] == "invasion"
    assert "minor" not in {e["summary"] for e in invasion_day["events"]}
    assert invasion_day["weight"] == 2.7


def test_events_carry_their_salience_and_the_cli_prints_a_digest(run: Callable[..., RunSummary],
                                                                  tmp_path: Path) -> None:
    summary = run(DEMO)
    events = export_of(summary.db)["events"]
    assert events and all(0 <= e["salience"] <= 1 for e in events) and max(e["salience"] for e in events) == 1.0
    cli = CliRunner()
    days = json.loads(cli.invoke(app, ["timeline", "--digest", "3", "--db", summary.db, "--json"]).output)
    assert 1 <= len(days) <= 3 and [d["date"] for d in days] == sorted(d["date"] for d in days)
    assert all(1 <= len(d["events"]) <= 3 for d in days)
    text = cli.invoke(app, ["timeline", "--digest", "3", "--db", summary.db])
    assert text.exit_code == 0 and days[0]["date"] in text.output and days[0]["events"][0]["summary"] in text.output
    brief = cli.invoke(app, ["timeline", "--digest", "3", "--format", "markdown", "--db", summary.db])
    assert brief.output.startswith("# Storyline digest") and f"## {days[0]['date']}" in brief.output
