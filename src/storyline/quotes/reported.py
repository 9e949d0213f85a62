"""Reported speech: "X said (that) ...", "X told the agency that ...", "..., X added", "according to X, ...".

The content is the finite clause the reporting verb takes (its `ccomp`), or, when the attribution follows the
words ("The build-up is pressure, the minister said"), everything before the comma; "according to X" takes the
clause it modifies. The span runs from the clause's first word (after "that", "if", "whether") to its last word,
without closing punctuation, and keeps an attribution that interrupts it ("The army is laying the groundwork,
the spokesman said, by ..."). Unmarked words with a first- or second-person pronoun before a trailing attribution are
the speaker's own words, so they are direct speech ("Today we have enough strength, he added").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.lexicon_files import words
from storyline.quotes.cues import infinitival, is_reporting, is_verb, negated, verbs
from storyline.quotes.direct import RegionReader
from storyline.quotes.lexicon import ADDRESSEE_VERBS, FIRST_SECOND_PERSON, LEADING_CONNECTIVES, PHRASAL_PARTICLES
from storyline.quotes.marks import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_CLOSE, SINGLE_OPEN
from storyline.quotes.speakers import subject_of

COMPLEMENTIZERS = words("quotes/complementizers")
QUESTION_WORDS = words("quotes/question_words")
# Never an object: in "admitted he there was no money left" the parser took a machine translation's stray
# subject for an object, and the clause after it is still what was admitted.
SUBJECT_PRONOUNS = words("quotes/subject_pronouns")
NEGATIVE_SUBJECTS = words("quotes/negative_subjects")
CLOSING = ".,;:!?\"'”’»" + DOUBLE_CLOSE + SINGLE_CLOSE
CLOSING_MARKS = DOUBLE_CLOSE + SINGLE_CLOSE + "\"'"
MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'"
INSIDE_QUOTE = 0.9  # a clause this much inside one quoted region is a direct quote, not reported speech


@dataclass
class Report:
    """Reported (or unmarked direct) speech: characters start:end, its cue and the head of its speaker."""

    start: int
    end: int
    kind: str
    cue: Token
    cue_text: str
    speaker: Token | None


def _finite(clause: Token) -> bool:
    if clause.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    if clause.dep_ == "ccomp" and clause.pos_ == "NOUN" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) and any(
            c.dep_ == "ccomp" for c in clause.children):
        return True  # "said that agreements state that ...": a verb the tagger took for a noun, with its own clause
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") or (c.dep_ in ("aux", "auxpass")
               and "Fin" in c.morph.get("VerbForm")) for c in clause.children)


def _cue_text(cue: Token) -> str:
    particle = PHRASAL_PARTICLES.get(cue.lemma_.lower())
    extra = next((c for c in cue.children if particle and c.lower_ == particle), None)
    return f"{cue.text} {extra.text}" if extra is not None else cue.text


def _attributing(token: Token, clause: Token) -> bool:
    """A participle inside the content that attributes more words to the same speaker ("..., adding that")."""
    return token.i != clause.i and token.dep_ in ("advcl", "conj", "xcomp") and is_reporting(token) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and not infinitival(token) and not any(
        c.dep_ == "xcomp" and infinitival(c) for c in token.children)  # "to respond", "asking them to clarify"


def _run(tokens: list[Token], head: Token) -> tuple[int, int]:
    """The contiguous token run containing `head`."""
    indices = sorted(t.i for t in tokens)
    first = last = head.i
    present = set(indices)
    while first - 1 in present:
        first -= 1
    while last + 1 in present:
        last += 1
    return first, last


def _clause_tokens(clause: Token, cue: Token) -> tuple[int, int]:
    excluded: set[int] = {cue.i}
    for token in clause.subtree:
        if _attributing(token, clause):
            excluded.update(t.i for t in token.subtree)
    return _run([t for t in clause.subtree if t.i not in excluded], clause)


class ReportReader:
    """Finds the reported speech of one parsed document."""

    def __init__(self, doc: Doc, regions: RegionReader, direct_cues: set[int] | None = None) -> None:
        self.doc = doc
        self.text = regions.text  # the same document's text, read once by the region reader
        self.regions = regions
        self.direct_cues = direct_cues or set()

    def reports(self) -> list[Report]:
        found = []
        for token in verbs(self.doc):  # is_reporting takes verbs only
            if (is_reporting(token) and token.i not in self.regions.quoted and not negated(token)
                    and not infinitival(token)):
                found.extend(self._from_verb(token))
        found.extend(self._according())
        return found

    # -- reporting verbs ------------------------------------------------------------------------------
    def _from_verb(self, cue: Token) -> list[Report]:
        if any(c.dep_ == "xcomp" for c in cue.children):
            return []  # "the scenario continues to be regarded ...": not a verb of saying here
        clauses = [c for c in cue.children if c.dep_ == "ccomp" and _finite(c) and self._content_clause(cue, c)]
        if cue.lemma_.lower() == "ask":
            clauses = [c for c in clauses if any(m.dep_ == "mark" and m.lower_ in ("if", "whether")
                                                 for m in c.children)]
        else:
            clauses = [c for c in clauses if c.left_edge.lower_ not in QUESTION_WORDS]  # "disclosed how many ..."
        speaker = subject_of(cue, self.regions.quoted)
        if speaker is not None and (speaker.lower_ in NEGATIVE_SUBJECTS or any(
                c.dep_ == "det" and c.lower_ in NEGATIVE_SUBJECTS for c in speaker.children)):
            return []  # "Neither side has disclosed ...": nothing was said
        reports = []
        for clause in clauses:
            first, last = _clause_tokens(clause, cue)
            report = self._report(first, last, cue, speaker, postposed=last < cue.i)
            if report is not None:
                reports.append(report)
        if not clauses and cue.lemma_.lower() != "ask" and cue.i not in self.direct_cues:
            # a cue that attributes a direct quote ("..., telling the crowd, “...”", "Asked about it, he replied,
            # “...”") has its words: the clause before it is the reporter's, not more of what was said
            span = self._postposed(cue, speaker)
            report = self._report(*span, cue, speaker, postposed=True) if span else None
            if report is not None:
                reports.append(report)
        return reports

    def _content_clause(self, cue: Token, clause: Token) -> bool:
        """Whether a `ccomp` of the cue is what was said, not a misparse of a clause further away."""
        first = clause.left_edge
        while first.i < clause.i and (first.is_space or first.is_punct or first.dep_ == "mark"):
            first = first.doc[first.i + 1]
        if clause.i in self.regions.quoted and first.i in self.regions.quoted:
            return False  # "said “...” at a press conference": the words are a direct quote
        if clause.i > cue.i:
            between = self.doc[cue.i + 1:clause.left_edge.i]
            addressee = cue.lemma_.lower() in ADDRESSEE_VERBS
            if not addressee and any(t.dep_ == "dobj" and t.head.i == cue.i and t.lower_ not in SUBJECT_PRONOUNS
                                     for t in between):
                return False  # "demanded guarantees from NATO that ...": the clause says what the guarantees are
            if cue.i in self.direct_cues and any(t.text == "," for t in between[:1]):
                return False  # "“...,” the mayor said, on the same day she signed ..."
        elif cue.i in self.direct_cues and self._colon_before_quote(clause.left_edge.i, cue.i):
            return False  # "X hinted at it: “She signed an agreement,” he told the paper": the cue's words are the
            # quote; the clause before the colon, which the parser hung on the cue, is the reporter's lead-in
        return True

    def _colon_before_quote(self, first: int, last: int) -> bool:
        """Whether a colon between tokens `first` and `last` opens a quotation."""
        for token in self.doc[first:last]:
            if token.text == ":":
                after = next((t for t in self.doc[token.i + 1:last] if not t.is_space and t.text not in MARKS),
                             None)
                if after is not None and after.i in self.regions.quoted:
                    return True
        return False

    def _postposed(self, cue: Token, speaker: Token | None) -> tuple[int, int] | None:
        """Words before a trailing attribution ("..., the Kremlin said"): their token range."""
        if speaker is None or any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "dobj" and cue.lemma_.lower()
                                  not in ADDRESSEE_VERBS) for c in cue.children):
            return None  # "that scenario continues to be regarded ...": the verb has its own complement
        cluster = min(cue.i, speaker.left_edge.i) if speaker.i < cue.i else cue.i
        sentence = cue.sent
        comma = cluster - 1
        if comma <= sentence.start or self.doc[comma].text != ",":
            return None
        chunk = self.doc[sentence.start:comma]
        if not any(t.head.i == cue.i or t.i == cue.head.i for t in chunk):
            return None
        if self.text[:self.doc[comma].idx].rstrip().endswith(tuple(CLOSING_MARKS)):
            return None  # "“...,” said the eyewitness": the words before are a direct quote
        if not self._clause_like(chunk):
            return None
        head = next((t for t in chunk if t.head.i >= comma or t.head.i == t.i), chunk.root)
        last = comma - 1
        if head.right_edge.i > cue.right_edge.i and head.right_edge.i > cue.i:
            last = head.right_edge.i  # the attribution interrupts the words: keep them whole
        return sentence.start, last

    def _clause_like(self, chunk: Span) -> bool:
        """Words that can be what was said: a finite verb ("The move aimed to ...", misparsed as a participle
        after a noun, counts), not an opening phrase ("Speaking to parliament on Monday")."""
        verbs = [t for t in chunk if is_verb(t) and t.i not in self.regions.quoted]
        if any(_finite(t) for t in verbs):
            return True
        first = chunk[0]
        return bool(verbs) and first.pos_ not in ("VERB", "ADP", "SCONJ") and any(
            t.tag_ in ("VBD", "VBN") and t.i > first.i for t in verbs)

    # -- according to ---------------------------------------------------------------------------------
    def _according(self) -> list[Report]:
        reports = []
        for according, source in self.regions.according:
            head = according.head
            if head.i == according.i or according.i in self.regions.quoted or source.lower_ in ("which", "whom"):
                continue
            phrase = {t.i for t in according.subtree} | {t.i for t in source.subtree}
            tokens = [t.i for t in head.subtree if t.i not in phrase and not t.is_punct and not t.is_space]
            if not tokens or not any(is_verb(self.doc[i]) for i in tokens):
                continue
            report = self._report(min(tokens), max(tokens), according, source, postposed=False,
                                  cue_text="according to")
            if report is not None:
                reports.append(report)
        return reports

    # -- spans ----------------------------------------------------------------------------------------
    def _clip(self, first: int, last: int, cue: Token) -> tuple[int, int]:
        """Keep what was said within the cue's sentence and paragraph."""
        sentence = cue.sent
        first, last = max(first, sentence.start), min(last, sentence.end - 1)
        start, end = self.doc[first].idx, self.doc[last].idx
        before = self.text.rfind("\n", start, cue.idx)
        after = self.text.find("\n", cue.idx, end)
        while before >= 0 and first <= last and self.doc[first].idx <= before:
            first += 1
        while after >= 0 and last >= first and self.doc[last].idx >= after:
            last -= 1
        return first, last

    def _report(self, first: int, last: int, cue: Token, speaker: Token | None, postposed: bool,
                cue_text: str | None = None) -> Report | None:
        first, last = self._clip(first, last, cue)
        first = self._skip_leading(first, last)
        while last > first and (self.doc[last].dep_ == "cc" or (self.doc[last].is_punct
                                and self.doc[last].text not in MARKS)):
            last -= 1  # "... was “useful,” and": the conjunction joins the next report, not these words
        if first > last or not any(is_verb(t) for t in self.doc[first:last + 1]):
            return None
        start, end = self._trim(self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text))
        if end - start < 3 or self._quoted(start, end):
            return None
        kind = "direct" if postposed and self._own_words(first, last) else "indirect"
        return Report(start, end, kind, cue, cue_text or _cue_text(cue), speaker)

    def _skip_leading(self, first: int, last: int) -> int:
        """Past punctuation, "that"/"if"/"whether" and the reporter's connectives ("But", "However,")."""
        while first <= last and self._reporters(self.doc[first], first < last):
            first += 1
        return first

    def _reporters(self, token: Token, more: bool) -> bool:
        if (token.is_punct and token.text not in MARKS) or token.is_space:
            return True
        if token.dep_ == "mark" and token.lower_ in COMPLEMENTIZERS:
            return True
        return token.lower_ in LEADING_CONNECTIVES and more and (
            token.dep_ in ("cc", "advmod") or self.doc[token.i + 1].text == ",")

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and (self.text[end - 1] in CLOSING or self.text[end - 1].isspace()):
            end -= 1
        return start, end

    def _quoted(self, start: int, end: int) -> bool:
        """Whether the clause is (nearly) all inside one quoted region: then it is a direct quote."""
        for region in self.regions.regions:
            overlap = min(end, region.end) - max(start, region.start)
            if overlap > 0 and overlap >= INSIDE_QUOTE * (end - start):
                return True
        return False

    def _own_words(self, first: int, last: int) -> bool:
        return any(t.lower_ in FIRST_SECOND_PERSON and t.pos_ == "PRON" and t.i not in self.regions.quoted
                   for t in self.doc[first:last + 1])
