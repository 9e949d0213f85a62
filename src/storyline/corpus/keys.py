"""Stable ids for things a corpus step recomputes from scratch (actors, events).

Each cluster is a list of keys (a mention's or a chain's stable name). The store remembers the id every key had
(`Store.known_keys`), so a cluster recomputed by a later run gets back the id most of it had: exports of a growing
store keep their ids.
"""

from __future__ import annotations


def assign_ids(known: dict[str, int], clusters: list[list[str]]) -> tuple[list[int], dict[str, int]]:
    """Give each cluster (a list of keys) the id its keys had before when it can, else a new one. Returns the ids
    and the keys to remember (every key of every cluster with its cluster's id).

    Larger clusters choose first, so a cluster that split keeps its id on the larger part."""
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
    return ids, {k: ids[i] for i, cluster in enumerate(clusters) for k in cluster}
