"""Matrix products that give the same result on every machine.

BLAS splits a float32 product differently with the number of threads it runs on (this process, a worker process,
a Ray worker, which runs with one thread, a server with 16 cores), and the last bits of a cosine then differ. At a
merge threshold such a bit decides whether two mentions are one event, so the same corpus would give other events on
another machine or executor. So the product is taken in float64, whose sums differ by at most a few 1e-16 from one
thread count to another, and rounded to `DECIMALS` places before it becomes float32: a difference that small
straddles a rounding step about once in 10^8 cells, where float32 alone flipped about one cell in a million (values
near zero, where float32's own steps are tiny). About twice the cost of the float32 product, which is small beside
the scoring around it.

`symmetric_by_tiles` builds a symmetric pairwise score matrix (events, stories) tile by tile: each tile above the
diagonal once, mirrored below it, and tiles that cannot hold a finite score skipped.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

DECIMALS = 7  # cosines to 1e-7: finer than float32 resolves near 1, far coarser than float64's thread noise


def dot_rows(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`left @ right.T` (rows against rows: cosines of unit rows), float32, the same on any thread count."""
    product = left.astype(np.float64) @ right.astype(np.float64).T
    return np.round(product, DECIMALS).astype(np.float32)


TILE = 256  # items on a side of one tile of `symmetric_by_tiles`


def all_apart(start: np.ndarray, end: np.ndarray, known: np.ndarray, rows: np.ndarray, cols: np.ndarray,
              gap: int) -> bool:
    """Whether every row item lies more than `gap` days before or after every column item, told from the two sides'
    date ranges (`start` to `end`, day ordinals; `known` False for an undated item, which is never apart): the
    `all_apart` test of `symmetric_by_tiles` for items in date order."""
    if not (known[rows].all() and known[cols].all()):
        return False
    return bool(start[rows].min() > end[cols].max() + gap or start[cols].min() > end[rows].max() + gap)


def symmetric_by_tiles(n: int, scores: Callable[[np.ndarray, np.ndarray], np.ndarray],
                       all_apart: Callable[[np.ndarray, np.ndarray], bool]) -> np.ndarray:
    """The n x n float32 matrix of `scores(rows, cols)` (a symmetric score: each cell the same whichever side an item
    is on, as dot products are: the same products summed in the same order), computed by tiles of `TILE` x `TILE`
    items in half the work: a tile below the diagonal is the transpose of the one above it, and a tile
    `all_apart(rows, cols)` says holds no finite score (items in date order, dated too far apart) is minus
    infinity without computing. The cells are those of one `scores(everything, everything)` call, to the bit
    (tested on real blocks), and the tiles' temporaries stay in cache."""
    matrix = np.full((n, n), -np.inf, dtype=np.float32)
    starts = range(0, n, TILE)
    for a in starts:
        rows = np.arange(a, min(a + TILE, n))
        for b in starts[a // TILE:]:
            cols = np.arange(b, min(b + TILE, n))
            if all_apart(rows, cols):
                continue
            tile = scores(rows, cols)
            matrix[a:a + len(rows), b:b + len(cols)] = tile
            matrix[b:b + len(cols), a:a + len(rows)] = tile.T
    return matrix
