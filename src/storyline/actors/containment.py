"""An approximate place for a feature no gazetteer lists, from what the text says right beside it.

News names streets, buildings, venues, schools and hospitals that no packaged gazetteer lists ("Colfax Avenue",
"Quillfeather Arena", "University of Westmoor": made-up examples). A reader places such a feature in the town
or division the text names with it: "Colfax Avenue in Denver", "Denver's Colfax Avenue", "Colfax Avenue, Denver",
or a town named in the same sentence. `local_container` does the same, and only on local evidence: a town, county
or state the sentence states it is in ("X in Y", "X, Y", "Y's X"), or, for a name whose head noun is a feature's
(`lexicons/places/facility_heads.txt`), the one named nearest to it in the same sentence, else in the same paragraph
within `PARAGRAPH_REACH` characters. A landmark named in passing in an article about somewhere else keeps no place
(the article's main town is no evidence: it gave the Eiffel Tower and the Statue of Liberty the United Kingdom on
ukraine-media articles). The rules and the reach were chosen on the dev half of GeoWebNews (docs/quality.md).

The answer is approximate: the containing place's point, not the feature's own. The actors stage keeps it under
its own key (`approximate_key`: "within:city:703448"), so the feature stays an actor of its own, never merged with
the town, and its mentions say that the place is approximate.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from storyline import lexicon_files
from storyline.actors.gazetteer import Place

FACILITY_HEADS = lexicon_files.words("places/facility_heads")
CONTAINER_KINDS = frozenset({"city", "county", "state"})  # small enough to stand for what lies in them
APPROXIMATE_PREFIX = "within:"
# A sentence ends at ., ! or ? (a closing quote or bracket may follow) before a space and a capital or quote, or at
# a line break. "St. Louis" ends no sentence here only when the word before the full stop is an abbreviation:
# a one- or two-letter word ("St", "Mt", "N") is taken for one.
# A sentence end: a line break, or a stop not after a one- or two-letter word ("U.S.", "Mr.", "Dr."), closing marks
# and space before a capital or a digit. The stop or line break is the first thing matched and the checks of what
# precedes it come after it, so the regex engine skips straight to the next [.!?\n] instead of trying every position.
SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<![\s.][A-Za-z].)(?<![\s.][A-Za-z]{2}.)[\"'”’)]*\s+"
                          r"(?=[\"“‘'(]?[A-Z0-9]))")
RIGHT_AFTER = re.compile(r"\s*(?:,|\s(?:in|at|near)(?:\s+the)?)\s*", re.IGNORECASE)  # "X in Y", "X, Y"
RIGHT_BEFORE = re.compile(r"['’]s?\s+")  # "Y's X"
POSSESSIVES = frozenset({"'s", "’s"})
# How far from a feature, within its paragraph, a town still counts as the one it lies in (chosen on the dev half
# of GeoWebNews among 300, 600, 1,000, 2,000 characters and no limit: 600 is the smallest that does as well as
# 1,000; a few sentences, not the whole article).
PARAGRAPH_REACH = 600


@dataclass(frozen=True)
class Placed:
    """A mention of the document (characters `start:end`) that resolved to a gazetteer place."""

    start: int
    end: int
    place: Place


def head_noun(name: str) -> str:
    """The word that says what a name names: the word before "of" ("University of X"), else the last word."""
    words = name.lower().split()
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    return words[-1] if words else ""


def is_facility(name: str) -> bool:
    """Whether a name is a street's, a building's or a site's (its head noun is a feature noun)."""
    return head_noun(name) in FACILITY_HEADS


def approximate_key(place: Place) -> str:
    """The key a feature placed in `place` is kept under: its container's, marked approximate."""
    return APPROXIMATE_PREFIX + place.key


def identity_place(key: str | None) -> str | None:
    """The place key that says which actor a mention is (one actor per place), or None when the key says only
    where the feature lies: two features in one town are two actors, and neither is the town."""
    return None if key is None or key.startswith(APPROXIMATE_PREFIX) else key


def container_key(key: str | None) -> str | None:
    """The gazetteer key of the place an approximate key names (None for any other key)."""
    return key[len(APPROXIMATE_PREFIX):] if key and key.startswith(APPROXIMATE_PREFIX) else None


def approximate_places(text: str, spans: Sequence[tuple[int, int]],
                       listed: Sequence[Place | None]) -> list[Place | None]:
    """For each place mention of a document (`spans`, characters of `text`) that the gazetteer does not list
    (`listed`: what each resolved to, None where nothing), the place it lies in by local evidence
    (`local_container`), else None; None for every listed one. The document's listed places are the evidence."""
    placed = [Placed(start, end, place) for (start, end), place in zip(spans, listed, strict=True) if place]
    return [None if place else local_container(text, start, end, placed)
            for (start, end), place in zip(spans, listed, strict=True)]


def local_container(text: str, start: int, end: int, placed: Sequence[Placed]) -> Place | None:
    """The town, county or state a place named at `text[start:end]` lies in, by the text around it (`placed`: the
    document's mentions of listed places), in this order:
    1. one the sentence states: named right after it with "in", "at", "near" or a comma, or right before it with
       "'s" ("X in Y", "X, Y", "Y's X");
    then only for a feature's name (`is_facility`):
    2. the one named nearest to it in the same sentence, else in the same paragraph within `PARAGRAPH_REACH`
       characters.
    Else None. (Taking the town a feature's name is named after, "Kherson Airport", before the nearest one did worse
    on the dev half of GeoWebNews: 0.812 against 0.814 within 161 km.)"""
    near = [p for p in placed if p.place.kind in CONTAINER_KINDS and (p.end <= start or p.start >= end)]
    sentence = _sentence_bounds(text, start, end)
    in_sentence = [p for p in near if sentence[0] <= p.start and p.end <= sentence[1]]
    stated = next((p.place for p in in_sentence if _states_container(text, p, start, end)), None)
    if stated is not None or not is_facility(text[start:end]):
        return stated
    if in_sentence:
        return min(in_sentence, key=lambda p: _gap(p, start, end)).place
    paragraph = _paragraph_bounds(text, start, end)
    in_paragraph = [p for p in near if paragraph[0] <= p.start and p.end <= paragraph[1] and
                    _gap(p, start, end) <= PARAGRAPH_REACH]
    return min(in_paragraph, key=lambda p: _gap(p, start, end)).place if in_paragraph else None


def _states_container(text: str, p: Placed, start: int, end: int) -> bool:
    """Whether the text says the feature at `start:end` lies in the place `p` names: "X in Y", "X, Y", "Y's X" (a
    mention may hold its own "'s"); not "X at Y's Z", where Y's names where Z is."""
    if p.start >= end:
        possessor = text[p.end - 2:p.end] in POSSESSIVES or text[p.end:p.end + 2] in POSSESSIVES
        return not possessor and RIGHT_AFTER.fullmatch(text[end:p.start]) is not None
    gap = text[p.end:start]
    return RIGHT_BEFORE.fullmatch(gap) is not None or (gap.isspace() and text[p.end - 2:p.end] in POSSESSIVES)


def _gap(p: Placed, start: int, end: int) -> int:
    """Characters between a placed mention and `start:end`."""
    return p.start - end if p.start >= end else start - p.end


LOOKAHEAD_REACH = 2  # characters past its end that a SENTENCE_END match reads (an opening quote, then a capital)


@lru_cache(maxsize=4)
def _sentence_ends(text: str) -> list[int]:
    """Where each SENTENCE_END match in `text` ends. One scan per text instead of one per mention, which made the
    actors stage quadratic in the article's length."""
    return [match.end() for match in SENTENCE_END.finditer(text)]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The characters of the sentence that holds `start:end` (see `SENTENCE_END`): it starts after the last sentence
    end that the text before `start` alone shows. The matches that read nothing at or after `start` are the ones a
    scan of `text[:start]` finds too; the few near `start` are scanned again with the text cut there, as before."""
    ends = _sentence_ends(text)
    safe = bisect_right(ends, start - LOOKAHEAD_REACH)  # the matches whose lookahead ends before `start`
    sentence_start = ends[safe - 1] if safe else 0
    for match in SENTENCE_END.finditer(text, sentence_start, start):
        sentence_start = match.end()
    following = SENTENCE_END.search(text, end)
    return sentence_start, following.start() if following else len(text)


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The characters of the paragraph (between line breaks) that holds `start:end`."""
    following = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, following if following >= 0 else len(text)
