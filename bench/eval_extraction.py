"""Score HTML body extraction on the article-extraction-benchmark gold set (docs/quality.md).

Runs plain trafilatura and Storyline's reader + clean stage over the same pages in one run and prints
a Markdown table. Usage:

    .venv/bin/python bench/eval_extraction.py [--benchmark DIR] [--json results.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from pathlib import Path

import trafilatura

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import extraction as quality
from storyline import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmark", type=Path, default=quality.default_benchmark_dir(),
                        help="folder with ground-truth.json and html/ (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write summaries and per-page scores here")
    parser.add_argument("--extractor", action="append", choices=sorted(quality.EXTRACTORS),
                        help="run only this extractor (repeatable; default: all)")
    args = parser.parse_args(argv)
    if not (args.benchmark / "ground-truth.json").is_file():
        print(f"benchmark not found: {args.benchmark} (expected ground-truth.json and html/)",
              file=sys.stderr)
        return 2

    pages = quality.load_benchmark(args.benchmark)
    names = args.extractor or list(quality.EXTRACTORS)
    results = [quality.evaluate(quality.EXTRACTORS[name], name=name, pages=pages) for name in names]

    print(f"Article body extraction, {len(pages)} pages of {args.benchmark.name}, "
          f"{datetime.date.today().isoformat()}, trafilatura {trafilatura.__version__}, "
          f"storyline {__version__}, Python {platform.python_version()}\n")
    print("| extractor | pages | precision | recall | F1 | mean page F1 | accuracy | empty outputs "
          "| seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    report = {}
    for result in results:
        s, std = result.summary, quality.bootstrap_std(result.scores)
        print(f"| {result.name} | {s.pages} | {s.precision:.3f} ± {std['precision']:.3f} "
              f"| {s.recall:.3f} ± {std['recall']:.3f} | {s.f1:.3f} ± {std['f1']:.3f} "
              f"| {s.mean_page_f1:.3f} | {s.accuracy:.3f} | {s.empty_outputs} | {result.seconds:.1f} |")
        report[result.name] = {
            **s.as_dict(), "std": std, "seconds": result.seconds,
            "per_page": {p.page_id: {"tp": p.tp, "fp": p.fp, "fn": p.fn, "precision": p.precision,
                                     "recall": p.recall, "f1": p.f1, "exact": p.exact}
                         for p in result.scores},
        }
    print("\nF1 = harmonic mean of mean precision and mean recall (upstream); ± = bootstrap std over pages.")
    if args.json:
        meta = {"date": datetime.date.today().isoformat(), "benchmark": str(args.benchmark),
                "trafilatura": trafilatura.__version__, "storyline": __version__}
        args.json.write_text(json.dumps({"meta": meta, "results": report}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
