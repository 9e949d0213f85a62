"""Score stance judges on FNC-1 (headline vs article body) and Emergent (claim vs article headline).

FNC-1 (../shared/eval/fnc-1, see its SOURCE.txt): `train_bodies.csv` + `train_stances.csv` (49,972 pairs, 1,683
bodies) and the official competition test split `competition_test_bodies.csv` + `competition_test_stances.csv`
(25,413 pairs, 904 bodies; its bodies are not in train). The train split is cut by body id into a fit part and a dev
part (`split_by_body`: every `DEV_STRIDE`-th body id in sorted order is dev), so that nothing chosen on dev has seen
its bodies. The test split is only ever scored.

The FNC-1 score is the official one (its scorer.py, reimplemented): +0.25 when a pair is rightly called related or
unrelated, +0.75 more when a related pair gets its right label (agree, disagree, discuss); reported as a share of the
best possible score. Beside it: accuracy, per-label precision/recall/F1, the macro F1 over the four labels (the
metric Hanselowski et al. 2018 argue for) and the confusion matrix (rows gold, columns predicted).

Emergent (../shared/eval/emergent): `url-versions-2015-06-14-clean-train.csv` / `-test.csv` (Ferreira & Vlachos's
split: 2,071 / 524 pairs of a claim and an article headline, stance for / against / observing). A judge's labels map
agree -> for, disagree -> against, discuss and unrelated -> observing.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluation import shared_dir

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset({"agree", "disagree", "discuss"})
EMERGENT_LABELS = ("for", "against", "observing")
TO_EMERGENT = {"agree": "for", "disagree": "against", "discuss": "observing", "unrelated": "observing"}
DEV_STRIDE = 5  # every 5th body id of the train split is dev (about 20% of the bodies)


@dataclass(frozen=True)
class Pair:
    """One gold pair: the claim (FNC-1 headline, Emergent claim), the text's key (FNC-1 body id, Emergent article id),
    the text itself and the gold label."""

    claim: str
    key: str
    text: str
    label: str


def fnc_dir() -> Path:
    return shared_dir() / "eval" / "fnc-1"


def emergent_dir() -> Path:
    return shared_dir() / "eval" / "emergent"


def read_fnc(split: str, folder: Path | None = None) -> list[Pair]:
    """The pairs of one FNC-1 split, "train" or "competition_test", in file order."""
    folder = folder or fnc_dir()
    with (folder / f"{split}_bodies.csv").open(encoding="utf-8", newline="") as fh:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    with (folder / f"{split}_stances.csv").open(encoding="utf-8", newline="") as fh:
        return [Pair(row["Headline"], row["Body ID"], bodies[row["Body ID"]], row["Stance"])
                for row in csv.DictReader(fh)]


def split_by_body(pairs: Iterable[Pair], stride: int = DEV_STRIDE) -> tuple[list[Pair], list[Pair]]:
    """The (fit, dev) parts of a split: every `stride`-th distinct body id in numeric order goes to dev."""
    pairs = list(pairs)
    ids = sorted({p.key for p in pairs}, key=int)
    dev_ids = set(ids[::stride])
    return [p for p in pairs if p.key not in dev_ids], [p for p in pairs if p.key in dev_ids]


def read_emergent(split: str, folder: Path | None = None) -> list[Pair]:
    """The pairs of Emergent's "train" or "test" file: claim, article id, article headline, stance."""
    folder = folder or emergent_dir()
    with (folder / f"url-versions-2015-06-14-clean-{split}.csv").open(encoding="utf-8", newline="") as fh:
        return [Pair(row["claimHeadline"], row["articleId"], row["articleHeadline"], row["articleHeadlineStance"])
                for row in csv.DictReader(fh)]


def fnc_subset(pairs: Sequence[Pair], every: int) -> list[Pair]:
    """A fixed subset for fast checks: the pairs of every `every`-th distinct body id (numeric order)."""
    ids = sorted({p.key for p in pairs}, key=int)
    kept = set(ids[::every])
    return [p for p in pairs if p.key in kept]


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 score and its maximum for these gold labels."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 + (0.75 if g in RELATED else 0.0)
        if g == p:
            score += 0.25 + (0.75 if g in RELATED else 0.0)
        elif g in RELATED and p in RELATED:
            score += 0.25
    return score, best


def per_label(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each label."""
    out = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                      "support": n_gold, "predicted": n_pred}
    return out


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, int]]:
    """Rows gold, columns predicted."""
    counts = Counter(zip(gold, predicted, strict=True))
    return {g: {p: counts[(g, p)] for p in labels} for g in labels}


def report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = FNC_LABELS,
           fnc: bool = True) -> dict:
    """Every figure of one run: accuracy, per-label P/R/F1, macro F1, confusion matrix (and the FNC-1 score)."""
    classes = per_label(gold, predicted, labels)
    out: dict = {"pairs": len(gold),
                 "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1), 4),
                 "macro_f1": round(sum(c["f1"] for c in classes.values()) / len(labels), 4),
                 "per_label": classes, "confusion": confusion(gold, predicted, labels)}
    if fnc:
        score, best = fnc_score(gold, predicted)
        out = {"fnc_score": round(score / best, 4) if best else 0.0, "fnc_points": [score, best], **out}
        related_right = sum((g in RELATED) == (p in RELATED) for g, p in zip(gold, predicted, strict=True))
        out["related_accuracy"] = round(related_right / max(len(gold), 1), 4)
    return out


def run(judge: Callable[[str, str], str], pairs: Iterable[Pair]) -> list[str]:
    """The labels a judge (claim, text -> label) gives to the pairs, in order."""
    return [judge(p.claim, p.text) for p in pairs]
