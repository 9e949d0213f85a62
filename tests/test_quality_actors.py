"""Actor clustering against MEANTIME and toponym resolution against GeoWebNews, held above the pinned floors
(tests/quality_floors.json; figures and how to reproduce them in docs/quality.md, section Actors)."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from evaluation.coref import conll, evaluate_meantime
from evaluation.geocoding import NearestCity, evaluate_gwn
from storyline.actors.gazetteer import load_gazetteer

from .conftest import REPO, SHARED, need_shared

FLOORS = json.loads((REPO / "tests" / "quality_floors.json").read_text())
MEANTIME = SHARED / "eval" / "meantime-en" / "intra_cross-doc_annotation"
GWN = SHARED / "eval" / "geoparsing-gritta" / "GWN.xml"


def test_the_scorer_reproduces_the_textbook_example() -> None:
    """Key {1-5}{6,7}{8-12} against response {1-5}{6-12} (Pradhan et al. 2014): MUC P 0.9, B3 P 16/21."""
    key = [frozenset({1, 2, 3, 4, 5}), frozenset({6, 7}), frozenset({8, 9, 10, 11, 12})]
    response = [frozenset({1, 2, 3, 4, 5}), frozenset({6, 7, 8, 9, 10, 11, 12})]
    scores = conll(key, response)
    assert (scores["muc_p"], scores["muc_r"]) == (0.9, 1.0)
    assert (scores["b3_p"], scores["b3_r"]) == (round(16 / 21, 4), 1.0)
    assert (scores["ceafe_p"], scores["ceafe_r"]) == (round((1 + 10 / 12) / 2, 4), round((1 + 10 / 12) / 3, 4))


def test_actor_clustering_on_meantime_stays_above_its_floor(nlp: Language, tmp_path: Path) -> None:
    scores = evaluate_meantime(need_shared(MEANTIME), tmp_path, nlp)
    floor = FLOORS["actors_meantime"]
    assert scores["actors"]["b3_f1"] >= floor["b3_f1"], scores
    assert scores["actors"]["conll_f1"] >= floor["conll_f1"], scores
    margin = scores["actors"]["b3_f1"] - scores["same_string"]["b3_f1"]
    assert margin >= floor["margin_over_same_string_b3_f1"], scores


def test_geocoding_on_geowebnews_stays_above_its_floor() -> None:
    gaz = load_gazetteer()
    reverse = NearestCity(gaz)
    scores = evaluate_gwn(need_shared(GWN), gaz, reverse=reverse)
    floor = FLOORS["geocoding_gwn"]
    for key in ("right_place", "within_161km", "right_country", "exact_id"):
        assert scores[key] >= floor[key], (key, scores)
    held_out = evaluate_gwn(GWN, gaz, "held_out", reverse=reverse)
    assert held_out["within_161km"] >= floor["within_161km_held_out"], held_out
    focus = evaluate_gwn(GWN, gaz, reverse=reverse, focus=True)  # the scorer-only article focus, reported apart
    assert focus["within_161km"] >= floor["within_161km_with_focus"], focus
    held_out = evaluate_gwn(GWN, gaz, "held_out", reverse=reverse, focus=True)
    assert held_out["within_161km"] >= floor["within_161km_with_focus_held_out"], held_out
