"""Publication dates: metadata kept, pins honoured, missing dates inferred from the texts and from each other."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from storyline.cli import app
from storyline.config import Settings
from storyline.corpus import run_step
from storyline.corpus.dating import document_terms, parse_pins
from storyline.errors import ConfigError
from storyline.run import RunSummary, analyze
from storyline.store import Store, open_store
from storyline.timex import tag
from storyline.timex.dating import (
    MAX_STRENGTH,
    Candidate,
    Frame,
    Grid,
    document_frames,
    fit_link_genuine,
    infer,
    link_ratio,
    link_scores,
    link_strength,
    own_evidence,
    parsed_frames,
    reach,
)

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
    004 is of Sunday 2 January 2022: its year comes from "eight years ago" linked to "in 2014" in 002 (the same
    participants and the same event word), its day from "Sunday" after "December 30" and "New Year's Eve" and
    before "January 9th to 10th". 001 (10 February) and 002 (28 January) give only weekdays ("Thursday") and
    months, so only their year is sure."""
    dates = _dates(seeds_db)
    assert dates["000"] == ("2022-02-01", "inferred")
    assert dates["003"] == ("2022-01-19", "inferred")
    assert dates["004"] == ("2022-01-02", "inferred")
    assert dates["001"] == ("2022", "inferred") and dates["002"] == ("2022", "inferred")


@pytest.mark.xfail(strict=True, reason="001 and 002 cannot be dated to the day from the five texts: 001 names "
                   "only 'Thursday', 'earlier this week' and 'until Feb. 20', and no other seed dates its events; "
                   "002's week follows from 000 ('last week' there, 'this week' here, through a sentence that "
                   "names no time: a weak link), but within that week 'on Thursday' and 'Wednesday' (past) make "
                   "Thursday 27 January likelier than the true Friday 28 January (see docs/quality.md)")
def test_at_least_four_seeds_are_dated_to_the_right_day(seeds_db: Path) -> None:
    """The aim of the dating issue: four of the five seeds dated to the day from their texts and each other."""
    truth = {"000": "2022-02-01", "001": "2022-02-10", "002": "2022-01-28", "003": "2022-01-19", "004": "2022-01-02"}
    dates = _dates(seeds_db)
    assert sum(dates[k][0] == day for k, day in truth.items()) >= 4


def test_the_most_likely_day_of_a_seed_dated_only_to_its_year_is_kept_with_the_evidence(seeds_db: Path) -> None:
    """002 is reported as 2022, but its most likely day is kept: "this week" there is linked to "last week" of
    000 (the responses Washington submitted), which puts it in the week of 24 January; a day from the truth."""
    result = CliRunner().invoke(app, ["dates", "002_643c4757289fd1c4", "--db", str(seeds_db), "--json"])
    report = json.loads(result.output)
    assert report["published"] == "2022"
    assert date(2022, 1, 24) <= date.fromisoformat(report["best_day"]) <= date(2022, 1, 30)
    assert any(e.startswith("'this week' ~ 'last week' in 000") for e in report["evidence"])


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


def dates_and_values(store: Store) -> tuple[list, list]:
    """Every document's date and confidence, and every time expression's value and anchor."""
    documents = [(d["id"], d["published"], d["published_confidence"]) for d in store.documents_to_date()]
    values = [(t["pk"], t["value"], t["anchor"]) for rows in store.timexes_by_doc().values() for t in rows]
    return documents, values


def test_dating_again_changes_nothing(seeds_db: Path) -> None:
    store = open_store(seeds_db)
    try:
        before = dates_and_values(store)
        run_step(store, 1, "dating")
        after = dates_and_values(store)
    finally:
        store.close()
    assert before == after


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


def _candidate(nlp: Language, doc_id: str, text: str, fixed: date | None = None) -> Candidate:
    """A document to date without a store: its expressions, and its sentences' frames with spaCy's named
    entities as the participants."""
    parsed = nlp(text)
    timexes = tag(text, parsed, None)
    frames, plain = parsed_frames(parsed, timexes)
    return Candidate(doc_id, timexes, document_terms(text), fixed, None, frames, plain)


def test_a_years_ago_span_is_dated_by_a_year_another_article_names(nlp: Language) -> None:
    """Pure inference: "eight years ago" in one article, the same event "in 2014" in a dated other."""
    first = "Rebels seized the airport of Goma eight years ago, and fighting around Goma goes on."
    second = "Rebels seized the airport of Goma in 2014. The ministers met on January 19 to discuss the fighting."
    undated = _candidate(nlp, "a", first)
    dated = _candidate(nlp, "b", second, date(2022, 1, 20))
    result = infer([undated, dated])["a"]
    assert result.day is not None and result.day.year == 2022
    assert any("eight years ago" in reason and "2014" in reason for reason in result.evidence)


FISHERIES_DATED = ("Norway and Chile signed a fisheries accord in Vienna last week, ending two years of talks. "
                   "The agreement sets quotas for both fleets.")
FISHERIES_UNDATED = ("Norway and Chile signed a fisheries accord in Vienna this week. "
                     "Trade ministers from both countries praised the deal on Thursday.")


def test_this_week_is_dated_by_last_week_of_another_article_about_the_same_event(nlp: Language) -> None:
    """"this week" and "last week" share no word, but their sentences share the participants (Norway, Chile,
    Vienna) and the event (signed, fisheries, accord): the undated article is of the week before 10 March
    2022, and "on Thursday" in the past tense makes it Thursday 3 March."""
    dated = _candidate(nlp, "b", FISHERIES_DATED, date(2022, 3, 10))
    undated = _candidate(nlp, "a", FISHERIES_UNDATED)
    result = infer([undated, dated])["a"]
    assert (result.published, result.grain) == ("2022-03-03", "day")
    assert 0.3 < result.confidence < 0.9
    assert any(reason.startswith("'this week' ~ 'last week' in b") for reason in result.evidence)


def test_an_article_about_other_participants_is_not_linked(nlp: Language) -> None:
    """The same words about other countries in another city: not the same event, so no link and no week."""
    dated = _candidate(nlp, "b", FISHERIES_DATED, date(2022, 3, 10))
    other = _candidate(nlp, "c", FISHERIES_UNDATED.replace("Norway and Chile", "Peru and Japan")
                       .replace("Vienna", "Lima"))
    result = infer([other, dated])["c"]
    assert result.grain != "day"
    assert not any("~" in reason for reason in result.evidence)


def _frames(text: str, names: list[str]) -> list[Frame | None]:
    participants = [(text.index(n), text.index(n) + len(n), "name:" + n.lower()) for n in names]
    timexes = tag(text, None, None)
    return document_frames(text, [(0, len(text))], participants, timexes)[0]


def test_link_strength_needs_the_same_participants_and_the_same_event_words_not_the_same_time_words() -> None:
    signed = _frames("Norway and Chile signed a fisheries accord last week.", ["Norway", "Chile"])[0]
    again = _frames("Chile and Norway signed the fisheries accords this week.", ["Chile", "Norway"])[0]
    played = _frames("Norway and Chile played a football match last week.", ["Norway", "Chile"])[0]
    elsewhere = _frames("Peru signed a fisheries accord last week.", ["Peru"])[0]
    assert signed is not None and again is not None and played is not None and elsewhere is not None
    assert "week" not in signed.words and "last" not in signed.words  # the time expression is not the event
    assert link_strength(signed, again) == MAX_STRENGTH  # "signed"/"signed", "accord"/"accords": one stem
    assert link_strength(signed, played) == 0  # the same participants, another event
    assert link_strength(signed, elsewhere) == 0  # the same event words, other participants


def test_a_sentence_that_names_no_time_bridges_to_the_time_of_its_event() -> None:
    """In the dated article the event is told without a time ("signed the accord") and its time is given in
    another sentence about it ("the signing ... last week"): the undated expression is linked through it."""
    text = ("Norway and Chile signed a fisheries accord in Vienna. Ministers of Norway called the signing in "
            "Vienna last week historic.")
    names = [(0, 6, "name:norway"), (11, 16, "name:chile"), (44, 50, "name:vienna"),
             (text.index("Norway", 60), text.index("Norway", 60) + 6, "name:norway"),
             (text.rindex("Vienna"), text.rindex("Vienna") + 6, "name:vienna")]
    timexes = tag(text, None, None)
    frames, plain = document_frames(text, [(0, 51), (52, len(text))], names, timexes)
    dated = Candidate("b", timexes, fixed=date(2022, 3, 10), frames=frames, plain=plain)
    mine = "Norway and Chile signed a fisheries accord this week."
    own = tag(mine, None, None)
    undated = Candidate("a", own, frames=document_frames(mine, [(0, len(mine))], [(0, 6, "name:norway"),
                                                                                 (11, 16, "name:chile")], own)[0])
    scores = link_scores(undated, dated, reach(dated))
    (j, strength, bridged), = scores[0]
    assert dated.timexes[j].text == "last week" and bridged and strength > 0


def test_link_genuine_is_estimated_against_the_chance_of_naming_the_same_time() -> None:
    """Synthetic calibration: unrelated pairs name the same time one time in five; links of strength 3 do so
    three times in five, so half of them are genuine (0.6 = q + (1 - q) * 0.2); a cell of too few links takes
    the value below it, and a stronger cell is never given less."""
    rows = [("abs:weekday", 0, False, False, False, k < 40) for k in range(200)]
    rows += [("abs:weekday", 3, False, False, True, k < 60) for k in range(100)]
    rows += [("abs:weekday", 4, False, False, True, k < 3) for k in range(5)]  # too few to tell
    rows += [("abs:weekday", 3, False, False, False, False) for _ in range(50)]  # not the best: not counted
    table, stats = fit_link_genuine(rows)
    assert abs(table["direct"][2] - 0.5) <= 0.02
    assert table["direct"][3] == table["direct"][2]
    assert table["direct"] == sorted(table["direct"])
    assert next(s for s in stats if s["class"] == "direct" and s["strength"] == 3)["links"] == 100


def test_a_link_lifts_the_mass_of_its_days_to_the_chance_it_is_genuine() -> None:
    """A link genuine with probability q takes the mass of the days it allows from p to q + (1 - q) p."""
    prior = np.array([0.1, 0.2, 0.3, 0.4])
    allowed = np.array([True, False, False, False])
    for q in (0.07, 0.35, 0.75):
        posterior = prior * np.where(allowed, link_ratio(q, float(prior[allowed].sum())), 1.0)
        posterior /= posterior.sum()
        assert abs(posterior[allowed].sum() - (q + (1 - q) * 0.1)) < 1e-9
    assert link_ratio(0.0, 0.1) == 1.0


def test_since_a_year_bounds_the_date_without_pulling_it_to_that_year(nlp: Language) -> None:
    """"since 2014" says the article is not older than 2014, not that it is of 2014 ("in 2014" would)."""
    grid = Grid(date(2012, 1, 1), date(2023, 12, 31))
    since = "The rebels have held the airport since 2014."
    held_in = "The rebels seized the airport in 2014."
    ll_since = own_evidence(tag(since, nlp(since), None), grid)[0]
    ll_in = own_evidence(tag(held_in, nlp(held_in), None), grid)[0]
    year = {y: grid.index(date(y, 6, 1)) for y in (2013, 2014, 2020)}
    assert ll_since[year[2014]] == ll_since[year[2020]] > ll_since[year[2013]]
    assert ll_in[year[2014]] > ll_in[year[2020]]
