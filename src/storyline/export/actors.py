"""Actors as the CLI shows them: the `actors` listing and the `actor NAME` profile, read through the store."""

from __future__ import annotations

from typing import Any

from storyline.store import Store


def actor_listing(store: Store, kind: str | None = None, limit: int | None = None, words: str | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
    """What `storyline actors` shows: canonical name, type, country, aliases, roles, mention and document counts;
    with `words`, only the actors whose name or an alias contains them, ignoring case (`limit` rows from `offset`)."""
    found = store.actors(kind, limit) if words is None else store.actors_matching(words, kind, limit, offset)
    return [{"id": f"e{r['id']}", "name": r["name"], "type": r["type"], "country": r["country"],
             "aliases": r["aliases"], "roles": [x["role"] for x in r["roles"]],
             "conflicting_roles": [x["role"] for x in r["roles"] if x["conflict"]],
             "mentions": r["mentions"], "documents": r["documents"]} for r in found]


def actor_profile(store: Store, name: str) -> list[dict[str, Any]]:
    """What `storyline actor NAME` shows for every actor known by that name or alias: roles with the passages that
    state them, the documents that mention it, and when it was first and last seen."""
    profiles = []
    for actor in store.find_actors(name):
        actor_id = int(actor["id"])
        mentions = store.actor_mentions_of(actor_id)
        documents: dict[str, dict] = {}
        for m in mentions:
            entry = documents.setdefault(m["doc"], {"id": m["doc"], "title": m["title"], "published": m["published"],
                                                    "mentions": 0})
            entry["mentions"] += 1
        roles: dict[str, dict] = {}
        for r in store.actor_roles_of(actor_id):
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
