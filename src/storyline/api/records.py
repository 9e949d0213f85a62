"""The records the API returns, built from the store with the export's own record functions, so that a record here
equals the JSON export's record for the same id (tests/test_api.py checks it). Detail
endpoints add keys (`quotes`, `passages` ...) beside the export's keys; they never change the export's."""

from __future__ import annotations

from typing import Any

from storyline.export.claims import claim_record, flag_record
from storyline.export.events import event_record
from storyline.export.json import document_record
from storyline.export.quotes import quote_record
from storyline.store import ClaimFilter, EventFilter, Store


def document_detail(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The document record with the ids of its quotes, events and claims; None for an unknown document."""
    versions = store.document_versions(doc_id)
    if not versions:
        return None
    record = document_record(versions[-1], [flag_record(row) for row in store.document_flags(doc_id)])
    record["quotes"] = [f"q{row['pk']}" for row in store.quotes(doc=doc_id)]
    record["events"] = [f"v{i}" for i in store.event_ids_in(doc_id)]
    record["claims"] = [f"c{i}" for i in store.claim_ids_in(doc_id)]
    return record


def event_records(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events (rows of store.events) as the JSON export writes them, reading only these events' mentions."""
    mentions = store.event_mentions_of([e["id"] for e in events]) if events else {}
    pks = [m["pk"] for rows in mentions.values() for m in rows]
    reporters = store.reporters_by_mention(pks) if pks else {}
    return [event_record(e, mentions.get(e["id"], []), reporters) for e in events]


def event_detail(store: Store, event_id: int) -> dict[str, Any] | None:
    """The event record with `passages`: each mention's clause with its document's title, outlet and date."""
    events = store.events(EventFilter(ids=[event_id]))
    if not events:
        return None
    record = event_records(store, events)[0]
    record["passages"] = [{"doc": m["doc"], "start": m["clause_start"], "end": m["clause_end"], "text": m["clause"],
                           "title": m["title"], "source": m["source"], "published": m["published"]}
                          for m in store.event_mentions_of([event_id]).get(event_id, [])]
    return record


def brief_event(event: dict[str, Any]) -> dict[str, Any]:
    """What an actor's page lists of an event: id, date, type, status, summary."""
    return {"id": f"v{event['id']}", "date": event["date"], "type": event["type"], "status": event["status"],
            "summary": event["summary"]}


def claim_detail(store: Store, claim_id: int) -> dict[str, Any] | None:
    """The claim record with `passages`: the words of each report with its document's title and outlet."""
    claims = store.claims(ClaimFilter(ids=[claim_id]))
    if not claims:
        return None
    reports = store.claim_reports_of([claim_id]).get(claim_id, [])
    record = claim_record(claims[0], reports, store.claim_links_of([claim_id]).get(claim_id, []))
    record["passages"] = [{"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"],
                           "title": r["title"], "source": r["source"]} for r in reports]
    return record


def actor_detail(store: Store, actor_id: int, profile: dict[str, Any]) -> dict[str, Any]:
    """An actor's profile (storyline.export.actors.actor_profile) with its quotes as export records and the events
    it takes part in as actor and as target."""
    events = store.events(EventFilter(actor_ids=[actor_id]))
    return {**profile,
            "quotes": [quote_record(row) for row in store.quotes(speaker_ids=[actor_id])],
            "events_as_actor": [brief_event(e) for e in events if actor_id in e["actors"]],
            "events_as_target": [brief_event(e) for e in events if actor_id in e["targets"]]}
