"""What every bench script does with its figures: print them as JSON and, with --json PATH, save them there too."""

from __future__ import annotations

import json
from pathlib import Path


def print_and_save(figures: dict, path: Path | None) -> None:
    """Print `figures` as indented JSON; also write them to `path` when one is given."""
    text = json.dumps(figures, indent=1)
    print(text)
    if path:
        path.write_text(text + "\n")
