"""Matrix products that give the same result on every machine.

BLAS splits a float32 product differently with the number of threads it runs on (this process, a worker process,
a Ray worker, which runs with one thread, a server with 16 cores), and the last bits of a cosine then differ. At a
merge threshold such a bit decides whether two mentions are one event, so the same corpus would give other events on
another machine or executor. So the product is taken in float64, whose sums differ by at most a few 1e-16 from one
thread count to another, and rounded to `DECIMALS` places before it becomes float32: a difference that small
straddles a rounding step about once in 10^8 cells, where float32 alone flipped about one cell in a million (values
near zero, where float32's own steps are tiny). About twice the cost of the float32 product, which is small beside
the scoring around it.
"""

from __future__ import annotations

import numpy as np

DECIMALS = 7  # cosines to 1e-7: finer than float32 resolves near 1, far coarser than float64's thread noise


def dot_rows(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`left @ right.T` (rows against rows: cosines of unit rows), float32, the same on any thread count."""
    product = left.astype(np.float64) @ right.astype(np.float64).T
    return np.round(product, DECIMALS).astype(np.float32)
