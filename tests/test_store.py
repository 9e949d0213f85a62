"""Store: numbered migrations, runs, idempotent re-runs, versions, and nothing lost when a run is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import PipelineError, StoreError
from storyline.run import RunSummary
from storyline.stages import validate_pipeline
from storyline.store import open_store

from .conftest import SEEDS, need_shared, sample_articles, write_jsonl


def rows(db: str | Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_schema_is_migrated_and_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    from storyline.store.sqlite import _migrations

    assert rows(db, "PRAGMA user_version") == [(_migrations()[-1][0],)]  # the newest numbered migration
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema 99"):
        open_store(db)


def test_every_run_is_recorded_with_its_config_and_status(run: Callable[..., RunSummary]) -> None:
    summary = run(need_shared(SEEDS))
    ((status, config_hash, model, added, finished),) = rows(
        summary.db, "SELECT status, config_hash, model, added, finished FROM runs")
    assert (status, added) == ("completed", 5)
    assert len(config_hash) == 12 and model and finished
    assert rows(summary.db, "SELECT DISTINCT run_id, stage FROM mentions") == [(1, "nlp")]


def test_reanalysing_the_same_content_is_a_no_op(run: Callable[..., RunSummary]) -> None:
    first = run(need_shared(SEEDS))
    counts = rows(first.db, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM mentions)")
    second = run(SEEDS)
    assert (second.added, second.unchanged, second.exit_code) == (0, 5, 0)
    assert rows(first.db, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM mentions)") == counts


def test_changed_content_under_the_same_id_is_a_new_version(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    article = tmp_path / "in" / "wire-1.txt"
    article.parent.mkdir()
    article.write_text("Talks\n\nThe ministers met in Geneva on Monday, officials said.")
    run(article.parent)
    article.write_text("Talks\n\nThe ministers met in Geneva on Monday and Tuesday, officials said.")
    summary = run(article.parent)
    assert summary.added == 1
    versions = rows(summary.db, "SELECT version, text FROM documents WHERE id = 'wire-1' ORDER BY version")
    assert [v for v, _ in versions] == [1, 2]
    assert "Tuesday" not in versions[0][1] and "Tuesday" in versions[1][1]
    store = open_store(summary.db)
    assert [r["version"] for r in store.latest_documents()] == [2]


def test_same_content_twice_in_one_run_is_stored_once(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    record = {"id": "a", "text": "The ministers met in Geneva, officials said."}
    feed = write_jsonl(tmp_path / "feed.jsonl", [record, record])
    summary = run(feed)
    assert (summary.added, summary.unchanged) == (1, 1)


def test_a_stage_with_an_unmet_requirement_fails_before_any_document() -> None:
    with pytest.raises(PipelineError, match="requires text"):
        validate_pipeline(("nlp", "clean"))
    with pytest.raises(PipelineError, match="unknown stage"):
        validate_pipeline(("clean", "tranlsate"))
    default = [s.name for s in validate_pipeline()]
    assert default[:2] == ["clean", "nlp"] and "actors" in default


def test_a_killed_run_loses_nothing_committed_and_a_rerun_completes(tmp_path: Path) -> None:
    """Kill `storyline analyze` with SIGKILL mid-run; the next run adds exactly the rest."""
    records = sample_articles(60)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "story.db"
    command = [sys.executable, "-m", "storyline", "analyze", str(feed), "--db", str(db), "--batch-size", "4", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                committed = rows(db, "SELECT COUNT(*) FROM documents")[0][0]
            except sqlite3.OperationalError:
                continue
            if committed >= 8:
                break
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = rows(db, "SELECT COUNT(*) FROM documents")[0][0]
    assert 8 <= before < len(records)

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert rows(db, "SELECT COUNT(*), COUNT(DISTINCT id), MAX(version) FROM documents") == [
        (len(records), len(records), 1)]
    assert rows(db, "SELECT status, added FROM runs ORDER BY id") == [
        ("interrupted", 0), ("completed", len(records) - before)]
    orphans = rows(db, "SELECT COUNT(*) FROM mentions WHERE doc_pk NOT IN (SELECT pk FROM documents)")
    assert orphans == [(0,)]
