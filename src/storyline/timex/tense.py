"""Tense and aspect of the clause a time expression belongs to, read off the spaCy parse.

"on Sunday" in "met on Sunday" is the previous Sunday; in "will meet on Sunday", "is set to meet on
Sunday" or "plans to meet on Sunday" the next one. The verb governing the expression decides:
past tense or a perfect -> past; will/shall/'ll, "going to", a modal, or a verb of planning above it
-> future; present -> present. Expressions outside any clause (headlines, fragments) have no tense.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from storyline.lexicon_files import words

FUTURE_AUX = words("timex/future_auxiliaries")
MODALS = words("timex/modals")
# Verbs and adjectives whose complement lies ahead: "is set to travel", "plans to meet", "due to arrive".
PLANNING = words("timex/planning_words")
# Verbs that move something to a later time: "postponed until Saturday" points ahead whatever the tense.
RESCHEDULING = words("timex/rescheduling_verbs")


def _verb_of(token: Token) -> Token | None:
    """The verb (or auxiliary-bearing predicate) whose clause holds `token`."""
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") or any(c.dep_ in ("aux", "auxpass", "cop") for c in token.children):
            return token
        if token.head is token:
            return None
        token = token.head
        seen += 1
    return None


def _own_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & FUTURE_AUX:
        return "future"
    if lowers & MODALS or verb.tag_ == "MD":
        return "future" if not any(a.lower_ == "have" for a in auxes) else "past"
    if verb.lemma_ == "go" and verb.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if any(a.tag_ == "VBD" for a in auxes) or any(a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and not auxes and verb.dep_ not in ("amod", "acl")):
        return "past"
    if "Past" in verb.morph.get("Tense") and verb.tag_ != "VBN":
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def _attached_to_noun(span) -> bool:
    """Whether the preposition before the expression hangs on a noun ("maneuvers until Feb. 20")."""
    prep = span.root.head
    return prep.dep_ == "prep" and prep.head.pos_ in ("NOUN", "PROPN")


def clause_tense(parsed: Doc, start: int, end: int, signal: str | None = None) -> str | None:
    """"past", "present", "future" or None for the expression at characters start:end of `parsed`;
    `signal` is the preposition before it ("until Saturday" after "postponed" points ahead)."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb = _verb_of(span.root)
    if verb is None:
        return None
    tense = _own_tense(verb)
    if signal in ("until", "till"):
        if verb.lemma_.lower() in RESCHEDULING or tense != "past" or _attached_to_noun(span):
            return "future"  # "postponed until Saturday", "drills until Feb. 20": the end of something still going on
        return None  # "confirmed ... the start of maneuvers until Feb. 20": a past report of a period that may run on
    if signal == "since" and tense != "future":
        return "past"  # "since 2014": the start of something that has gone on since
    # An infinitive or gerund takes its time from what governs it: "is expected to talk", "plans to have".
    governor = verb.head if verb.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp") else None
    if tense in (None, "present") and governor is not None and governor is not verb:
        if governor.lemma_.lower() in PLANNING or governor.lower_ in PLANNING:
            # "is set to travel on February 1": ahead; "agreed to sell in October": unknown (either side)
            return None if _own_tense(governor) == "past" else "future"
        if tense is None and verb.tag_ in ("VB", "VBG"):
            return _own_tense(governor) if verb.tag_ == "VBG" else None
    if tense is None and verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children):
        return "future"
    return tense
