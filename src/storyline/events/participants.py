"""Who does an event, to or with whom, and where, read off the dependency parse around its trigger.

Roles, by the trigger's part of speech:

- a verb's actor is its subject (the agent of a passive); a verb without one takes it from the verb it hangs from:
  the subject of "agreed to meet", the object of "urged Peru to withdraw", the shared subject of "met and
  discussed", the noun a relative clause describes ("Chile, which has recalled its envoy");
- a noun's actor is its possessor ("the minister's visit"), its "by" phrase ("an attack by rebels"), a name before it
  ("US sanctions"), its "of" phrase when the event is something done ("a meeting of the council"), the first of
  "between X and Y", else the subject of the light verb or of the verb whose circumstance it is ("held talks",
  "flew to Lima for talks", "during talks with his Chilean counterpart, the minister refused ...");
- the target is the object when the event is done to someone ("met the king", "accused Ottawa"), and the
  preposition the type takes ("talks with X", "aid to X", "sanctions against/on X", "withdrawal from X");
- the location is a place in a locative phrase ("in Lisbon", "at the border"); the destination of a visit is
  both the place and the target ("the minister's visit to Chile").

Conjoined heads make compound participants ("Chile and the European Union", "Chilean and Peruvian envoys"). Each
participant is the phrase as written and the actor mention it refers to: the mention inside it, or for a pronoun
or a description ("he", "the minister") the antecedent `storyline.quotes.speakers.Resolver` finds; "it" and "they"
take the nearest fitting subject (`storyline.reference`, the search and agreement rules quotes and events share);
a title-only mention ("the secretary of state") refers to the name of its chain.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from storyline import reference
from storyline.events.lexicon import (
    CANCEL_VERBS,
    CONVERSATION_VERBS,
    GOVERNMENT_NOUNS,
    MOTION_VERBS,
    OF_CONTENT_TYPES,
    OF_TARGET_TYPES,
    PERSONAL_PRONOUNS,
    PLACE_MODIFIER_TARGET_TYPES,
    THEME_OBJECT_VERBS,
    TITLE_NOUNS,
    VERB_OBJECT_SENSES,
)
from storyline.events.triggers import Trigger, direct_object, is_verb, lemma_of
from storyline.lexicon_files import groups, words
from storyline.model import Participant
from storyline.quotes.lexicon import ORGANIZATION_NOUNS
from storyline.quotes.speakers import Resolver, phrase

if TYPE_CHECKING:
    from storyline.model import ActorMention

# Prepositions through which each type takes its target.
TARGET_PREPOSITIONS: dict[str, tuple[str, ...]] = groups("events/target_prepositions")
# Types whose object is what is moved or given, not whom the event is done to ("deployed troops", "gave aid").
THEME_OBJECT_TYPES = frozenset({"MOBILIZE", "RETREAT", "AID", "PROTEST", "AGREE", "REJECT", "REQUEST",
                                "SANCTION"})
# Verbs whose object is who does their complement ("urged Peru to withdraw").
OBJECT_CONTROL = words("events/object_control_verbs")
LOCATIVE = words("events/locative_prepositions")
# Prepositions through which a noun event is a circumstance of the verb it hangs from, sharing its subject
# ("flew to Lima for talks", "refused ... during talks with X").
CIRCUMSTANCE = words("events/circumstance_prepositions")
RELATIVE_PRONOUNS = words("events/relative_pronouns")
PLURAL_PRONOUNS = words("events/plural_pronouns")
# Verbs whose object did what their "of"/"for" phrase says ("accused X of", "blamed X for", "praised X for").
ACCUSED_OBJECT_VERBS = words("events/accused_object_verbs")
# Types whose "of" phrase is what is moved or given ("the deployment of weapons", "the withdrawal of troops").
OF_THEME_TYPES = frozenset({"MOBILIZE", "RETREAT", "AID"})
HONORIFICS = words("events/honorifics")
# Sentence parts a participant cannot be: times, amounts.
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
LOCATION_KINDS = frozenset({"location"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Verbs whose subject a noun event they carry (as object or circumstance) shares.
SHARING_VERBS = words("events/sharing_verbs") | MOTION_VERBS | CANCEL_VERBS


class Mentions:
    """The actor mentions of one document, looked up by token or by character span."""

    def __init__(self, doc: Doc, mentions: Sequence[ActorMention], starts: list[int]) -> None:
        self.doc = doc
        self.starts = starts
        self.by_token: dict[int, ActorMention] = {}
        self.by_chain: dict[int, list[ActorMention]] = {}
        self.sorted = sorted(mentions, key=lambda m: (m.start, m.end))
        self.bounds = [m.start for m in self.sorted]
        for mention in self.sorted:
            first, last = self.token_at(mention.start), self.token_at(max(mention.start, mention.end - 1))
            for i in range(first, last + 1):
                self.by_token.setdefault(i, mention)
            self.by_chain.setdefault(mention.chain, []).append(mention)

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def overlapping(self, start: int, end: int) -> ActorMention | None:
        """The first mention that overlaps characters start:end."""
        at = bisect_right(self.bounds, end - 1)
        for mention in reversed(self.sorted[max(0, at - 8):at]):
            if mention.start < end and start < mention.end:
                return mention
        return None

    def named(self, mention: ActorMention) -> ActorMention:
        """The name a title-only mention stands for: the latest named mention of its chain before it, else the
        first after it; any other mention is its own name."""
        if mention.usage != "title" and mention.label != "TITLE":
            return mention
        chain = [m for m in self.by_chain.get(mention.chain, ()) if m.usage != "title" and m.label != "TITLE"]
        before = [m for m in chain if m.start < mention.start]
        if before:
            return before[-1]
        return chain[0] if chain else mention


class Roles:
    """Reads the participants of the events of one document; pronouns are resolved in reading order."""

    # Sentences back (besides the pronoun's own) to look for the antecedent of "it" or "they": the candidates are
    # every subject in the parse, so the window is narrower than the quote resolver's (see storyline.reference).
    ANTECEDENT_WINDOW = 1
    # What "it" can stand for among event participants: a party that acts, a country as often as a body.
    IT_KINDS = ("location", "organization", "group")

    def __init__(self, doc: Doc, mentions: Mentions, sentence_of: list[int], sentences: list[Span],
                 text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # spaCy rebuilds doc.text on every access
        self.mentions = mentions
        self.sentence_of = sentence_of
        self.sentences = sentences
        self._resolver: Resolver | None = None

    @property
    def resolver(self) -> Resolver:
        """The speaker resolver of `storyline.quotes`, built on first use (most documents never need it)."""
        if self._resolver is None:
            self._resolver = Resolver(self.doc, self.sentence_of, text=self.text)
        return self._resolver

    # -- heads -------------------------------------------------------------------------------------------------
    def actor_heads(self, trigger: Trigger) -> list[Token]:
        token = trigger.token
        if trigger.noun:
            return self._noun_actor(trigger)
        return _conjoined(self._verb_actor(token))

    def target_heads(self, trigger: Trigger) -> list[Token]:
        token = trigger.token
        lemma = lemma_of(token)  # read once: each read of a Token attribute goes through spaCy
        obj = direct_object(token) if not trigger.noun else None
        heads: list[Token] = []
        if not trigger.noun:
            passive = any(c.dep_ == "auxpass" for c in token.children)
            theme = (trigger.sense.type in THEME_OBJECT_TYPES or trigger.sense.mode == "written"
                     or lemma in THEME_OBJECT_VERBS
                     or (obj is not None and (lemma, lemma_of(obj)) in VERB_OBJECT_SENSES))
            controls = lemma in OBJECT_CONTROL and any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
            if controls and obj is not None and trigger.sense.type == "REQUEST":
                theme = False  # "asked all staff to leave": whom the request is made of
            if obj is not None and not passive and (not theme or obj.ent_type_ in ("PERSON", "GPE", "ORG", "NORP")):
                heads.append(obj)
            elif obj is not None and passive and trigger.carrier is None and not theme:
                heads.append(obj)  # "the town was shelled": the passive subject undergoes the event
            dative = next((c for c in token.children if c.dep_ in ("dative", "iobj")), None)
            if dative is not None and dative.dep_ == "dative" and dative.pos_ in ("NOUN", "PROPN", "PRON"):
                heads.append(dative)
        else:
            of = self._of_phrase(token)
            if of is not None and trigger.sense.type in OF_TARGET_TYPES:
                heads.append(of)
            heads += [h for h in self._mentions_before(token, trigger.first) if self._place_undergoes(trigger, h)]
            between = self._between(token)
            if len(between) > 1:
                heads += between[1:]
        preps = TARGET_PREPOSITIONS.get(trigger.sense.type, ())
        if trigger.sense.mode in ("visit", "host", "written") or lemma in CONVERSATION_VERBS:
            preps = (*preps, "to")
        if trigger.sense.mode in ("visit", "written") and not trigger.noun:
            preps = tuple(p for p in preps if p != "with")  # "travel with the king", "provided X with proposals"
        holders = self._prep_holders(trigger)
        if obj is not None and obj not in heads:
            holders.append(obj)  # "demanded guarantees from the US": the target hangs from the object
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    heads += [c for c in child.children if c.dep_ == "pobj"]
        if trigger.sense.type == "REQUEST" and not heads and not trigger.noun:
            heads += self._addressee(token)
        return [h for head in heads for h in _conjoined(head)]

    def companions(self, trigger: Trigger) -> list[Token]:
        """Who goes along on a visit ("plans to fly to Lima with the king") or takes part in joint drills
        ("drills with Norway"): more actors."""
        if trigger.sense.mode != "exercise" and (trigger.noun or trigger.sense.mode != "visit"):
            return []
        return [p for c in trigger.token.children if c.dep_ == "prep" and c.lower_ == "with"
                for p in c.children if p.dep_ == "pobj"]

    def location_heads(self, trigger: Trigger) -> list[Token]:
        found = []
        holders = self._prep_holders(trigger)
        if trigger.noun:
            sharing = self._sharing_verb(trigger.token, trigger.carrier)
            holders += [sharing] if sharing is not None and sharing not in holders else []
            holders += self._phrase_nouns(trigger.token)
        else:  # the parser often hangs the place on the object: "met the president in Lisbon"
            holders += [c for c in trigger.token.children if c.dep_ == "dobj" and c.pos_ == "PROPN"]
        for holder in holders:
            for child in holder.children:
                if child.dep_ != "prep":
                    continue
                word = child.lower_
                visit = trigger.sense.mode == "visit" and word == "to"
                if word in LOCATIVE or visit:
                    found += [c for c in child.children if c.dep_ == "pobj" and self._is_place(c)]
        return found[:1]

    def _phrase_nouns(self, noun: Token) -> list[Token]:
        """Nouns inside an event noun's phrase whose locative phrase places the event ("talks between the
        delegations in Lisbon", "a meeting of the council in Madrid"), up to the first comma or clause."""
        out = []
        for token in noun.subtree:  # in text order
            if token.i <= noun.i:
                continue
            if token.text in (",", ";", ":", "(", ")", "—", "–") or token.dep_ in ("relcl", "acl"):
                break
            if token.pos_ in ("NOUN", "PROPN"):
                out.append(token)
        return out

    def _prep_holders(self, trigger: Trigger) -> list[Token]:
        """Tokens whose prepositional phrases belong to the event: the trigger, and a light verb carrying it."""
        holders = [trigger.token]
        if trigger.noun and trigger.carrier is not None:
            holders.append(trigger.carrier)
        return holders

    def _is_place(self, token: Token) -> bool:
        mention = self.mentions.by_token.get(token.i)
        if mention is not None:
            return mention.kind in LOCATION_KINDS and mention.usage not in ("agent", "government")
        return token.ent_type_ in ("GPE", "LOC", "FAC")

    # -- verb actors ---------------------------------------------------------------------------------------------
    def _verb_actor(self, verb: Token, depth: int = 0) -> Token | None:
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        for child in verb.children:
            if passive and child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if not passive and child.dep_ in ("nsubj", "csubj"):
                return self._antecedent(child, verb)
        if passive or depth > 4:
            return None
        head = verb.head
        if head.i == verb.i:
            return None
        if verb.dep_ == "xcomp":
            if lemma_of(head) in OBJECT_CONTROL:
                obj = direct_object(head)
                if obj is not None:
                    return obj
                on = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")), None)
                if on is not None:
                    return next((c for c in on.children if c.dep_ == "pobj"), None)
            subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                return self._antecedent(subject, head)
            return self._verb_actor(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and is_verb(head.head):
            governor = head.head
            accused = direct_object(governor) if head.lower_ in ("of", "for", "with") else None
            if accused is not None and lemma_of(governor) in ACCUSED_OBJECT_VERBS:
                return accused  # "accused the West of invading"
            return self._verb_actor(governor, depth + 1)  # "made a mistake in withdrawing"
        if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acomp", "attr") and (is_verb(head) or
                                                                                head.pos_ == "ADJ"):
            return self._verb_actor(head, depth + 1)
        if verb.dep_ == "relcl":
            return head
        if verb.dep_ == "acl" and (verb.tag_ == "VBG" or self.mentions.by_token.get(head.i) is not None):
            return head  # "troops massing near the border", "the contact group ... to discuss"
        return None

    def _antecedent(self, subject: Token, verb: Token) -> Token:
        """A relative pronoun stands for the noun its clause describes ("Chile, which has recalled ...")."""
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return subject

    def _addressee(self, verb: Token) -> list[Token]:
        """Whom a demand is made of: the subject of the demanded clause ("demanded that the US cancel ...")."""
        for child in verb.children:
            if child.dep_ == "ccomp":
                subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None:
                    return [subject]
        return []

    # -- noun actors ---------------------------------------------------------------------------------------------
    def _noun_actor(self, trigger: Trigger) -> list[Token]:
        noun = trigger.token
        for child in noun.children:
            if child.dep_ == "poss":
                return _conjoined(child)
        for child in noun.children:
            if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _conjoined(pobj)
        named = [h for h in self._mentions_before(noun, trigger.first) if not self._place_undergoes(trigger, h)]
        if named:
            return named
        between = self._between(noun)
        if between:
            return between[:1]
        of = self._of_phrase(noun)
        if of is not None and trigger.sense.type in OF_THEME_TYPES:
            owners = self._modifying_mentions(of, phrase(of)[0]) if self.mentions.by_token.get(of.i) is None else []
            if owners:  # "the deployment of Peruvian forces": the forces' owner deploys them
                return [self.doc[self.mentions.token_at(m.end - 1)] for m in owners]
        elif of is not None and trigger.sense.type not in OF_TARGET_TYPES | OF_CONTENT_TYPES:
            return _conjoined(of)
        carrier = self._sharing_verb(noun, trigger.carrier)
        if carrier is not None:
            actor = self._verb_actor(carrier)
            if actor is not None:
                return _conjoined(actor)
        return []

    def _mentions_before(self, noun: Token, first: int) -> list[Token]:
        """The last token of each actor mention among a noun's modifiers ("EU sanctions", "the Chile-Peru
        talks": two), or of a named modifier the actors stage did not keep."""
        heads: list[Token] = []
        seen: set[tuple[int, int]] = set()
        for child in noun.lefts:
            if child.dep_ not in ("compound", "amod", "nmod") or child.i >= first:
                continue
            for token in child.subtree:
                mention = self.mentions.by_token.get(token.i)
                if mention is not None and (mention.start, mention.end) not in seen and self._names_someone(token):
                    seen.add((mention.start, mention.end))
                    heads.append(self.doc[self.mentions.token_at(mention.end - 1)])
            if not heads and self._names_someone(child) and child.pos_ in ("PROPN", "ADJ"):
                heads += _conjoined(child)
        return heads

    def _place_undergoes(self, trigger: Trigger, head: Token) -> bool:
        """A place's name before a noun of something done to a place is where it was done: "the Ukraine
        invasion" (PLACE_MODIFIER_TARGET_TYPES); an adjective or demonym ("Russian invasion") still acts."""
        if trigger.sense.type not in PLACE_MODIFIER_TARGET_TYPES or head.pos_ != "PROPN":
            return False
        mention = self.mentions.by_token.get(head.i)
        return mention is not None and mention.kind == "location" and mention.usage not in ("demonym", "government")

    def _names_someone(self, token: Token) -> bool:
        mention = self.mentions.by_token.get(token.i)
        if mention is not None:
            return mention.usage not in ("place",) or mention.kind != "location" or bool(mention.country)
        return token.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")

    def _of_phrase(self, noun: Token) -> Token | None:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None

    def _between(self, noun: Token) -> list[Token]:
        between = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"), None)
        pobj = next((c for c in between.children if c.dep_ == "pobj"), None) if between is not None else None
        return _conjoined(pobj) if pobj is not None else []

    def _sharing_verb(self, noun: Token, carrier: Token | None) -> Token | None:
        """The verb whose subject a noun event shares: its light verb, a verb of intent or motion it is the
        object of, or the verb it is a circumstance of."""
        if carrier is not None:
            return carrier
        head = noun.head
        if noun.dep_ == "dobj" and is_verb(head) and lemma_of(head) in SHARING_VERBS:
            return head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and is_verb(head.head):
            visit = head.lower_ in ("on", "in") and lemma_of(noun) in ("visit", "trip", "tour", "mission")
            if head.lower_ in CIRCUMSTANCE or visit or (head.lower_ == "to" and lemma_of(head.head) in SHARING_VERBS):
                return head.head
        return None

    # -- participants --------------------------------------------------------------------------------------------
    def participants(self, heads: list[Token], role: str) -> list[Participant]:
        out: list[Participant] = []
        for head in heads:
            out += self._participants_of(head, role)
        seen, unique = set(), []
        for p in out:
            if (p.start, p.end) not in seen:
                seen.add((p.start, p.end))
                unique.append(p)
        return unique

    def _participants_of(self, head: Token, role: str) -> list[Participant]:
        """The participant(s) a head token stands for: its mention, the mentions that modify it ("Chilean and
        Peruvian envoys" is two), or the antecedent of a pronoun or description."""
        mention = self.mentions.by_token.get(head.i)
        first, last = self._span(head)
        start, end = self._clean(first, last)
        if mention is not None:
            other = self.mentions.overlapping(start, mention.start) if start < mention.start else None
            later = self.mentions.overlapping(mention.end, end) if mention.end < end else None
            if mention.kind != "person" and any(m is not None and m.chain != mention.chain for m in (other, later)):
                start, end = mention.start, mention.end  # "Chile-Peru": the phrase holds another actor
            return [self._make(role, start, end, mention)]
        if head.ent_type_ in NOT_PARTICIPANTS:
            return []
        if head.text in HONORIFICS:
            named = self._name_after(head)  # "talks with Mr. on Monday. Soto": a garbled copy
            if named is not None:
                return [self._make(role, start, end, named)]
        apposed = self._apposed(head)
        inside = apposed if apposed and apposed[0].kind == "person" else (
            self._modifying_mentions(head, first) or apposed)
        if len(inside) > 1:
            return [self._make(role, m.start, m.end, m) for m in inside]
        if inside:
            return [self._make(role, start, end, inside[0])]
        bound = self._clause_subject(head) if head.dep_ == "poss" and head.pos_ == "PRON" else None
        if bound is not None:
            return [Participant(role, start, end, self.text[start:end],
                                p.start if p.ref_start is None else p.ref_start,
                                p.end if p.ref_end is None else p.ref_end)
                    for p in self._participants_of(bound, role)]
        if head.lower_ in ("it", "its"):
            found = self._it_antecedent(head)
            if found is not None:
                return [self._make(role, start, end, found)]
        elif head.lower_ in PLURAL_PRONOUNS:
            antecedent = self._they_antecedent(head)
            if antecedent is not None:
                return [Participant(role, start, end, self.text[start:end],
                                    p.start if p.ref_start is None else p.ref_start,
                                    p.end if p.ref_end is None else p.ref_end)
                        for p in self._participants_of(antecedent, role)]
        elif head.lower_ in PERSONAL_PRONOUNS and self._cataphor(head) is not None:
            return [self._make(role, start, end, self._cataphor(head))]  # type: ignore[arg-type]
        elif self._resolvable(head, first):
            speaker = self.resolver.resolve(head)
            if speaker is not None and speaker.resolved_start is not None:
                found = self.mentions.overlapping(speaker.resolved_start, speaker.resolved_end or
                                                  speaker.resolved_start + 1)
                if found is not None and self._compatible(head, found):
                    return [self._make(role, start, end, found)]
                if found is not None:
                    return [Participant(role, start, end, self.text[start:end])]
                return [Participant(role, start, end, self.text[start:end], speaker.resolved_start,
                                    speaker.resolved_end)]
        if head.pos_ in ("NUM", "DET", "PRON", "SYM", "PUNCT") and head.pos_ != "PRON":
            return []
        return [Participant(role, start, end, self.text[start:end])] if end > start else []

    def _compatible(self, head: Token, mention: ActorMention) -> bool:
        """A description refers to a mention of its kind: "the minister" to a person, "the company" to an
        organisation; "the government", "the ministry" may stand for a country."""
        if head.pos_ == "PRON":
            return True
        lemma = lemma_of(head)
        if lemma in TITLE_NOUNS:
            return mention.kind == "person"
        if lemma in GOVERNMENT_NOUNS:  # a country's ministry or government, never a city's
            is_country = mention.kind == "location" and (mention.place or "").startswith("country:")
            return mention.kind in ("organization", "group") or is_country
        return mention.kind == "organization"

    def _resolvable(self, head: Token, first: int) -> bool:
        """A pronoun for a person ("he", "her"), or a definite singular description of a person or a body ("the
        minister", "the ministry"): what the resolver can refer back to. Plural and indefinite descriptions, and
        descriptions of things ("the border"), name no one."""
        if head.pos_ == "PRON":
            return head.lower_ in PERSONAL_PRONOUNS
        if head.pos_ not in ("NOUN", "PROPN") or reference.plural(head):
            return False
        if lemma_of(head) not in TITLE_NOUNS and lemma_of(head) not in ORGANIZATION_NOUNS:
            return False
        return reference.definite(self.doc, first, head, parsed_determiner=False)

    def _name_after(self, honorific: Token) -> ActorMention | None:
        """The person named within a few words after a bare honorific (machine translation moved it)."""
        for token in self.doc[honorific.i + 1:min(len(self.doc), honorific.i + 8)]:
            mention = self.mentions.by_token.get(token.i)
            if mention is not None and mention.kind == "person":
                return mention
        return None

    def _clause_subject(self, pronoun: Token) -> Token | None:
        """"X had to put off his visit", "Peru pulled its forces back": a possessive pronoun after the
        subject of its clause refers to that subject when they agree in number."""
        node = pronoun.head
        for _ in range(6):
            if is_verb(node):
                break
            if node.head.i == node.i:
                return None
            node = node.head
        for _ in range(3):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                break
            if node.dep_ not in ("xcomp", "conj", "advcl") or node.head.i == node.i:
                return None
            node = node.head
        if subject is None or subject.i >= pronoun.i or subject.pos_ == "PRON":
            return None
        if (pronoun.lower_ == "their") != reference.plural(subject, conjoined=True):
            return None
        if pronoun.lower_ in ("his", "her") and self._kind_of(subject) not in ("person", None):
            return None
        if pronoun.lower_ == "its" and self._kind_of(subject) == "person":
            return None
        return subject

    def _kind_of(self, token: Token) -> str | None:
        mention = self.mentions.by_token.get(token.i)
        if mention is not None:
            return mention.kind
        if lemma_of(token) in TITLE_NOUNS:
            return "person"
        return None

    def _apposed(self, head: Token) -> list[ActorMention]:
        """"his Chilean counterpart, Ana Soto": the name in apposition to a description."""
        for child in head.children:
            if child.dep_ == "appos":
                mention = self.mentions.by_token.get(child.i)
                if mention is not None:
                    return [mention]
        return []

    def _cataphor(self, pronoun: Token) -> ActorMention | None:
        """"In his meeting with X, the minister said ...": a pronoun in a phrase before the main clause refers to the
        person who is that clause's subject."""
        root = self.sentences[self.sentence_of[pronoun.i]].root
        if pronoun.i > root.i:
            return None
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and root.i > 0:
            subject = self.doc[root.i - 1]  # the parser attached the subject elsewhere: the name before the verb
        if subject is None or subject.i < pronoun.i:
            return None
        mention = self.mentions.by_token.get(subject.i)
        return mention if mention is not None and mention.kind == "person" else None

    def _they_antecedent(self, pronoun: Token) -> Token | None:
        """"they": the nearest earlier plural subject, or subject of joined names, in this sentence or the one
        before ("The three envoys met ..., and they agreed")."""
        def plural_subject(token: Token) -> bool:
            return (token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON"
                    and reference.plural(token, conjoined=True))

        return reference.nearest_token(self.doc, self.sentence_of, pronoun, self.ANTECEDENT_WINDOW, plural_subject)

    def _it_antecedent(self, pronoun: Token) -> ActorMention | None:
        """"it": the nearest earlier subject that is a country, government or organisation, in this sentence
        or the one before (a subject is the likeliest antecedent)."""
        def party_subject(token: Token) -> bool:
            mention = self.mentions.by_token.get(token.i)
            return (token.dep_ in ("nsubj", "nsubjpass", "poss") and mention is not None
                    and mention.kind in self.IT_KINDS)

        token = reference.nearest_token(self.doc, self.sentence_of, pronoun, self.ANTECEDENT_WINDOW, party_subject)
        return self.mentions.by_token.get(token.i) if token is not None else None

    def _modifying_mentions(self, head: Token, first: int) -> list[ActorMention]:
        """Mentions among the words before the head ("Peruvian forces", "Chilean and Peruvian envoys"), else in
        its "of" phrase ("the leaders of Chile and Peru")."""
        found: list[ActorMention] = []
        for i in range(first, head.i):
            mention = self.mentions.by_token.get(i)
            if mention is not None and mention not in found:
                found.append(mention)
        if found:
            return found
        of = self._of_phrase(head)
        if of is None:
            return []
        for token in _conjoined(of):
            mention = self.mentions.by_token.get(token.i)
            if mention is None:
                inner = [self.mentions.by_token.get(i) for i in range(phrase(token)[0], token.i)]
                mention = next((m for m in inner if m is not None), None)
            if mention is not None and mention not in found:
                found.append(mention)
        return found

    def _make(self, role: str, start: int, end: int, mention: ActorMention) -> Participant:
        """The phrase as written (widened to the mention it overlaps) and the mention it refers to."""
        named = self.mentions.named(mention)
        if mention.start < end and start < mention.end:
            start, end = min(start, mention.start), max(end, mention.end)
        return Participant(role, start, end, self.text[start:end], named.start, named.end)

    def _span(self, head: Token) -> tuple[int, int]:
        """The noun phrase of a head: its modifiers before it and an "of" phrase after it, up to the first comma
        or clause ("envoys of ten states, who ..." -> "envoys of ten states")."""
        first, last = phrase(head)
        end = head.i
        for i in range(head.i + 1, last + 1):
            token = self.doc[i]
            if token.is_punct or token.dep_ in ("relcl", "acl", "appos", "cc", "conj") or token.lower_ in (
                    RELATIVE_PRONOUNS) or (token.dep_ == "prep" and token.head.i == head.i and token.lower_ != "of"):
                break
            end = i
        return first, end

    def _clean(self, first: int, last: int) -> tuple[int, int]:
        """Characters of tokens first..last without a leading article or trailing possessive or punctuation."""
        doc = self.doc
        while first < last and (doc[first].lower_ in ("the", "a", "an") or doc[first].is_punct
                                or doc[first].is_space):
            first += 1
        while last > first and (doc[last].tag_ == "POS" or doc[last].is_punct or doc[last].is_space):
            last -= 1
        return doc[first].idx, doc[last].idx + len(doc[last].text)


def _conjoined(token: Token | None) -> list[Token]:
    """A head and the heads conjoined to it ("Chile and the European Union")."""
    if token is None:
        return []
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out += _conjoined(child)
    return out
