"""The store: where findings live, with their provenance and their run.

SQLite (`store.sqlite.SQLiteStore`) is the default. Any other backend implements the same methods.
"""

from storyline.store.sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "open_store"]
