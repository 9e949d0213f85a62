"""The memoized StaticVectors layers (`storyline.stages.static_vectors`) give the stock layers' output, bit for bit.

The stock pipeline is loaded with plain `spacy.load`; the memoized one is Storyline's own `load_model`. The
token-to-vector output of the shared network (`Doc.tensor`, which every later component reads) and the entities
of the recognizer, which has its own network, must be equal on real articles and on words with no vector.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.ml import staticvectors
from thinc.api import Model

from storyline.stages import static_vectors
from storyline.stages.nlp import resolve_model_name
from tests.conftest import sample_articles

ODD_TEXTS = ["", " ", "Zxqvbnm qwrtplk Kyiv-Zxq 12,345.67 ☃ ✈️ Ǆ", "A"]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(resolve_model_name(""))


def outputs(nlp: Language, texts: list[str]) -> list[tuple[bytes, list[tuple[int, int, str]]]]:
    return [(doc.tensor.tobytes(), [(e.start, e.end, e.label_) for e in doc.ents])
            for doc in nlp.pipe(texts, batch_size=16)]


def test_every_static_vectors_layer_is_replaced(nlp: Language, stock: Language) -> None:
    def layers(pipeline: Language) -> list[Model]:
        return [node for _name, pipe in pipeline.components if isinstance(getattr(pipe, "model", None), Model)
                for node in pipe.model.walk() if node.name == static_vectors.LAYER]

    # the shared network's, the recognizer's and the sentence recognizer's (disabled in this pipeline)
    assert len(layers(nlp)) == len(layers(stock)) == 3
    assert all(layer._func is staticvectors.forward for layer in layers(stock))
    assert not any(layer._func is staticvectors.forward for layer in layers(nlp))
    assert static_vectors.install(spacy.blank("en")) == 0  # a pipeline without vectors is left as it is


def test_real_articles_get_the_stock_vectors_and_entities(nlp: Language, stock: Language) -> None:
    texts = [record["text"] for record in sample_articles(40)] + ODD_TEXTS
    memo, plain = outputs(nlp, texts), outputs(stock, texts)
    assert len(memo) == len(plain) == len(texts)
    for (memo_tensor, memo_ents), (plain_tensor, plain_ents) in zip(memo, plain, strict=True):
        assert memo_tensor == plain_tensor
        assert memo_ents == plain_ents
    assert any(np.frombuffer(tensor, dtype=np.float32).any() for tensor, _ in memo)  # not all empty
