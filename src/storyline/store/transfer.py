"""Copy a whole SQLite store into a new PostgreSQL store: the way from a laptop's file to a server when a story
outgrows one machine (`storyline copy --db story.db --to postgresql://...`).

Both backends have the same tables and columns at the same schema number, so every row is copied as it is (ids,
offsets, JSON text, embeddings), table by table with PostgreSQL's COPY, in one transaction: the target is either a
complete copy or unchanged. The full-text index is the server's own (its trigger indexes each copied document); the
identity counters are moved past the copied ids so later runs add rows after them, and the planner's statistics
are gathered at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from storyline.errors import StoreError
from storyline.store.postgres import PostgresStore
from storyline.store.sqlite import SQLiteStore

BATCH = 5000  # rows read from SQLite at a time


def copy_sqlite_to_postgres(source: SQLiteStore, target: PostgresStore,
                            progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every table of `source` into `target`, which must be empty and at the same schema; rows per table."""
    version = source.conn.execute("PRAGMA user_version").fetchone()[0]
    if version != target._schema_version():
        raise StoreError(f"{source.path} is at schema {version}, {target.path} at {target._schema_version()}; "
                         "open both with this Storyline once for writing first")
    if target.counts()["versions"] or target.counts()["runs"]:
        raise StoreError(f"{target.path} already holds a store; copy into an empty database")
    copied: dict[str, int] = {}
    with target.transaction():
        for table in _tables(source):
            copied[table] = _copy_table(source, target, table)
            if progress:
                progress(table, copied[table])
        _move_identity_counters(target)
    target.conn.raw.execute("ANALYZE")  # the planner's statistics, which a bulk copy leaves stale
    return copied


def _tables(source: SQLiteStore) -> list[str]:
    """The store's own tables in creation order (parents before the rows that point at them), without FTS5's."""
    rows = source.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND name NOT LIKE 'documents_fts%' ORDER BY rowid")
    return [row[0] for row in rows]


def _copy_table(source: SQLiteStore, target: PostgresStore, table: str) -> int:
    columns = [row["name"] for row in source.conn.execute(f"PRAGMA table_info({table})")]
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = source.conn.execute(f"SELECT {names} FROM {table} ORDER BY rowid")
    count = 0
    with target.conn.raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        while rows := cursor.fetchmany(BATCH):
            for row in rows:
                copy.write_row(tuple(row))
            count += len(rows)
    return count


def _move_identity_counters(target: PostgresStore) -> None:
    """Each identity column's next value after the largest copied id."""
    identities = target.conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'").fetchall()
    for table, column in identities:
        target.conn.raw.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"COALESCE((SELECT MAX(\"{column}\") FROM {table}), 0) + 1, false)")
