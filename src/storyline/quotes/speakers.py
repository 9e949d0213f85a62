"""Who speaks: the subject of a cue, and what it refers to.

`subject_of(cue)` finds the phrase that says who speaks (the cue's subject, the agent of a passive, the subject
the cue shares with the verb it hangs from: "..., adding that", "cited X as saying"). `Resolver` turns that
phrase into a `Speaker`: a name stays itself; a pronoun takes the most salient earlier speaker or subject it can
refer to; a description ("the embassy", "the secretary of state", "the official") takes an earlier phrase with
the same head noun, or the name that phrase belongs to ("ministry spokesman Ivan Petrov"); a text ("the
statement", "Musk's tweet") speaks for its author; a transcript's label ("FUHRMANN:") and a surname the tagger
missed are the person the document names in full with that surname. What names no one stays a description,
anonymous. A name the tagger calls a person once is a person throughout the document (`_one_sense`), and a pronoun
that speaks never refers to a name in its own words (`Resolver.resolve`'s `said`). The search
back for an antecedent (sentence windows, nearest first, number and definiteness) is `storyline.reference`, which
the event extractor shares; the windows and kinds the resolver asks for are its own (see that module).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from storyline import reference
from storyline.lexicon_files import words
from storyline.parsed import entities, once_per_doc
from storyline.quotes.context import paragraph
from storyline.quotes.cues import is_quoting, is_reporting
from storyline.quotes.lexicon import (
    ORGANIZATION_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    TEXT_NOUNS,
    THING_PRONOUNS,
)

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
NOT_NAME_END = frozenset({"ADV", "VERB", "AUX", "PRON", "SCONJ", "CCONJ", "DET", "PART"})
RELATIVE_PRONOUNS = words("quotes/relative_pronouns")
NP_STOP_DEPS = frozenset({"appos", "relcl", "acl", "cc", "conj", "punct", "advcl"})
PREMODIFIER_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "case", "quantmod", "advmod",
                              "punct", "predet", "npadvmod"})
PHRASE_DEPS = frozenset({"pobj", "prep", "compound", "conj", "cc", "acl", "amod", "poss", "nmod"})
AUTHOR_PREPOSITIONS = words("quotes/author_prepositions")
PARENTHETICAL_WORDS = 8  # "Smith, as the then speaker of parliament, said": words between the commas
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})  # verbs after which a subject can be inverted ("..., said X")
PERSON_WINDOW = 4  # sentences back to look for the person a pronoun or description refers to


@dataclass(frozen=True)
class Speaker:
    """Who speaks. `start:end` is the phrase as written; `resolved_*` the mention it refers to, if any.

    `named` is True when the speaker is a named actor (a name, or an institution of a named place or body);
    False for an anonymous or unresolved description ("a senior official", "the inspectors").
    """

    start: int
    end: int
    text: str
    resolved_start: int | None = None
    resolved_end: int | None = None
    resolved_text: str | None = None
    named: bool = False
    kind: str = "person"  # person | organization | text

    @property
    def name(self) -> str:
        return self.resolved_text or self.text


def _passive(verb: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def _own_subject(verb: Token) -> Token | None:
    if _passive(verb):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and _same_paragraph(c, verb)
                and not _clause(c)]
    subject = max(subjects, key=lambda c: (c.i < verb.i, c.i if c.i < verb.i else -c.i)) if subjects else None
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        before = verb.doc[subject.i - 1] if subject.i > 0 else verb.head
        return before if before.pos_ in ("NOUN", "PROPN") else verb.head  # "a co-worker who said"
    if subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubj" and _expletive(verb):
        return None
    return subject


def _clause(subject: Token) -> bool:
    """Whether a subject is a clause ("publicly criticising its neighbours is taboo"): a clause names no one, so
    it is never a speaker."""
    return subject.pos_ in ("VERB", "AUX")


def _same_paragraph(a: Token, b: Token) -> bool:
    """Whether no line break separates two tokens (the parser sometimes joins paragraphs into one sentence)."""
    return paragraph(a) == paragraph(b)


def _lost_subject(verb: Token, inside: set[int]) -> Token | None:
    """A finite verb with no subject right after a noun phrase: the parser attached its subject elsewhere. The
    phrase is climbed to its head ("Two sources briefed on the talks between X and Y told ..." -> sources)."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.text == ",":
        before = _before_parenthetical(verb) or before
    kinds = ("PROPN",) if verb.dep_ == "conj" else ("PROPN", "NOUN")
    if before.pos_ not in kinds or before.i in inside or not _same_paragraph(before, verb):
        return None
    node = before
    for _ in range(8):
        head = node.head
        if node.dep_ not in PHRASE_DEPS or head.i >= verb.i or head.i == node.i or not _same_paragraph(head, verb):
            break
        if node.ent_type_ == "PERSON" and head.ent_type_ != "PERSON":
            break  # a name is who speaks, not part of a longer phrase
        node = head
    if node.pos_ in ("VERB", "AUX"):  # "Two sources briefed on ...": the participle's own subject
        node = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), before)
    return node if node.pos_ in ("PROPN", "NOUN", "PRON") else before


def _before_parenthetical(verb: Token) -> Token | None:
    """The name right before the comma of a verb: "her adviser, Jake Sullivan, said" (the parser hung the name
    elsewhere), or the name before a parenthetical set off by commas, "Smith, as the party's leader, said" (at
    most `PARENTHETICAL_WORDS` words, in the verb's sentence)."""
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 2].ent_type_ in ("PERSON", "ORG"):
        return doc[verb.i - 2]
    sentence_start = verb.sent.start
    for i in range(verb.i - 2, max(sentence_start, verb.i - 2 - PARENTHETICAL_WORDS), -1):
        if doc[i].text == ",":
            name = doc[i - 1] if i - 1 >= sentence_start else None
            return name if name is not None and name.ent_type_ == "PERSON" else None
        if doc[i].pos_ in ("VERB", "AUX") or doc[i].text in (".", ";", ":"):
            return None
    return None


def _participle_subject(verb: Token) -> Token | None:
    """"Durbin, noting the size of the crowd, said ...": the parser made the name the subject of the participle
    before the verb. A participle clause before the verb with its own subject before it lends the verb that one."""
    for child in verb.lefts:
        if child.dep_ in ("ccomp", "advcl") and child.tag_ == "VBG":
            subject = next((c for c in child.lefts if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
                return subject
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """"..., reported the state news agency Tanjug": the speaker after a finite verb, parsed as its object. A
    participle is not inverted: its subject is the subject of the clause it hangs from."""
    if verb.i == 0 or verb.doc[verb.i - 1].text != "," or verb.tag_ not in FINITE_TAGS:
        return None  # "..., calling the accusations 'false'": a participle's object is what is described
    return next((c for c in verb.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "appos")
                 and c.pos_ in ("NOUN", "PROPN")), None)


def _expletive(verb: Token) -> bool:
    """"It is said that ...": `it` stands for the clause, not for a speaker."""
    return any(c.dep_ == "ccomp" for c in verb.children) and any(c.dep_ == "acomp" for c in verb.children)


def subject_of(verb: Token, inside: set[int] | None = None, depth: int = 0) -> Token | None:
    """The token heading who speaks for cue `verb`; None for an agentless passive ("it was noted that").

    `inside` are quoted tokens: a verb in a quotation is the speaker's own words, so a participle hanging from
    one ("“...,” adding that") takes its subject from further up, outside the quotation.
    """
    inside = inside or set()
    subject = _own_subject(verb) if verb.i not in inside or depth == 0 else None
    if subject is not None or (verb.i not in inside and _passive(verb)) or depth > 6:
        return subject
    lost = (_lost_subject(verb, inside) or _inverted_subject(verb) or _participle_subject(verb)
            ) if depth == 0 else None
    if lost is not None:
        return lost
    head = verb.head
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if verb.dep_ == "pcomp" and head.lower_ == "as":
        cited = next((c for c in head.head.children if c.dep_ == "dobj"), None)
        if cited is not None:
            return cited  # "cited an unnamed diplomat as saying that ..."
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        if not _can_speak(head):
            return None  # "banners saying ...": no one speaks
        return _publisher(head) or head  # "X issued a statement saying ...": X speaks; else "a statement saying"
    if head.i == verb.i:
        return None
    if verb.dep_ == "conj" and (is_quoting(head) or head.dep_ == "ROOT"):
        surface = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if surface is not None and head.i not in inside:
            return surface  # "He was asked ... and suggested ...": the conjuncts share the surface subject
    if verb.dep_ == "conj" and _passive(head) and not _passive(verb) and not is_quoting(head):
        reporter = _reporting_ancestor(head, inside)  # "... are attacked and accused X of": a misparsed conjunct
        if reporter is not None:
            return subject_of(reporter, inside, depth + 1)
    if verb.dep_ in ("advcl", "xcomp", "pcomp", "prep") and verb.tag_ == "VBG":
        reporter = _reporting_ancestor(verb, inside)
        if reporter is not None:
            return subject_of(reporter, inside, depth + 1)  # "Berg said that ..., saying": not the clause's
    if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep", "ccomp", "parataxis", "dep"):
        if head.i in inside and not _climb_through(head):
            return None
        return subject_of(head, inside, depth + 1)
    return None


def _publisher(text_noun: Token) -> Token | None:
    """"Smith released a statement saying ...", "she posted a video saying ...": a text is the medium and the
    subject of the verb that put it out is the speaker. The text must be that verb's object; the verb's subject
    must not itself be a text ("the report cites a letter saying")."""
    if text_noun.lemma_.lower() not in TEXT_NOUNS or text_noun.dep_ != "dobj":
        return None
    verb = text_noun.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() in TEXT_NOUNS or subject.lower_ in RELATIVE_PRONOUNS:
        return None
    return subject


def _can_speak(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return bool(noun.ent_type_) or lemma in TEXT_NOUNS or lemma in ORGANIZATION_NOUNS


def _reporting_ancestor(verb: Token, inside: set[int]) -> Token | None:
    """The nearest verb of saying above a participle, outside quotations."""
    node = verb.head
    for _ in range(8):
        if node.i not in inside and is_quoting(node):
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _climb_through(token: Token) -> bool:
    return token.dep_ in ("ccomp", "conj", "advcl", "xcomp", "parataxis", "dep")


def phrase(token: Token) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase headed by `token`, without appositions or clauses."""
    first = token.i
    for child in reversed(list(token.lefts)):
        if child.dep_ not in PREMODIFIER_DEPS or child.right_edge.i != first - 1 or is_reporting(child):
            break  # only the modifiers right before the head ("ministry spokesman Ivan"), not a clause, nor a
            # verb of saying the parser took for an adjective ("- emphasized Kuleba")
        first = child.left_edge.i
    last = token.i
    for child in token.rights:
        if child.dep_ in NP_STOP_DEPS or (child.i != last + 1 and token.doc[last + 1].dep_ == "punct"):
            break
        last = child.right_edge.i
    return first, last


def named_entities(doc: Doc) -> list[Span]:
    """The entities of `doc` with a NAME_LABELS label, in reading order."""
    return [ent for ent in entities(doc) if ent.label_ in NAME_LABELS]


def entity_index(entities: list[Span]) -> dict[int, Span]:
    """Token index -> the entity of `entities` the token is in.

    Built once per document: spaCy rebuilds every entity Span on each read of `Doc.ents`, so finding a token's
    entity by scanning `doc.ents` costs a pass over the document for every lookup."""
    return {i: ent for ent in entities for i in range(ent.start, ent.end)}


def _clean_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Characters of tokens first..last without a leading article, a trailing possessive or a trailing word that
    cannot end a name (the tagger ran an entity into the next word: "Berg Already")."""
    head = doc[first]  # each token read once (indexing the Doc makes a new Token object every time)
    while first < last and head.lower_ in ("the", "a", "an"):
        first += 1
        head = doc[first]
    tail = doc[last]
    while last > first and (tail.tag_ == "POS" or tail.pos_ in NOT_NAME_END):
        last -= 1
        tail = doc[last]
    return head.idx, tail.idx + len(tail.text)


def _noun_lemma_index(doc: Doc) -> dict[str, list[int]]:
    """Lower-case lemma -> indices of the nouns and proper nouns with that lemma, in reading order."""
    pos, lemmas = doc.to_array(POS), doc.to_array(LEMMA)
    strings = doc.vocab.strings
    lowered: dict[int, str] = {}  # each distinct lemma id's string, lower-cased once
    index: dict[str, list[int]] = {}
    nouns = np.flatnonzero((pos == NOUN) | (pos == PROPN))
    for i, key in zip(nouns.tolist(), lemmas[nouns].tolist(), strict=True):
        if key not in lowered:
            lowered[key] = strings[key].lower()
        index.setdefault(lowered[key], []).append(i)
    return index


def _kind(token: Token, ent: Span | None) -> str:
    """Person, organization or text: what the phrase headed by `token` (inside entity `ent`, if any) is."""
    if ent is not None and ent.label_ == "NORP":
        return "person" if token.tag_ in ("NN", "NNP") else "organization"  # "a Democrat", "the Russians"
    if ent is not None:
        return "person" if ent.label_ == "PERSON" else "organization"
    lemma = token.lemma_.lower()
    if lemma in TEXT_NOUNS:
        return "text"
    if lemma in ORGANIZATION_NOUNS or token.lower_ in ORGANIZATION_NOUNS:
        return "organization"
    return "person"


@dataclass
class Mention:
    """A candidate referent: a speaker already found or a named entity, at token `i`."""

    i: int
    sentence: int
    speaker: Speaker
    subject: bool
    cue: bool  # it is the speaker of an earlier quote


@dataclass(frozen=True)
class DocumentNames:
    """What the named entities of one document offer a `Resolver`, the same for every resolver of the document:
    the entity each token is in, and each name that can speak as (its root token, the speaker, whether the name is
    a subject)."""

    entities: dict[int, Span]
    named: list[tuple[int, Speaker, bool]]


def document_names(doc: Doc, text: str) -> DocumentNames:
    """The document's `DocumentNames`, read once per Doc (storyline.parsed): the quotes stage and the events stage
    each resolve the speakers of the same Doc, one after the other."""
    return once_per_doc("document names", doc, lambda parsed: _read_names(parsed, text))


def _read_names(doc: Doc, text: str) -> DocumentNames:
    names = _one_sense(named_entities(doc))
    named = []
    for ent in names:
        root = ent.root  # Span.root searches the span's parse on every read: once per entity
        if not (ent.label_ == "NORP" and root.dep_ == "amod"):
            start, end = _clean_span(doc, ent.start, ent.end - 1)
            speaker = Speaker(start, end, text[start:end], start, end, text[start:end], True,
                              "person" if ent.label_ == "PERSON" else "organization")
            named.append((root.i, speaker, _in_subject(root)))
    return DocumentNames(entity_index(names), named)


@dataclass
class Resolver:
    """Resolves speakers of one document in reading order, remembering who spoke."""

    doc: Doc
    sentence_of: list[int]
    quoted: set[int] = field(default_factory=set)  # tokens inside quotation marks: not antecedents outside them
    spoken: list[Mention] = field(default_factory=list)
    text: str = ""  # doc.text, read once (spaCy rebuilds it on every access)
    names: list[Mention] = field(default_factory=list)
    entities: dict[int, Span] = field(default_factory=dict)  # token index -> its named entity (`entity_index`)
    noun_lemmas: dict[str, list[int]] | None = field(default=None, init=False, repr=False)  # `_nouns_with_lemma`

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text  # a caller that has the text saves spaCy rebuilding it
        names = document_names(self.doc, self.text)
        self.entities = names.entities
        self.names = [Mention(i, self.sentence_of[i], speaker, subject, False) for i, speaker, subject in names.named]

    # -- entry points ---------------------------------------------------------------------------------
    def resolve(self, head: Token | None, label: bool = False, said: tuple[int, int] | None = None) -> Speaker | None:
        """The speaker that the phrase headed by `head` names or refers to, remembered for later pronouns. With
        `label`, the phrase is a transcript's label for a person ("FUHRMANN:"), a name however the tagger read it.
        `said` are the characters of the words the speaker says: a pronoun that speaks never refers to a name in
        its own words ("X was seen as ..., he added": he is not X; binding theory's principle C)."""
        if head is None:
            return None
        speaker = self._label(head) if label else self._resolve(head, said)
        self.spoken.append(Mention(head.i, self.sentence_of[head.i], speaker, True, True))
        return speaker

    def remember(self, speaker: Speaker, i: int) -> None:
        """Count `speaker` as having spoken at token `i` (a quote that continues an earlier one)."""
        self.spoken.append(Mention(i, self.sentence_of[i], speaker, True, True))

    # -- entities -------------------------------------------------------------------------------------
    def _entity(self, token: Token) -> Span | None:
        """The named entity `token` is part of, if any."""
        return self.entities.get(token.i)

    def _kind(self, token: Token) -> str:
        return _kind(token, self.entities.get(token.i))

    def _nouns_with_lemma(self, lemma: str) -> list[int]:
        """Indices of the nouns and proper nouns whose lower-case lemma is `lemma`, in reading order. The index is
        built on first use, once per document, from the Doc's arrays (`_same_head` used to walk back over every
        token before a description, making a Token object for each)."""
        if self.noun_lemmas is None:
            self.noun_lemmas = _noun_lemma_index(self.doc)
        return self.noun_lemmas.get(lemma, [])

    # -- resolution -----------------------------------------------------------------------------------
    def _resolve(self, head: Token, said: tuple[int, int] | None = None) -> Speaker:
        first, last = phrase(head)
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        written = Speaker(start, end, self.text[start:end], kind=self._kind(head))
        if head.pos_ == "PRON":
            return self._pronoun(head, written, said)
        named = self._named(head)
        if named is not None:
            return _as(written, named)
        if written.kind == "text":
            return self._text(head, written)
        return self._description(head, written, first)

    def _label(self, head: Token) -> Speaker:
        """A transcript's label names a person: the person the document names in full with that surname, in any
        case ("FUHRMANN" is "Matthew Fuhrmann"), else the name the label gives, else the label itself."""
        first, last = phrase(head)
        start, end = _clean_span(self.doc, first, last)
        written = Speaker(start, end, self.text[start:end], kind="person")
        found = self._surname(head) or self._named(head)
        if found is not None and found.kind == "person":
            return _as(written, found)
        return Speaker(start, end, written.text, start, end, written.text, True, "person")

    def _surname(self, head: Token) -> Speaker | None:
        """The person named in full elsewhere in the document whose last word is `head`, compared without case
        ("Fuhrmann", "FUHRMANN" -> "Matthew Fuhrmann"): the nearest such name before `head`, else the first after
        it. A name of one word, or a word that is already part of a longer name, is left as it is."""
        ent = self._entity(head)
        if ent is not None and len(ent) > 1:
            return None
        fuller = [m for m in self.names if m.speaker.kind == "person" and m.i != head.i
                  and len(m.speaker.text.split()) > 1 and m.speaker.text.split()[-1].lower() == head.lower_]
        before = [m for m in fuller if m.i < head.i]
        chosen = before[-1] if before else (fuller[0] if fuller else None)
        return chosen.speaker if chosen is not None else None

    def _named(self, head: Token) -> Speaker | None:
        """The name the phrase itself gives: an entity it is, or one in apposition to it."""
        ent = self._entity(head)
        if ent is not None and ent.label_ != "NORP":  # "the California Democrat" describes, it does not name
            return self._span_speaker(ent.start, ent.end - 1, ent.label_)
        for child in head.children:
            inner = self._entity(child) if child.dep_ == "appos" else None
            if inner is not None and inner.label_ != "NORP":
                return self._span_speaker(inner.start, inner.end - 1, inner.label_)
        trailing = self._trailing_name(head)
        if trailing is not None:
            return trailing
        if head.lemma_.lower() in ORGANIZATION_NOUNS and not reference.plural(head):
            owner = next((c for c in head.children if c.dep_ in ("poss", "compound") and self._entity(c)), None)
            if owner is not None:  # "Norway's embassy in Ottawa", "the Oslo administration"
                first, last = phrase(head)
                return self._span_speaker(first, last, "ORG")
        if head.pos_ in ("PROPN", "NOUN") and head.text.istitle() and ent is None:
            return self._surname(head)  # the tagger missed a surname the document gives in full elsewhere
        return None

    def _trailing_name(self, head: Token) -> Speaker | None:
        """"UNICEF Regional Director for Europe, Afshan Khan", "the head of the district, Roman Bublik": a title
        phrase that ends in the name of the person it describes (not "a channel close to leader X")."""
        if self._kind(head) != "person" or head.pos_ not in ("NOUN", "PROPN"):
            return None
        tokens = list(head.subtree)
        if tokens[0].lower_ in ("a", "an") or reference.plural(head):
            return None
        words = [t for t in tokens if not t.is_punct]
        if not words:
            return None  # the parser made a lone punctuation mark a noun phrase
        last = max(words, key=lambda t: t.i)
        name = self._name_at(last)
        if name is not None and name[0] > head.i:
            before = self.doc[name[0] - 1]
            if before.text == "," or before.pos_ == "PROPN" or before.dep_ == "compound":
                return self._span_speaker(*name, "PERSON")
        return self._name_after(last)

    def _name_at(self, token: Token) -> tuple[int, int] | None:
        """The person's name ending at `token`: a PERSON entity, or (when the tagger missed it) two or more
        capitalised proper nouns compounded into it ("Afshan Khan")."""
        ent = self._entity(token)
        if ent is not None:
            return (ent.start, ent.end - 1) if ent.label_ == "PERSON" and ent.end - 1 == token.i else None
        chain = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.text.istitle()]
        if token.pos_ == "PROPN" and token.text.istitle() and chain and chain[0].i == token.i - len(chain):
            return chain[0].i, token.i
        return None

    def _name_after(self, last: Token) -> Speaker | None:
        """"the Ukrainian ambassador to the UK, Vadym Prystaiko, as ...": the name set off by commas right after."""
        for token in self.doc[last.i + 1:min(len(self.doc), last.i + 9)]:
            if is_quoting(token) or token.pos_ == "VERB":
                return None
            name = self._name_at(token) if token.ent_type_ == "PERSON" else None
            if name is not None and (self.doc[name[0] - 1].text == "," or name[0] == last.i + 1):
                return self._span_speaker(*name, "PERSON")
        return None

    def _span_speaker(self, first: int, last: int, label: str) -> Speaker:
        start, end = _clean_span(self.doc, first, last)
        text = self.text[start:end]
        return Speaker(start, end, text, start, end, text, True, "person" if label == "PERSON" else "organization")

    def _text(self, head: Token, written: Speaker) -> Speaker:
        """A statement, report or tweet speaks for its author: "Musk's tweet", "a report by the ISW"; "the report
        added" continues the speaker just before it."""
        author = self._author(head, written)
        if author is not None:
            return _as(written, author)
        first = phrase(head)[0]
        if reference.plural(head) or self.doc[first].lower_ in ("a", "an"):
            return written  # "intelligence reports suggest", "an intelligence report read": anonymous
        found = (self._recent(head, ("organization", "text"), window=1, spoken_only=True)
                 or self._same_head(head, first) or self._recent(head, ("organization", "text"), spoken_only=True)
                 or self._subject_before(head, "person", first))
        return _as(written, found) if found is not None else written

    def _author(self, head: Token, written: Speaker) -> Speaker | None:
        """The named author of a text: its possessor or modifier ("the IAEA report"), or "by/from X"."""
        for child in head.children:
            if child.dep_ in ("poss", "compound"):
                author = self._named(child) if child.pos_ in ("PROPN", "NOUN") else None
                if author is None and child.pos_ == "PRON":
                    author = self._pronoun(child, written)
                if author is not None and author.resolved_text:
                    return author
            if child.dep_ == "prep" and child.lower_ in AUTHOR_PREPOSITIONS:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    author = self._named(pobj) or (self._pronoun(pobj, written) if pobj.pos_ == "PRON" else None)
                    if author is not None and author.resolved_text:
                        return author
        return None

    def _pronoun(self, head: Token, written: Speaker, said: tuple[int, int] | None = None) -> Speaker:
        word = head.lower_
        if word in PERSON_PRONOUNS:
            found = (self._in_sentence(head, "person", said)
                     or self._recent(head, ("person",), window=1, spoken_only=True, said=said)
                     or self._subject_before(head, "person", head.i, said=said)
                     or self._recent(head, ("person",), said=said))
        elif word in THING_PRONOUNS:
            found = self._recent(head, ("organization", "text"), spoken_only=True) or self._subject_before(
                head, "organization", head.i)
        elif word in PLURAL_PRONOUNS:
            found = self._recent(head, ("organization", "person"), spoken_only=True)
        else:
            found = None
        return _as(written, found) if found is not None else written

    def _description(self, head: Token, written: Speaker, first: int) -> Speaker:
        if not reference.definite(self.doc, first, head, parsed_determiner=True):
            return written  # "a source", "an unnamed diplomat", "officials": a new, anonymous speaker
        antecedent = self._same_head(head, first)
        if antecedent is not None:
            return _as(written, antecedent)
        if reference.plural(head):
            return written
        if written.kind == "organization" and any(c.dep_ not in ("det", "punct") for c in head.children):
            return written  # "the Russian defence ministry" describes itself; "the ministry" refers back
        if any(c.dep_ == "poss" and self._entity(c) is not None for c in head.children):
            return written  # "Ukraine's defence minister": a role of a named country, not a pronoun-like epithet
        if written.kind == "organization":
            found = (self._subject_before(head, "organization", first)
                     or self._recent(head, ("organization", "text"), spoken_only=True)
                     or self._recent(head, ("organization",), window=2))
        else:
            found = (self._subject_before(head, "person", first) or self._recent(head, ("person",), spoken_only=True)
                     or self._subject_before(head, "person", first, window=PERSON_WINDOW))
        return _as(written, found) if found is not None else written

    def _same_head(self, head: Token, first: int) -> Speaker | None:
        """The nearest earlier phrase with the same head noun, as the name it belongs to if it has one. An earlier
        definite description ("the agency") points further back; an indefinite one ("a senior official")
        introduced the speaker, who stays anonymous."""
        lemma = head.lemma_.lower()
        fallback = None
        nouns = self._nouns_with_lemma(lemma)
        for i in reversed(nouns[:bisect_left(nouns, first)]):
            token = self.doc[i]
            if not _compatible(head, token):
                continue
            named = self._named(token) or self._owner_name(token)
            if named is None and lemma in TEXT_NOUNS:
                named = self._author(token, Speaker(token.idx, token.idx, token.text))
            if named is not None:
                return named
            a, b = phrase(token)
            if not a <= token.i <= b or token.dep_ in ("compound", "amod"):
                continue
            start, end = _clean_span(self.doc, a, b)
            text = self.text[start:end]
            described = Speaker(start, end, text, start, end, text, False, self._kind(token))
            if self.doc[a].lower_ in ("a", "an", "one") or reference.plural(token):
                return fallback or self._introduced(token) or described
            fallback = described  # the earliest definite mention says most
        return fallback

    def _introduced(self, token: Token) -> Speaker | None:
        """"A Ukrainian news anchor showed grace ... Marichka Padalko was reading": a person introduced by a
        description in the lede and named as the subject of the next sentence."""
        sentence = self.sentence_of[token.i]
        if sentence > 1 or self._kind(token) != "person":
            return None
        named = [m for m in self.names if m.sentence == sentence + 1 and m.subject and m.speaker.kind == "person"]
        return min(named, key=lambda m: m.i).speaker if named else None

    def _owner_name(self, token: Token) -> Speaker | None:
        """"ministry spokesman Ivan Petrov": the title `spokesman` belongs to the name it modifies."""
        node = token
        for _ in range(2):
            if node.dep_ not in ("compound", "appos", "nmod", "amod") or node.head.i == node.i:
                return None
            node = node.head
            ent = self._entity(node)
            if ent is not None and ent.label_ in ("PERSON", "ORG"):
                return self._span_speaker(ent.start, ent.end - 1, ent.label_)
        return None

    def _subject_before(self, head: Token, kind: str, before: int, window: int = 1,
                        said: tuple[int, int] | None = None) -> Speaker | None:
        """The last named subject of that kind before token `before`, in this sentence or the `window` before,
        outside the characters `said`."""
        found = reference.nearest(self._mentions(), before, self.sentence_of[head.i], window,
                                  lambda m: m.subject and m.speaker.kind == kind and m.speaker.named
                                  and m.i not in self.quoted and not _within(m, said, self.doc))
        return found.speaker if found is not None else None

    def _in_sentence(self, head: Token, kind: str, said: tuple[int, int] | None = None) -> Speaker | None:
        """The nearest named mention of that kind earlier in the same sentence ("forced X to ... what he called"),
        outside the characters `said` (the words the pronoun's speaker says)."""
        found = reference.nearest(self.names, head.i, self.sentence_of[head.i], 0,
                                  lambda m: m.speaker.kind == kind and m.i not in self.quoted
                                  and not _within(m, said, self.doc))
        return found.speaker if found is not None else None

    def _recent(self, head: Token, kinds: tuple[str, ...], window: int = PERSON_WINDOW,
                spoken_only: bool = False, said: tuple[int, int] | None = None) -> Speaker | None:
        """The latest speaker (then, unless `spoken_only`, named mention) of one of `kinds` before `head`, outside
        the characters `said`. A pronoun may refer to a speaker known only by a description ("a spokesman ...
        said. He added")."""
        def refers(m: Mention) -> bool:
            return m.speaker.kind in kinds and not _within(m, said, self.doc) and bool(
                m.speaker.resolved_text or (head.pos_ == "PRON" and m.speaker.text))

        pools = [self.spoken] if spoken_only else [self.spoken, self.names]
        for pool in pools:
            found = reference.nearest(pool, head.i, self.sentence_of[head.i], window, refers)
            if found is not None:
                return found.speaker
        return None

    def _mentions(self) -> list[Mention]:
        return [*self.spoken, *self.names]


def _one_sense(entities: list[Span]) -> list[Span]:
    """One name, one sense in a document: a name the tagger calls a person somewhere ("Olena told ...", "Marta
    Lind told ...") is a person where it called the same words, or that surname, an organisation ("Olena said",
    "Lind said"), so that "she" can refer to it."""
    persons = {ent.text.lower() for ent in entities if ent.label_ == "PERSON"}
    persons |= {ent.text.split()[-1].lower() for ent in entities if ent.label_ == "PERSON" and len(ent) > 1}
    return [Span(ent.doc, ent.start, ent.end, label="PERSON")
            if ent.label_ == "ORG" and ent.text.lower() in persons else ent for ent in entities]


def _within(mention: Mention, said: tuple[int, int] | None, doc: Doc) -> bool:
    """Whether a mention lies in the characters `said` (the words of the speaker being resolved) where the speaking
    pronoun rules it out: not as a possessor ("Irisov's papers were signed ..., he says" may be Irisov's words)."""
    return (said is not None and said[0] <= mention.speaker.start < said[1]
            and doc[mention.i].dep_ != "poss")


def _in_subject(token: Token) -> bool:
    """Whether a token is, or is in apposition to, the subject of its clause ("her husband Pavel Gubarev, 39,")."""
    node = token
    for _ in range(4):
        if node.dep_ in ("nsubj", "nsubjpass"):
            return True
        if node.dep_ not in ("appos", "conj") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _modifiers(token: Token) -> set[str]:
    """Nationality and place words that modify a noun ("Ukrainian", "Russia's")."""
    return {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in (
        "NORP", "GPE")}


def _compatible(description: Token, candidate: Token) -> bool:
    """A description can refer back to a phrase with the same head when number and nationality agree."""
    if reference.plural(description) != reference.plural(candidate):
        return False
    mine, theirs = _modifiers(description), _modifiers(candidate)
    return not (mine and theirs and not mine & theirs)


def _as(written: Speaker, found: Speaker) -> Speaker:
    """`written` (the phrase in the text) resolved to what `found` refers to."""
    if found.resolved_text is None:  # a description that is itself unresolved: refer to the description
        return Speaker(written.start, written.end, written.text, found.start, found.end, found.text, False,
                       found.kind)
    return Speaker(written.start, written.end, written.text, found.resolved_start, found.resolved_end,
                   found.resolved_text, found.named, found.kind if found.kind != "text" else "organization")
