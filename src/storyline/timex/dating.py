"""Infer publication dates from what documents say about time, and from each other.

Each document without a date gets a score for every candidate day on one calendar grid (numpy arrays):

1. **Its own expressions.** A day it mentions ("on February 1", "Friday, January 21") is usually a few
   days before the date in a past clause and a few days after in a future one; a weekday ("Thursday")
   says the date is 0-6 days after (past) or before (future) such a weekday; a year it mentions in a past
   clause ("since 2014") is at or before the date's year; a weekday next to a date ("Friday, January 21")
   keeps only the years where that day is a Friday.
2. **Other documents.** Articles about one story are close in time: a prior built from the other
   documents' dates (fixed ones and the current estimates of inferred ones), weighted by how similar
   their texts are.
3. **Links between expressions.** An expression whose value depends on the date ("eight years ago",
   "this week", "Thursday") is matched to one in another document (or the same one) said in similar words
   whose value is known ("in 2014", "last week" of a dated article, "on January 27"): the date must put
   both on the same time.

Scores are log-likelihoods; the posterior is iterated a few times so that dated documents help date the
others. The date is reported at the finest grain the posterior supports (day, month or year) with its
probability as the confidence. Everything here is pure: the corpus step `storyline.corpus.dating` reads
and writes the store.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.timex import Timex
from storyline.timex.dating_params import PARAMS
from storyline.timex.lexicon import HOLIDAYS
from storyline.timex.resolve import interval, kind_of, resolve

FLOOR = 1e-7  # density of a distance outside every bin
WEEKDAY_MISMATCH = 0.03  # "Friday, January 21" in a year where January 21 is not a Friday
LINK_THRESHOLD = 0.20  # context similarity above which two expressions are taken to mean the same time
LINK_GAIN = 30.0  # likelihood ratio of a link at similarity 1
ITERATIONS = 4
SIMILAR_SHARE = 0.5  # of the story prior from the most similar documents (the rest: the whole corpus)
LINK_NEIGHBOURS = 12  # expressions are matched within the most similar documents only
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
    this = np.array([occ[y] if occ[y] is not None else far for y in grid.year])
    prev = np.array([occ[y - 1] if occ[y - 1] is not None else -far for y in grid.year])
    nxt = np.array([occ[y + 1] if occ[y + 1] is not None else far for y in grid.year])
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
            ref = rule(y).toordinal()  # type: ignore[operator]
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


def _latest_year_evidence(timexes: list[Timex], grid: Grid) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """Log-likelihood from the latest year the document names in a clause not in the future tense: the
    publication year is that one or later, mostly within a few years."""
    finer = ("m", "d", "w", "season", "q", "half", "holiday")
    years = [(t, s["y"]) for t in timexes for s in _points(t.spec)
             if s.get("k") == "abs" and s.get("y") and not any(s.get(k) is not None for k in finer)
             and t.tense != "future" and (t.signal not in DEADLINES or t.tense == "past")]
    if not years:
        return np.zeros(len(grid)), []
    timex, latest = max(years, key=lambda pair: pair[1])
    ll = np.log(density("latest_year", grid.year - latest, None))
    return ll - ll.max(), [(float(ll.max() - ll.min()), f"{timex.text!r} (the latest year named)")]


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


# -- links between expressions ---------------------------------------------------------------------
def idf_weights(candidates: list[Candidate]) -> dict[str, float]:
    """Inverse document frequency of the context words of all expressions."""
    df: Counter[str] = Counter()
    for cand in candidates:
        df.update({w for t in cand.timexes for w in t.context})
    n = len(candidates)
    return {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}


def context_similarity(a: list[str], b: list[str], idf: dict[str, float]) -> float:
    """Cosine of the idf-weighted word sets of two sentences."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    shared = sum(idf.get(w, 1.0) ** 2 for w in sa & sb)
    if not shared:
        return 0.0
    na = math.sqrt(sum(idf.get(w, 1.0) ** 2 for w in sa))
    nb = math.sqrt(sum(idf.get(w, 1.0) ** 2 for w in sb))
    return shared / (na * nb)


def dependent(timex: Timex) -> bool:
    """Whether the expression's value depends on the document date (and so can be linked to date it)."""
    spec = timex.spec
    if spec["k"] == "rel":
        return spec["unit"] in ("D", "W", "WE", "M", "Y")
    if spec["k"] == "abs":
        return spec.get("y") is None and any(spec.get(k) is not None for k in ("m", "w"))
    return False


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
            months = grid.month + n
            value_lo = np.array([date(int(x) // 12, int(x) % 12 + 1, 1).toordinal() for x in months])
            value_hi = value_lo + 27
        else:
            value_lo = np.array([date(int(y) + n, 1, 1).toordinal() for y in grid.year])
            value_hi = value_lo + 364
        return (value_lo <= hi) & (value_hi >= lo)
    value_lo, value_hi = _abs_values(spec, timex.tense, grid)
    return (value_lo <= hi) & (value_hi >= lo)


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
    similarity: float
    target: tuple[date, date]


def known_expressions(cand: Candidate, anchor: date | None) -> list[tuple[Timex, tuple[date, date]]]:
    """The expressions of a document whose time is known (absolute ones, and all of them once it is dated)."""
    out = []
    for timex in cand.timexes:
        if timex.context and timex.spec.get("k") in ("abs", "rel"):
            target = known_interval(timex, anchor)
            if target is not None:
                out.append((timex, target))
    return out


def find_links(cand: Candidate, others: list[tuple[Candidate, list[tuple[Timex, tuple[date, date]]]]],
               idf: dict[str, float]) -> list[tuple[Timex, Link]]:
    """Pairs (expression of `cand` that depends on its date, matching expression elsewhere with a known time).
    `others` holds the documents to search with their known expressions (`known_expressions`)."""
    links = []
    for timex in cand.timexes:
        if not dependent(timex) or not timex.context:
            continue
        best: Link | None = None
        for other, known in others:
            for theirs, target in known:
                if other.id == cand.id and (theirs is timex or dependent(theirs)):
                    continue
                if not _compatible(timex, theirs):
                    continue
                sim = context_similarity(timex.context, theirs.context, idf)
                if sim >= LINK_THRESHOLD and (best is None or sim > best.similarity):
                    best = Link(other.id, theirs.text, sim, target)
        if best is not None:
            links.append((timex, best))
    return links


GRAIN_ORDER = {"D": 0, "W": 1, "WE": 1, "M": 2, "Y": 3}


def _grain(timex: Timex) -> int:
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
    return _grain(mine) == _grain(theirs)


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
    row = {c.id: k for k, c in enumerate(undated)}
    sim = doc_similarity(candidates, [index[c.id] for c in undated])  # one row per undated document
    idf = idf_weights(candidates)
    own, reasons = {}, {}
    for cand in undated:
        own[cand.id], reasons[cand.id] = own_evidence(cand.timexes, grid)
        if cand.window:
            inside = (grid.ords >= cand.window[0].toordinal()) & (grid.ords <= cand.window[1].toordinal())
            own[cand.id] = np.where(inside, own[cand.id], -1e9)
    posterior = {c.id: _one_hot(grid, c.fixed) for c in candidates if c.fixed}
    posterior.update({c.id: _normalise(own[c.id]) for c in undated})
    links: dict[str, list[tuple[Timex, Link]]] = {}
    kernel = story_kernel(min(len(grid) - 1, 1500))
    for _ in range(ITERATIONS):
        point = {c.id: c.fixed for c in candidates if c.fixed}
        point.update({c.id: _point(grid, posterior[c.id]) for c in undated})
        known = {c.id: known_expressions(c, point.get(c.id)) for c in candidates}
        updated = {}
        priors = story_priors(undated, candidates, posterior, sim, kernel) if len(candidates) > 1 else {}
        for cand in undated:
            prior = priors.get(cand.id, 0.0)
            nearest = [candidates[j] for j in np.argsort(-sim[row[cand.id]])[:LINK_NEIGHBOURS]
                       if candidates[j].id != cand.id]
            found = find_links(cand, [(o, known[o.id]) for o in [cand, *nearest]], idf)
            matches = [(t, link, link_evidence(t, link.target, grid)) for t, link in found]
            links[cand.id] = [(t, link) for t, link, match in matches if match.any()]  # possible somewhere
            link_ll = sum((np.log(1 + (LINK_GAIN * link.similarity - 1) * match) for _t, link, match in matches
                           if match.any()), np.zeros(len(grid)))
            updated[cand.id] = _normalise(own[cand.id] + prior + link_ll)
        posterior.update(updated)
    for cand in undated:
        out[cand.id] = _report(grid, posterior[cand.id], reasons[cand.id], links[cand.id])
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
    """The date at the finest grain with enough probability, and the evidence behind it."""
    i = int(p.argmax())
    best = grid.days[i]
    evidence = [f"{t.text!r} ~ {link.text!r} in {link.source} (similarity {link.similarity:.2f})"
                for t, link in links]
    evidence += [text for _strength, text in sorted(reasons, reverse=True)[:8]]
    day_mass = float(p[max(0, i - 1):i + 2].sum())
    if day_mass >= GRAIN_THRESHOLDS["day"]:
        return Inferred(best.isoformat(), "day", round(float(p[i]), 3), best, evidence)
    month_mass = float(p[grid.month == grid.month[i]].sum())
    if month_mass >= GRAIN_THRESHOLDS["month"]:
        return Inferred(best.isoformat()[:7], "month", round(month_mass, 3), best, evidence)
    year_mass = float(p[grid.year == grid.year[i]].sum())
    if year_mass >= GRAIN_THRESHOLDS["year"]:
        return Inferred(str(best.year), "year", round(year_mass, 3), best, evidence)
    return Inferred(None, None, round(year_mass, 3), best, evidence)
