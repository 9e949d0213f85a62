"""General English word lists the event extractor uses: trigger words typed in the PLOVER ontology, and modes.

Written by us from general English and the PLOVER category definitions (Open Event Data Alliance, PLOVER
codebook; the 2021 CAMEO-to-PLOVER table for the meaning of each category and mode). Every entry is a lemma as
spaCy's English lemmatiser writes it. Nothing here names a person, place or story.

Types are the sixteen PLOVER categories in use since 2021 (`PLOVER_TYPES`). PLOVER 0.5 (the version of the
public gold-standard records) had four more that later versions fold into these: DEMAND is REQUEST, DISAPPROVE
and INVESTIGATE are ACCUSE (INVESTIGATE is the mode "investigate"), FIGHT is ASSAULT with conventional military
force (modes "military", "firearms", "heavy-weapons", "aerial"). `legacy_type` gives the 0.5 category, so both
versions' full lists are expressible.
"""

from __future__ import annotations

from typing import NamedTuple

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


def _senses(type_: str, words: str, mode: str | None = None) -> dict[str, Sense]:
    return {word: Sense(type_, mode) for word in words.split()}


# -- verbs ----------------------------------------------------------------------------------------------------
VERB_SENSES: dict[str, Sense] = {
    **_senses("AGREE", "agree accept pledge promise offer vow consent commit reconcile settle"),
    **_senses("CONSULT", "meet negotiate consult confer discuss mediate brief"),
    **_senses("CONSULT", "visit tour", "visit"),
    **_senses("CONSULT", "host", "host"),
    **_senses("CONSULT", "phone telephone", "phone"),
    **_senses("SUPPORT", "support back endorse praise hail applaud commend defend recognize recognise apologize "
                         "apologise forgive thank congratulate reassure sympathize champion welcome laud salute "
                         "ratify approve embrace"),
    **_senses("COOPERATE", "cooperate collaborate coordinate partner ally extradite invest"),
    **_senses("AID", "aid assist help provide supply deliver donate grant fund finance rescue shelter evacuate "
                     "send give lend subsidize subsidise airlift feed resettle"),
    **_senses("AID", "train equip arm protect escort", "military"),
    **_senses("CONCEDE", "concede yield compromise accede allow permit relent comply acquiesce capitulate cave "
                         "legalize legalise"),
    **_senses("RETREAT", "withdraw retreat release free surrender disarm demobilize demobilise resign "
                         "de-escalate deescalate return evacuate vacate repatriate"),
    **_senses("RETREAT", "pardon", "release"),
    **_senses("REQUEST", "demand request ask urge appeal press seek implore beg petition order invite lobby "
                         "exhort command instruct plead"),
    **_senses("ACCUSE", "accuse blame criticize criticise condemn denounce complain decry slam blast rebuke summon "
                        "reprimand censure sue charge indict convict fault castigate chastise lambast deplore "
                        "disapprove assail berate vilify chide scold sentence prosecute"),
    **_senses("ACCUSE", "investigate probe question interrogate inspect inquire", "investigate"),
    **_senses("REJECT", "reject refuse decline dismiss oppose veto rebuff spurn repudiate renege defy violate "
                        "resist disregard ignore snub"),
    **_senses("THREATEN", "threaten menace"),
    **_senses("PROTEST", "protest rally march picket revolt mutiny"),
    **_senses("PROTEST", "demonstrate", "demo"),
    **_senses("PROTEST", "riot", "riot"),
    **_senses("PROTEST", "boycott", "boycott"),
    **_senses("PROTEST", "strike", "strike"),
    **_senses("PROTEST", "block barricade obstruct", "obstruct"),
    **_senses("SANCTION", "sanction embargo sever downgrade blacklist"),
    **_senses("SANCTION", "expel", "expel"),
    **_senses("MOBILIZE", "mobilize mobilise deploy amass mass station reinforce patrol muster"),
    **_senses("MOBILIZE", "drill", "exercise"),
    **_senses("COERCE", "arrest", "arrest"),
    **_senses("COERCE", "expropriate nationalize nationalise impound", "seize"),
    **_senses("COERCE", "disperse", "restrict"),
    **_senses("COERCE", "detain jail imprison kidnap abduct hold", "detain"),
    **_senses("COERCE", "seize confiscate annex occupy capture", "seize"),
    **_senses("COERCE", "deport evict", "deport"),
    **_senses("COERCE", "ban outlaw prohibit", "ban"),
    **_senses("COERCE", "censor", "censor"),
    **_senses("COERCE", "blockade restrict", "restrict"),
    **_senses("COERCE", "destroy demolish raze bulldoze sabotage", "destroy"),
    **_senses("COERCE", "hack coerce pressure pressurize intimidate suppress repress"),
    **_senses("ASSAULT", "attack kill murder assault massacre wound injure maim stab lynch ambush hijack behead "
                         "torch raid"),
    **_senses("ASSAULT", "assassinate", "assassinate"),
    **_senses("ASSAULT", "torture", "torture"),
    **_senses("ASSAULT", "beat", "beat"),
    **_senses("ASSAULT", "rape", "sexual"),
    **_senses("ASSAULT", "bomb", "explosives"),
    **_senses("ASSAULT", "fight clash battle invade storm retake recapture overrun", "military"),
    **_senses("ASSAULT", "shoot fire gun", "firearms"),
    **_senses("ASSAULT", "shell bombard pound", "heavy-weapons"),
}
# Verbs that take a sense only with their particle ("pulled out", "backed down", "blew up").
PHRASAL_SENSES: dict[tuple[str, str], Sense] = {
    ("pull", "out"): Sense("RETREAT", "withdraw"), ("pull", "back"): Sense("RETREAT", "withdraw"),
    ("move", "back"): Sense("RETREAT", "withdraw"), ("step", "back"): Sense("RETREAT"),
    ("back", "down"): Sense("CONCEDE"), ("back", "off"): Sense("CONCEDE"), ("back", "away"): Sense("CONCEDE"),
    ("give", "in"): Sense("CONCEDE"), ("step", "down"): Sense("RETREAT"), ("stand", "down"): Sense("RETREAT"),
    ("hand", "over"): Sense("RETREAT", "release"), ("give", "up"): Sense("RETREAT"),
    ("lay", "down"): Sense("RETREAT", "disarm"), ("stand", "by"): Sense("SUPPORT"),
    ("blow", "up"): Sense("COERCE", "destroy"), ("beat", "up"): Sense("ASSAULT", "beat"),
    ("crack", "down"): Sense("COERCE"), ("lock", "up"): Sense("COERCE", "detain"),
    ("build", "up"): Sense("MOBILIZE", "troops"), ("move", "away"): Sense("RETREAT", "withdraw"),
    ("pull", "away"): Sense("RETREAT", "withdraw"), ("back", "up"): Sense("SUPPORT"),
    ("lash", "out"): Sense("ACCUSE"), ("walk", "out"): Sense("PROTEST"), ("break", "off"): Sense("SANCTION"),
    ("cut", "off"): Sense("SANCTION"), ("shut", "down"): Sense("COERCE", "restrict"),
    ("set", "up"): Sense("COOPERATE"),
    ("force", "out"): Sense("COERCE", "deport"), ("team", "up"): Sense("COOPERATE"), ("sign", "up"): Sense("AGREE"),
    ("shoot", "down"): Sense("ASSAULT", "military"), ("gun", "down"): Sense("ASSAULT", "firearms"),
    ("turn", "down"): Sense("REJECT"), ("rule", "out"): Sense("REJECT"), ("brush", "aside"): Sense("REJECT"),
    ("shrug", "off"): Sense("REJECT"), ("look", "into"): Sense("ACCUSE", "investigate"),
    ("round", "up"): Sense("COERCE", "arrest"), ("cordon", "off"): Sense("COERCE", "restrict"),
    ("close", "down"): Sense("COERCE", "restrict"), ("stand", "with"): Sense("SUPPORT"),
}
# Verbs whose sense depends on their object ("opened fire", "sought refuge", "met the demands").
VERB_OBJECT_SENSES: dict[tuple[str, str], Sense] = {
    ("open", "fire"): Sense("ASSAULT", "firearms"), ("open", "border"): Sense("AID", "asylum"),
    ("accept", "demand"): Sense("CONCEDE"), ("accept", "condition"): Sense("CONCEDE"),
    ("accept", "request"): Sense("CONCEDE"), ("accept", "ultimatum"): Sense("CONCEDE"),
    **{("withdraw", word): Sense("SANCTION", "withdraw") for word in (
        "peacekeeper", "inspector", "observer", "monitor", "diplomat", "ambassador", "envoy", "staff", "mission",
        "personnel", "worker", "embassy")},
    ("open", "embassy"): Sense("SUPPORT"), ("seek", "refuge"): Sense("REQUEST", "asylum"),
    **{("sign", word): Sense("SUPPORT") for word in ("agreement", "deal", "accord", "pact", "treaty", "memorandum",
                                                     "declaration", "contract", "protocol", "charter", "communique")},
    **{("share", word): Sense("COOPERATE") for word in ("information", "intelligence", "evidence", "data",
                                                        "expertise", "technology", "experience", "knowledge")},
    ("seek", "asylum"): Sense("REQUEST", "asylum"), ("meet", "demand"): Sense("CONCEDE"),
    ("meet", "condition"): Sense("CONCEDE"), ("meet", "requirement"): Sense("CONCEDE"),
    ("take", "hostage"): Sense("COERCE", "detain"), ("take", "control"): Sense("COERCE", "seize"),
    ("gain", "control"): Sense("COERCE", "seize"), ("seize", "control"): Sense("COERCE", "seize"),
    ("cross", "border"): Sense("ASSAULT", "military"),
    ("raise", "alert"): Sense("MOBILIZE", "alert"), ("place", "alert"): Sense("MOBILIZE", "alert"),
    ("put", "alert"): Sense("MOBILIZE", "alert"), ("lift", "ban"): Sense("CONCEDE"),
    ("strike", "deal"): Sense("AGREE"),
    ("make", "concession"): Sense("CONCEDE"),
    ("extend", "hand"): Sense("SUPPORT"), ("sound", "alarm"): Sense("ACCUSE"),
    ("send", "troop"): Sense("MOBILIZE", "troops"), ("send", "force"): Sense("MOBILIZE", "troops"),
    ("move", "troop"): Sense("MOBILIZE", "troops"), ("move", "force"): Sense("MOBILIZE", "troops"),
    ("send", "soldier"): Sense("MOBILIZE", "troops"), ("place", "troop"): Sense("MOBILIZE", "troops"),
    ("withdraw", "diplomat"): Sense("SANCTION", "withdraw"), ("recall", "ambassador"): Sense("SANCTION", "withdraw"),
    ("withdraw", "ambassador"): Sense("SANCTION", "withdraw"), ("withdraw", "support"): Sense("SANCTION"),
    ("summon", "ambassador"): Sense("ACCUSE"), ("summon", "envoy"): Sense("ACCUSE"),
    ("freeze", "asset"): Sense("SANCTION", "financial"), ("freeze", "account"): Sense("SANCTION", "financial"),
    ("close", "border"): Sense("COERCE", "restrict"), ("close", "embassy"): Sense("SANCTION", "withdraw"),
    ("close", "airspace"): Sense("COERCE", "restrict"), ("close", "crossing"): Sense("COERCE", "restrict"),
    ("test", "missile"): Sense("MOBILIZE", "weapons"), ("launch", "missile"): Sense("MOBILIZE", "weapons"),
    ("fire", "missile"): Sense("ASSAULT", "aerial"), ("exchange", "prisoner"): Sense("RETREAT", "release"),
    ("exchange", "fire"): Sense("ASSAULT", "firearms"), ("express", "concern"): Sense("ACCUSE"),
    ("express", "support"): Sense("SUPPORT"), ("express", "solidarity"): Sense("SUPPORT"),
    ("lay", "siege"): Sense("COERCE", "restrict"), ("declare", "war"): Sense("THREATEN", "military"),
    ("declare", "ceasefire"): Sense("RETREAT", "ceasefire"), ("declare", "truce"): Sense("RETREAT", "ceasefire"),
    ("declare", "emergency"): Sense("COERCE", "martial-law"),
}
# Adjectives that state a stance as an event ("is opposed to the plan", "was critical of", "is committed to").
ADJECTIVE_SENSES: dict[str, Sense] = {
    "opposed": Sense("REJECT"), "critical": Sense("ACCUSE"), "supportive": Sense("SUPPORT"),
    "committed": Sense("AGREE"), "open": Sense("AGREE"), "hostile": Sense("ACCUSE"),
    "receptive": Sense("AGREE"), "sympathetic": Sense("SUPPORT"),
}
# Verbs whose object is the topic or the thing moved, not a participant ("discussed limits", "deployed troops").
THEME_OBJECT_VERBS = frozenset({"discuss", "negotiate", "debate", "mediate", "share", "coordinate", "deploy",
                                "send", "sign", "give", "provide", "supply", "deliver", "grant", "fund",
                                "finance", "withdraw", "release", "return", "mass", "amass", "station", "build",
                                "move", "place", "extend", "lift", "ease", "impose", "suspend", "end", "halt",
                                "cut", "freeze", "demand", "request", "seek", "propose", "offer", "accept",
                                "reject", "refuse", "decline", "block", "boycott", "launch", "begin", "resume"})
# Verbs of going somewhere: a visit when a person goes to a place or to someone ("flew to Lima for talks").
MOTION_VERBS = frozenset({"travel", "fly", "arrive", "go", "come", "head", "jet", "journey", "return", "leave"})
# Verbs of speaking with someone: a consultation when they have a partner ("spoke with X", "X and Y talked").
CONVERSATION_VERBS = frozenset({"talk", "speak", "chat", "converse", "call"})
# Subjects that make a verb of going or fighting military ("troops traveled to", "tanks fired").
MILITARY_NOUNS = frozenset({
    "troop", "force", "army", "soldier", "military", "tank", "jet", "warplane", "helicopter", "aircraft", "navy",
    "warship", "ship", "vessel", "artillery", "unit", "battalion", "brigade", "division", "regiment", "militia",
    "militiaman", "guerrilla", "rebel", "fighter", "gunman", "paratrooper", "marine", "infantry", "drone",
    "missile", "bomber", "submarine", "reservist", "personnel", "contingent", "peacekeeper", "insurgent",
    "separatist", "police", "policeman", "commando", "sniper", "mercenary",
})
# Of those, a state's armed forces: their attacks are conventional military force (PLOVER 0.5 FIGHT); attacks by
# guerrillas, militias or gunmen stay ASSAULT.
STATE_FORCE_NOUNS = frozenset({
    "troop", "force", "army", "soldier", "military", "tank", "jet", "warplane", "helicopter", "aircraft", "navy",
    "warship", "artillery", "battalion", "brigade", "division", "regiment", "paratrooper", "marine", "infantry",
    "drone", "missile", "bomber", "submarine", "airforce",
})
# Nouns that stand for an event named by their modifier ("a mediation effort", "the peace process", "an aid
# program"): the modifier gives the sense, the pair is the trigger.
CONTAINER_NOUNS = frozenset({"effort", "process", "package", "program", "programme", "mission", "operation",
                             "campaign", "bid", "initiative", "drive", "round", "deliveries", "delivery", "shipment",
                             "plan", "scheme", "project", "activity", "measure", "move", "step", "exercise"})
# Words that count a noun rather than name it: the object is their "of" phrase ("thousands of refugees").
QUANTITY_WORDS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million",
                            "millions", "some", "part", "many", "most", "all", "number", "group", "portion", "half",
                            "rest", "scores", "score", "lot", "lots", "majority", "handful", "any", "each", "one",
                            "two", "three", "several", "few"})

# -- nouns ----------------------------------------------------------------------------------------------------
NOUN_SENSES: dict[str, Sense] = {
    **_senses("AGREE", "agreement deal accord pact treaty pledge commitment promise offer compromise "
                       "ceasefire-agreement settlement consensus memorandum"),
    **_senses("CONSULT", "talk negotiation consultation discussion dialogue dialog parley rendezvous"),
    **_senses("CONSULT", "meeting summit", "meeting"),
    **_senses("CONSULT", "visit trip tour", "visit"),
    **_senses("CONSULT", "welcome reception", "host"),
    **_senses("CONSULT", "call phone-call phonecall conversation videoconference teleconference", "phone"),
    **_senses("CONSULT", "mediation", "mediation"),
    **_senses("SUPPORT", "support backing endorsement praise recognition solidarity apology"),
    **_senses("COOPERATE", "cooperation collaboration coordination partnership extradition alliance"),
    **_senses("AID", "aid assistance help grant loan donation relief asylum delivery shipment"),
    **_senses("CONCEDE", "concession"),
    **_senses("RETREAT", "amnesty pardon", "release"),
    **_senses("RETREAT", "withdrawal pullout pull-out retreat release surrender de-escalation deescalation "
                         "disarmament demobilization resignation handover truce ceasefire armistice evacuation"),
    **_senses("REQUEST", "demand request appeal plea petition"),
    **_senses("ACCUSE", "accusation criticism condemnation complaint allegation charge lawsuit rebuke "
                        "denunciation"),
    **_senses("ACCUSE", "investigation probe inquiry inspection interrogation hearing", "investigate"),
    **_senses("REJECT", "rejection refusal veto"),
    **_senses("THREATEN", "threat warning ultimatum"),
    **_senses("PROTEST", "protest rally march unrest sit-in picket uprising revolt rebellion mutiny walkout"),
    **_senses("PROTEST", "demonstration", "demo"),
    **_senses("PROTEST", "riot", "riot"),
    **_senses("PROTEST", "boycott", "boycott"),
    **_senses("PROTEST", "strike", "strike"),
    **_senses("PROTEST", "blockage roadblock", "obstruct"),
    **_senses("SANCTION", "sanction embargo blacklist", "sanctions"),
    **_senses("SANCTION", "tariff", "economic"),
    **_senses("SANCTION", "expulsion", "expel"),
    **_senses("SANCTION", "suspension"),
    **_senses("MOBILIZE", "deployment buildup build-up mobilization mobilisation reinforcement concentration "
                          "massing", "troops"),
    **_senses("MOBILIZE", "drill exercise maneuver manoeuvre wargame war-game", "exercise"),
    **_senses("MOBILIZE", "patrol", "patrol"),
    **_senses("MOBILIZE", "alert", "alert"),
    **_senses("COERCE", "arrest", "arrest"),
    **_senses("COERCE", "expropriate nationalize nationalise impound", "seize"),
    **_senses("COERCE", "disperse", "restrict"),
    **_senses("COERCE", "detention kidnapping abduction", "detain"),
    **_senses("COERCE", "seizure confiscation annexation occupation", "seize"),
    **_senses("COERCE", "deportation eviction", "deport"),
    **_senses("COERCE", "ban prohibition", "ban"),
    **_senses("COERCE", "curfew", "curfew"),
    **_senses("COERCE", "blockade restriction", "restrict"),
    **_senses("COERCE", "crackdown repression pressure cyberattack cyber-attack hack"),
    **_senses("COERCE", "censorship", "censor"),
    **_senses("ASSAULT", "attack assault killing murder massacre raid ambush hijacking assassination", None),
    **_senses("ASSAULT", "bombing explosion blast", "explosives"),
    **_senses("ASSAULT", "torture", "torture"),
    **_senses("ASSAULT", "invasion offensive incursion fighting clash battle war combat hostilities aggression "
                         "skirmish", "military"),
    **_senses("ASSAULT", "shelling bombardment", "heavy-weapons"),
    **_senses("ASSAULT", "airstrike air-strike", "aerial"),
    **_senses("ASSAULT", "gunfire shooting", "firearms"),
}
# Nouns that are an event only through a verb that sets up or reverses them ("restored ties", "cut relations").
STATE_NOUNS: dict[str, Sense] = {
    **_senses("SUPPORT", "tie relation relationship link contact"),
    **_senses("COOPERATE", "program programme project exchange trade"),
}
# A modifier that changes what a noun means ("hunger strike", "air strike", "phone call", "military aid").
MODIFIED_SENSES: dict[tuple[str, str], Sense] = {
    ("strike", "hunger"): Sense("PROTEST", "hunger"), ("strike", "air"): Sense("ASSAULT", "aerial"),
    ("strike", "missile"): Sense("ASSAULT", "aerial"), ("strike", "drone"): Sense("ASSAULT", "aerial"),
    ("strike", "military"): Sense("ASSAULT", "military"), ("strike", "rocket"): Sense("ASSAULT", "heavy-weapons"),
    ("strike", "general"): Sense("PROTEST", "strike"), ("attack", "military"): Sense("ASSAULT", "military"),
    ("attack", "missile"): Sense("ASSAULT", "aerial"), ("attack", "air"): Sense("ASSAULT", "aerial"),
    ("attack", "bomb"): Sense("ASSAULT", "explosives"), ("attack", "suicide"): Sense("ASSAULT", "suicide-attack"),
    ("attack", "rocket"): Sense("ASSAULT", "heavy-weapons"), ("attack", "cyber"): Sense("COERCE", "cyber"),
    ("bombing", "suicide"): Sense("ASSAULT", "suicide-attack"), ("bombing", "car"): Sense("ASSAULT", "explosives"),
    ("call", "video"): Sense("CONSULT", "phone"), ("call", "phone"): Sense("CONSULT", "phone"),
    ("call", "telephone"): Sense("CONSULT", "phone"), ("conference", "video"): Sense("CONSULT", "phone"),
    ("link", "video"): Sense("CONSULT", "phone"), ("aid", "military"): Sense("AID", "military"),
    ("aid", "humanitarian"): Sense("AID", "humanitarian"), ("aid", "economic"): Sense("AID", "economic"),
    ("aid", "financial"): Sense("AID", "economic"), ("aid", "food"): Sense("AID", "humanitarian"),
    ("assistance", "military"): Sense("AID", "military"), ("assistance", "financial"): Sense("AID", "economic"),
    ("assistance", "humanitarian"): Sense("AID", "humanitarian"), ("support", "military"): Sense("AID", "military"),
    ("support", "financial"): Sense("AID", "economic"), ("sanction", "economic"): Sense("SANCTION", "economic"),
    ("sanction", "financial"): Sense("SANCTION", "financial"), ("sanction", "trade"): Sense("SANCTION", "economic"),
    ("sanction", "personal"): Sense("SANCTION", "personal"), ("exercise", "military"): Sense("MOBILIZE", "exercise"),
    ("game", "war"): Sense("MOBILIZE", "exercise"), ("law", "martial"): Sense("COERCE", "martial-law"),
    ("emergency", "state"): Sense("COERCE", "martial-law"), ("council", "security"): Sense("", None),
    ("talk", "peace"): Sense("CONSULT", "talks"), ("force", "peacekeeping"): Sense("", None),
    ("deployment", "weapon"): Sense("MOBILIZE", "weapons"), ("deployment", "missile"): Sense("MOBILIZE", "weapons"),
    ("buildup", "military"): Sense("MOBILIZE", "troops"),
    ("test", "missile"): Sense("MOBILIZE", "weapons"), ("test", "nuclear"): Sense("MOBILIZE", "weapons"),
    ("launch", "missile"): Sense("MOBILIZE", "weapons"), ("show", "force"): Sense("MOBILIZE"),
    ("conference", "press"): Sense("", None),
    ("offer", "peace"): Sense("AGREE"), ("meeting", "summit"): Sense("CONSULT", "meeting"),
    ("release", "press"): Sense("", None), ("release", "news"): Sense("", None),
    ("action", "military"): Sense("ASSAULT", "military"), ("operation", "military"): Sense("ASSAULT", "military"),
    ("action", "punitive"): Sense("COERCE"), ("measure", "retaliatory"): Sense("COERCE"),
}
# Nouns whose "of" phrase is who undergoes it ("the shelling of the town"); for the rest it is who acts ("a
# meeting of the council", "the withdrawal of troops").
OF_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SUPPORT", "ACCUSE", "SANCTION"})
# Nouns whose "of" phrase is what they are about ("threats of sanctions", "demands of security guarantees").
OF_CONTENT_TYPES = frozenset({"THREATEN", "REQUEST", "AGREE", "REJECT"})

# -- verbs that carry another word's event ----------------------------------------------------------------------
# Light verbs: their event noun is the trigger, their subject the actor ("held talks", "paid a visit"). Verbs with
# a meaning of their own ("rejected the proposal", "agreed to talks") are not here: they are events themselves.
LIGHT_VERBS = frozenset({
    "hold", "have", "pay", "make", "conduct", "stage", "launch", "begin", "start", "resume", "continue", "mount",
    "wage", "undertake", "give", "take", "lodge", "file", "issue", "impose", "host", "attend", "join", "engage",
    "carry", "perform", "organize", "organise", "announce", "initiate", "open", "step", "intensify", "escalate",
    "complete", "finish", "go", "express", "voice", "extend", "provide", "deliver", "send", "grant",
    "introduce", "slap", "level", "bring", "register", "raise", "put", "place", "do", "receive", "pursue",
    "enter", "reach", "set", "maintain", "keep", "renew", "expand", "broaden", "deepen", "tighten", "increase",
    "boost", "plan", "prepare", "schedule", "arrange", "propose", "suggest", "unleash", "commit",
})
# Light verbs that make a protest verbal ("lodged a protest"): the event is then an accusation.
VERBAL_LIGHT_VERBS = frozenset({"lodge", "file", "issue", "register", "voice", "express", "send", "deliver"})
# Verbs that undo a measure or a relation: lifting a curfew concedes, cutting aid sanctions ("lifted the ban",
# "suspended aid", "ended the blockade", "severed ties").
REVERSAL_VERBS = frozenset({"lift", "ease", "end", "suspend", "halt", "stop", "cut", "sever", "break", "freeze",
                            "withdraw", "drop", "relax", "loosen", "remove", "terminate", "abandon", "scrap", "reduce",
                            "curtail", "shorten", "rescind", "revoke", "repeal", "cancel", "discontinue", "downgrade"})
# Verbs that set up or renew a relation ("established ties", "restored relations").
ESTABLISH_VERBS = frozenset({"establish", "restore", "resume", "normalize", "normalise", "improve", "strengthen",
                             "renew", "forge", "build", "upgrade", "deepen", "expand", "open", "launch", "start",
                             "set"})
# Cancelling or putting off an event that was scheduled ("cancelled the meeting", "had to reschedule the call").
CANCEL_VERBS = frozenset({"cancel", "postpone", "delay", "reschedule", "defer", "scrap", "shelve", "adjourn",
                          "suspend", "abort", "call"})
CANCEL_PARTICLES = {"call": "off", "put": "off", "push": "back"}
# Types of a noun that a cancel verb puts off rather than reverses: occasions, not measures.
OCCASION_TYPES = frozenset({"CONSULT", "PROTEST"})


def reversed_sense(sense: Sense) -> Sense:
    """What undoing an event means: lifting a restriction concedes, ending a measure or an attack retreats,
    cutting cooperation sanctions (PLOVER: "ease administrative sanctions" CONCEDE, "ease economic sanctions" and
    "de-escalate" RETREAT, "reduce or stop aid", "halt negotiations", "reduce relations" SANCTION)."""
    if sense.type == "COERCE" and sense.mode in ("curfew", "martial-law", "ban", "censor"):
        return Sense("CONCEDE", "ease")
    if sense.type in ("COERCE", "SANCTION", "MOBILIZE", "ASSAULT", "THREATEN"):
        return Sense("RETREAT", "ease")
    if sense.type == "PROTEST":
        return Sense("CONCEDE", "ease")
    return Sense("SANCTION", "discontinue")


# -- modes ----------------------------------------------------------------------------------------------------
# Words near a trigger that say how it was done ("talked by phone", "met via video link").
MODE_WORDS: dict[str, str] = {
    "phone": "phone", "telephone": "phone", "video": "phone", "videoconference": "phone", "teleconference": "phone",
    "videolink": "phone", "zoom": "phone", "hotline": "phone",
}
# Modifiers of a MOBILIZE noun that say what was mobilised.
MOBILIZE_MODES = {"troop": "troops", "force": "troops", "soldier": "troops", "army": "troops", "police": "police",
                  "weapon": "weapons", "missile": "weapons", "warship": "weapons", "tank": "weapons",
                  "naval": "weapons", "nuclear": "weapons", "military": "troops"}
# Modifiers of SANCTION that say their kind.
SANCTION_MODES = {"economic": "economic", "financial": "financial", "trade": "economic", "banking": "financial",
                  "diplomatic": "diplomatic", "personal": "personal", "travel": "travel", "energy": "economic",
                  "export": "economic", "oil": "economic", "visa": "travel"}
