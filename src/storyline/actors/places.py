"""Places and metonymy: which place a name stands for, and whether it is used as a place or as a party.

`context_countries` counts the countries a document names; `resolution.choose_place` picks, among a name's
gazetteer candidates, the likeliest one given that context and the document's other places; `resolve_places`
sets kind, place, country and usage of every non-person draft. A capital or seat of government used as an
agent ("Moscow said", "the Kremlin accused") stands for that country's government (`gov:XX`), while "in Moscow"
stays the city; demonyms ("Russian") link to their country. `glued_mentions` resolves the names split out of
glued tokens the same way.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from storyline import lexicon_files
from storyline.actors import names
from storyline.actors.containment import approximate_key, approximate_places
from storyline.actors.gazetteer import SUPRANATIONAL, Gazetteer, Place
from storyline.actors.mentions import LABEL_KINDS, Draft, Parsed
from storyline.actors.resolution import anchors_for, choose_place, contained_place, document_anchors
from storyline.model import ActorMention

# Nouns for a government that a place or demonym modifies ("the Kiev government", "Russian authorities").
PLACE_NOUNS = lexicon_files.words("actors/place_nouns")  # "the Kherson region": the name before is a place
GOVERNMENT_NOUNS = frozenset({"government", "administration", "authorities", "regime", "leadership", "cabinet"})
# Verbs of telling and asking whose object is a party, not a place ("warned Moscow"). General English.
ADDRESS_VERBS = frozenset({"tell", "warn", "urge", "ask", "accuse", "call", "inform", "assure", "reassure", "blame",
                           "criticize", "criticise", "pressure", "press", "persuade", "invite", "notify", "thank",
                           "condemn", "sanction", "threaten", "support", "back", "recognize", "recognise"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "within", "throughout", "across", "around",
                            "into", "onto", "via", "through", "from", "to", "toward", "towards", "between",
                            "over", "beyond", "along", "off", "past"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "poss"})


def _governing(token: Token) -> Token:
    """The token whose relation to the sentence decides usage: conjuncts share their first conjunct's role."""
    seen = 0
    while token.dep_ == "conj" and token.head.i != token.i and seen < 10:
        token = token.head
        seen += 1
    return token


def _modifies_government(root: Token) -> bool:
    head = root.head
    return root.dep_ in {"compound", "amod", "nmod", "npadvmod"} and head.lemma_.lower() in GOVERNMENT_NOUNS


def _is_agent(root: Token) -> bool:
    """Whether a place name acts or is addressed as a party: subject, possessor, by-agent, object of telling."""
    token = _governing(root)
    if token.dep_ in SUBJECT_DEPS:
        return True
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    if token.dep_ in {"dative", "iobj"}:
        return True  # a recipient is a party
    if token.dep_ == "dobj" and token.head.lemma_.lower() in ADDRESS_VERBS:
        return True
    return token.dep_ == "compound" and token.head.dep_ in SUBJECT_DEPS and token.head.pos_ == "PROPN"


def _is_locative(root: Token) -> bool:
    token = _governing(root)
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS


def context_countries(drafts: list[Draft], gaz: Gazetteer) -> dict[str, int]:
    """How often each country is named in the document (names, demonyms, unambiguous places)."""
    counts: dict[str, int] = {}
    for draft in drafts:
        text = draft.name
        code = gaz.country(text)
        if code is None and draft.label in {"GPE", "LOC", "FAC"}:
            found = [p for p in gaz.places(text) if p.kind not in SUPRANATIONAL]
            if len({p.country for p in found}) == 1:
                code = found[0].country
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


def resolve_places(drafts: list[Draft], parsed: Parsed, gaz: Gazetteer, context: dict[str, int]) -> None:
    """Set kind, place, country and usage of every non-person draft, and of a one-word "person" the document
    itself places (`_places_taken_for_people`)."""
    located = [names.clean_name(parsed.span_text(d.start, d.end)) for d in drafts if d.label in {"GPE", "LOC", "FAC"}]
    anchors = document_anchors(located, gaz, context)
    seen: dict[tuple[str, bool], tuple[Place | None, str | None]] = {}  # a name says the same each time
    for draft in drafts:
        draft.kind = LABEL_KINDS.get(draft.label, "other")
        if draft.label == "PERSON":
            continue
        text = names.clean_name(parsed.span_text(draft.start, draft.end))
        seat = gaz.seat(text)
        if seat:
            draft.kind, draft.place, draft.country, draft.usage = "organization", f"gov:{seat}", seat, "government"
            continue
        code = gaz.country(text)
        if code and (draft.label in {"GPE", "NORP", "LOC"} or names.fold(text) in gaz.country_names):
            draft.country = code
            root = parsed[draft.start:draft.end].root
            if _modifies_government(root):
                draft.kind, draft.place, draft.usage = "organization", f"gov:{code}", "government"
            else:
                demonym = gaz.is_demonym(text) and not gaz.country_names.get(text.lower())
                draft.kind, draft.place = "location", f"country:{code}"
                draft.usage = "demonym" if demonym else ("agent" if _is_agent(root) else "place")
            continue
        region = _region_of_adjective(text, gaz) if draft.label == "NORP" else None
        if region is not None:  # "European leaders", "Latin Americans": the continent or region
            draft.kind, draft.place, draft.usage = "location", region.key, "demonym"
            continue
        if draft.label in {"GPE", "LOC", "FAC"}:
            _resolve_location(draft, parsed[draft.start:draft.end], text, gaz, context, anchors, seen)
        elif draft.label == "ORG" and len(text.split()) > 1:
            words = text.split()
            draft.country = gaz.country(words[0]) or gaz.country(" ".join(words[:-1]))  # "Russian Foreign Ministry"
            if draft.country and words[-1].lower() in GOVERNMENT_NOUNS and gaz.country(" ".join(words[:-1])):
                draft.kind, draft.place, draft.usage = "organization", f"gov:{draft.country}", "government"
    _places_taken_for_people(drafts, parsed, gaz, context, anchors, seen)
    _place_unlisted(drafts, parsed, gaz)


LOCATION_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _region_of_adjective(text: str, gaz: Gazetteer) -> Place | None:
    """The one continent or world region a group word is the adjective of ("European", "Europeans", "Latin
    American"), else None."""
    key = names.fold(text)
    found = gaz.continent_adjectives.get(key) or gaz.continent_adjectives.get(key.removesuffix("s")) or []
    return found[0] if len(found) == 1 else None


def _listed_place(key: str | None, gaz: Gazetteer) -> Place | None:
    """The gazetteer place a resolved key stands at: a government ("Helsinki's", "the Kremlin") at its capital."""
    if key is None:
        return None
    return gaz.capital(key[4:]) if key.startswith("gov:") else gaz.by_key.get(key)


def _place_unlisted(drafts: list[Draft], parsed: Parsed, gaz: Gazetteer) -> None:
    """A location the gazetteer does not list (a street, a building, a venue) takes the town, county or state the
    text puts it in ("Colfax Avenue in Denver": `containment.approximate_places`), kept under an approximate key
    ("within:city:5419384") with that place's country; without local evidence it keeps no place."""
    located = [d for d in drafts if d.label in LOCATION_LABELS and not d.drop]
    listed = [_listed_place(d.place, gaz) for d in located]
    spans = [(d.char_start, d.char_start + len(d.text)) for d in located]
    for draft, within in zip(located, approximate_places(parsed.text, spans, listed), strict=True):
        if within is not None and draft.place is None:
            draft.kind, draft.place, draft.country, draft.usage = "location", approximate_key(within), \
                within.country or None, "place"


def _places_taken_for_people(drafts: list[Draft], parsed: Parsed, gaz: Gazetteer, context: dict[str, int],
                             anchors: dict[str, Place],
                             seen: dict[tuple[str, bool], tuple[Place | None, str | None]]) -> None:
    """A one-word name the recogniser took for a person is the place it names when the document places it: a place
    noun right after it ("the Kherson region"), a place it is coordinated with ("Zaporizhzhia and Kherson"), or the
    same name placed elsewhere in the document. Not when the document names a person with that word in their name
    ("Jack London", then "London")."""
    people = [parsed.span_text(d.start, d.end).split() for d in drafts if d.label == "PERSON"]
    in_names = {word for words in people if len(words) > 1 for word in words}
    for _ in range(2):  # a name placed later in the document places its earlier mentions too
        located = {d.start for d in drafts if d.kind == "location"}
        placed = {text for (text, _minor), (place, _country) in seen.items() if place is not None}
        for draft in drafts:
            if draft.label != "PERSON" or draft.end - draft.start != 1:
                continue
            text = names.clean_name(parsed.span_text(draft.start, draft.end))
            if text in in_names or not gaz.places(text):
                continue
            token = parsed[draft.start]
            following = parsed[draft.end].lower_ if draft.end < len(parsed) else ""
            coordinated = {t.i for t in (token.head, *token.conjuncts) if t.i != token.i}
            if text in placed or following in PLACE_NOUNS or coordinated & located:
                draft.label, draft.kind = "GPE", "location"
                _resolve_location(draft, parsed[draft.start:draft.end], text, gaz, context, anchors, seen)


def _where(text: str, minor: bool, gaz: Gazetteer, context: dict[str, int], anchors: dict[str, Place],
           seen: dict[tuple[str, bool], tuple[Place | None, str | None]]) -> tuple[Place | None, str | None]:
    """The place a location name resolves to, else the country of the place it is named after ("Dulles
    International Airport"), else of a word of it that names a country ("Ukrainian Black Sea": the sea is no one
    country's); each distinct name once per document (`seen`)."""
    key = (text, minor)
    if key not in seen:
        near = anchors_for(text, anchors)
        place = choose_place(text, gaz, context, near, minor=minor)
        named_after = None if place else contained_place(text, gaz, context, near)
        country = named_after.country if named_after else None
        if place is None and not country:
            country = next((code for word in text.split() if word[:1].isupper() and (code := gaz.country(word))), None)
        seen[key] = (place, country or None)
    return seen[key]


def _resolve_location(draft: Draft, span: Span, text: str, gaz: Gazetteer, context: dict[str, int],
                      anchors: dict[str, Place], seen: dict[tuple[str, bool], tuple[Place | None, str | None]]) -> None:
    place, country = _where(text, draft.label != "LOC", gaz, context, anchors, seen)  # LOC: seas, regions, not towns
    if place is None:
        draft.country = country
        draft.usage = "place"
        return
    draft.country = place.country or None
    capital = place.kind == "city" and gaz.is_capital(place)
    if capital and (_modifies_government(span.root) or (_is_agent(span.root) and not _is_locative(span.root))):
        draft.kind, draft.place, draft.usage = "organization", f"gov:{place.country}", "agent"
        return
    draft.kind, draft.place, draft.usage = "location", place.key, "place"


def glued_mentions(text: str, glued: list[tuple[int, int, str]], gaz: Gazetteer, context: dict[str, int],
                   chains: dict[str, int], next_chain: int) -> list[ActorMention]:
    """Mentions of the names split out of glued tokens (character spans of `text`), resolved like any other
    place; each joins the chain of its place key or name in `chains` (extended in place for new keys)."""
    out = []
    for start, end, label in glued:
        name = text[start:end]
        code = gaz.country(name)
        seat = gaz.seat(name)
        place = f"gov:{seat}" if seat else (f"country:{code}" if code else None)
        if place is None and label in {"GPE", "LOC", "FAC"}:
            found = choose_place(name, gaz, context)
            place = found.key if found else None
            code = found.country if found else None
        kind = "organization" if seat else ("location" if place else LABEL_KINDS.get(label, "other"))
        usage = "demonym" if code and gaz.is_demonym(name) else "place"
        key = place or f"{kind}|{name.lower()}"
        if key not in chains:
            chains[key] = next_chain
            next_chain += 1
        out.append(ActorMention(start, end, name, kind, label, chains[key], name, usage, place, seat or code, True))
    return out
