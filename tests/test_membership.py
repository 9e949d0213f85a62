"""`membership.in_sorted` gives `numpy.isin`'s answer, and the copies' blocking hashes stems as datasketch does."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from storyline.events.rewrites import _stem_hash
from storyline.membership import in_sorted


def test_in_sorted_answers_as_numpy_isin() -> None:
    rng = np.random.default_rng(7)
    for dtype in ("int64", "uint64"):
        for size, other in ((0, 5), (5, 0), (1, 1), (300, 400), (1000, 132), (50, 3)):
            values = rng.integers(0, 600, size).astype(dtype)
            sorted_unique = np.unique(rng.integers(0, 600, other).astype(dtype))
            assert in_sorted(values, sorted_unique).tolist() == np.isin(values, sorted_unique).tolist()
    huge = np.array([2**64 - 1, 2**63 + 5, 3], dtype="uint64")  # hashes beyond int64 stay exact
    assert in_sorted(huge, np.array([3, 2**64 - 1], dtype="uint64")).tolist() == [True, False, True]


def test_stem_signatures_are_datasketchs_own() -> None:
    stems = [0, 1, 17, 65_535, 1_000_003]
    template = MinHash(num_perm=64, seed=1)
    stock = MinHash(num_perm=64, seed=1, permutations=template.permutations)
    stock.update_batch([w.to_bytes(4, "little") for w in stems])
    remembered = MinHash(num_perm=64, seed=1, permutations=template.permutations, hashfunc=_stem_hash)
    remembered.update_batch(stems)
    assert remembered.hashvalues.tolist() == stock.hashvalues.tolist()
