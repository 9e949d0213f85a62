"""A document's date as `storyline dates DOC` shows it: the date, how it was found, and its time expressions."""

from __future__ import annotations

import json
from typing import Any

from storyline.errors import StoreError
from storyline.store import Row, Store


def date_report(store: Store, doc_id: str) -> dict[str, Any]:
    """The document's date, its basis and evidence, and every expression with its TimeML value."""
    doc, rows = store.document_timexes(doc_id)
    if doc is None:
        raise StoreError(f"no document {doc_id!r} in the store; `storyline docs` lists the ids")
    dating = store.dating_of(doc["pk"])
    return {
        "id": doc["id"], "published": doc["published"], "published_basis": doc["published_basis"],
        "published_confidence": doc["published_confidence"],
        "basis": dating["basis"] if dating else doc["published_basis"],
        "best_day": dating["best_day"] if dating else None,
        "evidence": json.loads(dating["evidence"]) if dating else [],
        "timexes": [timex_record(r) for r in rows],
    }


def timex_record(row: Row) -> dict[str, Any]:
    """A stored expression as the `dates` command and the JSON export show it (the export adds its id and
    document)."""
    return {"start": row["start"], "end": row["end"], "text": row["text"], "type": row["type"], "value": row["value"],
            "kind": row["kind"], "mod": row["mod"], "tense": row["tense"], "signal": row["signal"],
            "anchor": row["anchor"]}
