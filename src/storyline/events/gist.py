"""The gist of an event mention in its own words: a short, headline-like phrase cut from its clause.

"... said Thursday that Russia had launched a full-scale invasion of Ukraine, which ..." gives "Russia had launched
a full-scale invasion of Ukraine". From the verb that tells the event (the trigger, or the verb that carries an
event noun: "held talks", "imposed sanctions") the gist keeps its subject, auxiliaries, negation and particle and its
objects and complements, each with the words of its phrase; it leaves out what a headline leaves out: relative and
adverbial clauses, appositions and parentheticals, reported speech, adverbs and circumstances of time and manner
("after days of talks", "on Thursday"). Tense stays as written. A verb and the infinitive after it go together
("agreed to withdraw"). An event noun with no verb ("amid Russia's invasion of Ukraine") gives its noun phrase,
"Russia's invasion of Ukraine".

Longer than MAX_WORDS words, the phrases are tightened to their core (no prepositional phrases but "of"), then the
verb's own prepositional phrases go; a gist that is still too long is None. A pronoun is replaced by the name the
participant it belongs to refers to ("He launched" -> "Putin launched", "his invasion" -> "Putin's invasion"); a
subject pronoun without one gives no gist, and neither does a verb with no subject and no actor, a verb with no
subject that is not tensed and has no "to" ("fighting for his country"), a question, or a verb of saying whose
content is a clause ("said that ..."): the summary falls back to its template then.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

from storyline.events.triggers import Trigger, is_verb
from storyline.lexicon_files import words
from storyline.model import Participant

MAX_WORDS = 12
DROPPED_PREPOSITIONS = words("events/gist_dropped_prepositions")
# What a verb keeps besides its subject: auxiliaries, negation, particle, objects and complements.
VERB_WORDS = frozenset({"aux", "auxpass", "neg", "prt"})
VERB_PHRASES = frozenset({"dobj", "dative", "attr", "acomp", "oprd", "agent"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# What a noun phrase keeps; in its tight form only TIGHT (and "of" phrases).
PHRASE_WORDS = frozenset({"det", "predet", "amod", "compound", "poss", "case", "nummod", "quantmod", "nmod", "neg",
                          "prep", "pobj", "pcomp", "cc", "conj", "flat", "hmod"})
TIGHT_WORDS = frozenset({"det", "predet", "amod", "compound", "poss", "case", "nummod", "quantmod", "nmod", "neg",
                         "flat"})
RELATIVE = frozenset({"which", "who", "that", "whom"})
LEADING_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they"})
# Pronouns a gist replaces by the name they stand for; "we", "our" in a quote are the speaker's side: left alone.
THIRD_PERSON = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their"})
DANGLING = words("events/gist_dangling_words")  # a gist never ends on one: it lost its object ("the release of")
QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’", "'", "«", "»"})


class GistMaker:
    """Gists for the event mentions of one parsed document (see the module docstring)."""

    def __init__(self, doc: Doc, dateline: int = 0, text: str | None = None,
                 tokens: Sequence[Token] | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # spaCy rebuilds doc.text on every access: pass it in
        self.tokens = list(doc) if tokens is None else tokens  # indexed often: a list, not the Doc (new Tokens)
        self.phrases: dict[tuple[int, bool], frozenset[int]] = {}  # `_phrase` by (head index, tight)
        self.kept_preps: dict[int, bool] = {}  # `_kept_prep` by token index
        self.bracketed = _bracketed(doc)
        self.dateline = dateline  # the article's dateline ("BRUSSELS - ") ends here: no word of it is kept

    def gist(self, trigger: Trigger, participants: Sequence[Participant]) -> str | None:
        """The mention's gist, or None when its clause gives no good one."""
        names = self._names(participants)
        if trigger.nominal:
            return self._noun_gist(trigger, names)
        verb = trigger.carrier if trigger.noun and trigger.carrier is not None else trigger.token
        if not is_verb(verb) and verb.pos_ != "AUX":
            return self._noun_gist(trigger, names) if trigger.noun else None
        return self._verb_gist(verb, names)

    # -- a verb and its arguments ----------------------------------------------------------------------------
    def _verb_gist(self, verb: Token, names: dict[int, str]) -> str | None:
        if any(c.dep_ == "ccomp" for c in verb.children) and not any(c.dep_ == "dobj" for c in verb.children):
            return None  # "said that ...": what was said is another event
        verbs = [verb]
        if verb.dep_ == "xcomp" and is_verb(verb.head) and not _subject(verb):
            verbs = [verb.head, verb]  # "agreed to withdraw"
        verbs += [c for c in verb.children if c.dep_ == "xcomp" and is_verb(c) and not _subject(c)][:1]
        subject = _subject(verbs[0])
        if subject is None and verbs[0].dep_ == "conj" and _finite_or_to(verbs[0]):
            subject = _subject(verbs[0].head)  # "met and talked"; not "will prompt ... or threaten" (its "will")
        if subject is not None and subject.lower_ in RELATIVE and verbs[0].dep_ == "relcl":
            subject = verbs[0].head  # "Russia, which launched ...": the noun the clause describes
        if subject is not None and subject.pos_ == "PRON" and subject.i not in names:
            return None  # "He launched ...", with nobody to put in his place
        if self._asks(verbs[0]):
            return None  # "Has he threatened ...?", "Did Putin invade ...?": a question tells no event
        prefix = ""
        if subject is None:
            prefix = names.get(-1, "")
            if not prefix or not _finite_or_to(verbs[0]):
                return None  # "Moscow threaten", "Zelensky fighting": a headline needs a tensed verb or "to"
        # A prepositional phrase before the subject is a fronted circumstance ("In response, Moscow restricted
        # ...", "In his speech, Putin accused ..."): a headline starts with who did it.
        front = subject.left_edge.i if subject is not None else verbs[0].i
        children = [(v, [c for c in v.children if not (c.dep_ == "prep" and c.i < front)]) for v in verbs]
        objects = {c.i for _, below in children for c in below if c.dep_ in VERB_PHRASES or (
            c.dep_ == "prep" and self._kept_prep(c))}
        for tight_subject, tight_objects, with_preps in ((False, False, True), (True, False, True),
                                                          (True, False, False), (True, True, False)):
            kept: set[int] = set()
            if subject is not None:
                kept |= self._phrase(subject, tight_subject)
            for v, below in children:
                kept.add(v.i)
                kept |= {c.i for c in below if c.dep_ in VERB_WORDS}
                for child in below:
                    wanted = child.dep_ in VERB_PHRASES or (
                        child.dep_ == "prep" and with_preps and self._kept_prep(child))
                    if wanted:
                        kept |= self._phrase(child, tight_objects)
            if objects and not kept & objects:
                break  # "William met": what the verb was done to is gone
            words_ = self._render(kept, names)
            if prefix:
                words_ = [prefix + " ", *words_]
            if _count(words_) <= MAX_WORDS:
                return _finish(words_)
        return None

    def _asks(self, verb: Token) -> bool:
        """Whether the verb's sentence is a question (it ends with a question mark, closing marks aside)."""
        last = verb.sent.end - 1
        while last > verb.i and (self.tokens[last].text in QUOTE_MARKS or self.tokens[last].is_space):
            last -= 1
        return self.tokens[last].text == "?"

    # -- an event noun with no verb ---------------------------------------------------------------------------
    def _noun_gist(self, trigger: Trigger, names: dict[int, str]) -> str | None:
        for tight in (False, True):
            kept = set(self._phrase(trigger.token, tight))
            kept |= set(range(trigger.first, trigger.token.i + 1))
            while kept and self.tokens[min(kept)].lower_ in LEADING_DETERMINERS:
                kept.discard(min(kept))
            words_ = self._render(kept, names)
            if _count(words_) <= MAX_WORDS:
                return _finish(words_)
        return None

    # -- phrases -------------------------------------------------------------------------------------------------
    def _phrase(self, head: Token, tight: bool) -> frozenset[int]:
        """The tokens of a head's phrase that a gist keeps (see the module docstring). It depends on the head and
        `tight` only, and the gists of one document read the same phrases again and again: each is kept."""
        key = (head.i, tight)
        if key not in self.phrases:
            self.phrases[key] = self._read_phrase(head, tight)
        return self.phrases[key]

    def _read_phrase(self, head: Token, tight: bool) -> frozenset[int]:
        kept = {head.i}
        # "X, Y and Z": a list after a comma is as often the parser running on into the next clause ("before
        # Russia's invasion of Ukraine, Beijing and Moscow announced ...") as a list; a headline keeps X alone.
        listed = any(c.dep_ == "punct" and c.text == "," for c in head.children) and any(
            c.dep_ == "conj" for c in head.children)
        for child in head.children:
            if child.i in self.bracketed:
                continue
            if child.dep_ == "punct":
                if _inside_word(child):
                    kept.add(child.i)
                continue
            keep = child.dep_ in (TIGHT_WORDS if tight else PHRASE_WORDS)
            if child.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":
                keep = True  # a kept preposition keeps its object: "the release of Griner", never "the release of"
            if child.dep_ == "prep":
                keep = (not tight or child.lower_ == "of") and self._kept_prep(child)
            if child.dep_ == "conj" and (tight or listed):
                keep = False
            if child.dep_ == "cc" and (tight or listed or not any(c.dep_ == "conj" for c in head.children)):
                keep = False
            if keep:
                kept |= self._phrase(child, tight)
        return frozenset(kept)

    def _kept_prep(self, prep: Token) -> bool:
        """A prepositional phrase of who or what, not of time or circumstance (kept by token, like `_phrase`)."""
        if prep.i not in self.kept_preps:
            self.kept_preps[prep.i] = self._reads_who_or_what(prep)
        return self.kept_preps[prep.i]

    @staticmethod
    def _reads_who_or_what(prep: Token) -> bool:
        if prep.lower_ in DROPPED_PREPOSITIONS or not any(c.dep_ == "pobj" for c in prep.children):
            return False  # a circumstance, or a clause ("about becoming ...", "for annexing ...")
        return not any(t.ent_type_ in ("DATE", "TIME") for t in prep.subtree)

    def _names(self, participants: Sequence[Participant]) -> dict[int, str]:
        """Token index -> the name a pronoun stands for, from the participants that refer to a name elsewhere;
        key -1: the name of the first actor (for a clause whose subject is not written)."""
        found: dict[int, str] = {}
        for p in participants:
            if p.role == "actor" and -1 not in found:
                first = self.text[p.ref_start:p.ref_end] if p.ref_start is not None else p.text
                if first[:1].isupper() and first.lower() not in PRONOUNS:
                    found[-1] = first
            if p.ref_start is None or p.ref_end is None or p.start <= p.ref_start < p.ref_end <= p.end:
                continue  # a name the phrase holds itself: its pronoun is someone else's ("their Ukraine homeland")
            name = self.text[p.ref_start:p.ref_end]
            for token in self.doc.char_span(p.start, p.end, alignment_mode="expand") or ():
                if token.lower_ in THIRD_PERSON and not (p.ref_start <= token.idx < p.ref_end):
                    found[token.i] = name
        return found

    def _whole_words(self, kept: set[int]) -> set[int]:
        """The kept tokens and the pieces written without a space to them, so no word is cut ("Russian-controlled",
        not "-controlled"); punctuation other than a hyphen or slash inside a word is no piece of a word."""
        tokens = self.tokens
        whole = set(kept)
        for i in kept:
            j = i
            while j > 0 and not tokens[j - 1].whitespace_ and _word_piece(tokens[j - 1], tokens) \
                    and _word_piece(tokens[j], tokens):
                j -= 1
                whole.add(j)
            j = i
            while j + 1 < len(tokens) and not tokens[j].whitespace_ and _inside_word(tokens[j + 1], tokens):
                whole |= {j + 1, j + 2} if j + 2 < len(tokens) else {j + 1}
                j += 2
        return whole

    def _render(self, kept: set[int], names: dict[int, str]) -> list[str]:
        """The kept tokens as written, a pronoun replaced by its name, a gap closed by one space; quote marks and
        leading or trailing punctuation left out. Returns words and glued pieces, each ending in its spacing."""
        out: list[str] = []
        kept = self._whole_words(kept)
        tokens = self.tokens
        order = sorted(i for i in kept if tokens[i].text not in QUOTE_MARKS and not tokens[i].is_space
                       and tokens[i].idx >= self.dateline and tokens[i].tag_ not in ("WDT", "WP"))
        for position, i in enumerate(order):
            token = tokens[i]
            text = token.text.replace("\n", " ")
            if i in names and not _named_before(names[i], token, out):
                text = names[i] + ("'s" if token.tag_ == "PRP$" or token.dep_ == "poss" else "")
            following = order[position + 1] if position + 1 < len(order) else None
            space = token.whitespace_ if following == i + 1 else " "
            if out and out[-1].strip() == text and text[:1].isalpha():
                continue  # "helped helped": two verbs of one coordination read twice
            out.append(text + (space or ""))
        while out and _punct_only(out[0]):
            out.pop(0)
        while out and _punct_only(out[-1]):
            out.pop()
        return out


def _named_before(name: str, token: Token, out: list[str]) -> bool:
    """Whether a possessive pronoun's name is already in the gist before it: "Russia launched its invasion" stays
    so, not "Russia launched Russia's invasion"."""
    return token.tag_ == "PRP$" and name in "".join(out)


def _punct_only(piece: str) -> bool:
    return not any(ch.isalnum() for ch in piece)


def _finite_or_to(verb: Token) -> bool:
    """A verb a headline can start from after a name: tensed ("launched", "says"), with an auxiliary ("will
    meet", "has met"), or an infinitive with "to" ("to meet"); not a bare infinitive, a gerund or a participle."""
    tensed = ("VBD", "VBZ", "VBP", "MD")
    return verb.tag_ in tensed or any(c.dep_ in ("aux", "auxpass") and (c.tag_ in tensed or c.lower_ == "to")
                                      for c in verb.children)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECTS), None)


def _inside_word(token: Token, tokens: Sequence[Token] | Doc | None = None) -> bool:
    """A hyphen or slash inside a word ("full-scale", "U.S.-led"), written without spaces around it. `tokens` are
    the document's tokens, when the caller has them in a list (indexing the Doc makes a new Token each time)."""
    tokens = token.doc if tokens is None else tokens
    return token.i > 0 and not tokens[token.i - 1].whitespace_ and not token.whitespace_ and token.text in "-/–"


def _word_piece(token: Token, tokens: Sequence[Token] | Doc | None = None) -> bool:
    return not token.is_punct or _inside_word(token, tokens)


BRACKETS = ("(", "[", "([", ")", "]", ")]")  # the token texts `_bracketed` opens (`in "(["`) or closes on


def _bracketed(doc: Doc) -> set[int]:
    """Indices of the tokens inside parentheses or brackets, the brackets included; the depth starts again at 0
    after each sentence.

    Only the brackets and the sentence ends change the depth, so they are found on the Doc's arrays (one C-level
    pass each) and the tokens between two of them are taken as a range: no Token object per word."""
    strings = doc.vocab.strings
    ids = doc.to_array(ORTH)
    marks = np.flatnonzero(np.isin(ids, [strings[b] for b in BRACKETS])).tolist()
    sentence_ends = {sentence.end - 1 for sentence in doc.sents}
    inside: set[int] = set()
    depth, previous = 0, -1
    for i in sorted({*marks, *sentence_ends}):
        if depth:
            inside.update(range(previous + 1, i))
        text = doc[i].text
        if text in "([":
            depth += 1
        if depth:
            inside.add(i)
        if text in ")]" and depth:
            depth -= 1
        if i in sentence_ends:
            depth = 0
        previous = i
    if depth:
        inside.update(range(previous + 1, len(doc)))
    return inside


def _count(pieces: list[str]) -> int:
    """Words in the gist: pieces that hold a letter or digit and are not glued to the one before."""
    count, glued = 0, False
    for piece in pieces:
        if any(ch.isalnum() for ch in piece) and not glued:
            count += 1
        glued = not piece.endswith(" ")
    return count


def _finish(pieces: list[str]) -> str | None:
    """One line, first letter in capitals; None when nothing is left."""
    text = " ".join("".join(pieces).split()).strip(" ,;:-—–")
    if not text or text.rsplit(" ", 1)[-1].lower() in DANGLING:
        return None
    return text[:1].upper() + text[1:]
