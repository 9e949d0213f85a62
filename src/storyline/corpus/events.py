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

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from storyline.corpus import CORPUS_STEPS, CorpusStep
from storyline.corpus.keys import assign_ids
from storyline.corpus.summary import summarize
from storyline.events.copies import copy_groups, independent_sources
from storyline.events.merge import MergeItem, cluster_events
from storyline.store import events as event_store
from storyline.store.sqlite import SQLiteStore

# When mentions of one event disagree on status, the one the newest report gives wins (a planned visit that
# then happened is "occurred"); among reports of the same day, this order breaks the tie.
STATUS_RANK = {"occurred": 0, "cancelled": 1, "denied": 2, "planned": 3, "negated": 4, "hypothetical": 5}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


@dataclass(frozen=True)
class Calendar:
    """Where a mention stands on the calendar: first day, last day of a range (or None), and precision."""

    date: str | None
    date_end: str | None
    precision: str | None


def calendar_of(value: str | None) -> Calendar:
    """The first day and precision of a TimeML date value: 2022-01-19 (day), 2022-W05 (week), 2022-01 (month),
    2022 (year), A/B (a range of two of those). Values with unknown digits (XXXX-02-01), durations and vague
    references (PRESENT_REF) are not on the calendar."""
    if not value or "X" in value or value.startswith("P") or value.endswith("_REF"):
        return Calendar(None, None, None)
    if "/" in value:
        first, last = (calendar_of(part) for part in value.split("/", 1))
        if first.date is None:
            return Calendar(None, None, None)
        end = _last_day(value.split("/", 1)[1], last)
        return Calendar(first.date, end, first.precision)
    try:
        if "-W" in value:
            year, week = value[:4], int(value.split("-W")[1][:2])
            return Calendar(date.fromisocalendar(int(year), week, 1).isoformat(), None, "week")
        parts = value[:10].split("-")
        if len(parts) == 3:
            return Calendar(date(int(parts[0]), int(parts[1]), int(parts[2][:2])).isoformat(), None, "day")
        if len(parts) == 2 and parts[1].isdigit():
            return Calendar(date(int(parts[0]), int(parts[1]), 1).isoformat(), None, "month")
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
            return Calendar(f"{parts[0]}-01-01", None, "year")
    except ValueError:
        pass
    return Calendar(None, None, None)


def _last_day(value: str, start: Calendar) -> str | None:
    """The last day a range's second value covers (2022-01-13 -> that day; 2022-01 -> January 31)."""
    if start.date is None:
        return None
    first = date.fromisoformat(start.date)
    if start.precision == "week":
        return (first + timedelta(days=6)).isoformat()
    if start.precision == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return (following - timedelta(days=1)).isoformat()
    if start.precision == "year":
        return f"{first.year}-12-31"
    return start.date


def mention_calendar(row: sqlite3.Row) -> Calendar:
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


def actor_index(conn: sqlite3.Connection) -> dict[int, list[tuple[int, int, int]]]:
    """Per document version: (start, end, actor id) of every actor mention that has a canonical actor."""
    index: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for row in conn.execute("SELECT doc_pk, start, end, actor_id FROM actor_mentions WHERE actor_id IS NOT NULL"):
        index[row["doc_pk"]].append((row["start"], row["end"], row["actor_id"]))
    return index


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


def link_participants(conn: sqlite3.Connection, participants: dict[int, list[sqlite3.Row]],
                      doc_of: dict[int, int]) -> dict[int, list[tuple[str, int]]]:
    """(role, actor id) of each mention's participants; writes the actor ids onto event_participants."""
    index = actor_index(conn)
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
    conn.executemany("UPDATE event_participants SET actor_id = ? WHERE pk = ?", updates)
    return linked


def merge_item(row: sqlite3.Row, linked: list[tuple[str, int]], when: Calendar) -> MergeItem:
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


def event_record(members: list[sqlite3.Row], linked: dict[int, list[tuple[str, int]]],
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


def place_test(conn: sqlite3.Connection) -> Callable[[Hashable, Hashable], bool]:
    """Whether two place actors can be the place of one event: the same place, or a country and a place in it
    ("in Kyiv" / "in Ukraine")."""
    places = {row["id"]: (row["place"] or "", row["country"]) for row in
              conn.execute("SELECT id, place, country FROM actors WHERE place IS NOT NULL OR country IS NOT NULL")}

    def same_place(a: Hashable, b: Hashable) -> bool:
        if a == b:
            return True
        (key_a, country_a), (key_b, country_b) = places.get(a, ("", None)), places.get(b, ("", None))
        if country_a is None or country_a != country_b:
            return False
        return key_a.startswith("country:") or key_b.startswith("country:")

    return same_place


def actor_names(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    return {row["id"]: (row["name"], row["type"]) for row in conn.execute("SELECT id, name, type FROM actors")}


def run_events(store: SQLiteStore, run_id: int) -> dict[str, int]:
    """Recompute every event from the stored mentions and write them; returns counts for the run summary."""
    conn = store.conn
    rows = event_store.latest_mentions(conn)
    participants = event_store.latest_participants(conn)
    documents = list(store.latest_documents())
    groups = copy_groups((d["id"], d["text"]) for d in documents)
    outlets = {d["id"]: d["source"] for d in documents}
    with store.transaction():
        linked = link_participants(conn, participants, {r["pk"]: r["doc_pk"] for r in rows})
        calendars = {r["pk"]: mention_calendar(r) for r in rows}
        items = [merge_item(r, linked.get(r["pk"], []), calendars[r["pk"]]) for r in rows]
        by_pk = {r["pk"]: r for r in rows}
        clusters = [[by_pk[k] for k in cluster] for cluster in cluster_events(items, same_place=place_test(conn))]
        keys = [[f"{m['doc']}:{m['start']}:{m['end']}" for m in members] for members in clusters]
        ids = assign_ids(conn, keys, table="event_keys")
        names = actor_names(conn)
        conn.execute("DELETE FROM events")
        conn.execute("DELETE FROM document_copies")
        conn.executemany("INSERT INTO document_copies (doc_id, copy_of) VALUES (?, ?)", sorted(groups.items()))
        conn.execute("UPDATE event_mentions SET event_id = NULL WHERE event_id IS NOT NULL")
        for event_id, members in zip(ids, clusters, strict=True):
            record = event_record(members, linked, calendars, groups, outlets, names)
            conn.execute(
                "INSERT INTO events (id, type, mode, status, date, date_end, date_precision, actors, targets, "
                "location, summary, mentions, sources, run_id, stage) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'events')",
                (event_id, record["type"], record["mode"], record["status"], record["date"], record["date_end"],
                 record["date_precision"], json.dumps(record["actors"]), json.dumps(record["targets"]),
                 record["location"], record["summary"], record["mentions"], record["sources"], run_id))
            conn.executemany("UPDATE event_mentions SET event_id = ? WHERE pk = ?",
                             [(event_id, m["pk"]) for m in members])
    copies = sum(1 for doc_id, group in groups.items() if doc_id != group)
    return {"events": len(clusters), "event mentions": len(rows), "copies": copies}


CORPUS_STEPS["events"] = CorpusStep("events", ("event_mentions", "actor_mentions"), run_events,
                                    "merge event mentions across documents into events with independent sources")
