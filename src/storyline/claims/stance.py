"""Stance: does a text agree with a claim, disagree with it, discuss it without taking a side, or not touch it?

Storyline links claims across outlets: "this was not true" against "three officials said the response was sent",
"fears are groundless" against "an attack is highly likely". `StanceJudge` is the interface (a claim and a text in,
a `Stance` out); `RuleStance` is the default judge, and `claim_contradicts` compares two short claims already matched
to the same subject. Labels are FNC-1's: "agree", "disagree", "discuss", "unrelated".

How `RuleStance` reads a pair (no parse: words by a regular expression, so a long body costs milliseconds, and a
body's words, sentences and cue words are read once and kept by the judge for the next claim against it):

1. Relatedness: how many of the claim's content words (stop words out, a crude stem: "troops" -> "troop") the text
   holds, in all, in its lead, in its best sentence, as word pairs, and the claim's numbers.
2. Cues in the sentences that share the claim's words (the "relevant" sentences), in the lead and anywhere: denial
   verbs ("denied", "dismissed"), refutation words ("hoax", "not true", "no evidence"), hedges and reporting words
   ("reportedly", "according to", "unconfirmed"), confirmations ("confirmed"); a negation just before one of the
   claim's words that the claim does not negate; the opposite of one of the claim's assessment words ("unlikely"
   against "likely"); a different number for the same counted thing. Every cue list is a data file under
   `storyline/lexicons/claims/stance_*`.
3. Two small logistic regressions over those features (whether the text is related; then agree / disagree /
   discuss), fitted on the FNC-1 training split only by `bench/fit_stance.py`, with per-label offsets chosen on a
   held-out part of it; the weights are the data file `lexicons/claims/stance_weights.tsv`. For short texts
   (headlines, claims) `RuleStance.for_headlines()` uses `stance_weights_headline.tsv`, whose agree / disagree /
   discuss weights were fitted the same way on Emergent's train file. Nothing trains or downloads at run time.

Every verdict shows why: `reason` names the cue that weighed most for the chosen label ("denial", "refutation",
"negation", "antonym", "number", "hedged", "confirmed", "restated", "unrefuted": the claim itself calls something
false and the text reports it plainly, "related": no cue decided, "unrelated") and `evidence` is the character span
of that cue in the text (for "restated", "unrefuted" and "related", the sentence that shares most of the claim);
only "unrelated" has no evidence.

What it cannot do: it reads words, not meaning. A body that calls a different claim a hoax reads as disagreeing; a
denial reported and then refuted ("X denied it, but photos show ...") reads as disagreeing; paraphrase without shared
words reads as unrelated. No natural-language-inference model ships offline today (see DESIGN.md): one can plug in
later as another `StanceJudge`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.lexicon_files import entries, groups, integers, rows

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_LABELS = ("agree", "disagree", "discuss")

# Whole words, with "n't" cut off its verb ("didn't" -> "did", "n't") and numbers as written ("130,000", "1.5").
_TOKEN = re.compile(r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|[A-Za-z]+(?:[-'’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? (and a closing quotation mark) before a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+|\n+")
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?$")

LEAD_SENTENCES = 3  # the lead: the first sentences of a text, where news states its stance
NEGATION_WINDOW = 3  # a negation counts for a claim word at most this many words before it
SCOPE_WINDOW = 8  # a cue is about the claim when the claim's words are this near it
NUMBER_WINDOW = 3  # the counted thing: the content words just after a number
NUMBER_TOLERANCE = 0.05  # two numbers differ when they are more than 5% apart (sources round)
CACHE_SIZE = 4096  # parsed texts a judge keeps (bodies are judged against many claims)


def _phrases(items: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """Cue entries as token tuples, cut by the same tokenizer as the texts."""
    return frozenset(tuple(t.lower().replace("’", "'") for t in _TOKEN.findall(item)) for item in items)


DENIALS = _phrases(entries("claims/stance_denials"))
REFUTATIONS = _phrases(entries("claims/stance_refutations"))
HEDGES = _phrases(entries("claims/stance_hedges"))
SUPPORT = _phrases(entries("claims/stance_support"))
NEGATIONS = frozenset(entries("claims/stance_negations"))
NUMBER_WORDS = integers("claims/number_words")
MONTHS = integers("timex/months")
WEEKDAYS = {name: day for name, day in integers("timex/weekdays").items() if len(name) > 3}  # no "sun", "wed"
_DAY_NUMBER = re.compile(r"(?:[1-9]|[12]\d|3[01])$")
SCALE_WORDS = integers("claims/scale_words")
CUES = {"denial": DENIALS, "refutation": REFUTATIONS, "hedged": HEDGES, "confirmed": SUPPORT}
LONGEST_CUE = max(len(p) for phrases in CUES.values() for p in phrases)


def _antonyms() -> dict[str, frozenset[str]]:
    """The symmetric opposite table: each word to every word listed against it."""
    table: dict[str, set[str]] = {}
    for word, opposites in groups("claims/stance_antonyms").items():
        for other in opposites:
            table.setdefault(word, set()).add(other)
            table.setdefault(other, set()).add(word)
    return {word: frozenset(others) for word, others in table.items()}


ANTONYMS = _antonyms()


@dataclass(frozen=True)
class Stance:
    """A judge's verdict on a claim against a text. `label` is one of LABELS; `score` the judge's confidence (0..1);
    `reason` a short machine-readable cause ("denial", "refutation", "negation", "antonym", "number", "hedged",
    "confirmed", "restated", "unrefuted", "related", "unrelated"; `claim_contradicts` adds "date"); `evidence` the
    (start, end) character span in the text that decided it (None only for "unrelated"); `note` one sentence saying
    why, for a person."""

    label: str
    score: float
    reason: str
    evidence: tuple[int, int] | None
    note: str


class StanceJudge(Protocol):
    """Anything that judges a claim against a text. `RuleStance` is the one that ships; no natural-language-inference
    model is available offline today, and one can plug in here later with the same signature."""

    def judge(self, claim: str, text: str) -> Stance:
        """The stance of `text` towards `claim`."""
        ...


@dataclass(frozen=True)
class _Token:
    lower: str
    stem: str
    start: int
    end: int
    content: bool


@dataclass(frozen=True)
class _Number:
    value: float
    start: int  # character span of the numeral
    end: int
    token: int  # index of its last token
    counted: frozenset[str]  # stems of the content words just after it


@dataclass(frozen=True)
class _Cue:
    kind: str  # a key of CUES, "negation" or "antonym"
    start: int  # token indexes, end exclusive
    end: int
    sentence: int


class _Parsed:
    """A text read once: tokens, sentences (token ranges), content stems, cue words and numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [_token(m) for m in _TOKEN.finditer(text)]
        self.sentences = _sentence_ranges(text, self.tokens)
        self.sentence_of = [0] * len(self.tokens)
        for n, (first, last) in enumerate(self.sentences):
            for i in range(first, last):
                self.sentence_of[i] = n
        self.sentence_stems = [frozenset(t.stem for t in self.tokens[a:b] if t.content) for a, b in self.sentences]
        self.stems = frozenset().union(*self.sentence_stems) if self.sentences else frozenset()
        lead = self.sentence_stems[:LEAD_SENTENCES]
        self.lead_stems = frozenset().union(*lead) if lead else frozenset()
        self.bigrams = frozenset(_bigrams(self.tokens))
        self.cues = self._find_cues()
        self.numbers = _numbers(self.tokens)
        self.words = frozenset(t.lower for t in self.tokens)

    def _find_cues(self) -> list[_Cue]:
        """Every cue phrase in the text, longest match first at each token."""
        found = []
        lowers = [t.lower for t in self.tokens]
        for i in range(len(lowers)):
            for size in range(min(LONGEST_CUE, len(lowers) - i), 0, -1):
                window = tuple(lowers[i:i + size])
                kinds = [kind for kind, phrases in CUES.items() if window in phrases]
                if kinds:
                    found.extend(_Cue(kind, i, i + size, self.sentence_of[i]) for kind in kinds)
                    break
        return found

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The character span of tokens first..last-1."""
        return self.tokens[first].start, self.tokens[last - 1].end

    def sentence_span(self, n: int) -> tuple[int, int]:
        first, last = self.sentences[n]
        return self.span(first, last)


def _token(match: re.Match[str]) -> _Token:
    lower = match.group().lower().replace("’", "'")
    return _Token(lower, stem(lower), match.start(), match.end(),
                  lower not in STOP_WORDS and lower not in NEGATIONS and (len(lower) > 1 or lower.isdigit()))


def stem(word: str) -> str:
    """A crude English stem, enough to match "troops" with "troop" and "denied" with "deny"."""
    for suffix, replacement, shortest in (("ies", "y", 5), ("ied", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                          ("ed", "", 5), ("es", "", 5), ("s", "", 4)):
        if len(word) >= shortest and word.endswith(suffix):
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[:-len(suffix)] + replacement
    return word


def _sentence_ranges(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Sentences as token index ranges [first, last)."""
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    ranges, first, e = [], 0, 0
    for i, tok in enumerate(tokens):
        while e < len(ends) - 1 and tok.start >= ends[e]:
            if i > first:
                ranges.append((first, i))
                first = i
            e += 1
    if first < len(tokens):
        ranges.append((first, len(tokens)))
    return ranges


def _bigrams(tokens: list[_Token]) -> Iterable[tuple[str, str]]:
    content = [t.stem for t in tokens if t.content]
    return itertools.pairwise(content)


def _numbers(tokens: list[_Token]) -> list[_Number]:
    """The numbers of a text with the content stems after each ("130,000 troops" -> 130000, {"troop"})."""
    found = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        value: float | None = None
        if _DIGITS.match(tok.lower):
            value = float(tok.lower.replace(",", ""))
        elif tok.lower in NUMBER_WORDS and tok.lower not in ("one", "a"):
            value = float(NUMBER_WORDS[tok.lower])
        if value is None:
            i += 1
            continue
        last = i
        while last + 1 < len(tokens) and tokens[last + 1].lower in SCALE_WORDS:
            last += 1
            value *= SCALE_WORDS[tokens[last].lower]
        counted = [t.stem for t in tokens[last + 1:last + 1 + NUMBER_WINDOW] if t.content and not t.lower[0].isdigit()]
        if counted and not (1800 <= value <= 2100 and "," not in tok.lower and last == i):
            found.append(_Number(value, tok.start, tokens[last].end, last, frozenset(counted)))
        i = last + 1
    return found


def _differs(a: float, b: float) -> bool:
    return abs(a - b) > NUMBER_TOLERANCE * max(abs(a), abs(b))


# Features: name -> the reason it stands for (None: relatedness only, never a reason for a related label).
FEATURES: dict[str, str | None] = {
    "overlap": None, "lead_overlap": None, "best_sentence": None, "bigrams": None, "numbers_shared": None,
    "claim_words": None, "sqrt_overlap": None,
    "denial_relevant": "denial", "denial_lead": "denial", "denial_any": "denial", "denial_scoped": "denial",
    "refutation_relevant": "refutation", "refutation_lead": "refutation", "refutation_any": "refutation",
    "refutation_scoped": "refutation",
    "hedged_relevant": "hedged", "hedged_lead": "hedged", "hedged_any": "hedged",
    "confirmed_relevant": "confirmed", "confirmed_lead": "confirmed",
    "negation_relevant": "negation", "antonym_relevant": "antonym", "number_differs": "number",
    "claim_refutes": "unrefuted", "claim_refutes_and_text_refutes": "restated", "claim_hedged": "hedged",
    "claim_question": "hedged", "restated": "restated", "text_length": None,
}


@dataclass
class _Pair:
    """What one pair gives: feature values and, per reason, the best character span for it."""

    values: dict[str, float]
    spans: dict[str, tuple[int, int]]
    overlap: float


def _pair_features(claim: _Parsed, text: _Parsed) -> _Pair:
    """Every feature of `FEATURES` for a claim against a text, with the evidence span for each reason."""
    head = claim.stems
    size = max(len(head), 1)
    shared = [len(head & s) for s in text.sentence_stems]
    needed = 1 if len(head) < 4 else 2
    relevant = {n for n, k in enumerate(shared) if k >= needed and k / size >= 0.25}
    ranked = sorted(range(len(shared)), key=lambda n: (-shared[n], n))
    rank = {n: r for r, n in enumerate(ranked)}
    best = ranked[0] if ranked else None
    overlap = len(head & text.stems) / size
    values = dict.fromkeys(FEATURES, 0.0)
    values.update(
        overlap=overlap, sqrt_overlap=math.sqrt(overlap), lead_overlap=len(head & text.lead_stems) / size,
        best_sentence=(shared[best] / size) if best is not None else 0.0,
        bigrams=(len(claim.bigrams & text.bigrams) / len(claim.bigrams)) if claim.bigrams else 0.0,
        claim_words=math.log1p(len(head)), text_length=math.log1p(len(text.tokens)),
    )
    claim_numbers = [n.value for n in claim.numbers]
    if claim_numbers:
        values["numbers_shared"] = sum(any(not _differs(v, n.value) for n in text.numbers)
                                       for v in claim_numbers) / len(claim_numbers)
    spans: dict[str, tuple[int, int]] = {}
    candidates: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}  # reason -> [(rank key, span)]

    def note(reason: str, sentence: int, span: tuple[int, int]) -> None:
        candidates.setdefault(reason, []).append(((0 if sentence in relevant else 1, rank.get(sentence, 0)), span))

    counts: dict[str, float] = {}
    for cue in text.cues:
        where = ["any"] + (["relevant"] if cue.sentence in relevant else []) + (
            ["lead"] if cue.sentence < LEAD_SENTENCES else [])
        for w in where:
            counts[f"{cue.kind}_{w}"] = counts.get(f"{cue.kind}_{w}", 0) + 1
        if cue.sentence in relevant and _scoped(text, cue, head, needed):
            counts[f"{cue.kind}_scoped"] = counts.get(f"{cue.kind}_scoped", 0) + 1
        if cue.sentence in relevant or cue.sentence < LEAD_SENTENCES:
            note(cue.kind, cue.sentence, text.span(cue.start, cue.end))
    for name, count in counts.items():
        if name in values:
            values[name] = math.log1p(count)
    negated = _negated_stems(claim)
    negations = antonyms = 0
    claim_words = claim.words
    for n in relevant:
        first, last = text.sentences[n]
        for i in range(first, last):
            tok = text.tokens[i]
            if tok.lower in NEGATIONS:
                target = next((j for j in range(i + 1, min(i + 1 + NEGATION_WINDOW, last))
                               if text.tokens[j].content and text.tokens[j].stem in head), None)
                if target is not None and text.tokens[target].stem not in negated:
                    negations += 1
                    note("negation", n, text.span(i, target + 1))
            opposite = ANTONYMS.get(tok.lower)
            if opposite and opposite & claim_words and tok.lower not in claim_words:
                antonyms += 1
                note("antonym", n, (tok.start, tok.end))
        for number in text.numbers:
            if first <= number.token < last and _number_differs(number, claim.numbers, text.numbers):
                values["number_differs"] = 1.0
                note("number", n, (number.start, number.end))
    values["negation_relevant"] = math.log1p(negations)
    values["antonym_relevant"] = math.log1p(antonyms)
    claim_kinds = {cue.kind for cue in claim.cues}
    values["claim_refutes"] = float(bool(claim_kinds & {"denial", "refutation"}))
    if values["claim_refutes"]:
        # A claim that itself denies or refutes ("the video is a hoax"): the text's refutations agree with it, so
        # they count in one feature of their own and not as evidence against the claim.
        refuting = [k for k, r in FEATURES.items() if r in ("denial", "refutation")]
        values["claim_refutes_and_text_refutes"] = min(values["refutation_any"] + values["denial_any"], 2.0)
        for name in refuting:
            values[name] = 0.0
    values["claim_hedged"] = float("hedged" in claim_kinds)
    values["claim_question"] = float(claim.text.rstrip().endswith("?"))
    values["restated"] = values["best_sentence"] * values["lead_overlap"]
    for reason, found in candidates.items():
        spans[reason] = min(found)[1]
    if best is not None and shared[best]:
        spans["restated"] = spans["related"] = text.sentence_span(best)
        if values["claim_refutes"]:
            spans["unrefuted"] = spans["related"]
    return _Pair(values, spans, overlap)


def _scoped(text: _Parsed, cue: _Cue, head: frozenset[str], needed: int) -> bool:
    """A cue with the claim's words around it, in its sentence: at least `needed` distinct claim stems within
    SCOPE_WINDOW words on either side ("denied that it had sent a reply")."""
    first, last = text.sentences[cue.sentence]
    window = text.tokens[max(first, cue.start - SCOPE_WINDOW):min(last, cue.end + SCOPE_WINDOW)]
    return len({t.stem for t in window if t.content} & head) >= needed


def _negated_stems(parsed: _Parsed) -> frozenset[str]:
    """The content stems a text negates (a negation at most NEGATION_WINDOW words before them)."""
    out = set()
    for i, tok in enumerate(parsed.tokens):
        if tok.lower in NEGATIONS:
            out.update(t.stem for t in parsed.tokens[i + 1:i + 1 + NEGATION_WINDOW] if t.content)
    return frozenset(out)


def _number_differs(number: _Number, claim_numbers: list[_Number], text_numbers: list[_Number]) -> bool:
    """A text's number counts what a claim's number counts but is another value, and the text never gives the
    claim's value for that thing."""
    for theirs in claim_numbers:
        if (number.counted & theirs.counted and _differs(number.value, theirs.value)
                and not any(n.counted & theirs.counted and not _differs(n.value, theirs.value) for n in text_numbers)):
            return True
    return False


@dataclass(frozen=True)
class Weights:
    """The fitted model: per feature, a weight for "related" and one per related label; and the offsets chosen on
    held-out data (`related_threshold` on P(related), an additive offset per related label)."""

    related: dict[str, float]
    labels: dict[str, dict[str, float]]
    related_threshold: float
    offsets: dict[str, float]


BODY_WEIGHTS = "claims/stance_weights"
HEADLINE_WEIGHTS = "claims/stance_weights_headline"


def load_weights(name: str = BODY_WEIGHTS) -> Weights:
    """The weights data file (rows: feature or "bias", related, agree, disagree, discuss; "offset" rows after)."""
    related: dict[str, float] = {}
    labels: dict[str, dict[str, float]] = {label: {} for label in RELATED_LABELS}
    offsets: dict[str, float] = {}
    threshold = 0.5
    for row in rows(name):
        key, values = row[0], [float(v) for v in row[1:]]
        if key == "offset":
            threshold = values[0]
            offsets = dict(zip(RELATED_LABELS, values[1:], strict=True))
            continue
        related[key] = values[0]
        for label, value in zip(RELATED_LABELS, values[1:], strict=True):
            labels[label][key] = value
    return Weights(related, labels, threshold, offsets)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


class RuleStance:
    """The default judge: lexical relatedness, cue words and two small fitted linear models (module docstring).

    Two sets of weights ship. `RuleStance()` reads article bodies (`stance_weights.tsv`, fitted on FNC-1's bodies);
    `RuleStance.for_headlines()` reads short texts, a headline, a claim, a sentence or two
    (`stance_weights_headline.tsv`: its agree/disagree/discuss weights fitted on Emergent's claim/headline pairs, its
    relatedness copied from the body weights). Use the second for claim against claim or headline: the body weights
    read a short denial badly (FNC-1's bodies that repeat every word of the headline mostly agree with it). Choosing
    the set by the text's length was tried and lost on FNC-1's dev part (its short bodies read better with the body
    weights: FNC score 0.830 against 0.838), so the caller chooses."""

    def __init__(self, weights: Weights | None = None) -> None:
        self.weights = weights or load_weights()
        self._parsed: OrderedDict[str, _Parsed] = OrderedDict()

    @classmethod
    def for_headlines(cls) -> RuleStance:
        """The judge for short texts (headlines, claims): the weights fitted on Emergent's train file."""
        return cls(weights=load_weights(HEADLINE_WEIGHTS))

    def parse(self, text: str) -> _Parsed:
        """A text read once and kept (up to CACHE_SIZE texts, least recently used out first)."""
        found = self._parsed.get(text)
        if found is None:
            found = self._parsed[text] = _Parsed(text)
            if len(self._parsed) > CACHE_SIZE:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(text)
        return found

    def features(self, claim: str, text: str) -> dict[str, float]:
        """The feature values of a pair (for fitting and inspection)."""
        return _pair_features(self.parse(claim), self.parse(text)).values

    def judge(self, claim: str, text: str) -> Stance:
        pair = _pair_features(self.parse(claim), self.parse(text))
        w = self.weights
        x = pair.values
        p_related = _sigmoid(w.related.get("bias", 0.0) + sum(w.related.get(k, 0.0) * v for k, v in x.items()))
        if "related" not in pair.spans:
            return Stance("unrelated", 1.0, "unrelated", None, "The text shares none of the claim's content words.")
        if p_related < w.related_threshold:
            return Stance("unrelated", round(1.0 - p_related, 4), "unrelated", None,
                          f"The text shares {pair.overlap:.0%} of the claim's content words.")
        logits = {label: w.labels[label].get("bias", 0.0) + w.offsets.get(label, 0.0)
                  + sum(w.labels[label].get(k, 0.0) * v for k, v in x.items()) for label in RELATED_LABELS}
        top = max(logits.values())
        exp = {label: math.exp(v - top) for label, v in logits.items()}
        label = max(logits, key=lambda k: logits[k])
        score = p_related * exp[label] / sum(exp.values())
        reason = _reason(w, label, x, pair.spans)
        evidence = pair.spans.get(reason) or pair.spans["related"]
        return Stance(label, round(score, 4), reason, evidence, _note(label, reason, text, evidence))


def _reason(w: Weights, label: str, x: dict[str, float], spans: dict[str, tuple[int, int]]) -> str:
    """The reason whose features pushed most towards `label` against the other related labels, among those with
    a span to show; "restated" (agree) or "related" (the others) when no cue did."""
    others = [k for k in RELATED_LABELS if k != label]
    weights = w.labels
    push: dict[str, float] = {}
    for name, reason in FEATURES.items():
        if reason is None or not x.get(name) or reason not in spans:
            continue
        margin = weights[label].get(name, 0.0) - sum(weights[o].get(name, 0.0) for o in others) / len(others)
        push[reason] = push.get(reason, 0.0) + margin * x[name]
    allowed = {"agree": {"confirmed", "restated"}, "discuss": {"hedged"},
               "disagree": {"denial", "refutation", "negation", "antonym", "number", "unrefuted", "restated"}}[label]
    best = max((r for r in push if r in allowed and push[r] > 0), key=lambda r: push[r], default=None)
    if best is None or (best == "restated" and label == "disagree"):
        return "restated" if label == "agree" else "related"
    return best


NOTES = {
    "denial": "a denial near the claim's words", "refutation": "a refutation near the claim's words",
    "negation": "a negation of the claim's words", "antonym": "the opposite of the claim's assessment",
    "number": "another number for the thing the claim counts", "hedged": "the text reports it with a hedge",
    "confirmed": "the text confirms it", "restated": "the text restates the claim",
    "related": "the text is about the claim but takes no marked side",
    "unrefuted": "the claim calls it false, the text reports it without a refutation",
}


def _note(label: str, reason: str, text: str, evidence: tuple[int, int]) -> str:
    quoted = " ".join(text[evidence[0]:evidence[1]].split())
    if len(quoted) > 80:
        quoted = quoted[:77] + "..."
    return f"{label}: {NOTES.get(reason, reason)} ({quoted!r})."


def claim_contradicts(a: str, b: str) -> Stance | None:
    """Whether two short claims about the same subject contradict: a "disagree" Stance or None.

    Rules only (no fitted weights), checked in order, each needing a content word the two share: one claim denies or
    refutes and the other does not (reason "denial"/"refutation"); one negates a shared word that the other does not
    ("negation"); one uses the opposite of the other's assessment word ("antonym"); both count the same thing with
    numbers more than 5% apart ("number"); they share at least two content words and name dates of one kind (a
    weekday, a day of a month, a year) with none in common ("date"). `evidence` is a span of `b`: the deciding cue
    when it is in `b`, else the words of `b` that `a`'s cue contradicts; the note says which claim holds the cue."""
    pa, pb = _Parsed(a), _Parsed(b)
    shared = pa.stems & pb.stems
    if not shared:
        return None
    shared_span = _shared_span(pb, shared)
    for kind, reason in (("denial", "denial"), ("refutation", "refutation")):
        in_a = [c for c in pa.cues if c.kind == kind]
        in_b = [c for c in pb.cues if c.kind == kind]
        if in_b and not any(c.kind in ("denial", "refutation") for c in pa.cues):
            span = pb.span(in_b[0].start, in_b[0].end)
            return _contradiction(reason, span, b, f"b holds {NOTES[reason]}")
        if in_a and not any(c.kind in ("denial", "refutation") for c in pb.cues):
            cue = a[slice(*pa.span(in_a[0].start, in_a[0].end))]
            return _contradiction(reason, shared_span, b, f"a holds {NOTES[reason]} ({cue!r})")
    neg_a, neg_b = _negated_stems(pa) & shared, _negated_stems(pb) & shared
    if neg_b - neg_a:
        span = _negation_span(pb, neg_b - neg_a)
        return _contradiction("negation", span, b, "b negates a word that a asserts")
    if neg_a - neg_b:
        return _contradiction("negation", _shared_span(pb, neg_a - neg_b), b, "a negates a word that b asserts")
    for tok in pb.tokens:
        opposite = ANTONYMS.get(tok.lower)
        if opposite and opposite & pa.words and tok.lower not in pa.words:
            return _contradiction("antonym", (tok.start, tok.end), b, "b uses the opposite of a's word")
    for number in pb.numbers:
        for theirs in pa.numbers:
            if number.counted & theirs.counted and _differs(number.value, theirs.value):
                return _contradiction("number", (number.start, number.end), b,
                                      f"b counts {number.value:g} where a counts {theirs.value:g}")
    dates_a, dates_b = _dates(pa), _dates(pb)
    if len(shared) >= 2:
        for kind, found in dates_b.items():
            theirs = {value for value, _ in dates_a.get(kind, ())}
            if theirs and not theirs & {value for value, _ in found}:
                return _contradiction("date", found[0][1], b, f"b gives another {kind} than a")
    return None


def _dates(parsed: _Parsed) -> dict[str, list[tuple[object, tuple[int, int]]]]:
    """The dates a short text names, by kind: "weekday" (full names), "day" (a month name next to a day number:
    "3 March", "March 3"), "year" (a four-digit number from 1800 to 2100), each value with its character span."""
    out: dict[str, list[tuple[object, tuple[int, int]]]] = {}
    tokens = parsed.tokens
    for i, tok in enumerate(tokens):
        if tok.lower in WEEKDAYS:
            out.setdefault("weekday", []).append((WEEKDAYS[tok.lower], (tok.start, tok.end)))
        elif tok.lower in MONTHS:
            for j in (i - 1, i + 1):
                if 0 <= j < len(tokens) and _DAY_NUMBER.match(tokens[j].lower):
                    first, last = min(i, j), max(i, j)
                    out.setdefault("day", []).append(((MONTHS[tok.lower], int(tokens[j].lower)),
                                                      (tokens[first].start, tokens[last].end)))
                    break
        elif len(tok.lower) == 4 and tok.lower.isdigit() and 1800 <= int(tok.lower) <= 2100:
            out.setdefault("year", []).append((int(tok.lower), (tok.start, tok.end)))
    return out


def _shared_span(parsed: _Parsed, stems: frozenset[str] | set[str]) -> tuple[int, int]:
    """The span from the first to the last token of `parsed` whose stem is in `stems`."""
    hits = [t for t in parsed.tokens if t.content and t.stem in stems]
    return (hits[0].start, hits[-1].end) if hits else (0, len(parsed.text))


def _negation_span(parsed: _Parsed, stems: frozenset[str] | set[str]) -> tuple[int, int]:
    """The span of the first negation and the negated word among `stems`."""
    for i, tok in enumerate(parsed.tokens):
        if tok.lower in NEGATIONS:
            for j in range(i + 1, min(i + 1 + NEGATION_WINDOW, len(parsed.tokens))):
                if parsed.tokens[j].content and parsed.tokens[j].stem in stems:
                    return tok.start, parsed.tokens[j].end
    return _shared_span(parsed, stems)


def _contradiction(reason: str, span: tuple[int, int], b: str, why: str) -> Stance:
    quoted = " ".join(b[span[0]:span[1]].split())
    return Stance("disagree", 1.0, reason, span, f"The claims contradict: {why} ({quoted!r}).")
