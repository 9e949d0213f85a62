"""Turns: words introduced by a speaker's name and a colon, not by a verb of saying.

Transcripts and interviews give each turn as a label, a colon and the words ("VLADIMIR PUTIN: ...", "Margarita
Simonyan: Thank you. ...", "Q: ..."), and round-ups give a name, an outlet or title, a colon and a quote ("Olaf
Scholz, Reuters: “...”"). A turn runs from the colon to the next turn's label or the end of its paragraph.

A label is up to `MAX_LABEL_WORDS` capitalised words, with the small words of titles and names between them
(lexicons/quotes/label_small_words.txt: "President of Russia Vladimir Putin"). It is a speaker when it is a known
turn label (`Q`, `A`, `Question`, `Answer`: lexicons/quotes/turn_labels.tsv); when it ends in a person's name
(spaCy's PERSON entity; before an affiliation, PERSON or ORG, as the tagger often takes a name there for an
organisation) and opens its paragraph or has a title (`TITLED_WORDS` words or more: "Chairman of the Board Sergei
Kulikov:"); or when it is a name (ending in a person's name, or in capitals as transcripts write names: "PSAKI:")
whose last words open at least `MIN_REPEATS` turns of the document (a transcript names its speakers again and
again, with the full title the first time only; names in capitals count when two of them make a dialogue). A
heading such as "UPDATE:" opens one turn, and a repeated word that is no name ("Photograph:" before each picture
credit, "WARNING:" twice) is not a speaker. An interviewer's or interviewee's
label names no one: the label itself is the speaker as written, an anonymous one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.lexicon_files import table, words

TURN_LABELS = table("quotes/turn_labels")
LABEL_SMALL_WORDS = words("quotes/label_small_words")
MIN_REPEATS = 2  # turns a speaker who is not a person's name at a paragraph's start must open
MIN_WORDS = 3  # words a turn must have
MAX_LABEL_WORDS = 12  # "Chairman of the RUSNANO Management Company Management Board Sergei Kulikov"
TITLED_WORDS = 3  # a label this long that ends in a name is a speaker after any sentence end, not only a paragraph's
NAME_WORDS = 2  # a label's speaker, for counting turns: its last words ("[President of Russia] Vladimir Putin")
_CAPITAL_TAIL = r"[\w.'’\-]*"  # what follows a label word's capital
_CAPITAL = r"[A-Z]" + _CAPITAL_TAIL
_SMALL = "|".join(sorted(LABEL_SMALL_WORDS))
# A speaker's label at a paragraph's start or after a sentence end, then a colon: "Olaf Scholz, Reuters: ...". Its
# first capital is the first thing matched and what stands before it is checked after it (`_OPENS`), so the regex
# engine skips straight to the next capital instead of trying every position.
_OPENS = r"(?:(?<=^.)|(?<=\n.)|(?<=[.?!…\"”] .))"
LABEL = re.compile(r"(?P<label>[A-Z]" + _OPENS + _CAPITAL_TAIL + r"(?: (?:" + _CAPITAL + "|" + _SMALL
                   + r")){0," + str(MAX_LABEL_WORDS - 1) + r"})(?P<affiliation>, [A-Z][^:\n.]{0,59})?:[ \t]+(?=\S)")
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
    """Whether the label ends in a person's name ("Olaf Scholz", "Foreign Minister Olaf Scholz"): its last word is
    in a PERSON entity, or, before an affiliation ("Olaf Scholz, Reuters:", where the tagger often calls the name
    an organisation), in a PERSON or ORG entity."""
    labels = ("PERSON", "ORG") if affiliated else ("PERSON",)
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[-1].ent_type_ in labels


def _speaker_key(label: str) -> str:
    """The label's last words, so that "President of Russia Vladimir Putin" and "Vladimir Putin" count together."""
    return " ".join(label.split()[-NAME_WORDS:])


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


def _speaker(label: str, person: bool, repeats: int, opens_paragraph: bool, dialogue: bool) -> bool:
    """Whether a label that is not "Q" or "A" names a speaker: a name that opens at least `MIN_REPEATS` turns (one
    ending in a person's name, or one in capitals as transcripts write names when at least two such labels make a
    dialogue: "WARNING:" twice is a heading), or a person's name that opens its paragraph or follows a title
    ("Chairman of the Board Sergei Kulikov:"). A repeated word that is no name ("Photograph:" before each picture
    credit) is not a speaker."""
    if repeats >= MIN_REPEATS and (person or (label.isupper() and dialogue)):
        return True
    return person and (opens_paragraph or len(label.split()) >= TITLED_WORDS)


def find_turns(doc: Doc, text: str) -> list[Turn]:
    """Every turn of `doc` (whose text is `text`) whose label is a speaker (see the module docstring)."""
    matches = _labels(text)
    counts = Counter(_speaker_key(m.group("label")) for m in matches)
    dialogue = sum(key.isupper() for key in counts) >= 2
    turns = []
    for number, match in enumerate(matches):
        label = match.group("label")
        role = TURN_LABELS.get(label.lower().rstrip("."))
        start = match.start("label")
        affiliated = bool(match.group("affiliation"))
        if label.split()[-1].lower() in LABEL_SMALL_WORDS:
            continue
        person = _person(doc, start, match.end("label"), affiliated)
        if role is None and not _speaker(label, person, counts[_speaker_key(label)], _opens_paragraph(text, start),
                                         dialogue):
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
