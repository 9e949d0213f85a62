"""Time in the store: the time stage's expressions, user date pins, and how each document got its date.

`write_timexes` is registered as the writer of the `time` stage. The reading functions serve the
dating corpus step, the `dates` command and the export; all of them read the newest version of each document.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from storyline.errors import StoreError
from storyline.store.sqlite import FINDING_WRITERS, LATEST
from storyline.timex import Timex


def write_timexes(conn: sqlite3.Connection, doc_pk: int, run_id: int, findings: Any) -> None:
    """Store what the time stage found in one document."""
    conn.executemany(
        "INSERT INTO timexes (doc_pk, start, end, text, type, value, kind, mod, tense, signal, anchor, spec, "
        "context, parts, run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'time')",
        [(doc_pk, t.start, t.end, t.text, t.type, t.value, t.kind, t.mod, t.tense, t.signal, t.anchor,
          json.dumps(t.spec, sort_keys=True), json.dumps(t.context), json.dumps(t.parts) if t.parts else None,
          run_id) for t in findings.timexes],
    )


FINDING_WRITERS["time"] = write_timexes


def row_to_timex(row: sqlite3.Row) -> Timex:
    """A stored expression as a Timex (spec, tense and context included)."""
    return Timex(start=row["start"], end=row["end"], text=row["text"], type=row["type"], value=row["value"],
                 kind=row["kind"], spec=json.loads(row["spec"]), tense=row["tense"], mod=row["mod"],
                 signal=row["signal"], anchor=row["anchor"], context=json.loads(row["context"]),
                 parts=[tuple(p) for p in json.loads(row["parts"])] if row["parts"] else None)


def latest_documents(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """pk, id, dates, source path and text of the newest version of every document."""
    return list(conn.execute(
        f"SELECT d.pk, d.id, d.published, d.published_basis, d.published_confidence, d.source_path, d.text, "
        f"d.flags, d.run_id FROM documents d WHERE {LATEST} ORDER BY d.pk"))


def timexes_by_doc(conn: sqlite3.Connection) -> dict[int, list[sqlite3.Row]]:
    """Stored expressions of the newest versions, by document pk, in text order."""
    out: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(f"SELECT t.* FROM timexes t JOIN documents d ON d.pk = t.doc_pk WHERE {LATEST} "
                            "ORDER BY t.doc_pk, t.start, t.pk"):
        out.setdefault(row["doc_pk"], []).append(row)
    return out


def pins(conn: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    """User date pins by document id."""
    return {row["doc_id"]: row for row in conn.execute("SELECT * FROM date_pins")}


def save_pin(conn: sqlite3.Connection, doc_id: str, run_id: int, published: str | None,
             window: tuple[str, str] | None) -> None:
    """Record (or replace) a user's date or window for one document."""
    earliest, latest = window or (None, None)
    conn.execute("INSERT INTO date_pins (doc_id, published, earliest, latest, run_id) VALUES (?, ?, ?, ?, ?) "
                 "ON CONFLICT(doc_id) DO UPDATE SET published = COALESCE(excluded.published, published), "
                 "earliest = COALESCE(excluded.earliest, earliest), latest = COALESCE(excluded.latest, latest), "
                 "run_id = excluded.run_id", (doc_id, published, earliest, latest, run_id))


def update_values(conn: sqlite3.Connection, rows: list[tuple[str, str, str | None, int]]) -> None:
    """Set (value, kind, anchor) of stored expressions by pk."""
    conn.executemany("UPDATE timexes SET value = ?, kind = ?, anchor = ? WHERE pk = ?", rows)


def save_dating(conn: sqlite3.Connection, doc_pk: int, run_id: int, published: str | None, basis: str | None,
                confidence: float | None, best_day: str | None, evidence: list[str],
                document_basis: str | None) -> None:
    """Record how a document got its date and set the document's published fields."""
    conn.execute("INSERT INTO datings (doc_pk, published, basis, confidence, best_day, evidence, run_id, stage) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, 'dating') ON CONFLICT(doc_pk) DO UPDATE SET "
                 "published = excluded.published, basis = excluded.basis, confidence = excluded.confidence, "
                 "best_day = excluded.best_day, evidence = excluded.evidence, run_id = excluded.run_id",
                 (doc_pk, published, basis, confidence, best_day, json.dumps(evidence), run_id))
    conn.execute("UPDATE documents SET published = ?, published_basis = ?, published_confidence = ? WHERE pk = ?",
                 (published, document_basis, confidence, doc_pk))


def dating_of(conn: sqlite3.Connection, doc_pk: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM datings WHERE doc_pk = ?", (doc_pk,)).fetchone()


def document_timexes(conn: sqlite3.Connection, doc_id: str) -> tuple[sqlite3.Row | None, list[sqlite3.Row]]:
    """The newest version of document `doc_id` and its expressions (empty when there is no such document)."""
    doc = conn.execute(f"SELECT d.* FROM documents d WHERE d.id = ? AND {LATEST}", (doc_id,)).fetchone()
    if doc is None:
        return None, []
    rows = list(conn.execute("SELECT * FROM timexes WHERE doc_pk = ? ORDER BY start, pk", (doc["pk"],)))
    return doc, rows


def date_report(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any]:
    """What `storyline dates DOC` shows: the document's date, its basis and evidence, and its expressions."""
    doc, rows = document_timexes(conn, doc_id)
    if doc is None:
        raise StoreError(f"no document {doc_id!r} in the store; `storyline docs` lists the ids")
    dating = dating_of(conn, doc["pk"])
    return {
        "id": doc["id"], "published": doc["published"], "published_basis": doc["published_basis"],
        "published_confidence": doc["published_confidence"],
        "basis": dating["basis"] if dating else doc["published_basis"],
        "best_day": dating["best_day"] if dating else None,
        "evidence": json.loads(dating["evidence"]) if dating else [],
        "timexes": [{"start": r["start"], "end": r["end"], "text": r["text"], "type": r["type"], "value": r["value"],
                     "kind": r["kind"], "mod": r["mod"], "tense": r["tense"], "signal": r["signal"],
                     "anchor": r["anchor"]} for r in rows],
    }


def export_rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Expressions of the newest versions with their document id, in document and text order."""
    return iter(conn.execute(
        f"SELECT t.*, d.id AS doc FROM timexes t JOIN documents d ON d.pk = t.doc_pk WHERE {LATEST} "
        "ORDER BY t.doc_pk, t.start, t.pk"))
