"""Event mentions of one parsed document: triggers, participants, mode, status, reporter, date and clause.

`Extractor(parsed, actor_mentions, timexes, published).events()` reads each sentence once: `triggers.find_triggers`
picks the event words, `status.read_status` climbs from each to its cues, `participants.Roles` reads who and where,
and this module adds the rest:

- mode: what the trigger itself says (a visit, a phone call, drills), else a word near it ("by phone", "via video
  link"), else a modifier that says what was mobilised or sanctioned ("troop deployment", "financial sanctions");
  an attack by troops, tanks or jets is military;
- date: the event's own time expression, that is one attached to the trigger ("met on Thursday", "Thursday's
  meeting", "the January 19 visit"), to the light verb or verb of planning that carries it ("held talks on
  Monday", "is set to travel on March 3"), to the verb whose circumstance a noun event is ("during talks" on the
  day of the refusal), or to the predicate whose subject it is ("the call was planned for January 31"). A time
  expression of another event's clause does not count: "agreed on Wednesday to meet" dates the agreement, not the
  meeting. Without one, it is estimated from the document's date (storyline.events.when, with its default priors):
  a likely day with precision "about" (news reports what happened on the publication day or the days before, and
  announces what comes after); the events corpus step estimates it again with the priors learned from the corpus
  and the publication date as it stands then. Ranges ("from January 9th to 10th") give `date` and `date_end`;
- a demand made by saying: a verb of saying whose clause says what someone must, should or needs to do ("said
  Chile must hand over ...") is itself a REQUEST from the speaker to that someone.

Everything indexes `parsed.text`; nothing here loads a model or reads a file.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from storyline.events.gist import GistMaker
from storyline.events.lexicon import (
    ACTOR_NOUNS,
    CHANNELS,
    CONTAINER_NOUNS,
    LIGHT_VERBS,
    MOBILIZE_MODES,
    MODE_WORDS,
    MOTION_VERBS,
    QUANTITY_WORDS,
    SANCTION_MODES,
    STATE_FORCE_NOUNS,
    Sense,
)
from storyline.events.participants import Mentions, Roles
from storyline.events.status import (
    HAPPENING_VERBS,
    HYPOTHETICAL_VERBS,
    OBLIGATION_MODALS,
    PLANNING_WORDS,
    SEQUENCE_PREPOSITIONS,
    StatusReading,
    read_status,
)
from storyline.events.triggers import Trigger, find_triggers, is_verb, lemma_of
from storyline.events.when import estimated_date
from storyline.lexicon_files import words
from storyline.model import EventMention, Participant
from storyline.periods import calendar_of
from storyline.quotes.cues import according_to, is_reporting
from storyline.readers.headline import dateline_end
from storyline.timex import Timex
from storyline.timex.resolve import interval, kind_of

if TYPE_CHECKING:
    from storyline.model import ActorMention

DATE_KINDS = frozenset({"day", "week", "weekend", "month", "quarter", "half", "season", "year", "time", "range",
                        "unresolved"})
# Edges through which a trigger shares its governor's time expression (a noun and its light verb, a verb of
# planning and its complement, a circumstance and its verb).
DATE_EDGES = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "xcomp", "attr", "agent", "pcomp", "conj",
                        "dative", "npadvmod", "appos", "acomp"})
MAX_DATE_CLIMB = 5
# Parts of speech `find_triggers` reads (verbs, adjectives, nouns) or a demand starts from (verbs): the tokens of
# any other part of speech are never a trigger.
TRIGGER_POS = ("VERB", "AUX", "ADJ", "NOUN", "PROPN")
# Prepositions that put an event at the time of the clause they hang from.
SIMULTANEOUS = words("events/simultaneous_prepositions")
# Verbs whose complement happens later than they do: it does not take their date.
FUTURE_GOVERNORS = PLANNING_WORDS | HYPOTHETICAL_VERBS
# Verbs whose subject, an event noun, happens at their time ("the invasion began on February 24"); any other verb's
# time expression is its own event's ("rejected on Wednesday the characterization of the invasion").
NOUN_TIME_VERBS = words("events/noun_time_verbs") | LIGHT_VERBS | HAPPENING_VERBS | PLANNING_WORDS
# Nouns for a phase of an event ("the start of the invasion last month").
ASPECT_NOUNS = words("events/aspect_nouns")
# Nouns that count or measure the event noun of their "of" phrase ("a round of sanctions").
SERIES_NOUNS = words("events/series_nouns") | QUANTITY_WORDS | CONTAINER_NOUNS
# Heads through whose "of" phrase an event noun shares their time: a phase of it or a count of it.
OF_HEADS = ASPECT_NOUNS | SERIES_NOUNS
# Verbs whose object event begins when they happen ("sparked a protest on Saturday").
CAUSING_VERBS = words("events/causing_verbs")


class Extractor:
    """Finds the event mentions of one parsed document (see the module docstring)."""

    def __init__(self, parsed: Doc, actor_mentions: Sequence[ActorMention] = (), timexes: Sequence[Timex] = (),
                 published: str | None = None, text: str | None = None) -> None:
        self.doc = parsed
        self.text = parsed.text if text is None else text  # the text parsed; spaCy rebuilds Doc.text on each read
        self.published = published
        self.tokens = list(parsed)  # for lookups by index: indexing the Doc makes a new Token object each time
        self.starts = [t.idx for t in self.tokens]
        self.sentences = list(parsed.sents)
        self.sentence_of = [0] * len(parsed)
        for number, sentence in enumerate(self.sentences):
            self.sentence_of[sentence.start:sentence.end] = [number] * len(sentence)
        self.mentions = Mentions(parsed, actor_mentions, self.starts)
        self.roles = Roles(parsed, self.mentions, self.sentence_of, self.sentences, self.text)
        self.timex_at = self._attach_timexes(timexes)
        self.dateline = dateline_end(self.text)
        self.document_dates: dict[str, tuple[str | None, str | None, str | None, str | None]] = {}
        self.gists = GistMaker(parsed, self.dateline, self.text, self.tokens)
        self.according: dict[int, list[Token]] = {}
        for cue, source in according_to(parsed) if "ccording" in self.text else ():
            self.according.setdefault(self.sentence_of[cue.i], []).append(source)

    # -- time expressions ------------------------------------------------------------------------------------------
    def _token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def _attach_timexes(self, timexes: Sequence[Timex]) -> dict[int, list[Timex]]:
        """Each point-in-time expression under the token it modifies: the head of its preposition ("met on
        Thursday"), of its noun phrase ("Thursday's meeting"), or the verb it is an adverb of ("met Thursday")."""
        attached: dict[int, list[Timex]] = {}
        for timex in timexes:
            if timex.type not in ("DATE", "TIME") or timex.kind not in DATE_KINDS or not timex.value:
                continue
            first, last = self._token_at(timex.start), self._token_at(max(timex.start, timex.end - 1))
            root = self.doc[first]
            for i in range(first, last + 1):
                token = self.doc[i]
                if not first <= token.head.i <= last or token.head.i == token.i:
                    root = token
                    break
            node = root.head
            if root.dep_ == "pobj" and node.dep_ == "prep":
                node = node.head
            elif root.dep_ == "prep":
                node = root.head
            attached.setdefault(node.i, []).append(timex)
        return attached

    def _own_timex(self, trigger: Trigger, status: StatusReading, event_tokens: set[int]) -> Timex | None:
        """The time expression of the event's own clause (see the module docstring)."""
        token = trigger.token
        seen = [token]
        if trigger.carrier is not None:
            seen.append(trigger.carrier)
        found = self._timex_on(seen)
        if found is not None:
            return found
        child, node = token, token.head
        simultaneous = False  # "as drills started", "during talks": at the time of the clause it hangs from
        in_noun_phrase = trigger.nominal  # an event noun that no light verb carries
        for _ in range(MAX_DATE_CLIMB):
            if node.i == child.i:
                break
            if in_noun_phrase:
                if not _noun_shares_time(child, node, trigger.sense.mode in CHANNELS):
                    break  # "rejected on Wednesday the characterization of the invasion": Wednesday is not its
                in_noun_phrase = not is_verb(node)
            if child.dep_ == "advcl" and _simultaneous_clause(child):
                simultaneous = True
            elif child.dep_ not in DATE_EDGES:
                break
            if child.dep_ == "prep" and child.lower_ in SEQUENCE_PREPOSITIONS and child.lower_ not in SIMULTANEOUS:
                break  # "after days of talks": the talks came before the time of that clause
            simultaneous = simultaneous or (child.dep_ == "prep" and child.lower_ in SIMULTANEOUS)
            if node.i in event_tokens and child.dep_ in ("xcomp", "conj") and lemma_of(node) in FUTURE_GOVERNORS \
                    and not simultaneous:
                break  # "agreed on Wednesday to meet": Wednesday is the agreement's
            if child.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                break
            candidates = [node]
            if child.dep_ in ("nsubj", "nsubjpass"):  # "the call was planned for ...", "is unlikely to take
                candidates += [c for c in node.subtree if c.dep_ in ("xcomp", "acomp") and c.head.i != token.i]
            found = self._timex_on(candidates)
            if found is not None:
                return found
            if child.dep_ in ("nsubj", "nsubjpass") and node.dep_ == "advcl" and _simultaneous_clause(node):
                child, node = node, node.head  # "as joint drills began": the time of the main clause
                continue
            if child.dep_ in ("nsubj", "nsubjpass") or (is_verb(node) and child.dep_ not in (
                    "xcomp", "prep", "pobj", "dobj", "acomp", "advcl")):
                break
            child, node = node, node.head
        return None

    def _timex_on(self, tokens: list[Token]) -> Timex | None:
        for token in tokens:
            found = self.timex_at.get(token.i)
            if found:
                return found[0]
        return None

    def _date(self, timex: Timex | None, status: str) -> tuple[str | None, str | None, str | None, str | None]:
        """(date, date_end, precision, source) from the event's own expression, else estimated from the document's
        date (the likely day of the event's status class)."""
        if timex is not None:
            value = timex.value
            if "/" in value:
                first, last = value.split("/", 1)
                return first.split("T")[0], last.split("T")[0], _precision(first), "timex"
            return value.split("T")[0], None, _precision(value), "timex"
        if status not in self.document_dates:
            self.document_dates[status] = self._document_date(status)
        return self.document_dates[status]

    def _document_date(self, status: str) -> tuple[str | None, str | None, str | None, str | None]:
        """`_date` of an event without a time expression of its own: it depends only on the document's date and the
        event's status, so the extractor keeps it by status (`document_dates`)."""
        known = calendar_of((self.published or "")[:10])
        if known.precision == "day":
            estimate = estimated_date(known.date, status)
            return estimate.date, None, estimate.precision, "document"
        if known.date is not None:  # a month or a year only
            return known.date, None, known.precision, "document"
        return None, None, None, None

    def _after_publication(self, timex: Timex) -> bool:
        """Whether an event's own time is wholly after the document's date ("meetings next month"): it cannot
        have happened yet."""
        if not self.published:
            return False
        span = interval(timex.value)
        return span is not None and span[0].isoformat() > self.published[:10]

    # -- modes ---------------------------------------------------------------------------------------------------
    def _mode(self, trigger: Trigger, actors: list[Token]) -> str | None:
        sense = trigger.sense
        holders = [trigger.token] + ([trigger.carrier] if trigger.carrier is not None else [])
        for holder in holders:
            for child in holder.children:
                word = lemma_of(child)
                if child.dep_ == "prep":
                    for pobj in child.children:
                        mode = MODE_WORDS.get(lemma_of(pobj)) if pobj.dep_ == "pobj" else None
                        mode = mode or next((MODE_WORDS[lemma_of(c)] for c in pobj.children
                                             if c.dep_ == "compound" and lemma_of(c) in MODE_WORDS), None)
                        if mode and sense.type == "CONSULT":
                            return mode
                elif child.dep_ in ("compound", "amod", "nmod") or (child.dep_ == "prep" and word == "of"):
                    if sense.type == "MOBILIZE" and word in MOBILIZE_MODES and sense.mode != "exercise":
                        return MOBILIZE_MODES[word]
                    if sense.type == "SANCTION" and word in SANCTION_MODES:
                        return SANCTION_MODES[word]
            if sense.type == "MOBILIZE" and sense.mode != "exercise":
                of = next((c for c in holder.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                for pobj in (of.children if of is not None else ()):
                    if pobj.dep_ == "pobj" and lemma_of(pobj) in MOBILIZE_MODES:
                        return MOBILIZE_MODES[lemma_of(pobj)]
        if trigger.carrier is not None and lemma_of(trigger.carrier) == "host" and sense.type == "CONSULT":
            return "host"
        if sense.type == "ASSAULT" and sense.mode is None and any(lemma_of(a) in STATE_FORCE_NOUNS for a in actors):
            return "military"
        return sense.mode

    # -- demands made by saying ----------------------------------------------------------------------------------
    def _spoken_demand(self, verb: Token) -> tuple[Trigger, Token] | None:
        """"X said Y must ...": the verb of saying as a REQUEST, with the subject of the clause it governs."""
        if not is_verb(verb) or not is_reporting(verb) or lemma_of(verb) in ("ask", "urge", "demand"):
            return None
        for clause in verb.children:
            if clause.dep_ != "ccomp":
                continue
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.lower_ in ("i", "we", "it", "there", "this", "that") or not (
                    subject.ent_type_ in ("PERSON", "GPE", "ORG", "NORP") or subject.pos_ in ("PROPN", "PRON")
                    or lemma_of(subject) in ACTOR_NOUNS):
                continue  # "meetings should ensure ...": not a demand made of someone
            obliged = any(c.dep_ in ("aux", "auxpass") and c.lower_ in OBLIGATION_MODALS - {"shall"}
                          for c in clause.children)
            needs = lemma_of(clause) in ("need", "have") and any(
                c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in clause.children)
            if obliged or needs:
                return Trigger(verb, verb.i, verb.i, lemma_of(verb), Sense("REQUEST"), False), subject
        return None

    # -- events --------------------------------------------------------------------------------------------------
    def events(self) -> list[EventMention]:
        found: list[EventMention] = []
        candidates = self._trigger_candidates()
        for number, sentence in enumerate(self.sentences):
            first, last = bisect_left(candidates, sentence.start), bisect_left(candidates, sentence.end)
            tokens = [self.tokens[i] for i in candidates[first:last]]
            triggers = find_triggers(tokens)
            demands = [d for token in tokens if token.pos_ == "VERB" and (d := self._spoken_demand(token))]
            if not triggers and not demands:
                continue
            event_tokens = {t.token.i for t in triggers if not t.noun} | {d.token.i for d, _ in demands}
            for trigger in sorted([*triggers, *(d for d, _ in demands)], key=lambda t: t.first):
                addressee = next((s for d, s in demands if d is trigger), None)
                found.append(self._event(trigger, number, event_tokens, addressee))
        return found

    def _trigger_candidates(self) -> list[int]:
        """Indices of the tokens whose part of speech can make them a trigger or a demand (`TRIGGER_POS`), found on
        the Doc's array of parts of speech: the other tokens are never looked at, so no Token object is made for
        them."""
        pos = self.doc.to_array(POS)
        return np.flatnonzero(np.isin(pos, [self.doc.vocab.strings[p] for p in TRIGGER_POS])).tolist()

    def _event(self, trigger: Trigger, sentence: int, event_tokens: set[int],
               addressee: Token | None = None) -> EventMention:
        token = trigger.token
        status = read_status(token, trigger.noun, event_tokens) if addressee is None else StatusReading("occurred")
        if addressee is not None:
            actor_heads = self.roles.actor_heads(trigger)
            target_heads = [addressee]
        else:
            actor_heads = self.roles.actor_heads(trigger) + self.roles.companions(trigger)
            target_heads = [h for h in self.roles.target_heads(trigger) if h.i not in {a.i for a in actor_heads}]
        participants: list[Participant] = []
        participants += self.roles.participants(actor_heads, "actor")
        if not participants and not actor_heads:
            stray = self._stray_name_before(sentence)
            participants += self.roles.participants([stray] if stray is not None else [], "actor")
        actor_refs = {(p.ref_start, p.ref_end) for p in participants if p.ref_start is not None}
        participants += [p for p in self.roles.participants(target_heads, "target")
                         if p.ref_start is None or (p.ref_start, p.ref_end) not in actor_refs]
        participants += self.roles.participants(self.roles.location_heads(trigger), "location")
        participants += self._reporters(status, sentence, actor_heads)
        participants = self._outside_dateline(participants)
        timex = self._own_timex(trigger, status, event_tokens)
        date, date_end, precision, source = self._date(timex, status.status)
        if status.status == "occurred" and timex is not None and self._after_publication(timex):
            status = StatusReading("planned", timex.text, None, status.reporter, status.reporting_verb)
        start = self.doc[trigger.first].idx
        end = token.idx + len(token.text)
        clause_start, clause_end = self._clause(trigger)
        return EventMention(
            start=start, end=end, text=self.text[start:end], lemma=trigger.lemma, type=trigger.sense.type,
            clause_start=clause_start, clause_end=clause_end, status=status.status,
            mode=self._mode(trigger, actor_heads), participants=tuple(participants), date=date, date_end=date_end,
            date_precision=precision, date_source=source, time_start=timex.start if timex else None,
            time_end=timex.end if timex else None, cue=status.cue, gist=self.gists.gist(trigger, participants),
            nominal=trigger.nominal,
        )

    def _outside_dateline(self, participants: list[Participant]) -> list[Participant]:
        """The participants less the article's dateline ("BRUSSELS - European Union ministers will discuss ..."):
        the place of publication is no actor, target or place of the event; a phrase that runs on past it starts
        after it."""
        if not self.dateline:
            return participants
        kept = []
        for p in participants:
            if p.end <= self.dateline:
                continue
            if p.start < self.dateline:
                rest = self.text[self.dateline:p.end]
                start = p.end - len(rest.lstrip())
                inside = p.ref_start is not None and p.ref_start < self.dateline
                p = Participant(p.role, start, p.end, self.text[start:p.end], None if inside else p.ref_start,
                                None if inside else p.ref_end)
            kept.append(p)
        return kept

    def _stray_name_before(self, sentence: int) -> Token | None:
        """A name machine translation moved out of its clause, leaving the clause without a subject: a name standing
        alone as a "sentence" just before ("... Biden. This was repeated in the call ..."), or a name with no role in
        front of the clause's subject ("Biden This was repeated ..."). Never a line's first sentence: a byline or a
        heading stands on its own line."""
        if sentence == 0:
            return None
        current, previous = self.sentences[sentence], self.sentences[sentence - 1]
        words = [t for t in self.tokens[previous.start:previous.end] if not t.is_punct and not t.is_space]
        if words and len(words) <= 4 and not self._starts_line(previous) and _one_name(words):
            return words[-1]
        first = list(islice((t for t in self.tokens[current.start:current.end] if not t.is_space), 5))
        name = [t for t in first if t.ent_type_ in NAME_LABELS and t.ent_iob_ != "O"]
        if not name or first[0] is not name[0] or len(name) == len(first):
            return None
        after = first[len(name)]
        roleless = all(t.dep_ in ("npadvmod", "dep", "compound") or t.head in name for t in name)
        if roleless and after.dep_ in ("nsubj", "nsubjpass") and _one_name(name):
            return name[-1]
        return None

    def _starts_line(self, sentence: Span) -> bool:
        before = self.text[max(0, sentence.start_char - 80):sentence.start_char].rstrip(" ")
        return sentence.start_char == 0 or before.endswith("\n")

    def _reporters(self, status: StatusReading, sentence: int, actors: list[Token]) -> list[Participant]:
        """Who reports the event: the subject of the verb of saying above it, else "according to X"."""
        heads = [status.reporter] if status.reporter is not None else self.according.get(sentence, [])
        heads = [h for h in heads if h is not None and h.i not in {a.i for a in actors}
                 and h.lower_ not in ("which", "who", "that", "whom")]
        return self.roles.participants(heads[:1], "reporter")

    def _clause(self, trigger: Trigger) -> tuple[int, int]:
        """Characters of the clause the event was read from: the subtree of its verb (for a noun, the verb that
        carries it or that it hangs from), inside its sentence."""
        head = (trigger.carrier if trigger.noun else None) or trigger.token
        if trigger.nominal:
            node = trigger.token
            for _ in range(4):
                if is_verb(node) or node.head.i == node.i:
                    break
                node = node.head
            head = node
        sentence = self.sentences[self.sentence_of[head.i]]
        left = max(head.left_edge.i, sentence.start)
        right = min(head.right_edge.i, sentence.end - 1)
        while right > left and self.tokens[right].is_punct:
            right -= 1
        return self.tokens[left].idx, self.tokens[right].idx + len(self.tokens[right].text)


def _noun_shares_time(child: Token, node: Token, channel: bool = False) -> bool:
    """Whether an event noun (or the phrase that holds it, `child`) shares the time expression of `node`, the word
    it hangs from: through a preposition to what it hangs from when that is a time of the same clause ("during
    talks", "said in a call on Monday", "was in Kyiv on Monday on a visit" for a `channel` noun (a visit, a call,
    a meeting: how something was done), "at the start of the invasion", "killed on Sunday by shelling", "went to
    Brussels on March 24 for a summit"), through a word that counts it ("a round of sanctions"), as the subject of
    a verb of its phase or happening ("the invasion began"), as the object of a light verb or of a verb that sets it
    off ("sparked a protest"), or through a noun it is coordinated or in apposition with. Not as the object or
    complement of any other word: "a segment about the invasion on Sunday" is the segment's Sunday, not the
    invasion's."""
    dep, lemma = child.dep_, lemma_of(node)
    if dep in ("pobj", "conj", "appos", "agent"):
        return True  # the preposition or the other noun decides at the next step; "by" of a passive is its doer
    if dep == "prep":
        word = child.lower_
        return (word in SIMULTANEOUS or (word == "in" and is_verb(node)) or (word == "on" and channel and is_verb(node))
                or (word == "of" and lemma in OF_HEADS) or (word == "for" and lemma in MOTION_VERBS))
    if dep in ("nsubj", "nsubjpass"):
        return lemma in NOUN_TIME_VERBS
    if dep == "dobj":
        return lemma in LIGHT_VERBS or lemma in CAUSING_VERBS
    return False


def _simultaneous_clause(clause: Token) -> bool:
    """An adverbial clause of the same time as the clause it hangs from ("as ...", "while ...", "when ...")."""
    return any(c.dep_ == "mark" and c.lower_ in SIMULTANEOUS for c in clause.children)


def _precision(value: str) -> str:
    """The grain of a TimeML value: day, week, month, year, ... ("unresolved" values keep their X digits)."""
    kind = kind_of(value)
    if kind == "time":
        return "day"
    if kind == "unresolved":
        return "day" if len(value.split("-")) == 3 else "month"
    return kind


def depth(token: Token) -> int:
    """Steps from a token up to the root of its sentence (how central an event word is)."""
    steps = 0
    while token.head.i != token.i and steps < 50:
        token = token.head
        steps += 1
    return steps


NAME_LABELS = ("PERSON", "ORG")


def _one_name(tokens: list[Token]) -> bool:
    """The tokens are one person's or organisation's name, as the recogniser tagged it."""
    return all(t.ent_type_ in NAME_LABELS for t in tokens) and all(t.ent_iob_ == "I" for t in tokens[1:])
