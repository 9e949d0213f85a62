"""Puts the repository root on `sys.path`, so that a bench script run as `python bench/eval_x.py` can import the
scorers in `evaluation/` (which live beside `src/`, outside the installed package).

Python puts only the script's own folder (`bench/`) on the path; each eval script imports this module first
(`import repo_path`, which isort keeps above the `from evaluation ...` lines) for the side effect alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
