"""Timeline summarisation (Timeline17, Entities): the tilse metrics on hand-made timelines with answers worked out by
hand, the date-wise baseline and the ranking of Storyline's events on tiny inputs, and the readers on the shared data
(skipped without it). No Storyline run here: `bench/eval_tls.py` measures (docs/quality.md)."""

from __future__ import annotations

from datetime import date

import pytest

from evaluation.tls import (
    PRF,
    Article,
    alignment_rouge,
    average,
    concat_rouge,
    dataset_root,
    date_prf,
    datewise_ranked,
    input_window,
    mentioned_days,
    parse_jsonl_timeline,
    parse_tilse_timeline,
    read_entities,
    read_t17,
    rouge_counts,
    rouge_tokens,
    select_timeline,
    storyline_ranked,
    summary_length,
)

from .conftest import need_shared

JAN1, JAN3, JAN10 = date(2010, 1, 1), date(2010, 1, 3), date(2010, 1, 10)
REFERENCE = {JAN1: ["Oil spill begins"], JAN10: ["Cap sealed"]}


def test_rouge_tokens_lower_case_drop_punctuation_ptb_brackets_and_stop_words() -> None:
    assert rouge_tokens(["The BP -LRB- oil -RRB- spill ,", "`` costs '' $ 6.1bn"]) == [
        "bp", "oil", "spill", "costs", "6", "1bn"]


def test_rouge_counts_clip_repeated_ngrams_and_cross_sentence_boundaries() -> None:
    counts = rouge_counts(["oil oil oil spill"], ["oil spill", "oil"], 1)
    assert (counts.hits, counts.predicted, counts.reference) == (3, 4, 3)  # oil clipped at 2, spill 1
    bigrams = rouge_counts(["spill oil"], ["oil spill", "oil"], 2)  # the reference's bigrams: oil spill, spill oil
    assert (bigrams.hits, bigrams.predicted, bigrams.reference) == (1, 1, 2)


def test_date_f1_compares_sets_of_days() -> None:
    scores = date_prf({JAN1: ["a"], JAN3: ["b"]}, {JAN1: ["a"], JAN10: ["c"], date(2010, 1, 11): ["d"]})
    assert (scores.precision, scores.recall) == (0.5, pytest.approx(1 / 3))


def test_alignment_follows_content_and_discounts_by_date_distance() -> None:
    """Jan 3 says what the reference says on Jan 10: it aligns there (cost 7/8 * 0) rather than to Jan 1 (cost 2/3 *
    1), and its 2 hits count 1/(7+1). ROUGE-1: (3 + 2/8) / 5 both ways. ROUGE-2: precision (2 + 1/8) / 3."""
    predicted = {JAN1: ["Oil spill begins"], JAN3: ["Cap sealed"]}
    r1 = alignment_rouge(predicted, REFERENCE, 1)
    assert (r1.precision, r1.recall) == (pytest.approx(0.65), pytest.approx(0.65))
    r2 = alignment_rouge(predicted, REFERENCE, 2)
    assert (r2.precision, r2.recall) == (pytest.approx(17 / 24), pytest.approx(17 / 24))


def test_a_same_day_alignment_costs_nothing_and_ties_go_to_the_earlier_date() -> None:
    """The reference's Jan 1 costs 0 against the predicted Jan 1 (same day) and against Jan 2 (same words): the tie
    goes to Jan 1, whose words miss, so recall is 0; precision aligns both predicted days to the only reference day:
    Jan 2's 3 hits at distance 1 count 1.5 of 5 predicted words."""
    predicted = {JAN1: ["Cap sealed"], date(2010, 1, 2): ["Oil spill begins"]}
    scores = alignment_rouge(predicted, {JAN1: ["Oil spill begins"]}, 1)
    assert (scores.precision, scores.recall) == (pytest.approx(0.3), 0.0)


def test_an_empty_prediction_scores_zero() -> None:
    assert alignment_rouge({}, REFERENCE, 1) == PRF(0.0, 0.0)
    assert date_prf({}, REFERENCE) == PRF(0.0, 0.0)


def test_concat_rouge_ignores_dates() -> None:
    scores = concat_rouge({JAN3: ["oil spill"]}, REFERENCE, 1)
    assert (scores.precision, scores.recall) == (1.0, 0.4)


def test_the_average_is_f1_of_mean_precision_and_mean_recall_as_in_news_tls() -> None:
    first = {m: PRF(1.0, 0.0) for m in ("date", "ar1", "ar2", "concat_r1", "concat_r2")}
    second = {m: PRF(0.0, 1.0) for m in first}
    mean = average([first, second])["ar1"]
    assert (mean.precision, mean.recall, mean.f1) == (0.5, 0.5, 0.5)  # not the mean of the two F1s (0)


def test_tilse_files_are_read_and_a_block_with_a_broken_date_is_skipped() -> None:
    text = ("2010-01-10\nCap sealed . \n--------------------------------\n2011-04-0\nJury selection begins . \n"
            "--------------------------------\n2010-01-01\nOil spill begins . \nIt grows . \n"
            "--------------------------------\n")
    assert parse_tilse_timeline(text) == {JAN10: ["Cap sealed ."], JAN1: ["Oil spill begins .", "It grows ."]}


def test_entities_timelines_are_read_from_json_lines() -> None:
    line = '[["2010-01-01 00:00:00", ["Oil spill begins.", "It grows."]], ["2010-01-10 00:00:00", ["Cap sealed."]]]'
    assert parse_jsonl_timeline(line) == {JAN1: ["Oil spill begins.", "It grows."], JAN10: ["Cap sealed."]}


def test_l_k_and_the_input_window_follow_news_tls() -> None:
    assert summary_length({JAN1: ["a", "b"], JAN10: ["c"]}) == 2  # 1.5 rounds to even
    assert input_window(REFERENCE, 7) == (date(2009, 12, 25), date(2010, 1, 17))


def test_select_timeline_takes_the_first_dates_inside_the_window_and_their_first_sentences() -> None:
    ranked = [(date(2009, 12, 1), ["outside"]), (JAN3, ["a", "a", "b", "c"]), (JAN1, []), (JAN10, ["d"]),
              (JAN3, ["e"]), (JAN1, ["f"])]
    assert select_timeline(ranked, (JAN1, JAN10), dates=2, sentences=3) == {JAN3: ["a", "b", "c"], JAN10: ["d"]}


def test_days_named_in_a_sentence_take_the_year_that_is_not_in_the_future() -> None:
    published = date(2010, 1, 13)
    assert mentioned_days("On January 12 , 2010 , a quake hit .", published) == [date(2010, 1, 12)]
    assert mentioned_days("It began on 3 March .", published) == [date(2009, 3, 3)]
    assert mentioned_days("By Jan. 14 aid arrives .", published) == [date(2010, 1, 14)]  # within two days
    assert mentioned_days("In May 2009 nothing .", published) == []  # no day


def test_the_datewise_baseline_ranks_days_by_articles_published_and_naming_them() -> None:
    articles = [Article("1", JAN3, None, "A quake hit on January 1 , 2010 .\nAid is on its way ."),
                Article("2", JAN3, None, "Aid arrives in the capital .\nA quake hit on January 1 , 2010 ."),
                Article("3", JAN1, None, "A quake hit the capital .")]
    ranked = datewise_ranked(articles)
    assert [day for day, _ in ranked] == [JAN1, JAN3]  # 1 published + 2 naming it, against 2 published; tie none
    assert ranked[0][1][0] == "A quake hit on January 1 , 2010 ."  # the most central of Jan 1's candidates


def entry(day: str | None, precision: str | None, sources: int, mentions: int, status: str = "occurred",
          summary: str = "X meets Y") -> dict:
    return {"date": day, "date_end": None, "date_precision": precision, "status": status, "summary": summary,
            "sources": sources, "mentions": [{"clause": f"clause {i} of {summary}"} for i in range(mentions)]}


def test_storyline_events_rank_by_sources_then_mentions_day_precision_only() -> None:
    entries = [entry("2010-01-01", "day", 1, 5, summary="A"), entry("2010-01-03", "day", 2, 1, summary="B"),
               entry("2010-01-04", "week", 9, 9, summary="C"), entry("2010-01-05", "day", 9, 9, "negated", "D"),
               entry(None, None, 9, 9, summary="E"), entry("2010-01-02", "day", 1, 5, summary="F")]
    assert storyline_ranked(entries, "summaries") == [(JAN3, ["B"]), (JAN1, ["A"]), (date(2010, 1, 2), ["F"])]
    assert storyline_ranked(entries)[0] == (JAN3, ["clause 0 of B"])


def test_t17_topics_merge_their_collections() -> None:
    root = need_shared(dataset_root("t17"))
    topics = {t.name: t for t in read_t17(root=root)}
    assert len(topics) == 9
    assert sum(len(t.references) for t in topics.values()) == 19
    assert sum(len(t.articles) for t in topics.values()) == 4625
    assert len(topics["bpoil"].references) == 5 and len(topics["bpoil"].articles) == 1460
    assert all(a.id.startswith("bpoil_") for a in topics["bpoil"].articles)  # ids repeat across collections
    mj = dict(topics["mj"].references)["MJ_bbc/bbc.co.uk"]
    assert len(mj) == 37 and date(2009, 6, 25) in mj  # the "2011-04-0" block left out


def test_entities_subset_has_thirteen_topics_with_one_timeline_each() -> None:
    topics = read_entities(root=need_shared(dataset_root("entities")))
    assert len(topics) == 13
    assert all(len(t.references) == 1 for t in topics)
    assert sum(len(t.articles) for t in topics) == 3393
    brown = next(t for t in topics if t.name == "Chris_Brown")
    assert date(2009, 2, 8) in brown.references[0][1]
