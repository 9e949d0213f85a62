"""Score the quotes stage on PolNeAR's train compartment (docs/quality.md, "Quotes: PolNeAR").

Reads the articles and their brat attribution files from ../shared/eval/polnear-train, runs the quotes stage on
each text and prints a Markdown table per split (dev, heldout; see evaluation/polnear.py for the split, the
annotator chosen, the direct/other classes and the matching). Usage:

    .venv/bin/python bench/eval_polnear.py [--split dev|heldout] [--limit N] [--cache DIR] [--errors]

`--cache DIR` keeps the spaCy parses (DocBin files, one per article) so that a second run only reruns the quotes
stage; delete the folder after changing the model. `--json` writes the summaries and per-article errors (offsets
only, no article text).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import polnear
from storyline import __version__
from storyline.stages.nlp import load_model, resolve_model_name


def cached_parser(nlp: Language, cache: Path | None):
    """A function article -> Doc that parses once and, with a cache folder, keeps the parse on disk."""
    def parse(article: polnear.Article) -> Doc:
        if cache is None:
            return nlp(article.text)
        path = cache / f"{article.name}.spacy"
        if path.is_file():
            return next(iter(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab)))
        doc = nlp(article.text)
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        bin_.add(doc)
        path.write_bytes(bin_.to_bytes())
        return doc
    return parse


def _rows(label: str, summary: dict) -> list[str]:
    rows = []
    for cls in (*polnear.CLASSES, "all"):
        s = summary[cls]
        rows.append(f"| {label} | {cls} | {s['gold']} | {s['system']} | {s['exact']['precision']:.3f} | "
                    f"{s['exact']['recall']:.3f} | {s['exact']['f1']:.3f} | {s['overlap']['precision']:.3f} | "
                    f"{s['overlap']['recall']:.3f} | {s['overlap']['f1']:.3f} | {s['any_overlap']['f1']:.3f} | "
                    f"{s['speaker_accuracy']:.3f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=polnear.default_dir(), help="PolNeAR folder (%(default)s)")
    parser.add_argument("--split", choices=polnear.SPLITS, help="score one half only")
    parser.add_argument("--limit", type=int, help="only the first N articles (by name) of the selection")
    parser.add_argument("--cache", type=Path, help="keep spaCy parses here between runs")
    parser.add_argument("--json", type=Path, help="also write summaries and per-article errors here")
    parser.add_argument("--errors", action="store_true", help="print each article's misses and wrong speakers")
    args = parser.parse_args(argv)
    if not (args.data / "attributions").is_dir():
        print(f"PolNeAR not found at {args.data}", file=sys.stderr)
        return 2
    articles = polnear.load_articles(args.data, args.split, args.limit)
    nlp = load_model("")
    evaluation = polnear.evaluate(nlp, articles, cached_parser(nlp, args.cache))
    splits = [args.split] if args.split else list(polnear.SPLITS)
    report = {split: evaluation.summary(split) for split in splits}
    print(f"Quotes on PolNeAR train, {len(articles)} articles, {datetime.date.today().isoformat()}, storyline "
          f"{__version__}, spaCy {spacy.__version__} ({resolve_model_name('')}), Python "
          f"{platform.python_version()}, {evaluation.seconds:.1f} s\n")
    print("| split | class | gold | found | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 "
          "| any-overlap F1 | speaker accuracy |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for split, summary in report.items():
        print("\n".join(_rows(f"{split} ({summary['articles']})", summary)))
    if args.errors:
        for result in evaluation.results:
            if result.errors:
                print(f"\n{result.article.name}")
                print("\n".join(f"  {e}" for e in result.errors))
    if args.json:
        per_article = [{"name": r.article.name, "split": r.article.split, "annotator": r.article.annotator,
                        "counts": {k: vars(c) for k, c in r.counts.items()}, "errors": r.errors}
                       for r in evaluation.results]
        args.json.write_text(json.dumps({"summary": report, "articles": per_article}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
