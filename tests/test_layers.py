"""The fast maxout and normalisation layers (`storyline.stages.layers`) give the stock layers' output, bit for bit.

Each replaced layer is checked on the very inputs it gets while Storyline's pipeline parses real articles: its
prediction must equal thinc's stock forward on the same weights. The whole pipeline's token-to-vector output, tags,
parses and entities must equal plain `spacy.load`'s.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.language import Language
from thinc.api import Model
from thinc.layers.layernorm import forward as stock_layernorm
from thinc.layers.maxout import forward as stock_maxout

from storyline.stages import layers
from storyline.stages.nlp import load_model, resolve_model_name
from tests.conftest import sample_articles

STOCK = {"maxout": stock_maxout, "layernorm": stock_layernorm}
ODD_TEXTS = ["", " ", "Zxqvbnm qwrtplk Kyiv-Zxq 12,345.67 ☃ ✈️ Ǆ", "A", "\n\n"]


def replaced_layers(nlp: Language, enabled: bool = False) -> list[Model]:
    """The pipeline's fast layers (with `enabled`, of the components that run only)."""
    return [node for name, pipe in nlp.components
            if isinstance(getattr(pipe, "model", None), Model) and not (enabled and name in nlp.disabled)
            for node in pipe.model.walk() if node._func is layers.forward]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(resolve_model_name(""))


def test_every_stock_maxout_and_normalisation_is_replaced(nlp: Language, stock: Language) -> None:
    stock_layers = [node for _name, pipe in stock.components if isinstance(getattr(pipe, "model", None), Model)
                    for node in pipe.model.walk() if node._func in layers.FAST]
    assert {node.name for node in stock_layers} == {"maxout", "layernorm"}  # the pipeline has both to replace
    assert len(replaced_layers(nlp)) == len(stock_layers)
    assert layers.install(spacy.blank("en")) == 0  # a pipeline without models is left as it is


@pytest.mark.parametrize("kind", ["maxout", "layernorm"])
def test_each_layer_predicts_the_stock_values_on_its_real_inputs(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Model, np.ndarray, np.ndarray]] = []
    stock_forward = STOCK[kind]
    fast_predict = layers.FAST[stock_forward]

    def recording(stock: Model, X: np.ndarray) -> np.ndarray:
        out = fast_predict(stock, X)
        seen.append((stock, X.copy(), out))
        return out

    monkeypatch.setitem(layers.FAST, stock_forward, recording)
    nlp = load_model("")
    texts = [record["text"] for record in sample_articles(12)] + ODD_TEXTS
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    running = [node for node in replaced_layers(nlp, enabled=True) if node.name == kind]
    assert len({id(stock) for stock, _, _ in seen}) == len(running) > 0  # every one ran
    for stock, X, out in seen:
        expected, _ = stock_forward(stock, X, False)
        assert out.shape == expected.shape and out.dtype == expected.dtype
        assert out.tobytes() == np.ascontiguousarray(expected).tobytes()


def test_the_pipeline_output_is_the_stock_one(nlp: Language, stock: Language) -> None:
    texts = [record["text"] for record in sample_articles(30)] + ODD_TEXTS

    def outputs(pipeline: Language) -> list[tuple]:
        return [(doc.tensor.tobytes(), [(e.start, e.end, e.label_) for e in doc.ents],
                 [(t.tag_, t.dep_, t.head.i) for t in doc]) for doc in pipeline.pipe(texts, batch_size=16)]

    assert outputs(nlp) == outputs(stock)


@pytest.mark.parametrize("kind", ["maxout", "layernorm"])
def test_training_runs_the_stock_layer(nlp: Language, kind: str) -> None:
    layer = next(node for node in replaced_layers(nlp) if node.name == kind)
    stock = layer.layers[0]
    X = np.random.default_rng(0).standard_normal((5, layer.get_dim("nI"))).astype(np.float32)
    trained, backprop = layer(X, is_train=True)
    expected, _ = stock._func(stock, X, True)
    assert trained.tobytes() == expected.tobytes()
    assert backprop(np.ones_like(trained)).shape == X.shape  # the stock gradient, not the predict-only one
    with pytest.raises(NotImplementedError):
        layer(X, is_train=False)[1](np.ones_like(trained))
