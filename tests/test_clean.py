"""Clean stage: page furniture goes, every sentence of the article body stays."""

from __future__ import annotations

import re
from collections import Counter

from storyline.readers import expand_paths, read_inputs
from storyline.run import LineCounter
from storyline.stages.clean import clean, line_key

from .conftest import SEEDS, need_shared

REPORTED_SPEECH = re.compile(r"\b(said|told|added|according|stated|warned)\b")


def seed_documents():
    docs = list(read_inputs(expand_paths([str(need_shared(SEEDS))])))
    counter = LineCounter()
    for doc in docs:
        counter.add(doc)
    return docs, counter.counts


def test_seed_leftovers_are_removed_and_recorded_verbatim() -> None:
    docs, counts = seed_documents()
    removed = {doc.id: clean(doc.raw_text, doc.title, counts).removed for doc in docs}
    every_removed = [line for lines in removed.values() for line in lines]
    # comment forms, site chrome, player residue and promos, in every seed that has them
    assert sum(line_key(r) == "leave a reply" for r in every_removed) == 3
    assert sum(r.startswith("Your email address will not be published") for r in every_removed) == 3
    assert any(r.startswith("0:00") for r in every_removed)
    assert any("copied to your clipboard" in r for r in every_removed)
    assert {"Exit mobile version", "Top Comments", "Source link"} <= set(every_removed)
    assert sum(r.split(":")[0] in {"See also", "Live Briefing", "Full coverage"} for r in every_removed) == 3
    for doc in docs:
        raw_lines = {" ".join(line.split()) for line in doc.raw_text.splitlines()}
        assert set(removed[doc.id]) <= raw_lines, "removed lines are verbatim lines of the input"


def test_every_reported_speech_paragraph_of_the_seeds_is_kept() -> None:
    docs, counts = seed_documents()
    for doc in docs:
        cleaned = clean(doc.raw_text, doc.title, counts)
        body = [" ".join(line.split()) for line in doc.raw_text.splitlines() if REPORTED_SPEECH.search(line)]
        assert body, doc.id
        for paragraph in body:
            assert paragraph in cleaned.text, (doc.id, paragraph[:60])


def test_furniture_never_seen_in_the_samples_is_removed() -> None:
    raw = "\n".join([
        "Sign up for our morning newsletter",
        "The finance ministers of both countries met in Vienna on Tuesday and agreed on a new payment schedule.",
        "Officials said the agreement would be signed within a month.",
        "Share this article on WhatsApp",
        "Follow us on Telegram for live updates",
        "Comments are closed. Click here to read our comment policy.",
    ])
    cleaned = clean(raw)
    assert cleaned.text.splitlines()[0].startswith("The finance ministers")
    assert "Officials said" in cleaned.text
    assert len(cleaned.removed) == 4
    assert cleaned.flags == ["boilerplate_removed"]


def test_short_news_sentences_next_to_furniture_stay() -> None:
    raw = ("The minister denied that troops were being moved towards the border, according to the agency.\n"
           "The embassy did not comment.\n"
           "Source link\n"
           "Exit mobile version")
    cleaned = clean(raw)
    assert "The embassy did not comment." in cleaned.text
    assert cleaned.removed == ["Source link", "Exit mobile version"]


def test_a_line_repeated_across_the_corpus_counts_as_furniture() -> None:
    raw = "A long enough paragraph of reporting that officials said was accurate on Monday.\nBy the Northline desk."
    assert clean(raw).removed == []
    assert clean(raw, line_counts=Counter({line_key("By the Northline desk."): 5})).removed == [
        "By the Northline desk."]


def test_headline_repeated_as_first_body_line_is_dropped() -> None:
    cleaned = clean("Talks resume\nThe talks resumed on Monday, officials said.", title="Talks resume")
    assert cleaned.text == "The talks resumed on Monday, officials said."
    assert cleaned.removed == ["Talks resume"]


def test_text_without_furniture_is_unchanged_but_for_whitespace() -> None:
    raw = "First  paragraph, said the minister.\r\n\r\n  Second paragraph.  "
    cleaned = clean(raw)
    assert cleaned.text == "First paragraph, said the minister.\n\nSecond paragraph."
    assert cleaned.removed == [] and cleaned.flags == []
