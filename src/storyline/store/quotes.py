"""Quotes in the store: the writer of the quotes stage and the queries the export and the CLI read.

`write_quotes` is registered as the writer of the `quotes` stage. Reading functions return the quotes of the
newest version of each document, in document then text order.
"""

from __future__ import annotations

import sqlite3
from dataclasses import astuple
from typing import Any

from storyline.model import Quote
from storyline.store.sqlite import FINDING_WRITERS, LATEST

COLUMNS = ("start", "end", "text", "kind", "cue", "cue_start", "cue_end", "speaker_start", "speaker_end",
           "speaker_text", "resolved_start", "resolved_end", "resolved_text", "named", "date", "date_start",
           "date_end", "date_source", "medium")


def write_quotes(conn: sqlite3.Connection, doc_pk: int, run_id: int, findings: Any) -> None:
    """Store the quotes the quotes stage found in one document."""
    placeholders = ", ".join("?" * (len(COLUMNS) + 3))
    conn.executemany(
        f"INSERT INTO quotes (doc_pk, {', '.join(COLUMNS)}, run_id, stage) VALUES ({placeholders})",
        [(doc_pk, *_values(quote), run_id, "quotes") for quote in findings],
    )


def _values(quote: Quote) -> tuple:
    values = dict(zip([f for f in Quote.__dataclass_fields__], astuple(quote), strict=True))
    values["named"] = int(bool(values["named"]))
    return tuple(values[name] for name in COLUMNS)


FINDING_WRITERS["quotes"] = write_quotes


def has_quotes_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'quotes'").fetchone() is not None


def latest_quotes(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Quotes of the newest version of every document, with the document's id, date and source."""
    if not has_quotes_table(conn):
        return []
    return list(conn.execute(
        f"SELECT q.*, d.id AS doc, d.published AS published, d.source AS source, d.title AS title "
        f"FROM quotes q JOIN documents d ON d.pk = q.doc_pk WHERE {LATEST} ORDER BY q.doc_pk, q.start, q.end, q.pk"))
