"""Actor clustering against MEANTIME's cross-document entity coreference (B-cubed, CoNLL F1), beside a
same-string baseline. Reads ../shared/eval/meantime-en; prints JSON.

    .venv/bin/python bench/eval_actors.py [--json results.json]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from evaluation.coref import evaluate_meantime
from report import print_and_save
from storyline.stages.nlp import load_model

MEANTIME = shared_dir() / "eval" / "meantime-en" / "intra_cross-doc_annotation"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--model", default="", help="spaCy pipeline (default: the preferred installed one)")
    args = parser.parse_args()
    nlp = load_model(args.model)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        scores = evaluate_meantime(MEANTIME, Path(tmp), nlp)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    print_and_save(scores, args.json)


if __name__ == "__main__":
    main()
