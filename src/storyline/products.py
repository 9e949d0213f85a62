"""Matrix products that give the same result on every machine.

BLAS splits a float32 product differently with the number of threads it runs on (this process, a worker process,
a Ray worker, which runs with one thread, a server with 16 cores), and the last bits of a cosine then differ. At a
merge threshold such a bit decides whether two mentions are one event, so the same corpus would give other events on
another machine or executor. A product taken in float64 and rounded back to float32 is the same everywhere (float64
sums differ in bits that the rounding drops), at about twice the cost of the float32 product, which is small beside
the scoring around it.
"""

from __future__ import annotations

import numpy as np


def dot_rows(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """`left @ right.T` (rows against rows: cosines of unit rows), float32, the same on any thread count."""
    return (left.astype(np.float64) @ right.astype(np.float64).T).astype(np.float32)
