"""Stable ids for things a corpus step recomputes from scratch (actors, events).

Each cluster is a list of keys (a mention's or a chain's stable name). A key table remembers the id every key had,
so a cluster recomputed by a later run gets back the id most of it had: exports of a growing store keep their ids.
"""

from __future__ import annotations

import sqlite3

# The key tables a step may use, with their id column (names are never taken from input).
KEY_TABLES = {"actor_keys": "actor_id", "event_keys": "event_id"}


def assign_ids(conn: sqlite3.Connection, clusters: list[list[str]], table: str = "actor_keys") -> list[int]:
    """Give each cluster (a list of keys) the id its keys had before when it can, else a new one; remember them.

    Larger clusters choose first, so a cluster that split keeps its id on the larger part."""
    column = KEY_TABLES[table]
    known = dict(conn.execute(f"SELECT key, {column} FROM {table}").fetchall())
    next_id = max([0, *known.values()]) + 1
    taken: set[int] = set()
    chosen: dict[int, int] = {}
    for i in sorted(range(len(clusters)), key=lambda i: -len(clusters[i])):
        previous = sorted({known[k] for k in clusters[i] if k in known} - taken)
        if previous:
            chosen[i] = previous[0]
        else:
            chosen[i] = next_id
            next_id += 1
        taken.add(chosen[i])
    ids = [chosen[i] for i in range(len(clusters))]
    conn.executemany(f"INSERT OR REPLACE INTO {table} (key, {column}) VALUES (?, ?)",
                     [(k, ids[i]) for i, cluster in enumerate(clusters) for k in cluster])
    return ids
