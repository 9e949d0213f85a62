"""Trigger words: which tokens of a sentence name an event, and what PLOVER type and mode they give it.

A verb is a trigger by its lemma (`VERB_SENSES`), by its particle ("pulled out") or by its object ("opened fire").
A noun is a trigger by its lemma (`NOUN_SENSES`), re-read through its modifiers ("hunger strike", "air strike",
"phone call"). Verbs that only carry an event noun ("held talks", "paid a visit", "imposed sanctions") give the
noun the event; verbs that undo one ("lifted the curfew", "suspended aid", "cut ties") are the trigger, with the
reversed sense. Words that describe rather than report (a noun after "as" or "is", an adjectival participle, a
word inside a name) are not triggers. Everything is read off one token and its dependents: no search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from storyline.events.lexicon import (
    ADJECTIVE_SENSES,
    AID_GIVING_VERBS,
    AID_NOUNS,
    AIMED_PREPOSITIONS,
    CONTAINER_NOUNS,
    CONVERSATION_VERBS,
    DISMISSAL_VERBS,
    ESTABLISH_VERBS,
    GOVERNMENT_NOUNS,
    HELD_NOUNS,
    HELPING_VERBS,
    LIGHT_VERBS,
    MILITARY_MODES,
    MILITARY_NOUNS,
    MODE_WORDS,
    MODIFIED_SENSES,
    MOTION_VERBS,
    NO_EVENT_OBJECTS,
    NOUN_SENSES,
    OCCASION_TYPES,
    PERSONAL_PRONOUNS,
    PHRASAL_SENSES,
    QUANTITY_WORDS,
    REVERSAL_VERBS,
    STATE_DOER_SENSES,
    STATE_FORCE_NOUNS,
    STATE_NOUNS,
    TITLE_NOUNS,
    VERB_OBJECT_SENSES,
    VERB_SENSES,
    VERBAL_LIGHT_VERBS,
    Sense,
    reversed_sense,
    senses,
)
from storyline.lexicon_files import groups, rows, words
from storyline.quotes.cues import is_reporting
from storyline.quotes.lexicon import TEXT_NOUNS

# Named-entity labels inside which a word is part of a name ("Security Council", "Operation Allied Force").
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"})
# Verbs that take their event noun through a preposition ("engaged in talks", "went on strike").
PREPOSITIONAL_CARRIERS = groups("events/prepositional_carriers")
# Texts one party sends another: sending, giving or delivering one is consulting in writing ("sent a written
# reply to the offer", "handed over a letter").
WRITTEN_NOUNS = words("events/written_nouns")
# Other things said rather than done: giving one is not aid ("gave a speech", "provided details").
SAID_NOUNS = TEXT_NOUNS | WRITTEN_NOUNS | words("events/said_nouns")
SENDING_VERBS = words("events/sending_verbs")
# Words for a reporter's audience: speaking to them is not consulting them.
AUDIENCE_NOUNS = words("events/audience_nouns")
# Objects that make "hold" a detention ("holding civilians as human shields").
PEOPLE_NOUNS = words("events/people_nouns")
# Verbs after which "as X" describes rather than dates ("described the drills as pressure", "seen as a threat").
DESCRIBING_VERBS = words("events/describing_verbs")
# Objects that make "occupy" taking ground ("occupied the town"), not filling a place ("occupy a position").
PLACE_NOUNS = words("events/place_nouns")
PERSON_OBJECT_SENSES = senses("events/person_object_senses")
# Prepositions that name what an act was done with or in ("killed in an air strike", "shelled with artillery").
INSTRUMENT_PREPOSITIONS = words("events/instrument_prepositions")
# Nouns that stand for the people they bring ("the first deployment of troops", "a contingent of troops").
CONTAINER_MOVERS = words("events/container_movers")
# Verbs whose sense depends on a prepositional phrase ("took to the streets", "walked out of the talks").
PREPOSITIONAL_SENSES = {(verb, prep, obj): Sense(type_, None if mode == "-" else mode)
                        for verb, prep, obj, type_, mode in rows("events/prepositional_senses")}
# People sent on an errand ("sent a team to investigate", "dispatched an envoy"): sending them is no aid.
DELEGATE_NOUNS = words("events/delegate_nouns")
# Peacekeepers and what names them ("peacekeeping troops"): sending them is aid (CAMEO 074).
PEACEKEEPING_WORDS = words("events/peacekeeping_words")
# "himself", "themselves": a verb done to its own subject ("blew himself up").
REFLEXIVE_PRONOUNS = words("events/reflexive_pronouns")
NAMED = frozenset({"PERSON", "GPE", "ORG", "NORP", "FAC", "LOC"})
# Nouns that name an attack when their arguments say so (`reads_as_attack`: "strikes on Kyiv", not "a rail strike").
ATTACK_READINGS = {noun: Sense("ASSAULT", mode) for noun, mode in rows("events/attack_readings")}
ATTACK_LAUNCH_VERBS = words("events/attack_launch_verbs")  # "launched strikes"
HARM_VERBS = words("events/harm_verbs")  # "the strike killed three"
ATTACK_TARGET_NOUNS = PLACE_NOUNS | words("events/attack_target_nouns")  # "strikes on power stations"
# Every lemma a word list gives a noun sense through (`noun_sense`) and a verb sense through (`verb_sense`): a word
# with any other lemma is no trigger whatever its dependents, so neither function reads the parse around it.
EVENT_NOUN_LEMMAS = frozenset({*NOUN_SENSES, *CONTAINER_NOUNS, "state", *(noun for noun, _ in MODIFIED_SENSES)})
EVENT_VERB_LEMMAS = frozenset({*VERB_SENSES, *(verb for verb, _ in PHRASAL_SENSES),
                               *(verb for verb, _ in VERB_OBJECT_SENSES), *ESTABLISH_VERBS, *REVERSAL_VERBS,
                               *MOTION_VERBS, *CONVERSATION_VERBS, *PERSON_OBJECT_SENSES, *SENDING_VERBS})


@dataclass(frozen=True)
class Trigger:
    """A token that names an event: `token` is its head word, `first:last` (inclusive token indices) the words
    the trigger spans ("phone call", "hunger strike"), `lemma` its base form ("pull out"), `noun` whether it is
    an event noun, `carrier` the verb that carries a noun ("held" for "held talks") or the noun a reversing verb
    undoes ("curfew" for "lifted the curfew")."""

    token: Token
    first: int
    last: int
    lemma: str
    sense: Sense
    noun: bool
    carrier: Token | None = None

    @property
    def nominal(self) -> bool:
        """An event noun that no verb carries ("Russia's invasion of Ukraine"): it names its event, it does not
        tell it."""
        return self.noun and self.carrier is None


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


def is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass"))


def is_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and not token.ent_type_ and token.text.islower())


def direct_object(verb: Token) -> Token | None:
    """The verb's object, or the subject of its passive ("sanctions were lifted"); for a word that counts it,
    the noun counted ("holding thousands of refugees", "suspended part of a program")."""
    children = list(verb.children)  # read once: spaCy makes new Token objects on every walk of the children
    passive = any(c.dep_ == "auxpass" for c in children)
    for child in children:
        if child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass"):
            return counted(child)
    return None


def counted(noun: Token) -> Token:
    """The noun a quantity word counts ("thousands of refugees" -> refugees), else the noun itself."""
    if noun.lower_ in QUANTITY_WORDS or noun.pos_ == "NUM":
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            return pobj
    return noun


PARTICLE_ADVERBS = words("events/particle_adverbs")


def particle(verb: Token) -> str | None:
    """The verb's particle ("pulled out"), or an adverb the parser did not mark as one ("back away")."""
    lemma = lemma_of(verb)
    for child in verb.children:
        if child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in PARTICLE_ADVERBS
                                   and (child.i == verb.i + 1 or (lemma, child.lower_) in PHRASAL_SENSES)):
            return child.lower_
        if child.dep_ == "prep" and child.lower_ == "out" and (lemma, "out") in PHRASAL_SENSES and any(
                c.dep_ == "prep" and c.lower_ == "of" for c in child.children):
            return "out"  # "pulled its forces out of Kosovo": the parser reads "out of" as one preposition
    return None


def in_name(token: Token) -> bool:
    return token.ent_type_ in NAME_LABELS


def noun_sense(noun: Token) -> tuple[Sense, int] | None:
    """The sense of an event noun and the first token of the trigger (a modifier that makes the sense, next to
    the noun, is part of it: "hunger strike"). None for a noun that names no event."""
    lemma = lemma_of(noun)
    if lemma not in EVENT_NOUN_LEMMAS:
        return None
    if lemma == "talk" and noun.tag_ != "NNS":
        return None  # "talk of war" is chatter; "talks" are negotiations
    first = noun.i
    if lemma in CONTAINER_NOUNS:
        for child in noun.lefts:
            inner = NOUN_SENSES.get(lemma_of(child)) if child.dep_ in ("compound", "nmod") else None
            if inner is not None:
                return inner, child.i  # "a mediation effort", "aid deliveries"
    if lemma == "state" and any(p.lower_ == "of" and any(lemma_of(o) in ("emergency", "siege") for o in p.children)
                                for p in noun.children):
        return Sense("COERCE", "martial-law"), first  # "a state of emergency"
    for child in noun.lefts:
        if child.dep_ not in ("compound", "amod", "nmod"):
            continue
        modified = MODIFIED_SENSES.get((lemma, lemma_of(child)))
        if modified is not None:
            if not modified.type:
                return None  # "press conference", "Security Council"
            return modified, (child.i if child.i == noun.i - 1 else first)
    sense = NOUN_SENSES.get(lemma)
    if sense is None:
        return None
    if lemma in ATTACK_READINGS and reads_as_attack(noun):
        return ATTACK_READINGS[lemma], first
    if lemma == "call" and any(c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i == noun.i + 1
                               and not _circumstance(c) for c in noun.children):
        return Sense("REQUEST"), first  # "calls for aid", not "the call for unspecified reasons"
    return sense, first


def reads_as_attack(noun: Token) -> bool:
    """Whether the arguments of a noun such as "strike" make it an attack rather than a walkout: it was launched or
    carried out ("launched strikes"), it did harm ("the strike killed three"), it was made on or against a place or
    a target ("strikes on Kyiv", "strikes on power stations"), or by a state's forces or weapons ("strikes by
    Russian drones")."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and head.i != noun.i and lemma_of(head) in ATTACK_LAUNCH_VERBS:
        return True
    if noun.dep_ == "nsubj" and lemma_of(head) in HARM_VERBS:
        return True
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if prep.lower_ in ("on", "against") and (pobj.ent_type_ in ("GPE", "LOC", "FAC")
                                                     or lemma_of(pobj) in ATTACK_TARGET_NOUNS):
                return True
            if prep.lower_ == "by" and _weapon_mode(pobj) is not None:
                return True
    return False


def _circumstance(prep: Token) -> bool:
    """A preposition whose object is a time or a reason ("for unspecified reasons", "for Monday")."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return pobj is not None and (pobj.ent_type_ in ("DATE", "TIME") or lemma_of(pobj) in (
        "reason", "time", "day", "week", "month", "hour", "moment", "while"))


def _describes(noun: Token) -> bool:
    """A noun that describes rather than reports an event: a predicate ("is a threat", "called it pressure",
    "described as pressure"), a modifier of another noun, a word inside a name, or the head of a vague plural
    that governs a clause ("talks about")."""
    if noun.dep_ in ("attr", "oprd", "compound") or in_name(noun):
        return True
    head = noun.head
    if noun.dep_ == "nsubj" and lemma_of(noun) in TEXT_NOUNS and is_reporting(head):
        return True  # "the release said": a text that speaks
    return noun.dep_ == "pobj" and head.lower_ == "as" and lemma_of(head.head) in DESCRIBING_VERBS


def event_noun(noun: Token) -> tuple[Sense, int] | None:
    """Sense and first token of a noun that triggers an event where it stands."""
    if lemma_of(noun) not in EVENT_NOUN_LEMMAS or not is_noun(noun) or _describes(noun):
        return None
    found = noun_sense(noun)
    if found is None or frees_nobody(noun):
        return None
    if noun.dep_ in ("dobj", "nsubjpass") and (_undoes(noun.head, noun) is not None
                                               or (lemma_of(noun.head), lemma_of(noun)) in VERB_OBJECT_SENSES):
        return None  # the verb is the trigger ("lifted the curfew", "signed an agreement")
    return found


def _undoes(verb: Token, noun: Token) -> Sense | None:
    """The sense of reversing or setting up `noun` when `verb` does that to it ("cut ties", "restored ties")."""
    if not is_verb(verb):
        return None
    lemma = lemma_of(verb)
    state = STATE_NOUNS.get(lemma_of(noun))
    if lemma in ESTABLISH_VERBS and state is not None:
        return state
    if lemma not in REVERSAL_VERBS:
        return None
    if state is not None:
        return reversed_sense(state)
    found = noun_sense(noun)
    if found is None:
        return None
    sense = found[0]
    if sense.type in OCCASION_TYPES and lemma in ("cancel", "scrap", "drop", "abandon"):
        return None  # cancelling a meeting is a status of the meeting, not an event of its own
    reversed_ = reversed_sense(sense, lemma_of(noun))
    return Sense(reversed_.type, sense.mode or reversed_.mode) if reversed_.type != "SANCTION" else reversed_


def carried_noun(verb: Token) -> Token | None:
    """The event noun a light verb carries ("held talks", "engaged in talks", "went on strike")."""
    lemma = lemma_of(verb)
    obj = direct_object(verb)
    if obj is not None and lemma in LIGHT_VERBS and event_noun(obj) is not None:
        return obj
    preps = PREPOSITIONAL_CARRIERS.get(lemma)
    if preps:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and event_noun(pobj) is not None and lemma not in VERB_SENSES:
                    return pobj
    return None


def complement_subject(verb: Token) -> Token | None:
    """The subject of the clause a verb governs, which the parser gives for an object the verb controls
    ("allowed inspectors to visit": inspectors)."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return counted(subject)
    return None


def agent(verb: Token) -> Token | None:
    """Who or what does the act: the active subject, or the "by" phrase of a passive ("were killed by artillery
    fire")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _weapon_mode(token: Token | None) -> str | None:
    """The conventional-force mode an agent gives an attack: a state's forces or weapons ("warplanes bombed":
    military), or an attack named with its weapon ("a missile attack killed": aerial, "artillery fire")."""
    if token is None:
        return None
    if state_force(token):
        return "military"
    found = noun_sense(token) if is_noun(token) else None
    if found is not None and found[0].type == "ASSAULT" and found[0].mode in MILITARY_MODES:
        return found[0].mode
    return None


def _instrument_mode(verb: Token) -> str | None:
    """The conventional-force mode of an attack the act was done in or with ("killed in an air strike", "shelled
    with artillery")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in INSTRUMENT_PREPOSITIONS:
            for pobj in child.children:
                mode = _weapon_mode(pobj) if pobj.dep_ == "pobj" else None
                if mode is not None:
                    return mode
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject of the verb whose complement it is ("are expected to talk")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ not in ("xcomp", "conj", "acomp") or verb.head.i == verb.i:
            return subject
        verb = verb.head
    return None


def _by_phone(verb: Token) -> bool:
    """"talk by phone", "spoke on the phone", "talked via video link"."""
    for child in verb.children:
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (lemma_of(pobj) in MODE_WORDS or any(
                        lemma_of(c) in MODE_WORDS for c in pobj.children if c.dep_ == "compound")):
                    return True
    return False


def _military(token: Token | None) -> bool:
    return token is not None and lemma_of(token) in MILITARY_NOUNS


def state_force(token: Token | None) -> bool:
    return token is not None and lemma_of(token) in STATE_FORCE_NOUNS


def _armed(token: Token | None) -> bool:
    """A state, its forces or their weapons ("Russia", "troops", "the missile"): who strikes so attacks; workers who
    strike walk out."""
    return token is not None and (state_force(token) or token.ent_type_ == "GPE")


def _peacekeeping(noun: Token) -> bool:
    """Peacekeepers, or troops or a force named for peacekeeping ("peacekeeping troops")."""
    return lemma_of(noun) in PEACEKEEPING_WORDS or any(
        c.dep_ in ("compound", "amod") and lemma_of(c) in PEACEKEEPING_WORDS for c in noun.children)


def _person(token: Token) -> bool:
    """A person or people ("the minister", "five soldiers", "Mr Smith")."""
    return token.ent_type_ == "PERSON" or lemma_of(token) in PEOPLE_NOUNS


def _named(token: Token) -> bool:
    return token.ent_type_ in NAMED or token.pos_ == "PROPN"


def _prepositional_sense(verb: Token, lemma: str) -> Sense | None:
    """The sense a prepositional phrase gives the verb ("took to the streets", "walked out of the talks")."""
    for child in verb.children:
        if child.dep_ not in ("prep", "prt"):
            continue
        heads = [(child.lower_, child)]
        heads += [(f"{child.lower_} {c.lower_}", c) for c in child.children if c.dep_ == "prep"]
        if child.dep_ == "prt":  # "walked out of": the parser may hang "of" on the verb
            heads += [(f"{child.lower_} {c.lower_}", c) for c in verb.children if c.dep_ == "prep"]
        for prep, holder in heads:
            for pobj in holder.children:
                sense = PREPOSITIONAL_SENSES.get((lemma, prep, lemma_of(pobj))) if pobj.dep_ == "pobj" else None
                if sense is not None:
                    return sense
    return None


def _mover(verb: Token) -> Token | None:
    """Who goes: the subject, or what its quantity word or "deployment of" phrase counts ("a first patch of
    troops", "the first deployment of NATO troops")."""
    subject = _subject(verb)
    if subject is None:
        return None
    counted_ = counted(subject)
    if counted_ is subject and lemma_of(subject) in CONTAINER_MOVERS:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return pobj if pobj is not None else subject
    return counted_


def _motion_sense(verb: Token) -> Sense | None:
    """A visit: someone (not troops) goes to a named place or person, or goes for talks ("flew to Lima",
    "travel to Lima for talks with ...", "left for Madrid"). Peacekeepers arriving are military protection given
    (CAMEO 074, AID), whatever word counts them ("a first contingent of peacekeeping troops arrived")."""
    mover = _mover(verb)
    if mover is not None and _peacekeeping(mover):
        return Sense("AID", "peacekeeping")
    if _military(mover) or direct_object(verb) is not None:
        return None
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in ("to", "for", "in", "into"):
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if _named(pobj) and (child.lower_ in ("to", "for") or lemma_of(verb) in ("arrive", "land")):
            return Sense("CONSULT", "visit")  # "flew to Lima", "left for Madrid", "arrived in Oslo"
        if child.lower_ == "for" and event_noun(pobj) is not None:
            return Sense("CONSULT", "visit")
    return None


def _conversation_sense(verb: Token) -> Sense | None:
    """Speaking with someone is consulting them when there is a partner that is not an audience ("spoke with
    the king", "X and Y talked", "called the premier"); "called for", "called on X to" ask for something."""
    lemma = lemma_of(verb)
    if lemma == "call":
        if particle(verb) is not None:
            return None
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children) or any(
                p.ent_type_ not in ("DATE", "TIME") for p in objects_through(verb, ("on", "upon"))):
            return Sense("REQUEST")  # "called on Congress to", not "On Thursday, Biden called Putin the aggressor"
        obj = direct_object(verb)
        if obj is not None and _named(obj) and not any(c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "dobj")
                                                       and c.i != obj.i for c in verb.children):
            return Sense("CONSULT", "phone")
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("with", "to"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and _named(pobj) and lemma_of(pobj) not in AUDIENCE_NOUNS:
                return Sense("CONSULT")
    if _by_phone(verb):
        return Sense("CONSULT", "phone")
    subject = _subject(verb)
    if subject is not None and (any(c.dep_ == "conj" for c in subject.children) or
                                (subject.tag_ == "NNS" and subject.lemma_ in ("leader", "side", "president"))):
        return Sense("CONSULT")
    return None


def verb_sense(verb: Token) -> tuple[Sense, str] | None:
    """The sense of a verb that triggers an event where it stands, and its lemma as the trigger ("pull out")."""
    lemma = lemma_of(verb)
    if lemma not in EVENT_VERB_LEMMAS or verb.dep_ == "amod" or in_name(verb):
        return None  # no word list knows the verb; "the proposed changes", "Operation Allied Force"
    obj = direct_object(verb)
    prepositional = _prepositional_sense(verb, lemma)
    if prepositional is not None:
        return prepositional, lemma
    prt = particle(verb)
    if prt is not None and (lemma, prt) in PHRASAL_SENSES:
        sense = PHRASAL_SENSES[(lemma, prt)]
        if not sense.type:
            return None  # "fire up the generators": no event with this particle
        if sense.type == "MOBILIZE" and not (_military(obj) or _military(_subject(verb))):
            return None  # "pressure is building up"
        if sense.mode == "destroy" and obj is not None and (obj.lower_ in REFLEXIVE_PRONOUNS or _person(obj)):
            return Sense("ASSAULT", "explosives"), f"{lemma} {prt}"  # "blew himself up": a bombing, not damage
        return sense, f"{lemma} {prt}"
    if obj is not None and _peacekeeping(obj) and (lemma in SENDING_VERBS or (lemma in VERB_SENSES
                                                   and VERB_SENSES[lemma].type in ("MOBILIZE", "AID"))):
        return Sense("AID", "peacekeeping"), lemma  # "deployed peacekeepers": CAMEO 074, not a show of force
    if obj is not None and (lemma, lemma_of(obj)) in VERB_OBJECT_SENSES:
        return VERB_OBJECT_SENSES[(lemma, lemma_of(obj))], lemma
    if any((lemma, lemma_of(partner)) in NO_EVENT_OBJECTS for partner in _partners(verb, obj)):
        return None  # "met the criteria", "was met with resistance": no meeting
    allowed = complement_subject(verb) if obj is None else None
    if allowed is not None and (lemma, lemma_of(allowed)) in VERB_OBJECT_SENSES:
        return VERB_OBJECT_SENSES[(lemma, lemma_of(allowed))], lemma  # "allowed inspectors to visit"
    if obj is not None:
        undone = _undoes(verb, obj)
        if undone is not None:
            return undone, lemma
    if carried_noun(verb) is not None:
        return None  # the noun is the trigger ("held talks")
    if lemma in MOTION_VERBS:
        motion = _motion_sense(verb)
        if motion is not None or lemma not in VERB_SENSES:
            return (motion, lemma) if motion is not None else None
    if lemma in CONVERSATION_VERBS:
        conversation = _conversation_sense(verb)
        return (conversation, lemma) if conversation is not None else None
    if lemma in PERSON_OBJECT_SENSES and obj is not None and (obj.ent_type_ in ("PERSON", "NORP")
                                                              or lemma_of(obj) in PEOPLE_NOUNS):
        return PERSON_OBJECT_SENSES[lemma], lemma
    if lemma in SENDING_VERBS and _sends_text(verb, obj) and _has_recipient(verb, obj):
        return Sense("CONSULT", "written"), lemma
    sense = VERB_SENSES.get(lemma)
    if sense is None:
        return None
    return _refine(verb, lemma, sense, obj)


def objects_through(token: Token, prepositions: Iterable[str]) -> list[Token]:
    """The objects of the token's prepositions that are among `prepositions` ("provided Kyiv with support" through
    "with": support)."""
    return [p for c in token.children if c.dep_ == "prep" and c.lower_ in prepositions for p in c.children
            if p.dep_ == "pobj"]


def _partners(verb: Token, obj: Token | None) -> list[Token]:
    """Who or what the verb is done with: its object, and the nouns after its "with" or "by" (a passive's agent
    too: "was met by scepticism")."""
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return ([obj] if obj is not None else []) + objects_through(verb, ("with", "by")) + agents


def _aimed(verb: Token) -> bool:
    """The verb aims what it sends at a target, someone or a place ("at civilians", "against Ukrainian troops",
    "on Kyiv"), not at a time or a state of things ("on Wednesday", "on hold")."""
    return any(p.ent_type_ not in ("DATE", "TIME") and (_party(p) or _person(p) or lemma_of(p) in PLACE_NOUNS)
               for p in objects_through(verb, AIMED_PREPOSITIONS))


def _gives_aid(verb: Token, obj: Token | None) -> bool:
    """What the verb hands over is aid (`aid_nouns.txt`), a military thing, a sum of money or a named product: its
    object, what it provides someone with ("provided Kyiv with financial support"), or the subject of a passive
    ("weapons were given"), or one of their conjuncts ("photographs and other military intelligence")."""
    things = [obj] if obj is not None else []
    if verb.dep_ in ("acl", "relcl"):
        things.append(verb.head)  # "weapons supplied by the U.S.", "the arms that Britain gave"
    things += [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]  # "Kiev isn't given the weaponry": both
    things += objects_through(verb, ("with",))
    return any(_aid_thing(counted(one)) for thing in things for one in (thing, *thing.conjuncts))


def _aid_thing(noun: Token) -> bool:
    """Aid, a military thing, money or a named product, or a quantity of one ("a package of weapons", "a full
    range of support", "90 artillery pieces")."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    held = [p for p in of.children if p.dep_ == "pobj"] if of is not None else []
    return any(lemma_of(n) in AID_NOUNS or _military(n) or n.ent_type_ in ("MONEY", "PRODUCT")
               or any(c.dep_ in ("compound", "amod") and (lemma_of(c) in AID_NOUNS or _military(c))
                      for c in n.children) for n in (noun, *held))


def _party(token: Token) -> bool:
    """Someone who can be helped: a name, a pronoun, a state or its forces ("Ukraine", "it", "the nation", "the
    troops")."""
    return (_named(token) or token.pos_ == "PRON" or token.lower_ in GOVERNMENT_NOUNS or state_force(token)
            or _military(token))


def _verb_complement(verb: Token) -> bool:
    """Another verb completes this one ("helped negotiate", "help to replace", "helped the rouble recover")."""
    return any(c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in verb.children)


def _has_recipient(verb: Token, obj: Token | None) -> bool:
    """Someone the text goes to ("sent Lima a reply", "a letter to his counterparts"), or a written
    text ("submitted its written proposals"); "sending confusing messages" sends nothing to anyone."""
    if any(c.dep_ in ("dative", "iobj") for c in verb.children):
        return True
    holders = [verb] + ([obj] if obj is not None else [])
    if any(c.dep_ == "prep" and c.lower_ in ("to", "with") for h in holders for c in h.children):
        return True
    return obj is not None and any(lemma_of(c) == "written" for c in obj.children)


def _sends_text(verb: Token, obj: Token | None) -> bool:
    """"sent Lima a written reply", "provided Ottawa with written proposals": a text passed to someone."""
    texts = ([obj] if obj is not None else []) + objects_through(verb, ("with",))
    return any(lemma_of(t) in WRITTEN_NOUNS for t in texts)


def released_thing(trigger: Token) -> Token | None:
    """What a "release" releases: the verb's object, the subject of its passive, the noun a participle describes
    ("a report released on Monday"), or the "of" phrase of the noun ("the release of the report")."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        of = next((c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    obj = direct_object(trigger)
    if obj is None and trigger.dep_ in ("acl", "relcl"):
        return trigger.head
    return obj


def frees_nobody(trigger: Token) -> bool:
    """A "release" of something that is neither a person nor held property: a report, figures, oil from the
    reserves, a new phone ("released a statement", "the release of oil"), which is no retreat. A release that names
    nothing released ("Griner's release") frees someone."""
    if lemma_of(trigger) != "release":
        return False
    thing = released_thing(trigger)
    if thing is None:
        return False
    thing = counted(thing)
    named = [c for c in thing.children if c.dep_ == "appos"]  # "the mayor Ivan Fedorov"
    return not any(_party(one) or _person(one) or one.ent_type_ == "NORP" or lemma_of(one) in HELD_NOUNS
                   for one in (thing, *named))


def _delegation(verb: Token) -> tuple[Sense, str] | None:
    """Sending a team or an envoy: its errand is the event when the sentence names one ("sent a team to
    investigate"); else a visit when it goes to a named place or person ("sent an envoy to Damascus", CAMEO 042);
    else nothing."""
    if any(c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB" for c in verb.children):
        return None
    obj = direct_object(verb)
    for holder in (verb, obj) if obj is not None else (verb,):  # "sent an envoy to Damascus": either may hold it
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "to" and any(
                    p.dep_ == "pobj" and _named(p) for p in child.children):
                return Sense("CONSULT", "visit"), lemma_of(verb)
    return None


def _refine(verb: Token, lemma: str, sense: Sense, obj: Token | None) -> tuple[Sense, str] | None:
    """Senses that depend on the verb's arguments: giving a statement is not aid, releasing one is not freeing
    anyone, striking a target is an attack (striking workers protest), a military subject makes an attack
    military."""
    if sense.type == "AID" and obj is not None and lemma_of(obj) in SAID_NOUNS:
        return None  # "gave a speech"
    if lemma in DISMISSAL_VERBS and obj is not None and (_person(obj) or obj.lower_ in PERSONAL_PRONOUNS
                                                         or lemma_of(obj) in TITLE_NOUNS):
        return None  # "fired the cybersecurity chief": a dismissal
    if lemma in STATE_DOER_SENSES and (doer := agent(verb)) is not None and (_armed(doer)
                                                                          or doer.lower_ in GOVERNMENT_NOUNS):
        return STATE_DOER_SENSES[lemma], lemma  # "Lithuania blocked the transit": a restriction, not a protest
    sent = counted(obj) if lemma in SENDING_VERBS and obj is not None else None
    if sent is not None and _military(sent) and _aimed(verb):
        return Sense("ASSAULT", _weapon_mode(sent) or "military"), lemma  # "sent missiles at civilians"
    if lemma in AID_GIVING_VERBS and not _gives_aid(verb, obj):
        return None  # "gave him control", "provided cover", "given three hours"
    if lemma in HELPING_VERBS and _verb_complement(verb):
        helped = obj if obj is not None else complement_subject(verb)  # the parser's subject of "Ukraine resist"
        if helped is None or not _party(helped):
            return None  # "helped negotiate a truce": what it helps do is the event ("helped Ukraine resist": aid)
    if sense.type == "AID" and obj is not None and lemma_of(obj) in DELEGATE_NOUNS:
        return _delegation(verb)
    if frees_nobody(verb):
        return None
    if (lemma == "demonstrate" and obj is not None) or (lemma in ("return", "occupy") and obj is None):
        return None  # "demonstrated support" shows; "returned to work" goes back; "occupy" takes an object
    if lemma == "occupy" and obj is not None and not (obj.ent_type_ in ("GPE", "LOC", "FAC")
                                                      or lemma_of(obj) in PLACE_NOUNS):
        return None  # "occupy a prominent position"
    if lemma == "hold":
        return None  # only with people as its object (PERSON_OBJECT_SENSES)
    if lemma == "strike" and (obj is not None or _armed(_subject(verb))):
        return Sense("ASSAULT", "military"), lemma  # "struck Kyiv", "the missile struck", "Russia has struck"
    if lemma in ("ask", "seek") and any(c.dep_ == "xcomp" for c in verb.children) and obj is None:
        return None  # "seeking to end the crisis": an intention, read as the status of the complement
    if lemma == "ask" and any(c.dep_ in ("ccomp", "advcl") and any(m.lower_ in ("if", "whether")
                                                                   for m in c.children) for c in verb.children):
        return None  # "asked her if ...": a question
    if lemma == "warn" and not any(c.dep_ == "prep" and c.lower_ in ("of", "against") for c in verb.children):
        return None  # "warned that ...": a forecast, or read through what it governs ("warned it would strike")
    if lemma in ("promise", "pledge", "vow", "swear", "offer", "commit") and _complement_has_event(verb):
        return None  # an intention: the status of what is promised ("promised to withdraw")
    if sense.type == "ASSAULT" and sense.mode is None and state_force(_subject(verb)):
        return Sense("ASSAULT", "military"), lemma
    if sense.type == "ASSAULT" and sense.mode in (None, "explosives"):
        mode = _weapon_mode(agent(verb)) or _instrument_mode(verb)
        if mode is not None:
            return Sense("ASSAULT", mode), lemma  # conventional weapons: PLOVER 0.5 FIGHT
    if is_reporting(verb) and sense.type in ("REQUEST", "ACCUSE") and lemma in ("insist", "charge", "question"):
        return None
    return sense, lemma


def adjective_sense(adjective: Token) -> Sense | None:
    """A stance stated by a predicate adjective ("is opposed to", "was critical of", "is open to talks")."""
    sense = ADJECTIVE_SENSES.get(adjective.lower_)
    if sense is None or adjective.dep_ not in ("acomp", "ROOT", "conj", "xcomp", "ccomp"):
        return None
    preps = {c.lower_ for c in adjective.children if c.dep_ == "prep"}
    if adjective.lower_ in ("open", "committed", "receptive", "hostile", "sympathetic") and not preps & {"to"}:
        return None  # "the border is open", "a committed ally"
    if adjective.lower_ == "committed" and _complement_has_event(adjective):
        return None  # "committed to withdrawing": the status of the withdrawal
    return sense


def _complement_has_event(verb: Token) -> bool:
    """Whether the clause a verb governs names an event of its own."""
    for child in verb.children:
        if child.dep_ not in ("xcomp", "ccomp", "prep"):
            continue
        for token in child.subtree:
            if (token.pos_ == "VERB" and verb_sense(token) is not None) or (
                    token.pos_ == "NOUN" and event_noun(token) is not None):
                return True
    return False


def find_triggers(tokens: list[Token]) -> list[Trigger]:
    """Every trigger among the tokens of one sentence, in reading order. Only verbs, adjectives and nouns can be
    triggers: a caller may pass those alone."""
    found: list[Trigger] = []
    for token in tokens:
        pos = token.pos_
        if pos in ("VERB", "AUX"):
            if not is_verb(token):
                continue
            read = verb_sense(token)
            if read is not None:
                sense, lemma = read
                obj = direct_object(token)
                undone = obj if obj is not None and _undoes(token, obj) is not None else None
                found.append(Trigger(token, token.i, token.i, lemma, sense, False, undone))
        elif pos == "ADJ":
            stance = adjective_sense(token)
            if stance is not None:
                found.append(Trigger(token, token.i, token.i, token.lower_, stance, False))
        elif pos in ("NOUN", "PROPN"):
            noun = event_noun(token)
            if noun is not None:
                sense, first = noun
                carrier = carrier_of(token)
                if sense.type == "PROTEST" and carrier is not None and lemma_of(carrier) in VERBAL_LIGHT_VERBS:
                    sense = Sense("ACCUSE", "protest")  # "lodged a protest": a complaint, not a demonstration
                found.append(Trigger(token, first, token.i, lemma_of(token), sense, True, carrier))
    return found


def carrier_of(noun: Token) -> Token | None:
    """The light verb that carries an event noun ("held" for "held talks"), if any."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and is_verb(head) and carried_noun(head) is not None:
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and is_verb(head.head):
        carried = carried_noun(head.head)
        if carried is not None and carried.i == noun.i:  # spaCy makes a new Token on every walk: compare indices
            return head.head
    return None
