"""Mentions drafted from spaCy's entities, and repaired where machine translation glued or padded them.

`drafts_from_entities(parsed, gaz)` turns every entity of an actor-like label into a `Draft` (a token span with
what is known about it so far), cutting padding words out of names ("Biden Already" -> "Biden"), splitting names
that the translation glued together ("RussiaOn" -> "Russia", returned apart as character spans) and joining first
names that the recogniser cut off ("Volodymyr" + "Zelensky"). `extend_long_names` joins an organisation's long
name back to its "in Europe"; `to_mention` turns a finished draft into the `ActorMention` the stage returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from storyline.actors import names
from storyline.actors.gazetteer import Gazetteer
from storyline.model import ActorMention
from storyline.parsed import entities

LABEL_KINDS = {
    "PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "group", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}
SPLIT_KEEP = frozenset({"of", "for", "and", "de", "la", "le", "von", "van", "der", "du", "del", "da", "di"})
# Where words were glued together: "RussiaOn", "OSCE)-including", and a date glued to the name after it when line
# breaks were lost ("May 25Griner's wife").
GLUED = re.compile(r"[a-z][A-Z]|[A-Za-z][()\[\]—–][A-Za-z-]|[A-Z]{2}[)\]]|[0-9][A-Z][a-z]")


@dataclass
class Draft:
    """A mention while the document is being read: token span plus what is known so far."""

    start: int  # token indices into the Doc
    end: int
    label: str
    repaired: bool = False
    kind: str = ""
    usage: str = "name"
    place: str | None = None
    country: str | None = None
    chain: int = -1
    drop: bool = False
    text: str = ""  # the span's text, set once the span is final
    name: str = ""  # the text without "the" or "'s"
    char_start: int = 0


class Parsed:
    """A parsed Doc whose `text`, `ents` and tokens are computed once (spaCy rebuilds the first two on every access
    and makes a new Token object on every `doc[i]`; the actors package reads tokens by index thousands of times
    per document)."""

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        """`text` is the text `doc` was parsed from, when the caller has it (else it is joined from the tokens, as
        `doc.text` would be; a text of another length than the tokens' is not taken)."""
        self.doc = doc
        self.tokens = list(doc)
        end = self.tokens[-1].idx + len(self.tokens[-1].text_with_ws) if self.tokens else 0
        if text is None or len(text) != end:
            text = "".join(token.text_with_ws for token in self.tokens)  # what doc.text joins, from the same tokens
        self.text = text
        self.ents = entities(doc)
        self.ent_of = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}  # token index -> entity
        self.people = {i for i, ent in self.ent_of.items() if ent.label_ == "PERSON"}

    @cached_property
    def sentence_starts(self) -> list[int]:
        """The index of the first token of each token's sentence, read in one pass over the sentences
        (`token.sent` builds a Span and searches for its bounds at every call)."""
        starts = [0] * len(self.tokens)
        for sent in self.doc.sents:
            starts[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
        return starts

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens start:end, as `Span.text` reads it (the last token's trailing space left out), sliced
        from the document's text instead of built from new Token objects."""
        if start >= end:
            return ""
        last = self.tokens[end - 1]
        return self.text[self.tokens[start].idx:last.idx + len(last)]

    def __getitem__(self, index: int | slice) -> Token | Span:
        return self.doc[index] if isinstance(index, slice) else self.tokens[index]

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)


def _glued_parts(token: Token, known: set[str], gaz: Gazetteer) -> list[tuple[int, int]] | None:
    """Character spans (within the token) of names glued together by machine translation: "RussiaOn",
    "UkraineRussian", "OSCE)-including". None when the token is not glued or its first part is no known name
    (so McDonald or YouTube stay whole)."""
    text = token.text
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", text)]
    if len(pieces) < 2 or not GLUED.search(text):
        return None
    while pieces and text[pieces[0][0]:pieces[0][1]].isdigit():
        pieces = pieces[1:]  # "25Griner": the day of a date, not a name
    if not pieces:
        return None

    def good(piece: str) -> bool:
        if len(piece) < 2 or piece.lower() in STOP_WORDS:
            return False
        return piece.lower() in known or gaz.is_known(piece) or names.is_acronym(piece)

    first = text[pieces[0][0]:pieces[0][1]]
    if not good(first) or (len(first) < 3 and not names.is_acronym(first)):
        return None
    return [(a, b) for a, b in pieces if good(text[a:b]) and text[a:b][:1].isupper()]


def _is_padding(token: Token) -> bool:
    """A capitalised function word or adverb that machine translation left inside a name ("Biden Already")."""
    if token.lower_ in SPLIT_KEEP:
        return False
    if token.is_punct and token.text in {"(", ")", "[", "]", "—", "–", '"', "“", "”"}:
        return True
    if token.text == "-" and token.whitespace_ and token.i > 0 and token.doc[token.i - 1].whitespace_:
        return True  # a spaced hyphen is a dash ("BRUSSELS - European Union"), not part of a name ("Ostrava-Nord")
    if not token.text[:1].isupper() or (token.text.isupper() and len(token.text) > 1):
        return False  # lowercase words and acronyms ("US") are not padding
    return token.is_stop or token.pos_ in {"ADV", "AUX", "PRON", "DET", "CCONJ", "SCONJ", "PART"}


PERSON_JOINERS = frozenset({"and", "&", "or"})  # words that join two people the recogniser took for one


def _segments(ent: Span) -> list[tuple[int, int]]:
    """Token runs of an entity once padding words and punctuation inside or around it are cut out; a glued
    token ("OSCE)-including") is a run of its own, a run does not start with "the", and a person entity joined by
    "and" is two people (an organisation's "and" stays: "Procter and Gamble")."""
    runs: list[tuple[int, int]] = []
    start = None
    for token in ent:
        if GLUED.search(token.text):
            if start is not None:
                runs.append((start, token.i))
            runs.append((token.i, token.i + 1))
            start = None
            continue
        bad = (_is_padding(token) or (start is None and token.lower_ == "the")
               or (ent.label_ == "PERSON" and token.lower_ in PERSON_JOINERS))  # "Henry and Gabrielian": two people
        if bad and start is not None:
            runs.append((start, token.i))
            start = None
        elif not bad and start is None:
            start = token.i
    if start is not None:
        runs.append((start, ent.end))
    trimmed = []
    for a, b in runs:
        while b - a > 1 and ent.doc[b - 1].text.isalpha() and ent.doc[b - 1].is_lower \
                and ent.doc[b - 1].lower_ not in SPLIT_KEEP:
            b -= 1  # names do not end in a lowercase word ("Morozin said")
        trimmed.append((a, b))
    return trimmed


def drafts_from_entities(parsed: Parsed, gaz: Gazetteer) -> tuple[list[Draft], list[tuple[int, int, str]]]:
    """Entity spans, repaired. Glued names become character spans (returned apart, as (start, end, label))."""
    known = {parsed.tokens[e.start].text.lower() for e in parsed.ents if e.end - e.start == 1}
    known |= {parsed.tokens[e.end - 1].text.lower() for e in parsed.ents if e.label_ == "PERSON"}  # surnames
    drafts: list[Draft] = []
    glued: list[tuple[int, int, str]] = []
    for ent in parsed.ents:
        if ent.label_ not in LABEL_KINDS:
            continue
        runs = _segments(ent)
        for a, b in runs:
            if b - a == 1:
                parts = _glued_parts(parsed[a], known, gaz)
                if parts is not None:
                    base = parsed[a].idx
                    glued.extend((base + x, base + y, _label_of(parsed.text[base + x:base + y], gaz, ent.label_))
                                 for x, y in parts)
                    continue
            if b - a == 1 and GLUED.search(parsed[a].text):
                continue  # glued, but no known name in it
            repaired = len(runs) > 1 or ((a, b) != (ent.start, ent.end) and parsed[ent.start].lower_ != "the")
            label = ent.label_ if not repaired else _label_of(parsed.span_text(a, b), gaz, ent.label_)
            drafts.append(Draft(a, b, label, repaired=repaired))
    return _merge_split_names(parsed, drafts), glued


def _label_of(text: str, gaz: Gazetteer, fallback: str) -> str:
    """The label of a repaired piece of an entity: what the gazetteer knows it as, else its entity's label (a
    piece of a PERSON stays a person unless it names a country)."""
    if fallback == "PERSON" and not gaz.country(text):
        return "PERSON"
    if names.is_acronym(text) and not gaz.country(text):
        return "ORG"
    if gaz.is_demonym(text) and not gaz.country_names.get(text.lower()):
        return "NORP"
    if gaz.country(text) or gaz.is_major_place(text):
        return "GPE"
    if names.is_acronym(text):
        return "ORG"
    return fallback


def _merge_split_names(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """Join a one-word entity to the name it begins when the parse makes it part of that name: "Volodymyr" (GPE)
    + "Zelensky" (PERSON), or "Volodymyr" (GPE) + "Zelenskyy" (untagged, but a surname of a person named in the
    document)."""
    surnames = {names.fold(e[-1].text) for e in parsed.ents if e.label_ == "PERSON"}
    tagged = {i for d in drafts for i in range(d.start, d.end)}
    out: list[Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if (prev and draft.label == "PERSON" and prev.end == draft.start and prev.end - prev.start == 1
                and _name_word(parsed[prev.start]) and parsed[prev.start].head.i in range(draft.start, draft.end)):
            out[-1] = Draft(prev.start, draft.end, "PERSON", repaired=True)
            continue
        out.append(draft)
        if draft.end - draft.start == 1 and draft.end < len(parsed) and draft.end not in tagged:
            nxt = parsed[draft.end]
            if (_name_word(parsed[draft.start]) and parsed[draft.start].head.i == nxt.i and nxt.pos_ == "PROPN"
                    and names.fold(nxt.text) in surnames):
                out[-1] = Draft(draft.start, draft.end + 1, "PERSON", repaired=True)
    return out


def _name_word(token: Token) -> bool:
    return token.dep_ == "compound" and token.pos_ == "PROPN" and token.text[:1].isupper() and token.text.isalpha()


def extend_long_names(parsed: Parsed, drafts: list[Draft]) -> list[Draft]:
    """An organisation's long name that the recogniser cut before "in/of" + a place ("Organization for Security
    and Cooperation" + "in Europe") is joined back when the long name already has a connector word."""
    out: list[Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if (prev and prev.label == "ORG" and draft.label in {"LOC", "GPE"} and draft.start == prev.end + 1
                and parsed[prev.end].lower_ in {"in", "of"}
                and any(t.lower_ in {"for", "and", "of"} for t in parsed[prev.start:prev.end])):
            out[-1] = Draft(prev.start, draft.end, "ORG", repaired=True)
            continue
        out.append(draft)
    return out


def settle_text(parsed: Parsed, drafts: list[Draft]) -> None:
    """Set each final draft's character start, text and clean name (read once: later steps compare names)."""
    for draft in drafts:
        start, last = parsed[draft.start], parsed[draft.end - 1]
        draft.char_start = start.idx
        draft.text = parsed.text[start.idx:last.idx + len(last.text)]
        draft.name = names.clean_name(draft.text)


def to_mention(parsed: Parsed, draft: Draft) -> ActorMention | None:
    """The mention a finished draft stands for, narrowed to its clean name; None when no name is left."""
    start, text, name = draft.char_start, draft.text, draft.name
    end = start + len(text)
    if not any(ch.isupper() for ch in name):
        return None  # no capital letter, no name: "#", "von", a lowercase word the recogniser took

    offset = text.find(name)
    if offset >= 0:
        start, end = start + offset, start + offset + len(name)
    return ActorMention(start, end, parsed.text[start:end], draft.kind, draft.label, draft.chain, name, draft.usage,
                        draft.place, draft.country, draft.repaired)
