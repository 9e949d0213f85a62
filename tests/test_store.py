"""Store: runs, idempotent re-runs, versions, nothing lost when a run is killed, corpus steps that hold no write
transaction while they compute and do no work when nothing changed.

The tests are written against the `Store` protocol and run once per backend (`store_url`): a SQLite file and a
database on a real PostgreSQL server (tests/postgres.py). Schema details of one backend are tested apart.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.corpus import CORPUS_STEPS
from storyline.errors import PipelineError, StoreError
from storyline.run import RunSummary
from storyline.stages import validate_pipeline
from storyline.store import Store, open_store

from .conftest import DEMO, SEEDS, need_shared, sample_articles, write_jsonl
from .postgres import Server
from .test_executors import comparable, outcome

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store of each backend lives (a SQLite file path, or a server URL)."""
    if request.param == "sqlite":
        return str(tmp_path / "story.db")
    return request.getfixturevalue("postgres_server").fresh_database()


def opened(url: str) -> Store:
    return open_store(url)


def test_every_run_is_recorded_with_its_config_and_status(run: Callable[..., RunSummary], store_url: str) -> None:
    run(need_shared(SEEDS), db=store_url)
    store = opened(store_url)
    (only,) = store.runs()
    assert (only["status"], only["added"]) == ("completed", 5)
    assert len(only["config_hash"]) == 12 and only["model"] and only["finished"]


def test_reanalysing_the_same_content_is_a_no_op(run: Callable[..., RunSummary], store_url: str) -> None:
    first = run(need_shared(SEEDS), db=store_url)
    second = run(SEEDS, db=store_url)
    assert (second.added, second.unchanged, second.exit_code) == (0, 5, 0)
    assert {**second.totals, "runs": 0} == {**first.totals, "runs": 0}
    assert (first.totals["runs"], second.totals["runs"]) == (1, 2)


def test_a_run_that_adds_nothing_does_no_corpus_work(run: Callable[..., RunSummary], store_url: str) -> None:
    first = run(need_shared(SEEDS), db=store_url)
    assert set(first.corpus) == {"actors", "dating", "sources", "events", "speakers", "claims"}
    assert all("unchanged" not in counts for counts in first.corpus.values())
    second = run(SEEDS, db=store_url)
    assert all(counts.get("unchanged") == 1 for counts in second.corpus.values()), second.corpus


def test_changed_content_under_the_same_id_is_a_new_version(run: Callable[..., RunSummary], tmp_path: Path,
                                                            store_url: str) -> None:
    article = tmp_path / "in" / "wire-1.txt"
    article.parent.mkdir()
    article.write_text("Talks\n\nThe ministers met in Geneva on Monday, officials said.")
    run(article.parent, db=store_url)
    article.write_text("Talks\n\nThe ministers met in Geneva on Monday and Tuesday, officials said.")
    summary = run(article.parent, db=store_url)
    assert summary.added == 1
    store = opened(store_url)
    versions = store.document_versions("wire-1")
    assert [v["version"] for v in versions] == [1, 2]
    assert "Tuesday" not in versions[0]["text"] and "Tuesday" in versions[1]["text"]
    assert [r["version"] for r in store.latest_documents()] == [2]


def test_same_content_twice_in_one_run_is_stored_once(run: Callable[..., RunSummary], tmp_path: Path,
                                                      store_url: str) -> None:
    record = {"id": "a", "text": "The ministers met in Geneva, officials said."}
    feed = write_jsonl(tmp_path / "feed.jsonl", [record, record])
    summary = run(feed, db=store_url)
    assert (summary.added, summary.unchanged) == (1, 1)


def test_no_corpus_step_holds_a_write_transaction_while_it_computes(run: Callable[..., RunSummary],
                                                                    store_url: str) -> None:
    """While each step computes, a second connection can write to the store at once (it would wait for the lock,
    and here give up after 0.2 s, if the step held a write transaction)."""
    run(need_shared(SEEDS), db=store_url)
    store, other = opened(store_url), opened(store_url)
    other.conn.execute("SET lock_timeout = '200ms'" if store_url.startswith("postgresql://")
                       else "PRAGMA busy_timeout = 200")
    written = []

    def compute_while_another_writes(step_compute: Callable) -> Callable:
        def compute(snapshot: object, *mapper: object) -> object:  # a parallel step's compute takes the mapper
            written.append(other.begin_run("probe", "test", "none", {}, []))
            return step_compute(snapshot, *mapper)
        return compute

    for step in CORPUS_STEPS:
        replace(step, compute=compute_while_another_writes(step.compute)).run(store, 1)
    assert len(written) == len(CORPUS_STEPS)


def test_a_stage_with_an_unmet_requirement_fails_before_any_document() -> None:
    with pytest.raises(PipelineError, match="requires text"):
        validate_pipeline(("nlp", "clean"))
    with pytest.raises(PipelineError, match="unknown stage"):
        validate_pipeline(("clean", "tranlsate"))
    default = [s.name for s in validate_pipeline()]
    assert default[:2] == ["clean", "nlp"] and "actors" in default


def test_a_killed_run_loses_nothing_committed_and_a_rerun_completes(tmp_path: Path, store_url: str) -> None:
    """Kill `storyline analyze` with SIGKILL mid-run; the next run adds exactly the rest."""
    records = sample_articles(60)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    command = [sys.executable, "-m", "storyline", "analyze", str(feed), "--db", store_url, "--batch-size", "4", "-q"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            probe = opened(store_url)
        except (StoreError, sqlite3.OperationalError):
            continue  # not created yet, or being created
        try:
            committed = probe.counts()["versions"]
        except (StoreError, sqlite3.OperationalError):
            continue
        finally:
            probe.close()
        if committed >= 8:
            break
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = opened(store_url).counts()["versions"]
    assert 8 <= before < len(records)

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    store = opened(store_url)
    counts = store.counts()
    assert (counts["versions"], counts["documents"]) == (len(records), len(records))
    assert [(r["status"], r["added"]) for r in store.runs()] == [
        ("interrupted", 0), ("completed", len(records) - before)]
    assert store.check_integrity() == []


def test_two_runs_at_once_into_one_postgresql_store_both_complete_without_duplicates(
        tmp_path: Path, postgres_server: Server) -> None:
    """Two `storyline analyze` processes write one PostgreSQL store at once, both starting on the same four articles:
    both complete (neither takes the other for an abandoned run), each article is stored once and counted as added
    by one run only, and a third run adds nothing."""
    records = sample_articles(24)
    first = write_jsonl(tmp_path / "first.jsonl", records[:14])
    second = write_jsonl(tmp_path / "second.jsonl", records[:4] + records[14:])  # both start on the same four
    url = postgres_server.fresh_database()
    opened(url).close()  # the schema, so that the two runs start on it together

    def analyse(feed: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "storyline", "analyze", str(feed), "--db", url,
                                 "--batch-size", "3", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    runs = [analyse(first), analyse(second)]
    for proc in runs:
        assert proc.wait(timeout=400) == 0, proc.stderr.read().decode()
    store = opened(url)
    assert store.counts()["versions"] == store.counts()["documents"] == len(records)
    assert sorted(r["status"] for r in store.runs()) == ["completed", "completed"]
    assert sum(r["added"] for r in store.runs()) == len(records)
    assert store.check_integrity() == []
    store.close()
    again = subprocess.run([sys.executable, "-m", "storyline", "analyze", str(first), str(second), "--db", url, "-q"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    store = opened(url)
    assert store.runs()[-1]["added"] == 0 and store.counts()["versions"] == len(records)
    store.close()


# -- SQLite only: its schema file ----------------------------------------------------------------------------


def test_sqlite_rows_know_their_run_and_stage(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    summary = run(need_shared(SEEDS), db=tmp_path / "s.db")
    with sqlite3.connect(summary.db) as conn:
        assert conn.execute("SELECT DISTINCT run_id, stage FROM mentions").fetchall() == [(1, "nlp")]
        assert conn.execute("SELECT DISTINCT run_id, stage FROM events").fetchall() == [(1, "events")]
        assert conn.execute("SELECT DISTINCT run_id, stage FROM quotes").fetchall() == [(1, "quotes")]


def test_sqlite_stored_mention_spans_equal_the_text_spacy_saw(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    summary = run(need_shared(SEEDS), DEMO, db=tmp_path / "s.db")
    texts = {doc["id"]: doc["text"] for doc in opened(summary.db).latest_documents()}
    with sqlite3.connect(summary.db) as conn:
        stored = conn.execute("SELECT d.id, m.start, m.end, m.text FROM mentions m "
                              "JOIN documents d ON d.pk = m.doc_pk").fetchall()
    assert stored
    assert all(texts[doc][start:end] == text for doc, start, end, text in stored)


def test_sqlite_schema_is_migrated_and_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    from storyline.store.sqlite import _migrations

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchall() == [(_migrations()[-1][0],)]
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="schema 99"):
        open_store(db)


# -- the API's lists, filtered and paged in SQL (store.documents, actors_matching, document_flags_of) ----------------


def python_documents(store: Store, source: str | None, since: str | None, until: str | None) -> list[int]:
    """What /api/documents kept before its filters moved into SQL: latest_documents filtered in Python."""
    kept = []
    for row in store.latest_documents():
        day = (row["published"] or "")[:10]
        if source is not None and (row["source"] or "").casefold() != source.casefold():
            continue
        if (since or until) and not (day and (since is None or day >= since) and (until is None or day <= until)):
            continue
        kept.append(row["pk"])
    return kept


def test_documents_are_filtered_and_paged_in_sql_as_latest_documents_filtered(run: Callable[..., RunSummary],
                                                                              tmp_path: Path, store_url: str) -> None:
    own = tmp_path / "own"
    own.mkdir()
    note = own / "note.txt"
    note.write_text("Minister Ana Petrova said talks in Geneva would resume.\n", encoding="utf-8")
    run(own, DEMO, db=store_url)
    note.write_text("Minister Ana Petrova said on Monday that talks in Geneva would resume.\n", encoding="utf-8")
    run(own, db=store_url)  # a second version of the first document: it keeps its place, first arrived first
    store = opened(store_url)
    latest = list(store.latest_documents())
    assert latest[0]["id"] == "note" and latest[0]["version"] == 2 and len(latest) > 3
    days = sorted({(row["published"] or "")[:10] for row in latest} - {""})
    outlets = sorted({row["source"] for row in latest if row["source"]})
    windows = [(None, None), (days[0], None), (None, days[0]), (days[0], days[-1]), (days[-1], days[-1]),
               ("2999-01-01", None), (days[-1], days[0])]
    for source in [None, "", "no such outlet", *outlets, *(o.upper() for o in outlets)]:
        for since, until in windows:
            wanted = python_documents(store, source, since, until)
            assert [row["pk"] for row in store.documents(source, since, until)] == wanted, (source, since, until)
            for limit, offset in ((1, 0), (2, 1), (50, 3)):
                page = store.documents(source, since, until, limit, offset)
                assert [row["pk"] for row in page] == wanted[offset:offset + limit]
    assert [dict(row) for row in store.documents()] == [dict(row) for row in latest]


def test_document_flags_of_some_documents_are_those_documents_flags(run: Callable[..., RunSummary],
                                                                   store_url: str) -> None:
    run(DEMO, db=store_url)
    store = opened(store_url)
    every: dict[str, list[dict]] = {}
    for row in store.document_flags():
        every.setdefault(row["doc_id"], []).append(dict(row))
    assert every, "the demo's translated copy is flagged"
    ids = [row["id"] for row in store.latest_documents()]
    assert {doc: [dict(r) for r in rows] for doc, rows in store.document_flags_of(ids).items()} == every
    flagged = next(iter(every))
    assert {doc: [dict(r) for r in rows] for doc, rows in store.document_flags_of([flagged, "no such doc"]).items()} \
        == {flagged: every[flagged]}
    assert store.document_flags_of([]) == {}


def test_actors_matching_words_are_the_actors_whose_name_or_an_alias_contains_them(run: Callable[..., RunSummary],
                                                                                 store_url: str) -> None:
    run(DEMO, db=store_url)
    store = opened(store_url)
    names = [name for actor in store.actors() for name in [actor["name"], *actor["aliases"]]]
    words = ["", "  ", "a", "E", "ostrav", "OSTRAVA ", "no such name", '"', "\\", ",", '", "', "[", "ß", "é", "’",
             *(name[1:5] for name in names[:15]), *(name.upper() for name in names[:5])]
    for kind in (None, "person", "location", "organization"):
        actors = store.actors(kind)
        for word in words:
            folded = word.casefold().strip()
            wanted = [a for a in actors if any(folded in name.casefold() for name in [a["name"], *a["aliases"]])]
            assert store.actors_matching(word, kind) == wanted, (kind, word)
            assert store.actors_matching(word, kind, 2, 1) == wanted[1:3]
    assert store.actors_matching("ostrava") and store.actors_matching("no such name") == []


def test_the_api_lists_read_their_first_page_off_an_index(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    from storyline.store import ClaimFilter, EventFilter

    summary = run(DEMO, db=tmp_path / "s.db")
    store = open_store(summary.db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.events(EventFilter(limit=51))
    store.events(EventFilter(in_story=True, limit=51))
    store.claims(ClaimFilter(limit=51))
    store.claims(ClaimFilter(disputed=True, limit=51))
    store.actors(limit=51)
    store.actors("person", 51)
    store.conn.set_trace_callback(None)
    lists = [sql for sql in statements if "LIMIT" in sql]
    assert len(lists) == 6
    for sql in lists:
        plan = [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert not any("TEMP B-TREE" in step for step in plan), (sql, plan)
    roles = [row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM actor_roles WHERE actor_id = 1")]
    assert roles == ["SEARCH actor_roles USING INDEX actor_roles_actor (actor_id=?)"]


def test_document_outlets_are_the_newest_versions_sources_in_arrival_order(run: Callable[..., RunSummary],
                                                                          store_url: str) -> None:
    run(DEMO, db=store_url)
    store = opened(store_url)
    outlets = store.document_outlets()
    assert list(outlets.items()) == [(row["id"], row["source"]) for row in store.latest_documents()]
    assert any(outlets.values())


def test_postgres_stores_what_sqlite_stores_on_the_seeds_and_30_articles(run: Callable[..., RunSummary],
                                                                          tmp_path: Path,
                                                                          postgres_server: Server) -> None:
    """The whole pipeline into each backend: the same export (every finding, offset, id, cluster and claim) and the
    same rejections. The corpus steps read back what the stages wrote, so every read and write the export depends
    on is exercised on both engines."""
    feed = write_jsonl(tmp_path / "feed.jsonl", [*sample_articles(30), {"id": "empty", "text": ""}])
    seeds = need_shared(SEEDS)
    url = postgres_server.fresh_database()
    sqlite_run = run(seeds, feed, db=tmp_path / "story.db")
    postgres_run = run(seeds, feed, db=url)
    assert outcome(postgres_run) == outcome(sqlite_run) and sqlite_run.added == 35
    assert comparable(url) == comparable(tmp_path / "story.db")


def test_search_takes_the_same_query_syntax_on_every_backend(run: Callable[..., RunSummary], store_url: str) -> None:
    """Phrases, OR, NOT and prefix* mean the same on both engines (PostgreSQL also stems English words, so it may find
    more, never less), the facets count what the search finds, and a malformed query is one StoreError."""
    run(need_shared(SEEDS), db=store_url)
    store = opened(store_url)
    texts = {d["id"]: f"{d['title'] or ''} {d['text']}".casefold() for d in store.latest_documents()}

    def found(query: str) -> set[str]:
        return {r["id"] for r in store.search(query, limit=50)}

    def containing(words: str) -> set[str]:
        return {doc for doc, text in texts.items() if words in text}

    assert containing("russian forces") and containing("russian forces") <= found('"Russian forces"')
    assert found("Blinken OR Lavrov") == found("Blinken") | found("Lavrov")
    assert found("Kyiv NOT Blinken") == found("Kyiv") - found("Blinken") != found("Kyiv")
    assert containing("zelensk") and containing("zelensk") <= found("Zelensk*")
    assert all(r["snippet"] for r in store.search("Kyiv"))
    facets = store.search_facets("Kyiv")
    assert sum(row["n"] for row in facets["source"]) == sum(row["n"] for row in facets["day"]) == len(found("Kyiv"))
    for bad in ('"unbalanced', "Kyiv AND", "(Kyiv"):
        with pytest.raises(StoreError):
            store.search(bad)
    store.close()


def test_the_cli_and_the_api_work_on_a_postgresql_store(postgres_server: Server) -> None:
    """`storyline analyze --db postgresql://...`, then the listings, an export and the API's pages' reads on it."""
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from storyline.api import create_app
    from storyline.cli import app

    url, cli = postgres_server.fresh_database(), CliRunner()
    analysed = cli.invoke(app, ["analyze", str(need_shared(SEEDS)), "--db", url, "-q"])
    assert analysed.exit_code == 0, analysed.output
    for command in (["timeline"], ["entities", "--limit", "5"], ["quotes", "--limit", "5"], ["claims"]):
        result = cli.invoke(app, [*command, "--db", url])
        assert result.exit_code == 0 and result.output.strip(), (command, result.output)
    exported = cli.invoke(app, ["export", "--db", url, "--format", "json"])
    assert exported.exit_code == 0 and '"events"' in exported.output
    with TestClient(create_app(url)) as client:
        for path in ("/api/story", "/api/timeline", "/api/events?limit=5", "/api/actors?q=putin",
                     "/api/search?q=Kyiv", "/api/search/facets?q=Kyiv", "/api/claims/board", "/api/documents"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text)
            assert response.json()["data"], path
        assert client.get("/api/search?q=%22unbalanced").status_code == 400


def test_a_sqlite_store_copied_to_postgresql_exports_the_same_and_takes_new_runs(
        run: Callable[..., RunSummary], tmp_path: Path, postgres_server: Server) -> None:
    """`storyline copy`: every row moves; the copy exports what the file did; a later run on it adds after the
    copied ids; a second copy into a database that holds a store is refused."""
    from typer.testing import CliRunner

    from storyline.cli import app

    run(need_shared(SEEDS), db=tmp_path / "story.db")
    url = postgres_server.fresh_database()
    copied = CliRunner().invoke(app, ["copy", "--db", str(tmp_path / "story.db"), "--to", url])
    assert copied.exit_code == 0, copied.output
    assert comparable(url) == comparable(tmp_path / "story.db")
    again = CliRunner().invoke(app, ["copy", "--db", str(tmp_path / "story.db"), "--to", url])
    assert again.exit_code == 2 and "already holds a store" in again.output
    feed = write_jsonl(tmp_path / "feed.jsonl", sample_articles(3))
    assert run(feed, db=url).added == 3
    store = opened(url)
    assert store.counts()["documents"] == 8 and [r["id"] for r in store.runs()] == [1, 2]
    store.close()


def test_entity_ids_written_in_a_rolled_back_batch_are_not_reused(tmp_path: Path) -> None:
    """The store remembers the entity ids it has written; a batch that fails rolls its entities back, so the next
    batch must add them again rather than point its mentions at ids that no longer exist."""
    from storyline.model import Analysis, Document, EntityMention, NlpFindings, SentenceSpan

    def analysis(doc_id: str, findings: dict[str, object]) -> Analysis:
        text = "Zelensky met Scholz in Kyiv."
        document = Document(doc_id, text, "test.txt", text=text)
        mentions = [EntityMention(0, 8, "Zelensky", "PERSON"), EntityMention(23, 27, "Kyiv", "GPE")]
        return Analysis(document, NlpFindings([SentenceSpan(0, len(text))], mentions, 6), findings)

    store = open_store(str(tmp_path / "store.db"))
    try:
        run_id = store.begin_run("hash", "test", "model", {}, [])
        with pytest.raises(AttributeError):
            store.write_batch(run_id, [analysis("a", {"failing": None})], [], {"failing": "no_such_writer"})
        assert store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 0  # rolled back
        assert store.write_batch(run_id, [analysis("b", {})], [], {}) == 1
        linked = store.conn.execute("SELECT COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity_id")
        assert linked.fetchone()[0] == 2
        assert store.check_integrity() == []
    finally:
        store.close()
