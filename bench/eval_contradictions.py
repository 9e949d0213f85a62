"""Contradiction precision on the labelled pairs of tests/gold/contradictions.tsv (docs/quality.md, "Claims").

The pairs were labelled on a store of every full-text 2022 record of the shared ukraine-media corpus (3,485
articles). Give that store with `--db`, or `--build PATH` to analyse the records into PATH first (about ten minutes
with two workers); prints precision by split and how many proposals are unlabelled.

    .venv/bin/python bench/eval_contradictions.py --db story2022.db [--json figures.json]
    .venv/bin/python bench/eval_contradictions.py --build story2022.db --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from evaluation.contradictions import score
from report import print_and_save
from storyline.config import Settings
from storyline.run import analyze
from storyline.store import open_store

CORPUS = Path("corpus") / "ukraine-media" / "articles.jsonl"


def full_text_2022(out: Path) -> Path:
    """Write the full-text records dated 2022 to `out` (JSONL), as the gold pairs were labelled on."""
    with (shared_dir() / CORPUS).open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            record = json.loads(line)
            if record.get("full_text") and record.get("text") and str(record.get("date", "")).startswith("2022"):
                dst.write(line)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store analysed on the full-text 2022 records")
    parser.add_argument("--build", type=Path, help="analyse the records into this new store first")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also save the figures here")
    args = parser.parse_args(argv)
    db = args.build or args.db
    if db is None:
        parser.error("give --db or --build")
    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            records = full_text_2022(Path(tmp) / "articles2022.jsonl")
            analyze([str(records)], Settings(db=str(db), workers=args.workers))
    store = open_store(db)
    try:
        print_and_save(score(store), args.json)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
