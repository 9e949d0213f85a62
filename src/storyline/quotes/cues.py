"""Cues: the verbs (and the phrase "according to") that attribute words to a speaker, read off the parse."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LOWER, POS, TAG
from spacy.tokens import Doc, Token

from storyline.quotes.lexicon import (
    ACCORDANCE_NOUNS,
    CONTENT_DEPS,
    CONTENT_PREPOSITIONS,
    PHRASAL_PARTICLES,
    QUOTING_VERBS,
    REPORTING_VERBS,
    TEXT_NOUNS,
    TEXT_VERBS,
)

MAX_CLIMB = 14  # dependency steps from quoted words up to their cue


def _phrasal(token: Token) -> bool:
    particle = PHRASAL_PARTICLES.get(token.lemma_.lower())
    return particle is not None and any(c.lower_ == particle for c in token.children)


def _text_subject(token: Token) -> bool:
    """A text is what reads: its subject ("the statement reads"), or the text a participle describes ("posted a
    message reading ...")."""
    if token.dep_ == "acl" and token.head.lemma_.lower() in TEXT_NOUNS:
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in TEXT_NOUNS for c in token.children)


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def verbs(doc: Doc) -> list[Token]:
    """The tokens of `doc` that `is_verb` takes, in reading order, found on the Doc's arrays of parts of speech and
    tags (a Python loop over the Doc would make a Token object for every word to ask)."""
    pos, tags = doc.to_array(POS), doc.to_array(TAG)
    strings = doc.vocab.strings
    verb_tags = [tag for tag in set(tags.tolist()) if strings[tag].startswith("VB")]
    found = np.flatnonzero(np.isin(pos, [strings["VERB"], strings["AUX"]]) | np.isin(tags, verb_tags))
    return [doc[int(i)] for i in found]


def is_reporting(token: Token) -> bool:
    """A verb that can report speech as a clause ("said that ...", "..., he added")."""
    if not is_verb(token) or (token.dep_ == "acl" and token.tag_ == "VBN"):
        return False  # "two sources briefed on the talks": a participle describing, not a cue
    lemma = token.lemma_.lower()
    return lemma in REPORTING_VERBS or _phrasal(token) or (lemma in TEXT_VERBS and _text_subject(token))


def is_quoting(token: Token) -> bool:
    """A verb that can attribute quoted words, clause or not ("called it 'X'", "accused him of a 'Y'")."""
    return is_reporting(token) or (is_verb(token) and token.lemma_.lower() in QUOTING_VERBS)


def negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def infinitival(token: Token) -> bool:
    """"to say that ...", "to point out where ...": a saying talked about, not one reported."""
    return token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def content_child(cue: Token, child: Token) -> bool:
    """Whether `child` of `cue` carries what was said (not the speaker, a time, a place or a manner)."""
    if child.dep_ in CONTENT_DEPS:
        return True
    return child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS


def governing_cue(token: Token, inside: set[int]) -> Token | None:
    """The first quoting verb above `token`, outside `inside`, that takes the path from it as content."""
    child, node = token, token.head
    for _ in range(MAX_CLIMB):
        if node.i == child.i:
            return None
        if node.i not in inside and is_quoting(node) and not negated(node):
            return node if content_child(node, child) else None
        child, node = node, node.head
    return None


def tokens_with_lower(doc: Doc, word: str) -> list[Token]:
    """The tokens of `doc` whose lower-case form is `word`, found on the Doc's array of lower-case string ids (one
    C-level pass; iterating the Doc in Python would make a Token object for every word)."""
    key = doc.vocab.strings[word]
    tokens = [doc[int(i)] for i in np.flatnonzero(doc.to_array(LOWER) == key)]
    return [t for t in tokens if t.lower_ == word]  # equal ids are equal strings; checked all the same


def according_to(doc: Doc) -> list[tuple[Token, Token]]:
    """(`according`, the source it names) for every "according to X" in `doc`."""
    found = []
    for token in tokens_with_lower(doc, "according"):
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if source is None and to is not None:
            source = _detached_source(to)
        if source is not None and source.lemma_.lower() not in ACCORDANCE_NOUNS:
            found.append((token, source))
    return found


def _detached_source(to: Token) -> Token | None:
    """"According to the Defense Minister X, ...": the parser hung the source on the main verb. The source is the
    head of the words from "to" to the comma, when they form one noun phrase."""
    doc, sentence = to.doc, to.sent
    end = next((t.i for t in doc[to.i + 1:sentence.end] if t.text == ","), None)
    if end is None or end == to.i + 1:
        return None
    words = range(to.i + 1, end)
    heads = [doc[i] for i in words if doc[i].head.i not in words or doc[i].head.i == i]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN"):
        return None
    return heads[0]
