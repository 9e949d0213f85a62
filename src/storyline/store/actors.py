"""Actors in the store: the writer of the actors stage's findings, and the reads that the corpus step, the CLI
and the export share. Importing this module registers the writer in `FINDING_WRITERS`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from storyline.model import ActorFindings
from storyline.store.sqlite import FINDING_WRITERS, LATEST


def write_actor_findings(conn: sqlite3.Connection, doc_pk: int, run_id: int, findings: object) -> None:
    """Store one document's actor mentions and roles (inside the runner's batch transaction)."""
    assert isinstance(findings, ActorFindings)
    conn.executemany(
        "INSERT INTO actor_mentions (doc_pk, start, end, text, name, kind, label, chain, usage, place, country, "
        "repaired, run_id, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'actors')",
        [(doc_pk, m.start, m.end, m.text, m.name, m.kind, m.label, m.chain, m.usage, m.place, m.country,
          int(m.repaired), run_id) for m in findings.mentions],
    )
    conn.executemany(
        "INSERT INTO actor_roles (doc_pk, chain, role, country, org, start, end, run_id, stage) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'actors')",
        [(doc_pk, r.chain, r.role, r.country, r.org, r.start, r.end, run_id) for r in findings.roles],
    )


FINDING_WRITERS["actors"] = write_actor_findings


def latest_mentions(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Actor mentions of the newest version of every document, in document order."""
    return list(conn.execute(
        "SELECT m.*, d.id AS doc FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk "
        f"WHERE {LATEST} ORDER BY m.doc_pk, m.start"))


def latest_roles(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(conn.execute(
        "SELECT r.*, d.id AS doc FROM actor_roles r JOIN documents d ON d.pk = r.doc_pk "
        f"WHERE {LATEST} ORDER BY r.doc_pk, r.start"))


def has_actors(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM actors LIMIT 1").fetchone() is not None


def actor_rows(conn: sqlite3.Connection, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Actors, most mentioned first, as plain dicts with aliases and roles decoded."""
    sql = "SELECT * FROM actors" + (" WHERE type = ?" if kind else "") + " ORDER BY mentions DESC, name, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = conn.execute(sql, (kind,) if kind else ())
    return [{**dict(r), "aliases": json.loads(r["aliases"]), "roles": json.loads(r["roles"])} for r in rows]


def find_actors(conn: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    """Actors whose canonical name or any alias equals `name` (case-insensitive), most mentioned first."""
    wanted = " ".join(name.split()).lower()
    found = []
    for row in actor_rows(conn):
        if wanted in {row["name"].lower(), *(a.lower() for a in row["aliases"])}:
            found.append(row)
    return found


def actor_mentions_of(conn: sqlite3.Connection, actor_id: int) -> list[sqlite3.Row]:
    return list(conn.execute(
        "SELECT m.start, m.end, m.text, m.usage, d.id AS doc, d.title, d.published, d.pk "
        "FROM actor_mentions m JOIN documents d ON d.pk = m.doc_pk "
        f"WHERE m.actor_id = ? AND {LATEST} ORDER BY d.pk, m.start", (actor_id,)))


def actor_roles_of(conn: sqlite3.Connection, actor_id: int) -> list[sqlite3.Row]:
    return list(conn.execute(
        "SELECT r.role, r.country, r.org, r.start, r.end, d.id AS doc, substr(d.text, r.start + 1, r.end - r.start) "
        "AS text FROM actor_roles r JOIN documents d ON d.pk = r.doc_pk "
        f"WHERE r.actor_id = ? AND {LATEST} ORDER BY d.pk, r.start", (actor_id,)))


def export_rows(conn: sqlite3.Connection) -> Iterator[tuple[sqlite3.Row, list[sqlite3.Row], list[sqlite3.Row]]]:
    """(actor, its mentions, its roles) for every actor, by id, mentions in document order."""
    mentions: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(
            "SELECT m.actor_id, m.start, m.end, m.usage, d.id AS doc FROM actor_mentions m "
            f"JOIN documents d ON d.pk = m.doc_pk WHERE m.actor_id IS NOT NULL AND {LATEST} ORDER BY d.pk, m.start"):
        mentions.setdefault(row["actor_id"], []).append(row)
    roles: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(
            "SELECT r.actor_id, r.role, r.start, r.end, d.id AS doc FROM actor_roles r "
            f"JOIN documents d ON d.pk = r.doc_pk WHERE r.actor_id IS NOT NULL AND {LATEST} ORDER BY d.pk, r.start"):
        roles.setdefault(row["actor_id"], []).append(row)
    for actor in conn.execute("SELECT * FROM actors ORDER BY id"):
        if actor["id"] in mentions:
            yield actor, mentions[actor["id"]], roles.get(actor["id"], [])


def actor_listing(conn: sqlite3.Connection, kind: str | None = None, limit: int | None = None) -> list[dict]:
    """What `storyline actors` shows: canonical name, type, country, aliases, roles, mention and document counts."""
    return [{"id": f"e{r['id']}", "name": r["name"], "type": r["type"], "country": r["country"],
             "aliases": r["aliases"], "roles": [x["role"] for x in r["roles"]],
             "conflicting_roles": [x["role"] for x in r["roles"] if x["conflict"]],
             "mentions": r["mentions"], "documents": r["documents"]} for r in actor_rows(conn, kind, limit)]


def actor_profile(conn: sqlite3.Connection, name: str) -> list[dict]:
    """What `storyline actor NAME` shows for every actor known by that name or alias: roles with the passages that
    state them, the documents that mention it, and when it was first and last seen."""
    profiles = []
    for actor in find_actors(conn, name):
        actor_id = int(actor["id"])
        mentions = actor_mentions_of(conn, actor_id)
        documents: dict[str, dict] = {}
        for m in mentions:
            entry = documents.setdefault(m["doc"], {"id": m["doc"], "title": m["title"], "published": m["published"],
                                                    "mentions": 0})
            entry["mentions"] += 1
        roles: dict[str, dict] = {}
        for r in actor_roles_of(conn, actor_id):
            summary = next((x for x in actor["roles"] if x["role"].lower() == r["role"].lower()), {})
            entry = roles.setdefault(r["role"].lower(), {"role": r["role"], "conflict": summary.get("conflict", False),
                                                         "sources": []})
            entry["sources"].append({"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"]})
        dated = sorted((d["published"], d["id"]) for d in documents.values() if d["published"])
        order = [(None, doc) for doc in documents]
        first, last = (dated[0], dated[-1]) if dated else (order[0], order[-1]) if order else ((None, None),) * 2
        profiles.append({
            "id": f"e{actor_id}", "name": actor["name"], "type": actor["type"], "country": actor["country"],
            "aliases": actor["aliases"], "roles": list(roles.values()), "documents": list(documents.values()),
            "mentions": len(mentions),
            "first_seen": {"published": first[0], "doc": first[1]},
            "last_seen": {"published": last[0], "doc": last[1]},
        })
    return profiles
