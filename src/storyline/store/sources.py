"""Sources in the store: copy and rewrite clusters and per-document source flags, written by the corpus step
`sources` (storyline.corpus.sources) and read by the events and claims steps, the CLI and the export. Part of
`SQLiteStore` (store/sqlite.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from storyline.store.common import Row, Tables


@dataclass
class SourceResults:
    """What the sources step computed, for the store to write in one transaction."""

    # (document id, the id of its cluster's original (itself when it is none's copy), kind, similarity)
    copies: list[tuple[str, str, str, float | None]] = field(default_factory=list)
    # (document id, flag, likelihood, evidence: [{"start", "end", "reason"}], note)
    flags: list[tuple[str, str, float, list[dict[str, Any]], str]] = field(default_factory=list)


class SourceTables(Tables):
    """document_copies and document_flags."""

    def replace_sources(self, run_id: int, results: SourceResults) -> None:
        """Replace every copy cluster and every document flag in one short transaction."""
        with self.transaction():
            self.conn.execute("DELETE FROM document_copies")
            self.conn.execute("DELETE FROM document_flags")
            self.conn.executemany(
                "INSERT INTO document_copies (doc_id, copy_of, kind, similarity) VALUES (?, ?, ?, ?)",
                sorted(results.copies))
            self.conn.executemany(
                "INSERT INTO document_flags (doc_id, flag, likelihood, evidence, note) VALUES (?, ?, ?, ?, ?)",
                [(doc, flag, likelihood, json.dumps(evidence), note)
                 for doc, flag, likelihood, evidence, note in results.flags])

    def copy_map(self) -> dict[str, str]:
        """Document id -> the original of its copy cluster (itself when it is nobody's copy), for counting
        independent sources: a rewrite maps to itself (see storyline.corpus.sources)."""
        return dict(self.conn.execute(
            "SELECT doc_id, CASE WHEN kind = 'rewrite' THEN doc_id ELSE copy_of END FROM document_copies").fetchall())

    def copy_links(self) -> list[Row]:
        """Every document that is a copy or rewrite of another: doc_id, copy_of, kind, similarity, by original."""
        return list(self.conn.execute(
            "SELECT doc_id, copy_of, kind, similarity FROM document_copies WHERE doc_id != copy_of "
            "ORDER BY copy_of, doc_id"))

    def document_flags(self, doc_id: str | None = None) -> list[Row]:
        """Source flags (with evidence as JSON text), of one document or of all, most likely first."""
        sql = "SELECT doc_id, flag, likelihood, evidence, note FROM document_flags"
        params: list[Any] = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        return list(self.conn.execute(sql + " ORDER BY doc_id, likelihood DESC, flag", params))

    def document_flags_of(self, doc_ids: list[str]) -> dict[str, list[Row]]:
        """The source flags of these documents (evidence as JSON text), by document id, most likely first (as
        document_flags); a document without flags is left out."""
        found: dict[str, list[Row]] = {}
        for chunk in (doc_ids[i:i + 900] for i in range(0, len(doc_ids), 900)):  # SQLite's bound parameters
            for row in self.conn.execute(
                    "SELECT doc_id, flag, likelihood, evidence, note FROM document_flags "
                    f"WHERE doc_id IN ({', '.join('?' * len(chunk))}) ORDER BY doc_id, likelihood DESC, flag", chunk):
                found.setdefault(row["doc_id"], []).append(row)
        return found
