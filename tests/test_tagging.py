"""The memoized attribute ruler and lemmatizer (`storyline.stages.tagging`) give the stock pipeline's annotations.

The stock pipeline is loaded with plain `spacy.load`; the memoized one is Storyline's own `load_model`. Every token
attribute either writes, and those the later components read, must be equal on real articles (where the memo is
learned and then reused) and on text that exercises the ruler's multi-token rules and whitespace rules.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language

from storyline.stages import tagging
from storyline.stages.nlp import resolve_model_name
from tests.conftest import sample_articles, ukraine_media

ATTRS = [ORTH, POS, MORPH, LEMMA, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE]
RULE_TEXTS = [
    "I ain't gonna wait. Let's go, y'all. C'mon, we gotta leave; there's nothin' here.",
    "There are three reasons, and there were more. There is no time. Is there? There's one.",
    "It is what it is.  I told you it was.\n\nYou did, and I did not do it, but it did.",
    "", " ", "\n\n\t", "Hello \n world",
    # whitespace the parser attaches as something else than "dep": a ruler rule rewrites it, the key cannot tell
    "He said it was an excuse.\u201d  Asked why, he left. \u201cNo,\u201d he said.   According to him, it was over.",
    " Several explosions were heard in the city. The mayor said.  Officials agreed.",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(resolve_model_name(""))


def annotations(nlp: Language, texts: list[str]) -> list[np.ndarray]:
    return [doc.to_array(ATTRS) for doc in nlp.pipe(texts)]


def test_the_memo_replaces_the_ruler_and_the_lemmatizer(nlp: Language) -> None:
    assert "memo_tagging" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_real_articles_get_the_stock_annotations(nlp: Language, stock: Language) -> None:
    texts = [record["text"] for record in sample_articles(60)]
    texts = texts + texts[:5]  # the second time round every key is remembered
    for memo, plain in zip(annotations(nlp, texts), annotations(stock, texts), strict=True):
        np.testing.assert_array_equal(memo, plain)


def test_articles_whose_whitespace_the_parser_attaches_otherwise_get_the_stock_annotations(
        nlp: Language, stock: Language) -> None:
    # Records of the shared corpus (by line) with a whitespace token the parser labels punct or ROOT, not "dep".
    texts = [record.get("text") or "" for line, record in enumerate(ukraine_media()) if line in (1331, 3541, 3570)]
    assert len(texts) == 3
    texts = ["He left.  She stayed.   They waited.", *texts]  # first, whitespace attached as "dep"
    for memo, plain in zip(annotations(nlp, texts), annotations(stock, texts), strict=True):
        np.testing.assert_array_equal(memo, plain)


def test_multi_token_and_whitespace_rules_give_the_stock_annotations(nlp: Language, stock: Language) -> None:
    for memo, plain in zip(annotations(nlp, RULE_TEXTS), annotations(stock, RULE_TEXTS), strict=True):
        np.testing.assert_array_equal(memo, plain)
    lemmas = [token.lemma_ for token in nlp(RULE_TEXTS[0])]
    assert lemmas[1:4] == ["be", "not", "go"] and "us" in lemmas and "nothing" in lemmas  # the rules did apply


def test_a_pipeline_without_the_two_components_is_left_alone() -> None:
    blank = spacy.blank("en")
    assert not tagging.install(blank)
    assert blank.pipe_names == []
