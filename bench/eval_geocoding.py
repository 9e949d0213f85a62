"""Toponym resolution on GeoWebNews (gold toponym spans, package gazetteer, no search server). Prints JSON:
the figures over all articles, then over the dev half (even positions, where the rules were chosen) and the
held-out half (odd positions), as the actors stage resolves (with its approximate places for features the gazetteer
does not list, `approximate`); then the same with the article's focus for names still unplaced (`with_focus`: the
scorer's, not the actors stage's).

    .venv/bin/python bench/eval_geocoding.py [--json results.json]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path, for evaluation/)
from evaluation import shared_dir
from evaluation.geocoding import PARTS, NearestCity, evaluate_gwn
from report import print_and_save
from storyline.actors.gazetteer import load_gazetteer

GWN = shared_dir() / "eval" / "geoparsing-gritta" / "GWN.xml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    started = time.perf_counter()
    gaz = load_gazetteer()
    reverse = NearestCity(gaz)
    scores: dict = evaluate_gwn(GWN, gaz, reverse=reverse)
    for part in PARTS:
        scores[part] = evaluate_gwn(GWN, gaz, part, reverse=reverse)
    scores["with_focus"] = {"all": evaluate_gwn(GWN, gaz, reverse=reverse, focus=True)}
    for part in PARTS:
        scores["with_focus"][part] = evaluate_gwn(GWN, gaz, part, reverse=reverse, focus=True)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    print_and_save(scores, args.json)


if __name__ == "__main__":
    main()
