"""Source flags on real copy: the machine_translated flag against the labelled set, its false positives on native
and officially translated copy, what the other flags do, and the time it takes (docs/quality.md, "Source flags").

Prints, then saves with --json: precision and recall of machine_translated at FLAG_THRESHOLD on the held-out and
tuning halves of tests/gold/mt_flags.tsv (and all of it); the false-positive rate on a native sample of
ukraine-media (--native-size records in SHA-1 order of their ids, by outlet) and on every one of the 3,669 full-text
records; the false-positive rate on the 1,796 official English press releases (human translations); how many
documents the spun and boilerplate_heavy flags mark in the corpus, and which ones `corpus_flags` finds unusual for
it; the seeds' scores; and the seconds
`flag_scores` takes over the 3,669 records on one core. With --other, the false-positive rate on the other English
news texts of ../shared/eval (evaluation.flags.other_shared_texts) too.

    .venv/bin/python bench/eval_flags.py [--native-size 1000] [--other] [--json flags.json]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from evaluation.flags import (
    false_positive_rates,
    native_sample,
    native_texts,
    other_shared_texts,
    press_texts,
    read_gold,
    score_gold,
)
from report import print_and_save
from storyline.claims.flags import CORPUS_FLAG, FLAG_THRESHOLD, FLAGS, corpus_flags, flag_scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--native-size", type=int, default=1000, help="native sample size (default 1000)")
    parser.add_argument("--other", action="store_true",
                        help="also count false positives on the other English news texts of ../shared/eval (+1 min)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    gold = read_gold()
    labels = Counter(doc.label for doc in gold)
    counts = score_gold(gold)

    records = native_sample(None)
    started = time.perf_counter()
    scores = [flag_scores(r["text"]) for r in records]
    seconds = time.perf_counter() - started
    by_text = {r["text"]: s for r, s in zip(records, scores, strict=True)}

    def cached(text: str) -> dict[str, float]:
        """The scores already timed above, so the corpus is scored once."""
        return by_text.get(text) or flag_scores(text)

    ranked = sorted(zip(records, scores, strict=True), key=lambda rs: -rs[1]["machine_translated"])

    seeds = {p.name: {k: round(v, 3) for k, v in flag_scores(p.read_text(encoding="utf-8")).items()}
             for p in sorted((shared_dir() / "corpus" / "seeds").glob("*.txt"))}
    figures = {
        "threshold": FLAG_THRESHOLD,
        "labelled_set": {"documents": len(gold), "labels": dict(labels),
                         **{part: c.as_dict() for part, c in counts.items()}},
        "native_sample": false_positive_rates(native_texts(args.native_size), cached),
        "native_all": false_positive_rates(native_texts(None), cached),
        "press_releases": false_positive_rates(press_texts()),
        "corpus_flag_counts": {name: sum(s[name] >= FLAG_THRESHOLD for s in scores) for name in FLAGS},
        "highest_native_machine_translated": [(r["outlet"], r["id"], round(s["machine_translated"], 3))
                                              for r, s in ranked[:10]],
        "corpus_flag": {"name": CORPUS_FLAG, "flagged": [
            (doc_id, f.likelihood, f.note) for doc_id, fs in corpus_flags(
                {f"{r['outlet']}/{r['id']}": r["text"] for r in records}).items()
            for f in fs if f.name == CORPUS_FLAG]},
        "seeds": seeds,
        "timing": {"documents": len(records), "seconds": round(seconds, 2),
                   "ms_per_document": round(1000 * seconds / len(records), 2)},
    }
    if args.other:
        figures["other_shared"] = false_positive_rates(other_shared_texts())
        others = [(g, i, flag_scores(t)["machine_translated"]) for g, i, t in other_shared_texts()]
        figures["other_shared"]["highest"] = sorted(others, key=lambda x: -x[2])[:5]
    print_and_save(figures, args.json)
    held = counts["held_out"]
    print(f"\nmachine_translated at {FLAG_THRESHOLD}: held-out P={held.precision} R={held.recall} "
          f"({held.tp + held.fn} positives, {held.tn + held.fp} negatives); all: P={counts['all'].precision} "
          f"R={counts['all'].recall} ({counts['all'].tp + counts['all'].fn} positives); native sample FP rate "
          f"{figures['native_sample']['rate']:.4f}; press releases FP rate {figures['press_releases']['rate']:.4f}; "
          f"{len(records)} articles in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
