"""Publication dates: metadata kept, pins honoured, missing dates inferred from the texts and from each other."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import Settings
from storyline.corpus.dating import parse_pins, run_dating
from storyline.errors import ConfigError
from storyline.run import RunSummary, analyze
from storyline.store import open_store
from storyline.timex import tag
from storyline.timex.dating import Candidate, infer

from .conftest import SEEDS, export_of, need_shared, write_jsonl
from .test_export import assert_contract


@pytest.fixture(scope="module")
def seeds_db(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("dating") / "seeds.db"
    analyze([str(need_shared(SEEDS))], Settings(db=str(db)), nlp=nlp)
    return db


def _dates(db: Path) -> dict[str, tuple[str | None, str | None]]:
    return {d["id"][:3]: (d["published"], d["published_basis"]) for d in export_of(db)["documents"]}


def test_the_seeds_get_their_publication_dates_from_their_texts_and_each_other(seeds_db: Path) -> None:
    """None of the five seeds carries a date. 000 is RFE/RL of 1 February 2022 ("on February 1" seven times,
    "today"); 003 is of 19 January 2022 ("in Kiev on January 19"; "Friday, January 21" is a Friday only in 2022);
    004 is of Sunday 2 January 2022: its year comes from "eight years ago" matched to "in 2014" in 002 (the
    annexation of Crimea), its day from "Sunday" after "December 30" and "New Year's Eve" and before
    "January 9th to 10th". 001 (10 February) and 002 (28 January) give only weekdays ("Thursday") and months,
    so only their year is sure."""
    dates = _dates(seeds_db)
    assert dates["000"] == ("2022-02-01", "inferred")
    assert dates["003"] == ("2022-01-19", "inferred")
    assert dates["004"] == ("2022-01-02", "inferred")
    assert dates["001"][0].startswith("2022") and dates["002"][0].startswith("2022")


def test_seed_expressions_are_resolved_against_the_inferred_dates_and_exported(seeds_db: Path) -> None:
    data = export_of(seeds_db)
    assert_contract(data)
    by_doc: dict[str, dict[str, str]] = {}
    for t in data["timexes"]:
        by_doc.setdefault(t["doc"][:3], {})[t["text"]] = t["value"]
    assert by_doc["004"]["eight years ago"] == "2014"
    assert by_doc["004"]["December 30"] == "2021-12-30"
    assert by_doc["004"]["New Year’s Eve"] == "2021-12-31"
    assert by_doc["000"]["last week"] == "2022-W04"
    assert by_doc["003"]["Friday, January 21"] == "2022-01-21"


def test_dating_again_changes_nothing(seeds_db: Path) -> None:
    store = open_store(seeds_db)
    try:
        before = (store.conn.execute("SELECT id, published, published_confidence FROM documents").fetchall(),
                  store.conn.execute("SELECT pk, value, anchor FROM timexes").fetchall())
        run_dating(store, 1)
        after = (store.conn.execute("SELECT id, published, published_confidence FROM documents").fetchall(),
                 store.conn.execute("SELECT pk, value, anchor FROM timexes").fetchall())
    finally:
        store.close()
    assert [list(map(tuple, rows)) for rows in before] == [list(map(tuple, rows)) for rows in after]


def test_dates_command_lists_the_expressions_with_their_values(seeds_db: Path) -> None:
    result = CliRunner().invoke(app, ["dates", "003_eec9276ff4bd8380", "--db", str(seeds_db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["published"], report["basis"]) == ("2022-01-19", "inferred")
    assert {"text": "January 10-13", "value": "2022-01-10/2022-01-13"}.items() <= next(
        t for t in report["timexes"] if t["text"] == "January 10-13").items()
    missing = CliRunner().invoke(app, ["dates", "nope", "--db", str(seeds_db)])
    assert missing.exit_code == 2


ARTICLE = ("Ministers met in Geneva on Thursday. They will meet again on March 3, officials said on Friday, "
           "a week after talks on February 24 ended without a deal.")


def test_metadata_dates_are_kept_and_anchor_the_expressions(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "dated.jsonl", [{"id": "a", "date": "2022-02-26", "text": ARTICLE}])
    data = export_of(run(source).db)
    assert (data["documents"][0]["published"], data["documents"][0]["published_basis"]) == ("2022-02-26", "metadata")
    assert {t["text"]: t["value"] for t in data["timexes"]} == {
        "Thursday": "2022-02-24", "March 3": "2022-03-03", "Friday": "2022-02-25", "a week": "P1W",
        "February 24": "2022-02-24"}


def test_a_pinned_date_wins_and_a_window_bounds_inference(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "undated.jsonl", [{"id": "a", "text": ARTICLE}])
    db = tmp_path / "pins.db"
    alone = export_of(run(source, db=db).db)["documents"][0]
    assert alone["published"] is None  # no year anywhere: nothing to infer from
    pinned = export_of(run(source, db=db, published="a=2021-02-26").db)
    assert (pinned["documents"][0]["published"], pinned["documents"][0]["published_basis"]) == ("2021-02-26",
                                                                                                "metadata")
    assert {t["text"]: t["value"] for t in pinned["timexes"]}["March 3"] == "2021-03-03"
    again = export_of(run(source, db=db).db)  # a later run without the pin keeps it
    assert again["documents"][0]["published"] == "2021-02-26"
    windowed = export_of(run(source, db=tmp_path / "window.db", between="2022-01-01:2022-12-31").db)
    published = windowed["documents"][0]["published"]
    assert windowed["documents"][0]["published_basis"] == "inferred"
    assert "2022-02-25" <= published[:10] <= "2022-03-03"  # after Thursday 24 February, before March 3


def test_bad_pins_are_refused_with_the_format_to_use() -> None:
    assert parse_pins("a.txt=2022-02-01,2022-01-19", "2021-12-01:2022-03-01") == (
        [("a.txt", date(2022, 2, 1)), (None, date(2022, 1, 19))], (date(2021, 12, 1), date(2022, 3, 1)))
    for published, between in (("yesterday", ""), ("", "2022-03-01"), ("", "2022-03-01:2022-01-01")):
        with pytest.raises(ConfigError, match=r"YYYY-MM-DD|FROM:TO"):
            parse_pins(published, between)
    result = CliRunner().invoke(app, ["analyze", "x.txt", "--published", "Feb 1"])
    assert result.exit_code == 2


def test_a_years_ago_span_is_dated_by_a_year_another_article_names(nlp: Language) -> None:
    """Pure inference: "eight years ago" in one article, the same event "in 2014" in a dated other."""
    first = "Rebels seized the airport of the eastern city eight years ago, and fighting around the airport goes on."
    second = ("Rebels seized the airport of the eastern city in 2014. The ministers met on January 19 to discuss "
              "the fighting.")
    undated = Candidate("a", tag(first, nlp(first), None))
    dated = Candidate("b", tag(second, nlp(second), None), fixed=date(2022, 1, 20))
    result = infer([undated, dated])["a"]
    assert result.day is not None and result.day.year == 2022
    assert any("eight years ago" in reason and "2014" in reason for reason in result.evidence)
