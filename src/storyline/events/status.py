"""Whether an event happened, as the grammar and the words around its trigger say, and who says so.

`read_status(trigger)` climbs the dependency parse from the trigger to the root of its sentence and returns the
first cue it meets (the nearest cue decides: "did not say it will meet" is about the saying, "will not meet" about
the meeting):

- denied: the event is inside a clause that a verb of denial governs ("denied that ...", "denied reports that ...",
  "dismissed claims that ...");
- cancelled: the event (a noun) is what is cancelled or put off ("cancelled the visit", "had to reschedule the
  call", "the call is unlikely to take place", "the talks were postponed");
- negated: "not", "never", "no talks", "refused to", "failed to", "without";
- hypothetical: a condition ("if", "unless", "in the event of"), a modal of possibility ("would", "could",
  "might", "may"), an obligation ("must", "should", "need to"), something threatened, demanded or feared ("threatened
  to", "urged X to", "the threat of", "a possible invasion");
- planned: the future ("will", "is going to", "is about to"), a schedule or an intention ("is set to", "is expected
  to", "plans to", "agreed to", "is ready to", "the next meeting", "upcoming talks"), a purpose ("to discuss");
- occurred: none of these.

Climbing stops where a clause states something of its own: a relative clause, an adverbial clause that is not a
condition or a purpose, a conjoined clause with its own subject. Above a clause that reports what someone said,
only denial and the reporter count: the event keeps the reporter (the subject of "said", "according to X").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from storyline.events.lexicon import CANCEL_PARTICLES, CANCEL_VERBS
from storyline.lexicon_files import words
from storyline.quotes.cues import is_reporting

NEGATION_WORDS = words("events/negation_words")
NEGATING_VERBS = words("events/negating_verbs")
# Of those, the ones whose object did not happen ("refused talks"; "rejected the demands" were still made).
NEGATING_OBJECT_VERBS = words("events/negating_object_verbs")
NEGATING_PREPOSITIONS = words("events/negating_prepositions")
FUTURE_AUXILIARIES = words("events/future_auxiliaries")
POSSIBILITY_MODALS = words("events/possibility_modals")
OBLIGATION_MODALS = words("events/obligation_modals")
OBLIGATION_VERBS = words("events/obligation_verbs")  # "need to", "have to" (with an infinitive)
CONDITION_MARKERS = words("events/condition_markers")
# Verbs and adjectives whose complement is planned, scheduled or intended ("is set to travel", "plans to meet").
PLANNING_WORDS = words("events/planning_words")
# Verbs whose complement is threatened, asked for or feared, not done.
HYPOTHETICAL_VERBS = words("events/hypothetical_verbs")
# Verbs whose object is asked for, feared or weighed, not done ("demanded a truce", "feared an invasion").
HYPOTHETICAL_OBJECT_VERBS = words("events/hypothetical_object_verbs")
# Nouns that make what they govern planned ("plans to deploy", "the decision to send") or hypothetical ("the threat
# of sanctions", "fears of an invasion", "the possibility of talks").
PLANNING_NOUNS = words("events/planning_nouns")
HYPOTHETICAL_NOUNS = words("events/hypothetical_nouns")
# Adjectives before an event noun ("a possible invasion", "the next meeting").
HYPOTHETICAL_ADJECTIVES = words("events/hypothetical_adjectives")
PLANNED_ADJECTIVES = words("events/planned_adjectives")
# Predicates that say whether an event happens ("the call is unlikely to take place", "the summit went ahead").
HAPPENING_VERBS = words("events/happening_verbs")
SCHEDULE_NOUNS = words("events/schedule_nouns")
UNLIKELY_WORDS = words("events/unlikely_words")
DENIAL_VERBS = words("events/denial_verbs")
# Nouns that carry what is denied ("denied reports that ...").
CLAIM_NOUNS = words("events/claim_nouns")
# Dependencies that leave a clause asserting something of its own: stop climbing there.
STOP_DEPS = frozenset({"relcl", "parataxis", "appos", "csubj", "meta"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acl", "pcomp", "conj", "relcl", "parataxis"})
MAX_CLIMB = 12
# Prepositions through which a noun event shares the status of the event it is attached to ("set to travel ...
# for talks", "refused ... during talks").
CO_OCCURRING = words("events/co_occurring")
# Prepositions that place an event before or beside another: it does not share that one's status.
SEQUENCE_PREPOSITIONS = words("events/sequence_prepositions")


@dataclass(frozen=True)
class StatusReading:
    """What the climb found: the status and the word that set it (`cue`, `cue_token`), the head of who reports
    the event (`reporter`: the subject of "said" or the source of "according to"), and the tokens passed on the
    way that belong to the event's own clause (`carriers`: light verbs, verbs of planning, the verb a noun hangs
    from), which lend it their time expressions and subject."""

    status: str
    cue: str | None = None
    cue_token: int | None = None
    reporter: Token | None = None
    reporting_verb: Token | None = None


def _children_cues(node: Token, is_noun: bool) -> tuple[str, str, int] | None:
    """A cue among `node`'s own dependents: negation, modal, future auxiliary, condition marker, or for a noun
    its determiner and adjectives. Negation comes first ("would not", "will not")."""
    negation = modal = future = condition = planned_adj = hypothetical_adj = obligation = None
    for child in node.children:
        word = child.lower_
        dep = child.dep_
        if dep == "neg" or (word in NEGATION_WORDS and dep in ("det", "advmod", "neg", "preconj")):
            negation = negation or child
        elif dep in ("aux", "auxpass"):
            if word in FUTURE_AUXILIARIES:
                future = future or child
            elif word in POSSIBILITY_MODALS:
                modal = modal or child
            elif word in OBLIGATION_MODALS:
                obligation = obligation or child
        elif dep == "mark" and word in CONDITION_MARKERS:
            condition = condition or child
        elif is_noun and dep in ("amod", "det", "compound") and word in PLANNED_ADJECTIVES:
            planned_adj = planned_adj or child
        elif is_noun and dep in ("amod", "det") and word in HYPOTHETICAL_ADJECTIVES and word not in ("new",
                                                                                                     "further"):
            hypothetical_adj = hypothetical_adj or child
    strongest_first = ((negation, "negated"), (condition, "hypothetical"), (obligation, "hypothetical"),
                       (modal, "hypothetical"), (future, "planned"), (planned_adj, "planned"),
                       (hypothetical_adj, "hypothetical"))
    for cue, status in strongest_first:
        if cue is not None:
            return status, cue.text, cue.i
    return None


def _going_to(node: Token) -> tuple[str, str, int] | None:
    """"is going to meet", "is about to restore": the future built on go/about ("is not going to": negated)."""
    head = node.head
    if node.dep_ == "xcomp" and head.lemma_ in ("go", "about") and head.tag_ in ("VBG", "IN", "RB", "JJ"):
        negation = next((c for c in head.children if c.dep_ == "neg"), None)
        if negation is not None:
            return "negated", negation.text, negation.i
        return "planned", head.text, head.i
    return None


def _cancelled_by(noun: Token) -> Token | None:
    """The verb that cancels or puts off an event noun: its object or passive subject ("cancelled the visit",
    "the call was postponed", "called off the talks")."""
    head = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or head.pos_ not in ("VERB", "AUX"):
        return None
    lemma = head.lemma_.lower()
    if lemma in CANCEL_VERBS and lemma not in CANCEL_PARTICLES:
        return head
    particle = CANCEL_PARTICLES.get(lemma)
    if particle and any(c.dep_ == "prt" and c.lower_ == particle for c in head.children):
        return head
    return None


def _will_not_happen(noun: Token) -> tuple[str, str, int] | None:
    """"the conversation is unlikely to take place", "the talks will not go ahead", "the summit is off"."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    predicate = noun.head
    for word in [predicate, *predicate.children]:
        if word.lower_ in UNLIKELY_WORDS and word.dep_ in ("acomp", "advmod", "prt", "ROOT", "ccomp", "xcomp",
                                                          "conj"):
            return "cancelled", word.text, word.i
    negation = next((c for c in predicate.children if c.dep_ == "neg"), None)
    if negation is not None and predicate.lemma_ == "be" and any(
            t.lemma_.lower() in SCHEDULE_NOUNS for t in predicate.subtree):
        return "cancelled", negation.text, negation.i  # "the talks are not on the schedule"
    happening = [c for c in predicate.subtree if c.lemma_ in HAPPENING_VERBS and c.pos_ in ("VERB", "AUX")]
    for verb in happening:
        if any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in predicate.children):
            return "cancelled", "not", verb.i
    return None


def _reporter_of(verb: Token) -> Token | None:
    """The head of who reports: the subject of the reporting verb, or the agent of its passive."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ == "VBG":
        return _reporter_of(verb.head)  # "..., saying that": the subject of the verb it hangs from
    return None


def _denied(child: Token, node: Token) -> bool:
    """Whether `node` denies what `child` heads: its clause, or a claim noun whose clause holds the event."""
    if node.lemma_.lower() not in DENIAL_VERBS or node.pos_ not in ("VERB", "AUX"):
        return False
    if child.dep_ in ("ccomp", "xcomp", "pcomp") or (child.dep_ == "dobj" and child.tag_ == "VBG"):
        return True
    return child.dep_ == "dobj" and child.lemma_.lower() in CLAIM_NOUNS


def _climb_edge(child: Token, node: Token) -> tuple[str, str, int] | None:
    """A cue carried by the edge from `child` up to `node`: a verb or noun that governs `child`'s clause. A
    negated governor negates it ("did not intend to invade", "does not plan to accept")."""
    cue = _governing_cue(child, node)
    if cue is not None and cue[0] in ("planned", "hypothetical"):
        negation = next((c for c in node.children if c.dep_ == "neg"), None)
        if negation is not None:
            return "negated", negation.text, negation.i
    return cue


def _governing_cue(child: Token, node: Token) -> tuple[str, str, int] | None:
    lemma = node.lemma_.lower()
    dep = child.dep_
    if dep == "dobj":
        if lemma in NEGATING_OBJECT_VERBS:
            return "negated", node.text, node.i
        if lemma in HYPOTHETICAL_OBJECT_VERBS:
            return "hypothetical", node.text, node.i
        if lemma in PLANNING_WORDS and lemma not in ("agree", "try", "attempt", "look", "go", "push"):
            return "planned", node.text, node.i
    if dep == "pobj" and node.dep_ == "prep" and node.lower_ == "for" and lemma_of_head(node) in (
            "call", "press", "push", "appeal", "ask", "plead", "lobby"):
        return "hypothetical", node.head.text, node.head.i  # "called for talks"
    if dep == "xcomp" and lemma == "be" and node.pos_ == "AUX" and _infinitive(child):
        return "planned", "to", child.i - 1  # "the minister was to fly to Madrid"
    if dep == "xcomp" or (dep == "ccomp" and lemma in HYPOTHETICAL_VERBS | NEGATING_VERBS):
        if lemma in UNLIKELY_WORDS:
            return "cancelled", node.text, node.i  # "is unlikely to attend"
        if lemma in NEGATING_VERBS:
            return "negated", node.text, node.i
        if lemma in HYPOTHETICAL_VERBS:
            return "hypothetical", node.text, node.i
        if lemma in PLANNING_WORDS:
            return "planned", node.text, node.i
        if lemma in OBLIGATION_VERBS:
            return "hypothetical", node.text, node.i
    if dep in ("acl", "prep", "pobj") and node.pos_ in ("NOUN", "PROPN"):
        if lemma in PLANNING_NOUNS:
            return "planned", node.text, node.i
        if lemma in HYPOTHETICAL_NOUNS:
            return "hypothetical", node.text, node.i
    if dep == "pobj" and lemma in NEGATING_PREPOSITIONS:
        return "negated", node.text, node.i
    if dep == "pcomp" and lemma in NEGATING_PREPOSITIONS:
        return "negated", node.text, node.i
    if dep == "advcl" and child.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
        return "planned", "to", child.i - 1 if child.i > 0 else child.i  # a purpose: "flew in to discuss"
    return None


def read_status(trigger: Token, noun: bool, events: frozenset[int] | set[int] = frozenset()) -> StatusReading:
    """The status of the event `trigger` names, its cue, and who reports it (see the module docstring).

    `events` are the tokens of the document that trigger events of their own: a cue above one of them is about
    that event ("will condemn the attack" plans the condemning, not the attack), so the climb takes only the
    cue of the edge into it ("threatened to attack", "refused to meet") and stops there."""
    if noun:
        cancelled = _cancelled_by(trigger)
        if cancelled is not None:
            return _with_reporter(StatusReading("cancelled", cancelled.text, cancelled.i), trigger)
        unlikely = _will_not_happen(trigger)
        if unlikely is not None:
            return _with_reporter(StatusReading(*unlikely), trigger)
    own = _children_cues(trigger, noun)
    if own is not None and own[0] == "negated":
        return _with_reporter(StatusReading(*own), trigger)
    condition = _unless(trigger)
    if condition is not None:
        return _with_reporter(StatusReading("hypothetical", condition.text, condition.i), trigger)
    if own is not None:
        return _with_reporter(StatusReading(*own), trigger)
    going = _going_to(trigger)
    if going is not None:
        return _with_reporter(StatusReading(*going), trigger)
    if not noun and trigger.dep_ in ("acl", "relcl") and _infinitive(trigger):
        head_cue = _children_cues(trigger.head, True) if trigger.head.lemma_.lower() in PLANNING_NOUNS else None
        if head_cue is not None and head_cue[0] == "negated":
            return _with_reporter(StatusReading(*head_cue), trigger)  # "no plans to deploy"
        return _with_reporter(StatusReading("planned", "to", trigger.i - 1), trigger)  # "a meeting to discuss"
    child, node = trigger, trigger.head
    reported, blocked = False, False
    reporter: Token | None = None
    reporting_verb: Token | None = None
    for _ in range(MAX_CLIMB):
        if node.i == child.i:
            break
        if _denied(child, node) or _denied_claim(child, node):
            verb = node if _denied(child, node) else node.head
            if reporter is None:
                reporter, reporting_verb = _reporter_of(verb), verb  # who denies it
            return StatusReading("denied", verb.text, verb.i, reporter, reporting_verb)
        if child.dep_ in STOP_DEPS or (child.dep_ == "advcl" and not _conditional(child) and not _purpose(child)):
            break
        if child.dep_ == "prep" and child.lower_ in SEQUENCE_PREPOSITIONS:
            break  # "after talks with X, ...": what came before stands on its own
        if child.dep_ in ("ccomp", "parataxis") and is_reporting(node):
            if reporter is None:
                reporter, reporting_verb = _reporter_of(node), node
            reported = True
            child, node = node, node.head
            continue
        if child.dep_ == "conj" and _own_subject(child):
            break
        if not reported and not blocked:
            if node.i in events and child.dep_ != "conj":
                if child.dep_ == "prep" and noun and child.lower_ in CO_OCCURRING:
                    inherited = read_status(node, False, events)  # "set to travel ... for talks"
                    if inherited.status != "negated":  # "refused to X during talks": the talks took place
                        return StatusReading(inherited.status, inherited.cue, inherited.cue_token,
                                             reporter or inherited.reporter,
                                             reporting_verb or inherited.reporting_verb)
                    return StatusReading("occurred", None, None, reporter or inherited.reporter,
                                         reporting_verb or inherited.reporting_verb)
                cue = _climb_edge(child, node)  # "refused to meet", "threatened to attack"
                if cue is not None:
                    return StatusReading(*cue, reporter, reporting_verb)
                blocked = True  # cues further up belong to that other event
            else:
                cue = _edge_cue(child, node)
                if cue is not None:
                    return StatusReading(*cue, reporter, reporting_verb)
        if not reported and child.dep_ == "ccomp":
            break  # a clause that is not reported speech ("hopes that ...") asserts nothing about its event
        child, node = node, node.head
    return StatusReading("occurred", None, None, reporter, reporting_verb)


def _edge_cue(child: Token, node: Token) -> tuple[str, str, int] | None:
    """The cue for an event `child` leads to, found at `node`: a condition or purpose clause, a governing verb
    or noun of planning, refusal or threat, or `node`'s own negation and modals when `child` shares its clause."""
    if child.dep_ == "advcl" and _conditional(child):
        mark = next(c for c in child.children if c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS)
        return "hypothetical", mark.text, mark.i
    edge = _climb_edge(child, node)
    if edge is not None:
        return edge
    if child.dep_ == "nsubjpass" and node.lemma_.lower() in PLANNING_WORDS:
        return "planned", node.text, node.i  # "the call was planned for ...", "talks are set to ..."
    if child.dep_ in SHARED_CLAUSE_DEPS:
        cue = _children_cues(node, node.pos_ in ("NOUN", "PROPN"))
        subject = child.dep_ in ("nsubj", "nsubjpass")
        if cue is not None and not (subject and cue[0] == "negated"):
            return cue  # "the talks did not produce results" says nothing about whether the talks took place
    return None


# Edges along which an event shares its governor's clause, and so its negation, modals and future.
SHARED_CLAUSE_DEPS = frozenset({"xcomp", "dobj", "pobj", "prep", "nsubjpass", "conj", "acomp", "attr", "nsubj",
                                "compound", "pcomp", "dative", "npadvmod", "amod", "agent"})


def lemma_of_head(prep: Token) -> str:
    return prep.head.lemma_.lower()


def _denied_claim(child: Token, node: Token) -> bool:
    """"denied reports that ...": the event is in the clause of a claim noun that a verb of denial governs."""
    return (child.dep_ in ("acl", "ccomp", "prep") and node.lemma_.lower() in CLAIM_NOUNS and node.dep_ == "dobj"
            and _denied(node, node.head))


def _with_reporter(reading: StatusReading, trigger: Token) -> StatusReading:
    """Add the reporter found above the trigger's clause to a status read off the trigger itself."""
    reporter, verb = find_reporter(trigger)
    return StatusReading(reading.status, reading.cue, reading.cue_token, reporter, verb)


def find_reporter(trigger: Token) -> tuple[Token | None, Token | None]:
    """The subject of the nearest reporting verb whose reported clause holds the trigger, or of the verb of
    accusing that alleges it ("accused the West of invading")."""
    child, node = trigger, trigger.head
    for _ in range(MAX_CLIMB):
        if node.i == child.i or child.dep_ in STOP_DEPS:
            return None, None
        if child.dep_ in ("ccomp", "parataxis") and is_reporting(node):
            return _reporter_of(node), node
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "with") and node.lemma_.lower() in ALLEGING_VERBS:
            return _reporter_of(node), node
        child, node = node, node.head
    return None, None


# Verbs that allege what their "of"/"for"/"with" phrase says ("accused X of invading", "blamed X for").
ALLEGING_VERBS = words("events/alleging_verbs")


def _unless(event: Token) -> Token | None:
    """"will withdraw ... unless X": an event held back by a condition of its own is not yet done."""
    for child in event.children:
        if child.dep_ == "advcl":
            mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "unless"), None)
            if mark is not None:
                return mark
    return None


def _conditional(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in clause.children)


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _purpose(clause: Token) -> bool:
    return _infinitive(clause)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
