"""Date articles without their dates: the hidden-date experiment on ukraine-media (docs/quality.md).

Takes the evaluation slice (200 dated full-text articles, fixed seed; evaluation.dating), writes them as
JSONL without their date field, runs `storyline analyze` on them into a fresh store (so the dating corpus step
infers every date from the texts and from each other) and compares the inferred dates with the hidden ones.

    .venv/bin/python bench/eval_dating.py [--json results.json] [--size 200]
    .venv/bin/python bench/eval_dating.py --calibrate    # re-estimate src/storyline/timex/dating_params.py

`--calibrate` parses the development slice (300 other articles) and writes the distance tables the dating model
reads; the evaluation slice is never used for it.
"""

from __future__ import annotations

import argparse
import json
import pprint
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import dating as quality
from storyline.config import Settings
from storyline.corpus.dating import document_terms
from storyline.run import analyze
from storyline.stages.clean import clean
from storyline.stages.nlp import load_model
from storyline.store import open_store
from storyline.timex import tag

PARAMS_MODULE = Path(__file__).resolve().parents[1] / "src" / "storyline" / "timex" / "dating_params.py"


def calibrate(dev: list[dict]) -> dict:
    """Parse the development slice and estimate the distance tables."""
    nlp = load_model("")
    texts = [(clean(r["text"], r.get("title"), Counter()).text, r) for r in dev]
    samples, terms = [], []
    for doc, r in nlp.pipe(texts, as_tuples=True, batch_size=16):
        samples.append((date.fromisoformat(r["date"][:10]), tag(doc.text, doc, None)))
        terms.append(document_terms(doc.text))
    return quality.calibrate(samples, terms)


def write_params(params: dict, size: int) -> None:
    header = (f'"""Distance tables of the dating model, estimated by `bench/eval_dating.py --calibrate` on the\n'
              f'development slice of ukraine-media ({size} articles; seed {quality.SEED}). Do not edit by hand."""\n\n')
    PARAMS_MODULE.write_text(header + "PARAMS = " + pprint.pformat(params, width=116, compact=True) + "\n")


def evaluate(records: list[dict], workdir: Path, context: list[dict]) -> tuple[quality.DatingScores, float]:
    """Analyse the articles with their dates hidden (and `context` articles with theirs) and score the
    inferred dates."""
    hidden = workdir / "hidden.jsonl"
    hidden.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "date"}) + "\n" for r in records))
    paths = [str(hidden)]
    if context:
        dated = workdir / "context.jsonl"
        dated.write_text("".join(json.dumps(r) + "\n" for r in context))
        paths.append(str(dated))
    started = time.perf_counter()
    summary = analyze(paths, Settings(db=str(workdir / "dating.db")))
    seconds = time.perf_counter() - started
    truth = {r["id"]: r["date"][:10] for r in records}
    scores = quality.DatingScores()
    store = open_store(summary.db)
    try:
        for row in store.document_dates():
            if row["id"] in truth:
                best = date.fromisoformat(row["best_day"]) if row["best_day"] else None
                scores.add(row["id"], truth[row["id"]], row["published"], best)
    finally:
        store.close()
    return scores, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="re-estimate the tables from the development slice")
    parser.add_argument("--size", type=int, default=quality.EVAL_SIZE, help="articles to date (default 200)")
    parser.add_argument("--context", type=int, default=0,
                        help="also analyse this many other dated articles, dates kept (a corpus where some "
                             "articles carry metadata)")
    parser.add_argument("--json", type=Path, help="also write the scores and every miss here")
    args = parser.parse_args(argv)
    if not quality.corpus_path().is_file():
        print(f"corpus not found: {quality.corpus_path()}", file=sys.stderr)
        return 2
    articles = quality.dated_articles()
    evaluation, development = quality.slices(articles, eval_size=args.size)
    if args.calibrate:
        params = calibrate(development)
        write_params(params, len(development))
        print(f"wrote {PARAMS_MODULE} from {len(development)} development articles: {params['counts']}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        scores, seconds = evaluate(evaluation, Path(tmp), quality.context(articles, args.context))
    s = scores.as_dict()
    print(f"Hidden-date experiment: {s['articles']} ukraine-media articles (seed {quality.SEED}), "
          f"{args.context} dated context articles, {seconds:.0f} s\n")
    print("| articles | dated | to a day | to a month | to a year | right at its grain | exact day | within 1 day "
          "| within 3 days | exact (of day answers) | within 3 (of day answers) | best guess exact | best guess "
          "within 3 | best guess right year |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {s['articles']} | {s['dated']} | {s['day_grain']} | {s['month_grain']} | {s['year_grain']} "
          f"| {s['right_at_grain']} | {s['exact']:.3f} | {s['within_1']:.3f} | {s['within_3']:.3f} "
          f"| {s['exact_of_day']:.3f} | {s['within_3_of_day']:.3f} | {s['best_exact']:.3f} | {s['best_within_3']:.3f} "
          f"| {s['best_year']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps({"scores": s, "seconds": seconds, "misses": scores.errors}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
