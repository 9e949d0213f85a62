"""Events in the store: the events stage's mentions and participants, the events the corpus step merges them into,
and the filtered reads the timeline, the actor page and the export need. Part of `SQLiteStore` (store/sqlite.py).

Who takes part in an event is a link table (`event_actors`: event, actor, role, position), so filtering by actor,
date window and type runs in SQL with indexes. Reads return the newest version of each document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.model import EventFindings
from storyline.store.common import LATEST, Row, Tables, returned_id

MENTION_COLUMNS = ("start", "end", "text", "lemma", "type", "mode", "status", "cue", "clause_start", "clause_end",
                   "date", "date_end", "date_precision", "date_source", "time_start", "time_end", "gist",
                   "nominal")
# An event belongs in the story a reader follows when it names who did it and what happened and it happened or may
# happen: the corpus step `events` decides it once per event (storyline.events.story.in_story) and stores the flag.
# The rest ("the deployment", "a war", "if Moscow invades", what the text says did not happen) stays in the export and
# behind `timeline --every-event`.
STORY_CONDITION = "e.in_story = 1"
EVENT_COLUMNS = ("id", "type", "mode", "status", "date", "date_end", "date_precision", "location", "summary",
                 "mentions", "sources", "salience", "in_story")


@dataclass
class EventResults:
    """What the events step computed, for the store to write in one transaction."""

    events: list[dict[str, Any]]  # records with EVENT_COLUMNS plus "actors" and "targets" (actor id lists)
    members: list[list[int]]  # the mention pks of each event, in the order of `events`
    participant_actors: list[tuple[int | None, int]]  # (actor id or None, participant pk)
    keys: dict[str, int] = field(default_factory=dict)  # mention key -> event id, to keep ids across runs


@dataclass(frozen=True)
class EventFilter:
    """Which events a read wants: any of these actors (as actor, target or place), a date window that the event
    overlaps, a PLOVER type, only the events of the story (`in_story`: STORY_CONDITION), a status (occurred,
    planned ...), only these event ids, words their summary contains (any case), the role the actors must have
    (`actor_role`: "actor" or "target"; a place then does not count); and a page (limit, offset), in
    timeline order or, with `by_salience`, the most salient first."""

    actor_ids: Sequence[int] | None = None
    start: str | None = None
    end: str | None = None
    type: str | None = None
    in_story: bool = False
    status: str | None = None
    ids: Sequence[int] | None = None
    words: str | None = None
    actor_role: str | None = None
    by_salience: bool = False
    limit: int | None = None
    offset: int = 0


class EventTables(Tables):
    """event_mentions, event_participants, events, event_actors and event_keys."""

    def write_event_mentions(self, doc_pk: int, run_id: int, findings: EventFindings) -> None:
        """Store one document's event mentions, their clause embeddings and their participants (inside the
        runner's batch transaction)."""
        placeholders = ", ".join("?" * (len(MENTION_COLUMNS) + 4))
        for mention, vector in zip(findings.mentions, findings.vectors, strict=True):
            cur = self.conn.execute(
                f"INSERT INTO event_mentions (doc_pk, {', '.join(MENTION_COLUMNS)}, vector, run_id, stage) "
                f"VALUES ({placeholders}) RETURNING pk",
                (doc_pk, *(getattr(mention, name) for name in MENTION_COLUMNS), vector, run_id, "events"))
            mention_pk = returned_id(cur)
            self.conn.executemany(
                "INSERT INTO event_participants (mention_pk, role, start, end, text, ref_start, ref_end) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(mention_pk, p.role, p.start, p.end, p.text, p.ref_start, p.ref_end)
                 for p in mention.participants])

    # -- what the events step reads and writes ---------------------------------------------------------
    def latest_event_mentions(self) -> list[Row]:
        """Event mentions of the newest version of every document, with the document's id, date, source and the
        current value of the mention's time expression (re-resolved when the document was dated later)."""
        return list(self.conn.execute(
            "SELECT m.*, d.id AS doc, d.published AS published, d.source AS source, d.title AS title, "
            "t.value AS timex_value, t.kind AS timex_kind "
            "FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
            "LEFT JOIN timexes t ON t.doc_pk = m.doc_pk AND t.start = m.time_start AND t.end = m.time_end "
            f"WHERE {LATEST} ORDER BY m.doc_pk, m.start, m.pk"))

    def latest_event_participants(self) -> dict[int, list[Row]]:
        """Participants of the newest mentions, by mention pk, in text order."""
        found: dict[int, list[Row]] = {}
        for row in self.conn.execute(
                "SELECT p.* FROM event_participants p JOIN event_mentions m ON m.pk = p.mention_pk "
                f"JOIN documents d ON d.pk = m.doc_pk WHERE {LATEST} ORDER BY p.mention_pk, p.start"):
            found.setdefault(row["mention_pk"], []).append(row)
        return found

    def replace_events(self, run_id: int, results: EventResults) -> None:
        """Replace every event, its participants' actors and the mentions' events in one short transaction."""
        with self.transaction():
            self._remember_keys("event", results.keys)
            self.conn.executemany("UPDATE event_participants SET actor_id = ? WHERE pk = ?",
                                  results.participant_actors)
            for table in ("event_actors", "events"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("UPDATE event_mentions SET event_id = NULL WHERE event_id IS NOT NULL")
            columns = ", ".join(EVENT_COLUMNS)
            self.conn.executemany(
                f"INSERT INTO events ({columns}, run_id, stage) VALUES ({', '.join('?' * len(EVENT_COLUMNS))}, ?, "
                "'events')", [(*(e[c] for c in EVENT_COLUMNS), run_id) for e in results.events])
            self.conn.executemany(
                "INSERT INTO event_actors (event_id, actor_id, role, position) VALUES (?, ?, ?, ?)",
                [(e["id"], actor_id, role, position) for e in results.events for role in ("actor", "target")
                 for position, actor_id in enumerate(e[role + "s"])])
            self.conn.executemany("UPDATE event_mentions SET event_id = ? WHERE pk = ?",
                                  [(e["id"], pk) for e, pks in zip(results.events, results.members, strict=True)
                                   for pk in pks])

    # -- reads for the timeline, the CLI and the export -------------------------------------------------
    def events(self, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events in timeline order (undated last) with their actor and target ids, filtered and paged in SQL."""
        where = where or EventFilter()
        conditions, params = _event_conditions(where)
        sql = "SELECT e.* FROM events e" + (" WHERE " + " AND ".join(conditions) if conditions else "")
        sql += " ORDER BY e.salience DESC, e.id" if where.by_salience else " ORDER BY e.date IS NULL, e.date, e.id"
        if where.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [where.limit, where.offset]
        events = [dict(row) for row in self.conn.execute(sql, params)]
        roles = self._event_roles([e["id"] for e in events])
        for event in events:
            event["actors"] = roles.get((event["id"], "actor"), [])
            event["targets"] = roles.get((event["id"], "target"), [])
        return events

    def event_type_counts(self, where: EventFilter) -> list[Row]:
        """How many events of each type match `where` (its page ignored), most first: a search page's facet."""
        conditions, params = _event_conditions(where)
        sql = "SELECT e.type AS value, COUNT(*) AS n FROM events e"
        sql += (" WHERE " + " AND ".join(conditions) if conditions else "") + " GROUP BY e.type ORDER BY n DESC, value"
        return list(self.conn.execute(sql, params))

    def _event_roles(self, event_ids: list[int]) -> dict[tuple[int, str], list[int]]:
        found: dict[tuple[int, str], list[int]] = {}
        for chunk in _chunks(event_ids):
            for row in self.conn.execute(
                    f"SELECT event_id, role, actor_id FROM event_actors WHERE event_id IN ({_marks(chunk)}) "
                    "ORDER BY event_id, role, position", chunk):
                found.setdefault((row["event_id"], row["role"]), []).append(row["actor_id"])
        return found

    def event_mentions_of(self, event_ids: list[int] | None = None) -> dict[int, list[Row]]:
        """The mentions of these events (every event when None), newest document versions only, with the
        document's id, source, title and date and the clause they were read from, in document order."""
        sql = ("SELECT m.event_id, m.pk, m.start, m.end, m.text, m.gist, m.clause_start, m.clause_end, m.status, "
               "d.id AS doc, d.source AS source, d.title AS title, d.published AS published, "
               "substr(d.text, m.clause_start + 1, m.clause_end - m.clause_start) AS clause "
               "FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
               f"WHERE m.event_id IS NOT NULL AND {LATEST}")
        found: dict[int, list[Row]] = {}
        batches = [None] if event_ids is None else list(_chunks(event_ids))
        for chunk in batches:
            where = "" if chunk is None else f" AND m.event_id IN ({_marks(chunk)})"
            for row in self.conn.execute(sql + where + " ORDER BY d.pk, m.start", chunk or []):
                found.setdefault(row["event_id"], []).append(row)
        return found

    def event_ids_in(self, doc_id: str) -> list[int]:
        """Ids of the events the newest version of document `doc_id` mentions."""
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT m.event_id FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"WHERE d.id = ? AND m.event_id IS NOT NULL AND {LATEST} ORDER BY m.event_id", (doc_id,))]

    def reporters_by_mention(self, mention_pks: list[int] | None = None) -> dict[int, list[int]]:
        """Actor ids of who reports each mention ("according to the Kremlin"), by mention pk; only these mentions
        when given."""
        sql = ("SELECT p.mention_pk, p.actor_id FROM event_participants p JOIN event_mentions m "
               f"ON m.pk = p.mention_pk JOIN documents d ON d.pk = m.doc_pk WHERE {LATEST} "
               "AND p.role = 'reporter' AND p.actor_id IS NOT NULL")
        found: dict[int, list[int]] = {}
        batches = [None] if mention_pks is None else list(_chunks(mention_pks))
        for chunk in batches:
            where = "" if chunk is None else f" AND p.mention_pk IN ({_marks(chunk)})"
            for row in self.conn.execute(sql + where + " ORDER BY p.mention_pk, p.start", chunk or []):
                found.setdefault(row["mention_pk"], []).append(row["actor_id"])
        return found


def _event_conditions(where: EventFilter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if where.actor_ids is not None and where.actor_role is not None:
        ids = list(where.actor_ids)
        conditions.append(f"e.id IN (SELECT a.event_id FROM event_actors a WHERE a.role = ? "
                          f"AND a.actor_id IN ({_marks(ids)}))")
        params += [where.actor_role, *ids]
    elif where.actor_ids is not None:
        ids = list(where.actor_ids)
        # IN (a list subquery), not a correlated EXISTS: both sides then read the actor's rows of an index
        conditions.append(f"(e.location IN ({_marks(ids)}) OR e.id IN (SELECT a.event_id FROM event_actors a "
                          f"WHERE a.actor_id IN ({_marks(ids)})))")
        params += ids + ids
    if where.in_story:
        conditions.append(STORY_CONDITION)
    if where.status:
        conditions.append("e.status = ?")
        params.append(where.status)
    if where.ids is not None:
        ids = list(where.ids)
        conditions.append(f"e.id IN ({_marks(ids)})")
        params += ids
    if where.words:
        conditions.append("instr(lower(e.summary), ?) > 0")
        params.append(where.words.lower().strip())
    if where.type:
        conditions.append("e.type = ?")
        params.append(where.type.upper())
    if where.start is not None or where.end is not None:
        conditions.append("e.date IS NOT NULL")
    if where.start is not None:
        conditions.append("COALESCE(e.date_end, e.date) >= ?")
        params.append(where.start)
    if where.end is not None:
        conditions.append("e.date <= ?")
        params.append(where.end)
    return conditions, params


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _chunks(values: list[int], size: int = 900) -> list[list[int]]:
    """Id lists cut to fit SQLite's limit on bound parameters."""
    return [values[i:i + size] for i in range(0, len(values), size)]
