"""The GraphML export: the actor network, for Gephi, Cytoscape, networkx or igraph.

Nodes are the canonical actors (the JSON export's entities) that take part in at least one event, as actor or
target, or make at least one claim; edges are directed actor -> target pairs of events, one edge per pair with
`weight` = how many events join them and `types` = their PLOVER types joined by ';'. Everything comes from
`build_export` (storyline.export.json), so node ids are the export's entity ids.

Every attribute is declared as a typed <key> (string, int or double), and a node or edge without a value for an
attribute simply has no <data> for it (GraphML has no null, and no list values). Nodes carry `x`, `y` and `size`
(doubles) and `r`, `g`, `b` (ints, a colour per actor type) so that Gephi opens the graph laid out and coloured
rather than as a grey scatter. The layout is deterministic, with no random start: the actors sit on a circle, one
connected group beside the next and each group ordered by mentions, and a force-directed pass (Fruchterman-Reingold,
as networkx's spring_layout computes it, here in numpy) pulls linked actors together; above `SPRING_LIMIT` actors
the circle is kept (the pass costs memory quadratic in the actors). `size` grows with the square root of the
mentions.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import numpy as np

from storyline.export.json import build_export
from storyline.store import Store

Record = dict[str, Any]
NS = "http://graphml.graphdrawing.org/xmlns"

# (id, for, attr.name, attr.type): the attributes this export writes.
KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("country", "node", "country", "string"),
    ("mentions", "node", "mentions", "int"),
    ("events", "node", "events", "int"),
    ("claims", "node", "claims", "int"),
    ("x", "node", "x", "double"),
    ("y", "node", "y", "double"),
    ("size", "node", "size", "double"),
    ("r", "node", "r", "int"),
    ("g", "node", "g", "int"),
    ("b", "node", "b", "int"),
    ("weight", "edge", "weight", "int"),
    ("types", "edge", "types", "string"),
)
RADIUS_PER_NODE = 40.0  # circle radius grows with the node count so neighbours do not overlap
SPRING_LIMIT = 1000  # most actors the force-directed pass lays out (n x n x 2 doubles: 16 MB, about 3 s)
SPRING_ITERATIONS = 50
# a colour per actor type (Gephi reads r, g, b): colour-blind-safe Okabe-Ito hues
COLOURS = {"person": (0, 114, 178), "organization": (230, 159, 0), "location": (0, 158, 115),
           "group": (204, 121, 167), "other": (153, 153, 153)}


def network(data: Record) -> tuple[list[Record], list[Record]]:
    """The nodes and edges of the actor network of an export dict (positions not yet set)."""
    entities = {e["id"]: e for e in data["entities"]}
    events: dict[str, int] = {}
    claims: dict[str, int] = {}
    pairs: dict[tuple[str, str], list[str]] = {}
    for event in data["events"]:
        for entity in set(event["actors"]) | set(event["targets"]):
            events[entity] = events.get(entity, 0) + 1
        for actor in dict.fromkeys(event["actors"]):
            for target in dict.fromkeys(event["targets"]):
                if actor != target:
                    pairs.setdefault((actor, target), []).append(event["type"])
    for claim in data["claims"]:
        if claim["claimant"] is not None:
            claims[claim["claimant"]] = claims.get(claim["claimant"], 0) + 1
    nodes = [{"id": eid, "label": entities[eid]["name"], "type": entities[eid]["type"],
              "country": entities[eid]["country"], "mentions": len(entities[eid]["mentions"]),
              "events": events.get(eid, 0), "claims": claims.get(eid, 0)}
             for eid in entities if eid in events or eid in claims]
    edges = [{"source": a, "target": b, "weight": len(types), "types": ";".join(sorted(set(types)))}
             for (a, b), types in pairs.items() if a in entities and b in entities]
    return nodes, edges


def _groups(nodes: list[Record], edges: Iterable[Record]) -> dict[str, str]:
    """Each node's connected group (union-find over the undirected edges), named by a member."""
    parent = {n["id"]: n["id"] for n in nodes}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in edges:
        a, b = root(edge["source"]), root(edge["target"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {n["id"]: root(n["id"]) for n in nodes}


def spring(start: np.ndarray, links: np.ndarray, iterations: int = SPRING_ITERATIONS) -> np.ndarray:
    """Fruchterman-Reingold from the given start positions (n x 2) over a symmetric weighted adjacency matrix:
    every pair repels, linked pairs attract; the step shrinks linearly to nothing. Deterministic."""
    count = len(start)
    pos = start.astype(float).copy()
    k = math.sqrt(1.0 / count)
    step = 0.1 * max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]), 1e-9)
    cooling = step / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / distance**2 - links * distance / k
        shift = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.linalg.norm(shift, axis=-1), 0.01)
        pos += shift * (step / length)[:, None]
        step -= cooling
    return pos


def lay_out(nodes: list[Record], edges: list[Record]) -> None:
    """Set x, y, size and colour on every node: a circle, biggest connected groups first, each ordered by
    mentions, then (up to SPRING_LIMIT actors with at least one edge) a force-directed pass."""
    group = _groups(nodes, edges)
    members: dict[str, int] = {}
    for node in nodes:
        members[group[node["id"]]] = members.get(group[node["id"]], 0) + 1
    ordered = sorted(nodes, key=lambda n: (-members[group[n["id"]]], group[n["id"]], -n["mentions"], n["id"]))
    count = len(ordered)
    radius = RADIUS_PER_NODE * max(count, 1) / (2 * math.pi)
    angles = np.array([2 * math.pi * i / max(count, 1) for i in range(count)])
    pos = np.stack([np.cos(angles), np.sin(angles)], axis=-1) if count else np.zeros((0, 2))
    if edges and 2 < count <= SPRING_LIMIT:
        index = {n["id"]: i for i, n in enumerate(ordered)}
        links = np.zeros((count, count))
        for edge in edges:
            a, b = index[edge["source"]], index[edge["target"]]
            links[a, b] += edge["weight"]
            links[b, a] += edge["weight"]
        pos = spring(pos, links)
        pos -= pos.mean(axis=0)
        pos /= max(float(np.abs(pos).max()), 1e-9)
    for node, (x, y) in zip(ordered, pos, strict=True):
        node["x"], node["y"] = round(float(radius * x), 3), round(float(radius * y), 3)
        node["size"] = round(5 + 3 * math.sqrt(node["mentions"]), 3)
        node["r"], node["g"], node["b"] = COLOURS.get(node["type"], COLOURS["other"])


def _data(parent: ET.Element, key: str, value: Any) -> None:
    if value is None:
        return
    element = ET.SubElement(parent, f"{{{NS}}}data", key=key)
    element.text = repr(float(value)) if isinstance(value, float) else str(value)


def graphml_tree(data: Record) -> ET.ElementTree:
    """The actor network of an export dict as a GraphML document."""
    nodes, edges = network(data)
    lay_out(nodes, edges)
    root = ET.Element(f"{{{NS}}}graphml")
    for key, domain, name, kind in KEYS:
        ET.SubElement(root, f"{{{NS}}}key", {"id": key, "for": domain, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, f"{{{NS}}}graph", id="actors", edgedefault="directed")
    for node in nodes:
        element = ET.SubElement(graph, f"{{{NS}}}node", id=node["id"])
        for key, domain, _, _ in KEYS:
            if domain == "node":
                _data(element, key, node.get(key))
    for i, edge in enumerate(edges):
        element = ET.SubElement(graph, f"{{{NS}}}edge", id=f"a{i}", source=edge["source"], target=edge["target"])
        _data(element, "weight", edge["weight"])
        _data(element, "types", edge["types"])
    ET.register_namespace("", NS)
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    return tree


def write_graphml(store: Store, out: Path | IO[str]) -> tuple[int, int]:
    """Write the store's actor network as GraphML to a path or an open text stream; return (nodes, edges)."""
    tree = graphml_tree(build_export(store))
    graph = tree.getroot()[-1]
    if isinstance(out, Path):
        tree.write(out, encoding="utf-8", xml_declaration=True)
    else:
        out.write(ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True) + "\n")
    return (sum(1 for e in graph if e.tag.endswith("node")), sum(1 for e in graph if e.tag.endswith("edge")))
