"""Document dating without metadata, measured on the shared ukraine-media corpus (docs/quality.md).

The corpus has 3,669 full-text articles with their publication dates. `slices` draws two disjoint random
samples of them with a fixed seed: a *development* slice, on which the distances in
`storyline.timex.dating` were estimated (bench/eval_dating.py --calibrate), and an *evaluation* slice of 200
on which the figures are reported. Scores: the share of articles whose inferred day is the true one
(exact), within 1 and within 3 days, the share dated at all (coverage) and at each grain, and the
same accuracies over the articles dated to a day.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evaluation import shared_dir

SEED = 20221122
EVAL_SIZE = 200
DEV_SIZE = 300


def corpus_path() -> Path:
    return shared_dir() / "corpus" / "ukraine-media" / "articles.jsonl"


def dated_articles(path: Path | None = None) -> list[dict]:
    """Full-text articles that carry a publication date, in file order."""
    records = []
    with (path or corpus_path()).open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("full_text") and record.get("date") and record.get("text"):
                records.append(record)
    return records


def slices(records: list[dict], eval_size: int = EVAL_SIZE, dev_size: int = DEV_SIZE) -> tuple[list, list]:
    """(evaluation, development): disjoint random samples, the same for every run."""
    shuffled = sorted(records, key=lambda r: r["id"])
    random.Random(SEED).shuffle(shuffled)
    return shuffled[:eval_size], shuffled[eval_size:eval_size + dev_size]


def context(records: list[dict], size: int) -> list[dict]:
    """`size` dated articles outside both slices (same seed), to analyse with their dates beside the hidden ones."""
    if size <= 0:
        return []
    evaluation, development = slices(records)
    taken = {r["id"] for r in evaluation + development}
    rest = sorted((r for r in records if r["id"] not in taken), key=lambda r: r["id"])
    random.Random(SEED + 1).shuffle(rest)
    return rest[:size]


@dataclass
class DatingScores:
    total: int = 0
    dated: int = 0
    by_grain: dict[str, int] = field(default_factory=dict)
    exact: int = 0  # day-grain answers on the true day
    within1: int = 0
    within3: int = 0
    right_at_grain: int = 0  # answers (any grain) that contain the true day
    best_exact: int = 0  # the most likely day, whatever grain was reported
    best_within3: int = 0
    best_year: int = 0
    errors: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add(self, doc_id: str, truth: str, published: str | None, best_day: date | None) -> None:
        """Score one article: `published` is what was reported (day, month or year), `best_day` the
        most likely day behind it."""
        self.total += 1
        true_day = date.fromisoformat(truth[:10])
        if best_day is not None:
            self.best_exact += best_day == true_day
            self.best_within3 += abs((best_day - true_day).days) <= 3
            self.best_year += best_day.year == true_day.year
        if published is None:
            self.errors.append((doc_id, truth, None))
            return
        self.dated += 1
        grain = {10: "day", 7: "month", 4: "year"}[len(published)]
        self.by_grain[grain] = self.by_grain.get(grain, 0) + 1
        if grain == "day":
            gap = abs((date.fromisoformat(published) - true_day).days)
            self.exact += gap == 0
            self.within1 += gap <= 1
            self.within3 += gap <= 3
        self.right_at_grain += truth.startswith(published)
        if published != truth[:10]:
            self.errors.append((doc_id, truth, published))

    def as_dict(self) -> dict[str, float]:
        days = self.by_grain.get("day", 0)
        return {
            "articles": self.total, "dated": self.dated, "coverage": self.dated / self.total if self.total else 0.0,
            "day_grain": days, "month_grain": self.by_grain.get("month", 0),
            "year_grain": self.by_grain.get("year", 0),
            "exact": self.exact / self.total if self.total else 0.0,
            "within_1": self.within1 / self.total if self.total else 0.0,
            "within_3": self.within3 / self.total if self.total else 0.0,
            "exact_of_day": self.exact / days if days else 0.0,
            "within_3_of_day": self.within3 / days if days else 0.0, "right_at_grain": self.right_at_grain,
            "best_exact": self.best_exact / self.total if self.total else 0.0,
            "best_within_3": self.best_within3 / self.total if self.total else 0.0,
            "best_year": self.best_year / self.total if self.total else 0.0,
        }


# -- calibration -------------------------------------------------------------------------------------
DAY_BINS = [(-3650, -31), (-30, -8), (-7, -1), (0, 0), (1, 1), (2, 2), (3, 7), (8, 30), (31, 365),
            (366, 3650)]  # publication day minus the day mentioned
MONTH_BINS = [(-120, -2), (-1, -1), (0, 0), (1, 1), (2, 2), (3, 6), (7, 12), (13, 120)]  # in months
YEAR_BINS = [(-50, -1), (0, 0), (1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 500)]  # in years
STORY_BINS = [(0, 0), (1, 1), (2, 3), (4, 7), (8, 14), (15, 30), (31, 60), (61, 120), (121, 365), (366, 1500)]
STORY_NEIGHBOURS = 5  # most similar articles looked at per article
STORY_SIMILARITY = 0.2  # ... when at least this similar
TENSES = ("past", "present", "future", "none")
SHRINK = 20.0  # pseudo-counts pulling a tense's histogram towards the pooled one


def _bin(value: int, bins: list[tuple[int, int]]) -> int | None:
    return next((i for i, (lo, hi) in enumerate(bins) if lo <= value <= hi), None)


def _histograms(samples: dict[str, list[int]], bins: list[tuple[int, int]]) -> dict[str, list[float]]:
    """Per-tense bin probabilities, each shrunk towards the pooled histogram (add-half smoothing there)."""
    pooled = [0.5] * len(bins)
    for values in samples.values():
        for v in values:
            i = _bin(v, bins)
            if i is not None:
                pooled[i] += 1
    total = sum(pooled)
    pooled = [c / total for c in pooled]
    out = {"pooled": [round(p, 5) for p in pooled]}
    for tense in TENSES:
        counts = [0.0] * len(bins)
        for v in samples.get(tense, []):
            i = _bin(v, bins)
            if i is not None:
                counts[i] += 1
        n = sum(counts)
        out[tense] = [round((c + SHRINK * p) / (n + SHRINK), 5) for c, p in zip(counts, pooled, strict=True)]
    return out


def _nearest(published: date, month: int, day: int | None) -> int | None:
    """Signed days from the nearest yearly occurrence of month/day to `published` (positive: before it)."""
    gaps = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            gaps.append((published - date(year, month, day or 15)).days)
        except ValueError:
            continue
    return min(gaps, key=abs) if gaps else None


def story_gaps(published: list[date], terms: list) -> list[int]:
    """Days between each article and its most similar others (tf-idf cosine at least STORY_SIMILARITY)."""
    from storyline.timex.dating import Candidate, doc_similarity

    sim = doc_similarity([Candidate(str(i), [], t) for i, t in enumerate(terms)])
    gaps = []
    for i, row in enumerate(sim):
        for j in sorted(range(len(row)), key=lambda k: -row[k])[:STORY_NEIGHBOURS]:
            if j != i and row[j] >= STORY_SIMILARITY:
                gaps.append(abs((published[i] - published[j]).days))
    return gaps


def years_mentioned(timexes: list) -> list[tuple[int, str | None]]:
    """(year, tense) of the expressions that name a year and nothing finer ("in 2014", "since 1991")."""
    out = []
    for timex in timexes:
        spec = timex.spec["a"] if timex.spec.get("k") == "range" else timex.spec
        if spec.get("k") == "abs" and spec.get("y") and not any(
                spec.get(k) is not None for k in ("m", "d", "w", "season", "q", "half", "holiday")):
            out.append((spec["y"], timex.tense))
    return out


def calibrate(samples: list[tuple[date, list]], terms: list | None = None) -> dict:
    """Distances between publication dates and the calendar expressions of articles, by the tense of their
    clause: `samples` holds (publication date, [Timex]) of dated articles, `terms` their word counts (for the
    distances between similar articles). Returns the tables that `storyline.timex.dating` reads."""
    days: dict[str, list[int]] = {}
    months: dict[str, list[int]] = {}
    years: dict[str, list[int]] = {}
    weekdays: dict[str, list[int]] = {}
    latest: list[int] = []
    for published, timexes in samples:
        mentioned = [year for year, tense in years_mentioned(timexes) if tense != "future"]
        if mentioned:
            latest.append(published.year - max(mentioned))
        for timex in timexes:
            spec = timex.spec["a"] if timex.spec.get("k") == "range" else timex.spec
            if spec.get("k") != "abs" or spec.get("holiday"):
                continue
            tense = timex.tense or "none"
            y, m, d, w = spec.get("y"), spec.get("m"), spec.get("d"), spec.get("w")
            if m and d:
                try:
                    gap = (published - date(y, m, d)).days if y else _nearest(published, m, d)
                except ValueError:
                    continue
                if gap is not None:
                    days.setdefault(tense, []).append(gap)
            elif m:
                gap = ((published.year - y) * 12 + published.month - m if y
                       else round((_nearest(published, m, None) or 0) / 30.4))
                months.setdefault(tense, []).append(gap)
            elif w:
                weekdays.setdefault(tense, []).append((published.isoweekday() - w) % 7)
            elif y and not any(spec.get(k) is not None for k in ("season", "q", "half")):
                years.setdefault(tense, []).append(published.year - y)
    return {
        "day_bins": DAY_BINS, "day": _histograms(days, DAY_BINS),
        "month_bins": MONTH_BINS, "month": _histograms(months, MONTH_BINS),
        "year_bins": YEAR_BINS, "year": _histograms(years, YEAR_BINS),
        "latest_year_bins": YEAR_BINS, "latest_year": _histograms({"none": latest}, YEAR_BINS),
        "weekday": _histograms(weekdays, [(k, k) for k in range(7)]),
        "story_bins": STORY_BINS,
        "story": _histograms({"none": story_gaps([p for p, _t in samples], terms)} if terms else {}, STORY_BINS),
        "counts": {"day": sum(map(len, days.values())), "month": sum(map(len, months.values())),
                   "year": sum(map(len, years.values())), "weekday": sum(map(len, weekdays.values()))},
    }
