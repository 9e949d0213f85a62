"""Corpus step `sources`: which articles are copies of one another, and how far each source can be trusted.

It reads every document's text and
1. clusters copies (the same text under several outlets) and rewrites (the same sentences in other words)
   (storyline.events.copies.find_copies), each cluster's original the earliest published, so that events and claims
   count independent sources only: a copy counts once, a rewrite is listed with its original but still counts
   as its own source (the rewrite rule's held-out precision, 0.42, is too low to take sources away on it);
2. flags each document with what its text shows of its making (storyline.claims.flags: machine-translated, spun,
   boilerplate-heavy), a likelihood with its evidence spans.
The events and claims steps read the clusters it stores, so it runs before them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from storyline.claims.flags import corpus_flags
from storyline.corpus.step import CorpusStep
from storyline.events.copies import CopyDoc, find_copies
from storyline.mapping import Mapper
from storyline.store import Row, SourceResults, Store


@dataclass
class SourceSnapshot:
    documents: list[Row]


def read_sources(store: Store, run_id: int) -> SourceSnapshot:
    return SourceSnapshot(list(store.latest_documents()))


def compute_sources(snapshot: SourceSnapshot, mapper: Mapper = map) -> SourceResults:
    """Copy clusters and document flags (each document's reading for its flags computed through `mapper`)."""
    clusters = find_copies([CopyDoc(d["id"], d["text"] or "", d["published"], d["source"])
                            for d in snapshot.documents])
    found: dict[str, tuple[str, str, float | None]] = {}
    for cluster in clusters:
        found[cluster.original] = (cluster.original, "original", None)
        for doc, kind in cluster.members.items():
            found[doc] = (cluster.original, kind, cluster.evidence.get(doc))
    copies = [(d["id"], *found.get(d["id"], (d["id"], "original", None))) for d in snapshot.documents]
    flagged = corpus_flags({d["id"]: d["text"] or "" for d in snapshot.documents},
                           {d["id"]: json.loads(d["removed"] or "[]") for d in snapshot.documents}, mapper)
    flags = [(doc, f.name, f.likelihood, [{"start": e.start, "end": e.end, "reason": e.reason} for e in f.evidence],
              f.note) for doc, found in flagged.items() for f in found]
    return SourceResults(copies=copies, flags=flags)


def write_sources(store: Store, run_id: int, results: SourceResults) -> dict[str, int]:
    store.replace_sources(run_id, results)
    return {"copies": sum(1 for _d, _o, kind, _s in results.copies if kind == "copy"),
            "rewrites": sum(1 for _d, _o, kind, _s in results.copies if kind == "rewrite"),
            "flags": len(results.flags)}


STEP = CorpusStep("sources", ("text",), read_sources, compute_sources, write_sources,
                  "cluster copied and rewritten articles, flag machine-translated and spun ones", parallel=True)
