"""SQLite store: numbered migrations, one writer, one transaction per batch of documents.

WAL mode lets readers (export, the CLI's listings) run while an analysis writes. A batch commits whole
or not at all, so a killed run loses nothing already committed and a re-run skips what is stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from storyline.errors import StoreError
from storyline.model import Analysis, Rejection

ENTITY_TYPES = {
    "PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "group", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}


# SQL condition on a documents row `d`: it is the newest version of its document (reads show only those).
LATEST = "d.version = (SELECT MAX(version) FROM documents x WHERE x.id = d.id)"

# Stage name -> function(conn, doc_pk, run_id, findings) that stores what that parsed stage returned.
FINDING_WRITERS: dict[str, Callable[[sqlite3.Connection, int, int, object], None]] = {}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("storyline.store") / "migrations"
    found = [(int(f.name.split("_")[0]), f.read_text()) for f in folder.iterdir() if f.name.endswith(".sql")]
    return sorted(found)


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


class SQLiteStore:
    """The default store: one SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the store ({exc}); check the --db path") from None
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    # -- schema -----------------------------------------------------------------------------------
    def _migrate(self) -> None:
        current = self.conn.execute("PRAGMA user_version").fetchone()[0]
        migrations = _migrations()
        newest = migrations[-1][0]
        if current > newest:
            raise StoreError(f"{self.path}: the store is at schema {current}, this Storyline knows up to "
                             f"{newest}; upgrade Storyline (pip install -U storyline)")
        for number, sql in migrations:
            if number > current:
                self.conn.executescript(f"BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {number}; COMMIT;")

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

    # -- writing ----------------------------------------------------------------------------------
    def has_version(self, doc_id: str, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ? AND content_hash = ?",
                                (doc_id, content_hash)).fetchone()
        return row is not None

    def write_batch(self, run_id: int, analyses: list[Analysis], rejections: list[Rejection]) -> None:
        """Store a batch of analysed documents and rejections in one transaction."""
        with self.transaction():
            for analysis in analyses:
                self._insert_analysis(run_id, analysis)
            self.conn.executemany(
                "INSERT INTO rejected (run_id, source, line, reason, detail) VALUES (?, ?, ?, ?, ?)",
                [(run_id, r.source, r.line, r.reason, r.detail) for r in rejections],
            )

    def _insert_analysis(self, run_id: int, analysis: Analysis) -> None:
        doc = analysis.document
        content_hash = doc.raw_hash
        if self.has_version(doc.id, content_hash):
            return  # the same content twice in one run
        version = self.conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE id = ?",
                                    (doc.id,)).fetchone()[0]
        cur = self.conn.execute(
            "INSERT INTO documents (id, version, content_hash, title, source, url, author, published, "
            "published_basis, published_confidence, text, flags, removed, source_path, line, tokens, "
            "run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'clean')",
            (doc.id, version, content_hash, doc.title, doc.source, doc.url, doc.author, doc.published,
             doc.published_basis, doc.published_confidence, doc.text, json.dumps(doc.flags),
             json.dumps(doc.removed), doc.source_path, doc.line, analysis.nlp.tokens, run_id),
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
            FINDING_WRITERS[stage](self.conn, doc_pk, run_id, findings)

    def _entity_id(self, text: str, label: str) -> int | None:
        key = entity_key(text, label)
        if key is None:
            return None
        self.conn.execute("INSERT OR IGNORE INTO entities (key, name, type) VALUES (?, ?, ?)", key)
        return self.conn.execute("SELECT id FROM entities WHERE key = ?", (key[0],)).fetchone()[0]

    # -- reading ----------------------------------------------------------------------------------
    def latest_documents(self) -> Iterator[sqlite3.Row]:
        """The newest version of every document, in the order they first arrived."""
        return iter(self.conn.execute(
            "SELECT d.* FROM documents d JOIN (SELECT id, MAX(version) AS v FROM documents GROUP BY id) l "
            "ON d.id = l.id AND d.version = l.v ORDER BY (SELECT MIN(pk) FROM documents x WHERE x.id = d.id)"
        ))

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Full-text search (FTS5 syntax) over titles and clean text, best match first."""
        try:
            return list(self.conn.execute(
                "SELECT d.id, d.version, d.title, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid FTS5 syntax ({exc}); "
                             "quote phrases with double quotes") from None

    def rejections(self, run_id: int | None = None) -> list[sqlite3.Row]:
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
            "rejected": one("SELECT COUNT(*) FROM rejected").fetchone()[0],
            "runs": one("SELECT COUNT(*) FROM runs").fetchone()[0],
        }


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


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating as needed) the SQLite store at `path`."""
    return SQLiteStore(str(path))
