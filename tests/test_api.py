"""The read-only JSON API (storyline.api) on a store built from examples/demo by the real pipeline: envelopes,
records equal to the JSON export's, paging with cursors, errors in one shape, and a store file left untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import warnings
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn
from spacy.language import Language
from typer.testing import CliRunner

from storyline.api import create_app
from storyline.cli import app as cli_app
from storyline.config import Settings
from storyline.errors import StoreError
from storyline.run import analyze
from storyline.store import is_server_url, open_store
from tests.conftest import DEMO, export_of

with warnings.catch_warnings():  # starlette 1.10 prefers httpx2 to httpx for its test client; both work
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# A document of our own whose text carries markup: the API must hand it back as a plain JSON string.
MARKUP = ('Minister Ana Petrova said on Monday that talks in Geneva would resume. '
          '"<script>alert(1)</script> We will not accept <b>any</b> ultimatum & we will say so," Petrova said.\n')


@pytest.fixture(scope="module")
def store_file(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus (and a page of markup) analysed into a SQLite file."""
    folder = tmp_path_factory.mktemp("api")
    extra = folder / "markup.txt"
    extra.write_text(MARKUP, encoding="utf-8")
    db = folder / "story.db"
    analyze([str(DEMO), str(extra)], Settings(db=str(db)), None, nlp=nlp)
    return db


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store_at(request: pytest.FixtureRequest, store_file: Path, nlp: Language) -> str:
    """The store the API serves: the SQLite file, or the same corpus analysed into a PostgreSQL database."""
    if request.param == "sqlite":
        return str(store_file)
    url = request.getfixturevalue("postgres_server").fresh_database()
    analyze([str(DEMO), str(store_file.parent / "markup.txt")], Settings(db=url), None, nlp=nlp)
    return url


def state_of(location: str) -> tuple:
    """What would change if anything wrote the store: a SQLite file's bytes and mtime; a server's row counts and
    runs."""
    if not is_server_url(location):
        return hashlib.sha256(Path(location).read_bytes()).hexdigest(), Path(location).stat().st_mtime_ns
    store = open_store(location, read_only=True)
    try:
        return store.counts(), [tuple(run) for run in store.runs()]
    finally:
        store.close()


@pytest.fixture(scope="module")
def export(store_at: str) -> dict[str, Any]:
    return export_of(store_at)


@pytest.fixture(scope="module")
def fingerprint(store_at: str, export: dict[str, Any]) -> tuple:
    """The store's state once it is built and exported, before any request."""
    return state_of(store_at)


@pytest.fixture(scope="module")
def client(store_at: str, fingerprint: tuple) -> TestClient:
    return TestClient(create_app(store_at), raise_server_exceptions=False)


def data(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["data"]


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def test_health_and_openapi(client: TestClient, export: dict[str, Any]) -> None:
    health = data(client, "/api/health")
    assert health["status"] == "ok" and health["counts"]["documents"] == len(export["documents"])
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Storyline API"
    assert {"/api/events", "/api/events/{event_id}", "/api/claims", "/api/search"} <= set(schema["paths"])


def test_lists_have_the_envelope_and_the_export_records(client: TestClient, export: dict[str, Any]) -> None:
    docs = client.get("/api/documents?limit=500").json()
    assert set(docs) == {"data", "page"} and docs["page"] == {"limit": 500, "cursor": None, "next": None}
    expected = {d["id"]: {k: v for k, v in d.items() if k != "text"} for d in export["documents"]}
    assert by_id(docs["data"]) == expected
    events = data(client, "/api/events?limit=500")
    assert events == export["events"]  # same records, same (timeline) order
    claims = data(client, "/api/claims?limit=500")
    assert by_id(claims) == by_id(export["claims"])
    actors = data(client, "/api/actors?limit=500")
    assert {a["id"] for a in actors} <= {e["id"] for e in export["entities"]}
    threads = data(client, "/api/quantities?limit=500")
    assert by_id(threads) == by_id(export["quantity_threads"])
    outlets = data(client, "/api/sources")
    assert sum(o["articles"] for o in outlets) == len(export["documents"])


def test_details_are_the_export_records_plus_links(client: TestClient, export: dict[str, Any]) -> None:
    document = export["documents"][0]
    detail = data(client, f"/api/documents/{document['id']}")
    assert {k: detail[k] for k in document} == document
    assert set(detail["quotes"]) == {q["id"] for q in export["quotes"] if q["doc"] == document["id"]}
    assert set(detail["events"]) == {e["id"] for e in export["events"]
                                     if any(m["doc"] == document["id"] for m in e["mentions"])}
    assert set(detail["claims"]) == {c["id"] for c in export["claims"]
                                     if any(m["doc"] == document["id"] for m in c["mentions"])}
    assert export["events"] and export["claims"]
    event = export["events"][0]
    detail = data(client, f"/api/events/{event['id']}")
    assert {k: detail[k] for k in event} == event
    texts = {d["id"]: d["text"] for d in export["documents"]}
    for passage in detail["passages"]:
        assert passage["text"] == texts[passage["doc"]][passage["start"]:passage["end"]]
    claim = export["claims"][0]
    detail = data(client, f"/api/claims/{claim['id']}")
    assert {k: detail[k] for k in claim} == claim
    assert [p["text"] for p in detail["passages"]] == [texts[m["doc"]][m["start"]:m["end"]] for m in claim["mentions"]]


def test_actor_profile_and_filters(client: TestClient, export: dict[str, Any]) -> None:
    top = data(client, "/api/actors?limit=1")[0]
    profile = data(client, f"/api/actors/{top['id']}")
    assert profile["id"] == top["id"] and profile["aliases"] == top["aliases"]
    quotes = [q for q in export["quotes"] if q["speaker"] == top["id"]]
    assert data(client, f"/api/actors/{top['id']}/quotes?limit=500") == quotes and profile["quotes"] == len(quotes)
    as_actor = {e["id"] for e in export["events"] if top["id"] in e["actors"]}
    as_target = {e["id"] for e in export["events"] if top["id"] in e["targets"]}
    assert {e["id"] for e in data(client, f"/api/events?actor={top['id']}&role=actor&limit=500")} == as_actor
    assert {e["id"] for e in data(client, f"/api/events?actor={top['id']}&role=target&limit=500")} == as_target
    assert (profile["events_as_actor"], profile["events_as_target"]) == (len(as_actor), len(as_target))
    entity = next(e for e in export["entities"] if e["id"] == top["id"])
    docs = data(client, f"/api/actors/{top['id']}/documents?limit=500")
    assert {d["id"] for d in docs} == {m["doc"] for m in entity["mentions"]} and profile["documents"] == len(docs)
    assert sum(d["mentions"] for d in docs) == profile["mentions"] == len(entity["mentions"])
    assert client.get(f"/api/events?actor={top['id']}&role=speaker").status_code == 400
    assert client.get("/api/actors/e999999/quotes").status_code == 404
    word = top["name"].split()[-1].lower()
    assert top["id"] in {a["id"] for a in data(client, f"/api/actors?q={word}")}
    assert all(a["type"] == "person" for a in data(client, "/api/actors?type=person"))
    involved = {e["id"] for e in export["events"] if top["id"] in e["actors"] + e["targets"] + [e["location"]]}
    assert {e["id"] for e in data(client, f"/api/events?actor={top['id']}&limit=500")} == involved
    dated = [e for e in export["events"] if e["date"]]
    day = dated[len(dated) // 2]["date"][:10]
    window = data(client, f"/api/events?start={day}&end={day}&limit=500")
    assert window and all(e["date"][:10] <= day <= (e["date_end"] or e["date"])[:10] for e in window)
    status = export["events"][0]["status"]
    assert {e["id"] for e in data(client, f"/api/events?status={status}&limit=500")} == {
        e["id"] for e in export["events"] if e["status"] == status}
    assert all(c["disputed"] for c in data(client, "/api/claims?disputed=true"))
    assert all(c["sources"] >= 2 for c in data(client, "/api/claims?min_sources=2"))
    hits = data(client, "/api/search?q=Geneva")
    assert hits and all({"id", "title", "snippet"} <= set(h) for h in hits)


def test_paging_walks_every_event_once(client: TestClient, export: dict[str, Any]) -> None:
    seen, url, pages = [], "/api/events?limit=2", 0
    while url:
        body = client.get(url).json()
        assert len(body["data"]) <= 2 and body["page"]["limit"] == 2
        seen += [e["id"] for e in body["data"]]
        pages += 1
        url = f"/api/events?limit=2&cursor={body['page']['next']}" if body["page"]["next"] else None
    assert seen == [e["id"] for e in export["events"]] and pages >= 2


@pytest.mark.parametrize("path", ["/api/actors", "/api/documents", "/api/claims", "/api/sources"])
def test_pages_join_up_to_the_whole_list(client: TestClient, path: str) -> None:
    whole = [r.get("id", r.get("outlet")) for r in data(client, f"{path}?limit=500")]
    seen, cursor = [], ""
    while cursor is not None:
        body = client.get(f"{path}?limit=1&cursor={cursor}").json()
        seen += [r.get("id", r.get("outlet")) for r in body["data"]]
        cursor = body["page"]["next"]
    assert seen == whole and len(whole) > 1


@pytest.mark.parametrize(("url", "status"), [
    ("/api/events?limit=0", 400), ("/api/events?limit=501", 400), ("/api/events?limit=abc", 400),
    ("/api/events?start=notadate", 400), ("/api/events?end=2022-13-01", 400), ("/api/documents?since=yesterday", 400),
    ("/api/events?cursor=garbage!", 400), ("/api/claims?cursor=eDoxMg", 400), ("/api/claims?cursor=bzotMQ", 400),
    ("/api/events?actor=putin", 400),
    ("/api/claims?min_sources=-1", 400), ("/api/claims?min_sources=9223372036854775808", 400),
    ("/api/events?cursor=bzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", 400), ("/api/events?actor=e9999999999999999999", 400),
    ("/api/search?q=%22unbalanced", 400), ("/api/search", 400),
    ("/api/events/v999999", 404), ("/api/events/12", 404), ("/api/claims/e1", 404), ("/api/actors/e999999", 404),
    ("/api/documents/no-such-doc", 404), ("/api/nowhere", 404),
])
def test_bad_requests_get_the_error_shape(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == {400: "bad_request", 404: "not_found"}[status]
    assert "\n" not in body["error"]["message"] and "Traceback" not in response.text


def test_a_crash_is_a_500_in_the_error_shape_without_a_traceback(store_file: Path) -> None:
    app = create_app(str(store_file))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail")

    response = TestClient(app, raise_server_exceptions=False).get("/api/boom")
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_markup_comes_back_as_a_json_string(client: TestClient, export: dict[str, Any]) -> None:
    doc = next(d for d in export["documents"] if "<script>" in d["text"])
    response = client.get(f"/api/documents/{doc['id']}")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["data"]["text"] == doc["text"]


def test_missing_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(str(tmp_path / "none.db"))


def test_read_only_store_refuses_writes(store_at: str) -> None:
    store = open_store(store_at, read_only=True)
    try:
        with pytest.raises((sqlite3.Error, psycopg.Error)):
            store.conn.execute("CREATE TABLE scratch (a)")
    finally:
        store.close()


def test_serve_checks_the_store_then_runs_uvicorn_on_localhost(store_file: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    missing = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such store" in missing.output
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda api, **kwargs: calls.append({"api": api, **kwargs}))
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_file), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert calls[0]["api"].title == "Storyline API"


def test_document_findings_point_at_their_words(client: TestClient, export: dict[str, Any]) -> None:
    """The reader's highlights: every finding's offsets cut its own words out of the document's text, and each
    links to an actor, event or speaker of the export."""
    entities = {e["id"] for e in export["entities"]}
    events = {e["id"] for e in export["events"]}
    seen = {"actors": 0, "quotes": 0, "times": 0, "events": 0}
    for document in export["documents"]:
        detail = data(client, f"/api/documents/{document['id']}")
        text = document["text"]
        for kind, found in detail["findings"].items():
            seen[kind] += len(found)
            for item in found:
                assert text[item["start"]:item["end"]] == item["text"], (kind, item)
        assert {a["actor"] for a in detail["findings"]["actors"]} <= entities
        assert {e["event"] for e in detail["findings"]["events"]} <= events
        assert detail["findings"]["quotes"] == [q for q in export["quotes"] if q["doc"] == document["id"]]
        assert detail["dating"]["basis"]
    assert all(seen.values()), seen


def test_story_timeline_and_digest(client: TestClient, export: dict[str, Any]) -> None:
    story = data(client, "/api/story?days=3")
    assert 0 < len(story["digest"]) <= 3
    in_export = by_id(export["events"])
    for day in story["digest"]:
        for event in day["events"]:
            assert in_export[event["id"]]["date"] == day["date"] == event["date"]
            passage = event["passage"]
            text = next(d["text"] for d in export["documents"] if d["id"] == passage["doc"])
            assert " ".join(text[passage["start"]:passage["end"]].split()) == passage["text"]
    assert sum(row["articles"] for row in story["articles"]) == len([d for d in export["documents"] if d["published"]])
    assert [r["day"] for r in story["articles"]] == sorted(r["day"] for r in story["articles"])
    whole = data(client, "/api/timeline?limit=1000")
    shown = whole["events"]
    assert whole["total"] == len(shown) and shown
    assert [e["salience"] for e in shown] == sorted((e["salience"] for e in shown), reverse=True)
    day = sorted(e["date"] for e in shown)[len(shown) // 2]
    window = data(client, f"/api/timeline?start={day}&end={day}&limit=1")
    assert len(window["events"]) == 1 and window["total"] >= 1
    assert window["events"][0]["date"] <= day <= (window["events"][0]["date_end"] or window["events"][0]["date"])
    assert client.get("/api/timeline?start=yesterday").status_code == 400
    assert client.get("/api/timeline?limit=0").status_code == 400
    assert client.get("/api/story?days=0").status_code == 400


def test_actor_network_and_claims_board(client: TestClient, export: dict[str, Any]) -> None:
    top = data(client, "/api/actors?limit=1")[0]
    network = data(client, f"/api/actors/{top['id']}/network")
    ids = [n["id"] for n in network["nodes"]]
    assert ids[0] == top["id"] and network["nodes"][0]["centre"] and len(ids) == len(set(ids))
    pairs = {(a, t) for e in export["events"] for a in e["actors"] for t in e["targets"] if a != t}
    for edge in network["edges"]:
        assert {edge["source"], edge["target"]} <= set(ids) and (edge["source"], edge["target"]) in pairs
    neighbours = {t for a, t in pairs if a == top["id"]} | {a for a, t in pairs if t == top["id"]}
    assert set(ids[1:]) == neighbours or len(ids) == 31
    assert client.get("/api/actors/e999999/network").status_code == 404
    board = client.get("/api/claims/board?limit=500").json()
    claims = [c for group in board["data"] for c in group["claims"]]
    assert {c["id"] for c in claims} == {c["id"] for c in export["claims"]}
    for group in board["data"]:
        assert len({c["event"] for c in group["claims"]}) == 1 or group["subject"]["event"] is None
    first = client.get("/api/claims/board?limit=2").json()
    assert sum(len(g["claims"]) for g in first["data"]) == 2 and first["page"]["next"]
    second = client.get(f"/api/claims/board?limit=2&cursor={first['page']['next']}").json()
    assert not {c["id"] for g in first["data"] for c in g["claims"]} & {c["id"] for g in second["data"]
                                                                          for c in g["claims"]}


def test_search_filters_and_facets(client: TestClient, export: dict[str, Any]) -> None:
    hits = data(client, "/api/search?q=talks&limit=500")
    facets = data(client, "/api/search/facets?q=talks")
    assert sum(f["n"] for f in facets["source"]) == len(hits) == sum(f["n"] for f in facets["day"])
    days = [f["value"] for f in facets["day"] if f["value"]]
    assert days == sorted(days)
    outlet = facets["source"][0]
    assert len(data(client, f"/api/search?q=talks&source={outlet['value']}&limit=500")) == outlet["n"]
    day = facets["day"][0]["value"]
    assert all(h["published"].startswith(day) for h in data(client, f"/api/search?q=talks&day={day}"))
    summaries = [e for e in export["events"] if "talks" in e["summary"].lower()]
    assert sum(f["n"] for f in facets["event_type"]) == len(summaries)
    assert {e["id"] for e in data(client, "/api/events?q=Talks&limit=500")} == {e["id"] for e in summaries}
    assert client.get("/api/search/facets?q=%22unbalanced").status_code == 400
    assert client.get("/api/search?q=talks&day=April").status_code == 400


def test_pages_are_served_with_a_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/claims", "/search?q=x", "/events/v1", "/actors/e1", "/documents/any-id"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert client.get("/static/js/common.js").status_code == 200
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200, "run `make vendor`"
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_store_at_an_older_schema_is_refused_at_start_with_what_to_do(store_file: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(store_file.read_bytes())
    with sqlite3.connect(old) as conn:
        conn.execute(f"PRAGMA user_version = {conn.execute('PRAGMA user_version').fetchone()[0] - 1}")
    with pytest.raises(StoreError, match="open it once for writing"):
        create_app(str(old))


def test_zz_the_store_is_unchanged(client: TestClient, store_at: str, fingerprint: tuple) -> None:
    """Runs after the others in this module (pytest keeps file order): every request above was a read."""
    for url in ("/api/health", "/api/events", "/api/claims", "/api/documents", "/api/search?q=talks"):
        client.get(url)
    assert state_of(store_at) == fingerprint
