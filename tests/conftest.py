"""Shared fixtures: the real spaCy model (loaded once), real SQLite files, a real PostgreSQL server, the shared
corpus."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from evaluation import shared_dir
from storyline.config import Settings
from storyline.export.json import build_export
from storyline.readers import FieldMap
from storyline.run import RunSummary, analyze
from storyline.stages.nlp import load_model
from storyline.store import open_store
from tests.postgres import Server, start_server

REPO = Path(__file__).resolve().parents[1]
SHARED = shared_dir()  # ../shared beside the repository, or $STORYLINE_SHARED
SEEDS = SHARED / "corpus" / "seeds"
UKRAINE_MEDIA = SHARED / "corpus" / "ukraine-media" / "articles.jsonl"
DEMO = REPO / "examples" / "demo"


def need_shared(path: Path) -> Path:
    """Skip a test that reads the shared data when it is not there."""
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared beside the repository, or $STORYLINE_SHARED)")
    return path


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_model("")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """One real PostgreSQL server for the whole test run (tests/postgres.py), stopped at the end."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def run(nlp: Language, tmp_path: Path) -> Callable[..., RunSummary]:
    """Analyse paths into a fresh SQLite file under tmp_path (or the given db) with the real model."""

    def _run(*paths: str | Path, db: Path | None = None, fields: FieldMap | None = None,
             **settings: object) -> RunSummary:
        store = db or tmp_path / "story.db"
        return analyze([str(p) for p in paths], Settings(db=str(store), **settings), fields, nlp=nlp)

    return _run


def export_of(db: str | Path) -> dict:
    store = open_store(db)
    try:
        return json.loads(json.dumps(build_export(store)))
    finally:
        store.close()


def sample_articles(count: int, full_text_only: bool = True) -> list[dict]:
    """The first `count` records of the shared ukraine-media corpus (full-text rows unless told)."""
    records = []
    for record in ukraine_media():
        if full_text_only and not record.get("full_text"):
            continue
        records.append(record)
        if len(records) >= count:
            break
    return records


def ukraine_media() -> Iterator[dict]:
    """The records of the shared ukraine-media corpus, in file order (the test is skipped without ../shared)."""
    with need_shared(UKRAINE_MEDIA).open(encoding="utf-8") as fh:
        yield from map(json.loads, fh)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
