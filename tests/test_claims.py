"""Claims: reports grouped into claims, contradictions with their evidence, quantity threads; on the seeds through
the real pipeline and store, and the rules on reports written here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from storyline.claims.grouping import group_reports
from storyline.claims.links import claim_links
from storyline.claims.reports import Report, denial_reaches, is_denial_cue, is_negative, is_refutation, refers_back
from storyline.cli import app
from storyline.config import Settings
from storyline.run import analyze
from tests.conftest import SEEDS, export_of, need_shared


@pytest.fixture(scope="module")
def seeds_db(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("claims") / "seeds.db"
    analyze([str(need_shared(SEEDS))], Settings(db=str(db)), nlp=nlp)
    return db


@pytest.fixture(scope="module")
def seeds_export(seeds_db: Path) -> dict:
    return export_of(seeds_db)


def _claim(export: dict, claim_id: str) -> dict:
    return next(c for c in export["claims"] if c["id"] == claim_id)


def test_the_denial_of_the_written_response_contradicts_the_claim_it_denies(seeds_export: dict) -> None:
    denial = next(c for c in seeds_export["claims"] if c["polarity"] == "denies"
                  and "written response" in c["text"] and "diplomat" in c["claimant_text"])
    denied = [_claim(seeds_export, x["claim"]) for x in denial["contradicts"] if x["reason"] == "denial"]
    assert any("officials" in c["claimant_text"] and "written response" in c["text"] for c in denied)
    assert all(x["evidence"] for x in denial["contradicts"])


def test_not_true_refutes_the_claim_reported_just_before_it(seeds_export: dict) -> None:
    refutation = next(c for c in seeds_export["claims"] if "Grushko" in c["claimant_text"]
                      and "not true" in c["text"])
    targets = [_claim(seeds_export, x["claim"]) for x in refutation["contradicts"] if x["reason"] == "refutation"]
    assert [t["claimant_text"] for t in targets] == ["three U.S. administration officials"]


def test_the_russian_troop_estimates_are_one_thread_without_other_countries_troops(seeds_export: dict) -> None:
    threads = [t for t in seeds_export["quantity_threads"] if t["unit"] == "troops" and t["holder"] == "RU"]
    assert len(threads) == 1
    said = {r["text"] for r in threads[0]["reports"]}
    assert {"tens of thousands of soldiers", "about 100,000 Russian soldiers", "130,000 Russian troops",
            "more than 100,000 Russian troops"} <= said
    assert not any("8,500" in text or text == "100,000 troops" for text in said)  # U.S. and Ukraine's troops
    assert any(r["claimant_text"] == "Oleksii Resnikov" for r in threads[0]["reports"])


def test_claim_mentions_index_the_documents_text(seeds_export: dict) -> None:
    texts = {d["id"]: d["text"] for d in seeds_export["documents"]}
    assert seeds_export["claims"]
    for claim in seeds_export["claims"]:
        assert claim["mentions"] and claim["reports"] == len({m["doc"] for m in claim["mentions"]})
        first = claim["mentions"][0]
        assert texts[first["doc"]][first["start"]:first["end"]] == claim["text"]


def report(doc: str, start: int, text: str, kind: str = "quote", speaker: int | None = 1,
           written: str = "Speaker", event: int | None = None, polarity: str = "asserts",
           why: str | None = None) -> Report:
    return Report(f"{doc}:{start}:{start + len(text)}", doc, hash(doc) % 1000, start, start + len(text), text, kind,
                  speaker, written, polarity, why, "2022-02-01", "Outlet " + doc, event_id=event)


def test_a_quote_cut_by_another_outlet_is_the_same_claim() -> None:
    claims = group_reports([
        report("a", 0, "The fight is here; I need ammunition, not a ride"),
        report("b", 10, "I need ammunition, not a ride"),
        report("c", 5, "The fight is here; I need ammunition, not a ride", speaker=None, written="he"),
    ])
    assert len(claims) == 1 and len(claims[0]) == 3


def test_the_same_words_from_two_different_speakers_are_two_claims() -> None:
    claims = group_reports([report("a", 0, "We will never accept this ultimatum from them", speaker=1),
                            report("b", 0, "We will never accept this ultimatum from them", speaker=2)])
    assert len(claims) == 2


def test_short_quotes_join_only_for_the_same_speaker() -> None:
    claims = group_reports([report("a", 0, "very disturbing", speaker=None),
                            report("b", 0, "very disturbing", speaker=None),
                            report("c", 0, "very disturbing", speaker=3), report("d", 0, "very disturbing", speaker=3)])
    assert sorted(len(c) for c in claims) == [1, 1, 2]


def test_reported_speech_of_one_speaker_in_other_words_is_one_claim() -> None:
    claims = group_reports([
        report("a", 0, "Moscow would study the American response and the reaction of NATO before its next move",
               kind="reported"),
        report("b", 0, "Moscow will study the response of the Americans and NATO's reaction before any next move",
               kind="reported"),
        report("c", 0, "Moscow had withdrawn some of its troops after the exercises ended", kind="reported"),
    ])
    assert sorted(len(c) for c in claims) == [1, 2]


def test_a_denial_contradicts_the_claim_of_the_same_event_by_another_claimant() -> None:
    claims = [[report("a", 0, "Moscow had sent Washington a written response", kind="event", speaker=7,
                      written="a Russian diplomat", event=4, polarity="denies", why="denial")],
              [report("a", 200, "Russia had sent a written response to the proposals", speaker=15,
                      written="U.S. officials", event=4)],
              [report("b", 0, "Lavrov had sent a message to his colleagues", speaker=9, event=4)]]
    links = claim_links(claims)
    contradicts = {(x.claim, x.other) for x in links if x.relation == "contradicts"}
    assert contradicts == {(0, 1), (1, 0)}  # the message is another thing: no shared words about it


def test_refutation_needs_a_short_anaphoric_not_true() -> None:
    assert is_refutation("this was “not true")
    assert is_refutation("groundless") and is_refutation("It is laughable, nonsense")
    assert not is_refutation("a false pretext")
    assert not is_refutation("the report that the army was not true to its orders came late last night from Kyiv")
    assert is_denial_cue("denied") and is_denial_cue("rejected") and not is_denial_cue("said")


def test_a_refutation_must_point_back_at_a_claim() -> None:
    assert refers_back("Officials in the capital called the claim “", "absurd")
    assert refers_back("The ministry said ", "This is fake news")
    assert refers_back("the West's allies made an accusation that the U.S. and its partners called “", "false")
    assert not refers_back("The mayor called the move “", "absurd")
    assert not refers_back("She described the verdict as “", "absurd")


def test_a_denial_reaches_only_the_clause_it_governs() -> None:
    assert denial_reaches("The diplomat denied reports that ", "denied")
    assert not denial_reaches("The ministry denies the allegations and claims ", "denies")
    assert not denial_reaches("It was not clear. Nobody ", "denied")
    assert is_negative("drones were not sold to the army") and is_negative("it never targets homes")
    assert not is_negative("the army sent drones to the front")


def test_claims_command_lists_disputed_claims_and_quantity_threads(seeds_db: Path) -> None:
    disputed = CliRunner().invoke(app, ["claims", "--disputed", "--json", "--db", str(seeds_db)])
    assert disputed.exit_code == 0, disputed.output
    rows = json.loads(disputed.output)
    assert rows and all(r["contradicts"] for r in rows)
    threads = CliRunner().invoke(app, ["claims", "--quantity", "troops", "--db", str(seeds_db)])
    assert threads.exit_code == 0 and "troops (Russia)" in threads.output and "130,000" in threads.output
    by_actor = CliRunner().invoke(app, ["claims", "--actor", "Lavrov", "--json", "--db", str(seeds_db)])
    assert by_actor.exit_code == 0 and {r["claimant_text"] for r in json.loads(by_actor.output)} <= {
        "Lavrov", "Sergey Lavrov", "Sergei Lavrov"}


def test_sources_command_lists_outlets_and_flags(seeds_db: Path) -> None:
    listing = CliRunner().invoke(app, ["sources", "--json", "--db", str(seeds_db)])
    assert listing.exit_code == 0, listing.output
    rows = json.loads(listing.output)
    assert sum(r["articles"] for r in rows) == 5 and all(r["copies"] == 0 for r in rows)
    flagged = CliRunner().invoke(app, ["sources", "--flagged", "--json", "--db", str(seeds_db)])
    assert flagged.exit_code == 0, flagged.output


def test_the_machine_translated_seed_is_flagged_and_the_others_are_not(seeds_export: dict) -> None:
    flagged = {d["id"][:3]: d for d in seeds_export["documents"] if "machine_translated" in d["flags"]}
    assert set(flagged) == {"004"}
    evidence = flagged["004"]["flag_evidence"][0]
    assert evidence["flag"] == "machine_translated" and evidence["likelihood"] >= 0.5
    text = flagged["004"]["text"]
    assert any(text[e["start"]:e["end"]] == "RussiaOn" for e in evidence["evidence"])


def test_a_stance_judge_plugs_in_over_claims_of_one_event() -> None:
    from storyline.claims.stance import RuleStance

    claims = [[report("a", 0, "The talks in Geneva were a success, the minister said", speaker=1, event=9)],
              [report("b", 0, "The talks in Geneva were not a success, the envoy said", speaker=2, event=9)]]
    assert not [x for x in claim_links(claims) if x.relation == "contradicts"]
    judged = [x for x in claim_links(claims, RuleStance.for_headlines()) if x.relation == "contradicts"]
    assert {(x.claim, x.other, x.reason) for x in judged} == {(0, 1, "stance"), (1, 0, "stance")}


def test_a_report_with_no_speaker_does_not_join_two_speakers_claims() -> None:
    words = "Why does he keep talking about the ability to use such a weapon?"
    claims = group_reports([report("a", 0, words, speaker=1, written="Biden"),
                            report("b", 0, words, speaker=None, written="he"),
                            report("c", 0, words, speaker=2, written="Putin")])
    assert sorted(len(c) for c in claims) == [1, 2]
    assert {r.claimant_id for r in max(claims, key=len)} == {1, None}


def test_the_markdown_briefing_says_who_said_what_and_what_is_disputed(seeds_db: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--format", "markdown", "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    said = result.output.split("## Who said what", 1)[1].split("## What is disputed", 1)
    assert len(said) == 2 and said[0].count("\n- **") >= 5
    disputes = [line for line in said[1].splitlines() if line.startswith("- ")]
    assert any(line.startswith("- refutation:") and "Grushko" in line for line in disputes)
    assert all(re.search(r"\[\w+:\d+\]$", line) for line in disputes)  # every line cites a passage


def test_export_markdown_is_the_story_briefing(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "briefing.md"
    result = CliRunner().invoke(app, ["export", "--format", "markdown", "--db", str(seeds_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Storyline briefing") and "## Who said what" in text and "## What is disputed" in text
