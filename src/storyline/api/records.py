"""The records the API returns, built from the store with the export's own record functions, so that a record here
equals the JSON export's record for the same id (tests/test_api.py checks it). Detail
endpoints add keys (`quotes`, `passages` ...) beside the export's keys; they never change the export's."""

from __future__ import annotations

from typing import Any

from storyline.events.salience import EVENTS_PER_DAY
from storyline.export.actors import stated_roles
from storyline.export.claims import claim_record, claim_records, flag_record
from storyline.export.dates import date_report
from storyline.export.events import event_record
from storyline.export.json import document_record
from storyline.export.quotes import quote_record
from storyline.export.timeline import DIGEST_PRECISIONS, digest, summary_first
from storyline.store import ClaimFilter, EventFilter, Store

NETWORK_NEIGHBOURS = 30  # an actor page draws the actor and at most this many others


def document_detail(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The document record with the ids of its quotes, events and claims; None for an unknown document."""
    versions = store.document_versions(doc_id)
    if not versions:
        return None
    record = document_record(versions[-1], [flag_record(row) for row in store.document_flags(doc_id)])
    record["quotes"] = [f"q{row['pk']}" for row in store.quotes(doc=doc_id)]
    record["events"] = [f"v{i}" for i in store.event_ids_in(doc_id)]
    record["claims"] = [f"c{i}" for i in store.claim_ids_in(doc_id)]
    record["findings"] = document_findings(store, doc_id)
    dating = date_report(store, doc_id)
    record["dating"] = {key: dating[key] for key in ("basis", "best_day", "evidence", "published_confidence")}
    return record


def document_findings(store: Store, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """What the reader highlights in a document, each with its offsets into the text and what it links to:
    actor mentions (resolved to an actor), quotes with their speaker, time expressions with their value, and
    event mentions with their event."""
    _doc, timexes = store.document_timexes(doc_id)
    return {
        "actors": [{"start": r["start"], "end": r["end"], "text": r["text"], "actor": f"e{r['actor_id']}",
                    "name": r["actor_name"], "type": r["actor_type"]} for r in store.actor_mentions_in(doc_id)],
        "quotes": [quote_record(row) for row in store.quotes(doc=doc_id)],
        "times": [{"start": r["start"], "end": r["end"], "text": r["text"], "type": r["type"], "value": r["value"]}
                  for r in timexes],
        "events": [{"start": r["start"], "end": r["end"], "text": r["text"], "event": f"v{r['event_id']}",
                    "summary": r["summary"], "type": r["type"], "status": r["event_status"]}
                   for r in store.event_mentions_in(doc_id)],
    }


def event_records(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events (rows of store.events) as the JSON export writes them, reading only these events' mentions."""
    mentions = store.event_mentions_of([e["id"] for e in events]) if events else {}
    pks = [m["pk"] for rows in mentions.values() for m in rows]
    reporters = store.reporters_by_mention(pks) if pks else {}
    return [event_record(e, mentions.get(e["id"], []), reporters) for e in events]


def event_detail(store: Store, event_id: int) -> dict[str, Any] | None:
    """The event record with `passages` (each mention's clause with its document's title, outlet and date),
    `entities` (the names and types of its actors, targets and place), and how many documents and outlets report
    it beside its independent `sources` (copies of one article count once)."""
    events = store.events(EventFilter(ids=[event_id]))
    if not events:
        return None
    record = event_records(store, events)[0]
    record["passages"] = [{"doc": m["doc"], "start": m["clause_start"], "end": m["clause_end"], "text": m["clause"],
                           "title": m["title"], "source": m["source"], "published": m["published"]}
                          for m in store.event_mentions_of([event_id]).get(event_id, [])]
    named = [*events[0]["actors"], *events[0]["targets"]]
    if events[0]["location"] is not None:
        named.append(events[0]["location"])
    record["entities"] = {f"e{a['id']}": {"name": a["name"], "type": a["type"]} for a in store.actors(ids=named)}
    record["documents"] = len({p["doc"] for p in record["passages"]})
    record["outlets"] = len({(p["source"] or p["doc"]).strip().casefold() for p in record["passages"]})
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


ROLE_SOURCES = 5  # passages an actor's page shows per role; `count` says how many there are


def actor_detail(store: Store, actor: dict[str, Any]) -> dict[str, Any]:
    """An actor's page (`actor` a row of store.actors): name, type, country, aliases, roles with their count and
    first passages, and counts of what the paged lists hold (mentions, documents, quotes, events as actor and as
    target), so that the page reads each long list a page at a time."""
    summary = store.actor_summary(int(actor["id"]))
    return {"id": f"e{actor['id']}", "name": actor["name"], "type": actor["type"], "country": actor["country"],
            "aliases": actor["aliases"], "roles": stated_roles(store, actor, ROLE_SOURCES),
            "mentions": summary["mentions"], "documents": summary["documents"],
            "first_published": summary["first_published"], "last_published": summary["last_published"],
            "quotes": summary["quotes"], "events_as_actor": summary["events_as_actor"],
            "events_as_target": summary["events_as_target"]}


def brief_events(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events (rows of store.events) as a chart or a digest shows them: brief_event with the dates' precision,
    salience, independent sources, the actors' and targets' names, and the passage the summary was read from."""
    ids = [e["id"] for e in events]
    mentions = store.event_mentions_of(ids) if ids else {}
    named = {a for e in events for a in [*e["actors"], *e["targets"]]}
    names = {a["id"]: a["name"] for a in store.actors(ids=sorted(named))} if named else {}
    records = []
    for event in events:
        lead = summary_first(mentions.get(event["id"], []), event["summary"])[:1]
        records.append({**brief_event(event), "date_end": event["date_end"],
                        "date_precision": event["date_precision"], "salience": event["salience"],
                        "sources": event["sources"],
                        "actors": [{"id": f"e{a}", "name": names.get(a)} for a in event["actors"]],
                        "targets": [{"id": f"e{a}", "name": names.get(a)} for a in event["targets"]],
                        "documents": len({m["doc"] for m in mentions.get(event["id"], [])}),
                        "passage": {"doc": lead[0]["doc"], "start": lead[0]["clause_start"],
                                    "end": lead[0]["clause_end"], "text": " ".join(lead[0]["clause"].split()),
                                    "source": lead[0]["source"], "title": lead[0]["title"]} if lead else None})
    return records


def story_digest(store: Store, days: int) -> list[dict[str, Any]]:
    """The story's `days` most important days with their main events (storyline.export.timeline.digest), read
    from the story's events without their mentions; only the chosen events are read in full."""
    leaders = store.story_event_dates(DIGEST_PRECISIONS, EVENTS_PER_DAY)  # all `digest` reads of each day
    chosen = digest([dict(row) for row in leaders], days)
    ids = [e["id"] for day in chosen for e in day["events"]]
    records = {r["id"]: r for r in brief_events(store, store.events(EventFilter(ids=ids)))} if ids else {}
    return [{"date": day["date"], "weight": day["weight"],
             "events": [records[f"v{e['id']}"] for e in day["events"]]} for day in chosen]


def actor_network(store: Store, actor_id: int) -> dict[str, list[dict[str, Any]]]:
    """The actor, the actors it most often acts on or is acted on by, and the actor -> target edges among all of
    them with their event counts: what an actor page draws."""
    neighbours = store.actor_interactions(actor_id, NETWORK_NEIGHBOURS)
    ids = [actor_id, *(row["other"] for row in neighbours)]
    actors = {a["id"]: a for a in store.actors(ids=ids)}
    nodes = [{"id": f"e{i}", "name": actors[i]["name"], "type": actors[i]["type"], "mentions": actors[i]["mentions"],
              "centre": i == actor_id} for i in ids if i in actors]
    edges = [{"source": f"e{r['source']}", "target": f"e{r['target']}", "events": r["events"]}
             for r in store.interactions_among(ids) if r["source"] in actors and r["target"] in actors]
    return {"nodes": nodes, "edges": edges}


def claim_board(store: Store, where: ClaimFilter) -> list[dict[str, Any]]:
    """A page of claims (claim_records order) grouped by subject, the event they are about (claims about no
    event are grouped by claimant), each claim with its claimant's name, its reports' words and the claims it
    contradicts with their words: what the claims board shows side by side."""
    records = list(claim_records(store, where))
    others = {int(x["claim"][1:]) for r in records for x in r["contradicts"]}
    texts = {c["id"]: c for c in store.claims(ClaimFilter(ids=sorted(others)))} if others else {}
    actor_ids = {int(r["claimant"][1:]) for r in records if r["claimant"]}
    actor_ids |= {c["claimant_id"] for c in texts.values() if c["claimant_id"] is not None}
    names = {a["id"]: a["name"] for a in store.actors(ids=sorted(actor_ids))} if actor_ids else {}
    event_ids = sorted({int(r["event"][1:]) for r in records if r["event"]})
    events = {e["id"]: e for e in store.events(EventFilter(ids=event_ids))} if event_ids else {}
    reports = store.claim_reports_of([int(r["id"][1:]) for r in records]) if records else {}
    groups: dict[str, dict[str, Any]] = {}
    for record in records:
        claim_id = int(record["id"][1:])
        event = events.get(int(record["event"][1:])) if record["event"] else None
        claimant = names.get(int(record["claimant"][1:])) if record["claimant"] else None
        key = record["event"] or f"claimant:{record['claimant'] or record['claimant_text']}"
        subject = ({"event": record["event"], "summary": event["summary"], "date": event["date"]} if event else
                   {"event": None, "summary": f"Said by {claimant or record['claimant_text'] or 'unnamed sources'}",
                    "date": None})
        group = groups.setdefault(key, {"subject": subject, "claims": []})
        group["claims"].append({
            **record, "claimant_name": claimant,
            "passages": [{"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"],
                          "source": r["source"], "title": r["title"]} for r in reports.get(claim_id, [])[:5]],
            "contradicts": [{**x, "text": texts[int(x["claim"][1:])]["text"],
                             "claimant_name": names.get(texts[int(x["claim"][1:])]["claimant_id"])}
                            for x in record["contradicts"] if int(x["claim"][1:]) in texts]})
    return list(groups.values())
