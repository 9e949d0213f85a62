"""Time expression quality: the TempEval-3 scorer on hand-made spans, and the floors on TempEval-3 and MEANTIME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation.timex import (
    GoldDocument,
    GoldTimex,
    PredictedTimex,
    evaluate,
    load_meantime,
    load_tempeval3,
    parse_tml,
    score_document,
    shared_eval_dir,
    storyline_tagger,
)

TESTS = Path(__file__).resolve().parent
FLOORS = json.loads((TESTS / "quality_floors.json").read_text(encoding="utf-8"))
TEMPEVAL3 = shared_eval_dir() / "tempeval3-platinum" / "te3-platinum"
MEANTIME = shared_eval_dir() / "meantime-en" / "intra_cross-doc_annotation"


def test_tml_text_and_spans_come_out_of_the_markup() -> None:
    doc = parse_tml('<TimeML><DCT><TIMEX3 tid="t0" value="2013-03-22">x</TIMEX3></DCT><TEXT>Talks ended '
                    '<TIMEX3 tid="t1" type="DATE" value="2013-03-22">Friday</TIMEX3> &amp; resume '
                    '<TIMEX3 tid="t2" type="DURATION" value="P1M">in a month</TIMEX3>.</TEXT></TimeML>', "d")
    assert doc.dct == "2013-03-22" and doc.text == "Talks ended Friday & resume in a month."
    assert [(doc.text[t.start:t.end], t.value) for t in doc.timexes] == [("Friday", "2013-03-22"),
                                                                        ("in a month", "P1M")]


def test_strict_relaxed_and_value_counts_by_hand() -> None:
    gold = GoldDocument("d", "x" * 40, "2013-03-22", [GoldTimex(0, 6, "", "DATE", "2013-03-22"),
                                                      GoldTimex(10, 20, "", "DURATION", "P1M"),
                                                      GoldTimex(30, 34, "", "DATE", "2013")])
    predicted = [PredictedTimex(0, 6, "DATE", "2013-03-22"),  # strict, right value
                 PredictedTimex(13, 20, "DURATION", "P2M"),  # relaxed only, wrong value
                 PredictedTimex(36, 39, "DATE", "2014")]  # spurious
    counts, errors = score_document(gold, predicted)
    assert (counts.gold, counts.predicted, counts.strict, counts.relaxed, counts.value) == (3, 3, 1, 2, 1)
    assert len(errors) == 3  # one wrong value, one missed, one spurious


def _check(name: str, documents: list[GoldDocument], nlp: Language) -> None:
    scores = evaluate(storyline_tagger(nlp), documents).as_dict()
    floors = FLOORS[name]
    below = {k: f"{scores[k]:.3f} < {floor}" for k, floor in floors.items()
             if not k.startswith("_") and scores[k] < floor}
    assert not below, f"{name} under its floor (tests/quality_floors.json): {below}"


def test_tempeval3_platinum_meets_floors(nlp: Language) -> None:
    if not TEMPEVAL3.is_dir():
        pytest.skip(f"TempEval-3 platinum not found at {TEMPEVAL3} (../shared beside the repo)")
    documents = load_tempeval3(TEMPEVAL3)
    assert len(documents) == 20 and sum(len(d.timexes) for d in documents) == 138
    _check("time_tempeval3", documents, nlp)


def test_meantime_meets_floors(nlp: Language) -> None:
    if not MEANTIME.is_dir():
        pytest.skip(f"MEANTIME not found at {MEANTIME} (../shared beside the repo)")
    documents = load_meantime(MEANTIME)
    assert len(documents) == 120
    _check("time_meantime", documents, nlp)
