"""The parse's word-vector input, memoized: spaCy's StaticVectors layer with the same output.

In the English pipelines with vectors (md, lg), each token-to-vector network (the shared one and the entity
recognizer's own) starts from the static word vectors: each token's row of the vectors table (300 floats) times a
learned 300 x 96 projection. That product depends on the row alone, and the table holds 20,000 rows while 300
articles hold 320,000 tokens. So `install` gives each StaticVectors layer a replacement that projects the whole
table once (at its first batch, by the same `ops.gemm` call the stock layer makes) and then reads each token's row
of the projected table: a lookup instead of a copy of 300 floats and a matrix product per token.

The values are the stock layer's, bit for bit: each is the same dot product of one table row with one column of the
projection, and blis computes an output element the same way whatever the number of rows around it (checked on
every batch of 200 ukraine-media articles; `tests/test_static_vectors.py` keeps the check on real articles, the
token-to-vector output compared whole). Unknown words get the zero row, as in the stock layer. Tables of another
kind (floret's hashed vectors) and training keep the stock layer's code. On 300 articles the two layers took
0.86 CPU s and their replacements 0.30 s.

The projected table is made from the table and the projection as they are at the first batch: a program that edits
a loaded model's vectors in place must load it again (Storyline never does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.ml import staticvectors
from spacy.tokens import Doc
from spacy.vectors import Mode, Vectors
from thinc.api import Model
from thinc.types import Ragged

LAYER = "static_vectors"  # the name spaCy's StaticVectors layers carry


def install(nlp: Language) -> int:
    """Replace every StaticVectors layer of the pipeline's components with a memoized one (public thinc API:
    `Model.replace_node`); returns how many were replaced."""
    replaced = 0
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):  # a rule-based component
            continue
        for node in list(model.walk()):
            if node.name == LAYER and node.has_param("W"):
                model.replace_node(node, memoized(node))
                replaced += 1
    return replaced


def memoized(stock: Model) -> Model:
    """A StaticVectors layer with `stock`'s projection, whose forward reads a projected copy of the table."""
    projected: dict[str, Any] = {}  # "table": the vectors array it was made from, "rows": the projected rows

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Ragged, Callable]:
        vectors = docs[0].vocab.vectors if docs else None
        exact = isinstance(vectors, Vectors) and vectors.mode == Mode.default
        if is_train or not exact or not sum(len(doc) for doc in docs):
            return staticvectors.forward(model, docs, is_train)  # the stock code, as it was
        assert isinstance(vectors, Vectors)
        if projected.get("table") is not vectors.data:
            weights = model.ops.as_contig(model.get_param("W"))
            projected["rows"] = model.ops.gemm(model.ops.as_contig(model.ops.asarray(vectors.data)), weights,
                                               trans2=True)
            projected["table"] = vectors.data
        keys = model.ops.flatten([doc.to_array(getattr(vectors, "attr", ORTH)) for doc in docs])
        rows = vectors.find(keys=keys)
        output = projected["rows"][rows]
        output[rows < 0] = 0  # words without a vector: the zero row, as in the stock layer
        return Ragged(output, model.ops.asarray1i([len(doc) for doc in docs])), _no_backprop

    return Model(LAYER, forward, params={"W": stock.get_param("W")},
                 dims={name: stock.maybe_get_dim(name) for name in stock.dim_names}, attrs=dict(stock.attrs))


def _no_backprop(_gradient: Ragged) -> list[Doc]:
    """Storyline only predicts; a training caller gets the stock layer's code (`forward` hands `is_train` on)."""
    raise NotImplementedError("the memoized StaticVectors layer does not train")

