"""Score the event extractor on the PLOVER gold-standard records and the PETRARCH2 unit tests (docs/quality.md,
"Events"). Reads ../shared/eval; prints Markdown tables (and JSON with --json).

    .venv/bin/python bench/eval_events.py [--json results.json] [--errors dev|held-out|all]

`--errors` lists the sentences whose main event has the wrong category (record index, gold, found, trigger).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from pathlib import Path

import spacy

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import events as quality
from storyline import __version__
from storyline.stages.nlp import load_model, resolve_model_name


def _plover_table(summary: dict) -> list[str]:
    rows = ["| split | sentences | type accuracy (PLOVER 0.5) | type accuracy (current 16) | no event "
            "| source country | target country |", "|---|---:|---:|---:|---:|---:|---:|"]
    for split in ("all", "dev", "held-out"):
        s = summary[split]
        rows.append(f"| {split} | {s['sentences']} | {s['type_accuracy']:.3f} | {s['type_accuracy_current']:.3f} "
                    f"| {s['no_event']} | {s['source_country_agreement']:.3f} ({s['source_pairs']}) "
                    f"| {s['target_country_agreement']:.3f} ({s['target_pairs']}) |")
    return rows


def _per_type(summary: dict) -> list[str]:
    rows = ["| type | gold | right | found (main events) |", "|---|---:|---:|---:|"]
    for name, counts in summary["all"]["per_type"].items():
        rows.append(f"| {name} | {counts['gold']} | {counts['right']} | {counts['found']} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=quality.default_eval(), help="../shared/eval folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--errors", choices=("dev", "held-out", "all"), help="list wrong main events of a split")
    args = parser.parse_args(argv)
    if not (args.eval / "plover-gsr").is_dir():
        print(f"gold data not found under {args.eval}", file=sys.stderr)
        return 2
    nlp = load_model("")
    plover = quality.evaluate_plover(nlp, args.eval)
    petrarch = quality.evaluate_petrarch(nlp, args.eval)
    summary = {"plover": plover.summary(), "petrarch": petrarch.summary()}
    print(f"Events, {datetime.date.today().isoformat()}, storyline {__version__}, spaCy {spacy.__version__} "
          f"({resolve_model_name('')}), Python {platform.python_version()}\n")
    print(f"PLOVER gold-standard records ({summary['plover']['seconds']} s):\n")
    print("\n".join(_plover_table(summary["plover"])))
    print()
    print("\n".join(_per_type(summary["plover"])))
    p = summary["petrarch"]
    print(f"\nPETRARCH2 unit tests ({p['seconds']} s): {p['records']} records, {p['mappable']} with a PLOVER-mappable "
          f"code\n")
    print("| type (main event) | type (any event) | noevents right | source exact | source primary | target exact "
          "| target primary |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {p['type_agreement_main']:.3f} | {p['type_agreement_any']:.3f} | {p['noevents_right']:.3f} "
          f"({p['noevents']}) | {p['source_exact']:.3f} ({p['source_pairs']}) | {p['source_primary']:.3f} "
          f"| {p['target_exact']:.3f} ({p['target_pairs']}) | {p['target_primary']:.3f} |")
    if args.errors:
        split = None if args.errors == "all" else args.errors
        print("\nWrong main events:")
        print("\n".join(plover.errors(split)))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
