"""Roles and affiliations of people, read off the words around their names.

A pre-modifier ("Russian Foreign Minister Sergei Lavrov", "Russia's foreign minister Sergei Lavrov") or an
apposition ("Adam Schiff, chairman of the House Intelligence Committee") states an official title, with the
country and organisation it names; `roles_of` returns them as `RoleMention`s with their spans. A one-word entity
that is only part of a title ("State" in "Secretary of State") is not an actor (`drop_title_words`), and a
chain's country is the one its roles name most (`chain_countries`).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from storyline.actors import names
from storyline.actors.gazetteer import Gazetteer
from storyline.actors.mentions import Draft, Parsed
from storyline.model import RoleMention


def _under(token: Token, root: Token) -> bool:
    seen = 0
    while token.i != root.i and token.head.i != token.i and seen < 12:
        token = token.head
        seen += 1
    return token.i == root.i


def _premodifier(parsed: Parsed, draft: Draft) -> tuple[list[Token], Token | None]:
    """Tokens before a name that modify it ("Russian Foreign Minister"), and a possessor ("Russia's") if any."""
    root = parsed[draft.start:draft.end].root
    sentence_start = parsed.sentence_starts[draft.start]
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


def _apposition(parsed: Parsed, draft: Draft) -> list[Token]:
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


def _role_from(tokens: list[Token], parsed: Parsed, gaz: Gazetteer,
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
    kept: list[tuple[Token, str]] = []
    for token in tokens:
        if token.i in skip or token.is_punct or token.tag_ == "POS":
            continue  # "Maj." is "Major", not "Major ."; a possessive "'s" is no word of a title
        text = re.split(r"(?<=[a-z])(?=[A-Z])", token.text)[-1]  # "UkraineRussian": the part next to the title
        code = gaz.country(text) or gaz.seat(text)
        if code and text[:1].isupper() and not kept:
            country = country or code
            continue
        honorific = names.HONORIFICS.get(token.lower_.strip("."))
        if honorific is not None:
            if honorific:
                kept.append((token, honorific))
            continue
        kept.append((token, token.text))
    words = [text for _token, text in _trimmed(kept, parsed)]
    while words and words[-1].lower() in names.CONNECTORS:
        words.pop()
    if len(words) >= 3 and words[-2].lower() == "of" and gaz.country(words[-1]):
        country = country or gaz.country(words[-1])
        words = words[:-2]
    if not any(w.lower() in names.TITLE_WORDS for w in words):
        return None
    return _title_case(words), country, org


# Parts of speech a title neither starts nor ends with: what the parser ran on into ("Ambassador to", "Leader who",
# "Officer at", "the President"), and adverbs ("even President").
_NOT_AT_AN_END = frozenset({"ADP", "PRON", "SCONJ", "CCONJ", "DET", "PART", "ADV"})


def _trimmed(kept: list[tuple[Token, str]], parsed: Parsed) -> list[tuple[Token, str]]:
    """The words of a title without what does not belong to it at either end: function words and adverbs, a day
    or a time ("Wednesday spokesman"), and the second half of a hyphenated word whose first half the phrase lost
    ("right-wing President": "Wing President")."""
    def foreign_start(token: Token) -> bool:
        ent = parsed.ent_of.get(token.i)
        # "Russian-installed governor", "right-wing President": a lower-case second half; "then-Foreign Secretary"
        # and "ex-President" keep theirs
        cut_word = (token.i > 0 and parsed[token.i - 1].text == "-" and not parsed[token.i - 1].whitespace_
                    and token.text.islower() and token.lower_ not in names.TITLE_WORDS)
        return (token.pos_ in _NOT_AT_AN_END or cut_word
                or (ent is not None and ent.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL")))

    while kept and foreign_start(kept[0][0]):
        kept = kept[1:]
    while kept and kept[-1][0].pos_ in _NOT_AT_AN_END:
        kept = kept[:-1]
    return kept


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


def roles_of(parsed: Parsed, draft: Draft, gaz: Gazetteer) -> list[RoleMention]:
    """The roles a person's pre-modifier and apposition state, each tied to the person's chain."""
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


def drop_title_words(parsed: Parsed, drafts: list[Draft], gaz: Gazetteer) -> None:
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


def chain_countries(roles: list[RoleMention]) -> dict[int, str]:
    """The country each chain's roles name most often (ties: the alphabetically last code)."""
    counts: dict[int, dict[str, int]] = {}
    for role in roles:
        if role.country:
            bucket = counts.setdefault(role.chain, {})
            bucket[role.country] = bucket.get(role.country, 0) + 1
    return {chain: max(bucket, key=lambda c: (bucket[c], c)) for chain, bucket in counts.items()}
