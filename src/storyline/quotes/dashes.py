"""Dash speech: the convention of Ukrainian, Russian, Polish and other European copy (and of its machine
translations) that opens direct speech with a dash and closes it with another before the attribution:

    - We do not accept the war - he emphasized.
    — We will not give up a single centimetre of our land, — emphasized Kuleba.

The words run from the opening dash (at the start of a paragraph or after a sentence's end) to the dash before the
attribution; the attribution is a short clause, up to its full stop, that holds a verb of saying and who said it
and starts in lower case ("he emphasized", "emphasized Kuleba", "the minister said"). Words that end in a full
stop before the dash, or a capitalised clause after it, are a list of items ("- The talks ended. - Russia said
..."), not speech.
The parser often misreads such lines ("emphasized Kuleba" as an adjective and its noun), so the speaker is taken
from the attribution's words by position: a person's name, else a pronoun, else the last noun. These are direct
quotes: the dashes mark the speaker's own words as quotation marks would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.quotes.cues import is_reporting, negated

MAX_ATTRIBUTION_WORDS = 8  # longer clauses after a dash are the writer's own sentence, not an attribution
MIN_WORDS = 3
MAX_WORDS_CHARS = 400  # the words of one dash line; longer runs are a misread list or a paragraph of prose
# A line "- words - he said": the dash is the first thing matched and what stands before it (a line start, a sentence
# end) is checked after it, so the regex engine skips straight to the next dash instead of trying every position.
DASH_SPEECH = re.compile(
    r"[-–—](?:(?<=^.)|(?<=\n.)|(?<=[.!?…] .))[ \t]*(?P<words>\w[^\n]{0," + str(MAX_WORDS_CHARS) + r"}?[^.\s])"
    r"[,!?…]?[ \t]+[-–—][ \t]+(?P<attribution>[a-z][^\n.!?\"“”«»-]{1,99})[.!?]?(?=\s|$)")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DashSpeech:
    """Words `start:end`, the verb of saying `cue` and the head of who said them `speaker` (None when unclear)."""

    start: int
    end: int
    cue: Token
    speaker: Token | None


def _speaker(tokens: list[Token], cue: Token) -> Token | None:
    others = [t for t in tokens if t.i != cue.i]
    names = [t for t in others if t.ent_type_ == "PERSON"]
    if names:
        return names[-1]
    pronouns = [t for t in others if t.pos_ == "PRON"]
    if pronouns:
        return pronouns[0]
    nouns = [t for t in others if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1] if nouns else None


def find_dash_speech(doc: Doc, text: str) -> list[DashSpeech]:
    """Every dash-speech line of `doc` (whose text is `text`) whose attribution has a verb of saying."""
    found = []
    for match in DASH_SPEECH.finditer(text):
        attribution = match.group("attribution")
        if len(WORD.findall(attribution)) > MAX_ATTRIBUTION_WORDS:
            continue
        words_start, words_end = match.span("words")
        if len(WORD.findall(text[words_start:words_end])) < MIN_WORDS:
            continue
        span = doc.char_span(*match.span("attribution"), alignment_mode="expand")
        tokens = list(span) if span is not None else []
        cue = next((t for t in tokens if is_reporting(t) and not negated(t)), None)
        if cue is None:
            continue
        found.append(DashSpeech(words_start, words_end, cue, _speaker(tokens, cue)))
    return found
