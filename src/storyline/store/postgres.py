"""PostgreSQL store, for a store that outgrows one file: many readers, writers from several machines, one server.

`--db postgresql://user@host:port/database` opens it; everything but the connection, the schema's DDL, transactions
and full-text search is the SQL the SQLite store runs too (store/sql.py). Three things make that possible:
- `Connection` below takes the shared SQL as SQLite spells it and rewrites it once per statement: `?` placeholders
  become psycopg's `%s`, and the column name `end` (reserved in PostgreSQL) is quoted;
- the schema (migrations/postgres/, numbered as SQLite's, the same tables and columns) defines SQLite's `instr`,
  `casefold` and `json_each`; in place of SQLite's FTS5 table it keeps each document's text search vector in
  `documents_search` (filled by a trigger, GIN-indexed);
- rows read by name and by position, as `sqlite3.Row` does.

Writers are serialized as SQLite's are: every write transaction first takes one advisory lock, so the corpus steps'
"read, compute, replace in one short transaction" contract holds with several processes writing. Search takes the
same query syntax as the SQLite store (FTS5: words, "a phrase", AND/OR/NOT, prefix*), translated to a tsquery with
English stemming; snippets and ranking are PostgreSQL's (`ts_headline`, `ts_rank`), so the order of equally good
hits may differ from SQLite's.

Sort order: the server should use the C collation (`initdb --locale=C`, or `CREATE DATABASE ... LOCALE 'C'`) so that
text sorts as in SQLite; the store warns when the database's collation is another.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.errors import StoreError
from storyline.store.common import LATEST, Row
from storyline.store.sql import SQLStore

try:
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import TransactionStatus
except ImportError:  # pragma: no cover - the optional dependency is missing
    psycopg = None

__all__ = ["PostgresStore"]

# The advisory lock every write transaction takes first (one writer at a time, as SQLite's BEGIN IMMEDIATE).
WRITE_LOCK = 0x53544F52  # "STOR"
# Advisory locks (RUN_LOCK, run id) that a running run's connection holds until it finishes or its process dies.
RUN_LOCK = 0x52554E  # "RUN"


@lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """The shared SQL as PostgreSQL takes it: `%` doubled (psycopg reads `%s`), `?` -> `%s`, `end` quoted."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    return re.sub(r"(?<![\w\"'])end(?![\w\"'])", '"end"', sql)


def _plain(value: Any) -> Any:
    """A parameter as the shared SQL means it: SQLite stores booleans as 0/1, and so does this schema."""
    return int(value) if isinstance(value, bool) else value


def _row_factory(cursor: Any) -> Any:
    """Rows that read by name and by position (as sqlite3.Row): a tuple with the cursor's column names."""
    names = [column.name for column in cursor.description or []]
    index = {name: i for i, name in enumerate(names)}

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(values, names, index)
    return make


class PgRow(tuple):
    """One result row: `row["name"]`, `row[0]`, `dict(row)`, `row.keys()`."""

    def __new__(cls, values: Sequence[Any], names: list[str], index: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names, row._index = names, index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"no column {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


if psycopg is not None:
    class NumberLoader(Loader):
        """NUMERIC (what PostgreSQL's SUM of a bigint and AVG return) as int when whole, else float: the numbers
        SQLite gives for the same query, not Decimal."""

        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)


class Connection:
    """The psycopg connection behind the shared SQL's `execute`/`executemany` (see the module docstring)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        cursor = self.raw.cursor(row_factory=_row_factory)
        cursor.execute(to_postgres(sql), [_plain(p) for p in params])
        return cursor

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Any:
        cursor = self.raw.cursor(row_factory=_row_factory)
        batch = [[_plain(p) for p in row] for row in rows]
        if batch:
            cursor.executemany(to_postgres(sql), batch)
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("storyline.store") / "migrations" / "postgres"
    found = [(int(f.name.split("_")[0]), f.read_text()) for f in folder.iterdir() if f.name.endswith(".sql")]
    return sorted(found)


class PostgresStore(SQLStore):
    """The store on a PostgreSQL server (see the module docstring)."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        """Connect to the database at `url`, creating and migrating the schema as needed. `read_only` refuses every
        write on this connection (the server's default_transaction_read_only) and an older schema."""
        if psycopg is None:
            raise StoreError(f"{_safe(url)}: a PostgreSQL store needs psycopg; pip install 'storyline[postgres]'")
        self.path = url
        self.read_only = read_only
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{_safe(url)}: cannot connect to the store ({_first_line(exc)}); check the --db URL "
                             "and that the server is running") from None
        raw.adapters.register_loader("numeric", NumberLoader)
        self.conn = Connection(raw)
        try:
            if read_only:
                raw.execute("SET default_transaction_read_only = on")
            self._migrate()
            self._check_collation()
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"{_safe(url)}: cannot open the store ({_first_line(exc)})") from None

    # -- schema -----------------------------------------------------------------------------------
    def _schema_version(self) -> int:
        row = self.conn.execute("SELECT to_regclass('storyline_schema') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        row = self.conn.execute("SELECT version FROM storyline_schema").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        """Apply the numbered migrations this database lacks, all in one transaction under the write lock (DDL is
        transactional here), so two processes opening a new store at once migrate it once."""
        migrations = _migrations()
        newest = migrations[-1][0]
        current = self._schema_version()
        if current > newest:
            raise StoreError(f"{_safe(self.path)}: the store is at schema {current}, this Storyline knows up to "
                             f"{newest}; upgrade Storyline (pip install -U storyline)")
        if current == newest:
            return
        if self.read_only:
            raise StoreError(f"{_safe(self.path)}: the store is at schema {current}, older than this Storyline's; "
                             "open it once for writing (e.g. `storyline analyze`) to migrate it")
        with self.transaction():
            self.conn.raw.execute("CREATE TABLE IF NOT EXISTS storyline_schema (version integer NOT NULL)")
            current = self._schema_version()
            if not self.conn.execute("SELECT 1 FROM storyline_schema").fetchone():
                self.conn.execute("INSERT INTO storyline_schema (version) VALUES (0)")
            for number, script in migrations:
                if number > current:
                    self.conn.raw.execute(script)  # a whole script: no parameters, several statements
            self.conn.execute("UPDATE storyline_schema SET version = ?", (newest,))

    def _check_collation(self) -> None:
        collation = self.conn.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()"
                                      ).fetchone()[0]
        if collation not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            warnings.warn(f"{_safe(self.path)}: the database collates text as {collation}, so lists sort otherwise "
                          "than in a SQLite store; create it with LOCALE 'C' for the same order", stacklevel=3)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN, the write lock (writers take turns, as in SQLite), ... COMMIT, or ROLLBACK on error. Nested use
        joins the open transaction."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.raw.execute("BEGIN")
        try:
            if not self.read_only:
                self.conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield
        except BaseException:
            self.conn.raw.execute("ROLLBACK")
            raise
        self.conn.raw.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    # -- runs: several processes may analyse into one database at once -----------------------------------
    def begin_run(self, config_hash: str, code_version: str, model: str, settings: dict,
                  inputs: list[str]) -> int:
        """Record a new run and hold its run lock on this connection while it runs (the server lets it go when the
        process ends, however it ends)."""
        run_id = super().begin_run(config_hash, code_version, model, settings, inputs)
        self.conn.raw.execute("SELECT pg_advisory_lock(%s, %s)", (RUN_LOCK, run_id))
        return run_id

    def finish_run(self, run_id: int, status: str, added: int, unchanged: int, rejected: int) -> None:
        super().finish_run(run_id, status, added, unchanged, rejected)
        self.conn.raw.execute("SELECT pg_advisory_unlock(%s, %s)", (RUN_LOCK, run_id))
        if added:
            self.conn.raw.execute("ANALYZE")  # the planner's statistics, stale after a run that added many rows

    def _mark_abandoned_runs(self) -> None:
        """A 'running' run is abandoned when nobody holds its run lock: its process is gone."""
        for row in self.conn.execute("SELECT id FROM runs WHERE status = 'running'").fetchall():
            if self.conn.execute("SELECT pg_try_advisory_xact_lock(?, ?)", (RUN_LOCK, row[0])).fetchone()[0]:
                self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE id = ?", (row[0],))

    # -- engine-specific reads ----------------------------------------------------------------------
    def check_integrity(self) -> list[str]:
        """Rows that point at nothing (the server itself keeps the data sound and enforces foreign keys)."""
        return self.orphan_rows()

    def search(self, query: str, limit: int = 20, offset: int = 0, source: str | None = None,
               day: str | None = None) -> list[Row]:
        """Full-text search over titles and clean text in the SQLite store's query syntax (see the module
        docstring), best match first; only one outlet's or one publication day's documents when asked."""
        conditions, params = self.search_filters(source, day)
        params = [fts5_to_tsquery(query), *params]
        return list(self.conn.execute(
            "SELECT d.id, d.version, d.title, d.source, d.published, "
            "ts_headline('english', d.text, q.query, 'StartSel=[, StopSel=], MaxWords=14, MinWords=6, "
            "MaxFragments=1, FragmentDelimiter=\" … \"') AS snippet "
            f"FROM {_MATCHING} AND {LATEST}{conditions} "
            "ORDER BY ts_rank(s.vector, q.query) DESC, d.pk LIMIT ? OFFSET ?", [*params, limit, offset]))

    def search_matches(self) -> str:
        """A subquery of the newest document versions (d.pk, d.source, d.published) matching the query in its one
        `?` (a tsquery: `search_facets` translates the user's query first)."""
        return f"SELECT d.pk, d.source, d.published FROM {_MATCHING} AND {LATEST}"

    def search_facets(self, query: str, limit: int = 200) -> dict[str, list[Row]]:
        return super().search_facets(fts5_to_tsquery(query), limit)


# The documents whose stored search vector (documents_search, GIN-indexed) matches the tsquery in the one `?`.
_MATCHING = ("documents d JOIN documents_search s ON s.pk = d.pk, to_tsquery('english', ?) AS q(query) "
             "WHERE s.vector @@ q.query")


_TOKEN = re.compile(r'\s*(?:(")([^"]*)(")|(\()|(\))|([^\s()"]+))')


def fts5_to_tsquery(query: str) -> str:
    """An FTS5 query (words, "a phrase", AND, OR, NOT, prefix*, parentheses) as a PostgreSQL tsquery; a StoreError
    for what FTS5 would refuse too (an unbalanced quote or parenthesis, a dangling operator, nothing to find)."""
    if query.count('"') % 2:
        raise StoreError(f"search query {query!r} has an unbalanced quote; quote phrases with double quotes")
    parts: list[str] = []
    depth, expect_operand = 0, True
    for match in _TOKEN.finditer(query):
        phrase, lparen, rparen, word = match.group(2), match.group(4), match.group(5), match.group(6)
        if word in ("AND", "OR", "NOT"):
            if expect_operand:
                raise StoreError(f"search query {query!r}: {word} needs words on both sides")
            parts.append({"AND": "&", "OR": "|", "NOT": "& !"}[word])
            expect_operand = True
            continue
        if rparen:
            depth -= 1
            if depth < 0 or expect_operand:
                raise StoreError(f"search query {query!r} has an unbalanced parenthesis")
            parts.append(")")
            continue
        if not expect_operand:
            parts.append("&")  # FTS5: words side by side must all occur
        if lparen:
            depth += 1
            parts.append("(")
            continue
        parts.append(_phrase(phrase) if phrase is not None else _lexeme(word))
        expect_operand = False
    if depth or expect_operand:
        raise StoreError(f"search query {query!r} is not a complete query; quote phrases with double quotes")
    return " ".join(parts)


def _lexeme(word: str) -> str:
    """One search word as a quoted tsquery lexeme (prefix* -> :*)."""
    prefix = word.endswith("*")
    text = word.rstrip("*").replace("'", "''").replace("\\", "\\\\")
    return f"'{text}'" + (":*" if prefix else "")


def _phrase(words: str) -> str:
    """A quoted phrase: its words next to each other, in order."""
    lexemes = [_lexeme(w) for w in re.findall(r"\w[\w'*-]*", words)]
    return "(" + " <-> ".join(lexemes) + ")" if lexemes else "''"


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
