"""One-line summaries of events: in the words of the event's most central mention when it tells the event ("Russia
had launched a full-scale invasion of Ukraine"), else built from the event's parts: "Blinken meets Zelensky in Kyiv".

`gist_summary` picks the mention: among those whose gist (storyline.events.gist, stored by the events stage) names
one of the event's actors (a target when the event has none) as written and whose trigger is concrete (not "the
war": events.story.GENERIC_TRIGGERS), the one whose participants (distinct) and type agree most with the event's,
then whose gist most reports share word for word (the way most sources tell it), then whose clause is closest in
meaning to the others' (mean cosine of the clause vectors), then the earliest. The gist keeps the tense it was
written in. With no such mention, `summarize` builds the template: the verb phrase comes from the
event's PLOVER type and mode (PLOVER's modes: phone, visit, meeting, exercise, troops ...), the names from the
canonical actors: a person by surname, a government by its country ("Government of Russia" -> "Russia"), a
compound by "and". The template is in the present tense; the event's status says whether it happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from storyline.events.story import GENERIC_TRIGGERS
from storyline.lexicon_files import rows
from storyline.products import dot_rows


def _phrases(name: str) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(verb phrases, noun phrases) by type or mode, each as (with a target, without one)."""
    table = rows(name)
    return {r[0]: (r[1], r[2]) for r in table}, {r[0]: (r[3], r[4]) for r in table}


# PLOVER type or mode -> (phrase with a target, phrase without one): "imposes sanctions on" / "imposes sanctions"
# after a named actor, "sanctions on" / "sanctions" when no actor is named. The mode says more than the type.
TYPE_PHRASES, TYPE_NOUNS = _phrases("events/summary_types")
MODE_PHRASES, MODE_NOUNS = _phrases("events/summary_modes")
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


def noun_phrase(event_type: str, mode: str | None, has_target: bool) -> str | None:
    """What happened when nobody is named as doing it, headline style: "Attack on" (before a target), "Talks"
    (None for a type without one)."""
    phrases = MODE_NOUNS.get(mode or "") or TYPE_NOUNS.get(event_type)
    if phrases is None:
        return None
    phrase = phrases[0 if has_target else 1].removeprefix("a ").removeprefix("an ")
    return phrase[:1].upper() + phrase[1:]


def summarize(event: Mapping[str, Any], names: Mapping[int, tuple[str, str]], trigger: str) -> str:
    """"Actors verb targets in place", e.g. "Blinken meets Zelensky in Kyiv". With no known actor, what happened to
    the targets ("Attack on Ostrava-Nord", "Sanctions on Varesca") or what happened ("Aid in Geneva"), never a
    bare trigger with a dangling "with ..." ("Send with Geneva"); the trigger as written only for a type without
    a noun phrase."""
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
        noun = noun_phrase(event["type"], event.get("mode"), bool(targets))
        if noun is None:
            return f"{trigger[:1].upper()}{trigger[1:]}{place}"
        return f"{noun}{' ' + targets if targets else ''}{place}"
    return f"{actors} {phrase}{' ' + targets if targets else ''}{place}"


def gist_summary(event: Mapping[str, Any], members: Sequence[Mapping[str, Any]],
                 spoken: Mapping[int, Sequence[tuple[str, int, str]]],
                 names: Mapping[int, tuple[str, str]],
                 vectors: Mapping[int, np.ndarray | None] | None = None) -> str | None:
    """The gist of the event's most central mention that tells it (see the module docstring), or None.

    `members`: the event's mention rows (pk, type, status, lemma, gist, vector, published, start); a mention whose
    status is the event's is preferred (an event that happened is not told by "X should not have ..."); `spoken`:
    per mention pk, the (role, actor id, text as written) of its participants that have a canonical actor;
    `vectors`: the mentions' clause vectors already decoded, by pk (else each row's is decoded here)."""
    wanted = set(event["actors"]) or set(event["targets"])
    role = "actor" if event["actors"] else "target"
    best: tuple | None = None
    agreement = Counter(" ".join((m["gist"] or "").lower().split()) for m in members)
    for member, closeness in zip(members, _closeness(members, vectors), strict=True):
        gist = member["gist"]
        if not gist or member["lemma"] in GENERIC_TRIGGERS:
            continue
        written = [text for r, actor_id, text in spoken.get(member["pk"], ()) if r == role and actor_id in wanted]
        written += [short_name(*names[a]) for a in wanted if a in names]
        if not any(_says(gist, text) for text in written):
            continue
        shared = len({actor_id for r, actor_id, _ in spoken.get(member["pk"], ())
                      if actor_id in (event["actors"] if r == "actor" else event["targets"])})
        agreeing = agreement[" ".join(gist.lower().split())]
        key = (-shared, member["type"] != event["type"], member["status"] != event["status"], -agreeing,
               -closeness, member["published"] or "", member["start"])
        if best is None or key < best[0]:
            best = (key, gist)
    return best[1] if best else None


def _says(gist: str, name: str) -> bool:
    r"""Whether the gist holds the name as whole words ("Putin" in "Putin ordered ...", not in "Putinism").

    What the pattern `(?<!\w)NAME(?!\w)` finds, by `str.find` and a look at the characters either side (a regex
    per name would be compiled again for every event: the names outnumber `re`'s cache)."""
    if len(name) <= 1:
        return False
    at = gist.find(name)
    while at >= 0:
        end = at + len(name)
        if not (at > 0 and _is_word(gist[at - 1])) and not (end < len(gist) and _is_word(gist[end])):
            return True
        at = gist.find(name, at + 1)
    return False


def _is_word(ch: str) -> bool:
    r"""Whether `re`'s `\w` matches the character (Unicode alphanumerics and the underscore)."""
    return ch.isalnum() or ch == "_"


def clause_vector(row: Mapping[str, Any]) -> np.ndarray | None:
    """A mention row's stored clause vector (float16 bytes) as float32, None without one."""
    return np.frombuffer(row["vector"], dtype=np.float16).astype(np.float32) if row["vector"] else None


def _closeness(members: Sequence[Mapping[str, Any]],
               decoded: Mapping[int, np.ndarray | None] | None = None) -> list[float]:
    """Each mention's mean cosine similarity to the other mentions' clause vectors (0 without a vector);
    `decoded`: the vectors as float32 by mention pk, when the caller has them."""
    vectors = [decoded[m["pk"]] if decoded is not None else clause_vector(m) for m in members]
    known = [(i, v / n) for i, v in enumerate(vectors) if v is not None and (n := float(np.linalg.norm(v))) > 0]
    found = [0.0] * len(members)
    if len(known) < 2:
        return found
    matrix = np.stack([v for _, v in known])
    sums = dot_rows(matrix, matrix).sum(axis=1) - 1.0
    for (i, _), total in zip(known, sums, strict=True):
        found[i] = float(total) / (len(known) - 1)
    return found
