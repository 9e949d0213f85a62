"""Actors: who is mentioned in one document, as chains of mentions of one actor each, with roles.

    find_actors(parsed, gazetteer=None, text=None) -> ActorFindings

reads the spaCy Doc (entities and dependency parse) and returns:

- mentions of named actors, repaired where machine translation glued or padded them ("RussiaOn" -> "Russia",
  "Biden Already" -> "Biden", "Putin The United States" -> "Putin" + "United States") (`mentions`), each with
  the chain of mentions of one actor in this document it belongs to (`chains`);
- surname-only and honorific mentions ("Lavrov", "Mr. Biden") join the full name they shorten, and title-only
  mentions ("the secretary of state") join the one person in the document who holds that title (`chains`);
- roles and affiliations from pre-modifiers ("Russian Foreign Minister Sergei Lavrov") and appositions
  ("Adam Schiff, chairman of the House Intelligence Committee"), each with its span (`roles`);
- places resolved against the gazetteer (`gazetteer`) with the document's countries as context, and metonymy: a
  capital or a seat of government used as an agent ("Moscow said", "the Kremlin accused") stands for that
  country's government, while "in Moscow" stays the city. Demonyms ("Russian") link to their country (`places`).

Names of people and organisations, their spelling-tolerant keys and similarity, are in `names` (the corpus step
that joins actors across documents uses them too). Pronouns are not actors here; `storyline.reference` resolves
them for the stages that need a referent. Every span indexes `parsed.text`. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from storyline.actors.chains import chain_others, chain_people, title_mentions, unify_same_names, untagged_surnames
from storyline.actors.containment import identity_place
from storyline.actors.gazetteer import Gazetteer, load_gazetteer
from storyline.actors.mentions import Parsed, drafts_from_entities, extend_long_names, settle_text, to_mention
from storyline.actors.places import choose_place, context_countries, glued_mentions, resolve_places
from storyline.actors.roles import chain_countries, drop_title_words, roles_of
from storyline.model import ActorFindings, ActorMention


def find_actors(doc: Doc, gazetteer: Gazetteer | None = None, text: str | None = None) -> ActorFindings:
    """Actor mentions in chains, with roles, for one parsed document (pure: reads, never writes). `text` is the text
    `doc` was parsed from, when the caller has it (spaCy rebuilds `Doc.text` from the tokens on every read)."""
    gaz = gazetteer or load_gazetteer()
    parsed = Parsed(doc, text)
    drafts, glued = drafts_from_entities(parsed, gaz)
    drafts = extend_long_names(parsed, drafts)
    settle_text(parsed, drafts)
    context = context_countries(drafts, gaz)
    resolve_places(drafts, parsed, gaz, context)
    drop_title_words(parsed, drafts, gaz)
    next_chain = chain_people(parsed, drafts, 0)
    next_chain = chain_others(drafts, next_chain)
    unify_same_names(drafts)
    roles = [role for d in drafts if d.kind == "person" and not d.drop
             for role in roles_of(parsed, d, gaz)]
    mentions = [m for d in drafts if not d.drop and (m := to_mention(parsed, d)) is not None]
    mentions += untagged_surnames(parsed, drafts)
    chains = {identity_place(m.place) or f"{m.kind}|{m.name.lower()}": m.chain for m in mentions if m.kind != "person"}
    mentions += glued_mentions(parsed.text, glued, gaz, context, chains, next_chain)
    titles = title_mentions(parsed.text, roles, _solid_spans(mentions), _first_seen(mentions))
    mentions = [m for m in mentions if not any(t.start < m.end and m.start < t.end for t in titles)] + titles
    countries = chain_countries(roles)
    mentions = [replace(m, country=countries[m.chain]) if not m.country and m.chain in countries else m
                for m in mentions]
    mentions.sort(key=lambda m: (m.start, m.end))
    return ActorFindings(mentions, roles)


def _first_seen(mentions: list[ActorMention]) -> dict[int, int]:
    """Where each chain is first mentioned (a title-only mention refers back, never forward)."""
    first_seen: dict[int, int] = {}
    for m in mentions:
        first_seen[m.chain] = min(first_seen.get(m.chain, m.start), m.start)
    return first_seen


def _solid_spans(mentions: list[ActorMention]) -> list[tuple[int, int]]:
    """Spans a title-only mention may not overlap: people, places and multi-word names."""
    return [(m.start, m.end) for m in mentions if m.kind == "person" or m.place or " " in m.name]


__all__ = ["Gazetteer", "choose_place", "find_actors", "load_gazetteer"]
