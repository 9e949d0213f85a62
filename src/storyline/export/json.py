"""The JSON export, version 1 (see docs/export.schema.json and the export contract).

Ids are stable across exports of the same store: documents keep their own ids, entities use the
store's entity row ids. Sections whose stage does not exist yet are present and empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from storyline.store import SQLiteStore
from storyline.store.sqlite import now

FORMAT = "storyline-export"
VERSION = 1


def export_documents(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    for row in store.latest_documents():
        yield {
            "id": row["id"],
            "title": row["title"],
            "source": row["source"],
            "url": row["url"],
            "published": row["published"],
            "published_basis": row["published_basis"],
            "published_confidence": row["published_confidence"],
            "text": row["text"],
            "flags": json.loads(row["flags"]),
            "removed": json.loads(row["removed"]),
            "version": row["version"],
        }


def export_entities(store: SQLiteStore) -> Iterator[dict[str, Any]]:
    for entity_id, rows in groupby(store.entity_mentions(), key=lambda r: r["entity_id"]):
        rows = list(rows)
        aliases = sorted({r["text"] for r in rows} - {rows[0]["name"]})
        yield {
            "id": f"e{entity_id}",
            "name": rows[0]["name"],
            "type": rows[0]["type"],
            "aliases": aliases,
            "roles": [],
            "country": None,
            "geo": None,
            "mentions": [{"doc": r["doc"], "start": r["start"], "end": r["end"]} for r in rows],
        }


def build_export(store: SQLiteStore) -> dict[str, Any]:
    """The whole story as stored, as one JSON-ready dict."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated": now(),
        "documents": list(export_documents(store)),
        "entities": list(export_entities(store)),
        "quotes": [],
        "events": [],
        "claims": [],
    }


def write_export(store: SQLiteStore, out: Path | IO[str]) -> dict[str, Any]:
    """Write the export to a path or an open text stream; return it."""
    data = build_export(store)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
    else:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return data
