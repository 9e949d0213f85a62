"""Fit the stance judge's weights on the FNC-1 train split and write `lexicons/claims/stance_weights.tsv`.

The train split is cut by body id (`evaluation.stance.split_by_body`: every 5th body id is dev). Two logistic
regressions (numpy, L2, full-batch gradient descent on standardised features, folded back to raw-feature weights)
are fitted on the fit part over `storyline.claims.stance.FEATURES`: related vs unrelated on every pair; agree /
disagree / discuss on the related pairs, each label weighted by the inverse of its frequency (disagree is 2% of the
pairs). On the dev part the script then chooses the threshold on P(related) and an offset for agree and disagree
(discuss stays 0) that maximise the macro F1 over the four labels (the metric that counts disagree as much as
unrelated; the FNC-1 score counts a disagree called discuss as a quarter right). The test split is never read.

    .venv/bin/python bench/fit_stance.py [--write] [--objective macro_f1|fnc]
    .venv/bin/python bench/fit_stance.py --headline [--write]

Without --write it prints the dev figures and the weights only. With --headline it fits the judge's profile for short
texts (`lexicons/claims/stance_weights_headline.tsv`) on Emergent's train file instead: the same features, the
agree/disagree/discuss regression only (for/against/observing), with the offsets chosen for accuracy on a dev part
of that file (every 5th claim); Emergent's test file is never read.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np

import repo_path
from evaluation.stance import FNC_LABELS, Pair, read_emergent, read_fnc, report, split_by_body
from storyline.claims.stance import FEATURES, RELATED_LABELS, RuleStance, Weights, load_weights

LEXICONS = repo_path.REPO / "src" / "storyline" / "lexicons" / "claims"
WEIGHTS_FILE = LEXICONS / "stance_weights.tsv"
HEADLINE_WEIGHTS_FILE = LEXICONS / "stance_weights_headline.tsv"
HEADLINE_SOURCE = ("Emergent train (url-versions-2015-06-14-clean-train.csv, Ferreira & Vlachos 2016) less its "
                   "dev part (every 5th claim)")
L2 = 1e-3
STEPS = 3000
RATE = 0.5
THRESHOLDS = np.round(np.arange(0.2, 0.81, 0.05), 2)
OFFSETS = np.round(np.arange(-3.0, 3.01, 0.25), 2)
NAMES = list(FEATURES)


def matrix(judge: RuleStance, pairs: list[Pair]) -> np.ndarray:
    """The feature matrix of the pairs (rows in order, columns in FEATURES order)."""
    return np.array([[judge.features(p.claim, p.text)[n] for n in NAMES] for p in pairs], dtype=float)


def fit_softmax(x: np.ndarray, y: np.ndarray, classes: int, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression: (coefficients features x classes, intercepts) on raw features."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    z = (x - mean) / std
    onehot = np.eye(classes)[y]
    coef = np.zeros((x.shape[1], classes))
    bias = np.zeros(classes)
    total = weights.sum()
    for _ in range(STEPS):
        logits = z @ coef + bias
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        error = (prob - onehot) * weights[:, None] / total
        coef -= RATE * (z.T @ error + L2 * coef)
        bias -= RATE * error.sum(axis=0)
    raw = coef / std[:, None]
    return raw, bias - mean @ raw


def _fast(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Macro F1 over the four labels and the FNC-1 score share, on label indexes (FNC_LABELS order)."""
    matrix_ = np.bincount(gold * 4 + predicted, minlength=16).reshape(4, 4)
    tp = np.diag(matrix_)
    precision = np.divide(tp, matrix_.sum(axis=0), out=np.zeros(4), where=matrix_.sum(axis=0) > 0)
    recall = np.divide(tp, matrix_.sum(axis=1), out=np.zeros(4), where=matrix_.sum(axis=1) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(4), where=precision + recall > 0)
    related = gold < 3
    score = 0.25 * ((gold < 3) == (predicted < 3)).sum() + 0.75 * (related & (gold == predicted)).sum()
    return float(f1.mean()), float(score / (0.25 * len(gold) + 0.75 * related.sum()))


def choose(p_related: np.ndarray, logits: np.ndarray, gold: list[str], objective: str) -> tuple[float, float, float]:
    """The threshold, agree offset and disagree offset that maximise `objective` on dev."""
    gold_index = np.array([FNC_LABELS.index(g) for g in gold])
    best = (-1.0, 0.5, 0.0, 0.0)
    for t, a, d in itertools.product(THRESHOLDS, OFFSETS, OFFSETS):
        labels = (logits + np.array([a, d, 0.0])).argmax(axis=1)
        predicted = np.where(p_related < t, 3, labels)
        macro, fnc = _fast(gold_index, predicted)
        value = macro if objective == "macro_f1" else fnc
        if value > best[0] + 1e-12:
            best = (value, float(t), float(a), float(d))
    return best[1], best[2], best[3]


def predict(p_related: np.ndarray, logits: np.ndarray, threshold: float,
            offsets: tuple[float, float, float]) -> list[str]:
    labels = (logits + np.array(offsets)).argmax(axis=1)
    return [FNC_LABELS[i] for i in np.where(p_related < threshold, 3, labels)]


def write(related: np.ndarray, related_bias: float, labels: np.ndarray, label_bias: np.ndarray,
          threshold: float, offsets: tuple[float, float, float], note: str, headline: bool = False) -> None:
    if headline:
        head = [
            "# Weights of the stance judge for short texts (headlines, claims), fitted by",
            f"# bench/fit_stance.py --headline on {HEADLINE_SOURCE};",
            "# agree/disagree/discuss stand for for/against/observing. Emergent has no unrelated pairs: the related",
            "# column and threshold are copied from stance_weights.tsv (FNC-1). Offsets chosen on the dev part for",
            "# accuracy. Regenerate (after stance_weights.tsv) with `python bench/fit_stance.py --headline --write`.",
            f"# {note}",
            "# Source: fitted on Emergent train (github.com/thanhan/fc-aaai18 copy), no text of it kept here.",
            "# Used by: storyline.claims.stance.load_weights (RuleStance.for_headlines)",
        ]
    else:
        head = [
            "# Weights of the stance judge's two logistic regressions, fitted by bench/fit_stance.py on the FNC-1",
            "# train split less its dev part (every 5th body id); the offset row was chosen on that dev part.",
            "# Regenerate with",
            "# `python bench/fit_stance.py --write`; never edit by hand.",
            f"# {note}",
            "# Source: fitted on FNC-1 train (github.com/FakeNewsChallenge/fnc-1), no text of it kept here.",
            "# Used by: storyline.claims.stance.load_weights",
        ]
    lines = [
        *head,
        "# Format: feature (or bias), weight for related, agree, disagree, discuss (raw feature scale), tab-separated;",
        "# the last row, offset: threshold on P(related), then the offset added to each related label's logit.",
    ]
    for i, name in enumerate(NAMES):
        lines.append("\t".join([name, f"{related[i]:.6f}", *(f"{v:.6f}" for v in labels[i])]))
    lines.append("\t".join(["bias", f"{related_bias:.6f}", *(f"{v:.6f}" for v in label_bias)]))
    lines.append("\t".join(["offset", f"{threshold:.2f}", *(f"{v:.2f}" for v in offsets)]))
    (HEADLINE_WEIGHTS_FILE if headline else WEIGHTS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def fit_headlines(write_file: bool) -> int:
    """The short-text profile: agree/disagree/discuss fitted on Emergent train less its dev part (every 5th claim),
    offsets chosen on that dev part for accuracy."""
    pairs = read_emergent("train")
    claims = sorted({p.claim for p in pairs})
    dev_claims = set(claims[::5])
    fit = [p for p in pairs if p.claim not in dev_claims]
    dev = [p for p in pairs if p.claim in dev_claims]
    index = {"for": 0, "against": 1, "observing": 2}
    judge = RuleStance(weights=Weights({}, {label: {} for label in RELATED_LABELS}, 0.5, {}))
    x_fit, x_dev = matrix(judge, fit), matrix(judge, dev)
    y = np.array([index[p.label] for p in fit])
    class_weight = len(y) / (3 * np.bincount(y, minlength=3))
    labels, label_bias = fit_softmax(x_fit, y, 3, class_weight[y])
    logits = x_dev @ labels + label_bias
    gold = np.array([index[p.label] for p in dev])
    best = (-1.0, 0.0, 0.0)
    for a, d in itertools.product(OFFSETS, OFFSETS):
        accuracy = float(((logits + np.array([a, d, 0.0])).argmax(axis=1) == gold).mean())
        if accuracy > best[0] + 1e-12:
            best = (accuracy, float(a), float(d))
    accuracy, agree, disagree = best
    print(f"Emergent train: {len(fit)} fit pairs, {len(dev)} dev pairs ({len(dev_claims)} claims); dev accuracy "
          f"{accuracy:.4f} with offsets agree {agree}, disagree {disagree}")
    if write_file:
        body = load_weights()
        related = np.array([body.related.get(name, 0.0) for name in NAMES])
        write(related, body.related["bias"], labels, label_bias, body.related_threshold, (agree, disagree, 0.0),
              f"Dev ({len(dev)} pairs): accuracy {accuracy:.4f}.", headline=True)
        print(f"wrote {HEADLINE_WEIGHTS_FILE.relative_to(repo_path.REPO)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the weights file")
    parser.add_argument("--objective", choices=("macro_f1", "fnc"), default="macro_f1")
    parser.add_argument("--headline", action="store_true", help="fit the short-text profile on Emergent train")
    args = parser.parse_args(argv)
    if args.headline:
        return fit_headlines(args.write)

    fit, dev = split_by_body(read_fnc("train"))
    judge = RuleStance(weights=Weights({}, {label: {} for label in RELATED_LABELS}, 0.5, {}))
    started = time.perf_counter()
    x_fit, x_dev = matrix(judge, fit), matrix(judge, dev)
    print(f"features: {len(fit)} fit pairs, {len(dev)} dev pairs, {time.perf_counter() - started:.0f} s")

    y_related = np.array([p.label != "unrelated" for p in fit], dtype=int)
    coef, bias = fit_softmax(x_fit, y_related, 2, np.ones(len(fit)))
    related, related_bias = coef[:, 1] - coef[:, 0], float(bias[1] - bias[0])

    keep = y_related == 1
    y_label = np.array([RELATED_LABELS.index(p.label) for p in fit if p.label != "unrelated"])
    counts = np.bincount(y_label, minlength=3)
    class_weight = len(y_label) / (3 * counts)
    labels, label_bias = fit_softmax(x_fit[keep], y_label, 3, class_weight[y_label])

    p_related = 1 / (1 + np.exp(-(x_dev @ related + related_bias)))
    logits = x_dev @ labels + label_bias
    threshold, agree, disagree = choose(p_related, logits, [p.label for p in dev], args.objective)
    figures = report([p.label for p in dev], predict(p_related, logits, threshold, (agree, disagree, 0.0)))
    print(f"chosen on dev ({args.objective}): threshold {threshold}, offsets agree {agree}, disagree {disagree}")
    print(f"dev: FNC {figures['fnc_score']:.4f}, macro F1 {figures['macro_f1']:.4f}, "
          f"accuracy {figures['accuracy']:.4f}, related accuracy {figures['related_accuracy']:.4f}")
    for label in FNC_LABELS:
        c = figures["per_label"][label]
        print(f"  {label:10s} P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} ({c['support']})")
    print("  confusion (rows gold):", figures["confusion"])
    for i, name in enumerate(NAMES):
        print(f"  {name:32s} related {related[i]:+.3f}  " +
              "  ".join(f"{lab} {labels[i, k]:+.3f}" for k, lab in enumerate(RELATED_LABELS)))
    if args.write:
        note = (f"Dev ({len(dev)} pairs): FNC score {figures['fnc_score']:.4f}, macro F1 {figures['macro_f1']:.4f}, "
                f"disagree P/R {figures['per_label']['disagree']['precision']:.3f}/"
                f"{figures['per_label']['disagree']['recall']:.3f}; objective {args.objective}.")
        write(related, related_bias, labels, label_bias, threshold, (agree, disagree, 0.0), note)
        print(f"wrote {Path(WEIGHTS_FILE).relative_to(repo_path.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
