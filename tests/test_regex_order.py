"""Regexes rewritten to match their first character before checking what precedes it (so the regex engine can skip
to the next such character) find what their plain forms find: the plain forms are kept here as the reference."""

from __future__ import annotations

import re

import pytest

from storyline.actors import containment
from storyline.quotes import dashes, turns
from tests.conftest import sample_articles

PLAIN = {
    "sentence end": (containment.SENTENCE_END, re.compile(
        r"(?<![\s.][A-Za-z])(?<![\s.][A-Za-z]{2})[.!?][\"'”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])|\n")),
    "turn label": (turns.LABEL, re.compile(
        r"(?:^|(?<=\n)|(?<=[.?!…\"”] ))(?P<label>" + turns._CAPITAL + r"(?: (?:" + turns._CAPITAL + "|"
        + turns._SMALL + r")){0," + str(turns.MAX_LABEL_WORDS - 1) + r"})(?P<affiliation>, [A-Z][^:\n.]{0,59})?"
        r":[ \t]+(?=\S)")),
    "dash speech": (dashes.DASH_SPEECH, re.compile(
        r"(?:^|(?<=\n)|(?<=[.!?…] ))[-–—][ \t]*(?P<words>\w[^\n]{0," + str(dashes.MAX_WORDS_CHARS)
        + r"}?[^.\s])[,!?…]?[ \t]+[-–—][ \t]+(?P<attribution>[a-z][^\n.!?\"“”«»-]{1,99})[.!?]?(?=\s|$)")),
}
ODD = ["- We will win this war - he said.\n— Never again — said the minister.", "Q: What now? A: We wait.",
       "Olaf Scholz, Reuters: We agree.\nPutin: No.", "A.B. c. D", "Mr. Smith. He said\nx. “Yes", "\n", "", ".",
       "Dr. Who. U.S. troops. It ended.\n\nNext. 2022 began."]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_the_rewritten_regex_finds_what_the_plain_one_finds(name: str) -> None:
    rewritten, plain = PLAIN[name]
    texts = ODD + [record["text"] for record in sample_articles(60)]
    assert sum(len(list(plain.finditer(text))) for text in texts) > 1  # the texts hold matches to compare
    for text in texts:
        assert [(m.span(), m.groups()) for m in rewritten.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)], text[:60]
        for start in range(0, len(text), 101):  # searches from inside the text, and scans cut short, as callers make
            assert [m.span() for m in rewritten.finditer(text, start // 2, start)] == \
                [m.span() for m in plain.finditer(text, start // 2, start)]
            found, expected = rewritten.search(text, start), plain.search(text, start)
            assert (found and found.span()) == (expected and expected.span())
