"""Cross-document event coreference on ECB+ (gold mentions, within gold topics): Storyline's event merging beside
the same-lemma baseline, MUC / B-cubed / CEAF-e / CoNLL F1. Reads ../shared/eval/ecbplus; prints JSON.

    .venv/bin/python bench/eval_event_coref.py [--split dev|test|both] [--json results.json]
    .venv/bin/python bench/eval_event_coref.py --tune      # grid search on the DEV topics only
    .venv/bin/python bench/eval_event_coref.py --stories   # stories found vs gold subtopics (documents)

Tuning never looks at the test topics (36-45): it prints the best settings on dev, which are then written into
storyline.events.merge.MergeParams / storyline.events.vectors.TRIGGER_WEIGHT by hand.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from evaluation.event_coref import (
    DEV_TOPICS,
    ECB_PARAMS,
    TEST_TOPICS,
    TRAIN_TOPICS,
    features,
    grid,
    merge_items,
    read_topics,
    same_lemma_response,
    score,
    story_scores,
    system_response,
    tune,
)
from report import print_and_save
from storyline.stages.nlp import load_model

ECBPLUS = shared_dir() / "eval" / "ecbplus"
KEEP = ("muc_f1", "b3_p", "b3_r", "b3_f1", "ceafe_f1", "conll_f1", "mentions", "gold_clusters", "system_clusters")


def evaluate_split(topics: tuple[int, ...], nlp: object) -> dict[str, dict[str, float]]:
    mentions = features(read_topics(ECBPLUS, topics), nlp)
    items = merge_items(mentions)
    pooled = {0: [item for group in items.values() for item in group]}  # no gold topics: the split is one corpus
    return {"storyline": score(mentions, system_response(items, ECB_PARAMS)),
            "storyline_without_topics": score(mentions, system_response(pooled, ECB_PARAMS)),
            "same_lemma": score(mentions, same_lemma_response(mentions))}


def run_tuning(nlp: object) -> None:
    """Grid over the merge weights, the undated threshold (threshold + undated penalty: nearly every ECB+
    mention is undated), the conflict penalties for surface-word keys and the vector mix, on the dev topics; prints
    the best ten."""
    mentions = features(read_topics(ECBPLUS, DEV_TOPICS), nlp)
    candidates = grid(ECB_PARAMS, story_bonus=[0.0, 0.2, 0.4, 0.6, 0.8], stem_bonus=[0.0, 0.4, 0.8],
                      lemma_bonus=[0.6, 0.8, 1.0], undated_penalty=[0.25, 0.45, 0.65, 0.85])
    results = tune(mentions, candidates, weights=[(0.9, 0.0), (0.7, 0.0), (0.7, 0.3)])
    print(json.dumps({"dev_same_lemma": score(mentions, same_lemma_response(mentions))["conll_f1"]}))
    for value, (trigger_weight, doc_weight), params in results[:10]:
        print(f"{value:.4f} trigger_weight={trigger_weight} doc_weight={doc_weight} {params}")


def run_stories() -> None:
    """Stories (storyline.events.stories over each split's documents together) against the gold subtopics, on
    documents: train and dev chose the story settings; test is held out."""
    splits = {"train": TRAIN_TOPICS, "dev": DEV_TOPICS, "test": TEST_TOPICS}
    result = {name: {k: v for k, v in story_scores(read_topics(ECBPLUS, topics)).items()
                     if k in ("muc_f1", "b3_f1", "ceafe_f1", "conll_f1", "documents", "gold_stories", "stories")}
              for name, topics in splits.items()}
    print(json.dumps(result, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--tune", action="store_true", help="grid search on the dev topics")
    parser.add_argument("--stories", action="store_true", help="stories against the gold subtopics (documents)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--model", default="", help="spaCy pipeline (default: the preferred installed one)")
    args = parser.parse_args()
    if args.stories:
        run_stories()
        return
    nlp = load_model(args.model)
    if args.tune:
        run_tuning(nlp)
        return
    started = time.perf_counter()
    splits = {"dev": DEV_TOPICS, "test": TEST_TOPICS}
    chosen = splits if args.split == "both" else {args.split: splits[args.split]}
    result: dict[str, object] = {}
    for name, topics in chosen.items():
        scores = evaluate_split(topics, nlp)
        result[name] = {system: {k: v for k, v in s.items() if k in KEEP} for system, s in scores.items()}
    result["seconds"] = round(time.perf_counter() - started, 1)
    print_and_save(result, args.json)


if __name__ == "__main__":
    main()
