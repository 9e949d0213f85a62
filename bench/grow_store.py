"""Grow an analysed store to more articles by replicating it: every document and every row derived from it is copied
under new ids, so that the web app and the API can be measured on a store of a given size (bench/api_latency.py).

    PYTHONPATH=src .venv/bin/python bench/grow_store.py --db big.db --out big10k.db --articles 10000

The source store is not changed: it is copied (SQLite's backup API) to --out and to a scratch file beside it
(--out + ".source", removed at the end), both are migrated to this Storyline's schema (open_store), and copies
2, 3, ... of the source's rows (read from the scratch file) are added to --out until it holds --articles
documents. Copy k of the source is one more disjoint "story": its documents, their findings AND the corpus-level
rows (actors, events, claims, quantity threads, copy clusters, flags, key tables) are all replicated, so that no
row of copy k points at a row of another copy.

How a row of copy k is made from a source row (the mapping is `COLUMNS` below, one entry per replicated table):
- integer ids (document pk, actor, event, claim, quote, event mention, quantity, thread, and each table's own
  integer primary key) are offset by (k - 1) * the largest id of that id space in the source, so they never
  collide; every column that refers to one (doc_pk, actor_id, location, speaker_id, claimant_id, event_id,
  mention_pk, quote_pk, quantity_pk, claim_id, other_id, thread_id) gets the same offset, so references stay
  consistent. NULL stays NULL.
- document ids get a suffix: copy 2 of "abc" is "abc~2" (documents.id, date_pins, document_copies, document_flags,
  claim_reports.copy_of); event and claim keys ("doc:start:end") name the copied document ("abc~2:10:20"); actor keys
  get the suffix whole ("country:US~2"); the "(abc)" document references in claim_links.evidence become "(abc~2)".
- everything else (text, titles, sources, dates, names, aliases, JSON, vectors, counts) is copied unchanged: copies
  have the same outlets, dates and actor names as the original, so a filter by outlet or date, or a name search,
  finds every copy (which is what a bigger store of the same story looks like to a query).
- shared, not replicated: `runs` (copies belong to the source's runs), `entities` (surface names: the same text
  analysed again would map to the same rows), `rejected`, `corpus_state` (left as it was: its fingerprint no longer
  matches, so a later `storyline analyze` on the grown store recomputes every corpus step, and would then find the
  copies to be copies of each other).
- the full-text index (documents_fts) is rebuilt once at the end (its insert trigger is set aside while copying).

The last copy is partial when --articles is not a multiple of the source's size: it takes whole copy clusters (a
document with its copies and rewrites) in arrival order until it has exactly the documents needed, and with them the
rows derived from those documents; an event, claim or quantity thread is copied when one of its mentions, reports
or quantities is; a claim link when both its claims are; a key when its document and its id are. A reference
from a copied row to a row left out of the partial copy (a claim's event, a report's quote or mention, a quantity
report's claim) is set to NULL. All actors are copied. Counts stored on copied rows (mentions, documents, sources,
reports) are the source's.

At the end the script runs the store's own check (`open_store(path).check_integrity()`), FTS5's integrity check
and prints the row counts of every table before and after.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from pathlib import Path

from storyline.store import open_store

# How each replicated table's columns change in a copy: column -> kind. Kinds: an integer id space ("document",
# "actor", ...: offset), "doc_id" (suffix), "doc_key" (the document part of "doc:start:end" suffixed), "key" (suffix),
# "evidence" (the "(doc)" references in the text suffixed). Columns not listed are copied unchanged.
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {"pk": "document", "id": "doc_id"},
    "sentences": {"doc_pk": "document"},
    "mentions": {"pk": "mention", "doc_pk": "document"},
    "timexes": {"pk": "timex", "doc_pk": "document"},
    "date_pins": {"doc_id": "doc_id"},
    "datings": {"doc_pk": "document"},
    "actor_mentions": {"pk": "actor_mention", "doc_pk": "document", "actor_id": "actor"},
    "actor_roles": {"pk": "actor_role", "doc_pk": "document", "actor_id": "actor"},
    "actors": {"id": "actor"},
    "actor_names": {"actor_id": "actor"},
    "actor_keys": {"key": "key", "actor_id": "actor"},
    "quotes": {"pk": "quote", "doc_pk": "document", "speaker_id": "actor"},
    "event_mentions": {"pk": "event_mention", "doc_pk": "document", "event_id": "event"},
    "event_participants": {"pk": "participant", "mention_pk": "event_mention", "actor_id": "actor"},
    "events": {"id": "event", "location": "actor"},
    "event_actors": {"event_id": "event", "actor_id": "actor"},
    "event_keys": {"key": "doc_key", "event_id": "event"},
    "document_copies": {"doc_id": "doc_id", "copy_of": "doc_id"},
    "document_flags": {"doc_id": "doc_id"},
    "quantities": {"pk": "quantity", "doc_pk": "document"},
    "claims": {"id": "claim", "claimant_id": "actor", "event_id": "event"},
    "claim_reports": {"claim_id": "claim", "doc_pk": "document", "quote_pk": "quote", "mention_pk": "event_mention",
                      "copy_of": "doc_id"},
    "claim_links": {"claim_id": "claim", "other_id": "claim", "evidence": "evidence"},
    "claim_keys": {"key": "doc_key", "claim_id": "claim"},
    "quantity_threads": {"id": "thread"},
    "quantity_reports": {"thread_id": "thread", "quantity_pk": "quantity", "claim_id": "claim",
                         "claimant_id": "actor"},
}
# Tables kept once (see the docstring); the FTS5 index and its shadow tables are rebuilt, not copied.
SHARED = {"runs", "entities", "rejected", "corpus_state"}
FTS = "documents_fts"

# Spaces a partial copy takes a part of (every actor is copied). A row is left out when one of these references
# points outside the part, except for the columns in NULLABLE, which are set to NULL instead.
PARTIAL = ("document", "doc_id", "event_mention", "quote", "quantity", "event", "claim", "thread")
NULLABLE = {("claims", "event_id"), ("claim_reports", "quote_pk"), ("claim_reports", "mention_pk"),
            ("quantity_reports", "claim_id")}
# Which rows make up a partial copy's part of each space, from the documents chosen (temporary tables part_<space>).
PARTS = {
    "document": "SELECT pk AS v FROM src.documents WHERE id IN (SELECT v FROM part_doc_id)",
    "event_mention": "SELECT pk AS v FROM src.event_mentions WHERE doc_pk IN (SELECT v FROM part_document)",
    "quote": "SELECT pk AS v FROM src.quotes WHERE doc_pk IN (SELECT v FROM part_document)",
    "quantity": "SELECT pk AS v FROM src.quantities WHERE doc_pk IN (SELECT v FROM part_document)",
    "event": "SELECT event_id AS v FROM src.event_mentions WHERE pk IN (SELECT v FROM part_event_mention)",
    "claim": "SELECT claim_id AS v FROM src.claim_reports WHERE doc_pk IN (SELECT v FROM part_document)",
    "thread": "SELECT thread_id AS v FROM src.quantity_reports WHERE quantity_pk IN (SELECT v FROM part_quantity)",
}
TEXT_KINDS = {"doc_id", "doc_key", "key", "evidence"}


def check_mapping(conn: sqlite3.Connection) -> None:
    """Fail when the schema has a table this script does not know, or a replicated table has an integer primary key
    or a declared reference that COLUMNS does not map (a new migration must say how copies treat it)."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    unknown = [t for t in tables if t not in COLUMNS and t not in SHARED and not t.startswith(FTS)
               and not t.startswith("sqlite_")]
    if unknown:
        sys.exit(f"grow_store: tables {unknown} are not in COLUMNS or SHARED; say how a copy treats them")
    for table, mapped in COLUMNS.items():
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        needed = {r[1] for r in info if r[5] and r[2].upper() == "INTEGER" and sum(x[5] > 0 for x in info) == 1}
        needed |= {fk[3] for fk in conn.execute(f"PRAGMA foreign_key_list({table})") if fk[2] not in SHARED}
        if needed - set(mapped):
            sys.exit(f"grow_store: {table}.{sorted(needed - set(mapped))} are ids COLUMNS does not map")


def spans(conn: sqlite3.Connection) -> dict[str, int]:
    """The offset step of each integer id space: the largest id any column of that space holds in the source."""
    found: dict[str, int] = {}
    for table, mapped in COLUMNS.items():
        for column, kind in mapped.items():
            if kind not in TEXT_KINDS:
                largest = conn.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}").fetchone()[0]
                found[kind] = max(found.get(kind, 0), largest)
    return found


def copy_key(key: str, copy: int) -> str:
    """'abc:10:20' of copy 2 -> 'abc~2:10:20' (the document id may itself hold a colon)."""
    doc, start, end = key.rsplit(":", 2)
    return f"{doc}~{copy}:{start}:{end}"


def copy_evidence(text: str, copy: int) -> str:
    """The '(doc)' after each passage of a claim link's evidence names the copied document."""
    return re.sub(r"\(([^()\s]+)\)(?= \| |$)", lambda m: f"({m[1]}~{copy})", text)


def column_sql(table: str, column: str, kind: str | None, offsets: dict[str, int], partial: bool) -> str:
    """The SELECT expression of one column of copy `:copy`."""
    if kind is None:
        return column
    if kind == "doc_id" or kind == "key":
        value = f"{column} || '~' || :copy"
    elif kind == "doc_key":
        value = f"copy_key({column}, :copy)"
    elif kind == "evidence":
        value = f"copy_evidence({column}, :copy)"
    else:
        value = f"{column} + {offsets[kind]}"
    if partial and (table, column) in NULLABLE:
        return f"CASE WHEN {column} IN (SELECT v FROM part_{kind}) THEN {value} END"
    return value


def part_conditions(table: str, partial: bool) -> list[str]:
    """WHERE conditions that keep a partial copy's rows (none for a whole copy)."""
    if not partial:
        return []
    conditions = []
    for column, kind in COLUMNS[table].items():
        if (table, column) in NULLABLE:
            continue
        if kind in PARTIAL:
            conditions.append(f"({column} IS NULL OR {column} IN (SELECT v FROM part_{kind}))")
        elif kind == "doc_key":
            conditions.append(f"doc_of_key({column}) IN (SELECT v FROM part_doc_id)")
    return conditions


def choose_part(conn: sqlite3.Connection, articles: int) -> None:
    """Fill part_<space> with the rows of a partial copy of `articles` documents: whole copy clusters (a document
    with its copies and rewrites) in arrival order while they fit, then each space's rows that belong to them."""
    cluster = dict(conn.execute("SELECT doc_id, copy_of FROM src.document_copies").fetchall())
    groups: dict[str, list[str]] = {}
    for (doc_id,) in conn.execute("SELECT id FROM src.documents GROUP BY id ORDER BY MIN(pk)"):
        groups.setdefault(cluster.get(doc_id, doc_id), []).append(doc_id)
    chosen: list[str] = []
    for members in groups.values():
        if len(chosen) + len(members) <= articles:
            chosen += members
    if len(chosen) != articles:
        sys.exit(f"grow_store: could not pick exactly {articles} documents in whole copy clusters")
    for space in PARTIAL:
        conn.execute(f"DROP TABLE IF EXISTS temp.part_{space}")
        conn.execute(f"CREATE TEMP TABLE part_{space} (v PRIMARY KEY) WITHOUT ROWID")
    conn.executemany("INSERT INTO part_doc_id VALUES (?)", [(d,) for d in chosen])
    for space, sql in PARTS.items():  # in dependency order
        conn.execute(f"INSERT OR IGNORE INTO part_{space} SELECT v FROM ({sql}) WHERE v IS NOT NULL")


def add_copy(conn: sqlite3.Connection, copy: int, offsets: dict[str, int], partial: bool) -> None:
    """Insert copy number `copy` (2, 3, ...) of every replicated table's rows, read from the source (`src`)."""
    factor = {kind: (copy - 1) * step for kind, step in offsets.items()}
    for table in COLUMNS:
        names = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        values = [column_sql(table, c, COLUMNS[table].get(c), factor, partial) for c in names]
        where = part_conditions(table, partial)
        conn.execute(f"INSERT INTO main.{table} ({', '.join(names)}) SELECT {', '.join(values)} FROM src.{table}"
                     + (" WHERE " + " AND ".join(where) if where else ""), {"copy": copy})


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in [*COLUMNS, *sorted(SHARED)]}


def grow(source: Path, out: Path, articles: int) -> None:
    if out.exists():
        sys.exit(f"grow_store: {out} exists; remove it or name another --out")
    started = time.perf_counter()
    base = out.with_name(out.name + ".source")  # the source, migrated: what every copy is read from
    for target in (base, out):
        with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as src, \
                sqlite3.connect(target) as dst:
            src.backup(dst)
        open_store(target).close()  # migrated to this Storyline's schema
    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS src", (str(base),))
    conn.create_function("copy_key", 2, copy_key, deterministic=True)
    conn.create_function("copy_evidence", 2, copy_evidence, deterministic=True)
    conn.create_function("doc_of_key", 1, lambda key: key.rsplit(":", 2)[0], deterministic=True)
    check_mapping(conn)
    have = conn.execute("SELECT COUNT(DISTINCT id) FROM documents").fetchone()[0]
    if articles < have:
        sys.exit(f"grow_store: the source already has {have} articles, more than {articles}")
    per_copy = have
    before = table_counts(conn)
    offsets = spans(conn)
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_fts_insert'"
                           ).fetchone()[0]
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER documents_fts_insert")
    copy = 1
    while have < articles:
        copy += 1
        partial = articles - have < per_copy
        if partial:
            choose_part(conn, articles - have)
        add_copy(conn, copy, offsets, partial)
        have = conn.execute("SELECT COUNT(DISTINCT id) FROM documents").fetchone()[0]
        print(f"copy {copy}{' (partial)' if partial else ''}: {have} articles, "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
    conn.execute(trigger)
    conn.execute("COMMIT")
    conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')")
    after = table_counts(conn)
    conn.execute("DETACH DATABASE src")
    conn.close()
    for leftover in (base, *(base.with_name(base.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    store = open_store(out)
    problems = store.check_integrity()
    store.close()
    print(f"{out}: {have} articles in {copy} copies, {time.perf_counter() - started:.0f} s; "
          f"check_integrity: {problems or 'sound'}")
    print("| table | source rows | grown rows |\n|---|---:|---:|")
    for table in after:
        print(f"| {table} | {before[table]:,} | {after[table]:,} |")
    if problems:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the analysed store to grow (not changed)")
    parser.add_argument("--out", type=Path, required=True, help="the grown store to write (must not exist)")
    parser.add_argument("--articles", type=int, required=True, help="how many articles the grown store holds")
    args = parser.parse_args()
    grow(args.db, args.out, args.articles)


if __name__ == "__main__":
    main()
