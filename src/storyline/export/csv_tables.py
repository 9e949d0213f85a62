"""The CSV export: the JSON export's records as flat tables, one CSV file per table, for spreadsheets and R/pandas.

Every row comes from `build_export` (storyline.export.json), so the tables say what the JSON contract says and
nothing else: same ids, same `(doc, start, end)` spans into the document's `text`. A table holds no list or dict
values: lists become `;`-joined cells (actor ids, aliases, flags), and the nested lists of the JSON (an event's
mentions, a claim's reports and contradictions, a quantity thread's reports, copies) become tables of their own
keyed by the parent's id. Files are UTF-8 with a header row, quoted as RFC 4180 says (the csv module); an empty
cell is a null, booleans are `true` / `false`.

Left out: a document's `removed` boilerplate and `flag_evidence` spans, an entity's `role_sources`, and an event
mention's `reporters` beyond their ids; the JSON export has them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from storyline.export.json import build_export
from storyline.store import Store

Record = dict[str, Any]
Rows = Callable[[Record], Iterator[Record]]


def cell(value: Any) -> str:
    """One value as a CSV cell: '' for null, true/false, lists joined with ';'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(cell(v) for v in value)
    return str(value)


def _entities(data: Record) -> Iterator[Record]:
    for e in data["entities"]:
        geo = e["geo"] or {}
        yield {**e, "lat": geo.get("lat"), "lon": geo.get("lon"), "geonames_id": geo.get("geonames_id"),
               "mentions": len(e["mentions"])}


def _mentions(data: Record) -> Iterator[Record]:
    for e in data["entities"]:
        for m in e["mentions"]:
            yield {"entity": e["id"], **m}


def _events(data: Record) -> Iterator[Record]:
    for v in data["events"]:
        yield {**v, "mentions": len(v["mentions"])}


def _event_mentions(data: Record) -> Iterator[Record]:
    for v in data["events"]:
        for m in v["mentions"]:
            yield {"event": v["id"], **m, "clause_start": m["clause"]["start"], "clause_end": m["clause"]["end"]}


def _claims(data: Record) -> Iterator[Record]:
    for c in data["claims"]:
        yield {**c, "mentions": len(c["mentions"]), "contradicts": [x["claim"] for x in c["contradicts"]]}


def _claim_reports(data: Record) -> Iterator[Record]:
    for c in data["claims"]:
        for m in c["mentions"]:
            yield {"claim": c["id"], **m}


def _contradictions(data: Record) -> Iterator[Record]:
    for c in data["claims"]:
        for x in c["contradicts"]:
            yield {"claim": c["id"], "other": x["claim"], "reason": x["reason"], "evidence": x["evidence"]}


def _threads(data: Record) -> Iterator[Record]:
    for t in data["quantity_threads"]:
        yield {**t, "reports": len(t["reports"])}


def _thread_reports(data: Record) -> Iterator[Record]:
    for t in data["quantity_threads"]:
        for r in t["reports"]:
            yield {"thread": t["id"], **r}


def _copies(data: Record) -> Iterator[Record]:
    for group in data["copies"]:
        for doc in group["copies"]:
            yield {"original": group["original"], "copy": doc, "kind": group["kind"]}


def _plain(section: str) -> Rows:
    def rows(data: Record) -> Iterator[Record]:
        yield from data[section]
    return rows


# file stem -> (columns in order, rows). A count column (`mentions`, `reports`) counts the rows of the child table.
TABLES: dict[str, tuple[tuple[str, ...], Rows]] = {
    "documents": (("id", "title", "title_basis", "source", "url", "published", "published_basis",
                   "published_confidence", "version", "flags", "text"), _plain("documents")),
    "entities": (("id", "name", "type", "aliases", "roles", "country", "lat", "lon", "geonames_id", "mentions"),
                 _entities),
    "mentions": (("entity", "doc", "start", "end", "kind"), _mentions),
    "quotes": (("id", "doc", "start", "end", "text", "speaker", "speaker_text", "speaker_start", "speaker_end",
                "cue", "kind", "anonymous", "date", "date_source", "medium"), _plain("quotes")),
    "events": (("id", "type", "mode", "date", "date_end", "date_precision", "status", "actors", "targets",
                "location", "summary", "mentions", "sources", "salience"), _events),
    "event_mentions": (("event", "doc", "start", "end", "text", "status", "clause_start", "clause_end",
                        "reporters"), _event_mentions),
    "claims": (("id", "text", "kind", "polarity", "claimant", "claimant_text", "event", "date", "mentions",
                "reports", "sources", "disputed", "supports", "contradicts"), _claims),
    "claim_reports": (("claim", "doc", "start", "end", "speaker_text", "date", "copy_of"), _claim_reports),
    "contradictions": (("claim", "other", "reason", "evidence"), _contradictions),
    "quantity_threads": (("id", "label", "unit", "holder", "measure", "sources", "reports"), _threads),
    "quantity_reports": (("thread", "doc", "start", "end", "text", "value", "low", "high", "approximation",
                          "claim", "claimant", "claimant_text", "date", "source"), _thread_reports),
    "copies": (("original", "copy", "kind"), _copies),
    "timexes": (("id", "doc", "start", "end", "text", "type", "value", "kind", "mod", "tense", "signal", "anchor"),
                _plain("timexes")),
}


def table_rows(data: Record, name: str) -> Iterator[list[str]]:
    """The rows of one table (without its header) as lists of cells, from an export dict."""
    columns, rows = TABLES[name]
    for record in rows(data):
        yield [cell(record.get(column)) for column in columns]


def write_tables(data: Record, folder: Path) -> dict[str, int]:
    """Write every table of an export dict as FOLDER/NAME.csv (the folder is created); return the row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (columns, _) in TABLES.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            counts[name] = 0
            for row in table_rows(data, name):
                writer.writerow(row)
                counts[name] += 1
    return counts


def write_csv_export(store: Store, folder: Path) -> dict[str, int]:
    """Export the store as CSV tables into `folder`; return the row count of each table."""
    return write_tables(build_export(store), folder)
