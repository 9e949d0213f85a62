"""Stance quality: the FNC-1 scorer on hand-made labels, and the stance judge's floors on a fixed subset of the FNC-1
competition test split and on the Emergent test file (skipped without ../shared). The full figures come from
`bench/eval_stance.py` (docs/quality.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.stance import (
    EMERGENT_LABELS,
    TO_EMERGENT,
    Pair,
    emergent_dir,
    fnc_dir,
    fnc_score,
    fnc_subset,
    read_emergent,
    read_fnc,
    report,
    split_by_body,
)
from storyline.claims.stance import RuleStance

from .conftest import need_shared

FLOORS = json.loads((Path(__file__).resolve().parent / "quality_floors.json").read_text(encoding="utf-8"))["stance"]
SUBSET_EVERY = 4  # the pairs of every 4th test body id (numeric order): 6,752 of the 25,413 pairs


def test_fnc_score_gives_a_quarter_for_relatedness_and_the_rest_for_the_right_related_label() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    assert fnc_score(gold, gold) == (3.5, 3.5)
    assert fnc_score(gold, ["discuss", "unrelated", "discuss", "agree", "unrelated"]) == (0.25 + 0 + 1 + 0 + 0.25, 3.5)


def test_report_counts_precision_recall_and_the_confusion_matrix() -> None:
    figures = report(["agree", "disagree", "disagree", "unrelated"], ["agree", "disagree", "agree", "unrelated"])
    assert figures["per_label"]["disagree"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2,
                                                "predicted": 1}
    assert figures["confusion"]["disagree"]["agree"] == 1
    assert figures["accuracy"] == 0.75


def test_train_split_is_cut_by_body_so_dev_bodies_are_never_fitted() -> None:
    pairs = [Pair("h", str(body), "b", "agree") for body in range(20) for _ in range(2)]
    fit, dev = split_by_body(pairs, stride=5)
    assert {p.key for p in dev} == {"0", "5", "10", "15"}
    assert not {p.key for p in fit} & {p.key for p in dev}


def _below(measured: dict[str, float], floors: dict[str, float]) -> dict[str, str]:
    return {name: f"{measured[name]:.4f} < {floor}" for name, floor in floors.items() if measured[name] < floor}


def test_stance_judge_meets_floors_on_an_fnc1_test_subset() -> None:
    need_shared(fnc_dir() / "competition_test_stances.csv")
    pairs = fnc_subset(read_fnc("competition_test"), SUBSET_EVERY)
    judge = RuleStance()
    figures = report([p.label for p in pairs], [judge.judge(p.claim, p.text).label for p in pairs])
    disagree = figures["per_label"]["disagree"]
    measured = {"fnc_score": figures["fnc_score"], "disagree_recall": disagree["recall"],
                "disagree_precision": disagree["precision"], "related_accuracy": figures["related_accuracy"]}
    below = _below(measured, {k: v for k, v in FLOORS["fnc1_test_subset"].items() if not k.startswith("_")})
    assert not below, f"stance quality under its floor (tests/quality_floors.json stance): {below}"


def test_headline_profile_meets_floors_on_emergent_test() -> None:
    need_shared(emergent_dir() / "url-versions-2015-06-14-clean-test.csv")
    pairs = read_emergent("test")
    judge = RuleStance.for_headlines()
    figures = report([p.label for p in pairs], [TO_EMERGENT[judge.judge(p.claim, p.text).label] for p in pairs],
                     EMERGENT_LABELS, fnc=False)
    against = figures["per_label"]["against"]
    measured = {"accuracy": figures["accuracy"], "against_recall": against["recall"],
                "against_precision": against["precision"]}
    below = _below(measured, {k: v for k, v in FLOORS["emergent_test"].items() if not k.startswith("_")})
    assert not below, f"stance quality under its floor (tests/quality_floors.json stance): {below}"


@pytest.mark.parametrize("split", ["train", "competition_test"])
def test_fnc1_files_read_whole(split: str) -> None:
    need_shared(fnc_dir() / f"{split}_stances.csv")
    pairs = read_fnc(split)
    assert len(pairs) == {"train": 49972, "competition_test": 25413}[split]
    assert {p.label for p in pairs} == {"agree", "disagree", "discuss", "unrelated"}
