"""Quotes in the store: the quotes stage's findings, the speaker's actor the corpus step links, and the filtered
reads the CLI and the export need. Part of `SQLiteStore` (store/sqlite.py); reads return the quotes of the newest
version of each document, in document then text order."""

from __future__ import annotations

from typing import Any

from storyline.model import Quote
from storyline.store.common import LATEST, Row, Tables

COLUMNS = ("start", "end", "text", "kind", "cue", "cue_start", "cue_end", "speaker_start", "speaker_end",
           "speaker_text", "resolved_start", "resolved_end", "resolved_text", "named", "date", "date_start",
           "date_end", "date_source", "medium")

# A quote with its document's id, date, source and title, and the current value of the cue's time expression
# (re-resolved when the document was dated after the quotes stage ran).
QUOTE_ROWS = (
    "SELECT q.*, d.id AS doc, d.published AS published, d.source AS source, d.title AS title, "
    "(SELECT t.value FROM timexes t WHERE t.doc_pk = q.doc_pk AND t.start = q.date_start AND t.end = q.date_end "
    " ORDER BY t.pk DESC LIMIT 1) AS cue_value "
    f"FROM quotes q JOIN documents d ON d.pk = q.doc_pk WHERE {LATEST}")


class QuoteTables(Tables):
    """quotes."""

    def write_quotes(self, doc_pk: int, run_id: int, findings: list[Quote]) -> None:
        """Store the quotes the quotes stage found in one document (inside the runner's batch transaction)."""
        placeholders = ", ".join("?" * (len(COLUMNS) + 3))
        self.conn.executemany(
            f"INSERT INTO quotes (doc_pk, {', '.join(COLUMNS)}, run_id, stage) VALUES ({placeholders})",
            [(doc_pk, *_values(quote), run_id, "quotes") for quote in findings],
        )

    # -- what the speakers step reads and writes --------------------------------------------------------
    def latest_quote_speakers(self) -> list[Row]:
        """pk, document pk, the speaker as written and as resolved, and whether it is named, of every quote of
        the newest versions."""
        return list(self.conn.execute(
            "SELECT q.pk, q.doc_pk, q.speaker_start, q.speaker_end, q.resolved_start, q.resolved_end, q.named "
            f"FROM quotes q JOIN documents d ON d.pk = q.doc_pk WHERE {LATEST} ORDER BY q.pk"))

    def save_quote_speakers(self, speakers: list[tuple[int | None, int]]) -> None:
        """Set each quote's speaker actor, (actor id or None, quote pk), in one short transaction."""
        with self.transaction():
            self.conn.execute("UPDATE quotes SET speaker_id = NULL WHERE speaker_id IS NOT NULL")
            self.conn.executemany("UPDATE quotes SET speaker_id = ? WHERE pk = ?",
                                  [pair for pair in speakers if pair[0] is not None])

    # -- reads for the CLI and the export -----------------------------------------------------------------
    def quotes(self, doc: str | None = None, speaker_ids: list[int] | None = None,
               speaker_words: str | None = None, limit: int | None = None, offset: int = 0) -> list[Row]:
        """Quotes in document order, filtered in SQL: from document `doc`; by one of these speaker actors or (with
        `speaker_words`) a speaker as written that contains those words, ignoring case; a page when `limit` is
        given."""
        sql, params = QUOTE_ROWS, []
        if doc is not None:
            sql += " AND d.id = ?"
            params.append(doc)
        who = []
        if speaker_ids:
            who.append(f"q.speaker_id IN ({', '.join('?' * len(speaker_ids))})")
            params.extend(speaker_ids)
        if speaker_words is not None:
            who.append("instr(casefold(COALESCE(NULLIF(q.resolved_text, ''), q.speaker_text)), ?) > 0")
            params.append(speaker_words.casefold().strip())
        if speaker_ids is not None or speaker_words is not None:
            sql += " AND (" + (" OR ".join(who) or "0") + ")"
        sql += " ORDER BY q.doc_pk, q.start, q.end, q.pk"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return list(self.conn.execute(sql, params))


def _values(quote: Quote) -> tuple[Any, ...]:
    """The quote's values in COLUMNS order (`named` as 0 or 1), read field by field: `astuple` deep-copies."""
    return tuple(int(bool(quote.named)) if name == "named" else getattr(quote, name) for name in COLUMNS)
