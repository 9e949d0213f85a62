"""Quantities on real text: counts by unit and approximation, and a random sample to judge by eye (docs/quality.md).

Parses the first `--size` full-text records of the shared ukraine-media corpus with the pipeline's model, runs
`storyline.claims.quantities.find_quantities` on each and prints how many quantities it found, by unit and by
approximation, then `--sample` finds drawn at random (fixed `--seed`), each with its sentence, for a person to
read. There is no gold set: the figures in docs/quality.md were judged by the developer from this sample.

    .venv/bin/python bench/eval_quantities.py [--size 200] [--sample 50] [--seed 7] [--json counts.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from storyline.claims.quantities import Quantity, find_quantities
from storyline.stages.nlp import load_model

CORPUS = Path("corpus") / "ukraine-media" / "articles.jsonl"


def first_full_texts(path: Path, size: int) -> list[dict]:
    """The first `size` records of the corpus that hold a full text, in file order."""
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("full_text") and record.get("text"):
                records.append(record)
                if len(records) >= size:
                    break
    return records


def describe(q: Quantity) -> str:
    """One find on one line: its text, value, bounds, approximation, unit and alternate."""
    alternate = f" alt={q.alternate}" if q.alternate else ""
    return f"{q.text!r} value={q.value:g} low={q.low} high={q.high} {q.approximation} unit={q.unit}{alternate}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="full-text records to read (default 200)")
    parser.add_argument("--sample", type=int, default=50, help="random finds to print for reading (default 50)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the counts to this file")
    args = parser.parse_args(argv)

    records = first_full_texts(shared_dir() / CORPUS, args.size)
    nlp = load_model("")
    started = time.perf_counter()
    finds: list[tuple[str, str, Quantity]] = []  # (record id, sentence, quantity)
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        for sentence in doc.sents:
            finds.extend((record["id"], sentence.text, q) for q in find_quantities(sentence))
    seconds = time.perf_counter() - started

    units = Counter(q.unit or "(none)" for _, _, q in finds)
    approximations = Counter(q.approximation for _, _, q in finds)
    print(f"{len(records)} records, {len(finds)} quantities, {seconds:.0f} s (parse included)")
    print("by approximation:", ", ".join(f"{k} {v}" for k, v in approximations.most_common()))
    print("ranges:", sum(1 for *_, q in finds if q.low is not None and q.high is not None and q.low != q.high
                         and q.approximation != "order of magnitude"),
          "alternates:", sum(1 for *_, q in finds if q.alternate))
    print("by unit (top 30):", ", ".join(f"{k} {v}" for k, v in units.most_common(30)))
    print(f"\n{args.sample} random finds (seed {args.seed}), to judge by eye:")
    for n, (record_id, sentence, q) in enumerate(random.Random(args.seed).sample(finds, min(args.sample, len(finds))),
                                                 1):
        print(f"{n:2d}. [{record_id}] {describe(q)}\n    | {' '.join(sentence.split())[:300]}")
    if args.json:
        args.json.write_text(json.dumps({"records": len(records), "quantities": len(finds),
                                         "approximations": approximations, "units": units}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
