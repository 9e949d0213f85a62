"""Whose a quantity is and what it counts: "130,000 Russian troops" are Russia's, "killed 14,000 people" counts
the dead. Read off the parse of one document, so that the claims step can put every report of one counted thing
into one thread ("Russian troops near Ukraine: estimates by source and date") without the parse.

The holder is the country the counted thing belongs to, as an ISO alpha-2 code, found in this order (the first
that names a country wins):

1. the noun's own modifiers: a demonym or country name before it ("Russian troops", "U.S. troops") or its
   possessor ("Ukraine's soldiers");
2. "of" after it ("troops of Russia");
3. the subject of the verb the noun is the object of ("Russia has amassed 100,000 troops"; through a relative
   clause, "Russia, which has amassed ...", to the word the clause hangs on), or the agent of a passive ("deployed
   by Russia");
4. the nearest country named earlier in the same sentence ("increase Ukraine's armed forces by 100,000 troops").

A seat of government stands for its country ("the Kremlin"). The measure is what the counting word says happened
to what was counted (lexicons/claims/measure_words.tsv: killed, wounded, displaced, mobilised ...), read from the
verb that governs the noun, a participle or adjective on it, or the noun after "of"; a plain count has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.actors.gazetteer import Gazetteer, load_gazetteer
from storyline.claims.quantities import Quantity, find_quantities
from storyline.lexicon_files import table
from storyline.parsed import entities

MEASURE_WORDS = table("claims/measure_words")
THREAD_UNITS = table("claims/thread_units")
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "appos", "conj"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
PLACE_ENTITIES = frozenset({"GPE", "NORP", "ORG", "FAC", "LOC"})


@dataclass(frozen=True)
class CountedQuantity:
    """A quantity with whose it is (alpha-2 country code or None) and what it counts (a measure or None)."""

    quantity: Quantity
    holder: str | None
    measure: str | None


def thread_unit(unit: str | None) -> str | None:
    """The unit a quantity thread is named by: "soldier" and "troop" are both "troops"."""
    return THREAD_UNITS.get(unit, unit) if unit else None


def counted_quantities(doc: Doc, gazetteer: Gazetteer | None = None) -> list[CountedQuantity]:
    """Every quantity of `doc` (storyline.claims.quantities) with its holder and measure."""
    places = _Places.of(doc, gazetteer or load_gazetteer())
    found = []
    for quantity in find_quantities(doc):
        span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if span is None:
            found.append(CountedQuantity(quantity, None, None))
            continue
        noun = _counted_noun(span)
        found.append(CountedQuantity(quantity, _holder(noun, span, places), _measure(noun)))
    return found


@dataclass(frozen=True)
class _Places:
    """What tells which country a word names in one document: the gazetteer, and the entity each entity token is part
    of. The entities are indexed once per document because `Doc.ents` builds every entity Span anew on each read."""

    gazetteer: Gazetteer
    entities: dict[int, Span]  # token index -> the entity that token is part of

    @classmethod
    def of(cls, doc: Doc, gazetteer: Gazetteer) -> _Places:
        """The index of `doc`'s entities, with the gazetteer."""
        return cls(gazetteer, {i: entity for entity in entities(doc) for i in range(entity.start, entity.end)})


def _counted_noun(span: Span) -> Token:
    """The noun the quantity counts: the span's root, or the noun after "of" ("tens of thousands of soldiers")."""
    noun = span.root
    while True:
        after_of = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < span.end]
        objects = [g for p in after_of for g in p.children if g.dep_ == "pobj" and g.i < span.end]
        if not objects:
            return noun
        noun = objects[-1]


def _country(token: Token, places: _Places) -> str | None:
    """The country a word names (or the entity it is part of: "United States", "the Kremlin")."""
    texts = [token.text]
    if token.ent_type_ in PLACE_ENTITIES:
        entity = places.entities.get(token.i)
        if entity is not None:
            texts.insert(0, entity.text)
    for text in texts:
        code = places.gazetteer.country(text) or places.gazetteer.seat(text)
        if code:
            return code
    return None


def _subtree_country(token: Token, places: _Places) -> str | None:
    """A country named by `token` or by the modifiers of the noun phrase it heads ("the Russian army")."""
    for word in [token, *(c for c in token.children if c.dep_ in MODIFIER_DEPS)]:
        code = _country(word, places)
        if code:
            return code
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object (or passive subject) the noun is, climbing through prepositions ("by 100,000")."""
    node = noun
    for _ in range(4):
        if node.dep_ in OBJECT_DEPS | {"pobj", "prep", "npadvmod", "nummod"} and node.head is not node:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node
        else:
            return None
    return None


def _holder(noun: Token, span: Span, places: _Places) -> str | None:
    for child in noun.children:
        if child.dep_ in MODIFIER_DEPS:
            code = _country(child, places)
            if code:
                return code
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            code = _subtree_country(obj, places)
            if code:
                return code
    verb = _governing_verb(noun)
    if verb is not None:
        code = _verb_subject_country(verb, places)
        if code:
            return code
    return _nearest_country_before(span, places)


def _verb_subject_country(verb: Token, places: _Places) -> str | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _subtree_country(verb.head, places)
            return _subtree_country(child, places)
        if child.dep_ == "agent":
            for obj in (g for g in child.children if g.dep_ == "pobj"):
                return _subtree_country(obj, places)
    return None


def _nearest_country_before(span: Span, places: _Places) -> str | None:
    sentence = span.sent
    for token in reversed(span.doc[sentence.start:span.start]):
        if token.ent_type_ in PLACE_ENTITIES or token.pos_ == "PROPN" or token.lower_ in ("u.s.", "us"):
            code = _country(token, places)
            if code:
                return code
    return None


def _measure(noun: Token) -> str | None:
    """What happened to what was counted, from the verb governing the noun or a word qualifying it."""
    candidates = [c for c in noun.children if c.dep_ in ("amod", "acl", "relcl", "appos")]
    head = noun.head
    if noun.dep_ in OBJECT_DEPS | SUBJECT_DEPS | {"pobj"} and head is not noun:
        candidates.append(head.head if head.dep_ == "prep" else head)
    if noun.lemma_.lower() in MEASURE_WORDS:
        candidates.insert(0, noun)
    for word in candidates:
        lemma = word.lemma_.lower()
        if lemma in MEASURE_WORDS and not (lemma == "call" and not _has_particle(word, "up")):
            return MEASURE_WORDS[lemma]
    return None


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children)
