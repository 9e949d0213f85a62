"""Actors stage: who is mentioned in one document, as chains of mentions of one actor each, with roles.

`compute(document, parsed)` reads the spaCy Doc (entities and dependency parse) and returns `ActorFindings`:

- mentions of named actors, repaired where machine translation glued or padded them ("RussiaOn" -> "Russia",
  "Biden Already" -> "Biden", "Putin The United States" -> "Putin" + "United States"), each with the chain of
  mentions of one actor in this document it belongs to;
- surname-only and honorific mentions ("Lavrov", "Mr. Biden") join the full name they shorten, and title-only
  mentions ("the secretary of state") join the one person in the document who holds that title;
- roles and affiliations from pre-modifiers ("Russian Foreign Minister Sergei Lavrov") and appositions
  ("Adam Schiff, chairman of the House Intelligence Committee"), each with its span;
- places resolved against the gazetteer with the document's countries as context, and metonymy: a capital or a
  seat of government used as an agent ("Moscow said", "the Kremlin accused") stands for that country's
  government, while "in Moscow" stays the city. Demonyms ("Russian") link to their country.

Pronouns are not actors here; a later stage may resolve them. Every span indexes `document.text`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from storyline import names
from storyline.gazetteer import Gazetteer, Place, load_gazetteer
from storyline.model import ActorFindings, ActorMention, Document, RoleMention

LABEL_KINDS = {
    "PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "group", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LANGUAGE": "other",
}
# Nouns for a government that a place or demonym modifies ("the Kiev government", "Russian authorities").
GOVERNMENT_NOUNS = frozenset({"government", "administration", "authorities", "regime", "leadership", "cabinet"})
# Verbs of telling and asking whose object is a party, not a place ("warned Moscow"). General English.
ADDRESS_VERBS = frozenset({"tell", "warn", "urge", "ask", "accuse", "call", "inform", "assure", "reassure", "blame",
                           "criticize", "criticise", "pressure", "press", "persuade", "invite", "notify", "thank",
                           "condemn", "sanction", "threaten", "support", "back", "recognize", "recognise"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "within", "throughout", "across", "around",
                            "into", "onto", "via", "through", "from", "to", "toward", "towards", "between",
                            "over", "beyond", "along", "off", "past"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "poss"})
SPLIT_KEEP = frozenset({"of", "for", "and", "de", "la", "le", "von", "van", "der", "du", "del", "da", "di"})


@dataclass
class _Draft:
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


class _Parsed:
    """A parsed Doc whose `text` and `ents` are computed once (spaCy rebuilds both on every access)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.ents = tuple(doc.ents)
        self.ent_of = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}  # token index -> entity
        self.people = {i for i, ent in self.ent_of.items() if ent.label_ == "PERSON"}

    def __getitem__(self, index: int | slice) -> Token | Span:
        return self.doc[index]

    def __len__(self) -> int:
        return len(self.doc)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc)


# -- repairing entity spans ---------------------------------------------------------------------------------


def _glued_parts(token: Token, known: set[str], gaz: Gazetteer) -> list[tuple[int, int]] | None:
    """Character spans (within the token) of names glued together by machine translation: "RussiaOn",
    "UkraineRussian", "OSCE)-including". None when the token is not glued or its first part is no known name
    (so McDonald or YouTube stay whole)."""
    text = token.text
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", text)]
    if len(pieces) < 2 or not GLUED.search(text):
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
    if not token.text[:1].isupper() or (token.text.isupper() and len(token.text) > 1):
        return False  # lowercase words and acronyms ("US") are not padding
    return token.is_stop or token.pos_ in {"ADV", "AUX", "PRON", "DET", "CCONJ", "SCONJ", "PART"}


GLUED = re.compile(r"[a-z][A-Z]|[A-Za-z][()\[\]—–][A-Za-z-]|[A-Z]{2}[)\]]")


def _segments(ent: Span) -> list[tuple[int, int]]:
    """Token runs of an entity once padding words and punctuation inside or around it are cut out; a glued
    token ("OSCE)-including") is a run of its own, and a run does not start with "the"."""
    runs: list[tuple[int, int]] = []
    start = None
    for token in ent:
        if GLUED.search(token.text):
            if start is not None:
                runs.append((start, token.i))
            runs.append((token.i, token.i + 1))
            start = None
            continue
        bad = _is_padding(token) or (start is None and token.lower_ == "the")
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


def _drafts_from_entities(parsed: Doc, gaz: Gazetteer) -> tuple[list[_Draft], list[tuple[int, int, str]]]:
    """Entity spans, repaired. Glued names become character spans (returned apart, as (start, end, label))."""
    known = {e.text.lower() for e in parsed.ents if len(e) == 1}
    drafts: list[_Draft] = []
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
            label = ent.label_ if not repaired else _label_of(parsed[a:b].text, gaz, ent.label_)
            drafts.append(_Draft(a, b, label, repaired=repaired))
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
    if gaz.country(text) or gaz.by_name.get(text.lower()):
        return "GPE"
    if names.is_acronym(text):
        return "ORG"
    return fallback


def _merge_split_names(parsed: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Join a one-word entity to the name it begins when the parse makes it part of that name: "Volodymyr" (GPE)
    + "Zelensky" (PERSON), or "Volodymyr" (GPE) + "Zelenskyy" (untagged, but a surname of a person named in the
    document)."""
    surnames = {names.fold(e[-1].text) for e in parsed.ents if e.label_ == "PERSON"}
    tagged = {i for d in drafts for i in range(d.start, d.end)}
    out: list[_Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if (prev and draft.label == "PERSON" and prev.end == draft.start and prev.end - prev.start == 1
                and _name_word(parsed[prev.start]) and parsed[prev.start].head.i in range(draft.start, draft.end)):
            out[-1] = _Draft(prev.start, draft.end, "PERSON", repaired=True)
            continue
        out.append(draft)
        if draft.end - draft.start == 1 and draft.end < len(parsed) and draft.end not in tagged:
            nxt = parsed[draft.end]
            if (_name_word(parsed[draft.start]) and parsed[draft.start].head.i == nxt.i and nxt.pos_ == "PROPN"
                    and names.fold(nxt.text) in surnames):
                out[-1] = _Draft(draft.start, draft.end + 1, "PERSON", repaired=True)
    return out


def _name_word(token: Token) -> bool:
    return token.dep_ == "compound" and token.pos_ == "PROPN" and token.text[:1].isupper() and token.text.isalpha()


# -- usage: place or agent ----------------------------------------------------------------------------------


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


def _context_countries(drafts: list[_Draft], parsed: Doc, gaz: Gazetteer) -> dict[str, int]:
    """How often each country is named in the document (names, demonyms, unambiguous places)."""
    counts: dict[str, int] = {}
    for draft in drafts:
        text = draft.name
        code = gaz.country(text)
        if code is None and draft.label in {"GPE", "LOC", "FAC"}:
            found = [p for p in gaz.places(text) if p.kind != "continent"]
            if len({p.country for p in found}) == 1:
                code = found[0].country
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


def choose_place(name: str, gaz: Gazetteer, context: dict[str, int]) -> Place | None:
    """The most likely place a name stands for, given how often the document names each country.

    Score: size (log population), a bonus for countries and capitals, and for places in or next to the countries
    the document talks about. A single-candidate name resolves to its candidate.
    """
    candidates = gaz.places(name)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    total = sum(context.values()) or 1

    def score(place: Place) -> float:
        value = math.log10(max(place.population, 10))
        value += {"continent": 6.0, "country": 5.0, "state": 1.5, "city": 0.0}[place.kind]
        if place.kind == "city" and gaz.is_capital(place):
            value += 2.5
        share = context.get(place.country, 0) / total
        near = sum(context.get(n, 0) for n in gaz.neighbours.get(place.country, ())) / total
        return value + 2.0 * share + 1.0 * near

    return max(candidates, key=score)


def _resolve_places(drafts: list[_Draft], parsed: Doc, gaz: Gazetteer, context: dict[str, int]) -> None:
    """Set kind, place, country and usage of every non-person draft."""
    for draft in drafts:
        span = parsed[draft.start:draft.end]
        text = names.clean_name(span.text)
        draft.kind = LABEL_KINDS.get(draft.label, "other")
        if draft.label == "PERSON":
            continue
        seat = gaz.seat(text)
        if seat:
            draft.kind, draft.place, draft.country, draft.usage = "organization", f"gov:{seat}", seat, "government"
            continue
        code = gaz.country(text)
        if code and (draft.label in {"GPE", "NORP", "LOC"} or names.fold(text) in gaz.country_names):
            draft.country = code
            if _modifies_government(span.root):
                draft.kind, draft.place, draft.usage = "organization", f"gov:{code}", "government"
            else:
                demonym = gaz.is_demonym(text) and not gaz.country_names.get(text.lower())
                draft.kind, draft.place = "location", f"country:{code}"
                draft.usage = "demonym" if demonym else ("agent" if _is_agent(span.root) else "place")
            continue
        if draft.label in {"GPE", "LOC", "FAC"}:
            _resolve_location(draft, span, text, gaz, context)
        elif draft.label == "ORG" and len(text.split()) > 1:
            words = text.split()
            draft.country = gaz.country(words[0]) or gaz.country(" ".join(words[:-1]))  # "Russian Foreign Ministry"
            if draft.country and words[-1].lower() in GOVERNMENT_NOUNS and gaz.country(" ".join(words[:-1])):
                draft.kind, draft.place, draft.usage = "organization", f"gov:{draft.country}", "government"


def _resolve_location(draft: _Draft, span: Span, text: str, gaz: Gazetteer, context: dict[str, int]) -> None:
    place = choose_place(text, gaz, context)
    if place is None:
        draft.usage = "place"
        return
    draft.country = place.country or None
    capital = place.kind == "city" and gaz.is_capital(place)
    if capital and (_modifies_government(span.root) or (_is_agent(span.root) and not _is_locative(span.root))):
        draft.kind, draft.place, draft.usage = "organization", f"gov:{place.country}", "agent"
        return
    draft.kind, draft.place, draft.usage = "location", place.key, "place"


# -- roles --------------------------------------------------------------------------------------------------


def _under(token: Token, root: Token) -> bool:
    seen = 0
    while token.i != root.i and token.head.i != token.i and seen < 12:
        token = token.head
        seen += 1
    return token.i == root.i


def _premodifier(parsed: Doc, draft: _Draft) -> tuple[list[Token], Token | None]:
    """Tokens before a name that modify it ("Russian Foreign Minister"), and a possessor ("Russia's") if any."""
    root = parsed[draft.start:draft.end].root
    sentence_start = parsed[draft.start].sent.start
    tokens: list[Token] = []
    i = draft.start - 1
    while i >= sentence_start:
        token = parsed[i]
        if token.dep_ == "case" and i - 1 >= sentence_start:
            return tokens, parsed[i - 1]
        if (token.dep_ in {"det", "punct"} and token.text != ".") or token.pos_ in {"VERB", "AUX", "PRON", "DET"}:
            break
        if token.pos_ == "ADP" and token.lower_ not in {"of", "for"}:
            break
        if not _under(token, root):
            break
        tokens.insert(0, token)
        i -= 1
    while tokens and tokens[0].lower_ in names.CONNECTORS:
        tokens.pop(0)
    return tokens, None


def _apposition(parsed: Doc, draft: _Draft) -> list[Token]:
    """An appositive after a name ("Adam Schiff, chairman of the House Intelligence Committee,")."""
    root = parsed[draft.start:draft.end].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= draft.end:
            tokens = []
            for token in parsed[child.left_edge.i:child.right_edge.i + 1]:
                if token.i > child.i and (token.is_punct or token.dep_ in {"relcl", "acl"}):
                    break
                tokens.append(token)
            while tokens and (tokens[0].dep_ in {"det", "poss", "punct"} or tokens[0].is_punct):
                tokens.pop(0)
            return tokens
    return []


def _role_from(tokens: list[Token], parsed: Doc, gaz: Gazetteer,
               possessor: Token | None) -> tuple[str, str | None, str | None] | None:
    """(role, country, organisation) a modifier phrase states, or None when it states no official title."""
    if any(t.i in parsed.people for t in tokens):
        return None  # a phrase naming another person is a misparse, not a title
    country = gaz.country(possessor.text) if possessor is not None else None
    org = possessor.text if possessor is not None and country is None else None
    words: list[str] = []
    skip: set[int] = set()
    touched = {id(e): e for t in tokens if (e := parsed.ent_of.get(t.i)) is not None}
    for ent in touched.values():
        inside = [t for t in tokens if ent.start <= t.i < ent.end]
        if ent.label_ in {"ORG", "GPE", "NORP", "LOC"}:
            text = names.clean_name(ent.text)
            code = gaz.country(text) or gaz.seat(text)
            if code:
                country = country or code
                skip.update(t.i for t in inside)
            elif ent.label_ == "ORG" and (len(ent) > 1 or names.is_acronym(text)):
                org = org or text
                skip.update(t.i for t in inside)
    for token in tokens:
        if token.i in skip:
            continue
        text = re.split(r"(?<=[a-z])(?=[A-Z])", token.text)[-1]  # "UkraineRussian": the part next to the title
        code = gaz.country(text) or gaz.seat(text)
        if code and text[:1].isupper() and not words:
            country = country or code
            continue
        honorific = names.HONORIFICS.get(token.lower_.strip("."))
        if honorific is not None:
            if honorific:
                words.append(honorific)
            continue
        words.append(token.text)
    while words and words[-1].lower() in names.CONNECTORS:
        words.pop()
    if len(words) >= 3 and words[-2].lower() == "of" and gaz.country(words[-1]):
        country = country or gaz.country(words[-1])
        words = words[:-2]
    if not any(w.lower() in names.TITLE_WORDS for w in words):
        return None
    return _title_case(words), country, org


def _title_case(words: list[str]) -> str:
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in names.CONNECTORS:
            out.append(lower)
        elif word.isupper() and len(word) > 1:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def _roles_of(parsed: Doc, draft: _Draft, gaz: Gazetteer) -> list[RoleMention]:
    found: list[RoleMention] = []
    pre, possessor = _premodifier(parsed, draft)
    for tokens, owner in ((pre, possessor), (_apposition(parsed, draft), None)):
        if not tokens:
            continue
        role = _role_from(tokens, parsed, gaz, owner)
        if role is None:
            continue
        first = owner if owner is not None else tokens[0]
        found.append(RoleMention(draft.chain, role[0], role[1], role[2], first.idx,
                                 tokens[-1].idx + len(tokens[-1].text)))
    return found


def _drop_title_words(parsed: Doc, drafts: list[_Draft], gaz: Gazetteer) -> None:
    """An entity that is only a word of a person's title ("State" in "Secretary of State", "Defense" in
    "Defense Minister") is not an actor."""
    for person in (d for d in drafts if d.kind == "person"):
        pre, _ = _premodifier(parsed, person)
        if not pre:
            continue
        inside = {t.i for t in pre}
        for draft in drafts:
            if draft is person or draft.end - draft.start != 1 or draft.start not in inside:
                continue
            text = parsed[draft.start].text
            if not (gaz.is_known(text) or names.is_acronym(text)):
                draft.drop = True


# -- chains -------------------------------------------------------------------------------------------------


def _person_like(parsed: Doc, draft: _Draft, surnames: set[str], companies: set[str]) -> bool:
    """A one-word entity of another type that is the surname of a person named in the document ("Lavrov" ORG)."""
    if draft.kind == "person":
        return True
    if draft.place or draft.end - draft.start != 1 or draft.label not in {"ORG", "NORP", "GPE", "PRODUCT"}:
        return False
    text = names.clean_name(parsed[draft.start].text)
    if names.is_acronym(text) or text.lower() in companies:
        return False
    return names.fold(text) in surnames


def _chain_people(parsed: Doc, drafts: list[_Draft], next_chain: int) -> int:
    """Full names first (one chain per person), then surnames and honorific forms join the nearest full name."""
    parsed_names = {id(d): names.parse_person(d.text) for d in drafts}
    surnames = {names.surname_key(n) for d, n in ((d, parsed_names[id(d)]) for d in drafts)
                if n.full or d.label == "PERSON"}
    # "Ford" beside "Ford Motor Company" is the company, whoever else is called Ford
    companies = {parsed[d.start].lower_ for d in drafts if d.label == "ORG" and d.end - d.start > 1}
    people = [d for d in drafts if not d.drop and _person_like(parsed, d, surnames, companies)]
    full: list[tuple[_Draft, names.PersonName]] = []
    for draft in people:
        draft.kind = "person"
        draft.place = None
        person = parsed_names[id(draft)]
        if not person.full:
            continue
        match = next((d for d, n in reversed(full) if names.same_person_name(n, person)), None)
        draft.chain = match.chain if match else next_chain
        next_chain += 0 if match else 1
        full.append((draft, person))
    by_surname: dict[str, int] = {}
    for draft in people:
        if draft.chain >= 0:
            continue
        person = parsed_names[id(draft)]
        draft.usage = "surname"
        candidates = [d for d, n in full if n.surname[:1] == person.surname[:1]
                      and names.similar_words(n.surname.split()[-1], person.surname)]
        if candidates:
            before = [d for d in candidates if d.start < draft.start]
            draft.chain = (before[-1] if before else candidates[0]).chain
            continue
        key = names.fold(person.surname)
        if key not in by_surname:
            by_surname[key] = next_chain
            next_chain += 1
        draft.chain = by_surname[key]
    return next_chain


def _chain_others(parsed: Doc, drafts: list[_Draft], next_chain: int) -> int:
    """Non-person mentions: one chain per place key or per name; an acronym joins the long name it abbreviates
    ("Organization for Security and Cooperation in Europe (OSCE)")."""
    keys: dict[str, int] = {}
    others = [d for d in drafts if d.chain < 0 and not d.drop]
    for draft in others:
        text = draft.name
        key = draft.place or f"{draft.kind}|{names.strip_accents(text).lower()}"
        if key not in keys:
            keys[key] = next_chain
            next_chain += 1
        draft.chain = keys[key]
    longs = [(d, d.name) for d in others if d.kind == "organization"]
    for draft, text in longs:
        if not names.is_acronym(text):
            continue
        match = next((d for d, long_text in longs if d is not draft and names.acronym_matches(text, long_text)), None)
        if match is not None:
            old = draft.chain
            for other in others:
                if other.chain == old:
                    other.chain = match.chain
    return next_chain


def _unify_same_names(parsed: Doc, drafts: list[_Draft]) -> None:
    """One name, one actor in a document: a multi-word name the recogniser labelled two ways ("RIA Novosti" as
    PERSON and as ORG) gets one chain; which type it is, the corpus decides by majority."""
    first: dict[str, int] = {}
    for draft in drafts:
        if draft.drop or draft.place or draft.end - draft.start < 2:
            continue
        key = draft.name.lower()
        chain = first.setdefault(key, draft.chain)
        if chain != draft.chain:
            old = draft.chain
            for other in drafts:
                if other.chain == old:
                    other.chain = chain


def _extend_long_names(parsed: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """An organisation's long name that the recogniser cut before "in/of" + a place ("Organization for Security
    and Cooperation" + "in Europe") is joined back when the long name already has a connector word."""
    out: list[_Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if (prev and prev.label == "ORG" and draft.label in {"LOC", "GPE"} and draft.start == prev.end + 1
                and parsed[prev.end].lower_ in {"in", "of"}
                and any(t.lower_ in {"for", "and", "of"} for t in parsed[prev.start:prev.end])):
            out[-1] = _Draft(prev.start, draft.end, "ORG", repaired=True)
            continue
        out.append(draft)
    return out


def _untagged_surnames(parsed: Doc, drafts: list[_Draft]) -> list[ActorMention]:
    """A person's surname the recogniser did not tag again later in the document ("... met Quillfeather")."""
    chains: dict[str, int] = {}
    for draft in drafts:
        if draft.kind == "person" and not draft.drop and draft.end - draft.start >= 2:
            chains.setdefault(parsed[draft.end - 1].text, draft.chain)
    if not chains:
        return []
    tagged = {i for d in drafts for i in range(d.start, d.end)} | set(parsed.ent_of)
    first = {d.chain: d.start for d in reversed(drafts) if d.kind == "person"}
    found = []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in chains) + r")\b")
    for match in pattern.finditer(parsed.text):
        span = parsed.doc.char_span(match.start(), match.end())
        if span is None or len(span) != 1:
            continue
        token = span[0]
        chain = chains[token.text]
        if token.i in tagged or token.pos_ != "PROPN" or token.i < first.get(chain, 0):
            continue
        found.append(ActorMention(token.idx, token.idx + len(token.text), token.text, "person", "PERSON", chain,
                                  token.text, "surname"))
    return found


# -- title-only mentions ------------------------------------------------------------------------------------


def _title_mentions(parsed: Doc, roles: list[RoleMention], taken: list[tuple[int, int]],
                    first_seen: dict[int, int]) -> list[ActorMention]:
    """"the secretary of state" after a person titled so: a mention of that person when no one else in the
    document holds the title."""
    holders: dict[str, set[int]] = {}
    for role in roles:
        holders.setdefault(role.role.lower(), set()).add(role.chain)
    unique = {title: next(iter(chains)) for title, chains in holders.items() if len(chains) == 1}
    if not unique:
        return []
    found = []
    lower = parsed.text.lower()
    for title, chain in unique.items():
        if not set(title.split()) & names.TITLE_WORDS:
            continue
        for m in re.finditer(r"\bthe " + re.escape(title) + r"\b", lower):
            start, end = m.start() + 4, m.end()
            after = parsed.text[end:end + 2]
            if (after[:1] == " " and after[1:2].isupper()) or any(a < end and start < b for a, b in taken):
                continue
            if start <= first_seen.get(chain, len(lower)):
                continue
            found.append(ActorMention(start, end, parsed.text[start:end], "person", "TITLE", chain,
                                      parsed.text[start:end], "title"))
    return found


# -- the stage ----------------------------------------------------------------------------------------------


def _to_mention(parsed: Doc, draft: _Draft) -> ActorMention | None:
    start, text, name = draft.char_start, draft.text, draft.name
    end = start + len(text)
    if not name:
        return None
    offset = text.find(name)
    if offset >= 0:
        start, end = start + offset, start + offset + len(name)
    return ActorMention(start, end, parsed.text[start:end], draft.kind, draft.label, draft.chain, name, draft.usage,
                        draft.place, draft.country, draft.repaired)


def _glued_to_mentions(parsed: Doc, glued: list[tuple[int, int, str]], gaz: Gazetteer,
                       context: dict[str, int], chains: dict[str, int], next_chain: int) -> list[ActorMention]:
    out = []
    for start, end, label in glued:
        text = parsed.text[start:end]
        code = gaz.country(text)
        seat = gaz.seat(text)
        place = f"gov:{seat}" if seat else (f"country:{code}" if code else None)
        if place is None and label in {"GPE", "LOC", "FAC"}:
            found = choose_place(text, gaz, context)
            place = found.key if found else None
            code = found.country if found else None
        kind = "organization" if seat else ("location" if place else LABEL_KINDS.get(label, "other"))
        usage = "demonym" if code and gaz.is_demonym(text) else "place"
        key = place or f"{kind}|{text.lower()}"
        if key not in chains:
            chains[key] = next_chain
            next_chain += 1
        out.append(ActorMention(start, end, text, kind, label, chains[key], text, usage, place, seat or code, True))
    return out


def compute(document: Document, parsed: Doc, gazetteer: Gazetteer | None = None,
            earlier: Mapping[str, object] | None = None) -> ActorFindings:
    """Actor mentions in chains, with roles, for one parsed document (pure: reads, never writes)."""
    del document, earlier  # the parsed Doc carries the same text; no earlier stage's findings are needed
    gaz = gazetteer or load_gazetteer()
    parsed = _Parsed(parsed)  # type: ignore[assignment]
    drafts, glued = _drafts_from_entities(parsed, gaz)
    drafts = _extend_long_names(parsed, drafts)
    for draft in drafts:
        start, last = parsed[draft.start], parsed[draft.end - 1]
        draft.char_start = start.idx
        draft.text = parsed.text[start.idx:last.idx + len(last.text)]
        draft.name = names.clean_name(draft.text)
    context = _context_countries(drafts, parsed, gaz)
    _resolve_places(drafts, parsed, gaz, context)
    _drop_title_words(parsed, drafts, gaz)
    next_chain = _chain_people(parsed, drafts, 0)
    next_chain = _chain_others(parsed, drafts, next_chain)
    _unify_same_names(parsed, drafts)
    roles = [role for d in drafts if d.kind == "person" and not d.drop for role in _roles_of(parsed, d, gaz)]
    mentions = [m for d in drafts if not d.drop and (m := _to_mention(parsed, d)) is not None]
    mentions += _untagged_surnames(parsed, drafts)
    chains = {m.place or f"{m.kind}|{m.name.lower()}": m.chain for m in mentions if m.kind != "person"}
    mentions += _glued_to_mentions(parsed, glued, gaz, context, chains, next_chain)
    first_seen: dict[int, int] = {}
    for m in mentions:
        first_seen[m.chain] = min(first_seen.get(m.chain, m.start), m.start)
    solid = [(m.start, m.end) for m in mentions if m.kind == "person" or m.place or " " in m.name]
    titles = _title_mentions(parsed, roles, solid, first_seen)
    mentions = [m for m in mentions if not any(t.start < m.end and m.start < t.end for t in titles)] + titles
    countries = _chain_countries(roles)
    mentions = [replace(m, country=countries[m.chain]) if not m.country and m.chain in countries else m
                for m in mentions]
    mentions.sort(key=lambda m: (m.start, m.end))
    return ActorFindings(mentions, roles)


def _chain_countries(roles: list[RoleMention]) -> dict[int, str]:
    counts: dict[int, dict[str, int]] = {}
    for role in roles:
        if role.country:
            bucket = counts.setdefault(role.chain, {})
            bucket[role.country] = bucket.get(role.country, 0) + 1
    return {chain: max(bucket, key=lambda c: (bucket[c], c)) for chain, bucket in counts.items()}
