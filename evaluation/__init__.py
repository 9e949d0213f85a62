"""Quality measurement: each stage scored against gold data (see docs/quality.md).

This package lives beside `src/`, not inside it: the scorers need the repository (the gold files under
`tests/gold/`) and the shared data beside it, neither of which ships in a wheel, so they are not part of the
installed `storyline` package and nothing in `storyline` imports them. Tests import them with the repository
root on the path (pytest's `pythonpath`), the bench scripts through `bench/repo_path.py`.

Every scorer finds the data through the two functions below, so one environment variable moves all of them.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_ENV = "STORYLINE_SHARED"


def repo_root() -> Path:
    """The repository root: the folder holding `evaluation/`, `src/` and `tests/`."""
    return Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared data folder (`corpus/`, `eval/`): `$STORYLINE_SHARED` when set, else `../shared` beside the
    repository, where a checkout next to the data finds it without configuration."""
    configured = os.environ.get(SHARED_ENV)
    return Path(configured) if configured else repo_root().parent / "shared"


def gold_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a labelled set we keep in `tests/gold/` as tab-separated text: `#` comment lines, blank lines and
    a header line naming `columns` are skipped; every other line must have exactly those columns (a ValueError
    names the file and line otherwise). Values are taken as written: no quoting."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        values = tuple(line.split("\t"))
        if values == columns:
            continue
        if len(values) != len(columns):
            raise ValueError(f"{path.name}:{number}: {len(values)} columns, expected {len(columns)} "
                             f"({', '.join(columns)})")
        rows.append(dict(zip(columns, values, strict=True)))
    return rows
