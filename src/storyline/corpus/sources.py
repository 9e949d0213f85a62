"""Corpus step `sources`: which articles are copies of one another, and how far each source can be trusted.

It reads every document's text and
1. clusters copies (the same text under several outlets: storyline.events.copies), each cluster's original the
   earliest published, so that events and claims count independent sources only;
2. flags each document with what its text shows of its making (storyline.claims.flags: machine-translated, spun,
   boilerplate-heavy), a likelihood with its evidence spans.
The events and claims steps read the clusters it stores, so it runs before them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from storyline.claims.flags import corpus_flags
from storyline.corpus.step import CorpusStep
from storyline.events.copies import copy_groups
from storyline.store import Row, SourceResults, Store


@dataclass
class SourceSnapshot:
    documents: list[Row]


def read_sources(store: Store, run_id: int) -> SourceSnapshot:
    return SourceSnapshot(list(store.latest_documents()))


def _in_date_order(documents: list[Row]) -> list[Row]:
    """Earliest published first (undated last), then input order: the first of a copy group is its original."""
    order = {d["id"]: n for n, d in enumerate(documents)}
    return sorted(documents, key=lambda d: (d["published"] is None, d["published"] or "", order[d["id"]]))


def compute_sources(snapshot: SourceSnapshot) -> SourceResults:
    """Copy clusters and document flags."""
    groups = copy_groups((d["id"], d["text"] or "") for d in _in_date_order(snapshot.documents))
    copies = [(doc, original, "original" if doc == original else "copy", None) for doc, original in groups.items()]
    flagged = corpus_flags({d["id"]: d["text"] or "" for d in snapshot.documents},
                           {d["id"]: json.loads(d["removed"] or "[]") for d in snapshot.documents})
    flags = [(doc, f.name, f.likelihood, [{"start": e.start, "end": e.end, "reason": e.reason} for e in f.evidence],
              f.note) for doc, found in flagged.items() for f in found]
    return SourceResults(copies=copies, flags=flags)


def write_sources(store: Store, run_id: int, results: SourceResults) -> dict[str, int]:
    store.replace_sources(run_id, results)
    return {"copies": sum(1 for doc, original, _k, _s in results.copies if doc != original),
            "flags": len(results.flags)}


STEP = CorpusStep("sources", ("text",), read_sources, compute_sources, write_sources,
                  "cluster copied and rewritten articles, flag machine-translated and spun ones")
