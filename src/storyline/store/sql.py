"""What the SQLite and PostgreSQL stores share: runs, documents, the per-document stages' writes, the corpus steps'
bookkeeping and every concern's tables (store/actors.py, time.py, quotes.py, events.py, sources.py, claims.py,
browse.py), all in the SQL both engines speak.

The shared SQL keeps to what SQLite and PostgreSQL both run: `?` placeholders (the PostgreSQL connection rewrites
them), `INSERT ... ON CONFLICT`, `RETURNING`, and the functions `instr`, `casefold` and `json_each`, which the
PostgreSQL schema defines as SQLite has them. What differs (connecting, migrating, transactions, full-text search,
integrity checks) is in each backend's own module: store/sqlite.py and store/postgres.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from storyline.model import Analysis, Rejection
from storyline.store.actors import ActorTables
from storyline.store.browse import BrowseTables
from storyline.store.claims import ClaimTables
from storyline.store.common import LATEST, Row, now, returned_id
from storyline.store.events import EventTables
from storyline.store.quotes import QuoteTables
from storyline.store.sources import SourceTables
from storyline.store.time import TimeTables

ENTITY_TYPES = {
    "PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "group", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}


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


class SQLStore(ActorTables, TimeTables, QuoteTables, EventTables, SourceTables, ClaimTables, BrowseTables):
    """The store's SQL that does not depend on the engine. A backend adds the connection (`conn`, with `execute` and
    `executemany` taking `?` placeholders and rows readable by name and position), `transaction`, `close`, the
    schema, `search` and `check_integrity`."""

    path: str

    # tables whose rows belong to one document version: an integrity check looks for rows of no document
    DOCUMENT_TABLES = ("sentences", "mentions", "actor_mentions", "timexes", "quotes", "event_mentions")

    # -- runs -------------------------------------------------------------------------------------
    def begin_run(self, config_hash: str, code_version: str, model: str, settings: dict,
                  inputs: list[str]) -> int:
        """Record a new run; earlier runs left 'running' by a process that is gone become 'interrupted'."""
        with self.transaction():
            self._mark_abandoned_runs()
            return returned_id(self.conn.execute(
                "INSERT INTO runs (started, status, config_hash, code_version, model, settings, inputs) "
                "VALUES (?, 'running', ?, ?, ?, ?, ?) RETURNING id",
                (now(), config_hash, code_version, model, json.dumps(settings), json.dumps(inputs)),
            ))

    def _mark_abandoned_runs(self) -> None:
        """Runs still 'running' whose process is gone become 'interrupted'. A SQLite store has one analysing process
        at a time (the CLI's runs do not overlap on one file), so every such run is one; the PostgreSQL store, which
        several processes write at once, asks the server which runs' connections are gone."""
        self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

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
                    writers: Mapping[str, str] | None = None) -> int:
        """Store a batch of analysed documents and rejections in one transaction. `writers` names, for each
        stage, the method of this store that writes its findings (the stage table's `writer`). Returns how many
        documents it stored: one already stored (by another process since the run checked) is not stored again."""
        writers = writers if writers is not None else _stage_writers()
        try:
            with self.transaction():
                stored = sum(self._insert_analysis(run_id, analysis, writers) for analysis in analyses)
                self.conn.executemany(
                    "INSERT INTO rejected (run_id, source, line, reason, detail) VALUES (?, ?, ?, ?, ?)",
                    [(run_id, r.source, r.line, r.reason, r.detail) for r in rejections],
                )
        except BaseException:
            self._entity_ids.clear()  # it may hold ids the rolled-back transaction inserted
            raise
        return stored

    def _insert_analysis(self, run_id: int, analysis: Analysis, writers: Mapping[str, str]) -> bool:
        doc = analysis.document
        content_hash = doc.raw_hash
        if self.has_version(doc.id, content_hash):
            return False  # the same content twice in one run, or stored by another run meanwhile
        version = self.conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE id = ?",
                                    (doc.id,)).fetchone()[0]
        cur = self.conn.execute(
            "INSERT INTO documents (id, version, content_hash, title, source, url, author, published, "
            "published_basis, published_confidence, text, flags, removed, source_path, line, tokens, "
            "run_id, stage, title_basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'clean', ?) "
            "RETURNING pk",
            (doc.id, version, content_hash, doc.title, doc.source, doc.url, doc.author, doc.published,
             doc.published_basis, doc.published_confidence, doc.text, json.dumps(doc.flags),
             json.dumps(doc.removed), doc.source_path, doc.line, analysis.nlp.tokens, run_id, doc.title_basis),
        )
        doc_pk = returned_id(cur)
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
        return True

    def _entity_id(self, text: str, label: str) -> int | None:
        """The id of the entity a mention names (`entity_key`), added when it is new; an id this store object
        has already read is remembered (a document names the same entities many times)."""
        key = entity_key(text, label)
        if key is None:
            return None
        found = self._entity_ids.get(key[0])
        if found is None:
            self.conn.execute("INSERT INTO entities (key, name, type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", key)
            found = self._entity_ids[key[0]] = self.conn.execute("SELECT id FROM entities WHERE key = ?",
                                                                 (key[0],)).fetchone()[0]
        return found

    @cached_property
    def _entity_ids(self) -> dict[str, int]:
        """Entity key -> id, for the entities this store object has read or written. Entities are never deleted or
        renumbered, so a remembered id stays right, also beside other writers; `write_batch` forgets them all when
        its transaction rolls back."""
        return {}

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

    @staticmethod
    def search_filters(source: str | None, day: str | None) -> tuple[str, list[str]]:
        """The SQL conditions (each starting " AND ", on documents `d`) and parameters that narrow a search to one
        outlet ("unknown" for none) or one publication day (YYYY-MM-DD, or the YYYY-MM or YYYY of a coarse date)."""
        conditions, params = "", []
        if source is not None:
            conditions += " AND COALESCE(NULLIF(d.source, ''), 'unknown') = ?"
            params.append(source)
        if day is not None:
            conditions += " AND substr(d.published, 1, 10) = ?"
            params.append(day)
        return conditions, params

    def orphan_rows(self) -> list[str]:
        """Rows of a document version that is not stored (the part of `check_integrity` both engines share)."""
        problems = []
        for table in self.DOCUMENT_TABLES:
            orphans = self.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_pk NOT IN "
                                        "(SELECT pk FROM documents)").fetchone()[0]
            if orphans:
                problems.append(f"{orphans} {table} rows of no stored document")
        return problems

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
            self.conn.execute("INSERT INTO corpus_state (step, fingerprint, run_id, finished) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (step) DO UPDATE SET fingerprint = excluded.fingerprint, "
                              "run_id = excluded.run_id, finished = excluded.finished",
                              (step, fingerprint, run_id, now()))


def _stage_writers() -> dict[str, str]:
    """Each stage's writer as the stage table names it (for callers that write analyses themselves)."""
    from storyline.stages import STAGES  # the table imports the stages; only needed here

    return {name: spec.writer for name, spec in STAGES.items() if spec.writer}


