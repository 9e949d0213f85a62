"""General English word lists the event extractor uses: trigger words typed in the PLOVER ontology, and modes.

Written by us from general English and the PLOVER category definitions (Open Event Data Alliance, PLOVER
codebook; the 2021 CAMEO-to-PLOVER table for the meaning of each category and mode). Every entry is a lemma as
spaCy's English lemmatiser writes it. Nothing here names a person, place or story.

Types are the sixteen PLOVER categories in use since 2021 (`PLOVER_TYPES`). PLOVER 0.5 (the version of the
public gold-standard records) had four more that later versions fold into these: DEMAND is REQUEST, DISAPPROVE
and INVESTIGATE are ACCUSE (INVESTIGATE is the mode "investigate"), FIGHT is ASSAULT with conventional military
force (modes "military", "firearms", "heavy-weapons", "aerial"). `legacy_type` gives the 0.5 category, so both
versions' full lists are expressible.

The word lists themselves are data files in `storyline/lexicons/events/` (one row per word: word, type, mode),
each with a header saying what it holds; this module gives them the names the extractor imports. The category
names and the rules that relate them stay here: they are the ontology, not vocabulary.
"""

from __future__ import annotations

from typing import NamedTuple

from storyline.lexicon_files import groups, rows, table, words
from storyline.quotes.lexicon import ORGANIZATION_NOUNS

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
LEGACY_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
                "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT")
# Modes of ASSAULT that are conventional military force: PLOVER 0.5's FIGHT.
MILITARY_MODES = frozenset({"military", "firearms", "heavy-weapons", "aerial"})
# The categories a coder reads as cooperation and as conflict (PLOVER's quad classes, material and verbal).
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE = frozenset({"SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "PROTEST", "THREATEN"})


def legacy_type(type_: str, mode: str | None) -> str:
    """The PLOVER 0.5 category of an event typed in the current categories."""
    if type_ == "REQUEST":
        return "DEMAND"
    if type_ == "ACCUSE":
        return "INVESTIGATE" if mode == "investigate" else "DISAPPROVE"
    if type_ == "ASSAULT" and mode in MILITARY_MODES:
        return "FIGHT"
    return type_


def current_type(legacy: str) -> str:
    """The current category of a PLOVER 0.5 category."""
    return {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}.get(legacy,
                                                                                                          legacy)


class Sense(NamedTuple):
    """What a trigger means: its PLOVER type and, when the word itself says it, the mode."""

    type: str
    mode: str | None = None


def _sense(type_: str, mode: str) -> Sense:
    """A sense from its two cells in a lexicon file, where "-" is no type (not an event at all) or no mode."""
    return Sense("" if type_ == "-" else type_, None if mode == "-" else mode)


def senses(name: str) -> dict[str, Sense]:
    """word -> sense, from a lexicon file whose rows are: word, type, mode."""
    return {word: _sense(type_, mode) for word, type_, mode in rows(name)}


def pair_senses(name: str) -> dict[tuple[str, str], Sense]:
    """(word, other word) -> sense, from a lexicon file whose rows are: word, other word, type, mode."""
    return {(word, other): _sense(type_, mode) for word, other, type_, mode in rows(name)}


# -- verbs ----------------------------------------------------------------------------------------------------
# The hand-written list first; the second list, filled in code by code from the CAMEO-to-PLOVER table, only adds
# lemmas the first does not type.
VERB_SENSES: dict[str, Sense] = {**senses("events/verb_senses_codebook"), **senses("events/verb_senses")}
# Verbs that take a sense only with their particle ("pulled out", "backed down", "blew up").
PHRASAL_SENSES: dict[tuple[str, str], Sense] = pair_senses("events/phrasal_senses")
# Verbs whose sense depends on their object ("opened fire", "sought refuge", "met the demands").
VERB_OBJECT_SENSES: dict[tuple[str, str], Sense] = pair_senses("events/verb_object_senses")
# Verb-partner pairs that name no event ("met the criteria", "met with resistance").
NO_EVENT_OBJECTS: frozenset[tuple[str, str]] = frozenset((verb, other) for verb, others in
                                                       groups("events/no_event_objects").items() for other in others)
# Descriptions of a state's institutions, which a country's name can stand for ("the government", "the nation").
GOVERNMENT_NOUNS = words("events/government_nouns")
# Verbs of handing over that are aid only when what they hand over is aid, and what is ("gave Ukraine weapons").
AID_GIVING_VERBS = words("events/aid_giving_verbs")
AID_NOUNS = words("events/aid_nouns")
# Pronouns for people ("he", "him").
PERSONAL_PRONOUNS = words("events/personal_pronouns")
# Prepositions that aim what is sent at a target ("sent missiles at civilians": an attack).
AIMED_PREPOSITIONS = words("events/aimed_prepositions")
# Verbs that dismiss a person from a post rather than attack ("fired the cybersecurity chief").
DISMISSAL_VERBS = words("events/dismissal_verbs")
# Verbs whose sense changes when a state does them ("Lithuania blocked the transit": COERCE restrict).
STATE_DOER_SENSES: dict[str, Sense] = senses("events/state_doer_senses")
# Common nouns for parties a demand can be made of ("the government must", "the alliance should").
ACTOR_NOUNS = ORGANIZATION_NOUNS | words("events/actor_nouns")
# Nouns for people and bodies that a definite description can refer back to ("the minister", "the ministry").
TITLE_NOUNS = words("events/title_nouns")
# What releasing frees besides people ("released the seized tanker").
HELD_NOUNS = words("events/held_nouns")
# Verbs whose verbal complement is the event ("helped negotiate a truce").
HELPING_VERBS = words("events/helping_verbs")
# Adjectives that state a stance as an event ("is opposed to the plan", "was critical of", "is committed to").
ADJECTIVE_SENSES: dict[str, Sense] = senses("events/adjective_senses")
# Verbs whose object is the topic or the thing moved, not a participant ("discussed limits", "deployed troops").
THEME_OBJECT_VERBS = words("events/theme_object_verbs")
# Verbs of going somewhere: a visit when a person goes to a place or to someone ("flew to Lima for talks").
MOTION_VERBS = words("events/motion_verbs")
# Verbs of speaking with someone: a consultation when they have a partner ("spoke with X", "X and Y talked").
CONVERSATION_VERBS = words("events/conversation_verbs")
# Subjects that make a verb of going or fighting military ("troops traveled to", "tanks fired").
MILITARY_NOUNS = words("events/military_nouns")
# Of those, a state's armed forces: their attacks are conventional military force (PLOVER 0.5 FIGHT); attacks by
# guerrillas, militias or gunmen stay ASSAULT.
STATE_FORCE_NOUNS = words("events/state_force_nouns")
# Nouns that stand for an event named by their modifier ("a mediation effort", "the peace process", "an aid
# program"): the modifier gives the sense, the pair is the trigger.
CONTAINER_NOUNS = words("events/container_nouns")
# Words that count a noun rather than name it: the object is their "of" phrase ("thousands of refugees").
QUANTITY_WORDS = words("events/quantity_words")

# -- nouns ----------------------------------------------------------------------------------------------------
NOUN_SENSES: dict[str, Sense] = {**senses("events/noun_senses_codebook"), **senses("events/noun_senses")}
# Nouns that are an event only through a verb that sets up or reverses them ("restored ties", "cut relations").
STATE_NOUNS: dict[str, Sense] = senses("events/state_nouns")
# A modifier that changes what a noun means ("hunger strike", "air strike", "phone call", "military aid").
MODIFIED_SENSES: dict[tuple[str, str], Sense] = pair_senses("events/modified_senses")
# Nouns whose "of" phrase is who undergoes it ("the shelling of the town"); for the rest it is who acts ("a
# meeting of the council", "the withdrawal of troops").
OF_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SUPPORT", "ACCUSE", "SANCTION"})
# Nouns before which a place's name is where the act was done, not who did it: "the Ukraine invasion", "the Crimea
# annexation", "the Mariupol siege" (a demonym or a possessive still acts: "Russian invasion", "Russia's invasion").
# Sanctions are left out: "US sanctions" is who imposes them as often as "Iran sanctions" is who suffers them.
PLACE_MODIFIER_TARGET_TYPES = frozenset({"ASSAULT", "COERCE"})
# Nouns whose "of" phrase is what they are about ("threats of sanctions", "demands of security guarantees").
OF_CONTENT_TYPES = frozenset({"THREATEN", "REQUEST", "AGREE", "REJECT"})

# -- verbs that carry another word's event ----------------------------------------------------------------------
# Light verbs: their event noun is the trigger, their subject the actor ("held talks", "paid a visit"). Verbs with
# a meaning of their own ("rejected the proposal", "agreed to talks") are not here: they are events themselves.
LIGHT_VERBS = words("events/light_verbs")
# Light verbs that make a protest verbal ("lodged a protest"): the event is then an accusation.
VERBAL_LIGHT_VERBS = words("events/verbal_light_verbs")
# Verbs that undo a measure or a relation: lifting a curfew concedes, cutting aid sanctions ("lifted the ban",
# "suspended aid", "ended the blockade", "severed ties").
REVERSAL_VERBS = words("events/reversal_verbs")
# Verbs that set up or renew a relation ("established ties", "restored relations").
ESTABLISH_VERBS = words("events/establish_verbs")
# Cancelling or putting off an event that was scheduled ("cancelled the meeting", "had to reschedule the call").
CANCEL_VERBS = words("events/cancel_verbs")
CANCEL_PARTICLES = table("events/cancel_particles")
# Types of a noun that a cancel verb puts off rather than reverses: occasions, not measures.
OCCASION_TYPES = frozenset({"CONSULT", "PROTEST"})


# Restrictions imposed by force of arms: lifting one is easing a military blockade (CAMEO 0872, RETREAT), not
# easing an administrative restriction (081, CONCEDE).
MILITARY_RESTRICTIONS = words("events/military_restrictions")


def reversed_sense(sense: Sense, noun: str = "") -> Sense:
    """What undoing an event means: lifting a restriction concedes, ending a measure or an attack retreats,
    cutting cooperation sanctions (PLOVER: "ease administrative sanctions", "ease restrictions on political
    freedoms" CONCEDE, "ease economic sanctions", "ease military blockade" and "de-escalate" RETREAT, "reduce or
    stop aid", "halt negotiations", "reduce relations" SANCTION). `noun` is the lemma of what is undone."""
    if sense.type == "COERCE" and (sense.mode in ("curfew", "martial-law", "ban", "censor")
                                   or (sense.mode == "restrict" and noun not in MILITARY_RESTRICTIONS)):
        return Sense("CONCEDE", "ease")
    if sense.type in ("COERCE", "SANCTION", "MOBILIZE", "ASSAULT", "THREATEN"):
        return Sense("RETREAT", "ease")
    if sense.type == "PROTEST":
        return Sense("CONCEDE", "ease")
    return Sense("SANCTION", "discontinue")


# -- modes ----------------------------------------------------------------------------------------------------
# Words near a trigger that say how it was done ("talked by phone", "met via video link").
MODE_WORDS: dict[str, str] = table("events/mode_words")
# How an event was carried out, for the modes that say it: two mentions whose modes fall in different channels are
# different events (storyline.events.merge), and an event noun of a channel shares the time of the clause it is
# "on" ("on a visit", storyline.events.extract). Modes not listed (kinds of sanctions, of troops) never conflict.
CHANNELS = {"phone": "remote", "written": "written", "visit": "in person", "host": "in person",
            "meeting": "in person"}
# Modifiers of a MOBILIZE noun that say what was mobilised.
MOBILIZE_MODES = table("events/mobilize_modes")
# Modifiers of SANCTION that say their kind.
SANCTION_MODES = table("events/sanction_modes")
