"""Set membership of integer arrays, for the many small questions a run asks ("which of these stems does the other
document have?", "which of these tokens' forms does a rule name?").

`numpy.isin` answers them by sorting both arrays together, which for a document's few hundred values against a list
that is already sorted costs several times one binary search per value. `in_sorted` is that binary search, with
`numpy.isin`'s answer.
"""

from __future__ import annotations

import numpy as np


def in_sorted(values: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """Whether each of `values` is in `sorted_unique` (ascending, no repeats, the same dtype): `numpy.isin(values,
    sorted_unique)`, by one binary search per value."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    at = np.searchsorted(sorted_unique, values)
    at[at == len(sorted_unique)] = 0
    return sorted_unique[at] == values
