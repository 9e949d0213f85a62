"""Events in the store: the writer of the events stage, and the reads the corpus step, the export and the CLI share.

Importing this module registers the writer in `FINDING_WRITERS`. Reads return the newest version of each document.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from storyline.model import EventFindings
from storyline.store.sqlite import FINDING_WRITERS, LATEST

MENTION_COLUMNS = ("start", "end", "text", "lemma", "type", "mode", "status", "cue", "clause_start", "clause_end",
                   "date", "date_end", "date_precision", "date_source", "time_start", "time_end")


def write_event_mentions(conn: sqlite3.Connection, doc_pk: int, run_id: int, findings: Any) -> None:
    """Store one document's event mentions, their clause embeddings and their participants (inside the runner's
    batch transaction)."""
    assert isinstance(findings, EventFindings)
    placeholders = ", ".join("?" * (len(MENTION_COLUMNS) + 4))
    for mention, vector in zip(findings.mentions, findings.vectors, strict=True):
        cur = conn.execute(
            f"INSERT INTO event_mentions (doc_pk, {', '.join(MENTION_COLUMNS)}, vector, run_id, stage) "
            f"VALUES ({placeholders})",
            (doc_pk, *(getattr(mention, name) for name in MENTION_COLUMNS), vector, run_id, "events"))
        conn.executemany(
            "INSERT INTO event_participants (mention_pk, role, start, end, text, ref_start, ref_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(cur.lastrowid, p.role, p.start, p.end, p.text, p.ref_start, p.ref_end) for p in mention.participants])


FINDING_WRITERS["events"] = write_event_mentions


def has_events(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is not None


def latest_mentions(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Event mentions of the newest version of every document, with the document's id, date, source and the
    current value of the mention's time expression (re-resolved when the document was dated later)."""
    return list(conn.execute(
        "SELECT m.*, d.id AS doc, d.published AS published, d.source AS source, d.title AS title, "
        "t.value AS timex_value, t.kind AS timex_kind "
        "FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
        "LEFT JOIN timexes t ON t.doc_pk = m.doc_pk AND t.start = m.time_start AND t.end = m.time_end "
        f"WHERE {LATEST} ORDER BY m.doc_pk, m.start, m.pk"))


def latest_participants(conn: sqlite3.Connection) -> dict[int, list[sqlite3.Row]]:
    """Participants of the newest mentions, by mention pk, in text order."""
    found: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(
            "SELECT p.* FROM event_participants p JOIN event_mentions m ON m.pk = p.mention_pk "
            f"JOIN documents d ON d.pk = m.doc_pk WHERE {LATEST} ORDER BY p.mention_pk, p.start"):
        found.setdefault(row["mention_pk"], []).append(row)
    return found


def event_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every event with its actor lists decoded, in timeline order (undated last)."""
    if not has_events(conn):
        return []
    rows = conn.execute("SELECT * FROM events ORDER BY date IS NULL, date, id")
    return [{**dict(r), "actors": json.loads(r["actors"]), "targets": json.loads(r["targets"])} for r in rows]


def event_mentions_by_event(conn: sqlite3.Connection) -> dict[int, list[sqlite3.Row]]:
    """The mentions of each event (newest document versions), with their document id, source and date."""
    found: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(
            "SELECT m.event_id, m.pk, m.start, m.end, m.text, m.clause_start, m.clause_end, m.status, d.id AS doc, "
            "d.source AS source, d.title AS title, d.published AS published, "
            "substr(d.text, m.clause_start + 1, m.clause_end - m.clause_start) AS clause "
            "FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"WHERE m.event_id IS NOT NULL AND {LATEST} ORDER BY d.pk, m.start"):
        found.setdefault(row["event_id"], []).append(row)
    return found
