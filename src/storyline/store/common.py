"""What every table module of the store shares: the newest-version condition, timestamps, the row type.

Rows come back as `sqlite3.Row` from SQLite and as `PgRow` from PostgreSQL (store/postgres.py), both readable by
name and by position; callers outside the store treat them as `Row` (a read-only mapping).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

Row = Mapping[str, Any]

# SQL condition on a documents row `d`: it is the newest version of its document (reads show only those).
LATEST = "d.version = (SELECT MAX(version) FROM documents x WHERE x.id = d.id)"


def now() -> str:
    """The current UTC time as the store writes it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def returned_id(cursor: Any) -> int:
    """The id an `INSERT ... RETURNING` statement gave. The cursor is closed after: SQLite cannot commit while the
    statement is still open."""
    number = int(cursor.fetchone()[0])
    cursor.close()
    return number


# The key tables of things a corpus step recomputes from scratch: (table, id column).
KEY_TABLES = {"actor": ("actor_keys", "actor_id"), "event": ("event_keys", "event_id"),
              "claim": ("claim_keys", "claim_id")}


class Tables:
    """Base of the per-concern table classes both stores are made of (store/sql.py): they share one connection and
    its transactions, and the key tables that keep the ids of recomputed clusters (actors, events) across runs."""

    conn: Any  # sqlite3.Connection, or store/postgres.py's Connection: both execute the shared SQL

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # SQLiteStore.transaction, PostgresStore.transaction

    def known_keys(self, kind: str) -> dict[str, int]:
        """Every key an actor ("actor"), an event ("event") or a claim ("claim") has been known by, with the id it
        had."""
        table, column = KEY_TABLES[kind]
        return dict(self.conn.execute(f"SELECT key, {column} FROM {table}").fetchall())

    def _remember_keys(self, kind: str, keys: dict[str, int]) -> None:
        table, column = KEY_TABLES[kind]
        self.conn.executemany(f"INSERT INTO {table} (key, {column}) VALUES (?, ?) "
                              f"ON CONFLICT (key) DO UPDATE SET {column} = excluded.{column}", keys.items())
