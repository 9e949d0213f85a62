"""Timeline summarisation on Timeline17 or Entities: Storyline's timeline and a date-wise baseline, date F1 and
alignment-based ROUGE-1/2 F1 (tilse's "align, date-content costs, many-to-one", reimplemented in evaluation/tls.py),
per topic and averaged over (topic, reference) pairs as news-tls does. Reads ../shared/eval/tls; prints Markdown
tables, or JSON with --json.

    .venv/bin/python bench/eval_tls.py --dataset t17 [--topics mj,haiti] [--max-articles 100] [--baseline-only]
    .venv/bin/python bench/eval_tls.py --combine run1.json run2.json    # pool saved runs of one dataset
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation.tls import as_figures, average, evaluate_topic, read_dataset
from storyline.stages.nlp import load_model

COLUMNS = (("date_f1", "date F1"), ("ar1_f1", "AR-1 F1"), ("ar2_f1", "AR-2 F1"), ("concat_r1_f1", "concat R-1 F1"),
           ("concat_r2_f1", "concat R-2 F1"))
# news-tls's own figures (Gholipour Ghalandari and Ifrim, ACL 2020, arXiv 2005.10107, the results table: DATEWISE
# and CLUST rows). Not retrieved: the search tool returned only the paper's introduction, so none are printed
# rather than quoted from memory. Fill in (date F1, AR-1 F1, AR-2 F1) once read from the paper.
PUBLISHED: dict[str, dict[str, tuple[float, float, float] | None]] = {
    "t17": {"news-tls DATEWISE": None, "news-tls CLUST": None},
    "entities": {"news-tls DATEWISE": None, "news-tls CLUST": None},
}


def run(dataset: str, topics: list[str] | None, max_articles: int | None, workers: int,
        baseline_only: bool) -> dict:
    """Every chosen topic through the baseline (and Storyline unless `baseline_only`); per-topic and mean figures."""
    nlp = None if baseline_only else load_model("")
    per_topic, pooled = [], {}
    for topic in read_dataset(dataset, topics):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as workdir:
            result = evaluate_topic(topic, dataset, Path(workdir), limit=max_articles, nlp=nlp, workers=workers,
                                    run_system=not baseline_only)
        seconds = round(time.perf_counter() - started, 1)
        per_topic.append({"topic": topic.name, "articles": result["articles"], "references": result["references"],
                          "seconds": seconds,
                          "systems": {name: as_figures(average(scores)) for name, scores in result["results"].items()}})
        for name, scores in result["results"].items():
            pooled.setdefault(name, []).extend(scores)
        print(f"{topic.name}: {result['articles']} articles, {seconds} s", flush=True)
    mean = {name: as_figures(average(scores)) for name, scores in pooled.items()}
    return {"dataset": dataset, "max_articles": max_articles, "topics": per_topic, "mean": mean,
            "pairs": len(next(iter(pooled.values()), []))}


def combine(runs: list[dict]) -> dict:
    """Several saved runs (`--json`) of one dataset as one: their topics, and the mean over all their (topic,
    reference) pairs, each topic's mean precision and recall weighted by its number of references."""
    topics = [topic for scores in runs for topic in scores["topics"]]
    mean = {}
    for name in topics[0]["systems"]:
        rows = [(t["references"], t["systems"][name]) for t in topics if name in t["systems"]]
        weight = sum(n for n, _ in rows)
        figures = {}
        for metric in ("date", "ar1", "ar2", "concat_r1", "concat_r2"):
            p = sum(n * f[f"{metric}_p"] for n, f in rows) / weight
            r = sum(n * f[f"{metric}_r"] for n, f in rows) / weight
            figures.update({f"{metric}_p": round(p, 4), f"{metric}_r": round(r, 4),
                            f"{metric}_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0})
        mean[name] = figures
    return {"dataset": runs[0]["dataset"], "max_articles": runs[0]["max_articles"], "topics": topics, "mean": mean,
            "pairs": sum(t["references"] for t in topics)}


def table(scores: dict) -> str:
    """Markdown: one row per topic and system, then the mean over (topic, reference) pairs and news-tls's rows."""
    rows = [("topic", "system", "articles", *(label for _, label in COLUMNS))]
    for topic in scores["topics"]:
        for name, figures in topic["systems"].items():
            rows.append((topic["topic"], name, str(topic["articles"]), *(f"{figures[k]:.3f}" for k, _ in COLUMNS)))
    for name, figures in scores["mean"].items():
        rows.append((f"**mean** ({scores['pairs']} timelines)", name, "", *(f"{figures[k]:.3f}" for k, _ in COLUMNS)))
    for name, figures in PUBLISHED[scores["dataset"]].items():
        shown = [f"{v:.3f}" for v in figures] if figures else ["not retrieved"] * 3
        rows.append(("published, all topics", name, "", *shown, "", ""))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=("t17", "entities"), default="t17")
    parser.add_argument("--topics", help="comma-separated topic names (default: all)")
    parser.add_argument("--max-articles", type=int, help="at most N articles per topic, spread evenly over time")
    parser.add_argument("--workers", type=int, default=1, help="Storyline worker processes (default 1)")
    parser.add_argument("--baseline-only", action="store_true", help="skip Storyline (seconds, not minutes)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--combine", type=Path, nargs="+", help="pool saved --json runs instead of running")
    args = parser.parse_args()
    topics = args.topics.split(",") if args.topics else None
    if args.combine:
        scores = combine([json.loads(path.read_text(encoding="utf-8")) for path in args.combine])
    else:
        scores = run(args.dataset, topics, args.max_articles, args.workers, args.baseline_only)
    print(table(scores))
    if args.json:
        args.json.write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")



if __name__ == "__main__":
    main()
