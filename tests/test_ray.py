"""The Ray executor (`analyze --executor ray`): the same corpus gives the same store and export on Ray actors as in
one local process, with a real Ray started on this machine (2 actors, each loading the real model once)."""

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
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import Settings, load_settings
from storyline.errors import StorylineError
from storyline.executors import Executor
from storyline.executors.ray import RayExecutor
from storyline.run import RunSummary, analyze
from storyline.store import open_store

from .conftest import SEEDS, need_shared, sample_articles, write_jsonl
from .test_executors import comparable, outcome

ray = pytest.importorskip("ray")


def test_ray_settings_come_from_the_environment_and_do_not_change_the_config_hash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_EXECUTOR", "ray")
    monkeypatch.setenv("STORYLINE_ADDRESS", "auto")
    settings = load_settings(toml_path=tmp_path / "absent.toml")
    assert (settings.executor, settings.address) == ("ray", "auto")
    assert settings.config_hash() == Settings().config_hash()
    assert isinstance(RayExecutor(2), Executor)


def test_ray_on_the_command_line_stores_what_one_process_stores_on_the_seeds_and_30_articles(
        run: Callable[..., RunSummary], tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", sample_articles(30))
    seeds = need_shared(SEEDS)
    local = run(seeds, feed, db=tmp_path / "local.db")
    result = CliRunner().invoke(app, ["analyze", str(seeds), str(feed), "--db", str(tmp_path / "ray.db"),
                                      "--executor", "ray", "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert not ray.is_initialized(), "the executor stops the Ray it started"
    assert local.added == 35
    assert comparable(tmp_path / "ray.db") == comparable(tmp_path / "local.db")


def test_one_executor_serves_two_runs_with_small_chunks_and_skips_what_is_stored(tmp_path: Path) -> None:
    seeds = need_shared(SEEDS)
    with RayExecutor(2, chunk_size=1, in_flight=2) as executor:
        first = analyze([str(seeds)], Settings(db=str(tmp_path / "ray.db")), executor=executor)
        again = analyze([str(seeds)], Settings(db=str(tmp_path / "ray.db")), executor=executor)
    assert (first.added, again.added, again.unchanged) == (5, 0, 5)
    assert outcome(first)[0] == 5 and not ray.is_initialized()
    with RayExecutor(2) as idle:  # nothing new: Ray is not even started
        analyze([str(seeds)], Settings(db=str(tmp_path / "ray.db")), executor=idle)
        assert not ray.is_initialized() and not idle._actors


def test_a_bad_address_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(need_shared(SEEDS)), "--db", str(tmp_path / "x.db"),
                                      "--executor", "ray", "--address", "ray://127.0.0.1:1", "-q"])
    assert result.exit_code != 0
    assert "could not start or join Ray" in result.output


def test_a_ray_actor_killed_mid_run_loses_nothing_committed_and_a_rerun_completes(tmp_path: Path) -> None:
    """SIGKILL one Ray actor's process while `analyze --executor ray` runs: the run stops with one clear line, what
    it committed stays, and the same command again adds exactly the rest, each article once."""
    records = sample_articles(40)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "story.db"
    command = [sys.executable, "-m", "storyline", "analyze", str(feed), "--db", str(db), "--executor", "ray",
               "--workers", "2", "--batch-size", "2", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline, killed = time.monotonic() + 300, None
    while time.monotonic() < deadline and proc.poll() is None and killed is None:
        time.sleep(0.5)
        if db.exists() and stored(db) >= 4:
            actors = subprocess.run(["pgrep", "-f", "ray::Analyser"], capture_output=True, text=True).stdout.split()
            if actors:
                killed = int(actors[0])
                os.kill(killed, signal.SIGKILL)
    assert killed, f"no actor to kill before the run ended: {proc.stderr.read() if proc.poll() is not None else ''}"
    _, errors = proc.communicate(timeout=300)
    before = stored(db)
    assert proc.returncode != 0 and "Ray actor stopped abruptly" in errors, errors
    assert 4 <= before < len(records)
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    store = open_store(db)
    try:
        assert store.counts()["versions"] == store.counts()["documents"] == len(records)
        assert [(r["status"], r["added"]) for r in store.runs()][-1] == ("completed", len(records) - before)
        assert store.check_integrity() == []
    finally:
        store.close()


def stored(db: Path) -> int:
    """Document versions committed so far (0 while the store is being created)."""
    try:
        store = open_store(db, read_only=True)
    except (StorylineError, sqlite3.Error):
        return 0
    try:
        return store.counts()["versions"]
    except sqlite3.Error:
        return 0
    finally:
        store.close()
