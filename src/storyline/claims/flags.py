"""Source flags per document: how likely a text is machine-translated, spun or mostly page furniture, with evidence.

Analysts weigh a claim by where it comes from, and the copy they read differs in kind: wire copy, state media,
official translations, machine-translated reposts, "spun" rewrites (an article spinner swaps words for synonyms to
pass a copy off as new). Storyline does not give a verdict; `document_flags` returns each flag whose likelihood
reaches FLAG_THRESHOLD, with the character spans that raised it, strongest first, so a reader can check in seconds.

Everything is read off the text with regular expressions and word lists (`lexicons/claims/flags_*.txt`): no parse,
so it runs over thousands of articles in seconds. Each feature is counted, then turned into a rate per 1,000 words
(the word count is floored at MIN_WORDS, so one hit in a 60-word brief is not a high rate). The features:

machine_translated (the marks a round trip through another language and back leaves, chiefly where a link or a
line break cut a sentence):
- glued words: a word whose letters run on from lower case into a capitalised word ("RussiaOn", "versionThe"),
  when the right part is a function word, or both parts are words of four letters or more that the text also
  writes on their own ("UkraineRussian"); known camel-case names (`flags_camel_names.txt`), a run the text writes
  twice or more (a company's own spelling: "CoreCivic"), name particles ("MacArthur", `flags_name_prefixes.txt`),
  left parts of one or two letters ("iPhone", "McCain", "DeSantis") and hashtags or handles do not count.
- capital mid-sentence: a function word ("the", "he", "there", "and": `flags_function_words.txt`) written with a
  capital right after a word (no sentence end, comma or opening quote between), before a lower-case word ("Biden He
  returned", "he There are"). Title-case runs ("Ukraine In The Crosshairs") have a capital word after and do not
  count.
- honorific fragment: a lower-case honorific noun ("sir.", "gentlemen.", `flags_honorifics.txt`) with a full stop
  before a capitalised word that is not a function word (a name: "gentlemen. Biden"), opening a sentence or after a
  function word ("but sir. Putin"); address ("Yes, sir.", "ladies and gentlemen. We") does not count. And an
  abbreviated title before a lower-case word ("with Mr. on December 30", `flags_title_abbreviations.txt`), surname
  particles ("Mr. de Villepin", `flags_name_particles.txt`) and "Mr. and Mrs." left out.
- punctuation glued to a capital: a sentence end with no space before a capital ("Kiev.U.S.", "agenda.Two").
  Scraped native copy shows it too (paragraphs joined without a space), so it weighs little.
- misplaced quotation mark: an opening curly quotation mark at the end of a line or of the text, where a closing
  one belonged ("security. “").

spun (a spinner's rewrite of someone else's article):
- doubled coordination: one word on both sides of "and"/"or" ("warships and warships"), idioms ("more and more",
  `flags_idiomatic_doublings.txt`) and comparatives ("bigger and bigger") left out.
- "stated" for "said": the share of "stated" among the two, counted when the text has at least MIN_REPORTS of
  them; spinners and paraphrasing tools replace the newsroom's "said" with "stated".
  Rare-synonym substitution ("profound learning" for "deep learning") needs word frequencies that no installed
  package ships offline, so it is not measured.

boilerplate_heavy: the share of the text's characters in lines that the clean stage (`stages/clean.py`) would
remove as page furniture (share buttons, comment forms, "Source link"). For a text already cleaned, pass the clean
stage's `removed` blocks: they count as furniture (with no span, as they are not in the text).

`corpus_flags` adds, against a whole corpus, CORPUS_FLAG ("unusual_for_corpus") for a document whose marks of
machine translation stand far above the corpus's own norm (its 99th percentile) without reaching the flag: what is
normal in a pile of scraped copy slips out in a pile of clean wire copy.

Each flag's likelihood is a logistic function of its features, `1 / (1 + exp(-(BIAS + sum(weight * rate))))`,
with each rate capped (RATE_CAPS) so that one runaway feature cannot carry a flag alone. The weights of
machine_translated were set by hand from what each feature means (the marks that native copy never shows weigh
most) and its bias was chosen on the tuning half of the ukraine-media corpus (docs/quality.md, "Source flags");
the spun and boilerplate weights were set by hand and have no labelled data behind them.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from storyline.lexicon_files import words
from storyline.mapping import Mapper, map_chunked
from storyline.scanning import matches_at

FLAG_THRESHOLD = 0.5
MAX_EVIDENCE = 10
MIN_WORDS = 300  # floor of the word count a rate is taken over
MIN_REPORTS = 5  # "said" + "stated" needed before their ratio counts

FUNCTION_WORDS = words("claims/flags_function_words")
CAMEL_NAMES = words("claims/flags_camel_names")
NAME_PREFIXES = words("claims/flags_name_prefixes")
HONORIFIC_WORDS = words("claims/flags_honorifics")
TITLE_ABBREVIATIONS = words("claims/flags_title_abbreviations")
IDIOMATIC_DOUBLINGS = words("claims/flags_idiomatic_doublings")
NAME_PARTICLES = words("claims/flags_name_particles")

# Reasons, as they appear in Evidence.reason.
GLUED_WORDS = "glued words"
CAPITAL_MID_SENTENCE = "capital mid-sentence"
HONORIFIC_FRAGMENT = "honorific fragment"
GLUED_PUNCTUATION = "punctuation glued to a capital"
MISPLACED_QUOTE = "misplaced quotation mark"
DOUBLED_PHRASE = "doubled phrase"
STATED_FOR_SAID = "stated for said"
FURNITURE = "page furniture"

FLAGS = ("machine_translated", "spun", "boilerplate_heavy")
# corpus_flags: a document whose marks of machine translation stand far above its corpus's norm.
CORPUS_FLAG = "unusual_for_corpus"
MIN_CORPUS = 50
CORPUS_QUANTILE = 0.99
CORPUS_MARGIN = 3.0
# What each rate adds to its flag's logistic (per 1,000 words; per whole share for STATED_FOR_SAID and FURNITURE).
WEIGHTS: dict[str, dict[str, float]] = {
    "machine_translated": {CAPITAL_MID_SENTENCE: 0.5, HONORIFIC_FRAGMENT: 1.5, GLUED_WORDS: 0.3,
                           GLUED_PUNCTUATION: 0.1, MISPLACED_QUOTE: 0.5},
    "spun": {DOUBLED_PHRASE: 1.5, STATED_FOR_SAID: 6.0},
    "boilerplate_heavy": {FURNITURE: 10.0},
}
# The most of each rate (per 1,000 words; a share for STATED_FOR_SAID and FURNITURE) that counts: no one kind of
# mark can carry a flag alone, as scraped native copy shows any one of them now and then.
RATE_CAPS = {CAPITAL_MID_SENTENCE: 10.0, HONORIFIC_FRAGMENT: 4.0, GLUED_WORDS: 10.0, GLUED_PUNCTUATION: 10.0,
             MISPLACED_QUOTE: 4.0, DOUBLED_PHRASE: 3.0, STATED_FOR_SAID: 1.0, FURNITURE: 1.0}
BIAS = {"machine_translated": -6.0, "spun": -6.0, "boilerplate_heavy": -5.0}
# How strong one hit is as evidence, to order the spans a reader sees first.
STRENGTH = {HONORIFIC_FRAGMENT: 3, CAPITAL_MID_SENTENCE: 3, GLUED_WORDS: 2, DOUBLED_PHRASE: 2, MISPLACED_QUOTE: 1,
            STATED_FOR_SAID: 1, GLUED_PUNCTUATION: 0, FURNITURE: 1}

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# A run of letters with a lower-case letter followed by a capital inside it; group 1 is the whole run.
CAMEL_RUN = re.compile(r"(?<![\w#@/.])([A-Za-z]*[a-z][A-Z][A-Za-z]*)")
CAMEL_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])")
CAMEL_CORE = re.compile(r"[a-z][A-Z]")  # in every CAMEL_RUN match; cheaper to look for
# A function word with a capital after a word and a space (no sentence end between), before a lower-case word.
CAPITAL_WORD = re.compile(r"(?<=[A-Za-z0-9)\]%]) ([A-Z][a-z]*(?:['’]t)?)(?= [a-z])")
# A lower-case word and a full stop before a capitalised word; group 1 is the word before it, when one is.
HONORIFIC = re.compile(r"(?:^|(?<=[.!?] )|(?<=[.!?] [\"“])|\b([a-z]+) )([a-z]+)\. ([A-Z][a-z]*)", re.MULTILINE)
STOP_BEFORE_CAPITAL = re.compile(r"\. [A-Z]")  # in every HONORIFIC match, after its group 2; found by a literal
TITLE_BEFORE_LOWER = re.compile(r"\b([A-Z][a-z]+)\.? ([a-z]+)\b")
# A word ending in two lower-case letters, a sentence end and a capitalised word with no space: "Kiev.U.S.".
GLUED_STOP = re.compile(r"\b[A-Za-z]*[a-z]{2}[.!?][A-Z][A-Za-z.]*")
GLUED_STOP_CORE = re.compile(r"[a-z]{2}[.!?][A-Z]")  # in every GLUED_STOP match; cheaper to look for
# An opening curly quotation mark, and the word before it, at the end of a line: "security. “".
OPEN_QUOTE_AT_END = re.compile(r"\S*[ \t]*“[ \t]*$", re.MULTILINE)
QUOTE_AT_LINE_END = re.compile(r"“[ \t]*$", re.MULTILINE)  # where OPEN_QUOTE_AT_END can match: found by a literal
DOUBLED = re.compile(r"\b([A-Za-z]{3,}) (?:and|or) \1\b", re.IGNORECASE)
SAID = re.compile(r"\bsaid\b")
STATED = re.compile(r"\bstated\b")
LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Evidence:
    """One mark in the text: `text[start:end]` is what raised it, `reason` says what it is ("glued words")."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Flag:
    """A flag on a document: `name` is one of FLAGS, `likelihood` in 0..1, `evidence` at most MAX_EVIDENCE spans,
    strongest first, and `note` a one-line account of the counts behind it."""

    name: str
    likelihood: float
    evidence: tuple[Evidence, ...]
    note: str


@dataclass(frozen=True)
class Reading:
    """Everything measured on one text: its word count, the marks found by reason (every one, in text order), and
    the rates the flags weigh (per 1,000 words; a share for STATED_FOR_SAID and FURNITURE)."""

    words: int
    hits: dict[str, list[Evidence]]
    rates: dict[str, float]


def _glued_words(text: str) -> list[Evidence]:
    """Words run together from lower case into a capitalised word ("RussiaOn"), known spellings left out: names
    in the camel-case list, and any run the text writes twice or more (a name's own spelling: "CoreCivic")."""
    runs = list(CAMEL_RUN.finditer(text)) if CAMEL_CORE.search(text) else []
    if not runs:
        return []  # most texts: no need for the words written on their own (a scan of the whole text)
    seen = Counter(m.group(1) for m in runs)
    standalone = set(WORD.findall(CAMEL_RUN.sub(" ", text)))
    found = []
    for match in runs:
        run = match.group(1)
        if run in CAMEL_NAMES or seen[run] > 1:
            continue
        parts = CAMEL_SPLIT.split(run)
        offset = match.start(1)
        for left, right in itertools.pairwise(parts):
            offset += len(left)
            if _is_glue(left, right, standalone):
                found.append(Evidence(offset - len(left), offset + len(right), GLUED_WORDS))
    return found


def _is_glue(left: str, right: str, standalone: set[str]) -> bool:
    """Whether `left` + `right` are two words glued together rather than one name's spelling: the right part is a
    function word, or both parts are words of four letters or more that the text also writes on their own."""
    if len(left) <= 2 or left in NAME_PREFIXES or len(right) < 2 or not right[1:].islower():
        return False
    if right.lower() in FUNCTION_WORDS:
        return True
    return len(left) >= 4 and len(right) >= 4 and left in standalone and right in standalone


def _capitals_mid_sentence(text: str) -> list[Evidence]:
    """Function words written with a capital in the middle of a sentence, before a lower-case word."""
    return [Evidence(m.start(1), m.end(1), CAPITAL_MID_SENTENCE) for m in CAPITAL_WORD.finditer(text)
            if m.group(1).lower() in FUNCTION_WORDS]


def _honorific_fragments(text: str) -> list[Evidence]:
    """"gentlemen. Biden" (an honorific noun for "Mr."), "with Mr. on December 30" (a title with no name)."""
    found = [Evidence(m.start(2), m.end(2) + 1, HONORIFIC_FRAGMENT)
             for m in matches_at(HONORIFIC, _honorific_starts(text), text)
             if m.group(2) in HONORIFIC_WORDS and (m.group(1) is None or m.group(1) in FUNCTION_WORDS)
             and m.group(3).lower() not in FUNCTION_WORDS and m.group(3) != "I"]
    found += [Evidence(m.start(1), m.end(), HONORIFIC_FRAGMENT) for m in TITLE_BEFORE_LOWER.finditer(text)
              if m.group(1) in TITLE_ABBREVIATIONS and m.group(2) not in NAME_PARTICLES and m.group(2) != "and"]
    return found


def _honorific_starts(text: str) -> Iterator[int]:
    """Every place a HONORIFIC match can start, in order. Its group 2 is a whole run of lower-case letters (a line
    start, a space or a quotation mark is before it) just before a STOP_BEFORE_CAPITAL; the match starts there, or
    at the run of lower-case letters and the space before it (group 1). Scanning the whole text instead tried group 1
    at every lower-case word."""
    for stop in STOP_BEFORE_CAPITAL.finditer(text):
        group2 = _lower_run_start(text, stop.start())
        if group2 == stop.start():
            continue  # no lower-case letter before the stop
        if group2 >= 2 and text[group2 - 1] == " " and "a" <= text[group2 - 2] <= "z":
            yield _lower_run_start(text, group2 - 1)
        yield group2


def _lower_run_start(text: str, end: int) -> int:
    """Where the run of lower-case ASCII letters that ends at `end` starts (`end` itself when there is none)."""
    start = end
    while start > 0 and "a" <= text[start - 1] <= "z":
        start -= 1
    return start


def _doubled_phrases(text: str) -> list[Evidence]:
    """One word on both sides of "and"/"or" ("warships and warships"), idioms and comparatives left out."""
    found = []
    for match in DOUBLED.finditer(text):
        word = match.group(1).lower()
        if word in IDIOMATIC_DOUBLINGS or word.endswith("er"):
            continue
        found.append(Evidence(match.start(), match.end(), DOUBLED_PHRASE))
    return found


def _furniture(text: str, removed: Sequence[str]) -> tuple[list[Evidence], float]:
    """The lines of `text` the clean stage would remove as page furniture, and the share of the characters that
    are furniture: those lines and the `removed` blocks the clean stage already took out of a cleaned text."""
    from storyline.stages.clean import classify_blocks  # the stage's own judgement; imported late, it is heavier

    lines = [(m.start(), m.end(), " ".join(m.group().split())) for m in LINE.finditer(text) if m.group().strip()]
    spans = []
    if len(lines) >= 2:
        dropped = classify_blocks([block for *_, block in lines], {})
        spans = [Evidence(start, end, FURNITURE) for (start, end, _), drop in zip(lines, dropped, strict=True)
                 if drop]
    gone = sum(len(block.strip()) for block in removed)
    total = sum(end - start for start, end, _ in lines) + gone
    return spans, (sum(e.end - e.start for e in spans) + gone) / total if total else 0.0


def _glued_stops(text: str) -> list[Evidence]:
    """The matches of GLUED_STOP. Its leading `[A-Za-z]*` retries every letter of every word, and almost no text
    has a match: a text without the pattern's core (two lower-case letters, a stop, a capital) is not scanned."""
    if GLUED_STOP_CORE.search(text) is None:
        return []
    return [Evidence(m.start(), m.end(), GLUED_PUNCTUATION) for m in GLUED_STOP.finditer(text)]


def _open_quotes_at_line_end(text: str) -> list[Evidence]:
    """The matches of OPEN_QUOTE_AT_END, searched only in the lines that end with an opening quotation mark.
    Scanning the whole text made the pattern's leading `\\S*` try every character of every word; a match cannot
    cross a line break, and a line holds at most one (it ends at the line's end), so the matches are the same."""
    found = []
    for end in QUOTE_AT_LINE_END.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        match = OPEN_QUOTE_AT_END.search(text, line_start, end.end())
        if match is not None:
            found.append(Evidence(match.start(), match.end(), MISPLACED_QUOTE))
    return found


def read_text(text: str, removed: Sequence[str] = ()) -> Reading:
    """Count every feature of `text` and turn the counts into rates per 1,000 words (see the module docstring).
    `removed`: the blocks the clean stage took out, when `text` is a cleaned text (they count as furniture)."""
    n_words = len(WORD.findall(text))
    per = 1000.0 / max(n_words, MIN_WORDS)
    hits: dict[str, list[Evidence]] = {
        GLUED_WORDS: _glued_words(text),
        CAPITAL_MID_SENTENCE: _capitals_mid_sentence(text),
        HONORIFIC_FRAGMENT: _honorific_fragments(text),
        GLUED_PUNCTUATION: _glued_stops(text),
        MISPLACED_QUOTE: _open_quotes_at_line_end(text),
        DOUBLED_PHRASE: _doubled_phrases(text),
    }
    rates = {reason: len(found) * per for reason, found in hits.items()}
    said, stated = len(SAID.findall(text)), list(STATED.finditer(text))
    hits[STATED_FOR_SAID] = [Evidence(m.start(), m.end(), STATED_FOR_SAID) for m in stated]
    reports = said + len(stated)
    rates[STATED_FOR_SAID] = len(stated) / reports if reports >= MIN_REPORTS else 0.0
    hits[FURNITURE], rates[FURNITURE] = _furniture(text, removed)
    return Reading(n_words, hits, rates)


def _read_pair(pair: tuple[str, Sequence[str]]) -> Reading:
    """`read_text` on one (text, removed blocks) pair: what `corpus_flags` sends to a worker."""
    return read_text(*pair)


def marks(name: str, rates: Mapping[str, float]) -> float:
    """A flag's weighted sum of its capped rates: what its logistic reads, before the bias."""
    return sum(weight * min(rates[reason], RATE_CAPS[reason]) for reason, weight in WEIGHTS[name].items())


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _likelihood(name: str, rates: Mapping[str, float]) -> float:
    return _logistic(BIAS[name] + marks(name, rates))


def flag_scores(text: str, removed: Sequence[str] = ()) -> dict[str, float]:
    """Every flag's likelihood for `text` (0..1), reported or not: what the evaluation thresholds."""
    reading = read_text(text, removed)
    return {name: _likelihood(name, reading.rates) for name in FLAGS}


def _evidence(reading: Reading, name: str) -> tuple[Evidence, ...]:
    """The flag's strongest spans, every kind of mark shown: the first of each reason (strongest reason first),
    then the second of each, and so on, up to MAX_EVIDENCE."""
    reasons = sorted((r for r in WEIGHTS[name] if reading.hits[r]), key=lambda r: -STRENGTH[r])
    rounds = itertools.zip_longest(*(reading.hits[r] for r in reasons))
    return tuple(itertools.islice((e for row in rounds for e in row if e is not None), MAX_EVIDENCE))


def _note(reading: Reading, name: str) -> str:
    counts = [f"{len(reading.hits[reason])} {reason}" for reason in WEIGHTS[name] if reading.hits[reason]]
    if name == "spun" and reading.rates[STATED_FOR_SAID]:
        counts.append(f"'stated' is {reading.rates[STATED_FOR_SAID]:.0%} of said/stated")
    if name == "boilerplate_heavy":
        counts = [f"{reading.rates[FURNITURE]:.0%} of the characters are page furniture"]
    return f"{', '.join(counts) or 'no marks'} in {reading.words} words"


def document_flags(text: str, removed: Sequence[str] = ()) -> list[Flag]:
    """The flags of one document whose likelihood reaches FLAG_THRESHOLD, each with its evidence, in FLAGS order.
    Every evidence span indexes `text`. For a cleaned text, pass the clean stage's `removed` blocks: they count
    towards boilerplate_heavy (they are not in the text, so they give no span)."""
    return _flags(read_text(text, removed))


def _flags(reading: Reading) -> list[Flag]:
    flags = []
    for name in FLAGS:
        likelihood = _likelihood(name, reading.rates)
        if likelihood >= FLAG_THRESHOLD:
            flags.append(Flag(name, round(likelihood, 3), _evidence(reading, name), _note(reading, name)))
    return flags


def corpus_flags(texts: Mapping[str, str], removed: Mapping[str, Sequence[str]] | None = None,
                 mapper: Mapper = map) -> dict[str, list[Flag]]:
    """Each document's flags (`document_flags`) and, against the rest of the corpus, CORPUS_FLAG for a document
    whose marks of machine translation stand far above the corpus's own norm without reaching the flag.

    The norm is the CORPUS_QUANTILE of the documents' weighted sums (`marks("machine_translated", ...)`); a
    document's CORPUS_FLAG likelihood is the logistic of its sum less the larger of twice the norm and the norm plus
    CORPUS_MARGIN, so in a corpus of clean wire copy a document with a few lost line breaks and glued words stands
    out, while in a corpus of scraped copy the same marks are the norm. Needs MIN_CORPUS documents (fewer: no
    CORPUS_FLAG). Keys are the caller's document ids; `removed` gives each cleaned text's removed blocks; `mapper`
    reads the documents (an executor's `map`: in its workers, in chunks)."""
    pairs = [(text, tuple((removed or {}).get(doc_id, ()))) for doc_id, text in texts.items()]
    readings = dict(zip(texts, map_chunked(mapper, _read_pair, pairs), strict=True))
    out = {doc_id: _flags(reading) for doc_id, reading in readings.items()}
    if len(readings) < MIN_CORPUS:
        return out
    sums = sorted(marks("machine_translated", r.rates) for r in readings.values())
    norm = sums[int(CORPUS_QUANTILE * (len(sums) - 1))]
    bar = max(2 * norm, norm + CORPUS_MARGIN)
    for doc_id, reading in readings.items():
        if any(f.name == "machine_translated" for f in out[doc_id]):
            continue
        total = marks("machine_translated", reading.rates)
        likelihood = _logistic(total - bar)
        if likelihood >= FLAG_THRESHOLD:
            note = (f"marks of machine translation {total:.2f} against the corpus's norm {norm:.2f} "
                    f"({CORPUS_QUANTILE:.0%} of {len(sums)} documents); {_note(reading, 'machine_translated')}")
            out[doc_id].append(Flag(CORPUS_FLAG, round(likelihood, 3), _evidence(reading, "machine_translated"),
                                    note))
    return out
