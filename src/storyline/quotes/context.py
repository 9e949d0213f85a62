"""When and where words were said: the cue's time expression and the medium it names.

The cue's clause is the cue with its own modifiers, without the quoted or reported words and without the
speaker's phrase ("said on Tuesday in a statement", "Speaking to parliament on February 1, ... said", "told
reporters at a press conference"). A participle that adds words ("..., adding that") shares the clause of the
verb it hangs from. Time expressions are resolved by `storyline.timex` against the document's date.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from storyline.quotes.cues import is_reporting
from storyline.quotes.lexicon import MEDIA, MEDIA_VERBS, TEXT_NOUNS
from storyline.timex import Timex

MEDIUM_DEPS = frozenset({"pobj", "dobj", "compound", "nsubj", "npadvmod", "appos"})
DATE_LABELS = frozenset({"DATE", "TIME"})
DAY_VALUE_LENGTH = 10  # YYYY-MM-DD


@dataclass(frozen=True)
class CueContext:
    date: str | None
    date_start: int | None
    date_end: int | None
    medium: str | None


def clause_tokens(cue: Token, excluded: set[int]) -> list[Token]:
    """The cue's own clause, with the participle's host clause for "..., adding that ...", minus `excluded`."""
    skip = set(excluded)
    for child in cue.children:
        if child.dep_ in ("ccomp", "parataxis") or (child.dep_ in ("advcl", "conj") and is_reporting(child)):
            skip.update(t.i for t in child.subtree)  # what was said, and words a participle adds
    tokens = list(cue.subtree)
    if cue.dep_ in ("advcl", "conj", "xcomp") and not any(c.dep_ == "nsubj" for c in cue.children):
        tokens += [t for c in cue.head.children if c.i != cue.i and c.dep_ in ("prep", "npadvmod", "advcl")
                   and not is_reporting(c) for t in c.subtree]
    first, last = paragraph(cue)
    return sorted((t for t in tokens if t.i not in skip and first <= t.i <= last), key=lambda t: t.i)


PARAGRAPH_ENDS = "storyline_paragraph_ends"


def paragraph_ends(doc: Doc) -> list[int]:
    """Indices of the tokens followed by a line break, found once per Doc and kept in its `user_data`."""
    ends = doc.user_data.get(PARAGRAPH_ENDS)
    if ends is None:
        ends = _with_line_break(doc)
        doc.user_data[PARAGRAPH_ENDS] = ends
    return ends


def _with_line_break(doc: Doc) -> list[int]:
    """Indices of the tokens whose text holds a line break (a token's trailing whitespace is a space or nothing),
    found on the Doc's array of string ids: each distinct word is looked at once, not each token."""
    ids = doc.to_array(ORTH)
    strings = doc.vocab.strings
    breaks = [key for key in set(ids.tolist()) if "\n" in strings[key]]
    return np.flatnonzero(np.isin(ids, breaks)).tolist()


def paragraph(token: Token) -> tuple[int, int]:
    """Token range of the paragraph `token` is in (the parser sometimes runs a sentence across a line break)."""
    ends = paragraph_ends(token.doc)
    at = bisect_left(ends, token.i)
    first = ends[at - 1] + 1 if at > 0 else 0
    last = ends[at] if at < len(ends) else len(token.doc) - 1
    return first, last


def medium_of(tokens: list[Token], cue: Token, speaker: Token | None) -> str | None:
    """The medium named in the cue's clause, the speaking text ("the statement said"), or the cue verb."""
    for token in tokens:
        word = token.lower_ if token.pos_ == "PROPN" else token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN") and word in MEDIA and token.dep_ in MEDIUM_DEPS:
            return MEDIA[word]
    if speaker is not None and speaker.lemma_.lower() in TEXT_NOUNS:
        return MEDIA.get(speaker.lemma_.lower())
    if cue.dep_ == "acl" and cue.head.lemma_.lower() in TEXT_NOUNS:
        return MEDIA.get(cue.head.lemma_.lower())  # "X released a statement saying": the statement is the medium
    return MEDIA_VERBS.get(cue.lemma_.lower()) if cue.lemma_.lower() != "write" else None


def date_of(tokens: list[Token], timexes: list[Timex]) -> tuple[str | None, int | None, int | None]:
    """The value and span of the first time expression in the cue's clause that is a point in time."""
    for token in tokens:
        if token.ent_type_ not in DATE_LABELS:
            continue
        for timex in timexes:
            if timex.start <= token.idx < timex.end and timex.type in ("DATE", "TIME"):
                value = timex.value[:DAY_VALUE_LENGTH] if timex.value[:4].isdigit() else None
                return value, timex.start, timex.end
    return None, None, None


def cue_context(cue: Token, speaker: Token | None, excluded: set[int], timexes: list[Timex]) -> CueContext:
    """Date and medium of the words a cue attributes; `excluded` are the tokens of those words."""
    skip = set(excluded)
    if speaker is not None and speaker.lemma_.lower() not in TEXT_NOUNS:
        skip.update(t.i for t in speaker.subtree)
    tokens = clause_tokens(cue, skip)
    value, start, end = date_of(tokens, timexes)
    return CueContext(value, start, end, medium_of(tokens, cue, speaker))
