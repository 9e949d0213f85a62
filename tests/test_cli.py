"""The `storyline` command: exit codes, listings for people and JSON for machines, settings sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

from .conftest import DEMO

cli = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.db"
    result = cli.invoke(app, ["analyze", str(DEMO), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "documents added" in result.output and "storyline export" in result.output
    return db


def test_analyze_exit_code_is_1_and_names_each_rejected_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "a", "text": "The ministers met in Geneva on Monday, officials said."}\n{oops\n')
    result = cli.invoke(app, ["analyze", str(bad), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert f"{bad}:2: rejected (bad_json)" in result.output


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert cli.invoke(app, ["analyze", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.db")]).exit_code == 2
    assert cli.invoke(app, ["analyze", "--no-such-flag", "x"]).exit_code == 2
    assert cli.invoke(app, ["docs", "--db", str(tmp_path / "missing.db")]).exit_code == 2
    assert cli.invoke(app, ["export", "--format", "xml", "--db", str(tmp_path / "s.db")]).exit_code == 2


def test_docs_lists_documents_as_json(demo_db: Path) -> None:
    result = cli.invoke(app, ["docs", "--db", str(demo_db), "--json"])
    listing = json.loads(result.output)
    assert {d["id"] for d in listing} >= {"01_wire_talks_announced", "agency-0419-geneva"}
    dated = {d["id"]: (d["published"], d["published_basis"]) for d in listing}
    assert dated["agency-0419-geneva"] == ("2025-04-19", "metadata")
    table = cli.invoke(app, ["docs", "--db", str(demo_db)], env={"COLUMNS": "200"}).output
    assert "Varesca and Ostrava-Nord" in table and "2025-04-19 metadata" in table


def test_entities_lists_named_entities_with_counts(demo_db: Path) -> None:
    listing = json.loads(cli.invoke(app, ["entities", "--db", str(demo_db), "--json", "--type", "person"]).output)
    assert listing and all(e["type"] == "person" for e in listing)
    kovarik = next(e for e in listing if e["name"] == "Ilse Kovarik")
    assert kovarik["documents"] >= 3


def test_search_finds_words_in_clean_text_only(demo_db: Path) -> None:
    hits = json.loads(cli.invoke(app, ["search", "tanks", "--db", str(demo_db), "--json"]).output)
    assert [h["id"] for h in hits] == ["03_broadcaster_troops"]
    assert "[tanks]" in hits[0]["snippet"]
    assert json.loads(cli.invoke(app, ["search", "clipboard", "--db", str(demo_db), "--json"]).output) == []
    assert cli.invoke(app, ["search", '"unbalanced', "--db", str(demo_db)]).exit_code == 2


def test_export_writes_the_contract_to_a_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    result = cli.invoke(app, ["export", "--format", "json", "--db", str(demo_db), "--out", str(out)])
    assert result.exit_code == 0
    data = json.loads(out.read_text())
    assert data["format"] == "storyline-export" and data["version"] == 1


def test_stdin_is_read_with_a_content_hash_id(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Talks resume\n\nThe ministers met in Geneva on Monday, officials said."
    result = cli.invoke(app, ["analyze", "-", "--db", str(db), "-q"], input=text)
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(cli.invoke(app, ["docs", "--db", str(db), "--json"]).output)
    assert doc["title"] == "Talks resume" and len(doc["id"]) == 16


def test_settings_come_from_env_and_storyline_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The ministers met in Geneva on Monday, officials said.")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "storyline.toml").write_text('[storyline]\ndb = "from-toml.db"\n')
    assert cli.invoke(app, ["analyze", str(article), "-q"]).exit_code == 0
    assert (tmp_path / "from-toml.db").exists()
    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "from-env.db"))
    assert cli.invoke(app, ["analyze", str(article), "-q"]).exit_code == 0
    assert (tmp_path / "from-env.db").exists()
    (tmp_path / "storyline.toml").write_text('[storyline]\ndatabase = "x.db"\n')
    result = cli.invoke(app, ["analyze", str(article), "-q"])
    assert result.exit_code == 2 and "unknown setting" in result.output
