"""Turns: words introduced by a speaker's name and a colon, not by a verb of saying.

Transcripts and interviews give each turn as a label, a colon and the words ("VLADIMIR PUTIN: ...", "Margarita
Simonyan: Thank you. ...", "Q: ..."), and round-ups give a name, an outlet or title, a colon and a quote ("Olaf
Scholz, Reuters: “...”"). A turn runs from the colon to the next turn's label or the end of its paragraph.

A label is a speaker when it is a known turn label (`Q`, `A`, `Question`, `Answer`: lexicons/quotes/turn_labels.tsv),
a person's name that opens its paragraph (spaCy's PERSON entity covers it; before an affiliation, PERSON or ORG,
as the tagger often takes a name there for an organisation), or any label of one to four
capitalised words that opens at least `MIN_REPEATS` turns of the document (a transcript names its speakers again
and again; a heading such as "UPDATE:" opens one). An interviewer's or interviewee's label names no one: the
label itself is the speaker as written, an anonymous one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.lexicon_files import table

TURN_LABELS = table("quotes/turn_labels")
MIN_REPEATS = 2  # turns a label that is not a person's name must open to count as a speaker
MIN_WORDS = 3  # words a turn must have
LABEL = re.compile(r"(?:^|(?<=\n)|(?<=[.?!…\"”] ))(?P<label>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})"
                   r"(?P<affiliation>, [A-Z][^:\n.]{0,59})?:[ \t]+(?=\S)")
WORD = re.compile(r"\w+")
EDGE = " \t\"'“”‘’«»„"


@dataclass(frozen=True)
class Turn:
    """Words `start:end` after the colon at `colon`; `label` the characters of the speaker's label."""

    start: int
    end: int
    colon: int
    label: tuple[int, int]
    role: str | None  # interviewer | interviewee for a Q/A label, None for a name


def _labels(text: str) -> list[re.Match[str]]:
    return list(LABEL.finditer(text))


def _person(doc: Doc, start: int, end: int, affiliated: bool) -> bool:
    """Whether the label is a person's name: a PERSON entity, or, before an affiliation ("Olaf Scholz, Reuters:",
    where the tagger often calls the name an organisation), a PERSON or ORG entity."""
    labels = ("PERSON", "ORG") if affiliated else ("PERSON",)
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in labels for t in span) and all(
        t.ent_type_ in labels or t.is_punct for t in span)


def _opens_paragraph(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] == "\n"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and (text[end - 1] in EDGE or text[end - 1] in ",;:"):
        end -= 1
    if end - start > 1 and text[end - 1] == "." and text[end - 2] != ".":
        end -= 1
    return start, end


def find_turns(doc: Doc, text: str) -> list[Turn]:
    """Every turn of `doc` (whose text is `text`) whose label is a speaker (see the module docstring)."""
    matches = _labels(text)
    counts = Counter(m.group("label") for m in matches)
    turns = []
    for number, match in enumerate(matches):
        label = match.group("label")
        role = TURN_LABELS.get(label.lower().rstrip("."))
        start = match.start("label")
        affiliated = bool(match.group("affiliation"))
        if role is None and counts[label] < MIN_REPEATS and not (
                _opens_paragraph(text, start) and _person(doc, start, match.end("label"), affiliated)):
            continue
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        if number + 1 < len(matches) and matches[number + 1].start() < end:
            end = matches[number + 1].start()
        words_start, words_end = _trim(text, match.end(), end)
        if len(WORD.findall(text[words_start:words_end])) >= MIN_WORDS:
            colon = match.end() - len(match.group(0)) + len(match.group(0).rstrip(" \t")) - 1
            turns.append(Turn(words_start, words_end, colon, (start, match.end("label")), role))
    return turns


def label_head(doc: Doc, turn: Turn) -> Token | None:
    """The last token of the speaker's label (for "Q" or "A", the label itself: it names no one)."""
    span: Span | None = doc.char_span(*turn.label, alignment_mode="expand")
    return span[-1] if span is not None and len(span) else None


def colon_token(doc: Doc, turn: Turn) -> Token | None:
    span = doc.char_span(turn.colon, turn.colon + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
