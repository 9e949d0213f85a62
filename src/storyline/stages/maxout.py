"""The parse's maxout layers, predicting faster with the same output.

spaCy's token-to-vector networks are convolutions of thinc `Maxout` layers (four in each network, and one in each
embedding layer). At prediction a stock maxout layer multiplies its input by a weight matrix whose rows are ordered
output by output, each output's pieces side by side, then picks the largest piece of each output with a scalar loop
over a strided 3-d view (`NumpyOps.maxout`, which also records which piece won, for training). On ukraine-media
articles that pick took about a third as long as the matrix product itself.

`install` gives each such layer a replacement whose prediction
- multiplies by the same weights with their rows reordered piece by piece (all first pieces, then all second pieces,
  ...), by the same `ops.gemm` call, and adds the same bias in the same order;
- takes the largest piece as the element-wise `numpy.maximum` of those contiguous blocks.

The values are the stock layer's, bit for bit: the product computes each output value as the same dot product
wherever its row sits in the weights (blis does not mix values of different rows), the bias is one addition per
value, and a maximum is exact. `tests/test_maxout.py` compares every replaced layer's output with the stock one's on
real articles, and the networks' output and the entities. Training keeps the stock code (it needs the winning
pieces for the gradient).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.language import Language
from thinc.api import Model
from thinc.layers.maxout import forward as stock_forward


def install(nlp: Language) -> int:
    """Replace every stock maxout layer in the pipeline's models with `fast_maxout` (public thinc API:
    `Model.replace_node`); returns how many were replaced."""
    replaced = 0
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):  # a rule-based component
            continue
        for node in list(model.walk()):
            if node._func is stock_forward:
                model.replace_node(node, fast_maxout(node))
                replaced += 1
    return replaced


def fast_maxout(stock: Model) -> Model:
    """A thinc layer with `stock`'s name and dimensions, holding `stock` itself (its weights, and its code for
    training), whose prediction is `predict`."""
    return Model(stock.name, forward, layers=[stock],
                 dims={name: stock.maybe_get_dim(name) for name in stock.dim_names}, attrs=dict(stock.attrs))


def forward(model: Model, X: np.ndarray, is_train: bool) -> tuple[np.ndarray, Callable]:
    """The stock layer's forward when training; otherwise `predict`, which needs no backward pass."""
    stock = model.layers[0]
    if is_train:
        return stock_forward(stock, X, is_train)
    return predict(stock, X), _no_backprop


def predict(stock: Model, X: np.ndarray) -> np.ndarray:
    """The stock maxout output of `X` (rows x inputs): the largest piece of each output (see the module
    docstring)."""
    outputs, pieces, inputs = stock.get_dim("nO"), stock.get_dim("nP"), stock.get_dim("nI")
    order = piece_major(outputs, pieces)
    weights = stock.ops.reshape2f(stock.get_param("W"), outputs * pieces, inputs)[order]
    bias = stock.ops.reshape1f(stock.get_param("b"), outputs * pieces)[order]
    scores = stock.ops.gemm(X, np.ascontiguousarray(weights), trans2=True)
    scores += bias
    blocks = [scores[:, piece * outputs:(piece + 1) * outputs] for piece in range(pieces)]
    if pieces == 1:
        return np.ascontiguousarray(blocks[0])
    best = np.maximum(blocks[0], blocks[1])
    for block in blocks[2:]:
        np.maximum(best, block, out=best)
    return best


def piece_major(outputs: int, pieces: int) -> np.ndarray:
    """The stock weight rows (output o's piece p at row o * pieces + p) in the order piece by piece."""
    return np.arange(outputs * pieces).reshape(outputs, pieces).T.ravel()


def _no_backprop(d_best: np.ndarray) -> np.ndarray:
    raise NotImplementedError("the fast maxout layer only predicts; training runs the stock layer")
