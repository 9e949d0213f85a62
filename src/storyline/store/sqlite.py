"""SQLite store, the default: one file, numbered migrations, one writer, one transaction per batch of documents.

WAL mode lets readers (export, the CLI's listings, the web app) run while an analysis writes. A batch commits whole
or not at all, so a killed run loses nothing already committed and a re-run skips what is stored. Everything but
the connection, the schema, transactions, full-text search (FTS5) and the integrity check is shared with the
PostgreSQL store (store/sql.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from storyline.errors import StoreError
from storyline.store.common import LATEST, Row
from storyline.store.sql import SQLStore

__all__ = ["SQLiteStore"]


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("storyline.store") / "migrations"
    found = [(int(f.name.split("_")[0]), f.read_text()) for f in folder.iterdir() if f.name.endswith(".sql")]
    return sorted(found)


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script one by one (executescript would commit the open transaction first)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer  # trailing comments run as a no-op; an unfinished statement fails with SQLite's error


class SQLiteStore(SQLStore):
    """The default store: one SQLite file. This class adds to the shared SQL (store/sql.py) the connection, the
    schema, transactions, FTS5 search and SQLite's integrity checks."""

    def __init__(self, path: str, read_only: bool = False) -> None:
        """Open the store at `path`. `read_only` opens an existing file with SQLite's mode=ro and query_only, so
        nothing can write it (not even a migration: an older store is refused); the connection may then be used
        from another thread than the one that opened it, one user at a time (the API opens one per request)."""
        self.path = path
        self.read_only = read_only
        try:
            if read_only:
                uri = f"{Path(path).resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(uri, timeout=30, isolation_level=None, uri=True,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.create_function("casefold", 1, _casefold, deterministic=True)
            if read_only:
                self.conn.execute("PRAGMA query_only=ON")
            else:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the store ({exc}); check the --db path") from None

    # -- schema -----------------------------------------------------------------------------------
    def _schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Apply the numbered migrations this store lacks, each in its own transaction. The version is read again
        under the write lock, so two processes opening a new store at once migrate it once."""
        migrations = _migrations()
        newest = migrations[-1][0]
        if self._schema_version() > newest:
            raise StoreError(f"{self.path}: the store is at schema {self._schema_version()}, this Storyline knows "
                             f"up to {newest}; upgrade Storyline (pip install -U storyline)")
        if self.read_only and self._schema_version() < newest:
            raise StoreError(f"{self.path}: the store is at schema {self._schema_version()}, older than this "
                             "Storyline's; open it once for writing (e.g. `storyline analyze`) to migrate it")
        for number, sql in migrations:
            if number <= self._schema_version():
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            if number <= self._schema_version():  # another process migrated while this one waited
                self.conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {number}")
            self.conn.execute("COMMIT")

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def close(self) -> None:
        self.conn.close()

    def check_integrity(self) -> list[str]:
        """Problems with the stored data (rows that point at nothing, a damaged file); empty when sound."""
        problems = [" ".join(map(str, row)) for row in self.conn.execute("PRAGMA foreign_key_check")]
        problems += [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        return problems + self.orphan_rows()

    def search(self, query: str, limit: int = 20, offset: int = 0, source: str | None = None,
               day: str | None = None) -> list[Row]:
        """Full-text search (FTS5 syntax) over titles and clean text, best match first; only one outlet's or one
        publication day's documents when asked."""
        conditions, params = self.search_filters(source, day)
        params = [query, *params]
        try:
            return list(self.conn.execute(
                "SELECT d.id, d.version, d.title, d.source, d.published, "
                "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
                f"WHERE documents_fts MATCH ?{conditions} ORDER BY rank LIMIT ? OFFSET ?", [*params, limit, offset]))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc}); "
                             "quote phrases with double quotes") from None

    def search_matches(self) -> str:
        """A subquery of the newest document versions (columns d.pk, d.source, d.published) matching the FTS5 query
        in its one `?` (for the search facets)."""
        return ("SELECT d.pk, d.source, d.published FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
                f"WHERE documents_fts MATCH ? AND {LATEST}")


def _casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


class _Transaction:
    """`with store.transaction():` BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.conn.in_transaction:
            return
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
