"""The parse's maxout and layer-normalisation layers, predicting faster with the same output.

spaCy's token-to-vector networks are convolutions of thinc `Maxout` layers, each followed by a `LayerNorm` (four in
each network, and one pair in each embedding layer). At prediction:
- a stock maxout layer multiplies its input by a weight matrix whose rows are ordered output by output, each
  output's pieces side by side, then picks the largest piece of each output with a scalar loop over a strided 3-d
  view (`NumpyOps.maxout`, which also records which piece won, for training). On ukraine-media articles that pick
  took about a third as long as the matrix product itself.
- a stock layer normalisation computes each row's mean twice (`mean`, and again inside `var`) and its deviations
  from the mean twice, and makes a new array at each of its seven steps.

`install` gives each such layer a replacement whose prediction
- (maxout) multiplies by the same weights with their rows reordered piece by piece (all first pieces, then all
  second pieces, ...), by the same `ops.gemm` call, adds the same bias, and takes the largest piece as the
  element-wise `numpy.maximum` of those contiguous blocks;
- (layer normalisation) makes the same numpy calls on the same values, each once: the mean, the deviations, their
  mean square (`numpy.var`'s own steps), then scales and shifts the deviations in place.

The values are the stock layers', bit for bit: the product computes each output value as the same dot product
wherever its row sits in the weights (blis does not mix values of different rows), a maximum is exact, and the
normalisation repeats numpy's own operations in numpy's order. `tests/test_layers.py` compares every replaced
layer's output with the stock one's on the inputs it gets from real articles, and the networks' output, tags,
parses and entities with plain spaCy's. Training keeps the stock code (its gradients need what prediction skips).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.language import Language
from thinc.api import Model
from thinc.layers.layernorm import forward as stock_layernorm
from thinc.layers.maxout import forward as stock_maxout

VARIANCE_FLOOR = 1e-08  # what thinc's layer normalisation adds to each row's variance


def predict_maxout(stock: Model, X: np.ndarray) -> np.ndarray:
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


def predict_layernorm(stock: Model, X: np.ndarray) -> np.ndarray:
    """The stock layer normalisation of `X`: each row less its mean, over its standard deviation, times the gain,
    plus the bias (see the module docstring)."""
    mean = X.mean(axis=1, keepdims=True)
    deviations = X - mean
    variance = np.add.reduce(deviations * deviations, axis=1, keepdims=True)  # numpy.var's sum of squares
    np.true_divide(variance, np.intp(X.shape[1]), out=variance, casting="unsafe")  # ... over the row's width
    variance += VARIANCE_FLOOR
    deviations *= variance ** (-1.0 / 2.0)
    deviations *= stock.get_param("G")
    deviations += stock.get_param("b")
    return deviations


FAST: dict[Callable, Callable[[Model, np.ndarray], np.ndarray]] = {  # a stock layer's forward -> its prediction
    stock_maxout: predict_maxout,
    stock_layernorm: predict_layernorm,
}


def install(nlp: Language) -> int:
    """Replace every stock maxout and layer-normalisation layer in the pipeline's models with a `fast` one; returns
    how many were replaced."""
    return replace_layers(nlp, lambda node: fast(node) if node._func in FAST else None)


def replace_layers(nlp: Language, replacement: Callable[[Model], Model | None]) -> int:
    """Replace each layer of the pipeline's models that `replacement` gives a new layer for (public thinc API:
    `Model.replace_node`); returns how many were replaced. The layers are listed before any is replaced."""
    replaced = 0
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):  # a rule-based component
            continue
        for node in list(model.walk()):
            new = replacement(node)
            if new is not None:
                model.replace_node(node, new)
                replaced += 1
    return replaced


def fast(stock: Model) -> Model:
    """A thinc layer with `stock`'s name and dimensions, holding `stock` itself (its weights, and its code for
    training), whose forward is `forward`."""
    return Model(stock.name, forward, layers=[stock],
                 dims={name: stock.maybe_get_dim(name) for name in stock.dim_names}, attrs=dict(stock.attrs))


def forward(model: Model, X: np.ndarray, is_train: bool) -> tuple[np.ndarray, Callable]:
    """The stock layer's forward when training; otherwise its fast prediction, which needs no backward pass."""
    stock = model.layers[0]
    if is_train or not len(X):
        return stock._func(stock, X, is_train)
    return FAST[stock._func](stock, X), _no_backprop


def _no_backprop(dY: np.ndarray) -> np.ndarray:
    raise NotImplementedError("a fast layer only predicts; training runs the stock layer")
