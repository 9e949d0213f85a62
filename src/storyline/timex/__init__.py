"""Temporal expressions: find them, normalise them to TimeML values, re-normalise them to a new anchor.

    tag(text, parsed, anchor) -> list[Timex]

finds every expression (rules in `grammar.py`, plus spaCy DATE/TIME entities the rules missed), reads
the tense of its clause (`tense.py`) and resolves it (`resolve.py`) against the document date `anchor`
and, for anaphoric ones ("the next day"), the last date mentioned before it. Each Timex keeps its spec
and tense, so `reanchor` can resolve it again when the document's date is inferred later.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.attrs import IDX, IS_ALPHA, IS_STOP, LEMMA, LENGTH, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import hash_string
from spacy.symbols import PRON
from spacy.tokens import Doc, Span

from storyline.lexicon_files import entries, words
from storyline.timex import grammar
from storyline.timex.resolve import interval, kind_of, resolve, timex_type
from storyline.timex.tense import clause_tense

SIGNALS = entries("timex/signals")
SIGNAL_RE = re.compile(r"(?:^|\W)(" + "|".join(sorted(map(re.escape, SIGNALS), key=len, reverse=True)) + r")\s*$",
                       re.I)
CONTEXT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
PRONOUNS = words("timex/pronouns")
# What `_Contexts` reads of every token, as string ids and numbers: part of speech, stop word, alphabetic, length in
# characters, lower-case form, lemma, character offset.
_COLUMNS = (POS, IS_STOP, IS_ALPHA, LENGTH, LOWER, LEMMA, IDX)
_CONTEXT_POS_IDS = frozenset(POS_IDS[name] for name in CONTEXT_POS)
_PRONOUN_IDS = frozenset(hash_string(word) for word in PRONOUNS)


@dataclass
class Timex:
    """One time expression: characters start:end of the text, its TimeML type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TimeML value: 2022-02-01, 2022-W05, P3Y, PRESENT_REF, 2022-01-09/2022-01-10 ...
    kind: str  # day, week, month, year, ..., range, duration, vague, unresolved (see resolve.kind_of)
    spec: dict
    tense: str | None = None
    mod: str | None = None
    signal: str | None = None  # the preposition before it: since, until, by, over, ...
    anchor: str | None = None  # the document date it was resolved against (None: unknown)
    context: list[str] = field(default_factory=list)  # content lemmas of its sentence, for matching
    parts: list[tuple[int, int]] | None = None  # a range's two ends


def _signal(text: str, start: int) -> str | None:
    found = SIGNAL_RE.search(text[max(0, start - 20):start])
    return found.group(1).lower() if found else None


class _Contexts:
    """The content words of a document's sentences, read once per sentence: a document's expressions often share
    a sentence. The words are read off the Doc's arrays of token attributes (read once per document, when the first
    expression asks), not off Token objects, which spaCy builds anew, with their lemma strings, at every read; and
    an expression's sentence is found by bisection over the sentences' first tokens, not by `Span.sent`, which
    scans for the sentence's bounds at every call. Built per `tag` call, so nothing outlives the document."""

    def __init__(self, parsed: Doc) -> None:
        self.parsed = parsed
        self.by_sentence: dict[int, tuple[bool, list[tuple[int, str]]]] = {}  # sentence start -> (pronoun?, words)
        self.sentences: list[Span] = []
        self.starts: list[int] = []  # each sentence's first token
        self.columns: list[list[int]] = []  # `_COLUMNS` of every token

    def _read(self) -> None:
        """The sentences and the token attribute columns, on first use."""
        if not self.sentences:
            self.sentences = list(self.parsed.sents)
            self.starts = [sentence.start for sentence in self.sentences]
            self.columns = self.parsed.to_array(list(_COLUMNS)).T.tolist()

    def _sentence_of(self, token: int) -> Span:
        """The sentence of token `token`: `Span.sent` of a span that starts there (a span across a sentence end is in
        the sentence it starts in)."""
        return self.sentences[bisect_right(self.starts, token) - 1]

    def _sentence(self, sent: Span) -> tuple[bool, list[tuple[int, str]]]:
        """Whether the sentence speaks of someone by a pronoun, and (character offset, lemma) of its content
        words."""
        known = self.by_sentence.get(sent.start)
        if known is None:
            pos, stop, alpha, length, lower, lemma, idx = self.columns
            strings = self.parsed.vocab.strings
            words = range(sent.start, sent.end)
            pronoun = any(pos[i] == PRON and lower[i] in _PRONOUN_IDS for i in words)
            content = [(idx[i], strings[lemma[i]].lower()) for i in words if pos[i] in _CONTEXT_POS_IDS
                       and not stop[i] and alpha[i] and length[i] > 2]
            known = self.by_sentence[sent.start] = (pronoun, content)
        return known

    def around(self, start: int, end: int) -> list[str]:
        """Lemmas of the content words of the sentence around start:end (the expression itself left out), and of
        the sentence before when this one speaks of someone by a pronoun."""
        span = self.parsed.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        self._read()
        sent = self._sentence_of(span.start)
        pronoun, content = self._sentence(sent)
        if pronoun and sent.start > 0:  # "She said ...": who she is, the sentence before says
            content = content + self._sentence(self._sentence_of(sent.start - 1))[1]
        return sorted({lemma for idx, lemma in content if not (start <= idx < end)})


def _reference(previous: list[Timex], paragraph: int | None = None) -> date | None:
    """The last day-level date mentioned in the same paragraph (the reference time of "the next day", "two days
    later"). News paragraphs stand alone: past a paragraph break, "earlier in the day" is the day of the report."""
    for timex in reversed(previous):
        if paragraph is not None and timex.spec.get("para", paragraph) != paragraph:
            break
        if timex.kind in ("day", "range") and timex.spec.get("k") in ("abs", "range"):
            span = interval(timex.value)
            if span:
                return span[1]  # a range's last day: "from January 9 to 10 ... two days later"
    return None


def _anaphoric(spec: dict) -> bool:
    """Resolved from the last date mentioned: "the next day", and a clock time with no day ("at 18:00")."""
    if spec["k"] == "ana":
        return True
    return spec["k"] == "abs" and spec.get("h") is not None and not any(
        spec.get(k) is not None for k in ("d", "w", "m", "y", "holiday"))


def _resolved(timex: Timex, anchor: date | None, previous: list[Timex]) -> Timex:
    reference = _reference(previous, timex.spec.get("para")) if _anaphoric(timex.spec) else None
    spec = timex.spec
    if spec["k"] == "abs" and reference is not None:  # a clock time on the day last spoken of
        spec = {**spec, "y": reference.year, "m": reference.month, "d": reference.day}
    value = resolve(spec, anchor, timex.tense, reference)
    return replace(timex, value=value, kind=kind_of(value), anchor=anchor.isoformat() if anchor else None)


def reanchor(timexes: list[Timex], anchor: date | None) -> list[Timex]:
    """The same expressions resolved against another document date (no re-parsing)."""
    out: list[Timex] = []
    for timex in timexes:
        out.append(_resolved(timex, anchor, out))
    return out


def tag(text: str, parsed: Doc | None = None, anchor: date | None = None) -> list[Timex]:
    """Every time expression in `text` (with `parsed`, its spaCy Doc, for tense and vetoes)."""
    matches = grammar.find(text, parsed)
    contexts = _Contexts(parsed) if parsed is not None else None
    timexes: list[Timex] = []
    for match in matches:
        spec = {**match.spec, "para": text.count("\n", 0, match.start)}  # the line (paragraph) it stands in
        signal = _signal(text, match.start)
        tense = clause_tense(parsed, match.start, match.end, signal) if parsed is not None else None
        timex = Timex(start=match.start, end=match.end, text=text[match.start:match.end], type=timex_type(spec),
                      value="", kind="", spec=spec, tense=tense, mod=spec.get("mod"),
                      signal=signal, context=contexts.around(match.start, match.end) if contexts else [],
                      parts=match.parts)
        timexes.append(_resolved(timex, anchor, timexes))
    return timexes
