"""Quality measurement: each stage scored against gold data (see docs/quality.md)."""
