"""The JSON export obeys its contract: schema-valid, exact provenance, stable ids, empty future sections."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema

from storyline.run import RunSummary
from storyline.store import open_store

from .conftest import DEMO, REPO, SEEDS, export_of, need_shared

SCHEMA = json.loads((REPO / "docs" / "export.schema.json").read_text())


def assert_contract(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    texts = {doc["id"]: doc["text"] for doc in data["documents"]}
    assert len(texts) == len(data["documents"]), "document ids are unique"
    for entity in data["entities"]:
        names = {entity["name"], *entity["aliases"]}
        for mention in entity["mentions"]:
            surface = texts[mention["doc"]][mention["start"]:mention["end"]]
            assert surface, mention
            assert surface in names or surface.removeprefix("the ").removesuffix("'s") in names, (surface, entity)
    for quote in data["quotes"]:
        assert texts[quote["doc"]][quote["start"]:quote["end"]] == quote["text"]
    for timex in data.get("timexes", []):
        assert texts[timex["doc"]][timex["start"]:timex["end"]] == timex["text"], timex
    entity_ids = {entity["id"] for entity in data["entities"]}
    for event in data["events"]:
        assert event["mentions"], event
        assert {*event["actors"], *event["targets"], event["location"] or next(iter(entity_ids))} <= entity_ids
        for mention in event["mentions"]:
            assert texts[mention["doc"]][mention["start"]:mention["end"]] == mention["text"], mention
            assert mention["clause"]["start"] <= mention["start"] < mention["end"] <= mention["clause"]["end"]
    claim_ids = {claim["id"] for claim in data["claims"]}
    for claim in data["claims"]:
        first = claim["mentions"][0]
        assert texts[first["doc"]][first["start"]:first["end"]] == claim["text"], claim
        assert claim["claimant"] is None or claim["claimant"] in entity_ids
        assert {x["claim"] for x in claim["contradicts"]} | set(claim["supports"]) <= claim_ids
    for thread in data.get("quantity_threads", []):
        for report in thread["reports"]:
            assert texts[report["doc"]][report["start"]:report["end"]] == report["text"], report
            assert report["claim"] is None or report["claim"] in claim_ids


def test_seed_export_validates_and_every_span_points_at_its_text(run: Callable[..., RunSummary]) -> None:
    summary = run(need_shared(SEEDS))
    data = export_of(summary.db)
    assert_contract(data)
    assert len(data["documents"]) == 5
    assert all(doc["text"] and doc["title"] != doc["text"][:20] for doc in data["documents"])
    assert data["quotes"] and data["events"] and data["claims"]  # quotes, events, claims: their own tests
    by_name = {e["name"]: e for e in data["entities"]}
    assert by_name["Dmitry Peskov"]["type"] == "person"
    assert by_name["NATO"]["type"] == "organization"
    mentions = sum(len(e["mentions"]) for e in data["entities"])
    linked = open_store(summary.db).actor_clusters()  # entities are canonical actors: every actor mention is exported
    assert mentions == len(linked)


def test_ids_are_stable_across_exports_of_the_same_store(run: Callable[..., RunSummary]) -> None:
    summary = run(DEMO)
    first, second = export_of(summary.db), export_of(summary.db)
    for key in ("documents", "entities", "events"):
        assert [x["id"] for x in first[key]] == [x["id"] for x in second[key]]
    assert {e["id"]: e["name"] for e in first["entities"]} == {e["id"]: e["name"] for e in second["entities"]}


def test_export_after_a_second_run_keeps_earlier_entity_ids(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    db = tmp_path / "grow.db"
    run(DEMO / "01_wire_talks_announced.txt", db=db)
    before = {(e["name"], e["type"]): e["id"] for e in export_of(db)["entities"]}
    run(DEMO, db=db)
    after = {e["id"]: {e["name"], *e["aliases"]} for e in export_of(db)["entities"]}
    assert before
    for (name, _), entity_id in before.items():
        # the canonical name may change as documents arrive (a fuller spelling): the id stays with the actor;
        # an actor that new evidence merged into another earlier one lives on under that one's id
        kept = after.get(entity_id) or set().union(*(n for i, n in after.items() if i in before.values()))
        assert name in kept, (name, entity_id)
