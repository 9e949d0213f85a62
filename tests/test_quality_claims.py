"""Quality floor of the claims step's contradictions: the documents of the labelled pairs, analysed on their own,
must still give the labelled pairs at the precision docs/quality.md reports (floors in quality_floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation.contradictions import load_gold, score
from storyline.config import Settings
from storyline.run import analyze
from storyline.store import open_store
from tests.conftest import ukraine_media, write_jsonl

FLOORS = json.loads((Path(__file__).resolve().parent / "quality_floors.json").read_text(encoding="utf-8"))
FLOOR = FLOORS["contradictions"]


@pytest.fixture(scope="module")
def figures(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> dict:
    gold = load_gold()
    wanted = {pair.a[0] for pair in gold} | {pair.b[0] for pair in gold}
    folder = tmp_path_factory.mktemp("contradictions")
    records = write_jsonl(folder / "gold_docs.jsonl", [r for r in ukraine_media() if r["id"] in wanted])
    analyze([str(records)], Settings(db=str(folder / "story.db")), nlp=nlp)
    store = open_store(folder / "story.db")
    try:
        return score(store, gold)
    finally:
        store.close()


def test_contradictions_keep_their_precision_on_the_labelled_pairs(figures: dict) -> None:
    assert figures["all"]["proposed"] >= FLOOR["labelled_proposed"], figures
    assert figures["all"]["precision"] >= FLOOR["precision"], figures
    assert figures["heldout"]["precision"] >= FLOOR["heldout_precision"], figures
