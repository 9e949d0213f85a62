"""Actors in the store: the actors stage's mentions and roles, the canonical actors the corpus step computes, and the
reads the CLI and the export need. Part of `SQLiteStore` (see store/sqlite.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from storyline.model import ActorFindings
from storyline.store.common import LATEST, Row, Tables


class ActorTables(Tables):
    """actor_mentions, actor_roles, actors, actor_names and actor_keys."""

    # -- the stage's findings -----------------------------------------------------------------------
    def write_actor_findings(self, doc_pk: int, run_id: int, findings: ActorFindings) -> None:
        """Store one document's actor mentions and roles (inside the runner's batch transaction)."""
        self.conn.executemany(
            "INSERT INTO actor_mentions (doc_pk, start, end, text, name, kind, label, chain, usage, place, country, "
            "repaired, run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'actors')",
            [(doc_pk, m.start, m.end, m.text, m.name, m.kind, m.label, m.chain, m.usage, m.place, m.country,
              int(m.repaired), run_id) for m in findings.mentions],
        )
        self.conn.executemany(
            "INSERT INTO actor_roles (doc_pk, chain, role, country, org, start, end, run_id, stage) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'actors')",
            [(doc_pk, r.chain, r.role, r.country, r.org, r.start, r.end, run_id) for r in findings.roles],
        )

    # -- what the actors corpus step reads and writes ------------------------------------------------
    def latest_actor_mentions(self) -> list[Row]:
        """Actor mentions of the newest version of every document, in document order, with the document id."""
        return list(self.conn.execute(
            "SELECT m.*, d.id AS doc FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"WHERE {LATEST} ORDER BY m.doc_pk, m.start"))

    def latest_actor_roles(self) -> list[Row]:
        """Roles stated in the newest version of every document, in document order, with the document id."""
        return list(self.conn.execute(
            "SELECT r.*, d.id AS doc FROM actor_roles r JOIN documents d ON d.pk = r.doc_pk "
            f"WHERE {LATEST} ORDER BY r.doc_pk, r.start"))

    def replace_actors(self, run_id: int, actors: list[dict[str, Any]], chains: list[tuple[int, int, int]],
                       keys: dict[str, int]) -> None:
        """Replace every canonical actor in one short transaction: `actors` are records with an `id`; `chains` are
        (actor id, document pk, chain) for the mentions and roles of each; `keys` the ids to remember by key."""
        with self.transaction():
            self._remember_keys("actor", keys)
            self.conn.execute("DELETE FROM actors")
            self.conn.execute("DELETE FROM actor_names")
            self.conn.execute("UPDATE actor_mentions SET actor_id = NULL WHERE actor_id IS NOT NULL")
            self.conn.execute("UPDATE actor_roles SET actor_id = NULL WHERE actor_id IS NOT NULL")
            self.conn.executemany(
                "INSERT INTO actors (id, name, type, country, lat, lon, geonames_id, place, aliases, roles, "
                "mentions, documents, run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'actors')",
                [_actor_row(actor, run_id) for actor in actors])
            self.conn.executemany(
                "INSERT INTO actor_names (name, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(name, actor["id"]) for actor in actors for name in _lookup_names(actor)])
            self.conn.executemany("UPDATE actor_mentions SET actor_id = ? WHERE doc_pk = ? AND chain = ?", chains)
            self.conn.executemany("UPDATE actor_roles SET actor_id = ? WHERE doc_pk = ? AND chain = ?", chains)

    # -- reads for the other corpus steps -------------------------------------------------------------
    def actor_mention_spans(self) -> dict[int, list[tuple[int, int, int]]]:
        """Per document version: (start, end, actor id) of every actor mention that has a canonical actor, in text
        order (the index participants and speakers are linked through)."""
        index: dict[int, list[tuple[int, int, int]]] = {}
        for row in self.conn.execute("SELECT doc_pk, start, end, actor_id FROM actor_mentions "
                                     "WHERE actor_id IS NOT NULL ORDER BY doc_pk, pk"):
            index.setdefault(row["doc_pk"], []).append((row["start"], row["end"], row["actor_id"]))
        return index

    def actor_places(self) -> dict[int, tuple[str, str | None]]:
        """(gazetteer key or "", ISO country) of every actor that has a place or a country."""
        return {row["id"]: (row["place"] or "", row["country"]) for row in self.conn.execute(
            "SELECT id, place, country FROM actors WHERE place IS NOT NULL OR country IS NOT NULL")}

    def actor_document_counts(self) -> dict[int, int]:
        """How many documents mention each actor, by id (how prominent it is in the corpus)."""
        return {row["id"]: row["documents"] for row in self.conn.execute("SELECT id, documents FROM actors")}

    def actor_names(self) -> dict[int, tuple[str, str]]:
        """(canonical name, type) of every actor, by id."""
        return {row["id"]: (row["name"], row["type"]) for row in self.conn.execute("SELECT id, name, type FROM actors")}

    # -- reads for the CLI and the export -------------------------------------------------------------
    def actors(self, kind: str | None = None, limit: int | None = None,
               ids: list[int] | None = None) -> list[dict[str, Any]]:
        """Actors, most mentioned first, as plain dicts with aliases and roles decoded; only `kind`, or only
        the actors with these `ids`."""
        where, params = [], []
        if kind:
            where.append("type = ?")
            params.append(kind)
        if ids is not None:
            where.append(f"id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        sql = "SELECT * FROM actors" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY mentions DESC, name, id" + (" LIMIT ?" if limit else "")
        rows = self.conn.execute(sql, (*params, limit) if limit else params)
        return [_decoded(r) for r in rows]

    def actors_matching(self, words: str, kind: str | None = None, limit: int | None = None,
                        offset: int = 0) -> list[dict[str, Any]]:
        """The actors (as `actors` gives them, most mentioned first) whose canonical name or an alias contains
        `words`, ignoring case (both casefolded, `words` stripped: "" matches every actor); only `kind`; `limit`
        rows from `offset`. Matched and paged in SQL."""
        folded = words.casefold().strip()
        where, params = [], []
        if kind:
            where.append("a.type = ?")
            params.append(kind)
        if folded:
            # A first test on the name and the aliases' JSON text as one string passes every match when the JSON has
            # no escape (a backslash): each alias is then in it as it is. The exact test, each name on its own, runs
            # on the actors that pass it.
            where.append("(instr(a.aliases, '\\') > 0 OR instr(casefold(a.name || ' ' || a.aliases), ?) > 0) "
                         "AND (instr(casefold(a.name), ?) > 0 "
                         "OR EXISTS (SELECT 1 FROM json_each(a.aliases) j WHERE instr(casefold(j.value), ?) > 0))")
            params += [folded, folded, folded]
        sql = "SELECT a.* FROM actors a" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY a.mentions DESC, a.name, a.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_decoded(r) for r in self.conn.execute(sql, params)]

    def actor_ids_named(self, name: str) -> list[int]:
        """Ids of the actors whose canonical name or any alias is `name` (case-insensitive), most mentioned
        first."""
        return [row["id"] for row in self.conn.execute(
            "SELECT a.id FROM actor_names n JOIN actors a ON a.id = n.actor_id WHERE n.name = ? "
            "ORDER BY a.mentions DESC, a.name, a.id", (fold_name(name),))]

    def find_actors(self, name: str) -> list[dict[str, Any]]:
        """Actors whose canonical name or any alias equals `name` (case-insensitive), most mentioned first."""
        ids = self.actor_ids_named(name)
        found = {a["id"]: a for a in self.actors(ids=ids)} if ids else {}
        return [found[i] for i in ids]

    def actor_mentions_of(self, actor_id: int) -> list[Row]:
        """Where an actor is mentioned, with each document's id, title and date, in document order."""
        return list(self.conn.execute(
            "SELECT m.start, m.end, m.text, m.usage, d.id AS doc, d.title, d.published, d.pk "
            "FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk "
            f"WHERE m.actor_id = ? AND {LATEST} ORDER BY d.pk, m.start", (actor_id,)))

    def actor_roles_of(self, actor_id: int) -> list[Row]:
        """The roles stated for an actor, each with the passage that states it."""
        return list(self.conn.execute(
            "SELECT r.role, r.country, r.org, r.start, r.end, d.id AS doc, "
            "substr(d.text, r.start + 1, r.end - r.start) AS text FROM actor_roles r "
            f"JOIN documents d ON d.pk = r.doc_pk WHERE r.actor_id = ? AND {LATEST} ORDER BY d.pk, r.start",
            (actor_id,)))

    def actors_for_export(self) -> Iterator[tuple[Row, list[Row], list[Row]]]:
        """(actor, its mentions, its roles) for every actor mentioned in a newest version, by id, mentions in
        document order."""
        mentions: dict[int, list[Row]] = {}
        for row in self.conn.execute(
                "SELECT m.actor_id, m.start, m.end, m.usage, d.id AS doc FROM actor_mentions m "
                f"JOIN documents d ON d.pk = m.doc_pk WHERE m.actor_id IS NOT NULL AND {LATEST} "
                "ORDER BY d.pk, m.start"):
            mentions.setdefault(row["actor_id"], []).append(row)
        roles: dict[int, list[Row]] = {}
        for row in self.conn.execute(
                "SELECT r.actor_id, r.role, r.start, r.end, d.id AS doc FROM actor_roles r "
                f"JOIN documents d ON d.pk = r.doc_pk WHERE r.actor_id IS NOT NULL AND {LATEST} "
                "ORDER BY d.pk, r.start"):
            roles.setdefault(row["actor_id"], []).append(row)
        for actor in self.conn.execute("SELECT * FROM actors ORDER BY id"):
            if actor["id"] in mentions:
                yield actor, mentions[actor["id"]], roles.get(actor["id"], [])

    def actor_clusters(self) -> list[tuple[str, int, int, int]]:
        """(document id, start, end, actor id) of every mention the actors step linked to an actor: the clusters
        the actor scorer compares with gold coreference."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT d.id, m.start, m.end, m.actor_id FROM actor_mentions m "
            "JOIN documents d ON d.pk = m.doc_pk WHERE m.actor_id IS NOT NULL")]

    def surface_entity_clusters(self) -> list[tuple[str, int, int, int]]:
        """(document id, start, end, surface entity id) of every recogniser mention: the same-string baseline
        (mentions grouped by normalised surface and type) the actor scorer compares against."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT d.id, m.start, m.end, m.entity_id FROM mentions m "
            "JOIN documents d ON d.pk = m.doc_pk WHERE m.entity_id IS NOT NULL")]


def fold_name(name: str) -> str:
    """How a name is looked up: whitespace collapsed, lower case."""
    return " ".join(name.split()).lower()


def _decoded(row: Row) -> dict[str, Any]:
    """An actors row as a plain dict with its aliases and roles decoded."""
    return {**dict(row), "aliases": json.loads(row["aliases"]), "roles": json.loads(row["roles"])}


def _lookup_names(actor: dict[str, Any]) -> set[str]:
    return {fold_name(n) for n in [actor["name"], *actor["aliases"]]}


def _actor_row(actor: dict[str, Any], run_id: int) -> tuple:
    return (actor["id"], actor["name"], actor["type"], actor["country"], actor["lat"], actor["lon"],
            actor["geonames_id"], actor["place"], json.dumps(actor["aliases"], ensure_ascii=False),
            json.dumps(actor["roles"], ensure_ascii=False), actor["mentions"], actor["documents"], run_id)
