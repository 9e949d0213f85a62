"""Cross-document event merging, clause vectors and copy detection, on mentions and texts written here."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from storyline.events.copies import copy_groups, independent_sources, shingles
from storyline.events.merge import (
    DEFAULT_PARAMS,
    Features,
    MergeItem,
    MergeParams,
    _overlap,
    _overlaps,
    block_scores,
    cluster_events,
    date_interval,
    join_same_day,
    same_family,
    spelling_key,
    word_families,
)
from storyline.events.vectors import clause_vector, clause_vectors, cosine
from storyline.products import TILE, all_apart

RNG = np.random.default_rng(7)
MEETING = RNG.normal(size=300).astype(np.float32)
SHELLING = RNG.normal(size=300).astype(np.float32)


def near(vector: np.ndarray, noise: float = 0.1) -> np.ndarray:
    """A vector close to `vector` (another wording of the same clause)."""
    return vector + noise * np.linalg.norm(vector) / np.sqrt(len(vector)) * RNG.normal(size=len(vector))


def meeting(key: str, doc: str, **changes: object) -> MergeItem:
    """Putin and Biden meeting in Geneva on 16 June 2021, as one article reports it."""
    fields: dict[str, object] = {"key": key, "doc": doc, "type": "CONSULT", "lemma": "meet",
                                 "actors": frozenset({"A:putin"}), "targets": frozenset({"A:biden"}),
                                 "location": "P:geneva", "date": "2021-06-16", "precision": "day",
                                 "vector": near(MEETING)}
    fields.update(changes)
    return MergeItem(**fields)


def together(clusters: list[list[object]], *keys: str) -> bool:
    return any(set(keys) <= set(c) for c in clusters)


# -- merging ------------------------------------------------------------------------------------------------------


def test_the_same_event_from_three_documents_is_one_cluster():
    items = [meeting("a", "doc1"), meeting("b", "doc2", lemma="hold", vector=near(MEETING, 0.3)),
             meeting("c", "doc3", targets=frozenset({"A:biden", "A:usa"}), precision="week")]
    assert cluster_events(items) == [["a", "b", "c"]]


def test_an_article_repeating_its_event_merges_with_itself():
    items = [meeting("a", "doc1"), meeting("a2", "doc1", vector=near(MEETING, 0.3))]
    assert cluster_events(items) == [["a", "a2"]]


def test_different_dates_do_not_merge():
    clusters = cluster_events([meeting("a", "doc1"), meeting("b", "doc2", date="2021-11-15")])
    assert not together(clusters, "a", "b")


def test_a_day_falls_inside_the_week_or_month_it_is_dated_by():
    week = meeting("b", "doc2", date="2021-06-14", precision="week")
    month = meeting("c", "doc3", date="2021-06", precision="month")
    assert date_interval(week)[0].isoformat() == "2021-06-14" and date_interval(week)[1].isoformat() == "2021-06-20"
    assert together(cluster_events([meeting("a", "doc1"), week, month]), "a", "b", "c")


def test_different_types_do_not_merge():
    clusters = cluster_events([meeting("a", "doc1"), meeting("b", "doc2", type="ASSAULT")])
    assert not together(clusters, "a", "b")


def test_compatible_types_may_merge():
    shelling = {"lemma": "shell", "actors": frozenset({"A:russia"}), "targets": frozenset({"P:kharkiv"}),
                "location": None, "date": "2022-03-01"}
    a = meeting("a", "doc1", type="FIGHT", vector=near(SHELLING), **shelling)
    b = meeting("b", "doc2", type="ASSAULT", vector=near(SHELLING), **shelling)
    assert cluster_events([a, b]) == [["a", "b"]]


def test_no_participants_in_common_do_not_merge():
    other = meeting("b", "doc2", actors=frozenset({"A:lavrov"}), targets=frozenset({"A:blinken"}))
    assert not together(cluster_events([meeting("a", "doc1"), other]), "a", "b")


def test_two_different_places_do_not_merge_unless_said_to_agree():
    other = meeting("b", "doc2", location="P:vienna")
    assert not together(cluster_events([meeting("a", "doc1"), other]), "a", "b")
    assert together(cluster_events([meeting("a", "doc1"), other], same_place=lambda x, y: True), "a", "b")


def test_events_alike_on_their_day_and_sides_join_unless_a_mention_pair_cannot():
    items = [meeting("a", "doc1", lemma="invasion"), meeting("b", "doc2", lemma="invade"),
             meeting("c", "doc3", lemma="attack"), meeting("d", "doc4", lemma="attack")]
    features = Features.of(items)
    assert join_same_day([[0, 1], [2, 3]], features, DEFAULT_PARAMS, None) == [[0, 1, 2, 3]]
    elsewhere = [*items[:3], meeting("d", "doc4", lemma="attack", location="P:vienna")]
    assert len(join_same_day([[0, 1], [2, 3]], Features.of(elsewhere), DEFAULT_PARAMS, None)) == 2
    told_otherwise = [*items[:2], *(meeting(k, d, lemma="shell", vector=near(SHELLING)) for k, d in
                                    (("c", "doc3"), ("d", "doc4")))]
    assert len(join_same_day([[0, 1], [2, 3]], Features.of(told_otherwise), DEFAULT_PARAMS, None)) == 2


def test_a_stray_report_is_left_out_so_that_two_events_can_join():
    """Ten reports of the invasion and one report merged among them placed elsewhere: the two events join
    without the stray, which becomes an event of its own; with as many strays as reports they stay apart."""
    reports = [meeting(f"r{n}", f"doc{n}", lemma="invasion" if n % 2 else "invade") for n in range(10)]
    stray = meeting("s", "doc99", lemma="invade", location="P:vienna")
    other = meeting("t", "doc98", lemma="invade", location="P:kyiv")
    clusters = join_same_day([list(range(5)), [*range(5, 10), 10]], Features.of([*reports, stray]), DEFAULT_PARAMS,
                             None)
    assert sorted(map(sorted, clusters)) == [list(range(10)), [10]]
    items = [*reports[:2], stray, other]
    assert len(join_same_day([[0, 2], [1, 3]], Features.of(items), DEFAULT_PARAMS, None)) == 2


def test_word_families_join_forms_of_one_word_only():
    assert same_family("shoot", "shooting") and same_family("nominate", "nominee")
    assert not same_family("present", "president") and not same_family("die", "death")
    assert word_families(["invasion", "invade", "attack", ""]) == ["invade", "invade", "attack", None]


def test_a_state_and_someone_of_it_are_not_disjoint_participants():
    alone = {"targets": frozenset()}
    russia = meeting("a", "doc1", actors=frozenset({"A:russia"}), states=frozenset({"RUS"}), **alone)
    putin = meeting("b", "doc2", actors=frozenset({"A:putin2"}), affiliations=frozenset({"RUS"}), **alone)
    lavrov = meeting("c", "doc3", actors=frozenset({"A:lavrov"}), affiliations=frozenset({"RUS"}), **alone)
    assert together(cluster_events([russia, putin]), "a", "b")
    assert not together(cluster_events([putin, lavrov]), "b", "c")


def test_unlike_wording_does_not_merge():
    other = meeting("b", "doc2", lemma="shell", vector=near(SHELLING))
    assert not together(cluster_events([meeting("a", "doc1"), other]), "a", "b")


def test_an_undated_mention_needs_strong_evidence():
    undated = {"date": None, "precision": None}
    alike = meeting("b", "doc2", **undated)
    unlike = meeting("c", "doc3", lemma="talk", vector=near(MEETING, 1.5), **undated)
    clusters = cluster_events([meeting("a", "doc1", **undated), alike, unlike])
    assert together(clusters, "a", "b") and not together(clusters, "a", "c")


def test_a_vaguely_dated_mention_does_not_borrow_another_documents_day():
    """"Putin spoke to Macron" in an article dated only to its year is not the call another article dates to a
    day: the two leaders spoke many times that year. In its own article, or when asked to, it merges."""
    vague = meeting("b", "doc2", date="2021", precision="year")
    assert not together(cluster_events([meeting("a", "doc1"), vague]), "a", "b")
    assert together(cluster_events([meeting("a", "doc2"), vague]), "a", "b")
    assert together(cluster_events([meeting("a", "doc1"), vague], MergeParams(vague_link_penalty=0.0)), "a", "b")


def invasion(key: str, doc: str, **changes: object) -> MergeItem:
    """Norland invading Varesca on 24 February 2022, as one article tells it."""
    fields: dict[str, object] = {"key": key, "doc": doc, "type": "ASSAULT", "lemma": "invade",
                                 "actors": frozenset({"A:norland"}), "targets": frozenset({"A:varesca"}),
                                 "date": "2022-02-24", "precision": "day", "vector": near(SHELLING)}
    fields.update(changes)
    return MergeItem(**fields)


def test_reports_that_only_name_an_older_event_join_it():
    """"Norland's invasion of Varesca" in reports of mid-March, each placed only by its report's window, is the
    invasion the text dates to February 24, not an event of March; a verb that reports an act near its report day
    ("Norland invaded", without a date) is not joined, and neither is a reference with another target."""
    dated = [invasion(f"d{n}", f"feb{n}") for n in range(3)]
    window = {"date": "2022-03-06", "date_end": "2022-03-20", "precision": "about"}
    named = [invasion(f"n{n}", f"mar{n}", lemma="invasion", nominal=True, vector=near(SHELLING, 1.0), **window)
             for n in range(3)]
    april = {"date": "2022-04-06", "date_end": "2022-04-20", "precision": "about"}
    reported = [invasion(f"r{n}", f"apr{n}", vector=near(SHELLING, 1.0), **april) for n in range(2)]
    may = {"date": "2022-05-06", "date_end": "2022-05-20", "precision": "about"}
    elsewhere = [invasion(f"e{n}", f"may{n}", lemma="invasion", nominal=True, targets=frozenset({"A:ostmark"}),
                          vector=near(SHELLING, 1.0), **may) for n in range(2)]
    clusters = cluster_events(dated + named + reported + elsewhere)
    assert together(clusters, "d0", "d1", "d2", "n0", "n1", "n2")
    assert not any(together(clusters, "d0", other) for other in ("r0", "r1", "e0", "e1"))
    apart = cluster_events(dated + named, MergeParams(join_background=False))
    assert not together(apart, "d0", "n0")


def test_references_join_only_an_event_several_reports_date_and_that_they_do_not_outweigh():
    """One report's "in early March" is too little to gather every later "the war"; and references that outnumber
    the event they would join are not clearly about it."""
    window = {"date": "2022-03-06", "date_end": "2022-03-20", "precision": "about"}
    named = [invasion(f"n{n}", f"mar{n}", lemma="invasion", nominal=True, vector=near(SHELLING, 1.0), **window)
             for n in range(3)]
    one_report = [invasion("d0", "feb0"), invasion("d1", "feb0")]
    assert not together(cluster_events(one_report + named), "d0", "n0")
    two_reports = [invasion("d0", "feb0"), invasion("d1", "feb1")]
    assert not together(cluster_events(two_reports + named), "d0", "n0")
    assert together(cluster_events(two_reports + named[:2]), "d0", "n0", "n1")


def test_reports_dated_only_to_a_month_join_the_one_event_of_that_month_they_name():
    """"Norland attacked Varesca in late February" (a month), worded unlike most reports of February 24, is the
    invasion of that day when that is the event of the month its words and sides name; with two such events of like
    size, it is not clear which, so neither."""
    dated = [invasion(f"d{n}", f"feb{n}") for n in range(3)] + [invasion("d3", "feb3", lemma="attack")]
    month = {"date": "2022-02", "precision": "month", "lemma": "attack", "vector": near(MEETING)}
    later = [invasion(f"m{n}", f"jun{n}", **month) for n in range(3)]
    assert together(cluster_events(dated + later), "d0", "m0", "m1", "m2")
    assert not together(cluster_events(dated + later, MergeParams(join_background=False)), "d0", "m0")
    rival = [invasion(f"r{n}", f"feb{n + 5}", date="2022-02-10", lemma="shell") for n in range(3)]
    rival.append(invasion("r3", "feb8", date="2022-02-10", lemma="attack"))
    clusters = cluster_events(dated + rival + later)
    assert not together(clusters, "d0", "m0") and not together(clusters, "r0", "m0")


def test_british_and_american_spellings_of_a_trigger_are_one_word():
    """"Mobilisation" in one report and "mobilization" in another are the same word for the same call-up."""
    call_up = {"type": "MOBILIZE", "targets": frozenset(), "location": None, "date": "2022-09-15",
               "date_end": "2022-09-21", "precision": "about"}
    items = [meeting("a", "doc1", lemma="mobilisation", vector=near(SHELLING, 2.0), **call_up),
             meeting("b", "doc2", lemma="mobilization", vector=near(SHELLING, 2.0), **call_up)]
    assert together(cluster_events(items), "a", "b")
    assert spelling_key("Recognise") == spelling_key("recognize") and spelling_key("analysed") == "analyzed"
    assert spelling_key("rise") == "rise"


def test_a_phone_call_and_a_meeting_in_person_are_different_events():
    call = meeting("b", "doc2", mode="phone")
    assert not together(cluster_events([meeting("a", "doc1", mode="visit"), call]), "a", "b")
    assert together(cluster_events([meeting("a", "doc1"), call]), "a", "b")
    assert together(cluster_events([meeting("a", "doc1", mode="meeting"), meeting("c", "doc3", mode="visit")]),
                    "a", "c")


def test_a_hypothetical_event_stays_apart_from_what_happened():
    clusters = cluster_events([meeting("a", "doc1"), meeting("b", "doc2", status="hypothetical")])
    assert not together(clusters, "a", "b")
    denied = meeting("c", "doc3", status="denied")
    assert together(cluster_events([meeting("a", "doc1"), denied]), "a", "c")


def test_no_cluster_holds_a_conflicting_pair():
    """Average linkage may not hide one vetoed pair among many alike ones."""
    items = [meeting(f"m{k}", f"doc{k}") for k in range(5)] + [meeting("x", "docx", location="P:vienna")]
    clusters = cluster_events(items)
    assert not any({"m0", "x"} <= set(c) for c in clusters)
    assert sorted(k for c in clusters for k in c) == sorted(i.key for i in items)


def test_ten_thousand_mentions_cluster_in_seconds():
    types = ["CONSULT", "ASSAULT", "FIGHT", "ACCUSE", "COERCE"]
    items = []
    for k in range(10_000):
        day = int(RNG.integers(0, 120))
        items.append(MergeItem(k, f"doc{k // 5}", types[k % 5], ["meet", "attack", "talk"][k % 3],
                               actors=frozenset({f"A:{RNG.integers(0, 30)}"}),
                               date=None if k % 10 == 0 else f"2022-{1 + day // 30:02d}-{1 + day % 28:02d}",
                               vector=MEETING if k % 7 == 0 else RNG.normal(size=300).astype(np.float32)))
    started = time.perf_counter()
    clusters = cluster_events(items, MergeParams(max_block=1000))
    assert time.perf_counter() - started < 30
    assert sorted(k for c in clusters for k in c) == list(range(10_000))


def test_a_block_scored_by_tiles_has_exactly_the_scores_of_all_pairs():
    """`block_scores` computes a block's score matrix tile by tile, each tile above the diagonal once, and skips
    tiles dated wholly apart: every cell must be the one `Features.scores` gives for all pairs at once, to the bit
    (so the clusters cannot change), on mentions that vary in every feature the score reads."""
    rng = np.random.default_rng(11)
    items = []
    for k in range(1100):
        day = k // 8  # in date order, as a dated block is
        precision = ["day", "week", "month", "about", None][k % 5]
        items.append(MergeItem(
            k, f"doc{k // 4}", ["CONSULT", "ASSAULT", "FIGHT"][k % 3], ["meet", "attack", "talk", "shell"][k % 4],
            actors=frozenset({f"A:{rng.integers(0, 8)}"}), targets=frozenset({f"A:{rng.integers(0, 8)}"}),
            location=None if k % 3 else f"P:{rng.integers(0, 3)}", precision=precision,
            date=None if k >= 1060 else f"2022-{1 + day // 28:02d}-{1 + day % 28:02d}",
            date_end=f"2022-{1 + day // 28:02d}-{1 + day % 28:02d}" if precision == "about" else None,
            status="hypothetical" if k % 17 == 0 else "occurred", mode=["phone", "visit", None][k % 3],
            story=int(rng.integers(0, 5)), states=frozenset({f"C:{rng.integers(0, 4)}"}),
            vector=MEETING if k % 7 == 0 else near(SHELLING, 2.0).astype(np.float32)))
    features = Features.of(items)
    everything = range(len(items))
    expected = features.scores(everything, everything)
    found = block_scores(features, DEFAULT_PARAMS)
    assert np.isfinite(expected).any() and np.isinf(expected).any()
    assert all_apart(features.start, features.end, features.dated, np.arange(0, TILE), np.arange(3 * TILE, 4 * TILE),
                     DEFAULT_PARAMS.date_slack_days)
    np.testing.assert_array_equal(found.view(np.uint32), expected.view(np.uint32))


# -- clause vectors -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from storyline.stages.nlp import load_model

    return load_model("")


@pytest.fixture(scope="module")
def vocab(nlp):
    return nlp.vocab


def test_a_documents_clause_vectors_at_once_are_each_clauses_own_to_the_bit(nlp):
    """`clause_vectors` embeds all of a document's event clauses together; each row must be what `clause_vector`
    gives that clause's tokens alone, to the bit, on the event clauses of real articles."""
    from evaluation import shared_dir
    from storyline.events import find_events

    corpus = shared_dir() / "corpus/ukraine-media/articles.jsonl"
    if not corpus.is_file():
        pytest.skip(f"shared corpus not found at {corpus}")
    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line, _ in zip(lines, range(30), strict=False)]
    checked = 0
    for doc in nlp.pipe(texts):
        spans = [s for s in (doc.char_span(m.clause_start, m.clause_end, alignment_mode="expand")
                             for m in find_events(doc)) if s is not None]
        triggers = [doc[s.start:s.end].root.lemma_ if k % 3 else None for k, s in enumerate(spans)]
        expected = [clause_vector(s, nlp.vocab, trigger=t) for s, t in zip(spans, triggers, strict=True)]
        found = clause_vectors(doc, [(s.start, s.end) for s in spans], triggers)
        for row, want in zip(found, expected, strict=True):
            np.testing.assert_array_equal(row.view(np.uint32), want.view(np.uint32))
        checked += len(spans)
    assert checked > 200


def test_clause_vectors_are_unit_float32_and_alike_for_alike_clauses(vocab):
    a = clause_vector("Putin and Biden met in Geneva for talks", vocab, trigger="meet")
    b = clause_vector("The two presidents held talks at a villa in Geneva", vocab, trigger="talk")
    c = clause_vector("Rockets hit an apartment block in Kharkiv overnight", vocab, trigger="hit")
    assert a.dtype == np.float32 and abs(float(np.linalg.norm(a)) - 1) < 1e-5
    assert cosine(a, b) > cosine(a, c)


def test_a_clause_without_known_words_has_a_zero_vector_and_no_similarity(vocab):
    empty = clause_vector("the of and", vocab)
    assert not empty.any() and cosine(empty, clause_vector("talks", vocab)) == 0.0


# -- copies -------------------------------------------------------------------------------------------------------

WIRE = ("The foreign ministers of the two countries met in Geneva on Thursday for three hours of talks about the "
        "border, the prisoners held on both sides and the grain corridor, officials said. Neither side announced an "
        "agreement, but both said they would meet again before the end of the month, and a joint working group "
        "on prisoner exchanges will start its work next week.")
COPY = ("GENEVA (Wire) - " + WIRE.replace("officials said", "officials told reporters")
        + " Read more: our live coverage of the talks.")
OWN = ("Talks in Geneva ended on Thursday without a deal. The two foreign ministers spent three hours together, "
       "and their spokesmen later said that another round would follow within weeks; a group on prisoners is set "
       "up.")


def test_shingles_are_normalised_word_five_grams():
    expected = {"the talks in geneva ended", "talks in geneva ended today"}
    assert shingles("The  TALKS, in “Geneva” ended today!") == expected
    assert shingles("Short text") == {"short text"} and shingles("  ") == set()


def test_a_syndicated_copy_joins_the_first_text_and_an_own_report_does_not():
    groups = copy_groups([("wire", WIRE), ("site1", COPY), ("site2", OWN), ("site3", WIRE), ("empty", "")])
    assert groups == {"wire": "wire", "site1": "wire", "site2": "site2", "site3": "wire", "empty": "empty"}


def test_independent_sources_count_copies_once_and_outlets_once():
    groups = copy_groups([("wire", WIRE), ("site1", COPY), ("site2", OWN), ("site3", WIRE)])
    assert independent_sources(["wire", "site1", "site3"], groups) == 1
    assert independent_sources(["wire", "site1", "site2", "unknown"], groups) == 3
    outlets = {"site2": "Daily Example", "unknown": "daily example ", "wire": None}
    assert independent_sources(["wire", "site1", "site2", "unknown"], groups, outlets) == 2
    assert independent_sources([], groups) == 0


def test_a_party_named_on_both_sides_is_on_the_side_most_reports_put_it() -> None:
    from storyline.corpus.events import _sides

    russia, ukraine, putin = 1, 2, 3
    # a hundred "Russia's invasion of Ukraine", three "Ukraine fights back", one Putin
    actors = [russia] * 100 + [ukraine] * 3 + [putin]
    targets = [ukraine] * 100 + [russia]
    assert _sides(actors, targets) == ([russia, putin], [ukraine])
    assert _sides([ukraine], [ukraine]) == ([ukraine], [])  # a tie stays with the actors


def test_overlaps_count_shared_ids_slot_by_slot_and_sum_over_pairs() -> None:
    """`_overlap` counts, for each row pair, the (slot, slot) pairs holding one id; `_overlaps` sums that over
    several pairs of id matrices in one product. Checked against a direct count on random padded rows."""
    rng = np.random.default_rng(7)

    def padded(n: int) -> np.ndarray:
        rows = rng.integers(0, 12, size=(n, 5))
        rows[rng.random((n, 5)) < 0.4] = -1  # padding
        return rows

    def direct(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.array([[sum(a == b for a in row if a >= 0 for b in col if b >= 0) for col in right]
                         for row in left])

    pairs = [(padded(9), padded(7)) for _ in range(3)]
    for left, right in pairs:
        np.testing.assert_array_equal(_overlap(left, right), direct(left, right))
    np.testing.assert_array_equal(_overlaps(pairs, 9, 7), sum(direct(left, right) for left, right in pairs))
    empty = np.full((4, 3), -1)
    np.testing.assert_array_equal(_overlaps([(empty, padded(2))], 4, 2), np.zeros((4, 2), dtype=np.int64))
