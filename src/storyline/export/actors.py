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
    """What `storyline actor NAME` shows for every actor known by that name or alias (profile_of each)."""
    return [profile_of(store, actor) for actor in store.find_actors(name)]


def profile_of(store: Store, actor: dict[str, Any]) -> dict[str, Any]:
    """One actor's profile (`actor` a row of store.actors): roles with the passages that state them, the documents
    that mention it, and when it was first and last seen."""
    actor_id = int(actor["id"])
    mentions = store.actor_mentions_of(actor_id)
    documents: dict[str, dict] = {}
    for m in mentions:
        entry = documents.setdefault(m["doc"], {"id": m["doc"], "title": m["title"], "published": m["published"],
                                                "mentions": 0})
        entry["mentions"] += 1
    roles = stated_roles(store, actor)
    dated = sorted((d["published"], d["id"]) for d in documents.values() if d["published"])
    order = [(None, doc) for doc in documents]
    first, last = (dated[0], dated[-1]) if dated else (order[0], order[-1]) if order else ((None, None),) * 2
    return {
        "id": f"e{actor_id}", "name": actor["name"], "type": actor["type"], "country": actor["country"],
        "aliases": actor["aliases"], "roles": roles, "documents": list(documents.values()),
        "mentions": len(mentions),
        "first_seen": {"published": first[0], "doc": first[1]},
        "last_seen": {"published": last[0], "doc": last[1]},
    }


def stated_roles(store: Store, actor: dict[str, Any], keep: int | None = None) -> list[dict[str, Any]]:
    """An actor's roles (`actor` a row of store.actors), each with whether it conflicts with another, how many
    passages state it, and those passages (the first `keep` when given)."""
    roles: dict[str, dict] = {}
    for r in store.actor_roles_of(int(actor["id"])):
        summary = next((x for x in actor["roles"] if x["role"].lower() == r["role"].lower()), {})
        entry = roles.setdefault(r["role"].lower(), {"role": r["role"], "conflict": summary.get("conflict", False),
                                                     "count": 0, "sources": []})
        entry["count"] += 1
        if keep is None or len(entry["sources"]) < keep:
            entry["sources"].append({"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"]})
    return list(roles.values())
