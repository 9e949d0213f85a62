"""The read-only JSON API that `storyline serve` runs (FastAPI): the store's documents, actors, events, claims,
quantity threads, sources and full-text search under /api/, as the same records the JSON export writes."""

from storyline.api.app import create_app

__all__ = ["create_app"]
