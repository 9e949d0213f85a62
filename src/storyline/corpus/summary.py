"""One-line summaries of events, built from their parts: "Blinken meets Zelensky in Kyiv".

The verb phrase comes from the event's PLOVER type and mode (PLOVER's modes: phone, visit, meeting, exercise,
troops ...), the names from the canonical actors: a person by surname, a government by its country ("Government
of Russia" -> "Russia"), a compound by "and".
The summary is in the present tense; the event's status says whether it happened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# type -> (verb phrase with a target, verb phrase without one). General English for each PLOVER category.
TYPE_PHRASES = {
    "AGREE": ("agrees with", "reaches an agreement"),
    "CONSULT": ("consults with", "holds talks"),
    "SUPPORT": ("supports", "expresses support"),
    "CONCEDE": ("makes concessions to", "makes concessions"),
    "COOPERATE": ("cooperates with", "cooperates"),
    "AID": ("gives aid to", "gives aid"),
    "RETREAT": ("withdraws from", "withdraws"),
    "REQUEST": ("asks", "makes a request"),
    "DEMAND": ("makes demands of", "makes demands"),
    "ACCUSE": ("accuses", "makes accusations"),
    "DISAPPROVE": ("criticizes", "voices criticism"),
    "REJECT": ("rejects", "rejects a proposal"),
    "THREATEN": ("threatens", "issues threats"),
    "PROTEST": ("protests against", "protests"),
    "SANCTION": ("imposes sanctions on", "imposes sanctions"),
    "MOBILIZE": ("mobilizes against", "mobilizes forces"),
    "COERCE": ("coerces", "uses coercion"),
    "ASSAULT": ("attacks", "carries out an attack"),
    "FIGHT": ("fights", "fights"),
    "INVESTIGATE": ("investigates", "opens an investigation"),
}
# mode -> (with a target, without one): the mode says more than the type when the text gives it.
MODE_PHRASES = {
    "phone": ("holds a phone call with", "holds a phone call"),
    "visit": ("visits", "makes a visit"),
    "meeting": ("meets", "holds a meeting"),
    "exercise": ("holds military exercises with", "holds military exercises"),
    "troops": ("deploys troops against", "deploys troops"),
}
GOVERNMENT_PREFIX = "Government of "


def short_name(name: str, kind: str) -> str:
    """How a summary names an actor: a person by surname, a government by its country, others in full."""
    if name.startswith(GOVERNMENT_PREFIX):
        return name[len(GOVERNMENT_PREFIX):]
    if kind == "person" and " " in name:
        return name.split()[-1]
    return name


def join_names(ids: list[int], names: Mapping[int, tuple[str, str]], limit: int = 3,
               leave_out: frozenset[str] = frozenset()) -> str:
    """"A, B and C" for up to `limit` actors; a name shown once (a country and its government are both "Russia")."""
    distinct = [n for n in dict.fromkeys(short_name(*names[i]) for i in ids if i in names) if n not in leave_out]
    shown = distinct[:limit]
    if len(distinct) > limit:
        shown.append("others")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def plural(phrase: str) -> str:
    """The phrase for a compound subject: "threatens Marek" -> "threaten Marek", "carries out" -> "carry out"."""
    verb, _, rest = phrase.partition(" ")
    if verb.endswith("ies"):
        verb = verb[:-3] + "y"
    elif verb.endswith(("sses", "ches", "shes", "xes")):
        verb = verb[:-2]
    elif verb.endswith("s"):
        verb = verb[:-1]
    return f"{verb} {rest}".rstrip()


def verb_phrase(event_type: str, mode: str | None, has_target: bool, compound: bool = False) -> str:
    phrases = MODE_PHRASES.get(mode or "") or TYPE_PHRASES.get(event_type) or ("acts on", "acts")
    phrase = phrases[0] if has_target else phrases[1]
    return plural(phrase) if compound else phrase


def summarize(event: Mapping[str, Any], names: Mapping[int, tuple[str, str]], trigger: str) -> str:
    """"Actors verb targets in place", e.g. "Blinken meets Zelensky in Kyiv"; with no known actor the sentence
    starts from the trigger as written ("Talks with Russia")."""
    target_ids = list(event["targets"])
    location = names.get(event["location"]) if event.get("location") is not None else None
    if event.get("mode") == "visit" and location:  # "visits Kyiv", not "visits Ukraine in Kyiv"
        target_ids = [t for t in target_ids if t in names and names[t][1] != "location"]
    actors = join_names(list(event["actors"]), names)
    actor_names = frozenset(short_name(*names[i]) for i in event["actors"] if i in names)
    targets = join_names(target_ids, names, leave_out=actor_names)
    place = f" in {short_name(*location)}" if location and short_name(*location) not in (actors, targets) else ""
    if event.get("mode") == "visit" and not targets and place:
        return f"{actors or 'Someone'} {plural('visits') if len(actor_names) > 1 else 'visits'} {place[4:]}"
    phrase = verb_phrase(event["type"], event.get("mode"), bool(targets), compound=len(actor_names) > 1)
    if not actors:
        subject = trigger[:1].upper() + trigger[1:]
        return f"{subject}{' with ' + targets if targets else ''}{place}"
    return f"{actors} {phrase}{' ' + targets if targets else ''}{place}"
