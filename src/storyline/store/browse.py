"""Reads the web app's pages need and no other caller does: one document's findings with their offsets, articles by
outlet and day, search facets, and who interacts with whom around one actor.

Each read is bounded by what one page shows (one document, one actor's neighbourhood, grouped counts), so a page
stays fast on a large store: none of them reads a whole table into Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from storyline.store.common import LATEST, Row, Tables


class BrowseTables(Tables):
    """Per-page reads over documents, actor_mentions, event_mentions, events and event_actors."""

    def actor_mentions_in(self, doc_id: str) -> list[Row]:
        """The actor mentions of the newest version of `doc_id` that the actors step resolved to an actor, with the
        actor's canonical name and type, in text order."""
        return list(self.conn.execute(
            "SELECT m.start, m.end, m.text, m.actor_id, a.name AS actor_name, a.type AS actor_type "
            "FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk JOIN actors a ON a.id = m.actor_id "
            f"WHERE d.id = ? AND {LATEST} ORDER BY m.start, m.end", (doc_id,)))

    def event_mentions_in(self, doc_id: str) -> list[Row]:
        """The event mentions of the newest version of `doc_id` that belong to an event, with the event's summary,
        type and status, in text order."""
        return list(self.conn.execute(
            "SELECT m.start, m.end, m.text, m.status, m.clause_start, m.clause_end, m.event_id, e.summary, e.type, "
            "e.status AS event_status FROM event_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"JOIN events e ON e.id = m.event_id WHERE d.id = ? AND {LATEST} ORDER BY m.start, m.end", (doc_id,)))

    def outlet_days(self, limit: int = 5000) -> list[Row]:
        """Articles per publication day and outlet (newest versions with a date), by day: what the story page
        charts. `limit` bounds the rows (days x outlets) a page can ask for."""
        return list(self.conn.execute(
            "SELECT substr(d.published, 1, 10) AS day, COALESCE(NULLIF(d.source, ''), 'unknown') AS source, "
            f"COUNT(*) AS articles FROM documents d WHERE d.published IS NOT NULL AND {LATEST} "
            "GROUP BY day, source ORDER BY day, source LIMIT ?", (limit,)))

    def search_matches(self) -> str:
        raise NotImplementedError  # each backend's full-text search: SQLiteStore, PostgresStore

    def search_facets(self, query: str, limit: int = 200) -> dict[str, list[Row]]:
        """For the documents matching an FTS5 `query` (checked by `search` first): how many per outlet (most first)
        and per publication day (in date order, undated last). One pass over the matches, counted by outlet and day
        together in SQL and split here: the full-text match is the expensive part (4 s for a common word at
        100,000 articles when it ran once per facet)."""
        pairs = list(self.conn.execute(
            "SELECT COALESCE(NULLIF(source, ''), 'unknown') AS source, substr(published, 1, 10) AS day, "
            f"COUNT(*) AS n FROM ({self.search_matches()}) m GROUP BY 1, 2", (query,)))
        outlets: Counter[str] = Counter()
        days: Counter[str | None] = Counter()
        for row in pairs:
            outlets[row["source"]] += row["n"]
            days[row["day"]] += row["n"]
        by_outlet = sorted(outlets.items(), key=lambda item: (-item[1], item[0]))[:limit]
        by_day = sorted(days.items(), key=lambda item: (item[0] is None, item[0] or ""))[:limit]
        return {"source": [{"value": value, "n": n} for value, n in by_outlet],
                "day": [{"value": value, "n": n} for value, n in by_day]}

    def actor_interactions(self, actor_id: int, limit: int = 30) -> list[Row]:
        """The actors that `actor_id` acts on or is acted on by in events (actor -> target), with how many events
        join them each way, most events first: an actor page's network."""
        return list(self.conn.execute(
            "SELECT other, SUM(outgoing) AS outgoing, SUM(incoming) AS incoming, SUM(outgoing + incoming) AS events "
            "FROM (SELECT t.actor_id AS other, 1 AS outgoing, 0 AS incoming FROM event_actors a "
            "      JOIN event_actors t ON t.event_id = a.event_id AND t.role = 'target' "
            "      WHERE a.actor_id = ? AND a.role = 'actor' "
            "      UNION ALL "
            "      SELECT a.actor_id, 0, 1 FROM event_actors t "
            "      JOIN event_actors a ON a.event_id = t.event_id AND a.role = 'actor' "
            "      WHERE t.actor_id = ? AND t.role = 'target') pairs "
            "WHERE other != ? GROUP BY other ORDER BY events DESC, other LIMIT ?",
            (actor_id, actor_id, actor_id, limit)))

    def interactions_among(self, actor_ids: list[int]) -> list[Row]:
        """Actor -> target pairs among `actor_ids` (at most a page's few dozen) with their event counts."""
        marks = ", ".join("?" * len(actor_ids))
        return list(self.conn.execute(
            "SELECT a.actor_id AS source, t.actor_id AS target, COUNT(DISTINCT a.event_id) AS events "
            "FROM event_actors a JOIN event_actors t ON t.event_id = a.event_id AND t.role = 'target' "
            f"WHERE a.role = 'actor' AND a.actor_id IN ({marks}) AND t.actor_id IN ({marks}) "
            "AND a.actor_id != t.actor_id GROUP BY a.actor_id, t.actor_id", [*actor_ids, *actor_ids]))

    def actor_summary(self, actor_id: int) -> Row:
        """How much the store holds about an actor, counted in SQL: mentions, documents, first and last publication
        day of those documents, quotes it is the speaker of, events it is an actor and a target of."""
        return self.conn.execute(
            "SELECT COUNT(*) AS mentions, COUNT(DISTINCT d.id) AS documents, MIN(d.published) AS first_published, "
            "MAX(d.published) AS last_published, "
            "(SELECT COUNT(*) FROM quotes q JOIN documents x ON x.pk = q.doc_pk WHERE q.speaker_id = ? "
            " AND x.version = (SELECT MAX(version) FROM documents y WHERE y.id = x.id)) AS quotes, "
            "(SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE actor_id = ? AND role = 'actor') "
            " AS events_as_actor, "
            "(SELECT COUNT(DISTINCT event_id) FROM event_actors WHERE actor_id = ? AND role = 'target') "
            " AS events_as_target "
            "FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"WHERE m.actor_id = ? AND {LATEST}", (actor_id,) * 4).fetchone()

    def actor_documents(self, actor_id: int, limit: int, offset: int = 0) -> list[Row]:
        """A page of the documents that mention an actor (newest versions), the latest published first, with how
        often each mentions it."""
        return list(self.conn.execute(
            "SELECT d.id, d.title, d.published, d.source, COUNT(*) AS mentions FROM actor_mentions m "
            f"JOIN documents d ON d.pk = m.doc_pk WHERE m.actor_id = ? AND {LATEST} GROUP BY d.pk "
            "ORDER BY d.published IS NULL, d.published DESC, d.pk LIMIT ? OFFSET ?", (actor_id, limit, offset)))

    def story_event_dates(self, precisions: Iterable[str], per_day: int) -> list[Row]:
        """The id, date, date precision and salience of the `per_day` most salient events of the story on each day
        (events dated at one of `precisions`): what choosing a digest's days needs, since a day weighs by its few
        most salient events (storyline.events.salience.day_weight). Ranked in SQL, so that the reader gets a few
        rows per day rather than every dated event of the story (230,000 rows at 100,000 articles)."""
        wanted = sorted(precisions)
        marks = ", ".join("?" * len(wanted))
        return list(self.conn.execute(
            "SELECT id, date, date_precision, salience FROM ("
            "  SELECT id, date, date_precision, salience, ROW_NUMBER() OVER ("
            "    PARTITION BY date ORDER BY COALESCE(salience, 0) DESC, id) AS place "
            f"  FROM events WHERE in_story = 1 AND date IS NOT NULL AND date_precision IN ({marks})) ranked "
            "WHERE place <= ? ORDER BY date, place", [*wanted, per_day]))
