"""The store: where findings live, with their provenance and their run.

SQLite (`store.sqlite.SQLiteStore`) is the default. Any other backend implements the same methods.
"""

from storyline.store import actors as _actors  # noqa: F401  (registers FINDING_WRITERS["actors"])
from storyline.store import events as _events  # noqa: F401  (registers FINDING_WRITERS["events"])
from storyline.store import quotes as _quotes  # noqa: F401  (registers FINDING_WRITERS["quotes"])
from storyline.store import time as _time  # noqa: F401  (registers FINDING_WRITERS["time"])
from storyline.store.sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "open_store"]
