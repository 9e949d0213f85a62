"""Quotes quality: the scorer on hand-made cases, and the quotes stage's floors on the hand-annotated gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation.quotes import (
    GoldQuote,
    default_gold,
    default_shared,
    evaluate,
    load_gold,
    match,
    normalize,
    speaker_correct,
)
from storyline.model import Quote

TESTS = Path(__file__).resolve().parent
FLOORS = json.loads((TESTS / "quality_floors.json").read_text(encoding="utf-8"))
ACTORS = {"Dmitry Peskov": ["Dmitry Peskov", "Peskov"], "Kremlin": ["Kremlin"]}


def quote(start: int, end: int, speaker: str | None = None, resolved: str | None = None, named: bool = True,
          kind: str = "direct") -> Quote:
    return Quote(start, end, "x" * (end - start), kind, speaker_text=speaker, resolved_text=resolved, named=named)


def test_names_compare_without_article_case_or_possessive() -> None:
    assert normalize("The Kremlin’s") == normalize("kremlin") == "kremlin"


def test_named_speaker_matches_a_listed_name_or_a_longer_phrase_holding_a_full_name() -> None:
    gold = GoldQuote(0, 5, "direct", ("Dmitry Peskov",))
    assert speaker_correct(quote(0, 5, "He", "Peskov"), gold, ACTORS)
    assert speaker_correct(quote(0, 5, "Kremlin spokesman Dmitry Peskov"), gold, ACTORS)
    assert not speaker_correct(quote(0, 5, "the Kremlin"), gold, ACTORS)
    assert not speaker_correct(quote(0, 5, "spokesman Peskov's aide"), gold, ACTORS)


def test_anonymous_speaker_is_right_only_as_an_unnamed_description() -> None:
    gold = GoldQuote(0, 5, "direct", (), "a senior official")
    assert speaker_correct(quote(0, 5, "a senior official", named=False), gold, ACTORS)
    assert not speaker_correct(quote(0, 5, "Peskov", "Peskov"), gold, ACTORS)
    assert not speaker_correct(quote(0, 5, None, named=False), gold, ACTORS)
    assert speaker_correct(quote(0, 5, None, named=False), GoldQuote(0, 5, "indirect", ()), ACTORS)


def test_spans_pair_one_to_one_by_largest_overlap() -> None:
    system = [quote(0, 10), quote(12, 30), quote(40, 45)]
    gold = [GoldQuote(0, 20, "direct", ()), GoldQuote(15, 30, "direct", ())]
    pairs = {(s.start, g.start) for s, g in match(system, gold)}
    assert pairs == {(0, 0), (12, 15)}


def test_gold_set_is_offsets_only_and_large_enough() -> None:
    articles = load_gold(default_gold())
    assert len(articles) >= 40
    assert len({a.outlet for a in articles}) >= 10
    data = json.loads(default_gold().read_text(encoding="utf-8"))
    assert all(set(q) <= {"start", "end", "kind", "speaker", "speaker_desc"} for a in data["articles"]
               for q in a["quotes"])  # offsets, kind and speaker: never the article's words


def test_quotes_stage_meets_floors_on_the_gold_set(nlp: Language) -> None:
    if not (default_shared() / "ukraine-media" / "articles.jsonl").is_file():
        pytest.skip(f"shared corpus not found at {default_shared()} (../shared beside the repo)")
    summary = evaluate(nlp).summary()
    measured = {}
    for kind in ("direct", "indirect"):
        s = summary[kind]
        measured[f"quotes_{kind}"] = {"exact_f1": s["exact"]["f1"], "overlap_f1": s["overlap"]["f1"],
                                      "speaker_accuracy": s["speaker_accuracy"]}
    below = {f"{key}.{name}": f"{measured[key][name]:.3f} < {floor}" for key in measured
             for name, floor in FLOORS[key].items() if not name.startswith("_") and measured[key][name] < floor}
    assert not below, f"quotes quality under its floor (tests/quality_floors.json): {below}"
