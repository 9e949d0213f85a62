"""Entity timelines against SemEval-2015 Task 4 (TimeLine), Track A: temporal awareness F1 (the task's official
metric) and diagnostics, per corpus and micro-averaged over the three. Reads ../shared/eval/semeval2015-task4-timeline;
prints a table, or JSON with --json.

    .venv/bin/python bench/eval_timeline.py [--corpus corpus_1] [--json results.json] [--timelines out/]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation.timeline import data_root, evaluate, timeline_file_name
from storyline.stages.nlp import load_model

COLUMNS = (("f1", "TA F1"), ("precision", "TA P"), ("recall", "TA R"), ("mention_f1", "mention F1"),
           ("mention_precision", "mention P"), ("mention_recall", "mention R"), ("date_exact", "date exact"),
           ("date_month", "date month"), ("pairwise_order", "pair order"))


def table(scores: dict) -> str:
    """The figures as a Markdown table: one row per corpus, then the micro average."""
    rows = [("corpus", *(label for _, label in COLUMNS), "relations sys/gold", "seconds")]
    for name, figures in scores["corpora"].items():
        rows.append((name, *(f"{figures[key]:.3f}" for key, _ in COLUMNS),
                     f"{figures['relations_system']}/{figures['relations_gold']}", f"{figures['seconds']}"))
    overall = scores["overall"]
    rows.append(("all (micro)", *(f"{overall[key]:.3f}" for key, _ in COLUMNS),
                 f"{overall['relations_system']}/{overall['relations_gold']}", f"{scores['seconds']}"))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def write_timelines(scores: dict, folder: Path) -> None:
    """Storyline's timelines in the task's format, one folder per corpus (for the official scorer or a reader)."""
    for corpus, timelines in scores["timelines"].items():
        target = folder / f"{corpus}_timelines"
        target.mkdir(parents=True, exist_ok=True)
        for entity, text in timelines.items():
            (target / timeline_file_name(entity)).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", help="corpus folder name (repeatable; default all three)")
    parser.add_argument("--json", type=Path, help="write the figures (with per-entity ones) here")
    parser.add_argument("--timelines", type=Path, help="write Storyline's timelines here, in the task's format")
    parser.add_argument("--model", default="", help="spaCy pipeline (default: the preferred installed one)")
    args = parser.parse_args()
    nlp = load_model(args.model)
    started = time.perf_counter()
    scores = evaluate(data_root(), nlp, corpora=args.corpus)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    print(table(scores))
    if args.timelines:
        write_timelines(scores, args.timelines)
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in scores.items() if k != "timelines"}, indent=1) + "\n")


if __name__ == "__main__":
    main()
