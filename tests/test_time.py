"""Time expressions: found with their exact spans, normalised against the document date, tense-aware."""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.language import Language

from storyline.timex import reanchor, tag
from storyline.timex.resolve import interval, kind_of, resolve

DATE = date(2022, 2, 1)  # a Tuesday


def values(nlp: Language, text: str, anchor: date | None = DATE) -> dict[str, str]:
    found = tag(text, nlp(text), anchor)
    assert all(text[t.start:t.end] == t.text for t in found)
    return {t.text: t.value for t in found}


def test_calendar_dates_take_the_year_of_the_document_date(nlp: Language) -> None:
    found = values(nlp, "The minister spoke on January 31. Sanctions will be ready by February 10. "
                        "The treaty was signed on March 22, 2013.")
    assert found == {"January 31": "2022-01-31", "February 10": "2022-02-10", "March 22, 2013": "2013-03-22"}


def test_a_weekday_is_the_previous_one_in_a_past_clause_and_the_next_in_a_future_one(nlp: Language) -> None:
    past = tag("The leaders met on Sunday.", nlp("The leaders met on Sunday."), DATE)
    future = tag("The leaders will meet on Sunday.", nlp("The leaders will meet on Sunday."), DATE)
    planned = tag("The prime minister is set to travel to Kyiv on Sunday.",
                  nlp("The prime minister is set to travel to Kyiv on Sunday."), DATE)
    assert (past[0].tense, past[0].value) == ("past", "2022-01-30")
    assert (future[0].tense, future[0].value) == ("future", "2022-02-06")
    assert (planned[0].tense, planned[0].value) == ("future", "2022-02-06")


def test_relative_expressions_count_from_the_document_date(nlp: Language) -> None:
    text = ("The peninsula was annexed eight years ago. Officials replied last week and will meet next month. "
            "Fighting has gone on since 2014. Troops will stay until Feb. 20 and the army will grow over three "
            "years. Talks may resume in the coming months.")
    found = {t.text: t for t in tag(text, nlp(text), DATE)}
    assert found["eight years ago"].value == "2014"
    assert found["last week"].value == "2022-W04"
    assert found["next month"].value == "2022-03"
    assert (found["2014"].value, found["2014"].signal) == ("2014", "since")
    assert (found["Feb. 20"].value, found["Feb. 20"].signal) == ("2022-02-20", "until")
    assert (found["three years"].type, found["three years"].value) == ("DURATION", "P3Y")
    assert found["the coming months"].value == "FUTURE_REF"


def test_ranges_holidays_and_parts_of_the_day(nlp: Language) -> None:
    text = ("Talks are scheduled in Geneva from January 9th to 10th. He spoke on New Year's Eve. "
            "The vote took place on Thursday night. Three rounds were held on January 10-13.")
    found = {t.text: t for t in tag(text, nlp(text), date(2022, 1, 2))}
    talks = found["January 9th to 10th"]
    assert (talks.kind, talks.value) == ("range", "2022-01-09/2022-01-10")
    assert [text[s:e] for s, e in talks.parts] == ["January 9th", "10th"]
    assert found["New Year's Eve"].value == "2021-12-31"
    assert (found["Thursday night"].type, found["Thursday night"].value) == ("TIME", "2021-12-30TNI")
    assert found["January 10-13"].value == "2022-01-10/2022-01-13"


def test_sets_durations_and_vague_references(nlp: Language) -> None:
    found = values(nlp, "The council meets every week and reports annually. It has worked for several months. "
                        "Prices are currently high.")
    assert found == {"every week": "P1W", "annually": "P1Y", "several months": "PXM", "currently": "PRESENT_REF"}


def test_month_and_season_words_that_are_not_time_are_left_alone(nlp: Language) -> None:
    found = values(nlp, "Prices may fall in the spring. Theresa May said troops would march on.")
    assert found == {"the spring": "2022-SP"}


def test_without_a_document_date_values_keep_x_and_reanchor_fills_them(nlp: Language) -> None:
    text = "Officials met on Thursday and will talk again on February 10."
    unknown = tag(text, nlp(text), None)
    assert [t.value for t in unknown] == ["XXXX-WXX-4", "XXXX-02-10"]
    known = reanchor(unknown, DATE)
    assert [t.value for t in known] == ["2022-01-27", "2022-02-10"]
    assert all(t.anchor == "2022-02-01" for t in known)


def test_anaphoric_expressions_count_from_the_last_date_mentioned(nlp: Language) -> None:
    text = "The talks opened on January 10. Two days later, ministers met in Brussels."
    found = values(nlp, text, date(2022, 1, 2))
    assert found["Two days later"] == "2022-01-12"


@pytest.mark.parametrize(("value", "kind", "first", "last"), [
    ("2022-02-01", "day", date(2022, 2, 1), date(2022, 2, 1)),
    ("2022-W05", "week", date(2022, 1, 31), date(2022, 2, 6)),
    ("2022-02", "month", date(2022, 2, 1), date(2022, 2, 28)),
    ("2022-Q1", "quarter", date(2022, 1, 1), date(2022, 3, 31)),
    ("2022", "year", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-01-09/2022-01-10", "range", date(2022, 1, 9), date(2022, 1, 10)),
])
def test_values_have_a_kind_and_an_interval(value: str, kind: str, first: date, last: date) -> None:
    assert kind_of(value) == kind
    assert interval(value) == (first, last)


def test_a_weekday_next_to_a_date_fixes_the_year() -> None:
    spec = {"k": "abs", "m": 1, "d": 21, "w": 5}  # "Friday, January 21"
    assert resolve(spec, date(2022, 3, 1), "past") == "2022-01-21"
    assert resolve(spec, date(2023, 1, 10), None) == "2022-01-21"  # in 2023 the 21st is a Saturday


TRIGGERED = ("In the 21st century, twice a week, for half an hour; in the 1990s and the '80s; on Christmas Eve, "
             "New Year’s Day and Valentine's Day; on Mondays; in Q3 2021; on 2022-02-24; this morning, tonight and "
             "tomorrow; over the weekend; the day before yesterday; in the coming weeks; in the first quarter and "
             "the second half of the year; last spring; weekly and annually. In The 20TH CENTURY.")


def test_rule_triggers_only_skip_rules_that_cannot_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every match of a rule holds one of its triggers, so skipping the rules with none in the text finds the same."""
    from storyline.timex import grammar

    for name, pattern, _read in grammar.RULES:
        for match in pattern.finditer(TRIGGERED):
            assert any(word in match.group().lower() for word in grammar.TRIGGERS.get(name, ("",))), name
    with_triggers = grammar.find(TRIGGERED)
    assert len(with_triggers) > 15
    monkeypatch.setattr(grammar, "TRIGGERS", {})
    assert grammar.find(TRIGGERED) == with_triggers


def test_rule_triggers_are_not_used_where_case_folding_differs() -> None:
    """A case-insensitive regex matches the long s to "s" ("1990\u017f"), str.lower does not: every rule runs."""
    from storyline.timex import grammar

    text = "In the 1990\u017f, prices rose."
    assert [(text[m.start:m.end], m.rule) for m in grammar.find(text)] == [("the 1990\u017f", "decade")]


def test_a_season_written_with_a_long_s_or_a_dotless_i_is_read_not_a_crash() -> None:
    """The season rule matches case-insensitively, so "\u017fpring" and "w\u0131nter" reach its reader."""
    from storyline.timex import grammar

    for text in ("in \u017fpring 2022 the talks", "in w\u0131nter 2021 the talks"):
        assert [m.rule for m in grammar.find(text)] == ["season"], text


def test_first_character_guards_keep_every_match():
    """A rule's first-character lookahead only skips positions where the rule cannot match: each rule finds the
    same matches with and without it, odd case foldings (long s, Kelvin sign, dotted I) and digits of other
    scripts included."""
    import re

    from storyline.timex import grammar

    text = ("On Monday, March 3, 2022 at 10:30 a.m., three days ago, the ſecond week of ſeptember; 5 \u212a; "
            "\u0130n the 1990s and the 21st century, twice a year, every other week, \u0663\u0660 days later, "
            "Q3 2021, '08, 12/03/2021, 2021-05-06T10:00, the coming weeks, early-2020, a few months ago.")
    for name, pattern, _read in grammar.RULES:
        guard = grammar._first_char_guard(pattern.pattern.split(")", 1)[1], pattern.flags)
        assert guard in pattern.pattern, name
        bare = re.compile(pattern.pattern.replace(guard, "", 1), pattern.flags)
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in bare.finditer(text)], name


def test_rule_scanners_find_what_finditer_finds():
    """A rule's scanner (found by a case-sensitive first character, then the rule itself) yields the same matches
    as the rule's finditer on a text without odd case foldings, a match that starts at a line break included."""
    from storyline.timex import grammar

    text = ("On Monday, March 3, 2022 at 10:30 a.m., three days ago, the second week of September; Q3 2021, '08, "
            "(\n1990s), - 21st century, 12/03/2021, 2021-05-06T10:00, the coming weeks, early-2020, twice a year, "
            "a few months ago, now, for the time being, last night, the day before yesterday. " + TRIGGERED)
    assert grammar._trigger_text(text) is not None
    assert len(grammar.SCANNERS) > len(grammar.RULES) / 2
    for name, pattern, _read in grammar.RULES:
        scanned = [(m.span(), m.groups()) for m in grammar._matches(pattern, grammar.SCANNERS.get(name), text)]
        assert scanned == [(m.span(), m.groups()) for m in pattern.finditer(text)], name


def test_rules_tried_at_their_first_words_find_what_finditer_finds():
    """A rule whose first words are listed (`timex.firstwords`) is tried only where one of them stands, and finds
    the same matches as its finditer: at the text's start, after a line break or a bracket, in upper case, a
    word that begins with a digit ("1st", "2022-02-24", digits of other scripts), after an apostrophe."""
    from storyline.timex import firstwords, grammar

    text = ("Last week, on Monday, March 3, 2022 at 10:30 a.m., three days ago, the 1st of May and 21st century; "
            "Q3 2021, FY2022, fiscal 2021, '08, (\nthe 1990s), LAST MONTH, THE PAST TWO YEARS, twenty-five "
            "years, 12/03/2021, 2021-05-06T10:00, \u0663\u0660 days later, Ukraine's 5 days, o'clock, early-2020, "
            "mid-March, a few months ago, now, for the time being, last night, the day before yesterday. "
            + TRIGGERED)
    lowered = grammar._trigger_text(text)
    assert lowered is not None
    starts = firstwords.WordStarts(lowered, grammar._first_word_finder())
    assert len(grammar.FIRST_WORDS) > len(grammar.RULES) * 3 / 4
    for name, pattern, _read in grammar.RULES:
        found = [(m.span(), m.groups()) for m in grammar._rule_matches(name, pattern, text, starts)]
        assert found == [(m.span(), m.groups()) for m in pattern.finditer(text)], name


def test_first_words_are_read_off_a_rule_regex():
    from storyline.timex.firstwords import first_words

    assert first_words(r"(?:(?P<d>the|a)\s+)?(?:last|next)\s+week", re.I) == (
        frozenset({"the", "a", "last", "next"}), False)
    assert first_words(r"(?:early|mid)(?:\s*-\s*|\s+)\d{4}", re.I) == (frozenset({"early", "mid"}), False)
    assert first_words(r"Q[1-4]", 0) == (frozenset({"q1", "q2", "q3", "q4"}), False)
    assert first_words(r"(?:the\s+)?\d+(?:st|nd)?\s+day", re.I) == (frozenset({"the"}), True)
    assert first_words(r"'\d\d", 0) is None  # may start with a character that is not a word character
    assert first_words(r"[a-z]+ly", re.I) is None  # a class of letters too large to list
    assert first_words(r"fy\d\d", re.I) is None  # letters, then any digit: not listed
    assert first_words(r"(?P<a>x)(?P=a)", 0) is None  # a back-reference
