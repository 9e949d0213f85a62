"""The parse's word embeddings, memoized: the first layer of spaCy's token-to-vector networks, with the same output.

A token-to-vector network (the shared one that the tagger and parser read, and the entity recognizer's own) starts
by embedding each token from its own attributes alone: hashed embeddings of its normalised form, prefix, suffix,
shape and spacing, its row of the static word vectors times a learned projection, then a maxout layer with layer
normalisation that mixes them into 96 floats. Only then do the convolution layers look at the neighbours. So a
token's embedding depends on its attribute values and nothing else, and a news corpus repeats the same few
thousand word forms: on 300 ukraine-media articles this layer was a fifth of the parse (2 of its 10 CPU s in the
shared network, 1.1 in the recognizer's, on 150 articles) while 320,000 tokens held only about 30,000 distinct
attribute rows.

`install` gives each such embedding layer a replacement (`MemoEmbedding`) that
- reads the same attributes the stock layer reads (`Doc.to_array` of its feature columns, and the vectors table's
  row of each token);
- embeds each distinct attribute row of a batch once, remembered across batches (up to `MEMO_ROWS` rows a layer,
  the first seen: a word frequent enough to matter is seen early);
- computes an embedding it does not remember by the stock layer's own sub-layers (the hashed embeddings, the
  maxout and normalisation), on the distinct rows only; the static-vector part reads a copy of the vectors table
  projected once, by the same `ops.gemm` call the stock layer makes per batch.

The values are the stock layer's, bit for bit: every operation of the layer works on one token's row at a time (a
gather and sum of hashed rows, one dot product per output value, a normalisation over the row), and blis computes an
output value the same way whatever the number of rows around it. This was checked on every token of 300 articles
while building, and `tests/test_embedding.py` compares the networks' output and the entities on real articles and
odd text. A network of another shape (no static vectors, floret's hashed vectors) keeps its stock layer, and so does
training (the memo only predicts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vectors import Mode, Vectors
from thinc.api import Model
from thinc.layers.chain import forward as chain_forward

from storyline.stages.layers import replace_layers
from storyline.stages.tagging import distinct_rows

MEMO_ROWS = 50_000  # embeddings remembered per layer (96 float32 each: about 19 MB), the first seen
EMBED_SHAPE = ("static_vectors", "ragged2list")  # the named parts that make a layer the one `install` replaces
UNKNOWN_ROW = np.uint64(2**64 - 1)  # a token without a word vector (the vectors table's row -1), as a key value


def install(nlp: Language) -> int:
    """Replace the embedding layer of every token-to-vector network in the pipeline with a `MemoEmbedding`; returns
    how many were replaced."""
    return replace_layers(nlp, _memo_layer)


def _memo_layer(node: Model) -> Model | None:
    """A `MemoEmbedding` layer for `node` when it is an embedding layer `_parts` can read, else None."""
    parts = _parts(node)
    return MemoEmbedding(*parts).layer(node) if parts is not None else None


def _parts(node: Model) -> tuple[Model, Model, Model, Model] | None:
    """(feature extractor, hashed embeddings, static vectors, mixing layer) of a spaCy MultiHashEmbed layer with
    static vectors: chain(concatenate(chain(extract_features, list2ragged, with_array(hash embeddings)),
    static_vectors), with_array(maxout >> layernorm >> dropout), ragged2list). None for any other layer."""
    if len(node.layers) != 3 or node.layers[2].name != EMBED_SHAPE[1]:
        return None
    inputs, mixing = node.layers[0], node.layers[1]
    if len(inputs.layers) != 2 or inputs.layers[1].name != EMBED_SHAPE[0] or not mixing.name.startswith("with_array"):
        return None
    hashed = inputs.layers[0]
    if [layer.name for layer in hashed.layers[:2]] != ["extract_features", "list2ragged"] or len(hashed.layers) != 3:
        return None
    return hashed.layers[0], hashed.layers[2], inputs.layers[1], mixing


@dataclass
class MemoEmbedding:
    """One embedding layer's sub-layers and what it remembers (see the module docstring)."""

    features: Model  # spaCy's FeatureExtractor: the attribute columns
    hashed: Model  # with_array(concatenate(hashed embeddings)): attribute columns -> 96 floats each
    static: Model  # spaCy's StaticVectors: its projection "W"
    mixing: Model  # with_array(maxout >> layernorm >> dropout): the concatenation -> 96 floats
    index: dict[tuple[int, ...], int] = field(default_factory=dict)  # attribute row -> row of `rows`
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    projected: np.ndarray | None = None  # the vectors table times the projection
    table: np.ndarray | None = None  # the vectors array `projected` was made from

    def layer(self, stock: Model) -> Model:
        """A thinc layer with `stock`'s name, dimensions and sub-layers whose forward is `forward`."""
        return Model(stock.name, self.forward, layers=list(stock.layers),
                     dims={name: stock.maybe_get_dim(name) for name in stock.dim_names}, attrs=dict(stock.attrs))

    def forward(self, model: Model, docs: list[Doc], is_train: bool) -> tuple[list[np.ndarray], Callable]:
        """Each document's token embeddings (a list of n x 96 arrays, as ragged2list gives them)."""
        vectors = docs[0].vocab.vectors if docs else None
        exact = isinstance(vectors, Vectors) and vectors.mode == Mode.default
        if is_train or not exact or not sum(len(doc) for doc in docs):
            return chain_forward(model, docs, is_train)  # the stock layer's own code: a chain of the same layers
        assert isinstance(vectors, Vectors)
        keys = self._keys(docs, vectors)
        first, token_row = distinct_rows(keys)
        rows = self._embeddings(keys[first], vectors)
        embedded = rows[token_row]
        lengths = [len(doc) for doc in docs]
        return model.ops.unflatten(embedded, model.ops.asarray1i(lengths)), _no_backprop

    def _keys(self, docs: list[Doc], vectors: Vectors) -> np.ndarray:
        """tokens x (feature columns + 1): what the stock layer reads of each token, its vectors row last."""
        width = len(self.features.attrs["columns"])
        columns = [np.asarray(found, dtype="uint64").reshape(len(found), width)
                   for found in self.features.predict(docs)]
        ids = np.concatenate([doc.to_array(getattr(vectors, "attr", ORTH)) for doc in docs])
        table_rows = vectors.find(keys=ids).astype(np.int64)
        row_key = np.where(table_rows >= 0, table_rows.astype(np.uint64), UNKNOWN_ROW)
        return np.column_stack([np.concatenate(columns), row_key])

    def _embeddings(self, distinct: np.ndarray, vectors: Vectors) -> np.ndarray:
        """The embedding of each distinct key row: remembered ones read, the others computed (and remembered while
        there is room)."""
        found = [self.index.get(key, -1) for key in map(tuple, distinct.tolist())]
        at = np.asarray(found, dtype=np.int64)
        missing = np.flatnonzero(at < 0)
        if not len(missing):
            return self.rows[at]
        computed = self._compute(distinct[missing], vectors)
        out = np.empty((len(distinct), computed.shape[1]), dtype=computed.dtype)
        out[missing] = computed
        known = np.flatnonzero(at >= 0)
        if len(known):
            out[known] = self.rows[at[known]]
        self._remember(distinct[missing], computed)
        return out

    def _compute(self, keys: np.ndarray, vectors: Vectors) -> np.ndarray:
        """The stock layer's arithmetic on these key rows: hashed embeddings, projected word vectors (zero for a
        word without one), side by side, then the mixing layer."""
        hashed = self.hashed.predict(np.ascontiguousarray(keys[:, :-1]))
        table_rows = keys[:, -1]
        known = table_rows != UNKNOWN_ROW
        static = self._projected(vectors)[np.where(known, table_rows, 0).astype(np.int64)]
        static[~known] = 0
        return self.mixing.predict(np.hstack([hashed, static]))

    def _projected(self, vectors: Vectors) -> np.ndarray:
        """The vectors table times the static-vector projection, by the stock layer's own gemm call; made again if
        the table is another array than last time."""
        if self.projected is None or self.table is not vectors.data:
            ops = self.static.ops
            weights = ops.as_contig(self.static.get_param("W"))
            self.projected = ops.gemm(ops.as_contig(ops.asarray(vectors.data)), weights, trans2=True)
            self.table = vectors.data
        return self.projected

    def _remember(self, keys: np.ndarray, embedded: np.ndarray) -> None:
        """Keep new embeddings while fewer than MEMO_ROWS are remembered."""
        room = MEMO_ROWS - len(self.index)
        if room <= 0:
            return
        keys, embedded = keys[:room], embedded[:room]
        start = len(self.index)
        if self.rows.shape[0] < start + len(keys):
            grown = np.zeros((min(MEMO_ROWS, max(2 * self.rows.shape[0], start + len(keys))), embedded.shape[1]),
                             dtype=embedded.dtype)
            if start:
                grown[:start] = self.rows[:start]
            self.rows = grown
        self.rows[start:start + len(keys)] = embedded
        for offset, key in enumerate(map(tuple, keys.tolist())):
            self.index[key] = start + offset


def _no_backprop(_gradient: list[np.ndarray]) -> list[Doc]:
    """Storyline only predicts; training goes through the stock chain (`forward` hands `is_train` on)."""
    raise NotImplementedError("the memoized embedding layer does not train")
