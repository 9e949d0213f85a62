"""SQLite store: numbered migrations, one writer, one transaction per batch of documents.

WAL mode lets readers (export, the CLI's listings) run while an analysis writes. A batch commits whole
or not at all, so a killed run loses nothing already committed and a re-run skips what is stored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Analysis, Rejection
from storyline.store.actors import ActorTables
from storyline.store.browse import BrowseTables
from storyline.store.claims import ClaimTables
from storyline.store.common import LATEST, Row, now
from storyline.store.events import EventTables
from storyline.store.quotes import QuoteTables
from storyline.store.sources import SourceTables
from storyline.store.time import TimeTables

ENTITY_TYPES = {
    "PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "group", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}

__all__ = ["LATEST", "SQLiteStore", "now", "open_store"]


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


def entity_key(text: str, label: str) -> tuple[str, str, str] | None:
    """(key, display name, type) of the surface entity a mention names, or None for value mentions."""
    kind = ENTITY_TYPES.get(label)
    if kind is None:
        return None
    name = " ".join(text.split())
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    if name.lower().startswith("the "):
        name = name[4:]
    return f"{kind}|{name.lower()}", name, kind


class SQLiteStore(ActorTables, TimeTables, QuoteTables, EventTables, SourceTables, ClaimTables, BrowseTables):
    """The default store: one SQLite file. Each concern's tables and statements are in their own module
    (store/actors.py, time.py, quotes.py, events.py, sources.py, claims.py); this class adds the connection, the
    schema, runs, documents and the corpus steps' bookkeeping."""

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

    # -- runs -------------------------------------------------------------------------------------
    def begin_run(self, config_hash: str, code_version: str, model: str, settings: dict,
                  inputs: list[str]) -> int:
        """Record a new run; earlier runs left 'running' by a killed process become 'interrupted'."""
        with self.transaction():
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = self.conn.execute(
                "INSERT INTO runs (started, status, config_hash, code_version, model, settings, inputs) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (now(), config_hash, code_version, model, json.dumps(settings), json.dumps(inputs)),
            )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, status: str, added: int, unchanged: int, rejected: int) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ?, added = ?, unchanged = ?, rejected = ? WHERE id = ?",
                (now(), status, added, unchanged, rejected, run_id),
            )

    def has_version(self, doc_id: str, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ? AND content_hash = ?",
                                (doc_id, content_hash)).fetchone()
        return row is not None

    def run_request(self, run_id: int) -> tuple[dict[str, Any], list[str]] | None:
        """The settings and input paths a run was started with, or None for an unknown run."""
        row = self.conn.execute("SELECT settings, inputs FROM runs WHERE id = ?", (run_id,)).fetchone()
        return (json.loads(row["settings"]), json.loads(row["inputs"])) if row else None

    def runs(self) -> list[Row]:
        """Every run, oldest first: status, settings hash, code version, model, counts, start and finish."""
        return list(self.conn.execute("SELECT * FROM runs ORDER BY id"))

    # -- writing ----------------------------------------------------------------------------------
    def write_batch(self, run_id: int, analyses: list[Analysis], rejections: list[Rejection],
                    writers: Mapping[str, str] | None = None) -> None:
        """Store a batch of analysed documents and rejections in one transaction. `writers` names, for each
        stage, the method of this store that writes its findings (the stage table's `writer`)."""
        writers = writers if writers is not None else _stage_writers()
        with self.transaction():
            for analysis in analyses:
                self._insert_analysis(run_id, analysis, writers)
            self.conn.executemany(
                "INSERT INTO rejected (run_id, source, line, reason, detail) VALUES (?, ?, ?, ?, ?)",
                [(run_id, r.source, r.line, r.reason, r.detail) for r in rejections],
            )

    def _insert_analysis(self, run_id: int, analysis: Analysis, writers: Mapping[str, str]) -> None:
        doc = analysis.document
        content_hash = doc.raw_hash
        if self.has_version(doc.id, content_hash):
            return  # the same content twice in one run
        version = self.conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE id = ?",
                                    (doc.id,)).fetchone()[0]
        cur = self.conn.execute(
            "INSERT INTO documents (id, version, content_hash, title, source, url, author, published, "
            "published_basis, published_confidence, text, flags, removed, source_path, line, tokens, "
            "run_id, stage, title_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'clean', ?)",
            (doc.id, version, content_hash, doc.title, doc.source, doc.url, doc.author, doc.published,
             doc.published_basis, doc.published_confidence, doc.text, json.dumps(doc.flags),
             json.dumps(doc.removed), doc.source_path, doc.line, analysis.nlp.tokens, run_id, doc.title_basis),
        )
        doc_pk = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO sentences (doc_pk, start, end, run_id, stage) VALUES (?, ?, ?, ?, 'nlp')",
            [(doc_pk, s.start, s.end, run_id) for s in analysis.nlp.sentences],
        )
        rows = []
        for m in analysis.nlp.mentions:
            rows.append((doc_pk, m.start, m.end, m.text, m.label, self._entity_id(m.text, m.label), run_id))
        self.conn.executemany(
            "INSERT INTO mentions (doc_pk, start, end, text, label, entity_id, run_id, stage) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'nlp')",
            rows,
        )
        for stage, findings in analysis.findings.items():
            getattr(self, writers[stage])(doc_pk, run_id, findings)

    def _entity_id(self, text: str, label: str) -> int | None:
        key = entity_key(text, label)
        if key is None:
            return None
        self.conn.execute("INSERT OR IGNORE INTO entities (key, name, type) VALUES (?, ?, ?)", key)
        return self.conn.execute("SELECT id FROM entities WHERE key = ?", (key[0],)).fetchone()[0]

    # -- reading ----------------------------------------------------------------------------------
    def latest_documents(self) -> Iterator[Row]:
        """The newest version of every document, in the order they first arrived."""
        return iter(self.conn.execute(
            "SELECT d.* FROM documents d JOIN (SELECT id, MAX(version) AS v FROM documents GROUP BY id) l "
            "ON d.id = l.id AND d.version = l.v ORDER BY (SELECT MIN(pk) FROM documents x WHERE x.id = d.id)"
        ))

    def documents(self, source: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None, offset: int = 0) -> list[Row]:
        """The newest version of the documents that match, in the order they first arrived (as latest_documents),
        filtered and paged in SQL: `source` the outlet, ignoring case (casefold; a document without one matches
        ""); `since` and `until` (YYYY-MM-DD, inclusive) the first ten characters of `published`, and a window
        drops the undated documents; `limit` rows from `offset`. Only the page's rows are read whole."""
        conditions, params = [LATEST], []
        if source is not None:
            conditions.append("casefold(COALESCE(d.source, '')) = ?")
            params.append(source.casefold())
        if since is not None or until is not None:
            conditions.append("COALESCE(d.published, '') != ''")
        if since is not None:
            conditions.append("substr(d.published, 1, 10) >= ?")
            params.append(since)
        if until is not None:
            conditions.append("substr(d.published, 1, 10) <= ?")
            params.append(until)
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return list(self.conn.execute(
            "SELECT d.* FROM (SELECT d.pk, (SELECT MIN(pk) FROM documents x WHERE x.id = d.id) AS arrived "
            f"FROM documents d WHERE {' AND '.join(conditions)} ORDER BY arrived{page}) p "
            "JOIN documents d ON d.pk = p.pk ORDER BY p.arrived", params))

    def document_outlets(self) -> dict[str, str | None]:
        """Document id -> the outlet (source) of its newest version, for every document, in the order they first
        arrived (as latest_documents, without reading the documents' rows: an index holds both)."""
        return dict(self.conn.execute(
            f"SELECT d.id, d.source FROM documents d WHERE {LATEST} "
            "ORDER BY (SELECT MIN(pk) FROM documents x WHERE x.id = d.id)").fetchall())

    def document_versions(self, doc_id: str) -> list[Row]:
        """Every stored version of one document, oldest first."""
        return list(self.conn.execute("SELECT * FROM documents WHERE id = ? ORDER BY version", (doc_id,)))

    def check_integrity(self) -> list[str]:
        """Problems with the stored data (rows that point at nothing, a damaged file); empty when sound."""
        problems = [" ".join(map(str, row)) for row in self.conn.execute("PRAGMA foreign_key_check")]
        problems += [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        for table in ("sentences", "mentions", "actor_mentions", "timexes", "quotes", "event_mentions"):
            orphans = self.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_pk NOT IN "
                                        "(SELECT pk FROM documents)").fetchone()[0]
            if orphans:
                problems.append(f"{orphans} {table} rows of no stored document")
        return problems

    def search(self, query: str, limit: int = 20, offset: int = 0, source: str | None = None,
               day: str | None = None) -> list[Row]:
        """Full-text search (FTS5 syntax) over titles and clean text, best match first; only one outlet's or one
        publication day's documents when asked."""
        conditions, params = "", [query]
        if source is not None:
            conditions += " AND COALESCE(NULLIF(d.source, ''), 'unknown') = ?"
            params.append(source)
        if day is not None:
            conditions += " AND substr(d.published, 1, 10) = ?"
            params.append(day)
        try:
            return list(self.conn.execute(
                "SELECT d.id, d.version, d.title, d.source, d.published, "
                "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
                f"WHERE documents_fts MATCH ?{conditions} ORDER BY rank LIMIT ? OFFSET ?", [*params, limit, offset]))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc}); "
                             "quote phrases with double quotes") from None

    def rejections(self, run_id: int | None = None) -> list[Row]:
        if run_id is None:
            return list(self.conn.execute("SELECT * FROM rejected ORDER BY pk"))
        return list(self.conn.execute("SELECT * FROM rejected WHERE run_id = ? ORDER BY pk", (run_id,)))

    def counts(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "documents": one("SELECT COUNT(DISTINCT id) FROM documents").fetchone()[0],
            "versions": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "actors": one("SELECT COUNT(*) FROM actors").fetchone()[0],
            "actor mentions": one("SELECT COUNT(*) FROM actor_mentions").fetchone()[0],
            "quotes": one("SELECT COUNT(*) FROM quotes").fetchone()[0],
            "time expressions": one("SELECT COUNT(*) FROM timexes").fetchone()[0],
            "event mentions": one("SELECT COUNT(*) FROM event_mentions").fetchone()[0],
            "events": one("SELECT COUNT(*) FROM events").fetchone()[0],
            "claims": one("SELECT COUNT(*) FROM claims").fetchone()[0],
            "rejected": one("SELECT COUNT(*) FROM rejected").fetchone()[0],
            "runs": one("SELECT COUNT(*) FROM runs").fetchone()[0],
        }

    # -- corpus steps ------------------------------------------------------------------------------
    def corpus_fingerprint(self) -> str:
        """What the corpus steps read, in one string: the document versions and the date pins. Equal fingerprints
        mean a step would compute the same results again."""
        documents = self.conn.execute("SELECT COUNT(*), COALESCE(MAX(pk), 0) FROM documents").fetchone()
        pins = [list(r) for r in self.conn.execute(
            "SELECT doc_id, published, earliest, latest FROM date_pins ORDER BY doc_id")]
        digest = hashlib.sha256(json.dumps(pins).encode()).hexdigest()[:16]
        return json.dumps([*documents, digest])

    def corpus_step_is_current(self, step: str, fingerprint: str) -> bool:
        """Whether `step` last completed on a store with this fingerprint."""
        row = self.conn.execute("SELECT fingerprint FROM corpus_state WHERE step = ?", (step,)).fetchone()
        return row is not None and row["fingerprint"] == fingerprint

    def corpus_step_done(self, step: str, fingerprint: str, run_id: int) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO corpus_state (step, fingerprint, run_id, finished) "
                              "VALUES (?, ?, ?, ?)", (step, fingerprint, run_id, now()))


def _casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _stage_writers() -> dict[str, str]:
    """Each stage's writer as the stage table names it (for callers that write analyses themselves)."""
    from storyline.stages import STAGES  # the table imports the stages; only needed here

    return {name: spec.writer for name, spec in STAGES.items() if spec.writer}


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


def open_store(path: str | Path, read_only: bool = False) -> SQLiteStore:
    """Open (creating and migrating as needed) the SQLite store at `path`; with `read_only`, an existing store
    that nothing can write through this connection."""
    return SQLiteStore(str(path), read_only)
