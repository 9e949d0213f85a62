"""The `events` section of the JSON export: one record per real event, with every mention it was read from.

Each mention is a span of its document (the trigger: "met", "phone call") with the clause around it, the status
that mention gives and who reports it, so a reader can check every event against the exact characters it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storyline.store import Row, Store


def _entity(actor_id: int | None) -> str | None:
    return f"e{actor_id}" if actor_id is not None else None


def mention_record(row: Row, reporters: dict[int, list[int]]) -> dict[str, Any]:
    return {"doc": row["doc"], "start": row["start"], "end": row["end"], "text": row["text"],
            "status": row["status"], "clause": {"start": row["clause_start"], "end": row["clause_end"]},
            "reporters": [f"e{a}" for a in reporters.get(row["pk"], [])]}


def event_record(event: dict[str, Any], mentions: list[Row], reporters: dict[int, list[int]]) -> dict[str, Any]:
    """One event (a row of store.events) with its mentions, per the export contract."""
    return {
        "id": f"v{event['id']}",
        "type": event["type"],
        "mode": event["mode"],
        "date": event["date"],
        "date_end": event["date_end"],
        "date_precision": event["date_precision"],
        "status": event["status"],
        "actors": [f"e{a}" for a in event["actors"]],
        "targets": [f"e{a}" for a in event["targets"]],
        "location": _entity(event["location"]),
        "summary": event["summary"],
        "mentions": [mention_record(m, reporters) for m in mentions],
        "sources": event["sources"],
        "salience": event["salience"],
    }


def export_events(store: Store) -> Iterator[dict[str, Any]]:
    """Events in timeline order (undated last), per the export contract."""
    mentions = store.event_mentions_of()
    reporters = store.reporters_by_mention()
    for event in store.events():
        yield event_record(event, mentions.get(event["id"], []), reporters)
