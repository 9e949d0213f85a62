"""Corpus step `events`: one event per real happening, merged from its mentions across documents.

After each run it reads the newest event mentions of every document and
1. links each participant to the canonical actor of the actor mention it refers to (storyline.corpus.actors ran
   first);
2. puts each mention on the calendar: its own time expression as stored now (the dating step may have resolved it
   again since the events stage ran), else its document's date at the precision the stage gave;
3. finds syndicated and near-duplicate copies among the documents (storyline.events.copies);
4. merges mentions of one real event (storyline.events.merge: same type, overlapping participants, compatible dates,
   similar wording) and writes one `events` row per cluster: type, mode, status, date, actors, targets, place, a
   one-line summary and the number of independent sources (copies count once).
It recomputes everything from the stored mentions, so running it again gives the same store; event ids are kept
across runs through `event_keys`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.corpus.keys import assign_ids
from storyline.corpus.step import CorpusStep
from storyline.corpus.summary import summarize
from storyline.events.copies import copy_groups, independent_sources
from storyline.events.merge import MergeItem, cluster_events, params_for
from storyline.periods import PRECISION_RANK, Calendar, calendar_of
from storyline.store import EventResults, Row, Store

# When mentions of one event disagree on status, the one the newest report gives wins (a planned visit that
# then happened is "occurred"); among reports of the same day, this order breaks the tie.
STATUS_RANK = {"occurred": 0, "cancelled": 1, "denied": 2, "planned": 3, "negated": 4, "hypothetical": 5}


def mention_calendar(row: Row) -> Calendar:
    """A mention's date now: its time expression's current value, else its document's date at the stage's
    (coarser) precision; None when neither is known."""
    if row["date_source"] == "timex" and row["timex_value"]:
        found = calendar_of(row["timex_value"])
        if found.date is not None:
            return found
    published = (row["published"] or "")[:10]
    if not published:
        return Calendar(None, None, None)
    known = calendar_of(published)  # an inferred date may be a month or a year only
    precision = row["date_precision"] if row["date_source"] == "document" else None
    coarsest = max(precision or "week", known.precision or "year", key=lambda p: PRECISION_RANK.get(p, 4))
    return Calendar(known.date, None, coarsest)


def actor_at(mentions: list[tuple[int, int, int]], start: int | None, end: int | None) -> int | None:
    """The canonical actor of the actor mention that overlaps start:end most (the innermost on a tie)."""
    if start is None or end is None:
        return None
    best, best_overlap = None, 0
    for m_start, m_end, actor_id in mentions:
        overlap = min(end, m_end) - max(start, m_start)
        if overlap > best_overlap or (overlap == best_overlap and overlap > 0 and best is not None
                                      and m_end - m_start < best[1] - best[0]):
            best, best_overlap = (m_start, m_end, actor_id), overlap
    return best[2] if best else None


def link_participants(index: dict[int, list[tuple[int, int, int]]], participants: dict[int, list[Row]],
                      doc_of: dict[int, int]) -> tuple[dict[int, list[tuple[str, int]]], list[tuple[int | None, int]]]:
    """(role, actor id) of each mention's participants, and (actor id, participant pk) for the store."""
    linked: dict[int, list[tuple[str, int]]] = {}
    updates = []
    for mention_pk, rows in participants.items():
        mentions = index.get(doc_of[mention_pk], [])
        for row in rows:
            actor_id = actor_at(mentions, row["ref_start"], row["ref_end"])
            if actor_id is None:
                actor_id = actor_at(mentions, row["start"], row["end"])
            updates.append((actor_id, row["pk"]))
            if actor_id is not None:
                linked.setdefault(mention_pk, []).append((row["role"], actor_id))
    return linked, updates


def merge_item(row: Row, linked: list[tuple[str, int]], when: Calendar) -> MergeItem:
    vector = np.frombuffer(row["vector"], dtype=np.float16).astype(np.float32) if row["vector"] else None
    locations = [a for role, a in linked if role == "location"]
    return MergeItem(
        key=row["pk"], doc=row["doc"], type=row["type"], lemma=row["lemma"],
        actors=frozenset(a for role, a in linked if role == "actor"),
        targets=frozenset(a for role, a in linked if role == "target"),
        location=locations[0] if locations else None,
        date=when.date, date_end=when.date_end, precision=when.precision, status=row["status"], mode=row["mode"],
        vector=vector)


def _by_count(values: list) -> list:
    """Distinct values, most frequent first (first seen on a tie)."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], values.index(v)))


def event_record(members: list[Row], linked: dict[int, list[tuple[str, int]]],
                 calendars: dict[int, Calendar], groups: dict[str, str], outlets: dict[str, str | None],
                 names: dict[int, tuple[str, str]]) -> dict:
    """One event from its mentions: majority type and mode, the newest report's status, the most precise date,
    participants by frequency, a summary and the independent sources."""
    types = _by_count([m["type"] for m in members])
    modes = _by_count([m["mode"] for m in members if m["mode"]])
    newest = sorted(members, key=lambda m: (-_day_number(m["published"]), STATUS_RANK.get(m["status"], 9)))
    dated = sorted((calendars[m["pk"]] for m in members if calendars[m["pk"]].date),
                   key=lambda c: (PRECISION_RANK.get(c.precision, 4), c.date_end is None))
    best = dated[0] if dated else Calendar(None, None, None)
    same = [c for c in dated if c.precision == best.precision]
    when = Counter(same).most_common(1)[0][0] if same else best
    roles: dict[str, list[int]] = defaultdict(list)
    for m in members:
        for role, actor_id in linked.get(m["pk"], []):
            roles[role].append(actor_id)
    actors = _by_count(roles["actor"])
    targets = [a for a in _by_count(roles["target"]) if a not in actors]
    locations = _by_count(roles["location"])
    record = {
        "type": types[0], "mode": modes[0] if modes else None, "status": newest[0]["status"],
        "date": when.date, "date_end": when.date_end, "date_precision": when.precision,
        "actors": actors, "targets": targets, "location": locations[0] if locations else None,
        "mentions": len(members),
        "sources": independent_sources([m["doc"] for m in members], groups, outlets),
    }
    record["summary"] = summarize(record, names, members[0]["text"])
    return record


def _day_number(published: str | None) -> int:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return 0


def place_test(places: dict[int, tuple[str, str | None]]) -> Callable[[Hashable, Hashable], bool]:
    """Whether two place actors can be the place of one event: the same place, or a country and a place in it
    ("in Kyiv" / "in Ukraine"). `places`: (gazetteer key, country) by actor id."""

    def same_place(a: Hashable, b: Hashable) -> bool:
        if a == b:
            return True
        (key_a, country_a), (key_b, country_b) = places.get(a, ("", None)), places.get(b, ("", None))
        if country_a is None or country_a != country_b:
            return False
        return key_a.startswith("country:") or key_b.startswith("country:")

    return same_place


@dataclass
class EventSnapshot:
    """What the events step reads: the newest event mentions and their participants, the documents (for copies
    and outlets), the canonical actors' mention spans, places and names, and the ids mention keys had before."""

    mentions: list[Row]
    participants: dict[int, list[Row]]
    documents: list[Row]
    actor_spans: dict[int, list[tuple[int, int, int]]]
    places: dict[int, tuple[str, str | None]]
    names: dict[int, tuple[str, str]]
    known: dict[str, int]
    embedder: str = "spacy"  # the run's setting `embedder`: whose clause vectors these are (merge parameters)


def run_embedder(store: Store, run_id: int) -> str:
    """The clause embedder the run was started with ("spacy" for runs from before the setting, or unknown)."""
    request = store.run_request(run_id)
    return str(request[0].get("embedder", "spacy")) if request else "spacy"


def read_events(store: Store, run_id: int) -> EventSnapshot:
    return EventSnapshot(store.latest_event_mentions(), store.latest_event_participants(),
                         store.latest_document_sources(), store.actor_mention_spans(), store.actor_places(),
                         store.actor_names(), store.known_keys("event"), run_embedder(store, run_id))


def compute_events(snapshot: EventSnapshot) -> EventResults:
    """Link participants to actors, find copies, merge mentions into events and build each event's record."""
    rows = snapshot.mentions
    groups = copy_groups((d["id"], d["text"]) for d in snapshot.documents)
    outlets = {d["id"]: d["source"] for d in snapshot.documents}
    linked, participant_actors = link_participants(snapshot.actor_spans, snapshot.participants,
                                                   {r["pk"]: r["doc_pk"] for r in rows})
    calendars = {r["pk"]: mention_calendar(r) for r in rows}
    items = [merge_item(r, linked.get(r["pk"], []), calendars[r["pk"]]) for r in rows]
    by_pk = {r["pk"]: r for r in rows}
    found = cluster_events(items, params_for(snapshot.embedder), same_place=place_test(snapshot.places))
    clusters = [[by_pk[k] for k in cluster] for cluster in found]
    keys = [[f"{m['doc']}:{m['start']}:{m['end']}" for m in members] for members in clusters]
    ids, remembered = assign_ids(snapshot.known, keys)
    events = [{"id": event_id, **event_record(members, linked, calendars, groups, outlets, snapshot.names)}
              for event_id, members in zip(ids, clusters, strict=True)]
    return EventResults(events, [[m["pk"] for m in members] for members in clusters], participant_actors, groups,
                        remembered)


def write_events(store: Store, run_id: int, results: EventResults) -> dict[str, int]:
    store.replace_events(run_id, results)
    copies = sum(1 for doc_id, group in results.copies.items() if doc_id != group)
    return {"events": len(results.events), "event mentions": sum(map(len, results.members)), "copies": copies}


STEP = CorpusStep("events", ("event_mentions", "actor_mentions"), read_events, compute_events, write_events,
                  "merge event mentions across documents into events with independent sources")
