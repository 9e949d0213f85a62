"""The csv, gdelt and graphml exports (storyline.export.csv_tables, .gdelt, .graphml) on a real store: the demo
corpus analysed with the real pipeline, exported through the CLI, and checked against the JSON export."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import Settings
from storyline.export.csv_tables import TABLES, cell
from storyline.export.gdelt import COLUMNS, alpha3, date_fields
from storyline.export.graphml import NS, spring
from storyline.run import analyze
from storyline.store import open_store
from tests.conftest import DEMO, SEEDS, export_of, need_shared

G = f"{{{NS}}}"


@pytest.fixture(scope="module")
def demo_db(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("exports") / "demo.db"
    analyze([str(DEMO)], Settings(db=str(db)), nlp=nlp)
    return db


@pytest.fixture(scope="module")
def demo_export(demo_db: Path) -> dict:
    return export_of(demo_db)


def _export(db: Path, out: Path, fmt: str) -> Path:
    result = CliRunner().invoke(app, ["export", "--format", fmt, "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _expected_counts(export: dict) -> dict[str, int]:
    return {
        "documents": len(export["documents"]), "entities": len(export["entities"]),
        "mentions": sum(len(e["mentions"]) for e in export["entities"]), "quotes": len(export["quotes"]),
        "events": len(export["events"]), "event_mentions": sum(len(v["mentions"]) for v in export["events"]),
        "claims": len(export["claims"]), "claim_reports": sum(len(c["mentions"]) for c in export["claims"]),
        "contradictions": sum(len(c["contradicts"]) for c in export["claims"]),
        "quantity_threads": len(export["quantity_threads"]),
        "quantity_reports": sum(len(t["reports"]) for t in export["quantity_threads"]),
        "copies": sum(len(c["copies"]) for c in export["copies"]), "timexes": len(export["timexes"]),
    }


def _check_csv(db: Path, export: dict, folder: Path) -> dict[str, list[dict[str, str]]]:
    _export(db, folder, "csv")
    tables = {}
    for name, (columns, _) in TABLES.items():
        path = folder / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == list(columns), name
        tables[name] = _read_csv(path)
    assert {name: len(rows) for name, rows in tables.items()} == _expected_counts(export)
    return tables


def test_csv_tables_hold_the_json_exports_records(demo_db: Path, demo_export: dict, tmp_path: Path) -> None:
    tables = _check_csv(demo_db, demo_export, tmp_path / "new" / "tables")
    assert tables["events"] and tables["claims"] and tables["mentions"]
    texts = {d["id"]: d["text"] for d in demo_export["documents"]}
    assert {r["id"]: r["text"] for r in tables["documents"]} == texts  # text survives quoting: commas, quotes, \n
    for table, text_of in (("claim_reports", None), ("mentions", None), ("event_mentions", "text"),
                           ("quotes", "text")):
        for row in tables[table]:
            span = texts[row["doc"]][int(row["start"]):int(row["end"])]
            assert span and (text_of is None or span == row[text_of]), (table, row)
    events = {v["id"]: v for v in demo_export["events"]}
    for row in tables["events"]:
        event = events[row["id"]]
        assert row["actors"] == ";".join(event["actors"]) and row["targets"] == ";".join(event["targets"])
        assert int(row["sources"]) == event["sources"] and int(row["mentions"]) == len(event["mentions"])
    flags = {d["id"]: ";".join(d["flags"]) for d in demo_export["documents"]}
    assert {r["id"]: r["flags"] for r in tables["documents"]} == flags
    assert any(";" in f for f in flags.values())  # the demo's translated copy carries two flags


def test_csv_cells_are_flat() -> None:
    assert cell(None) == "" and cell(True) == "true" and cell(["e1", "e2"]) == "e1;e2" and cell(0.5) == "0.5"


def test_csv_on_the_seeds_holds_contradictions_and_quantity_threads(nlp: Language, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    analyze([str(need_shared(SEEDS))], Settings(db=str(db)), nlp=nlp)
    export = export_of(db)
    tables = _check_csv(db, export, tmp_path / "tables")
    assert tables["contradictions"] and tables["quantity_threads"] and tables["quantity_reports"]
    claims = {c["id"] for c in export["claims"]}
    assert all(r["claim"] in claims and r["other"] in claims and r["reason"] for r in tables["contradictions"])


def test_gdelt_lines_have_the_61_columns(demo_db: Path, demo_export: dict, tmp_path: Path) -> None:
    assert len(COLUMNS) == 61 and len(set(COLUMNS)) == 61
    assert COLUMNS[0] == "GLOBALEVENTID" and COLUMNS[26] == "EventCode" and COLUMNS[-1] == "SOURCEURL"
    path = _export(demo_db, tmp_path / "events.tsv", "gdelt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(demo_export["events"]) > 0
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert all(len(line.split("\t")) == 61 for line in lines)
    entities = {e["id"]: e for e in demo_export["entities"]}
    for row, event in zip(rows, demo_export["events"], strict=True):
        assert row["GLOBALEVENTID"] == event["id"][1:]
        assert row["NumSources"] == str(event["sources"]) and row["NumMentions"] == str(len(event["mentions"]))
        assert row["EventCode"] == row["EventRootCode"] == event["type"]
        assert row["QuadClass"] == row["GoldsteinScale"] == row["AvgTone"] == ""
        assert (row["Year"] == "") == (event["date"] is None)
        to_the_day = event["date"] is not None and event["date_precision"] not in {"year", "month", "week"}
        assert (row["SQLDATE"] != "") == to_the_day
        assert row["Actor1Name"] == (entities[event["actors"][0]]["name"] if event["actors"] else "")
        assert len(row["DATEADDED"]) == 14
    located = [(row, event) for row, event in zip(rows, demo_export["events"], strict=True) if event["location"]]
    assert located
    for row, event in located:
        place = entities[event["location"]]
        assert row["ActionGeo_FullName"] == place["name"]
        if place["geo"]:
            assert row["ActionGeo_FeatureID"] == str(place["geo"]["geonames_id"]) and row["ActionGeo_Lat"]


def test_gdelt_dates_and_country_codes() -> None:
    assert date_fields("2022-02-24") == {"SQLDATE": "20220224", "MonthYear": "202202", "Year": "2022",
                                         "FractionDate": "2022.1507"}
    assert date_fields("2022-01-01")["FractionDate"] == "2022.0027"  # year + day of the year / 365
    assert date_fields(None)["SQLDATE"] == "" and date_fields("2022-03-01", "about")["SQLDATE"] == "20220301"
    assert date_fields("2022-01-01", "year") == {"SQLDATE": "", "MonthYear": "", "Year": "2022", "FractionDate": ""}
    assert date_fields("2022-02-01", "month") == {"SQLDATE": "", "MonthYear": "202202", "Year": "2022",
                                                  "FractionDate": ""}
    assert alpha3("UA") == "UKR" and alpha3("RUS") == "RUS" and alpha3(None) == "" and alpha3("ZZ") == ""


def test_graphml_is_a_typed_laid_out_actor_network(demo_db: Path, demo_export: dict, tmp_path: Path) -> None:
    root = ET.parse(_export(demo_db, tmp_path / "actors.graphml", "graphml")).getroot()
    assert root.tag == f"{G}graphml"
    keys = {k.get("id"): k for k in root.findall(f"{G}key")}
    assert keys and all(k.get("attr.type") in {"string", "int", "double"} and k.get("for") in {"node", "edge"}
                        and k.get("attr.name") for k in keys.values())
    graph = root.find(f"{G}graph")
    nodes = graph.findall(f"{G}node")
    edges = graph.findall(f"{G}edge")
    assert nodes and edges
    taking_part = {a for v in demo_export["events"] for a in v["actors"] + v["targets"]}
    taking_part |= {c["claimant"] for c in demo_export["claims"] if c["claimant"]}
    assert {n.get("id") for n in nodes} == taking_part
    positions = set()
    for node in nodes:
        data = {d.get("key"): d.text for d in node.findall(f"{G}data")}
        assert set(data) <= set(keys) and all(v for v in data.values())
        positions.add((float(data["x"]), float(data["y"])))
        assert int(data["mentions"]) >= 1 and 0 <= int(data["r"]) <= 255 and float(data["size"]) > 0
    assert len(positions) == len(nodes)  # laid out: no two actors on one spot
    pairs = {(a, t) for v in demo_export["events"] for a in v["actors"] for t in v["targets"] if a != t}
    assert {(e.get("source"), e.get("target")) for e in edges} == pairs
    for edge in edges:
        data = {d.get("key"): d.text for d in edge.findall(f"{G}data")}
        assert int(data["weight"]) >= 1 and data["types"]


def test_the_force_pass_pulls_linked_actors_together() -> None:
    angles = np.arange(8) * 2 * np.pi / 8
    start = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    links = np.zeros((8, 8))
    links[0, 4] = links[4, 0] = 3  # opposite on the starting circle
    pos = spring(start, links)
    assert np.allclose(spring(start, links), pos)  # deterministic
    linked = np.linalg.norm(pos[0] - pos[4])
    assert linked < np.linalg.norm(start[0] - start[4]) / 2
    assert all(linked < np.linalg.norm(pos[0] - pos[i]) for i in (1, 2, 3, 5, 6, 7))


def test_bad_format_and_csv_without_a_folder_fail_in_one_line(demo_db: Path) -> None:
    bad = CliRunner().invoke(app, ["export", "--format", "nonsense", "--db", str(demo_db)])
    assert bad.exit_code == 2 and "json, csv, gdelt, graphml" in bad.output and bad.output.count("\n") == 1
    folderless = CliRunner().invoke(app, ["export", "--format", "csv", "--db", str(demo_db)])
    assert folderless.exit_code == 2 and "--out" in folderless.output and folderless.output.count("\n") == 1


def test_a_store_without_events_still_exports(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(db).close()
    tables = tmp_path / "tables"
    _export(db, tables, "csv")
    assert all(len(_read_csv(tables / f"{name}.csv")) == 0 for name in TABLES)
    assert _export(db, tmp_path / "events.tsv", "gdelt").read_text(encoding="utf-8") == ""
    root = ET.parse(_export(db, tmp_path / "actors.graphml", "graphml")).getroot()
    assert root.find(f"{G}graph") is not None and not root.find(f"{G}graph").findall(f"{G}node")
