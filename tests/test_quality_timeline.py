"""Entity timelines against SemEval-2015 Task 4 (TimeLine), Track A: the scorer, the offset mapping and the timeline
building on hand-made data, and the figures on the three corpora held above the pinned floor (tests/quality_floors.json;
figures and how to reproduce them in docs/quality.md, section Timelines)."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from evaluation.timeline import (
    UNDATED,
    Line,
    SourceDoc,
    SystemStore,
    Timeline,
    Token,
    TokenIndex,
    align_offsets,
    anchor_of,
    diagnostics,
    entity_actor_ids,
    evaluate,
    format_timeline,
    order_lines,
    parse_timeline,
    reduce_relations,
    render,
    system_timeline,
    temporal_awareness,
    timeline_relations,
)

from .conftest import REPO, SHARED, need_shared

FLOORS = json.loads((REPO / "tests" / "quality_floors.json").read_text())
DATA = SHARED / "eval" / "semeval2015-task4-timeline" / "SemEval_Task4_data"


def timeline(*lines: tuple[int, str, str]) -> Timeline:
    """A timeline from (order, anchor, space-separated mentions)."""
    return Timeline("X", [Line(order, anchor, tuple(mentions.split())) for order, anchor, mentions in lines])


GOLD = timeline((1, "2005-XX-XX", "1-1-a"), (2, "2006-XX-XX", "1-2-b"), (3, "2007-XX-XX", "2-1-c"))


def test_a_timeline_is_scored_perfect_against_itself() -> None:
    counts = temporal_awareness(GOLD, GOLD)
    assert counts.figures()["f1"] == 1.0
    assert counts.ta_gold == 5  # three anchors and two BEFORE links


def test_two_events_merged_into_one_date_lose_the_relations_that_separate_them() -> None:
    """c put with b in 2006: the system's 4 reduced relations (b SIMULTANEOUS c is implied by their shared anchor)
    of which the gold implies 3; the gold's 5, of which the system implies 3 (not c's anchor, nor b BEFORE c)."""
    system = timeline((1, "2005-XX-XX", "1-1-a"), (2, "2006-XX-XX", "1-2-b 2-1-c"))
    counts = temporal_awareness(GOLD, system)
    assert (counts.ta_sys_matched, counts.ta_sys, counts.ta_gold_matched, counts.ta_gold) == (3, 4, 3, 5)


def test_the_closure_verifies_an_order_the_gold_only_implies() -> None:
    """a BEFORE c is not a gold link but follows from a BEFORE b BEFORE c: full precision, recall 2 of 5."""
    system = timeline((1, "2005-XX-XX", "1-1-a"), (2, "2007-XX-XX", "2-1-c"))
    counts = temporal_awareness(GOLD, system)
    assert (counts.ta_sys_matched, counts.ta_sys, counts.ta_gold_matched, counts.ta_gold) == (3, 3, 2, 5)


def test_events_at_order_zero_are_left_out_of_the_relations() -> None:
    system = timeline((0, UNDATED, "1-1-a 1-2-b"))
    assert timeline_relations(system) == []
    assert temporal_awareness(GOLD, system).figures()["recall"] == 0.0


def test_a_mention_listed_twice_is_two_nodes_as_in_the_official_scorer() -> None:
    doubled = timeline((1, "2005-XX-XX", "1-1-a"), (2, "2006-XX-XX", "1-1-a"))
    nodes = {x for x, _, _ in timeline_relations(doubled) if x[0] == "E"}
    assert nodes == {("E", "1-1-a", 0), ("E", "1-1-a", 1)}


def test_an_order_inside_one_anchor_is_kept_as_a_contradicting_relation() -> None:
    """Two events on one day in sequence: both SIMULTANEOUS with the day, yet one BEFORE the other. The scorer
    keeps the contradicting relation (it still counts) but does not reason with it."""
    same_day = timeline((1, "2008-10-10", "1-1-a"), (2, "2008-10-10", "1-2-b"))
    kept, graph = reduce_relations(timeline_relations(same_day))
    assert len(kept) == 3
    assert graph.implies(("E", "1-1-a", 0), ("E", "1-2-b", 0), "SIMULTANEOUS")


def test_diagnostics_count_mentions_dates_and_pairwise_order() -> None:
    system = timeline((0, UNDATED, "9-9-z"), (1, "2005-02-01", "2-1-c"), (2, "2005-XX-XX", "1-1-a"))
    counts = diagnostics(GOLD, system).figures()
    assert (counts["mentions_matched"], counts["mentions_system"], counts["mentions_gold"]) == (2, 3, 3)
    assert counts["date_exact"] == 0.5  # a right, c wrong
    assert counts["date_month"] == 0.5  # c's year is 2007, not 2005
    assert (counts["pairs"], counts["pairwise_order"]) == (1, 0.0)  # c put before a


def test_timeline_files_round_trip() -> None:
    text = "Boeing\n0\tXXXX-XX-XX\t1-0-talks\n1\t2005-XX-XX\t1-2-deal\t2-4-deal\n"
    assert format_timeline(parse_timeline(text)) == text


def test_lines_are_numbered_by_anchor_coarser_first_and_undated_at_zero() -> None:
    built = order_lines("X", [("2005-01-29", ["d"]), (UNDATED, ["u"]), ("2005-XX-XX", ["y"]), ("2005-01-XX", ["m"]),
                              ("2004-12-31", ["e"]), ("2005-01-29", ["d2"]), ("2006-XX-XX", [])])
    assert [(ln.order, ln.anchor, ln.mentions[0]) for ln in built.lines] == [
        (0, UNDATED, "u"), (1, "2004-12-31", "e"), (2, "2005-XX-XX", "y"), (3, "2005-01-XX", "m"),
        (4, "2005-01-29", "d"), (4, "2005-01-29", "d2")]


def test_event_dates_become_task_anchors() -> None:
    assert anchor_of("2005-02-17", "day") == "2005-02-17"
    assert anchor_of("2005-02-14", "week") == "2005-02-14"
    assert anchor_of("2005-02-01", "month") == "2005-02-XX"
    assert anchor_of("2005-01-01", "year") == "2005-XX-XX"
    assert anchor_of(None, None) == UNDATED


def test_entities_are_the_actors_their_names_begin_or_else_an_alias_equals() -> None:
    actors = [{"id": 1, "name": "Boeing Co", "aliases": []},
              {"id": 2, "name": "William Boeing", "aliases": ["Boeing"]},
              {"id": 3, "name": "U.S. dollar", "aliases": []},
              {"id": 4, "name": "Fed", "aliases": ["US Federal Reserve"]},
              {"id": 5, "name": "Jim Press", "aliases": ["president of Chrysler"]}]
    assert entity_actor_ids("Boeing", actors) == {1}  # the name wins over the surname alias
    assert entity_actor_ids("US Dollar", actors) == {3}
    assert entity_actor_ids("US Federal Reserve", actors) == {4}
    assert entity_actor_ids("Chrysler", actors) == set()
    assert entity_actor_ids("Boeing 777", actors) == set()


def source_doc() -> SourceDoc:
    words = [(0, "Boeing"), (0, "unveils"), (0, "777"), (1, "February"), (1, "17"), (1, ","), (1, "2005"),
             (2, "Boeing"), (2, "has"), (2, "rolled"), (2, "out"), (2, "a"), (2, "\""), (2, "new"), (2, "\""),
             (2, "jet"), (2, "."), (3, "It"), (3, "'s"), (3, "big"), (3, "("), (3, "very"),
             (3, ")"), (3, ".")]
    return SourceDoc("4764", [Token(s, w) for s, w in words], "2005-02-17")


def test_articles_are_rebuilt_as_headline_date_line_and_body() -> None:
    rendered = render(source_doc())
    assert rendered.text == ('Boeing unveils 777\n\nFebruary 17, 2005\n\n'
                             'Boeing has rolled out a "new" jet. It\'s big (very).')
    assert all(rendered.text[s:e] == t.word for (s, e), t in zip(rendered.spans, source_doc().tokens, strict=True))


def test_offsets_survive_a_dropped_line_and_changed_spacing() -> None:
    source = "Headline here\n\nFebruary 17, 2005\n\nBoeing has rolled out a jet."
    clean = "Boeing  has rolled\nout a jet."
    mapping = align_offsets(source, clean)
    start = source.index("rolled")
    assert clean[mapping[start]:mapping[start + 5] + 1] == "rolled"
    assert source.index("Headline") not in mapping


def test_system_mentions_map_to_task_mention_ids() -> None:
    doc = source_doc()
    rendered = render(doc)
    clean = rendered.text.split("\n\n", 2)[2]  # headline and date line dropped by cleaning
    index = TokenIndex.build(doc, rendered, clean)
    start = clean.index("rolled out")
    assert index.mention_id(start, start + len("rolled out")) == "4764-2-rolled_out"
    assert index.mention_id(start + 1, start + 3) == "4764-2-rolled"
    assert index.mention_id(clean.index("big"), clean.index("big") + 3) == "4764-3-big"
    assert index.mention_id(len(clean) + 5, len(clean) + 9) is None


def test_an_entity_timeline_has_the_events_of_its_actors_with_every_mapped_mention() -> None:
    """Events of "Boeing Co" (actor or target) in date order, undated at 0; a negated event and another actor's
    left out; a mention outside the article's tokens dropped."""
    doc = source_doc()
    rendered = render(doc)
    at = rendered.text.index
    system = SystemStore(
        actors=[{"id": 1, "name": "Boeing Co", "aliases": ["Boeing"]}, {"id": 2, "name": "Airbus", "aliases": []}],
        events=[
            {"id": 10, "actors": [1], "targets": [], "status": "occurred", "date": "2005-02-17",
             "date_precision": "day"},
            {"id": 11, "actors": [2], "targets": [1], "status": "planned", "date": None, "date_precision": None},
            {"id": 12, "actors": [1], "targets": [], "status": "negated", "date": "2005-02-17",
             "date_precision": "day"},
            {"id": 13, "actors": [2], "targets": [], "status": "occurred", "date": "2005-02-17",
             "date_precision": "day"},
            {"id": 14, "actors": [1], "targets": [], "status": "occurred", "date": "2005-01-01",
             "date_precision": "year"},
        ],
        mentions={10: [{"doc": "4764", "start": at("unveils"), "end": at("unveils") + 7},
                       {"doc": "4764", "start": at("rolled"), "end": at("rolled") + 10},
                       {"doc": "4764", "start": 10_000, "end": 10_005}],
                  11: [{"doc": "4764", "start": at("big"), "end": at("big") + 3}],
                  12: [{"doc": "4764", "start": at("has"), "end": at("has") + 3}],
                  13: [{"doc": "4764", "start": at("jet"), "end": at("jet") + 3}],
                  14: [{"doc": "4764", "start": at("new"), "end": at("new") + 3}]},
        texts={"4764": rendered.text})
    index = {"4764": TokenIndex.build(doc, rendered, rendered.text)}
    built = system_timeline("Boeing", system, index)
    assert format_timeline(built) == ("Boeing\n0\tXXXX-XX-XX\t4764-3-big\n1\t2005-XX-XX\t4764-2-new\n"
                                      "2\t2005-02-17\t4764-0-unveils\t4764-2-rolled_out\n")


def test_timelines_on_the_semeval_corpora_stay_above_their_floor(nlp: Language, tmp_path: Path) -> None:
    """The three corpora, micro-averaged (about 25 s: 90 short articles through the whole pipeline)."""
    scores = evaluate(need_shared(DATA), nlp, workdir=tmp_path)
    figures = scores["overall"]
    floor = FLOORS["timeline_semeval"]
    for key in ("f1", "precision", "mention_f1", "date_month"):
        assert figures[key] >= floor[key], (key, figures)
