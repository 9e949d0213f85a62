"""Score the quotes stage on the hand-annotated gold set (tests/gold/quotes.json; docs/quality.md, "Quotes").

Reads each article from ../shared (checking the hash of the annotated text), runs the quotes stage on it and
prints Markdown tables: quote spans (exact and overlap precision, recall, F1) and speaker accuracy, for direct
and indirect quotes, over all articles and per split (dev, test, heldout; see tests/gold/README.md). Usage:

    .venv/bin/python bench/eval_quotes.py [--gold tests/gold/quotes.json] [--json results.json] [--errors]

`--json` also writes per-article counts and errors (offsets only, no article text); `--errors` prints them.
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
from evaluation import quotes as quality
from storyline import __version__
from storyline.stages.nlp import load_model, resolve_model_name


def _row(name: str, kinds: dict) -> list[str]:
    rows = []
    for kind in quality.KINDS:
        s = kinds[kind]
        rows.append(f"| {name} | {kind} | {s['gold']} | {s['system']} | {s['exact']['precision']:.3f} | "
                    f"{s['exact']['recall']:.3f} | {s['exact']['f1']:.3f} | {s['overlap']['precision']:.3f} | "
                    f"{s['overlap']['recall']:.3f} | {s['overlap']['f1']:.3f} | {s['speaker_accuracy']:.3f} |")
    return rows


def split_summaries(evaluation: quality.Evaluation, splits: dict[str, str]) -> dict[str, dict]:
    """Summaries over all articles and over each split."""
    report = {"all": evaluation.summary()}
    for name in sorted(set(splits.values())):
        part = quality.Evaluation([r for r in evaluation.results if splits.get(r.article.id) == name], 0.0)
        report[name] = part.summary()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=quality.default_gold(), help="gold file (default: %(default)s)")
    parser.add_argument("--shared", type=Path, default=quality.default_shared(),
                        help="the shared corpus folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write summaries and per-article counts and errors here")
    parser.add_argument("--errors", action="store_true", help="print each article's misses and wrong speakers")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"gold set not found: {args.gold}", file=sys.stderr)
        return 2
    try:
        evaluation = quality.evaluate(load_model(""), args.gold, args.shared)
    except (quality.GoldTextChanged, FileNotFoundError, KeyError) as exc:
        print(f"cannot score: {exc}", file=sys.stderr)
        return 2
    splits = {a["id"]: a.get("split", "all") for a in json.loads(args.gold.read_text(encoding="utf-8"))["articles"]}
    report = split_summaries(evaluation, splits)

    print(f"Quotes, {len(evaluation.results)} articles of {args.gold.name}, {datetime.date.today().isoformat()}, "
          f"storyline {__version__}, spaCy {spacy.__version__} ({resolve_model_name('')}), "
          f"Python {platform.python_version()}, {evaluation.seconds:.1f} s\n")
    print("| articles | kind | gold | found | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 "
          "| speaker accuracy |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, summary in report.items():
        label = f"{name} ({summary['articles']})"
        print("\n".join(_row(label, summary)))
    if args.errors:
        for result in evaluation.results:
            if result.errors:
                print(f"\n{result.article.id} ({result.article.outlet})")
                print("\n".join(f"  {e}" for e in result.errors))
    if args.json:
        per_article = [{"id": r.article.id, "outlet": r.article.outlet, "split": splits.get(r.article.id),
                        "counts": {k: vars(c) for k, c in r.counts.items()}, "errors": r.errors}
                       for r in evaluation.results]
        args.json.write_text(json.dumps({"summary": report, "articles": per_article}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
