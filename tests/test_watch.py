"""`storyline watch`: following a folder and a growing feed with the real pipeline and a real store. Each look runs
analyze only when an input appeared or changed; what is already stored is skipped; the model loads once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from storyline.cli import app as cli_app
from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.store import open_store
from storyline.watch import Round, input_signature, watch
from tests.conftest import DEMO


def documents(db: Path) -> int:
    store = open_store(db, read_only=True)
    try:
        return store.counts()["documents"]
    finally:
        store.close()


def test_a_file_dropped_into_the_folder_is_analysed_at_the_next_look(nlp: Language, tmp_path: Path) -> None:
    folder, db = tmp_path / "incoming", tmp_path / "story.db"
    folder.mkdir()
    shutil.copy(DEMO / "01_wire_talks_announced.txt", folder)
    seen: list[Round] = []

    def after(look: Round) -> None:
        seen.append(look)
        if look.number == 1:  # a reporter files a second story
            shutil.copy(DEMO / "03_broadcaster_troops.html", folder)

    looks = watch([str(folder)], Settings(db=str(db)), interval=0, rounds=3, on_round=after, nlp=nlp,
                  sleep=lambda _s: None)
    assert looks == 3
    first, second, third = seen
    assert first.summary is not None and first.summary.added == 1
    assert second.summary is not None and (second.summary.added, second.summary.unchanged) == (1, 1)
    assert second.summary.totals["events"] > first.summary.totals["events"]  # the corpus steps ran again
    assert third.summary is None  # nothing changed: no run
    assert documents(db) == 2
    store = open_store(db, read_only=True)
    assert len(store.runs()) == 2
    store.close()


def test_lines_appended_to_a_feed_are_analysed_and_the_old_ones_skipped(nlp: Language, tmp_path: Path) -> None:
    feed, db = tmp_path / "feed.jsonl", tmp_path / "story.db"
    records = [json.loads(line) for line in (DEMO / "04_agency_feed.jsonl").read_text().splitlines() if line]
    assert len(records) >= 2
    feed.write_text(json.dumps(records[0]) + "\n")
    added: list[int] = []

    def after(look: Round) -> None:
        added.append(look.summary.added if look.summary else 0)
        if look.number == 1:
            with feed.open("a") as out:
                out.write(json.dumps(records[1]) + "\n")

    watch([str(feed)], Settings(db=str(db)), interval=0, rounds=2, on_round=after, nlp=nlp, sleep=lambda _s: None)
    assert added == [1, 1] and documents(db) == 2


def test_the_signature_changes_with_a_new_or_grown_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One.\n")
    before = input_signature([str(tmp_path)])
    assert input_signature([str(tmp_path)]) == before
    (tmp_path / "a.txt").write_text("One, and more.\n")
    grown = input_signature([str(tmp_path)])
    assert grown != before
    (tmp_path / "b.txt").write_text("Two.\n")
    assert len(input_signature([str(tmp_path)])) == 2


def test_stdin_and_a_negative_interval_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="stdin"):
        watch(["-"], Settings(db=str(tmp_path / "x.db")), rounds=1)
    with pytest.raises(ConfigError, match="interval"):
        watch([str(tmp_path)], Settings(db=str(tmp_path / "x.db")), interval=-1, rounds=1)


def test_the_command_prints_one_line_per_run(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(DEMO / "01_wire_talks_announced.txt", folder)
    result = CliRunner().invoke(cli_app, ["watch", str(folder), "--rounds", "2", "--interval", "0",
                                          "--db", str(tmp_path / "story.db")])
    assert result.exit_code == 0, result.output
    assert "look 1: 1 added, 0 unchanged, 0 rejected" in result.output
    assert "look 2" not in result.output  # nothing changed at the second look
    missing = CliRunner().invoke(cli_app, ["watch", str(tmp_path / "nowhere"), "--rounds", "1",
                                           "--db", str(tmp_path / "story.db")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
