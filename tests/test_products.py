"""Cosine products are the same whatever the number of BLAS threads: a worker process, a Ray worker (one thread)
and this process must merge the same events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

SCRIPT = """
import sys
import numpy as np
from storyline.products import dot_rows
rng = np.random.default_rng(7)
rows = rng.standard_normal((1500, 300)).astype(np.float32)
rows /= np.linalg.norm(rows, axis=1, keepdims=True)
np.save(sys.argv[1], dot_rows(rows, rows))
"""


def products_with_threads(threads: str, out: Path) -> np.ndarray:
    environment = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads}
    subprocess.run([sys.executable, "-c", SCRIPT, str(out)], check=True, env=environment)
    return np.load(out)


def test_the_cosines_of_one_and_of_several_blas_threads_are_the_same_to_the_bit(tmp_path: Path) -> None:
    one = products_with_threads("1", tmp_path / "one.npy")
    several = products_with_threads("4", tmp_path / "several.npy")
    assert one.dtype == np.float32 and one.shape == (1500, 1500)
    assert np.array_equal(one, several)
