"""Copies and rewrites on the hand-labelled ukraine-media pairs, and the speed of find_copies (docs/quality.md).

    .venv/bin/python bench/eval_copies.py [--json out.json]      # precision/recall, tune and held-out halves
    .venv/bin/python bench/eval_copies.py --speed                  # find_copies over all 3,669 full-text articles
    .venv/bin/python bench/eval_copies.py [--speed] --embedder spacy  # sentences aligned by spaCy word vectors
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation.copies import evaluate, gold_vectors, load_corpus, load_gold, prepare_corpus
from report import print_and_save
from storyline.embed import Embedder, SpacyVectors
from storyline.events.copies import CopyDoc, find_copies
from storyline.stages.nlp import load_model


def speed(embedder: Embedder | None = None) -> dict:
    """Time of find_copies over the whole full-text corpus (one process, one core), then its peak traced memory in
    a second run (tracemalloc slows Python down about threefold, so it is not on while timing)."""
    records = load_corpus()
    docs = [CopyDoc(r["id"], r["text"], r["date"], r["outlet"]) for r in records]
    started = time.perf_counter()
    clusters = find_copies(docs, embedder)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    find_copies(docs, embedder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    kinds = Counter(kind for c in clusters for kind in c.members.values())
    return {"documents": len(docs), "seconds": round(seconds, 1), "peak_traced_mib": round(peak / 2**20, 1),
            "clusters": len(clusters), "members": dict(kinds)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="time find_copies over the whole corpus instead")
    parser.add_argument("--embedder", choices=["spacy"], help="align sentences by spaCy word vectors "
                        "(EMBED_FLOOR) instead of content-word stems")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    embedder = SpacyVectors(load_model("")) if args.embedder == "spacy" else None
    if args.speed:
        print_and_save(speed(embedder), args.json)
        return 0
    corpus, pairs = prepare_corpus(load_corpus()), load_gold()
    vectors = gold_vectors(corpus, pairs, embedder) if embedder else None
    figures = evaluate(corpus, pairs, vectors=vectors)
    figures["embedder"] = args.embedder or "stems"
    print_and_save(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
