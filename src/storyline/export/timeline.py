"""The story in order: the timeline `storyline timeline` prints, and its Markdown briefing.

Entries are events (storyline.corpus.events) ordered by date, each with its summary, status and sources: the
documents and the exact clause every mention came from. Past and planned events both appear, marked by status.
"""

from __future__ import annotations

from typing import Any

from storyline.events.salience import EVENTS_PER_DAY, day_weight
from storyline.periods import ESTIMATED
from storyline.store import EventFilter, Store

# Precisions whose events a digest puts on their day: a day the text names, and a likely day estimated from the
# publication days (at a lower salience: storyline.events.salience). A week or a month is no day of the story.
DIGEST_PRECISIONS = frozenset({"day", ESTIMATED})

STATUS_MARK = {"occurred": "", "planned": "planned", "cancelled": "cancelled or postponed", "denied": "denied",
               "negated": "did not happen", "hypothetical": "hypothetical"}


def timeline_entries(store: Store, actor: str | None = None, start: str | None = None, end: str | None = None,
                     event_type: str | None = None, actor_ids: set[int] | None = None,
                     in_story: bool = False, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Events in date order (undated last), filtered in the store by an actor's name or alias (or ids: as actor,
    target or place), a date window the event overlaps and a type; `in_story` keeps the events that name who did
    them and happened or may happen (store.events.STORY_CONDITION): "the deployment" or "if Moscow invades" read
    as noise in a story."""
    wanted = store.actor_ids_named(actor) if actor else (sorted(actor_ids) if actor_ids is not None else None)
    events = store.events(EventFilter(actor_ids=wanted, start=start, end=end, type=event_type,
                                      in_story=in_story, limit=limit, offset=offset))
    names = {actor_id: name for actor_id, (name, _type) in store.actor_names().items()}
    mentions = store.event_mentions_of([e["id"] for e in events])
    return [{
        "id": f"v{event['id']}", "date": event["date"], "date_end": event["date_end"],
        "date_precision": event["date_precision"], "status": event["status"], "type": event["type"],
        "mode": event["mode"], "summary": event["summary"],
        "actors": [names.get(a, f"e{a}") for a in event["actors"]],
        "targets": [names.get(a, f"e{a}") for a in event["targets"]],
        "location": names.get(event["location"]) if event["location"] is not None else None,
        "sources": event["sources"], "salience": event["salience"], "in_story": bool(event["in_story"]),
        "documents": len({m["doc"] for m in mentions.get(event["id"], [])}),
        "outlets": len({(m["source"] or m["doc"]).strip().lower() for m in mentions.get(event["id"], [])}),
        "mentions": [{"doc": m["doc"], "source": m["source"], "title": m["title"], "start": m["start"],
                      "end": m["end"], "status": m["status"], "clause": " ".join(m["clause"].split())}
                     for m in summary_first(mentions.get(event["id"], []), event["summary"])],
    } for event in events]


def summary_first(mentions: list, summary: str) -> list:
    """The mentions in document order, the one the summary was cut from first: the passage a reader sees beside the
    summary (a digest shows one) is then the one that says it."""
    wanted = " ".join(summary.casefold().split())
    lead = next((m for m in mentions if m["gist"] and " ".join(m["gist"].casefold().split()) == wanted), None)
    return mentions if lead is None else [lead, *(m for m in mentions if m is not lead)]


def most_salient(entries: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The `count` most salient entries (storyline.events.salience), kept in their date order: the story's main
    events, as the default timeline shows them."""
    ranked = sorted(range(len(entries)), key=lambda i: (-(entries[i]["salience"] or 0.0), i))[:count]
    return [entries[i] for i in sorted(ranked)]


def when(entry: dict[str, Any]) -> str:
    """The date as a reader wants it: a day, an estimated day ("about 2022-02-24"), a range, or a coarser period."""
    if entry["date"] is None:
        return "undated"
    first = entry["date"]
    shown = {"month": first[:7], "year": first[:4]}.get(entry["date_precision"] or "", first)
    if entry["date_precision"] == "week":
        shown = f"week of {first}"
    elif entry["date_precision"] == ESTIMATED:
        shown = f"about {first}"
    if entry["date_end"] and entry["date_end"] != first:
        shown = f"{first} to {entry['date_end']}"
    return shown


def markdown_briefing(entries: list[dict[str, Any]], title: str = "Storyline briefing") -> str:
    """A briefing a person can read: events by date, each with its status and the passages that report it."""
    lines = [f"# {title}", ""]
    dated = [e for e in entries if e["date"]]
    if dated:
        lines += [f"{len(entries)} events from {dated[0]['date']} to {max(e['date_end'] or e['date'] for e in dated)}."
                  " Each event lists its independent sources (copies of one article count once) and the passages it"
                  " was read from.", ""]
    current = None
    for entry in entries:
        heading = when(entry)
        if heading != current:
            lines += ["", f"## {heading}", ""] if lines[-1] else [f"## {heading}", ""]
            current = heading
        mark = STATUS_MARK.get(entry["status"], entry["status"])
        label = ", ".join(x for x in (entry["type"], entry["mode"], mark) if x)
        plural = "s" if entry["sources"] != 1 else ""
        lines.append(f"- **{entry['summary']}** ({label}; {entry['sources']} source{plural})")
        for mention in entry["mentions"][:3]:
            source = mention["source"] or mention["title"] or mention["doc"]
            lines.append(f"  - {source}: “{mention['clause']}” [{mention['doc']}:{mention['start']}]")
        if len(entry["mentions"]) > 3:
            lines.append(f"  - and {len(entry['mentions']) - 3} more mentions")
    return "\n".join(lines).rstrip() + "\n"


def digest(entries: list[dict[str, Any]], days: int = 10) -> list[dict[str, Any]]:
    """The `days` most important days of the story, in date order, each with its one to three most salient events
    (storyline.events.salience). Only events placed on a day count (DIGEST_PRECISIONS): a day the text names or a
    likely day estimated from the reports' publication days, which weighs less through its salience."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["date"] and entry["date_precision"] in DIGEST_PRECISIONS:
            by_day.setdefault(entry["date"], []).append(entry)
    weights = {day: day_weight(e["salience"] or 0.0 for e in found) for day, found in by_day.items()}
    chosen = sorted(sorted(by_day, key=lambda day: (-weights[day], day))[:days])
    return [{"date": day, "weight": round(weights[day], 3),
             "events": sorted(by_day[day], key=lambda e: -(e["salience"] or 0.0))[:EVENTS_PER_DAY]}
            for day in chosen]


def markdown_digest(days: list[dict[str, Any]], title: str = "Storyline digest") -> str:
    """The digest as a short briefing: each important day with its main events, their status and sources."""
    lines = [f"# {title}", ""]
    for day in days:
        lines += [f"## {day['date']}", ""]
        for entry in day["events"]:
            mark = STATUS_MARK.get(entry["status"], entry["status"])
            lines.append(f"- **{entry['summary']}**{f' ({mark})' if mark else ''}: {reported_by(entry)}")
            for mention in entry["mentions"][:1]:
                source = mention["source"] or mention["title"] or mention["doc"]
                lines.append(f"  - {source}: “{mention['clause']}” [{mention['doc']}:{mention['start']}]")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def reported_by(entry: dict[str, Any]) -> str:
    """"3 sources", or "19 sources, 1 outlet" when fewer outlets than sources report it: sources are independent
    reports (copies count once), outlets say how widely they spread."""
    sources = f"{entry['sources']} source{'s' if entry['sources'] != 1 else ''}"
    outlets = entry.get("outlets", entry["sources"])
    return f"{sources}, {outlets} outlet{'s' if outlets != 1 else ''}" if outlets < entry["sources"] else sources
