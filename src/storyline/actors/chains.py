"""Chains within one document: which mentions are the same actor.

People first: one chain per full name (spelling variants join: `names.same_person_name`), then surnames and
honorific forms ("Lavrov", "Mr. Biden") join the nearest full name they shorten (`chain_people`). Every other
mention chains by place key or name, and an acronym joins the long name it abbreviates (`chain_others`). A
surname the recogniser missed later in the text (`untagged_surnames`) and a title-only mention ("the secretary of
state", `title_mentions`) join the person they refer to.
"""

from __future__ import annotations

import re

from storyline.actors import names
from storyline.actors.containment import identity_place
from storyline.actors.mentions import Draft, Parsed
from storyline.model import ActorMention, RoleMention


def _person_like(parsed: Parsed, draft: Draft, surnames: set[str], companies: set[str]) -> bool:
    """A one-word entity of another type that is the surname of a person named in the document ("Lavrov" ORG)."""
    if draft.kind == "person":
        return True
    if draft.place or draft.end - draft.start != 1 or draft.label not in {"ORG", "NORP", "GPE", "PRODUCT"}:
        return False
    text = names.clean_name(parsed[draft.start].text)
    if names.is_acronym(text) or text.lower() in companies:
        return False
    return names.fold(text) in surnames


def chain_people(parsed: Parsed, drafts: list[Draft], next_chain: int) -> int:
    """Full names first (one chain per person), then surnames and honorific forms join the nearest full name."""
    parsed_names = {id(d): names.parse_person(d.text) for d in drafts}
    surnames = {names.surname_key(n) for d, n in ((d, parsed_names[id(d)]) for d in drafts)
                if n.full or d.label == "PERSON"}
    # "Ford" beside "Ford Motor Company" is the company, whoever else is called Ford
    companies = {parsed[d.start].lower_ for d in drafts if d.label == "ORG" and d.end - d.start > 1}
    people = [d for d in drafts if not d.drop and _person_like(parsed, d, surnames, companies)]
    full: list[tuple[Draft, names.PersonName]] = []
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
                      and names.similar_words(n.surname.split()[-1], person.surname)
                      and names.same_generation(n, person)]  # "Trump Jr." is the son, not his father
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


def chain_others(drafts: list[Draft], next_chain: int) -> int:
    """Non-person mentions: one chain per place key or per name; an acronym joins the long name it abbreviates
    ("Organization for Security and Cooperation in Europe (OSCE)")."""
    keys: dict[str, int] = {}
    others = [d for d in drafts if d.chain < 0 and not d.drop]
    for draft in others:
        text = draft.name
        key = identity_place(draft.place) or f"{draft.kind}|{names.strip_accents(text).lower()}"
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
            _rechain(others, draft.chain, match.chain)
    _join_bare_bodies([d for d in others if d.kind == "organization"], others)
    return next_chain


def _rechain(drafts: list[Draft], old: int, new: int) -> None:
    for draft in drafts:
        if draft.chain == old:
            draft.chain = new


def _join_bare_bodies(orgs: list[Draft], others: list[Draft]) -> None:
    """A government body named without its country ("the Defense Ministry") is the one the document names with its
    country ("the Russian Defence Ministry"), when the document names only one such: a later mention drops the
    country the first one gave. With two ("the Russian and the Ukrainian Defense Ministry") it stays bare."""
    keyed = [(d, names.organization_key(d.name)) for d in orgs]
    for bare, key in keyed:
        if bare.country or not key or key.split()[0] not in names.OFFICE_HEADS:  # a name of punctuation has no key
            continue
        owners = {d.chain for d, other in keyed
                  if d.country and other.endswith(" " + key) and len(other.split()) - len(key.split()) <= 2}
        if len(owners) == 1:
            _rechain(others, bare.chain, owners.pop())


def unify_same_names(drafts: list[Draft]) -> None:
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


def untagged_surnames(parsed: Parsed, drafts: list[Draft]) -> list[ActorMention]:
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


def title_mentions(text: str, roles: list[RoleMention], taken: list[tuple[int, int]],
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
    lower = text.lower()
    for title, chain in unique.items():
        if not set(title.split()) & names.TITLE_WORDS or f"the {title}" not in lower:  # the second: no regex scan
            continue
        for m in re.finditer(r"\bthe " + re.escape(title) + r"\b", lower):
            start, end = m.start() + 4, m.end()
            after = text[end:end + 2]
            if (after[:1] == " " and after[1:2].isupper()) or any(a < end and start < b for a, b in taken):
                continue
            if start <= first_seen.get(chain, len(lower)):
                continue
            found.append(ActorMention(start, end, text[start:end], "person", "TITLE", chain, text[start:end],
                                      "title"))
    return found
