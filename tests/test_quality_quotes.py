"""Quotes quality: the scorer on hand-made cases, and the quotes stage's floors on the hand-annotated gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation import polnear
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


POLNEAR_SUBSET = 80  # the first 80 held-out articles by name: about 30 s with parsing


def test_polnear_split_is_fixed_and_halves_the_corpus() -> None:
    names = [f"article-{n}" for n in range(2000)]
    dev = [n for n in names if polnear.split_of(n) == "dev"]
    assert polnear.split_of("article-1") == polnear.split_of("article-1")
    assert 0.45 < len(dev) / len(names) < 0.55


def test_polnear_relations_keep_discontinuous_content_and_no_source() -> None:
    ann = ("T1\tSource 0 2\tWe\nT2\tCue 3 7\tsaid\nT3\tContent 8 12;20 25\txxxx yyyyy\nT4\tAttribution 3 7\tsaid\n"
           "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT5\tCue 30 34\tsays\nT6\tContent 35 40\tzzzzz\n"
           "T7\tAttribution-no-source 30 34\tsays\nE2\tAttribution-no-source:T7 Content:T6 Cue:T5\n")
    relations = polnear.parse_ann(ann)
    assert relations[0] == (((8, 12), (20, 25)), ((3, 7),), ((0, 2),))
    assert relations[1][2] == ()


def test_polnear_class_is_the_share_inside_quotation_marks() -> None:
    text = 'She said that the campaign would go on until the end of the year and that "we will win."'
    regions = polnear.quoted_regions(text)
    start = text.index('"')
    assert polnear.class_of(text, ((start, len(text)),), regions) == "direct"
    assert polnear.class_of(text, ((14, len(text)),), regions) == "other"


def test_quotes_stage_meets_floors_on_polnear_heldout_subset(nlp: Language) -> None:
    if not (polnear.default_dir() / "attributions").is_dir():
        pytest.skip(f"PolNeAR not found at {polnear.default_dir()} (../shared beside the repo)")
    articles = polnear.load_articles(split="heldout", limit=POLNEAR_SUBSET)
    summary = polnear.evaluate(nlp, articles).summary("heldout")
    direct, other = summary["direct"], summary["other"]
    measured = {"direct_exact_f1": direct["exact"]["f1"], "direct_overlap_f1": direct["overlap"]["f1"],
                "direct_any_overlap_f1": direct["any_overlap"]["f1"],
                "direct_speaker_accuracy": direct["speaker_accuracy"], "other_overlap_f1": other["overlap"]["f1"]}
    floors = FLOORS["quotes_polnear"]
    below = {name: f"{measured[name]:.3f} < {floor}" for name, floor in floors.items()
             if not name.startswith("_") and measured[name] < floor}
    assert not below, f"quotes quality on PolNeAR under its floor (tests/quality_floors.json): {below}"
