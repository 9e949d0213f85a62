"""Quantities in claims: value, bounds, approximation, unit and exact span, on sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest
from spacy.language import Language

from storyline.claims.quantities import APPROXIMATIONS, Quantity, find_quantities


def _found(nlp: Language, text: str) -> list[Quantity]:
    quantities = find_quantities(nlp(text))
    for q in quantities:
        assert q.text == text[q.start:q.end]
        assert q.approximation in APPROXIMATIONS
    return quantities


def _one(nlp: Language, text: str) -> Quantity:
    quantities = _found(nlp, text)
    assert len(quantities) == 1, quantities
    return quantities[0]


def _summary(q: Quantity) -> tuple:
    return q.text, q.value, q.low, q.high, q.approximation, q.unit


@pytest.mark.parametrize(("text", "expected"), [
    ("Tens of thousands of soldiers gathered near the frontier.",
     ("Tens of thousands of soldiers", 10_000, 20_000, 99_999, "order of magnitude", "soldier")),
    ("The ministry said about 100,000 Russian troops stood by.",
     ("about 100,000 Russian troops", 100_000, None, None, "about", "troop")),
    ("Officials counted more than 100,000 in the camps.",
     ("more than 100,000", 100_000, 100_000, None, "more than", None)),
    ("The agency put the figure at 130,000 last night.", ("130,000", 130_000, 130_000, 130_000, "exact", None)),
    ("The general placed 8,500 troops on increased alert.",
     ("8,500 troops", 8_500, 8_500, 8_500, "exact", "troop")),
    ("The war left 14,000 people killed in the region.",
     ("14,000 people", 14_000, 14_000, 14_000, "exact", "people")),
    ("The fund will cost $2.9 billion over the decade.",
     ("$2.9 billion", 2_900_000_000, 2_900_000_000, 2_900_000_000, "exact", "dollar")),
    ("Some 1.5 million residents left the city.",
     ("Some 1.5 million residents", 1_500_000, None, None, "about", "resident")),
    ("The unit lost two dozen tanks in a week.", ("two dozen tanks", 24, 24, 24, "exact", "tank")),
    ("A dozen envoys arrived at the talks.", ("A dozen envoys", 12, 12, 12, "exact", "envoy")),
    ("The mayor met three ministers at noon.", ("three ministers", 3, 3, 3, "exact", "minister")),
    ("The school took in twenty-five children.", ("twenty-five children", 25, 25, 25, "exact", "child")),
    ("The bridge carried 10,000 to 15,000 troops across.",
     ("10,000 to 15,000 troops", 12_500, 10_000, 15_000, "exact", "troop")),
    ("The shelling damaged between 10 and 20 houses.",
     ("between 10 and 20 houses", 15, 10, 20, "exact", "house")),
    ("A poll found 70% backed the plan.", ("70%", 70, 70, 70, "exact", "percent")),
    ("A poll found 70 percent backed the plan.", ("70 percent", 70, 70, 70, "exact", "percent")),
    ("A poll found 70 per cent backed the plan.", ("70 per cent", 70, 70, 70, "exact", "percent")),
    ("At least 40 civilians were hurt.", ("At least 40 civilians", 40, 40, None, "at least", "civilian")),
    ("The brigade fielded up to 300 tanks.", ("up to 300 tanks", 300, None, 300, "up to", "tank")),
    ("The column stretched nearly 2,000 kilometres.", ("nearly 2,000 kilometres", 2_000, None, 2_000, "nearly", "km")),
    ("Profits came just shy of $88 billion.", ("just shy of $88 billion", 88e9, None, 88e9, "nearly", "dollar")),
    ("Fewer than 50 observers stayed.", ("Fewer than 50 observers", 50, None, 50, "less than", "observer")),
    ("Hundreds of volunteers came.", ("Hundreds of volunteers", 100, 200, 999, "order of magnitude", "volunteer")),
    ("Thousands of refugees crossed the river.",
     ("Thousands of refugees", 1_000, 2_000, 9_999, "order of magnitude", "refugee")),
    ("Several thousand workers walked out.",
     ("Several thousand workers", 1_000, 2_000, 9_999, "order of magnitude", "worker")),
    ("The camp held 20,000 or more refugees.",
     ("20,000 or more refugees", 20_000, 20_000, None, "at least", "refugee")),
    ("The aid reached between 1 and 2 million families.",
     ("between 1 and 2 million families", 1_500_000, 1_000_000, 2_000_000, "exact", "family")),
    ("The plant employs 3,200 staff.", ("3,200 staff", 3_200, 3_200, 3_200, "exact", "staff")),
])
def test_finds_and_normalises_each_kind_of_quantity(nlp: Language, text: str, expected: tuple):
    assert _summary(_one(nlp, text)) == expected


def test_the_counted_noun_is_found_past_its_modifiers(nlp: Language):
    q = _one(nlp, "Satellite images showed 40,000 heavily armed Russian troops.")
    assert (q.value, q.unit) == (40_000, "troop")


def test_a_bracketed_conversion_is_kept_as_the_alternate(nlp: Language):
    q = _one(nlp, "The convoy was 75 km (50 miles) long.")
    assert _summary(q) == ("75 km (50 miles)", 75, 75, 75, "exact", "km")
    assert q.alternate == (50, "mile")


def test_spans_are_character_offsets_into_the_doc(nlp: Language):
    text = "Officials said 8,500 troops and about 300 tanks moved."
    first, second = _found(nlp, text)
    assert (first.start, first.end) == (15, 27)
    assert (second.start, second.end) == (text.index("about"), text.index(" moved"))


def test_a_sentence_span_gives_offsets_into_the_whole_doc(nlp: Language):
    doc = nlp("The talks failed. Then 5,000 soldiers crossed the border.")
    second = list(doc.sents)[1]
    (q,) = find_quantities(second)
    assert (q.start, q.text, q.unit) == (doc.text.index("5,000"), "5,000 soldiers", "soldier")


def test_records_are_frozen(nlp: Language):
    q = _one(nlp, "The unit lost 12 tanks.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.value = 13  # type: ignore[misc]


@pytest.mark.parametrize("text", [
    "The war began in 2014 and grew in 2022.",
    "The attack began on Feb. 24 before dawn.",
    "The summit opened on March 3, 2023.",
    "The sirens sounded at 5:30 a.m. in the capital.",
    "Crowds marked the 100th day of the siege.",
    "The office gave its number as 555-123-4567 on its site.",
    "The ministry released version 3.2.1 of the app.",
    "The ministry released version 3.2 of the app.",
    "The G7 leaders met in the mountains.",
    "The COVID-19 wave passed.",
    "The talks invoked Article 5 of the treaty.",
    "She was ranked No. 45 in the world.",
    "The shop is open 24/7 for the volunteers.",
    "She was the first to speak and the second to leave.",
    "One of them spoke to the crowd.",
])
def test_dates_times_ordinals_codes_and_labels_are_not_quantities(nlp: Language, text: str):
    assert _found(nlp, text) == []


def test_a_date_beside_a_count_leaves_the_count(nlp: Language):
    quantities = _found(nlp, "Since 2014 the fighting has killed 14,000 people, the report of Feb. 24 said.")
    assert [_summary(q) for q in quantities] == [("14,000 people", 14_000, 14_000, 14_000, "exact", "people")]


def test_a_change_from_one_number_to_another_is_two_quantities(nlp: Language):
    quantities = _found(nlp, "The toll rose from 10 to 20 victims overnight.")
    assert [q.value for q in quantities] == [10, 20]
    assert all(q.low == q.high for q in quantities)


@pytest.mark.parametrize("text", [
    "She won the final 6-3 and the derby ended 0-0.",
    "He took the tiebreak 7-6 (1) on Sunday.",
    "The price rose three times last year.",
    "The former two-time champion lost.",
    "It is one of the smallest countries in the region.",
])
def test_scores_multipliers_and_pronoun_one_are_not_quantities(nlp: Language, text: str):
    assert _found(nlp, text) == []


def test_a_possessive_in_an_of_phrase_is_not_the_counted_noun(nlp: Language):
    quantities = _found(nlp, "Officials said two of the plant's six reactors were running.")
    assert [(q.text, q.unit) for q in quantities] == [("two", None), ("six reactors", "reactor")]


def test_a_plural_name_as_the_counted_noun_is_made_singular(nlp: Language):
    assert _one(nlp, "Around 2 million Ukrainians moved west.").unit == "ukrainian"
