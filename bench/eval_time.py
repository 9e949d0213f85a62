"""Score time expressions on TempEval-3 platinum and MEANTIME (docs/quality.md, section Time).

Runs Storyline's time stage (spaCy parse + rules + normalisation against the gold creation time), spaCy's
DATE/TIME entities alone and dateparser's `search_dates` over the same documents and prints a Markdown table:
strict and relaxed span F1 (TempEval-3 task A), value accuracy and value F1, type F1. Usage:

    .venv/bin/python bench/eval_time.py [--corpus tempeval3|meantime] [--errors] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import date
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import timex as quality
from storyline import __version__
from storyline.stages.nlp import load_model

CORPORA = {"tempeval3": quality.load_tempeval3, "meantime": quality.load_meantime}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: both")
    parser.add_argument("--errors", action="store_true", help="print Storyline's misses and wrong values")
    parser.add_argument("--no-baselines", action="store_true", help="score Storyline only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not quality.shared_eval_dir().is_dir():
        print(f"gold data not found: {quality.shared_eval_dir()}", file=sys.stderr)
        return 2
    nlp = load_model("")
    taggers = {"storyline": quality.storyline_tagger(nlp)}
    if not args.no_baselines:
        taggers |= {"spaCy DATE/TIME": quality.spacy_tagger(nlp), "dateparser": quality.dateparser_tagger()}
    print(f"Time expressions, {date.today().isoformat()}, storyline {__version__}, model "
          f"{nlp.meta['name']} {nlp.meta['version']}, Python {platform.python_version()}\n")
    print("| corpus | system | gold | found | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
          "| value acc. | value F1 | type F1 | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    report = {}
    for corpus in args.corpus or list(CORPORA):
        documents = CORPORA[corpus]()
        for name, tagger in taggers.items():
            scores = quality.evaluate(tagger, documents)
            s = scores.as_dict()
            report[f"{corpus}/{name}"] = {**s, "seconds": scores.seconds, "documents": len(documents)}
            print(f"| {corpus} ({len(documents)} docs) | {name} | {s['gold']} | {s['predicted']} "
                  f"| {s['strict_precision']:.3f} | {s['strict_recall']:.3f} | {s['strict_f1']:.3f} "
                  f"| {s['relaxed_precision']:.3f} | {s['relaxed_recall']:.3f} | {s['relaxed_f1']:.3f} "
                  f"| {s['value_accuracy']:.3f} | {s['value_f1']:.3f} | {s['type_f1']:.3f} | {scores.seconds:.1f} |")
            if args.errors and name == "storyline":
                for error in scores.errors:
                    print("    ", error, file=sys.stderr)
    print("\nspaCy gives no values (value columns 0); dateparser's values are days. Strict: same span; relaxed: "
          "overlap; value F1 = value accuracy x relaxed F1 (TempEval-3).")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
