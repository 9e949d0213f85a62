"""Exports of the store. `json` is the public contract (docs/export.schema.json)."""
