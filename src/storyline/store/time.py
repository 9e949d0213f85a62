"""Time in the store: the time stage's expressions, user date pins, and how each document got its date. Part of
`SQLiteStore` (see store/sqlite.py); every read returns the newest version of each document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from storyline.model import TimeFindings
from storyline.store.common import LATEST, Row, Tables
from storyline.timex import Timex


@dataclass(frozen=True)
class Dating:
    """What the dating step decided for one document version, as the store records it."""

    doc_pk: int
    published: str | None
    basis: str | None  # metadata | pinned | inferred | None
    confidence: float | None
    best_day: str | None
    evidence: list[str]
    document_basis: str | None  # what documents.published_basis says: metadata | inferred | None
    timexes: list[tuple[str, str, str | None, int]]  # re-resolved expressions: (value, kind, anchor, pk)


class TimeTables(Tables):
    """timexes, date_pins and datings."""

    def write_timexes(self, doc_pk: int, run_id: int, findings: TimeFindings) -> None:
        """Store what the time stage found in one document (inside the runner's batch transaction)."""
        self.conn.executemany(
            "INSERT INTO timexes (doc_pk, start, end, text, type, value, kind, mod, tense, signal, anchor, spec, "
            "context, parts, run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'time')",
            [(doc_pk, t.start, t.end, t.text, t.type, t.value, t.kind, t.mod, t.tense, t.signal, t.anchor,
              json.dumps(t.spec, sort_keys=True), json.dumps(t.context), json.dumps(t.parts) if t.parts else None,
              run_id) for t in findings.timexes],
        )

    # -- what the dating step reads -------------------------------------------------------------------
    def documents_to_date(self) -> list[Row]:
        """pk, id, dates, source path, text and run of the newest version of every document, by pk."""
        return list(self.conn.execute(
            "SELECT d.pk, d.id, d.published, d.published_basis, d.published_confidence, d.source_path, d.text, "
            f"d.flags, d.run_id FROM documents d WHERE {LATEST} ORDER BY d.pk"))

    def timexes_by_doc(self) -> dict[int, list[Row]]:
        """Stored expressions of the newest versions, by document pk, in text order."""
        out: dict[int, list[Row]] = {}
        for row in self.conn.execute(f"SELECT t.* FROM timexes t JOIN documents d ON d.pk = t.doc_pk WHERE {LATEST} "
                                     "ORDER BY t.doc_pk, t.start, t.pk"):
            out.setdefault(row["doc_pk"], []).append(row)
        return out

    def latest_sentences(self) -> dict[int, list[tuple[int, int]]]:
        """Sentence spans of the newest versions, by document pk, in text order."""
        sentences: dict[int, list[tuple[int, int]]] = {}
        for row in self.conn.execute("SELECT s.doc_pk, s.start, s.end FROM sentences s JOIN documents d "
                                     f"ON d.pk = s.doc_pk WHERE {LATEST} ORDER BY s.doc_pk, s.start"):
            sentences.setdefault(row["doc_pk"], []).append((row["start"], row["end"]))
        return sentences

    def latest_participant_mentions(self) -> dict[int, list[Row]]:
        """start, end, name, actor id and the actor's place of every actor mention of the newest versions, by
        document pk, in text order (who takes part in what a sentence tells)."""
        found: dict[int, list[Row]] = {}
        for row in self.conn.execute(
                "SELECT m.doc_pk, m.start, m.end, m.name, m.actor_id, a.place FROM actor_mentions m "
                f"JOIN documents d ON d.pk = m.doc_pk LEFT JOIN actors a ON a.id = m.actor_id WHERE {LATEST} "
                "ORDER BY m.doc_pk, m.start"):
            found.setdefault(row["doc_pk"], []).append(row)
        return found

    def pins(self) -> dict[str, Row]:
        """User date pins by document id."""
        return {row["doc_id"]: row for row in self.conn.execute("SELECT * FROM date_pins")}

    def save_pins(self, run_id: int, pins: list[tuple[str, str | None, tuple[str, str] | None]]) -> None:
        """Record (or replace) the dates or windows a user gave: (document id, date, (earliest, latest))."""
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO date_pins (doc_id, published, earliest, latest, run_id) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(doc_id) DO UPDATE SET published = COALESCE(excluded.published, published), "
                "earliest = COALESCE(excluded.earliest, earliest), latest = COALESCE(excluded.latest, latest), "
                "run_id = excluded.run_id",
                [(doc_id, published, *(window or (None, None)), run_id) for doc_id, published, window in pins])

    def save_datings(self, run_id: int, datings: list[Dating]) -> None:
        """Record how each document got its date, set its published fields and its re-resolved expressions, in
        one short transaction."""
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO datings (doc_pk, published, basis, confidence, best_day, evidence, run_id, stage) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'dating') ON CONFLICT(doc_pk) DO UPDATE SET "
                "published = excluded.published, basis = excluded.basis, confidence = excluded.confidence, "
                "best_day = excluded.best_day, evidence = excluded.evidence, run_id = excluded.run_id",
                [(d.doc_pk, d.published, d.basis, d.confidence, d.best_day, json.dumps(d.evidence), run_id)
                 for d in datings])
            self.conn.executemany(
                "UPDATE documents SET published = ?, published_basis = ?, published_confidence = ? WHERE pk = ?",
                [(d.published, d.document_basis, d.confidence, d.doc_pk) for d in datings])
            self.conn.executemany("UPDATE timexes SET value = ?, kind = ?, anchor = ? WHERE pk = ?",
                                  [row for d in datings for row in d.timexes])

    # -- reads for the CLI and the export -------------------------------------------------------------
    def dating_of(self, doc_pk: int) -> Row | None:
        return self.conn.execute("SELECT * FROM datings WHERE doc_pk = ?", (doc_pk,)).fetchone()

    def document_timexes(self, doc_id: str) -> tuple[Row | None, list[Row]]:
        """The newest version of document `doc_id` and its expressions (None and [] when there is no such
        document)."""
        doc = self.conn.execute(f"SELECT d.* FROM documents d WHERE d.id = ? AND {LATEST}", (doc_id,)).fetchone()
        if doc is None:
            return None, []
        rows = list(self.conn.execute("SELECT * FROM timexes WHERE doc_pk = ? ORDER BY start, pk", (doc["pk"],)))
        return doc, rows

    def document_dates(self) -> list[Row]:
        """id, published and the most likely day (`best_day`, from the dating step) of every document version."""
        return list(self.conn.execute("SELECT d.id, d.published, t.best_day FROM documents d "
                                      "LEFT JOIN datings t ON t.doc_pk = d.pk"))

    def timexes_for_export(self) -> Iterator[Row]:
        """Expressions of the newest versions with their document id, in document and text order."""
        return iter(self.conn.execute(
            f"SELECT t.*, d.id AS doc FROM timexes t JOIN documents d ON d.pk = t.doc_pk WHERE {LATEST} "
            "ORDER BY t.doc_pk, t.start, t.pk"))


def row_to_timex(row: Row) -> Timex:
    """A stored expression as a Timex (spec, tense and context included)."""
    return Timex(start=row["start"], end=row["end"], text=row["text"], type=row["type"], value=row["value"],
                 kind=row["kind"], spec=json.loads(row["spec"]), tense=row["tense"], mod=row["mod"],
                 signal=row["signal"], anchor=row["anchor"], context=json.loads(row["context"]),
                 parts=[tuple(p) for p in json.loads(row["parts"])] if row["parts"] else None)
