"""Executors: worker processes store exactly what one process stores, stage errors in a worker are rejections,
and the pool's processes are gone when the executor closes."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import Settings, load_settings
from storyline.errors import ConfigError
from storyline.executors import Executor
from storyline.executors.local import LocalExecutor
from storyline.executors.processes import ProcessExecutor
from storyline.model import Analysis, Document
from storyline.run import Runner, RunSummary, analyze
from storyline.stages import STAGES, StageSpec
from storyline.store import open_store

from .conftest import SEEDS, export_of, need_shared, sample_articles, write_jsonl

BODY = "The delegations met in Geneva on Monday and agreed to meet again next week, officials said in a statement."
FAILING_ID = "fails"


def quotes_or_fail(document: Document, parsed: Doc, earlier: dict | None = None) -> object:
    """The real quotes stage, except that it raises on the document with id FAILING_ID (module-level, so that a
    worker process can unpickle it by name)."""
    if document.id == FAILING_ID:
        raise ValueError("a stage that cannot read this document")
    return STAGES["quotes"].compute(document, parsed, earlier=earlier)


def failing_table() -> dict[str, StageSpec]:
    """The stage table with the quotes stage replaced by `quotes_or_fail`: a copy, the real table is untouched."""
    return {**STAGES, "quotes": replace(STAGES["quotes"], compute=quotes_or_fail)}


def comparable(db: Path) -> dict:
    """The export of a store without its generation time, and the rejections it stored, in order."""
    data = export_of(db)
    data.pop("generated")
    store = open_store(db)
    try:
        data["rejected"] = [(r["source"], r["line"], r["reason"], r["detail"]) for r in store.rejections()]
    finally:
        store.close()
    return data


def outcome(summary: RunSummary) -> tuple:
    return summary.read, summary.added, summary.unchanged, summary.mentions, summary.rejected


def new_workers(before: set[multiprocessing.process.BaseProcess]) -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p not in before]


def test_workers_setting_comes_from_the_environment_and_does_not_change_the_config_hash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_WORKERS", "3")
    settings = load_settings(toml_path=tmp_path / "absent.toml")
    assert settings.workers == 3
    assert settings.config_hash() == Settings().config_hash()


def test_zero_workers_is_a_config_error_before_any_document(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="workers"):
        analyze([str(need_shared(SEEDS))], Settings(db=str(tmp_path / "s.db"), workers=0))
    assert not (tmp_path / "s.db").exists()


def test_an_analysis_survives_pickling_unchanged(nlp: Language) -> None:
    """What a worker sends back (findings of every stage) pickles and comes back equal."""
    seed = sorted(need_shared(SEEDS).glob("*.txt"))[0]
    document = Document(id="seed", raw_text="", source_path=str(seed), text=seed.read_text(encoding="utf-8"))
    runner = Runner(Settings(db=":memory:"), nlp=nlp)
    (analysis,) = LocalExecutor(nlp).analyse([document], runner.work)
    assert isinstance(analysis, Analysis) and set(analysis.findings) == {"actors", "time", "quotes", "events",
                                                                            "quantities"}
    assert pickle.loads(pickle.dumps(analysis)) == analysis
    assert isinstance(LocalExecutor(nlp), Executor) and isinstance(ProcessExecutor(2), Executor)


def test_workers_2_on_the_command_line_store_what_one_process_stores_on_the_seeds(
        run: Callable[..., RunSummary], tmp_path: Path) -> None:
    seeds = need_shared(SEEDS)
    run(seeds, db=tmp_path / "one.db")
    before = set(multiprocessing.active_children())
    two = tmp_path / "two.db"
    result = CliRunner().invoke(app, ["analyze", str(seeds), "--db", str(two), "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert new_workers(before) == [], "the runner closes the pool it started"
    assert comparable(two) == comparable(tmp_path / "one.db")
    again = CliRunner().invoke(app, ["analyze", str(seeds), "--db", str(two), "--workers", "2", "-q"])
    assert again.exit_code == 0, again.output
    last = open_store(two).runs()[-1]  # the re-run found every seed stored and sent nothing to the workers
    assert (last["added"], last["unchanged"]) == (0, 5)


@pytest.mark.slow  # about 5 min on the shared 2-core machine (both runs)
def test_two_worker_processes_store_what_one_process_stores_on_200_articles(
        run: Callable[..., RunSummary], tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", sample_articles(200))
    local = run(feed, db=tmp_path / "one.db")
    with ProcessExecutor(2) as executor:
        workers = analyze([str(feed)], Settings(db=str(tmp_path / "two.db")), executor=executor)
    assert local.added > 150
    assert outcome(workers) == outcome(local)
    assert comparable(tmp_path / "two.db") == comparable(tmp_path / "one.db")


def test_a_stage_error_in_a_worker_is_a_stored_rejection_and_the_run_goes_on(nlp: Language, tmp_path: Path) -> None:
    records = [{"id": name, "title": f"Talks {name}", "text": f"{BODY} ({name})"} for name in ("a", FAILING_ID, "c")]
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    local = Runner(Settings(db=str(tmp_path / "one.db")), nlp=nlp, stages=failing_table()).run([str(feed)])
    before = set(multiprocessing.active_children())
    with ProcessExecutor(2, chunk_size=1) as executor:
        runner = Runner(Settings(db=str(tmp_path / "two.db")), executor=executor, stages=failing_table())
        summary = runner.run([str(feed)])
        started = new_workers(before)
        assert len(started) == 2
    assert not any(p.is_alive() for p in started), "closing the executor ends its workers"
    assert (summary.added, summary.exit_code) == (2, 1)
    (rejection,) = summary.rejected
    assert (rejection.source, rejection.line, rejection.reason) == (str(feed), 2, "stage_error")
    assert f"stage 'quotes' failed on document '{FAILING_ID}' (ValueError: " in rejection.detail
    assert outcome(summary) == outcome(local)
    assert comparable(tmp_path / "two.db") == comparable(tmp_path / "one.db")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_missing_model_fails_before_the_run_starts(tmp_path: Path, workers: str) -> None:
    """Exit 2 with the install hint, and no store created: the model is checked before anything is written."""
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["analyze", str(SEEDS), "--db", str(db), "--model", "no_such_model",
                                      "--workers", workers, "-q"])
    assert result.exit_code == 2
    assert "no_such_model" in result.output and "not installed" in result.output
    assert not db.exists()


def test_map_runs_a_corpus_steps_units_in_the_worker_processes_in_order() -> None:
    """`Executor.map` (the events step's merge blocks) returns one result per item, in input order, from processes
    other than this one."""
    import os

    with ProcessExecutor(2, in_flight=3) as executor:
        results = list(executor.map(_pid_and_square, range(12)))
    assert [square for _pid, square in results] == [n * n for n in range(12)]
    assert {pid for pid, _square in results} - {os.getpid()}
    assert list(LocalExecutor().map(_pid_and_square, [3])) == [(os.getpid(), 9)]


def _pid_and_square(n: int) -> tuple[int, int]:
    import os

    return os.getpid(), n * n
