"""Direct quotes: which quoted regions are quotations, and which cue attributes each one.

A region is attributed, in this order, by a quoting verb that governs it in the parse ("said “...”", "“...,” he
said", "called it “...”"), by a cue right beside it (the parser missed the link), by a colon that introduces it
("He continued: “...”"), or, when it is a whole quoted sentence with no cue, by continuing the quote before it or
the subject of the sentence before it. A short marked phrase with no cue is a scare quote or a title and is not a
quotation; so is a single marked word, unless it is the whole complement of its cue ("called it “irresponsible”").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.lexicon_files import words
from storyline.quotes.context import paragraph
from storyline.quotes.cues import according_to, governing_cue, infinitival, is_quoting, is_reporting, is_verb, negated
from storyline.quotes.lexicon import (
    ADDRESSEE_VERBS,
    CONTENT_DEPS,
    CONTENT_NEEDING_VERBS,
    CONTENT_PREPOSITIONS,
    CONTENT_PRONOUNS,
    LABEL_VERBS,
    SCARE_MARKERS,
)
from storyline.quotes.marks import DOUBLE_CLOSE, SINGLE_CLOSE, Region
from storyline.quotes.speakers import subject_of

ADJACENT = 4  # tokens between a quote and a cue beside it
DANGLING_SENTENCES = 2  # sentences back to a cue left without words of its own
SMALL_WORDS = words("quotes/title_small_words")
COMPLEMENT_DEPS = frozenset({"oprd", "attr", "acomp", "dobj"})
PREPOSITION_COMPLEMENT_DEPS = frozenset({"pobj", "amod", "acomp", "pcomp"})
CAMEL = re.compile(r"[a-z][A-Z]")
CLOSING_MARKS = DOUBLE_CLOSE + SINGLE_CLOSE + "\"'"


@dataclass
class Attribution:
    """How a region is attributed: `cue` (None when it continues an earlier quote) and the speaker's head."""

    region: Region
    start: int
    end: int
    cue: Token | None
    speaker: Token | None
    how: str  # governed | adjacent | split | dangling | colon | continued | unattributed


def trim_direct(text: str, start: int, end: int) -> tuple[int, int]:
    """A quote's span: inside the marks, without surrounding spaces, a trailing comma or a final full stop."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end - start > 1 and text[end - 1] == "." and text[end - 2] != ".":
        end -= 1
    return start, end


class RegionReader:
    """Reads the quoted regions of one parsed document."""

    def __init__(self, doc: Doc, regions: list[Region], sentence_of: list[int], text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # spaCy rebuilds doc.text on every access: pass it in
        self.regions = regions
        self.sentence_of = sentence_of
        self.quoted: set[int] = set()
        self.used: set[int] = set()  # cues that attributed a quote so far
        self.according = according_to(doc)  # every "according to X" of the document, for ReportReader too
        for region in regions:
            self.quoted.update(self.indices(region.start, region.end))

    def tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def indices(self, start: int, end: int) -> range:
        """The indices of `tokens(start, end)`, without making their Token objects."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    # -- attribution ----------------------------------------------------------------------------------
    def attribute(self, region: Region, previous: Attribution | None) -> Attribution | None:
        """How `region` is attributed, or None when it is not a quotation."""
        region, inner_cue = self._cut_inner_attribution(region)
        tokens = [t for t in self.tokens(region.start, region.end) if not t.is_space]
        if not tokens or self.scare(region):
            return None
        inside = {t.i for t in tokens}
        start, end = trim_direct(self.text, region.start, region.end)
        found = (self._governed(region, tokens, inside) or self._according(region, tokens)
                 or self._adjacent(region, tokens, inside) or self._introduced(region, tokens))
        if found is None and inner_cue is not None:
            found = inner_cue, "adjacent"
        if found is None and self._split(previous, tokens[0], self.text):
            found = previous.cue, "split"  # "“...,” he said in a speech, “because ...”"
        if found is None:
            found = self._dangling(tokens)
        if found is not None:
            cue, how = found
            speaker = subject_of(cue, self.quoted)
            if speaker is not None and speaker.i in inside:
                speaker = None
            if speaker is None and cue.dep_ == "acl":
                return None  # "banners saying “...”": no one speaks
            if not (self.quotation(tokens, cue, speaker) or self._stands_alone(region, tokens, cue, speaker)):
                return None
            self.used.add(cue.i)
            return Attribution(region, start, end, cue, speaker, how)
        return self._without_cue(region, tokens, start, end, previous)

    def _later_paragraph(self, region: Region, cue: Token) -> bool:
        """Whether `cue` comes after a closed quote in a later paragraph. The parser sometimes joins paragraphs into
        one sentence ("“...,” he said. “B.” | Sanders has said ..."); a writer never puts a quote's attribution
        in the next paragraph. (A quote whose closing mark is missing may run on into the paragraphs after it.)"""
        return region.close_mark is not None and cue.idx > region.end and "\n" in self.text[region.end:cue.idx]

    def _governed(self, region: Region, tokens: list[Token], inside: set[int]) -> tuple[Token, str] | None:
        for token in tokens:
            if token.head.i in inside and token.head.i != token.i:
                continue
            cue = governing_cue(token, inside)
            if cue is not None and not self._later_paragraph(region, cue):
                return cue, "governed"
        for token in self.doc[tokens[0].sent.start:tokens[-1].sent.end]:
            if (token.i not in inside and token.head.i in inside and is_quoting(token) and not negated(token)
                    and not self._later_paragraph(region, token)):
                return token, "governed"  # the parser hung the cue under the quote ("“...,” he said")
        return None

    def _according(self, region: Region, tokens: list[Token]) -> tuple[Token, str] | None:
        """"According to Kelly, Pompeo yelled while using the “F-word”": the source of the clause it is in."""
        for according, _source in self.according:
            if (according.i in self.quoted or according.sent != tokens[0].sent
                    or self._later_paragraph(region, according)):
                continue
            clause = {t.i for t in according.head.subtree} - {t.i for t in according.subtree}
            if tokens[0].i in clause:
                return according, "governed"
        return None

    def _adjacent(self, region: Region, tokens: list[Token], inside: set[int]) -> tuple[Token, str] | None:
        doc, first, last, sentence_of = self.doc, tokens[0].i, tokens[-1].i, self.sentence_of
        # The words right after the quote in its sentence, and past the sentence end only when the quote ends its
        # sentence ("“...?” Martin asked"); sentences compared by number (Token.sent builds a Span each time).
        window = list(doc[last + 1:min(len(doc), last + 1 + ADJACENT + 2)])
        same = [t for t in window if sentence_of[t.i] == sentence_of[last]]
        after = window if len(same) == len(window) or self._ends_sentence(tokens[-1]) else same
        before = [t for t in doc[max(0, first - ADJACENT - 2):first] if sentence_of[t.i] == sentence_of[first]]
        for token in [*after, *reversed(before)]:
            cue = (token.i not in self.quoted and is_quoting(token) and not negated(token)
                   and not self._later_paragraph(region, token))
            if cue and subject_of(token, self.quoted) is not None:
                return token, "adjacent"
        return None

    def _introduced(self, region: Region, tokens: list[Token]) -> tuple[Token, str] | None:
        """"Lee, who declared in the debate spin room, “...”", "She is telling customers at a diner that “...”":
        a quote opened right after a comma, a colon or "that" takes the verb of saying before it in its sentence
        when no other verb comes between them (the parser hung the quote elsewhere, and the cue is too far back to
        be beside it)."""
        mark = region.open_mark
        before = self.text[:mark].rstrip() if mark is not None else ""
        if not before or not (before.endswith((",", ":")) or before.lower().endswith(" that")):
            return None
        first = tokens[0]
        sentence_start = first.sent.start
        for token in reversed(self.doc[sentence_start:first.i]):
            if token.i in self.quoted:
                return None
            if not is_verb(token) or token.dep_ in ("aux", "auxpass"):
                continue
            if is_reporting(token) and not negated(token) and not infinitival(token) and subject_of(
                    token, self.quoted) is not None:
                return token, "adjacent"
            return None
        return None

    def _dangling(self, tokens: list[Token]) -> tuple[Token, str] | None:
        """"The mayor told the council. Closing the bridge now would be “a costly blunder.”": a translation or a
        careless edit split the cue from its words. A quote with no verb of saying in its sentence takes the cue
        that ends one of the `DANGLING_SENTENCES` sentences before it in its paragraph, when that cue has a speaker
        and no words of its own and no other cue or quotation comes between."""
        first = tokens[0]
        if any(is_quoting(t) and t.i not in self.quoted for t in first.sent):
            return None
        opening = paragraph(first)[0]
        sentence = first.sent
        for _ in range(DANGLING_SENTENCES):
            if sentence.start - 1 < opening:
                return None
            sentence = self.doc[sentence.start - 1].sent
            if any(t.i in self.quoted for t in sentence):
                return None
            cues = [t for t in sentence if t.i >= opening and is_quoting(t)]
            if cues:
                return (cues[-1], "dangling") if self._wordless(cues[-1]) else None
        return None

    def _wordless(self, cue: Token) -> bool:
        """The main verb of saying of its sentence, with a speaker and, at most, who was told, where, when and
        how: "He told the council on Monday.", not "He said so.", "He warned of ...", "as he said", "..., he said",
        "He said the talks failed" or "He informed the agency that ..." (a clause the parser hung elsewhere)."""
        if (cue.dep_ != "ROOT" or cue.lemma_.lower() not in CONTENT_NEEDING_VERBS or not is_reporting(cue)
                or negated(cue) or infinitival(cue) or cue.i in self.used or subject_of(cue, self.quoted) is None):
            return False
        before = self.text[:cue.sent.start_char].rstrip()
        if before and before[-1] in CLOSING_MARKS + ",":
            return False  # "“...,” | he said.": the parser split a quote from its cue
        addressee = cue.lemma_.lower() in ADDRESSEE_VERBS
        for child in cue.children:
            if child.lower_ in CONTENT_PRONOUNS or child.dep_ == "mark" or (
                    child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS):
                return False
            if child.dep_ in CONTENT_DEPS and not (addressee and child.dep_ == "dobj"):
                return False
        if any(is_verb(t) for t in self.doc[cue.i + 1:cue.right_edge.i + 1]):
            return False  # "informed the portal that ...", "told her what happened": a clause hangs lower down
        rest = self.doc[cue.right_edge.i + 1:cue.sent.end]
        return all(t.is_punct or t.is_space for t in rest)

    def dangling_content(self, attribution: Attribution) -> tuple[int, int] | None:
        """What a dangling cue reports when its quote is a fragment: the words from the sentence after the cue's
        to the end of the quote ("Closing the bridge now would be “a costly blunder”"), as reported speech."""
        if attribution.how != "dangling" or attribution.cue is None:
            return None
        first = attribution.cue.sent.end
        while first < len(self.doc) and (self.doc[first].is_space or self.doc[first].is_punct):
            first += 1
        mark = attribution.region.open_mark
        if first >= len(self.doc) or mark is None or self.doc[first].idx >= mark:
            return None
        words = self.tokens(self.doc[first].idx, mark)
        that = next((t for t in words if t.dep_ == "mark" and t.lower_ == "that"), None)
        if that is not None:  # "He claimed on the Morning | Show that the plan ...": the clause starts after "that"
            words = [t for t in words if t.i > that.i]
        if not any(is_verb(t) for t in words):
            return None
        return words[0].idx, attribution.end

    def _without_cue(self, region: Region, tokens: list[Token], start: int, end: int,
                     previous: Attribution | None) -> Attribution | None:
        if not self._sentential(tokens) or self._title(tokens):
            return None  # "“Orange Is the New Black” star ...": a title, even one with a verb
        colon = self._colon_cue(region)
        if colon is not None:
            return Attribution(region, start, end, colon, subject_of(colon, self.quoted), "colon")
        if not self._starts_sentence(region):
            return None
        sentence = self.sentence_of[tokens[0].i]
        if previous is not None and sentence - self.sentence_of[self._last_token(previous)] <= 2:
            return Attribution(region, start, end, None, None, "continued")
        return Attribution(region, start, end, None, self._previous_subject(tokens[0]), "unattributed")

    def _ends_sentence(self, last: Token) -> bool:
        """Whether only closing punctuation follows the quote in its sentence ("“...?” Martin asked Kelly")."""
        rest = self.doc[last.i + 1:last.sent.end]
        return all(t.is_punct or t.is_space for t in rest) and any(t.text in "?!" for t in self.doc[
            last.i:last.sent.end])

    @staticmethod
    def _split(previous: Attribution | None, first: Token, text: str) -> bool:
        """The second half of a quote split by its attribution: same sentence and paragraph, after the previous
        quote's cue (the parser sometimes runs a sentence on over a paragraph break)."""
        cue = previous.cue if previous is not None else None
        return (cue is not None and cue.sent == first.sent and cue.i < first.i
                and "\n" not in text[cue.idx:first.idx])

    # -- tests ----------------------------------------------------------------------------------------
    def quotation(self, tokens: list[Token], cue: Token, speaker: Token | None) -> bool:
        """A region with a cue is a quotation unless it is a title or a lone word that is not the complement."""
        if self._sentential(tokens):
            return True
        if speaker is None or self._title(tokens):
            return False
        span = self.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
        if sum(any(c.isalpha() for c in chunk) for chunk in span.split()) > 1:
            return True
        words = [t for t in tokens if t.is_alpha]
        if not words:
            return False
        word = max(words, key=lambda t: len(list(t.subtree)))
        head = word.head
        if cue.lemma_.lower() not in LABEL_VERBS:
            return False  # "urging “solidarity”": a lone word is a quotation only as a label
        if head.i == cue.i:
            return word.dep_ in COMPLEMENT_DEPS  # "called it “irresponsible”"
        return (head.dep_ == "prep" and head.lower_ in CONTENT_PREPOSITIONS and head.head.i == cue.i
                and word.dep_ in PREPOSITION_COMPLEMENT_DEPS)  # "described it as “amazing”"

    def _stands_alone(self, region: Region, tokens: list[Token], cue: Token, speaker: Token | None) -> bool:
        """"“Denver,” he answered.", "“GROWING PARTY,” he declared": words that open their sentence and end at a
        comma, "?" or "!" inside the marks, with their speaker and cue right after, stand where a clause of speech
        stands, so they are a quotation whatever their length or case (a title or a label sits inside a sentence)."""
        if speaker is None or cue.i <= tokens[-1].i or cue.i - tokens[-1].i > ADJACENT + 2:
            return False
        inside = self.text[region.start:region.end].rstrip()
        return bool(inside) and inside[-1] in ",?!" and self._opens(tokens[0])

    def _opens(self, first: Token) -> bool:
        """Whether only marks and punctuation come before `first` in its sentence or in its paragraph."""
        paragraph = self.text.rfind("\n", 0, first.idx) + 1
        return any(not any(c.isalnum() for c in self.text[start:first.idx])
                   for start in (first.sent.start_char, paragraph))

    @staticmethod
    def _sentential(tokens: list[Token]) -> bool:
        finite = any(is_verb(t) and ("Fin" in t.morph.get("VerbForm") or t.tag_ in ("VBD", "VBZ", "VBP", "MD"))
                     for t in tokens)
        words = sum(t.is_alpha for t in tokens)
        return (finite and words >= 3) or (words >= 6 and tokens[-1].text in ".?!…") or tokens[-1].text in "?!"

    @staticmethod
    def _title(tokens: list[Token]) -> bool:
        words = [t for t in tokens if t.is_alpha and t.lower_ not in SMALL_WORDS]
        return bool(words) and all(t.text[0].isupper() for t in words) and len(tokens) <= 10

    def scare(self, region: Region) -> bool:
        mark = region.open_mark if region.open_mark is not None else region.start
        before = self.text[max(0, mark - 25):mark].lower().split()
        return bool(before) and (before[-1] in SCARE_MARKERS or before[-1].rstrip("-") in SCARE_MARKERS)

    def _starts_sentence(self, region: Region) -> bool:
        mark = region.open_mark if region.open_mark is not None else region.start
        before = self.text[:mark].rstrip()
        return not before or before[-1] in ".?!…\"”’':" or "\n" in self.text[len(before):mark + 1]

    def _colon_cue(self, region: Region) -> Token | None:
        """"He became more serious: “...”": the verb before the colon introduces the quote."""
        mark = region.open_mark if region.open_mark is not None else region.start
        before = self.text[:mark].rstrip()
        if not before.endswith(":"):
            return None
        colon = self.tokens(len(before) - 1, len(before))
        if not colon:
            return None
        candidates = [t for t in self.doc[colon[0].sent.start:colon[0].i] if is_verb(t) and t.i not in self.quoted]
        governing = colon[0].head
        if is_verb(governing) and governing.i not in self.quoted and governing.i < colon[0].i:
            return governing
        return candidates[-1] if candidates else None

    def _previous_subject(self, first: Token) -> Token | None:
        """A quote that stands alone after "X sent a message": the named subject of the sentence before it."""
        sentence = first.sent
        if sentence.start == 0:
            return None
        before = self.doc[sentence.start - 1].sent
        paragraph = self.text.rfind("\n", before.start_char, first.idx)
        for verb in reversed([t for t in before if is_verb(t) and t.idx > paragraph]):
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN", "PRON"):
                return subject
        return None

    def _last_token(self, attribution: Attribution) -> int:
        tokens = self.tokens(attribution.region.start, attribution.region.end)
        return tokens[-1].i if tokens else 0

    # -- repairs --------------------------------------------------------------------------------------
    def _cut_inner_attribution(self, region: Region) -> tuple[Region, Token | None]:
        """A quote whose closing mark is missing can run into its own attribution: "... for the areaDeputy
        Foreign Minister Ivan Petrov said in an interview." Cut it where the attribution's subject starts."""
        if region.closed or region.open_mark is None:
            return region, None
        tokens = self.tokens(region.start, region.end)
        last = self.sentence_of[tokens[-1].i] if tokens else -1  # Token.sent rebuilds the sentence at each read
        last_sentence = [t for t in tokens if self.sentence_of[t.i] == last]
        for token in reversed(last_sentence):
            subject = subject_of(token) if is_quoting(token) else None
            if subject is None or subject.i > token.i or subject.left_edge.i <= tokens[0].i + 2:
                continue
            if token.right_edge.i < last_sentence[-1].i - 1:
                continue
            cut = self._subject_start(subject)
            self.quoted -= {t.i for t in tokens if t.idx + len(t.text) > cut}
            return Region(region.start, cut, region.open_mark, None, region.single), token
        return region, None

    @staticmethod
    def _subject_start(subject: Token) -> int:
        """Where a subject starts; inside a token glued to the word before it ("areaRussian Deputy Minister")."""
        for token in subject.doc[subject.left_edge.i:subject.i + 1]:
            glued = CAMEL.search(token.text)
            if glued:
                return token.idx + glued.start() + 1
        return subject.left_edge.idx
