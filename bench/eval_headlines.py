"""Score the `.txt` headline decision: is a first line read as a title exactly when it is one? (docs/quality.md)

Builds the test files from ../shared in a temporary folder (evaluation/headlines.py), reads them as `storyline
analyze` does and prints a Markdown table: the dev slice of ukraine-media (the rules were written on it), the
held-out slice (200 records, 400 files: the figure tests/test_headlines.py checks) and, never used to set the
rules, the press releases. Usage:

    .venv/bin/python bench/eval_headlines.py [--json results.json] [--errors N] [--no-dev] [--no-press]
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import tempfile
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import headlines as quality
from storyline import __version__


def _row(name: str, records: int, results: dict[str, quality.Result], seconds: float) -> str:
    titled, bare = results["titled"], results["bare"]
    kept = sum(r.leads_kept for r in results.values())
    judged = sum(r.leads_judged_absent for r in results.values())
    return (f"| {name} | {records:,} | {titled.files + bare.files:,} | {titled.accuracy:.4f} ({titled.right:,}) "
            f"| {bare.accuracy:.4f} ({bare.right:,}) | {kept:,} of {judged:,} | {seconds:.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the counts and the misread files here")
    parser.add_argument("--errors", type=int, default=0, help="print up to N misread files per half and slice")
    parser.add_argument("--no-dev", action="store_true", help="skip the dev slice (3,468 records, slow)")
    parser.add_argument("--no-press", action="store_true", help="skip the press releases")
    args = parser.parse_args(argv)
    if not quality.corpus_file().is_file():
        print(f"corpus not found: {quality.corpus_file()}", file=sys.stderr)
        return 2

    slices: list[tuple[str, list[dict]]] = [("ukraine-media held out (every 18th)", quality.split("held_out"))]
    if not args.no_dev:
        slices.insert(0, ("ukraine-media dev (the rest; rules set here)", quality.split("dev")))
    if not args.no_press:
        slices.append(("press releases (never used to set the rules)", quality.press_releases()))

    print(f"Headline or lead, .txt first lines, {datetime.date.today().isoformat()}, storyline {__version__}\n")
    print("| slice | records | files | right, with a title line | right, without one | leads kept | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    report: dict[str, dict] = {}
    errors: list[str] = []
    for name, records in slices:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            results = quality.measure_records(records, Path(folder))
        print(_row(name, len(records), results, time.perf_counter() - started))
        report[name] = {half: {"files": r.files, "right": r.right, "accuracy": r.accuracy,
                               "leads_judged_absent": r.leads_judged_absent, "leads_kept": r.leads_kept,
                               "wrong": r.wrong} for half, r in results.items()}
        for half, result in results.items():
            errors.extend(f"{name}, {half}: {file} read with title {title!r}"
                          for file, title in result.wrong[:args.errors])
    print("\nright = the file is read with its title line as title (with one) or with no title (without one); "
          "leads kept = files read as having no title line whose first paragraph is in the clean text.")
    if errors:
        print("\n" + "\n".join(errors))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
