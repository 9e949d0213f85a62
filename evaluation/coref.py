"""Cross-document entity coreference against MEANTIME (NewsReader, 120 English Wikinews articles).

Reading: each CAT XML file gives tokens (rejoined here into text with character offsets), ENTITY_MENTION
markables, and REFERS_TO links from mentions to ENTITY instances; an instance with an `instance_id` is shared
across documents, one without stays in its document.

What is scored (the key): named mentions (syntactic type NAM or PRE.NAM) of people, organisations and places
(PER, ORG, LOC). The response clusters those same gold mentions by the system: each gold mention takes the actor of
the system mention inside its span (the last one: the head of "U.S. automaker Chrysler" is "Chrysler"); a gold
mention with no system mention inside is a singleton of its own. So the figures measure linking and recall of
detection together, not detection precision (the gold does not annotate every name).

Metrics (Pradhan et al. 2014, the CoNLL-2012 scorer's definitions): MUC (links), B-cubed (mentions), CEAF-e
(entities, Kuhn-Munkres alignment by phi4 similarity); CoNLL F1 is the mean of the three F1s.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

SCORED_TYPES = ("PER", "ORG", "LOC")
SCORED_SYNTAX = ("NAM", "PRE.NAM")
NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'|n't|'re|'ve|'ll|'d|'m)$")
NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


@dataclass
class GoldMention:
    start: int
    end: int
    cluster: str
    ent_type: str


@dataclass
class GoldDoc:
    id: str
    text: str
    mentions: list[GoldMention] = field(default_factory=list)


def _detokenize(tokens: list[tuple[str, str, str]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text from (t_id, sentence, word) tokens, sentences on their own lines; offsets of every token."""
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    length, sentence, previous = 0, None, ""
    for t_id, sent, word in tokens:
        if sentence is not None and sent != sentence:
            sep = "\n\n" if sentence in {"0", "1"} else "\n"
        elif sentence is None or NO_SPACE_BEFORE.match(word) or previous in NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        parts.append(sep)
        length += len(sep)
        offsets[t_id] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        sentence, previous = sent, word
    return "".join(parts), offsets


def read_meantime_file(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    tokens = [(t.get("t_id"), t.get("sentence"), t.text or "") for t in root.iter("token")]
    text, offsets = _detokenize(tokens)
    markables = root.find("Markables")
    entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
    target: dict[str, str] = {}
    for link in root.find("Relations").findall("REFERS_TO"):
        goal = link.find("target").get("m_id")
        for source in link.findall("source"):
            target[source.get("m_id")] = goal
    doc = GoldDoc(path.stem.split("_")[0], text)
    for mention in markables.findall("ENTITY_MENTION"):
        entity = entities.get(target.get(mention.get("m_id"), ""))
        if entity is None or mention.get("syntactic_type") not in SCORED_SYNTAX:
            continue
        if entity.get("ent_type") not in SCORED_TYPES:
            continue
        anchors = [offsets[a.get("t_id")] for a in mention.findall("token_anchor")]
        if not anchors:
            continue
        cluster = entity.get("instance_id") or f"{doc.id}#{entity.get('m_id')}"
        doc.mentions.append(GoldMention(min(a[0] for a in anchors), max(a[1] for a in anchors), cluster,
                                        entity.get("ent_type")))
    return doc


def read_meantime(folder: Path) -> list[GoldDoc]:
    """Every article of the corpus (all four topic folders), in file-name order."""
    return [read_meantime_file(p) for p in sorted(folder.glob("*/*.xml"))]


# -- metrics ------------------------------------------------------------------------------------------------

Cluster = frozenset


def clusters_of(assignment: dict[Hashable, Hashable]) -> list[frozenset]:
    """Mentions grouped by the cluster id each is assigned."""
    groups: dict[Hashable, set] = {}
    for mention, cluster in assignment.items():
        groups.setdefault(cluster, set()).add(mention)
    return [frozenset(g) for g in groups.values()]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def muc(key: list[frozenset], response: list[frozenset]) -> tuple[float, float, float]:
    def score(a: list[frozenset], b: list[frozenset]) -> float:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for cluster in a:
            parts = {where.get(m, ("single", m)) for m in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num / den if den else 0.0

    r, p = score(key, response), score(response, key)
    return p, r, _f1(p, r)


def b_cubed(key: list[frozenset], response: list[frozenset]) -> tuple[float, float, float]:
    def score(a: list[frozenset], b: list[frozenset]) -> float:
        where = {m: c for c in b for m in c}
        total = sum(len(c) for c in a)
        value = sum(len(c & where.get(m, frozenset())) / len(c) for c in a for m in c)
        return value / total if total else 0.0

    r, p = score(key, response), score(response, key)
    return p, r, _f1(p, r)


def ceaf_e(key: list[frozenset], response: list[frozenset]) -> tuple[float, float, float]:
    """Entity-based CEAF with phi4 = 2|K&R| / (|K| + |R|), optimal one-to-one alignment (Kuhn-Munkres)."""
    if not key or not response:
        return 0.0, 0.0, 0.0
    index = {m: j for j, c in enumerate(response) for m in c}
    edges: dict[tuple[int, int], float] = {}
    for i, k in enumerate(key):
        counts: dict[int, int] = {}
        for m in k:
            if m in index:
                counts[index[m]] = counts.get(index[m], 0) + 1
        for j, n in counts.items():
            edges[(i, j)] = 2 * n / (len(k) + len(response[j]))
    total = sum(_best_alignment(component) for component in _components(edges))
    p, r = total / len(response), total / len(key)
    return p, r, _f1(p, r)


def _components(edges: dict[tuple[int, int], float]) -> list[dict[tuple[int, int], float]]:
    """Split a bipartite similarity graph into connected components (each small: aligned separately)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(("k", i))] = find(("r", j))
    groups: dict[tuple[str, int], dict[tuple[int, int], float]] = {}
    for (i, j), value in edges.items():
        groups.setdefault(find(("k", i)), {})[(i, j)] = value
    return list(groups.values())


def _best_alignment(edges: dict[tuple[int, int], float]) -> float:
    """Maximum total weight of a one-to-one matching (Hungarian algorithm on the padded square matrix)."""
    rows = sorted({i for i, _ in edges})
    cols = sorted({j for _, j in edges})
    n = max(len(rows), len(cols))
    weight = [[0.0] * n for _ in range(n)]
    for (i, j), value in edges.items():
        weight[rows.index(i)][cols.index(j)] = value
    cost = [[1.0 - w for w in row] for row in weight]
    u, v, match, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        match[0], j0 = i, 0
        minv, used = [float("inf")] * (n + 1), [False] * (n + 1)
        while match[j0]:
            used[j0] = True
            i0, delta, j1 = match[j0], float("inf"), 0
            for j in range(1, n + 1):
                if not used[j]:
                    current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return sum(weight[match[j] - 1][j - 1] for j in range(1, n + 1) if match[j])


def conll(key: list[frozenset], response: list[frozenset]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e precision/recall/F1 and their mean F1 (the CoNLL-2012 score)."""
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    out = {f"{name}_{part}": round(value, 4) for name, triple in scores.items()
           for part, value in zip(("p", "r", "f1"), triple, strict=True)}
    out["conll_f1"] = round(sum(t[2] for t in scores.values()) / 3, 4)
    return out


# -- aligning system output to gold mentions ----------------------------------------------------------------


def align(gold: list[GoldDoc], system: Iterable[tuple[str, int, int, Hashable]]) -> dict[tuple, Hashable]:
    """For every gold mention (doc, start, end), the cluster of the last system mention inside its span, or a
    singleton of its own when there is none."""
    by_doc: dict[str, list[tuple[int, int, Hashable]]] = {}
    for doc, start, end, cluster in system:
        by_doc.setdefault(doc, []).append((start, end, cluster))
    response: dict[tuple, Hashable] = {}
    for doc in gold:
        spans = sorted(by_doc.get(doc.id, []))
        for m in doc.mentions:
            inside = [s for s in spans if s[0] >= m.start and s[1] <= m.end]
            key = (doc.id, m.start, m.end)
            response[key] = inside[-1][2] if inside else ("unlinked", key)
    return response


def score_clustering(gold: list[GoldDoc], system: Iterable[tuple[str, int, int, Hashable]]) -> dict[str, float]:
    """CoNLL metrics of a system's clustering of the gold mentions, plus how many gold mentions it found."""
    key_map = {(d.id, m.start, m.end): m.cluster for d in gold for m in d.mentions}
    response_map = align(gold, system)
    found = sum(1 for v in response_map.values() if not (isinstance(v, tuple) and v[:1] == ("unlinked",)))
    result = conll(clusters_of(key_map), clusters_of(response_map))
    result["gold_mentions"] = len(key_map)
    result["gold_entities"] = len(set(key_map.values()))
    result["mention_recall"] = round(found / len(key_map), 4) if key_map else 0.0
    return result


# -- running Storyline on the gold texts --------------------------------------------------------------------


def analyse_texts(docs: list[GoldDoc], db: Path, nlp: object) -> None:
    """Parse the gold texts as they are (no cleaning, so offsets stay the gold's), run the actors stage on each and
    the actors corpus step on all, into a fresh store at `db`."""
    from storyline import __version__
    from storyline.corpus import run_step
    from storyline.model import Analysis, Document
    from storyline.stages import actors
    from storyline.stages import nlp as nlp_stage
    from storyline.store import open_store

    store = open_store(db)
    try:
        run_id = store.begin_run("meantime", __version__, "eval", {}, ["meantime"])
        analyses = []
        for parsed, gold in nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=32):
            document = Document(id=gold.id, raw_text=gold.text, source_path="meantime", text=gold.text)
            analyses.append(Analysis(document, nlp_stage.compute(parsed), {"actors": actors.compute(document, parsed)}))
        store.write_batch(run_id, analyses, [])
        run_step(store, run_id, "actors")
        store.finish_run(run_id, "completed", len(analyses), 0, 0)
    finally:
        store.close()


def system_clusters(db: Path) -> tuple[list[tuple], list[tuple]]:
    """(actors, same-string baseline): (doc, start, end, cluster) for every system mention in the store. The
    baseline clusters the recogniser's mentions by their normalised surface string and type (the store's
    per-surface `entities` table, which is what Storyline exported before actors)."""
    from storyline.store import open_store

    store = open_store(db)
    try:
        return store.actor_clusters(), store.surface_entity_clusters()
    finally:
        store.close()


def evaluate_meantime(folder: Path, workdir: Path, nlp: object) -> dict[str, dict[str, float]]:
    """Scores of Storyline's actors and of the same-string baseline on MEANTIME's named mentions."""
    gold = read_meantime(folder)
    db = workdir / "meantime.db"
    analyse_texts(gold, db, nlp)
    actors, baseline = system_clusters(db)
    return {"actors": score_clustering(gold, actors), "same_string": score_clustering(gold, baseline)}
