"""Claims in the store: the quantities stage's findings, and the claims, their reports, the links between them and
the quantity threads that the corpus step `claims` computes (storyline.corpus.claims). Part of `SQLiteStore`
(store/sqlite.py); reads return the newest version of each document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.claims.holders import CountedQuantity
from storyline.store.common import LATEST, Row, Tables

QUANTITY_COLUMNS = ("start", "end", "text", "value", "low", "high", "approximation", "unit", "holder", "measure")
CLAIM_COLUMNS = ("id", "text", "kind", "claimant_id", "claimant_text", "event_id", "polarity", "date", "reports",
                 "sources", "disputed")
REPORT_COLUMNS = ("claim_id", "doc_pk", "start", "end", "quote_pk", "mention_pk", "speaker", "date", "copy_of")


@dataclass
class ClaimResults:
    """What the claims step computed, for the store to write in one transaction."""

    claims: list[dict[str, Any]]  # CLAIM_COLUMNS
    reports: list[dict[str, Any]]  # REPORT_COLUMNS
    links: list[tuple[int, int, str, str, str]]  # (claim id, other id, relation, reason, evidence)
    threads: list[dict[str, Any]]  # id, label, unit, holder, measure, reports, sources
    thread_reports: list[tuple[int, int, int | None, int | None, str, str | None]]  # thread, quantity pk, claim,
    #                                                                                   claimant id, text, date
    keys: dict[str, int] = field(default_factory=dict)  # report key -> claim id, to keep ids across runs


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a read wants: disputed only, by one of these claimant actors, at least this many sources, about
    this event; and a page; only these claim ids."""

    disputed: bool = False
    claimant_ids: list[int] | None = None
    min_sources: int = 0
    event_id: int | None = None
    limit: int | None = None
    offset: int = 0
    ids: list[int] | None = None


class ClaimTables(Tables):
    """quantities, claims, claim_reports, claim_links, claim_keys, quantity_threads and quantity_reports."""

    def write_quantities(self, doc_pk: int, run_id: int, findings: list[CountedQuantity]) -> None:
        """Store the quantities the quantities stage found in one document (inside the runner's batch)."""
        placeholders = ", ".join("?" * (len(QUANTITY_COLUMNS) + 3))
        self.conn.executemany(
            f"INSERT INTO quantities (doc_pk, {', '.join(QUANTITY_COLUMNS)}, run_id, stage) VALUES ({placeholders})",
            [(doc_pk, f.quantity.start, f.quantity.end, f.quantity.text, f.quantity.value, f.quantity.low,
              f.quantity.high, f.quantity.approximation, f.quantity.unit, f.holder, f.measure, run_id, "quantities")
             for f in findings])

    # -- what the claims step reads and writes -----------------------------------------------------------
    def latest_quantities(self) -> list[Row]:
        """Quantities of the newest document versions, with the document's id, source and date."""
        return list(self.conn.execute(
            "SELECT q.*, d.id AS doc, d.source AS source, d.published AS published "
            f"FROM quantities q JOIN documents d ON d.pk = q.doc_pk WHERE {LATEST} ORDER BY q.doc_pk, q.start"))

    def latest_event_reporters(self) -> dict[int, Row]:
        """Who reports each event mention ("according to the Kremlin"), as written and as an actor, by mention pk:
        its first reporter; for a denied mention with none, its first actor ("Iran has denied supplying weapons":
        the one who denies doing it is the subject both verbs share, which the events stage keeps once, as the
        actor)."""
        found: dict[int, Row] = {}
        for row in self.conn.execute(
                "SELECT p.mention_pk, p.text, p.actor_id FROM event_participants p JOIN event_mentions m "
                f"ON m.pk = p.mention_pk JOIN documents d ON d.pk = m.doc_pk WHERE {LATEST} "
                "AND (p.role = 'reporter' OR (p.role = 'actor' AND m.status = 'denied')) "
                "ORDER BY p.mention_pk, p.role = 'actor', p.start"):
            found.setdefault(row["mention_pk"], row)
        return found

    def replace_claims(self, run_id: int, results: ClaimResults) -> None:
        """Replace every claim, report, link and quantity thread in one short transaction."""
        with self.transaction():
            self._remember_keys("claim", results.keys)
            for table in ("claims", "claim_reports", "claim_links", "quantity_threads", "quantity_reports"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.executemany(
                f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}, run_id, stage) "
                f"VALUES ({', '.join('?' * len(CLAIM_COLUMNS))}, ?, 'claims')",
                [(*(c[k] for k in CLAIM_COLUMNS), run_id) for c in results.claims])
            self.conn.executemany(
                f"INSERT INTO claim_reports ({', '.join(REPORT_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(REPORT_COLUMNS))})",
                [tuple(r[k] for k in REPORT_COLUMNS) for r in results.reports])
            self.conn.executemany(
                "INSERT INTO claim_links (claim_id, other_id, relation, reason, evidence) VALUES (?, ?, ?, ?, ?)",
                results.links)
            self.conn.executemany(
                "INSERT INTO quantity_threads (id, label, unit, holder, measure, reports, sources) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(t["id"], t["label"], t["unit"], t["holder"], t["measure"], t["reports"], t["sources"])
                 for t in results.threads])
            self.conn.executemany(
                "INSERT INTO quantity_reports (thread_id, quantity_pk, claim_id, claimant_id, claimant_text, date) "
                "VALUES (?, ?, ?, ?, ?, ?)", results.thread_reports)

    # -- reads for the CLI and the export -----------------------------------------------------------------
    def claims(self, where: ClaimFilter | None = None) -> list[Row]:
        """Claims, the most independently reported first, filtered and paged in SQL."""
        where = where or ClaimFilter()
        conditions, params = ["c.sources >= ?"], [where.min_sources]
        if where.disputed:
            conditions.append("c.disputed = 1")
        if where.claimant_ids is not None:
            conditions.append(f"c.claimant_id IN ({', '.join('?' * len(where.claimant_ids))})")
            params.extend(where.claimant_ids)
        if where.event_id is not None:
            conditions.append("c.event_id = ?")
            params.append(where.event_id)
        if where.ids is not None:
            conditions.append(f"c.id IN ({', '.join('?' * len(where.ids))})")
            params.extend(where.ids)
        sql = ("SELECT c.* FROM claims c WHERE " + " AND ".join(conditions)
               + " ORDER BY c.sources DESC, c.reports DESC, c.date, c.id")
        if where.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [where.limit, where.offset]
        return list(self.conn.execute(sql, params))

    def claim_reports_of(self, claim_ids: list[int] | None = None) -> dict[int, list[Row]]:
        """The reports of these claims (all when None), with document id, source and the words, by claim."""
        sql = ("SELECT r.*, d.id AS doc, d.source AS source, d.title AS title, "
               "substr(d.text, r.start + 1, r.end - r.start) AS text "
               "FROM claim_reports r JOIN documents d ON d.pk = r.doc_pk")
        params: list[Any] = []
        if claim_ids is not None:
            sql += f" WHERE r.claim_id IN ({', '.join('?' * len(claim_ids))})"
            params = list(claim_ids)
        found: dict[int, list[Row]] = {}
        for row in self.conn.execute(sql + " ORDER BY r.claim_id, r.date, d.pk, r.start", params):
            found.setdefault(row["claim_id"], []).append(row)
        return found

    def claim_ids_in(self, doc_id: str) -> list[int]:
        """Ids of the claims that the newest version of document `doc_id` reports."""
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT r.claim_id FROM claim_reports r JOIN documents d ON d.pk = r.doc_pk "
            f"WHERE d.id = ? AND {LATEST} ORDER BY r.claim_id", (doc_id,))]

    def claim_links_of(self, claim_ids: list[int] | None = None) -> dict[int, list[Row]]:
        """How these claims (all when None) relate to others: relation, reason, evidence, by claim."""
        sql = "SELECT * FROM claim_links"
        params: list[Any] = []
        if claim_ids is not None:
            sql += f" WHERE claim_id IN ({', '.join('?' * len(claim_ids))})"
            params = list(claim_ids)
        found: dict[int, list[Row]] = {}
        for row in self.conn.execute(sql + " ORDER BY claim_id, relation, other_id", params):
            found.setdefault(row["claim_id"], []).append(row)
        return found

    def quantity_threads(self, unit: str | None = None, limit: int | None = None) -> list[Row]:
        """Quantity threads, the most reported first; `unit` keeps those whose unit or label contains the word."""
        sql, params = "SELECT * FROM quantity_threads", []
        if unit:
            sql += " WHERE instr(lower(label), ?) > 0 OR lower(unit) = ?"
            params += [unit.lower().strip(), unit.lower().strip()]
        sql += " ORDER BY reports DESC, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return list(self.conn.execute(sql, params))

    def thread_reports_of(self, thread_ids: list[int]) -> dict[int, list[Row]]:
        """Each thread's reports by date: the quantity as written, its value and bounds, who and where."""
        found: dict[int, list[Row]] = {}
        if not thread_ids:
            return found
        for row in self.conn.execute(
                "SELECT t.thread_id, t.claim_id, t.claimant_id, t.claimant_text, t.date, q.text, q.value, q.low, "
                "q.high, q.approximation, q.start, q.end, d.id AS doc, d.source AS source "
                "FROM quantity_reports t JOIN quantities q ON q.pk = t.quantity_pk JOIN documents d ON d.pk = q.doc_pk "
                f"WHERE t.thread_id IN ({', '.join('?' * len(thread_ids))}) "
                "ORDER BY t.thread_id, t.date, d.pk, q.start",
                thread_ids):
            found.setdefault(row["thread_id"], []).append(row)
        return found
