"""Infer publication dates from what documents say about time, and from each other.

Each document without a date gets a score for every candidate day on one calendar grid (numpy arrays):

1. **Its own expressions.** A day it mentions ("on February 1", "Friday, January 21") is usually a few
   days before the date in a past clause and a few days after in a future one; a weekday ("Thursday")
   says the date is 0-6 days after (past) or before (future) such a weekday; the latest year it mentions
   in a clause not in the future ("in 2014") is usually the date's year or a few before ("since 2014" only
   says not after it); a weekday next to a date ("Friday, January 21")
   keeps only the years where that day is a Friday.
2. **Other documents.** Articles about one story are close in time: a prior built from the other
   documents' dates (fixed ones and the current estimates of inferred ones), weighted by how similar
   their texts are.
3. **Links between expressions.** An expression whose value depends on the date ("eight years ago",
   "this week", "Thursday") is linked to one whose time is known ("in 2014", "last week" of a dated
   article, "on January 27") when their sentences tell of the same event: the same participants (canonical
   actors) and the same event words, whatever words the expressions themselves use. A link is genuine with
   a probability estimated on dated articles from how strongly the sentences match (LINK_GENUINE); a
   genuine one puts the date where the two expressions name the same time. Links are sought in the
   documents most alike as wholes and in those whose sentences share the expression's participants
   (`event_neighbours`): a dated report of one event may sit in an article about many others.

Scores are log-likelihoods; the posterior is iterated a few times so that dated documents help date the
others. The date is reported at the finest grain the posterior supports (day, month or year) with its
probability as the confidence. Everything here is pure: the corpus step `storyline.corpus.dating` reads
and writes the store.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from storyline.lexicon_files import entries, table, words
from storyline.timex import Timex
from storyline.timex.dating_params import PARAMS
from storyline.timex.lexicon import HOLIDAYS, MONTHS, UNITS, WEEKDAYS
from storyline.timex.resolve import interval, kind_of, resolve

FLOOR = 1e-7  # density of a distance outside every bin
WEEKDAY_MISMATCH = 0.03  # "Friday, January 21" in a year where January 21 is not a Friday
# The probability that a link is genuine (its two sentences tell of the same event, so the two expressions
# name the same time), by class of link and strength 1..MAX_STRENGTH (`link_strength`): "direct" between the
# expressions' own sentences, "bridged" through a sentence of the other document that names no time, "counted"
# a direct link from a counted span ("eight years ago", "three weeks ago"); and, whatever the strength,
# "weekday" from a weekday to a date of the same document that falls on it ("Sunday" ~ "Sunday, Aug. 14,
# 2022"). Estimated on dated articles by `fit_link_genuine`
# (`storyline.corpus.dating.link_statistics` on the 2,469 ukraine-media articles outside the evaluation slice
# and the context articles; see docs/quality.md).
LINK_GENUINE = {"direct": [0.0, 0.02, 0.25, 0.57, 0.75], "bridged": [0.0, 0.0, 0.07, 0.44, 0.44],
                "counted": [0.35, 0.35, 0.35, 0.35, 0.35], "weekday": [0.87, 0.87, 0.87, 0.87, 0.87]}
MAX_STRENGTH = 5
STRENGTH_STEP = 0.15  # of the link score (`link_strength`) per strength: equal steps, each calibrated on its own
MIN_CELL_LINKS = 30  # a cell of fewer calibration links is pooled with the strength below it
ITERATIONS = 4
SIMILAR_SHARE = 0.5  # of the story prior from the most similar documents (the rest: the whole corpus)
LINK_NEIGHBOURS = 12  # expressions are matched within the most similar documents only
EVENT_NEIGHBOUR_STRENGTH = 4  # and within the documents that tell of the same event this surely (`event_neighbours`)
EVENT_NEIGHBOUR_VISITS = 3000  # sentences compared per expression, those of its rarest participants first
MAX_YEARS = 40  # the grid never spans more than this
GRAIN_THRESHOLDS = {"day": 0.4, "month": 0.6, "year": 0.6}  # mass needed to report each grain (chosen on the dev slice)


@dataclass
class Candidate:
    """A document to date: its expressions, words, and any date or window it already has."""

    id: str
    timexes: list[Timex]
    terms: Counter[str] = field(default_factory=Counter)
    fixed: date | None = None
    window: tuple[date, date] | None = None
    frames: list[Frame | None] = field(default_factory=list)  # each expression's sentence (document_frames)
    plain: list[Frame] = field(default_factory=list)  # the sentences that name no time

    def __post_init__(self) -> None:
        if not self.frames:
            self.frames = [None] * len(self.timexes)


@dataclass
class Inferred:
    """The date inferred for one document, at the grain the evidence supports."""

    published: str | None
    grain: str | None  # day | month | year
    confidence: float
    day: date | None  # the most likely day, whatever the grain reported
    evidence: list[str]


class Grid:
    """Every day between two dates, with its calendar fields as arrays."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.ords = np.arange(first.toordinal(), last.toordinal() + 1)
        self.days = [date.fromordinal(int(o)) for o in self.ords]
        self.year = np.array([d.year for d in self.days])
        self.month = np.array([d.year * 12 + d.month - 1 for d in self.days])
        self.wday = (self.ords - 1) % 7 + 1
        self.week_start = self.ords - (self.wday - 1)

    def __len__(self) -> int:
        return len(self.ords)

    def index(self, day: date) -> int | None:
        i = day.toordinal() - int(self.ords[0])
        return i if 0 <= i < len(self.ords) else None


# -- distributions (estimated on a development slice of ukraine-media: timex/dating_params.py) -----------
def density(table: str, gaps: np.ndarray, tense: str | None) -> np.ndarray:
    """P(publication minus mention = gap) per unit (day, month or year) for a mention in a clause of `tense`."""
    bins = PARAMS[f"{table}_bins"]
    probs = np.array(PARAMS[table][tense or "none"])
    lows = np.array([lo for lo, _hi in bins])
    highs = np.array([hi for _lo, hi in bins])
    widths = highs - lows + 1
    idx = np.clip(np.searchsorted(lows, gaps, side="right") - 1, 0, len(bins) - 1)
    inside = (gaps >= lows[idx]) & (gaps <= highs[idx])
    return np.where(inside, probs[idx] / widths[idx], FLOOR)


def _occurrences(grid: Grid, day_of_year) -> tuple[np.ndarray, np.ndarray]:
    """For a yearly day (a function year -> date or None): ordinals of the last occurrence on or before each grid
    day and of the next on or after it."""
    years = range(int(grid.year.min()) - 1, int(grid.year.max()) + 2)
    occ = {}
    for y in years:
        try:
            found = day_of_year(y)
        except ValueError:
            found = None
        occ[y] = found.toordinal() if found else None
    far = 10 ** 7
    first = years[0]
    ahead = np.array([occ[y] if occ[y] is not None else far for y in years])  # by year - first
    behind = np.array([occ[y] if occ[y] is not None else -far for y in years])
    this = ahead[grid.year - first]
    prev = behind[grid.year - 1 - first]
    nxt = ahead[grid.year + 1 - first]
    last = np.where(this <= grid.ords, this, prev)
    upcoming = np.where(this >= grid.ords, this, nxt)
    return last, upcoming


def _weekday_of(ords: np.ndarray) -> np.ndarray:
    return (ords - 1) % 7 + 1


# -- evidence from one document's own expressions -------------------------------------------------
def _points(spec: dict) -> list[dict]:
    return [spec["a"]] if spec.get("k") == "range" else [spec]


def own_evidence(timexes: list[Timex], grid: Grid) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """Log-likelihood of each grid day from the document's own expressions, and the reasons."""
    total, reasons = _latest_year_evidence(timexes, grid)
    seen: Counter[str] = Counter()
    for timex in timexes:
        for spec in _points(timex.spec):
            if spec.get("k") != "abs":
                continue
            key = f"{sorted(spec.items())}|{timex.tense}"
            seen[key] += 1
            weight = 1.0 if seen[key] == 1 else 0.5 / seen[key]  # repeats add a little, not as much again
            ll = _abs_evidence(spec, timex.tense, grid)
            if ll is None:
                continue
            ll = ll - ll.max()
            total += weight * ll
            if seen[key] == 1:
                reasons.append((float(-ll.min()), f"{timex.text!r} ({timex.tense or 'no tense'})"))
    return total, reasons


def _abs_evidence(spec: dict, tense: str | None, grid: Grid) -> np.ndarray | None:
    """Log-likelihood from one calendar expression, or None when it says nothing about the date."""
    y, m, d, w = spec.get("y"), spec.get("m"), spec.get("d"), spec.get("w")
    if spec.get("holiday"):
        rule = HOLIDAYS[spec["holiday"]]
        if y is not None:
            ref = rule(y).toordinal()
            return np.log(density("day", grid.ords - ref, tense))
        return _yearly_day(rule, tense, grid)
    if m is not None and d is not None:
        if y is not None:
            try:
                ref = date(y, m, d).toordinal()
            except ValueError:
                return None
            return np.log(density("day", grid.ords - ref, tense))
        ll = _yearly_day(lambda yy: date(yy, m, d), tense, grid)
        if w is not None:  # "Friday, January 21": only years where the 21st is a Friday
            last, upcoming = _occurrences(grid, lambda yy: date(yy, m, d))
            chosen = np.where(density("day", grid.ords - last, tense) >= density("day", grid.ords - upcoming, tense),
                              last, upcoming)
            ll = ll + np.where(_weekday_of(chosen) == w, 0.0, math.log(WEEKDAY_MISMATCH))
        return ll
    if m is not None:
        if y is not None:
            return np.log(density("month", grid.month - (y * 12 + m - 1), tense))
        back = (grid.month - (m - 1)) % 12
        return np.log(density("month", back, tense) + density("month", back - 12, tense))
    if w is not None:
        return _weekday_evidence(w, tense, spec.get("wrel"), grid)
    return None  # years alone: see _latest_year_evidence


DEADLINES = ("by", "until", "till", "before")  # "by 2030": a year ahead unless the clause is past


STARTS = ("since",)  # "since 2014": the start of a state that lasts until the time of writing


def _latest_year_evidence(timexes: list[Timex], grid: Grid) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """Log-likelihood from the latest year the document names in a clause not in the future tense: the
    publication year is that one or later, mostly within a few years. A year after "since" says only that
    the publication is not earlier (how much later it does not say): it is a lower bound, broken as often as
    the latest year named lies after the publication year."""
    finer = ("m", "d", "w", "season", "q", "half", "holiday")
    years = [(t, s["y"]) for t in timexes for s in _points(t.spec)
             if s.get("k") == "abs" and s.get("y") and not any(s.get(k) is not None for k in finer)
             and t.tense != "future" and (t.signal not in DEADLINES or t.tense == "past")]
    named = [(t, y) for t, y in years if t.signal not in STARTS]
    starts = [(t, y) for t, y in years if t.signal in STARTS]
    ll, reasons = np.zeros(len(grid)), []
    if named:
        timex, latest = max(named, key=lambda pair: pair[1])
        found = np.log(density("latest_year", grid.year - latest, None))
        ll += found - found.max()
        reasons.append((float(found.max() - found.min()), f"{timex.text!r} (the latest year named)"))
    if starts:
        timex, start = max(starts, key=lambda pair: pair[1])
        before = PARAMS["latest_year"]["none"][0]  # the share of articles published before the latest year named
        ll += np.where(grid.year < start, math.log(before), 0.0)
        reasons.append((-math.log(before), f"{timex.text!r} (not earlier)"))
    return ll, reasons


def _yearly_day(rule, tense: str | None, grid: Grid) -> np.ndarray:
    """Log-likelihood from a day named without its year: it may be the last occurrence or the next."""
    last, upcoming = _occurrences(grid, rule)
    return np.log(density("day", grid.ords - last, tense) + density("day", grid.ords - upcoming, tense))


def _weekday_evidence(w: int, tense: str | None, wrel: int | None, grid: Grid) -> np.ndarray:
    """Log-likelihood from a weekday: P(publication weekday minus it, mod 7) by tense ("last Friday": not 0)."""
    probs = np.array(PARAMS["weekday"][tense or "none"])
    if wrel in (-1, 1):  # "last Friday", "next Friday": never the publication day itself
        probs = np.concatenate([[FLOOR], probs[1:]])
    return np.log(probs[(grid.wday - w) % 7] / probs.sum())


# -- links between expressions: the same event told in two places ------------------------------------
# Two expressions are taken to mean the same time when their sentences tell of the same event: the same
# participants (canonical actors, as the actors step resolved them) and the same event words (content words
# other than names, time words and verbs of saying), never by the wording of the expressions themselves
# ("last week" in one article, "this week" in another). How likely a link of a given strength is to be genuine
# is estimated on dated articles (LINK_GENUINE, `fit_link_genuine`).
SAYING = frozenset(table("reporting_forms_dating"))  # verbs that introduce what someone said: not the event said
TIME_WORDS = frozenset({*MONTHS, *WEEKDAYS, *UNITS, *(f"{u}s" for u in UNITS), *words("timex/time_words")})
PRONOUNS = words("timex/pronouns")  # someone named before
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
BOUNDS = entries("timex/bounds")  # these name a bound of the event's time, not its time


@dataclass(frozen=True)
class Frame:
    """Who and what one sentence speaks of: participant keys (canonical actors) and event words (stems)."""

    participants: frozenset[str]
    words: frozenset[str]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stem, the same for a word's inflections ("rejected", "rejects" -> "reject";
    "responses", "response" -> "respons"; "submitted" -> "submit"). Pure: the cache (a corpus repeats its words)
    only saves time."""
    w = word.lower().replace("\u2019", "'")
    w = w[:-2] if w.endswith("'s") else w.rstrip("'")
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not (suffix == "s" and w.endswith("ss")):
            w = w[:-len(suffix)] + repl
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # submitt -> submit
                w = w[:-1]
            return w
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def event_words(text: str, skip: list[tuple[int, int]]) -> frozenset[str]:
    """Stems of the content words of `text` outside the character spans `skip` (names, time expressions);
    a capitalised word after the first is a name or a title ("President"), not an event word. The word tests come
    before the span test, the costly one."""
    out = set()
    skipped = _skipped_characters(len(text), skip)
    empty = [(lo, hi) for lo, hi in skip if lo >= hi]
    for n, match in enumerate(WORD_RE.finditer(text)):
        if n and match.group()[0].isupper():
            continue
        word = match.group().lower().replace("\u2019", "'")
        if len(word) < 3 or word in STOP_WORDS or word in SAYING or word in TIME_WORDS or word in PRONOUNS:
            continue
        if skipped is not None and skipped.find(1, match.start(), match.end()) >= 0:
            continue
        if any(lo < match.end() and match.start() < hi for lo, hi in empty):
            continue  # an empty span inside a word (the overlap test the marks stand for holds for it too)
        out.add(stem(word))
    return frozenset(out)


def _skipped_characters(length: int, skip: list[tuple[int, int]]) -> bytearray | None:
    """A mark (1) on each character of a text of `length` characters that lies in one of the spans `skip` (spans
    reaching outside the text are cut to it), or None when there are none: a word overlaps a span exactly when
    one of its characters is marked, one search instead of a test per span."""
    if not skip:
        return None
    marks = bytearray(length)
    for lo, hi in skip:
        lo, hi = max(lo, 0), min(hi, length)
        if lo < hi:
            marks[lo:hi] = b"\x01" * (hi - lo)
    return marks


def _starting_in(items: list, starts: list[int], lo: int, hi: int) -> list:
    """The items (sorted by start; `starts` their starts) that start in [lo, hi): a bisection, not a scan of the
    document's mentions for each sentence."""
    return items[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def document_frames(text: str, sentences: list[tuple[int, int]], participants: list[tuple[int, int, str]],
                    timexes: list[Timex]) -> tuple[list[Frame | None], list[Frame]]:
    """The frame of each expression's sentence (None when it lies in no sentence), and the frames of the
    sentences that name no time (a sentence that names none of its own takes the time of the sentences that
    tell of the same event: see `reach`). `participants` holds (start, end, key) of the actors named;
    a sentence that speaks of someone by a pronoun also has the participants of the sentence before it."""
    sentences = sorted(sentences)
    timed = [(t.start, t.end) for t in timexes]
    by_start = sorted(participants)
    participant_starts = [s for s, _e, _key in by_start]
    anchoring = sorted(t.start for t in timexes if t.spec.get("k") in ("abs", "rel", "range", "ana"))
    frames: list[Frame] = []
    dated: list[bool] = []
    for k, (lo, hi) in enumerate(sentences):
        inside = _starting_in(by_start, participant_starts, lo, hi)
        keys = {key for _s, _e, key in inside}
        words = {w.lower() for w in WORD_RE.findall(text[lo:hi])}
        if k > 0 and words & PRONOUNS:
            keys |= {key for _s, _e, key in _starting_in(by_start, participant_starts, *sentences[k - 1])}
        skip = [(s - lo, e - lo) for s, e, _key in inside] + [(s - lo, e - lo) for s, e in timed
                                                               if s < hi and lo < e]
        frames.append(Frame(frozenset(keys), event_words(text[lo:hi], skip)))
        dated.append(bool(_starting_in(anchoring, anchoring, lo, hi)))
    starts = [lo for lo, _hi in sentences]
    own: list[Frame | None] = []
    for timex in timexes:
        k = bisect.bisect_right(starts, timex.start) - 1
        own.append(frames[k] if k >= 0 and timex.start < sentences[k][1] else None)
    return own, [f for f, has_time in zip(frames, dated, strict=True) if not has_time and f.participants and f.words]


PARTICIPANT_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


def parsed_frames(parsed: Doc, timexes: list[Timex]) -> tuple[list[Frame | None], list[Frame]]:
    """`document_frames` from a spaCy parse alone, its named entities as the participants (by name): for
    dating without a store, where the actors step has not resolved who is who."""
    participants = [(e.start_char, e.end_char, "name:" + e.text.lower()) for e in parsed.ents
                    if e.label_ in PARTICIPANT_LABELS]
    return document_frames(parsed.text, [(s.start_char, s.end_char) for s in parsed.sents], participants, timexes)


def link_strength(a: Frame, b: Frame) -> int:
    """How surely two sentences tell of the same event, 0..MAX_STRENGTH: 0 unless they share a participant
    and an event word; else the geometric mean of the cosines of their participant sets and of their event
    word sets (|A & B| / sqrt(|A| |B|): shares, not counts, so that a long sentence does not match everything,
    and unweighted, so that a value means the same in a corpus of five articles and in one of thousands), in
    steps of STRENGTH_STEP."""
    who, what = len(a.participants & b.participants), len(a.words & b.words)
    if not who or not what:
        return 0
    score = math.sqrt(who / math.sqrt(len(a.participants) * len(b.participants))
                      * what / math.sqrt(len(a.words) * len(b.words)))
    return min(MAX_STRENGTH, 1 + int(score / STRENGTH_STEP))


def counted(timex: Timex) -> bool:
    """A counted span from the document date ("eight years ago", "in two weeks"): it names one time, usually
    of one notable event, where "last week" or "today" may be said of anything."""
    return timex.spec.get("k") == "rel" and abs(int(timex.spec.get("n") or 0)) >= 2


def weekday_in_document(timex: Timex, same_document: bool) -> bool:
    """A weekday linked to a date of its own document (that falls on that weekday, or the link is impossible):
    the same day, whether or not the two sentences share words."""
    return same_document and timex.spec.get("k") == "abs" and timex.spec.get("w") is not None


def link_class(timex: Timex, bridged: bool, same_document: bool) -> str:
    if weekday_in_document(timex, same_document):
        return "weekday"
    return "bridged" if bridged else "counted" if counted(timex) else "direct"


def link_genuine(cls: str, strength: int) -> float:
    """The probability that a link of this class and strength is genuine (LINK_GENUINE)."""
    if cls == "weekday":
        return LINK_GENUINE[cls][0]
    if strength <= 0:
        return 0.0
    return LINK_GENUINE[cls][min(strength, MAX_STRENGTH) - 1]


def link_ratio(genuine: float, prior_mass: float) -> float:
    """The likelihood ratio a link puts on the days M where the two expressions name the same time: a genuine
    link (probability `genuine`) puts the date in M, another says nothing, so that the mass of M goes from
    `prior_mass` to genuine + (1 - genuine) * prior_mass."""
    if genuine <= 0:
        return 1.0
    return 1.0 + genuine / ((1.0 - genuine) * max(prior_mass, 1e-12))


def _genuine_ml(cells: list[tuple[float, bool]]) -> float:
    """Maximum-likelihood probability q that links are genuine, from (chance, same) of each: a link names
    the same time as its partner with probability q + (1 - q) * chance."""
    if not cells:
        return 0.0
    chance = np.array([c for c, _s in cells])
    same = np.array([s for _c, s in cells], dtype=float)
    qs = np.linspace(0.0, 0.99, 100)[:, None]
    ll = (same * np.log(qs + (1 - qs) * chance) + (1 - same) * np.log((1 - qs) * (1 - chance))).sum(axis=1)
    return float(qs[int(np.argmax(ll)), 0])


def fit_link_genuine(rows: list[tuple[str, int, bool, bool, bool, bool]]) -> tuple[dict[str, list[float]], list[dict]]:
    """Estimate LINK_GENUINE from dated documents. `rows` holds, for each pair that inference would consider,
    (stratum, strength, bridged, same document, best, same): the kind of the dependent expression
    (`link_stratum`), the link strength (0: the sentences share nothing), whether the link is bridged, whether
    the two expressions are in one document, whether the link is the first of its expression in the order
    inference takes them (`ranked_links`; the only one it weighs) and whether the two name the same time at
    the true dates.

    Two expressions may name the same time by chance: the chance of each stratum is the share of its
    strength-0 pairs of different documents that do. For each class and strength, q is the maximum-likelihood
    probability that the best links are genuine, given that a link names the same time with probability
    q + (1 - q) * chance. Cells of fewer than MIN_CELL_LINKS links are pooled with the strength below, and
    cells whose q falls as the strength rises are pooled with their neighbour (a stronger link is never less
    likely genuine); a class with too few links in all takes the values of "direct"; "weekday" gets one value
    for all strengths (0 included). Returns the table and the counts behind it."""
    zero: dict[str, list[int]] = {}
    for stratum, strength, _bridged, same_document, _best, same in rows:
        if strength == 0 and not same_document:
            zero.setdefault(stratum, [0, 0])[bool(same)] += 1
    chance = {k: (v[1] + 0.5) / (v[0] + v[1] + 1.0) for k, v in zero.items()}
    table: dict[str, list[float]] = {}
    stats = []
    for cls in ("direct", "bridged", "counted", "weekday"):
        cells: list[list[tuple[float, bool]]] = [[] for _ in range(MAX_STRENGTH)]
        for stratum, strength, bridged, same_document, best, same in rows:
            kind = "weekday" if same_document and stratum == "abs:weekday" else (
                "bridged" if bridged else "counted" if stratum.endswith(":counted") else "direct")
            if best and kind == cls and stratum in chance and (strength > 0 or kind == "weekday"):
                cells[max(0, min(strength, MAX_STRENGTH) - 1)].append((chance[stratum], bool(same)))
        if cls == "weekday":
            q = round(_genuine_ml([c for cell in cells for c in cell]), 2)
            values = [q] * MAX_STRENGTH
        else:
            values = _pooled_genuine(cells)
        total = sum(len(c) for c in cells)
        table[cls] = values if total >= MIN_CELL_LINKS else list(table["direct"])
        stats += [{"class": cls, "strength": k + 1, "links": len(cells[k]), "same": sum(s for _c, s in cells[k]),
                   "genuine": table[cls][k]} for k in range(MAX_STRENGTH)]
    return table, stats


def _pooled_genuine(cells: list[list[tuple[float, bool]]]) -> list[float]:
    """q per strength (see `fit_link_genuine`): small cells pooled downwards, then adjacent violators pooled."""
    blocks = [[k] for k in range(len(cells))]

    def data(block: list[int]) -> list[tuple[float, bool]]:
        return [c for k in block for c in cells[k]]

    changed = True
    while changed and len(blocks) > 1:
        changed = False
        small = next((n for n, block in enumerate(blocks) if len(data(block)) < MIN_CELL_LINKS), None)
        if small is not None:
            into = small - 1 if small > 0 else small + 1
            blocks[into] = sorted(blocks[into] + blocks[small])
            del blocks[small]
            changed = True
            continue
        values = [_genuine_ml(data(block)) for block in blocks]
        falling = next((n for n in range(len(blocks) - 1) if values[n] > values[n + 1]), None)
        if falling is not None:
            blocks[falling] = blocks[falling] + blocks[falling + 1]
            del blocks[falling + 1]
            changed = True
    out = [0.0] * len(cells)
    for block in blocks:
        q = round(_genuine_ml(data(block)), 2)
        for k in block:
            out[k] = q
    return out


def link_stratum(timex: Timex) -> str:
    """The kind of a dependent expression, for the chance that it names the same time as another one."""
    spec = timex.spec
    if spec.get("k") == "rel":
        return f"rel{spec['unit']}:" + ("counted" if counted(timex) else "deictic")
    if spec.get("d") is not None:
        return "abs:day"
    if spec.get("w") is not None:
        return "abs:weekday"
    return "abs:month"


def dependent(timex: Timex) -> bool:
    """Whether the expression's value depends on the document date (and so can be linked to date it)."""
    spec = timex.spec
    if spec["k"] == "rel":
        return spec["unit"] in ("D", "W", "WE", "M", "Y")
    if spec["k"] == "abs":
        return spec.get("y") is None and any(spec.get(k) is not None for k in ("m", "w"))
    return False


def linkable(timex: Timex) -> bool:
    """An expression that names the time of its event (not a bound of it: "since 2014", "by February 10")."""
    return timex.signal not in BOUNDS


def link_source(timex: Timex, frame: Frame | None) -> bool:
    """An expression a link can date a document by: in a sentence, dependent on the date, and linkable."""
    return frame is not None and dependent(timex) and linkable(timex)


def link_target(timex: Timex) -> bool:
    """An expression a link can point at: a calendar or relative time that names its event's time."""
    return timex.spec.get("k") in ("abs", "rel") and linkable(timex)


def known_interval(timex: Timex, anchor: date | None) -> tuple[date, date] | None:
    """The days an expression covers, resolved against `anchor` (None: only absolute ones)."""
    spec = timex.spec
    if spec["k"] not in ("abs", "rel"):
        return None
    if (spec["k"] == "rel" or spec.get("y") is None) and anchor is None:
        return None
    value = resolve(spec, anchor, timex.tense)
    if kind_of(value) not in ("day", "week", "weekend", "month", "year"):
        return None
    return interval(value)


def link_evidence(timex: Timex, target: tuple[date, date], grid: Grid) -> np.ndarray:
    """Boolean array: grid days on which `timex` resolves inside `target`."""
    lo, hi = target[0].toordinal(), target[1].toordinal()
    spec = timex.spec
    if spec["k"] == "rel":
        n, unit = int(spec["n"]), spec["unit"]
        if unit == "D":
            value_lo = value_hi = grid.ords + n
        elif unit in ("W", "WE"):
            value_lo = grid.week_start + 7 * n
            value_hi = value_lo + 6
        elif unit == "M":
            value_lo = _first_days(grid.month + n, lambda x: date(x // 12, x % 12 + 1, 1))
            value_hi = value_lo + 27
        else:
            value_lo = _first_days(grid.year + n, lambda y: date(y, 1, 1))
            value_hi = value_lo + 364
        return (value_lo <= hi) & (value_hi >= lo)
    value_lo, value_hi = _abs_values(spec, timex.tense, grid)
    return (value_lo <= hi) & (value_hi >= lo)


def _first_days(values: np.ndarray, first_day) -> np.ndarray:
    """Ordinal of `first_day(v)` for each value (a month or year index); far in the past where there is no such
    date ("12,000 years ago")."""
    table = {}
    for v in np.unique(values):
        try:
            table[int(v)] = first_day(int(v)).toordinal()
        except ValueError:
            table[int(v)] = -10 ** 7
    return np.array([table[int(v)] for v in values])


def _choose(last: np.ndarray, upcoming: np.ndarray, grid: Grid, tense: str | None) -> np.ndarray:
    if tense == "past":
        return last
    if tense == "future":
        return upcoming
    return np.where(grid.ords - last <= upcoming - grid.ords, last, upcoming)


def _abs_values(spec: dict, tense: str | None, grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """First and last ordinal of the day(s) a yearless calendar expression names, for each grid day."""
    m, d, w = spec.get("m"), spec.get("d"), spec.get("w")
    if m is not None and d is not None:
        chosen = _choose(*_occurrences(grid, lambda yy: date(yy, m, d)), grid, tense)
        return chosen, chosen
    if m is not None:
        last, upcoming = _occurrences(grid, lambda yy: date(yy, m, 1))
        start = _choose(last, upcoming, grid, tense)
        return start, start + 27
    back = (grid.wday - w) % 7
    ahead = (w - grid.wday) % 7
    if spec.get("wrel") == -1:
        back = np.where(back == 0, 7, back)
    chosen = grid.ords - back if tense == "past" or spec.get("wrel") == -1 else (
        grid.ords + ahead if tense == "future" or spec.get("wrel") == 1 else
        np.where(back <= ahead, grid.ords - back, grid.ords + ahead))
    return chosen, chosen


@dataclass
class Link:
    source: str  # the other document
    text: str  # the expression there
    strength: int  # link_strength of the two sentences (through a bridge: the weaker of its two steps)
    target: tuple[date, date]
    bridged: bool = False  # through a sentence of the other document that names no time
    genuine: float = 0.0  # the probability that it is (link_genuine)
    weekday: bool = False  # a weekday to a date of its own document (weekday_in_document)


def reach(cand: Candidate) -> list[list[tuple[Frame, int]]]:
    """For each expression of `cand`: the frames that tell of its event and how surely: its own sentence
    (MAX_STRENGTH) and the sentences of the same document that name no time but tell of the same event (a
    bridge: "NATO and Washington have provided written responses" before "... since Washington submitted its
    written responses last week")."""
    out = []
    for frame in cand.frames:
        if frame is None:
            out.append([])
            continue
        bridges = [(f, s) for f in cand.plain if (s := link_strength(frame, f))]
        out.append([(frame, MAX_STRENGTH), *bridges])
    return out


def link_scores(cand: Candidate, other: Candidate, reach_other: list[list[tuple[Frame, int]]],
                keep_zero: bool = False) -> dict[int, list[tuple[int, int, bool]]]:
    """For each dependent, linkable expression i of `cand`: (j, strength, bridged) of the compatible
    linkable expressions j of `other` whose sentences tell of the same event (strength > 0, unless
    `keep_zero`; a weekday's to its own document always): the strongest way, a direct one before a bridged
    one of the same strength. Strengths depend on the frames only, not on any date: computed once."""
    out: dict[int, list[tuple[int, int, bool]]] = {}
    for i, (timex, frame) in enumerate(zip(cand.timexes, cand.frames, strict=True)):
        if not link_source(timex, frame):
            continue
        cache: dict[int, int] = {}
        scored = []
        for j, theirs in enumerate(other.timexes):
            if other.id == cand.id and (j == i or dependent(theirs)):
                continue
            if not reach_other[j] or not link_target(theirs) or not _compatible(timex, theirs):
                continue
            best = (0, False)
            for k, (f, step) in enumerate(reach_other[j]):
                if id(f) not in cache:
                    cache[id(f)] = link_strength(frame, f)
                found = (min(cache[id(f)], step), k > 0)
                if (found[0], not found[1]) > (best[0], not best[1]):
                    best = found
            if best[0] or keep_zero or weekday_in_document(timex, other.id == cand.id):
                scored.append((j, *best))
        if scored:
            out[i] = scored
    return out


def ranked_links(cand: Candidate, scores: dict[str, dict[int, list[tuple[int, int, bool]]]],
                 others: dict[str, Candidate], known: dict[str, dict[int, tuple[date, date]]]
                 ) -> dict[int, list[Link]]:
    """For each expression of `cand` with candidates in `scores` (by other document id, nearest first), those
    whose time is known now (`known`: by document id, expression index -> the days it names), in the order
    they are tried (`link_order`)."""
    found: dict[int, list[Link]] = {}
    for other_id, by_expr in scores.items():
        times = known.get(other_id, {})
        for i, scored in by_expr.items():
            for j, strength, bridged in scored:
                own = weekday_in_document(cand.timexes[i], other_id == cand.id)
                if (strength or own) and j in times:
                    genuine = link_genuine(link_class(cand.timexes[i], bridged, other_id == cand.id), strength)
                    found.setdefault(i, []).append(Link(other_id, others[other_id].timexes[j].text, strength,
                                                        times[j], bridged, genuine, own))
    return {i: sorted(links, key=lambda link: link_order(link.weekday, link.strength, link.bridged))
            for i, links in found.items()}


def link_order(weekday: bool, strength: int, bridged: bool) -> tuple[int, int, int]:
    """The order in which an expression's candidate links are tried, the first possible one kept: a weekday
    to a date of its own document first, then the strongest, a direct one before a bridged one (nearer
    documents first, then earlier expressions, on ties)."""
    return (0 if weekday else 1, -strength, int(bridged))


def best_links(cand: Candidate, ranked: dict[int, list[Link]], grid: Grid) -> list[tuple[Timex, Link, np.ndarray]]:
    """For each expression, the strongest link that some day of the grid can make true, with those days."""
    out = []
    for i, links in sorted(ranked.items()):
        for link in links:
            match = link_evidence(cand.timexes[i], link.target, grid)
            if match.any():
                out.append((cand.timexes[i], link, match))
                break
    return out


def independent(matches: list[tuple[Timex, Link, np.ndarray]]) -> list[tuple[Timex, Link, np.ndarray]]:
    """The links that count as separate evidence: those with some chance of being genuine, and of several that
    put the date on the same days (two "today"s of one article linked to one "Sunday" of another) the one most
    likely genuine; they tell of one event, not of two."""
    best: dict[bytes, tuple[Timex, Link, np.ndarray]] = {}
    for t, link, match in matches:
        key = np.packbits(match).tobytes()
        if link.genuine > 0 and (key not in best or link.genuine > best[key][1].genuine):
            best[key] = (t, link, match)
    return sorted(best.values(), key=lambda found: found[0].start)


GRAIN_ORDER = {"D": 0, "W": 1, "WE": 1, "M": 2, "Y": 3}


def link_grain(timex: Timex) -> int:
    """0 day, 1 week, 2 month, 3 year: the grain at which an expression names a time."""
    spec = timex.spec
    if spec["k"] == "rel":
        return GRAIN_ORDER.get(spec["unit"], 3)
    if spec.get("d") is not None or spec.get("w") is not None:
        return 0
    if spec.get("m") is not None:
        return 2
    return 3


def _compatible(mine: Timex, theirs: Timex) -> bool:
    """Two expressions can name the same time only at the same grain ("this week" ~ "last week")."""
    return link_grain(mine) == link_grain(theirs)


# -- the corpus pass ----------------------------------------------------------------------------------
def doc_similarity(candidates: list[Candidate], rows: list[int] | None = None) -> np.ndarray:
    """Cosine similarity of the documents' tf-idf term vectors: the rows of `rows` (default all) against all."""
    n = len(candidates)
    df: Counter[str] = Counter()
    for cand in candidates:
        df.update(cand.terms.keys())
    vectors = []
    for cand in candidates:
        vec = {w: c * math.log((n + 1) / (df[w] + 1)) for w, c in cand.terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    rows = list(range(n)) if rows is None else rows
    sim = np.zeros((len(rows), n))
    for k, i in enumerate(rows):
        for j in range(n):
            if j != i:
                small, large = sorted((vectors[i], vectors[j]), key=len)
                sim[k, j] = sum(v * large.get(w, 0.0) for w, v in small.items())
    return sim


def story_kernel(size: int) -> np.ndarray:
    """P(two similar articles lie x days apart), for x in -size..size (estimated on similar article pairs)."""
    x = np.arange(-size, size + 1)
    return density("story", np.abs(x), None) / np.where(x == 0, 1, 2) + FLOOR


def _grid_for(candidates: list[Candidate]) -> Grid | None:
    """A grid covering the fixed dates, windows and the latest past year each undated document mentions."""
    years: set[int] = set()
    for cand in candidates:
        if cand.fixed:
            years.add(cand.fixed.year)
        elif cand.window:
            years.update({cand.window[0].year, cand.window[1].year})
        else:
            mentioned = [s.get("y") for t in cand.timexes for s in _points(t.spec)
                         if s.get("k") == "abs" and s.get("y") and t.tense != "future"]
            if mentioned:
                years.add(max(mentioned))
    if not years:
        return None
    top = max(years)
    low = max(min(years), top - MAX_YEARS)
    return Grid(date(low - 1, 1, 1), date(top + 1, 12, 31))


def infer(candidates: list[Candidate]) -> dict[str, Inferred]:
    """A date for every candidate without a fixed one (fixed ones are returned as they are)."""
    out: dict[str, Inferred] = {c.id: Inferred(c.fixed.isoformat(), "day", 1.0, c.fixed, ["fixed"])
                                for c in candidates if c.fixed}
    undated = [c for c in candidates if not c.fixed]
    grid = _grid_for(candidates)
    if not undated or grid is None:
        out.update({c.id: Inferred(None, None, 0.0, None, ["no time expression to date it by"]) for c in undated})
        return out
    index = {c.id: i for i, c in enumerate(candidates)}
    sim = doc_similarity(candidates, [index[c.id] for c in undated])  # one row per undated document
    own, reasons = {}, {}
    for cand in undated:
        own[cand.id], reasons[cand.id] = own_evidence(cand.timexes, grid)
        if cand.window:
            inside = (grid.ords >= cand.window[0].toordinal()) & (grid.ords <= cand.window[1].toordinal())
            own[cand.id] = np.where(inside, own[cand.id], -1e9)
    scores = candidate_links(candidates, undated, sim)
    by_id = {c.id: c for c in candidates}
    posterior = {c.id: _one_hot(grid, c.fixed) for c in candidates if c.fixed}
    posterior.update({c.id: _normalise(own[c.id]) for c in undated})
    links: dict[str, list[tuple[Timex, Link]]] = {}
    kernel = story_kernel(min(len(grid) - 1, 1500))
    for _ in range(ITERATIONS):
        point = {c.id: c.fixed for c in candidates if c.fixed}
        point.update({c.id: _point(grid, posterior[c.id]) for c in undated})
        wanted = {other for by_other in scores.values() for other in by_other}
        known = {i: known_times(by_id[i], point.get(i)) for i in wanted}
        updated = {}
        priors = story_priors(undated, candidates, posterior, sim, kernel) if len(candidates) > 1 else {}
        for cand in undated:
            prior = priors.get(cand.id, 0.0)
            base = own[cand.id] + prior
            before = _normalise(base)
            matches = independent(best_links(cand, ranked_links(cand, scores[cand.id], by_id, known), grid))
            links[cand.id] = [(t, link) for t, link, _match in matches]
            link_ll = sum((np.where(match, math.log(link_ratio(link.genuine, float(before[match].sum()))), 0.0)
                           for _t, link, match in matches), np.zeros(len(grid)))
            updated[cand.id] = _normalise(base + link_ll)
        posterior.update(updated)
    for cand in undated:
        out[cand.id] = _report(grid, posterior[cand.id], reasons[cand.id], links[cand.id])
    return out


def _target_frames(candidates: list[Candidate], reaches: dict[str, list[list[tuple[Frame, int]]]]
                   ) -> dict[str, list[tuple[int, Frame]]]:
    """Participant key -> (document index, frame) of every frame through which an expression of that document
    can be linked to (`link_scores`' targets), for finding the documents that tell of an expression's event."""
    index: dict[str, list[tuple[int, Frame]]] = defaultdict(list)
    for d, cand in enumerate(candidates):
        seen: set[int] = set()
        for timex, frames in zip(cand.timexes, reaches[cand.id], strict=True):
            if not link_target(timex):
                continue
            for frame, _step in frames:
                if id(frame) not in seen:
                    seen.add(id(frame))
                    for key in frame.participants:
                        index[key].append((d, frame))
    return index


def event_neighbours(cand: Candidate, candidates: list[Candidate], index: dict[str, list[tuple[int, Frame]]],
                     limit: int) -> list[int]:
    """The documents (indices) whose sentences tell of the events of `cand`'s dependent expressions most surely
    (link strength at least EVENT_NEIGHBOUR_STRENGTH), strongest first: found by who and what, not by how alike
    the whole articles are, so that a report of one event among many others is not missed. At most
    EVENT_NEIGHBOUR_VISITS sentences are compared per expression, those naming its rarest participant first, so a
    corpus where "Russia" is in every article costs no more than one where it is in a few."""
    best: dict[int, int] = {}
    for timex, frame in zip(cand.timexes, cand.frames, strict=True):
        if not link_source(timex, frame):
            continue
        postings = sorted((index.get(key, []) for key in frame.participants), key=len)  # rarest participant first
        for d, theirs in itertools.islice(itertools.chain.from_iterable(postings), EVENT_NEIGHBOUR_VISITS):
            if candidates[d].id != cand.id and best.get(d, 0) < MAX_STRENGTH:
                strength = link_strength(frame, theirs)
                if strength >= EVENT_NEIGHBOUR_STRENGTH and strength > best.get(d, 0):
                    best[d] = strength
    return sorted(best, key=lambda d: (-best[d], d))[:limit]


def candidate_links(candidates: list[Candidate], undated: list[Candidate], similarity: np.ndarray,
                    keep_zero: bool = False) -> dict[str, dict[str, dict[int, list[tuple[int, int, bool]]]]]:
    """For each undated document: the scored candidate links of its expressions into itself, into its
    LINK_NEIGHBOURS most similar documents and into the LINK_NEIGHBOURS documents that tell of its events most
    surely (`event_neighbours`) (`link_scores`), by the other document's id."""
    reaches = {c.id: reach(c) for c in candidates}
    index = _target_frames(candidates, reaches)
    out = {}
    for k, cand in enumerate(undated):
        nearest = [j for j in np.argsort(-similarity[k], kind="stable")[:LINK_NEIGHBOURS]
                   if candidates[j].id != cand.id]
        nearest += [j for j in event_neighbours(cand, candidates, index, LINK_NEIGHBOURS) if j not in nearest]
        out[cand.id] = {o.id: found for o in [cand, *(candidates[j] for j in nearest)]
                        if (found := link_scores(cand, o, reaches[o.id], keep_zero))}
    return out


def known_times(cand: Candidate, anchor: date | None) -> dict[int, tuple[date, date]]:
    """The days named by each linkable expression of a document whose time is known (absolute ones, and all
    of them once the document is dated), by expression index."""
    out = {}
    for j, timex in enumerate(cand.timexes):
        if cand.frames[j] is not None and timex.spec.get("k") in ("abs", "rel") and linkable(timex):
            target = known_interval(timex, anchor)
            if target is not None:
                out[j] = target
    return out


def _one_hot(grid: Grid, day: date) -> np.ndarray:
    p = np.zeros(len(grid))
    i = grid.index(day)
    if i is not None:
        p[i] = 1.0
    return p


def _normalise(ll: np.ndarray) -> np.ndarray:
    p = np.exp(ll - ll.max())
    return p / p.sum()


def _point(grid: Grid, p: np.ndarray) -> date | None:
    """The most likely day when the posterior is sure enough of it (used to resolve linked expressions)."""
    i = int(p.argmax())
    return grid.days[i] if p[max(0, i - 1):i + 2].sum() >= GRAIN_THRESHOLDS["day"] else None


def story_priors(undated: list[Candidate], candidates: list[Candidate], posterior: dict[str, np.ndarray],
                 similarity: np.ndarray, kernel: np.ndarray) -> dict[str, np.ndarray]:
    """Log prior of each undated document's date from the others': half from the documents most like it
    (weighted by similarity), half from the whole corpus (what period it covers), blurred by the story kernel."""
    index = {c.id: i for i, c in enumerate(candidates)}
    dates = np.array([posterior[c.id] for c in candidates])
    rows = [index[c.id] for c in undated]
    weights = np.maximum(similarity, 0.0) ** 2  # one row per undated document, in `undated` order
    weights[np.arange(len(rows)), rows] = 0.0
    similar = weights @ dates / np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
    corpus = (dates.sum(axis=0, keepdims=True) - dates[rows]) / max(len(candidates) - 1, 1)
    has_similar = (weights.sum(axis=1, keepdims=True) > 0)
    mix = np.where(has_similar, SIMILAR_SHARE * similar + (1 - SIMILAR_SHARE) * corpus, corpus)
    blurred = _blur(mix, kernel)
    return {c.id: np.log(blurred[k] + 1e-9) for k, c in enumerate(undated)}


def _blur(rows: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Each row convolved with the (odd-length, centred) kernel, same length, by FFT."""
    size = rows.shape[1] + len(kernel) - 1
    fft_size = 1 << (size - 1).bit_length()
    out = np.fft.irfft(np.fft.rfft(rows, fft_size, axis=1) * np.fft.rfft(kernel, fft_size), fft_size, axis=1)
    half = len(kernel) // 2
    return np.maximum(out[:, half:half + rows.shape[1]], 0.0)


def _report(grid: Grid, p: np.ndarray, reasons: list[tuple[float, str]],
            links: list[tuple[Timex, Link]]) -> Inferred:
    """The date at the finest grain whose most probable value has enough probability (the day with its two
    neighbours; else the month; else the year), and the evidence behind it."""
    i = int(p.argmax())
    best = grid.days[i]
    evidence = [f"{t.text!r} ~ {link.text!r} in {link.source} (same participants and event words, strength "
                f"{link.strength}{', through a sentence there that names no time' if link.bridged else ''}: "
                f"genuine with probability {link.genuine:g})" for t, link in links]
    evidence += [text for _strength, text in sorted(reasons, reverse=True)[:8]]
    day_mass = float(p[max(0, i - 1):i + 2].sum())
    if day_mass >= GRAIN_THRESHOLDS["day"]:
        return Inferred(best.isoformat(), "day", round(float(p[i]), 3), best, evidence)
    for grain, field_ in (("month", grid.month), ("year", grid.year)):  # the most probable month, then year
        _values, inverse = np.unique(field_, return_inverse=True)
        mass = np.bincount(inverse, weights=p)
        top = int(mass.argmax())
        if mass[top] >= GRAIN_THRESHOLDS[grain]:
            inside = np.where(inverse == top, p, -1.0)
            day = grid.days[int(inside.argmax())]  # the most likely day of that month or year
            published = day.isoformat()[:7] if grain == "month" else str(day.year)
            return Inferred(published, grain, round(float(mass[top]), 3), day, evidence)
    year_mass = float(p[grid.year == grid.year[i]].sum())
    return Inferred(None, None, round(year_mass, 3), best, evidence)
