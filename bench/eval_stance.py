"""Stance judge on FNC-1 (competition test split) and Emergent (test file): the figures of docs/quality.md.

FNC-1: `storyline.claims.stance.RuleStance` as shipped (weights fitted on FNC-1 train less its dev part by
`bench/fit_stance.py`) on the 25,413 pairs of the official competition test split, and on the dev part of train for
comparison: the FNC-1 score (share of the maximum), accuracy, per-label P/R/F1, macro F1, confusion matrix.

Emergent: claim vs article headline, labels mapped agree -> for, disagree -> against, discuss and unrelated ->
observing. Two runs on the test file: the short-text profile (`RuleStance.for_headlines()`, weights fitted on
Emergent's train file by `bench/fit_stance.py --headline`: the headline figure) and, for comparison, the default
judge with FNC-1's body weights.

    .venv/bin/python bench/eval_stance.py [--json stance.json] [--skip-dev]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation.stance import (
    EMERGENT_LABELS,
    TO_EMERGENT,
    Pair,
    read_emergent,
    read_fnc,
    report,
    split_by_body,
)
from report import print_and_save
from storyline.claims.stance import RuleStance

# Published figures (see docs/quality.md for where each comes from).
PUBLISHED = {
    "fnc1_baseline_readme_holdout": {
        "what": "FakeNewsChallenge/fnc-1-baseline README: gradient boosting on hand features, its hold-out split of "
                "train (not the competition test): 3539.75 of 4448.5 = 79.57%; disagree 2 right of 162",
        "fnc_score": 0.7957, "disagree_recall": round(2 / 162, 4)},
    "fnc1_baseline_test_as_cited": {"what": "the figure the issue cites for the baseline on the test set",
                                    "fnc_score": 0.7953},
    "emergent_ferreira_vlachos_2016": {"what": "Ferreira & Vlachos 2016, logistic regression, headline stance, "
                                               "test accuracy", "accuracy": 0.73},
}


def run_fnc(judge: RuleStance, pairs: list[Pair]) -> tuple[dict, float]:
    started = time.perf_counter()
    predicted = [judge.judge(p.claim, p.text).label for p in pairs]
    seconds = time.perf_counter() - started
    return report([p.label for p in pairs], predicted), seconds


def emergent_labels(judge: RuleStance, pairs: list[Pair]) -> list[str]:
    return [TO_EMERGENT[judge.judge(p.claim, p.text).label] for p in pairs]


def summary(figures: dict) -> str:
    d = figures["per_label"].get("disagree") or figures["per_label"]["against"]
    head = f"FNC {figures['fnc_score']:.4f}, " if "fnc_score" in figures else ""
    return (f"{head}accuracy {figures['accuracy']:.4f}, macro F1 {figures['macro_f1']:.4f}, "
            f"disagree/against P {d['precision']:.3f} R {d['recall']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--skip-dev", action="store_true", help="score the FNC-1 test split only")
    args = parser.parse_args(argv)

    figures: dict = {"published": PUBLISHED}
    test, seconds = run_fnc(RuleStance(), read_fnc("competition_test"))
    figures["fnc1_test"] = {**test, "seconds": round(seconds, 1)}
    print(f"FNC-1 competition test: {summary(test)} ({seconds:.0f} s)", file=sys.stderr)
    if not args.skip_dev:
        dev, seconds = run_fnc(RuleStance(), split_by_body(read_fnc("train"))[1])
        figures["fnc1_train_dev"] = {**dev, "seconds": round(seconds, 1)}
        print(f"FNC-1 train dev part: {summary(dev)}", file=sys.stderr)

    test_pairs = read_emergent("test")
    gold = [p.label for p in test_pairs]
    body_only = report(gold, emergent_labels(RuleStance(), test_pairs), EMERGENT_LABELS, fnc=False)
    figures["emergent_test_body_profile"] = body_only
    short = report(gold, emergent_labels(RuleStance.for_headlines(), test_pairs), EMERGENT_LABELS, fnc=False)
    figures["emergent_test_headline_profile"] = short
    print(f"Emergent test, FNC-1 body profile: {summary(body_only)}", file=sys.stderr)
    print(f"Emergent test, headline profile (fitted on Emergent train): {summary(short)}", file=sys.stderr)
    print_and_save(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
