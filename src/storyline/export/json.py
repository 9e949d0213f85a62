"""The JSON export, version 1 (see docs/export.schema.json and the export contract).

Ids are stable across exports of the same store: documents keep their own ids, entities are canonical actors
with the ids the actors step keeps for them across runs, events with the ids the events step keeps.
Sections whose stage does not exist yet are present and empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from storyline.actors.containment import container_key
from storyline.export.claims import claim_records, copy_records, flag_records, thread_records
from storyline.export.dates import timex_record
from storyline.export.events import export_events
from storyline.export.quotes import quote_record
from storyline.store import Row, Store
from storyline.store.common import now

FORMAT = "storyline-export"
VERSION = 1


def document_record(row: Row, flagged: list[dict[str, Any]]) -> dict[str, Any]:
    """One document with its text; `flags` lists the cleaning flags and the source flags (machine_translated,
    spun ...), and `flag_evidence` each source flag's likelihood and the spans that raised it (`flagged`: the
    document's records from storyline.export.claims.flag_records)."""
    return {
        "id": row["id"],
        "title": row["title"],
        "title_basis": row["title_basis"],
        "source": row["source"],
        "url": row["url"],
        "published": row["published"],
        "published_basis": row["published_basis"],
        "published_confidence": row["published_confidence"],
        "text": row["text"],
        "flags": json.loads(row["flags"]) + [f["flag"] for f in flagged],
        "flag_evidence": flagged,
        "removed": json.loads(row["removed"]),
        "version": row["version"],
    }


def export_documents(store: Store) -> Iterator[dict[str, Any]]:
    """Every document's record (document_record), newest versions only."""
    source_flags = flag_records(store)
    for row in store.latest_documents():
        yield document_record(row, source_flags.get(row["id"], []))


def export_entities(store: Store) -> Iterator[dict[str, Any]]:
    """Canonical actors (storyline.corpus.actors): one entity per person, organisation or place, whatever the
    spelling, with its aliases, roles (with their sources), country, coordinates and every mention."""
    for actor, mentions, roles in store.actors_for_export():
        sources: dict[str, list[dict[str, Any]]] = {}
        for role in roles:
            sources.setdefault(role["role"].lower(), []).append(
                {"doc": role["doc"], "start": role["start"], "end": role["end"]})
        summary = json.loads(actor["roles"])
        geo = None
        if actor["lat"] is not None:  # a feature no gazetteer lists, placed in its town: the town's point, approximate
            geo = {"lat": actor["lat"], "lon": actor["lon"], "geonames_id": actor["geonames_id"],
                   "approximate": container_key(actor["place"]) is not None}
        yield {
            "id": f"e{actor['id']}",
            "name": actor["name"],
            "type": actor["type"],
            "aliases": json.loads(actor["aliases"]),
            "roles": [r["role"] for r in summary],
            "role_sources": [{"role": r["role"], "conflict": r["conflict"],
                              "sources": sources.get(r["role"].lower(), [])} for r in summary],
            "country": actor["country"],
            "geo": geo,
            "mentions": [{"doc": m["doc"], "start": m["start"], "end": m["end"], "kind": m["usage"]} for m in mentions],
        }


def export_quotes(store: Store) -> Iterator[dict[str, Any]]:
    """Quotes with their speaker's entity and their date (storyline.export.quotes)."""
    for row in store.quotes():
        yield quote_record(row)


def export_timexes(store: Store) -> Iterator[dict[str, Any]]:
    """Time expressions with their TimeML type and value (resolved against the document's date)."""
    for row in store.timexes_for_export():
        yield {"id": f"t{row['pk']}", "doc": row["doc"], **timex_record(row)}


def build_export(store: Store) -> dict[str, Any]:
    """The whole story as stored, as one JSON-ready dict."""
    documents = list(export_documents(store))
    entities = list(export_entities(store))
    timexes = list(export_timexes(store))
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated": now(),
        "documents": documents,
        "entities": entities,
        "quotes": list(export_quotes(store)),
        "events": list(export_events(store)),
        "claims": list(claim_records(store)),
        "quantity_threads": thread_records(store),
        "copies": copy_records(store),
        "timexes": timexes,
    }


def write_export(store: Store, out: Path | IO[str]) -> dict[str, Any]:
    """Write the export to a path or an open text stream; return it."""
    data = build_export(store)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
    else:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return data
