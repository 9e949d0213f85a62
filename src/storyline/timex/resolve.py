"""Turn the meaning of a time expression (a spec) into a TimeML value, given an anchor date and a tense.

A spec is a small JSON-ready dict the grammar produces once per expression; resolving it again against
another anchor (when a document's date is inferred later) needs no re-parsing. Kinds of spec:

- ``{"k": "abs", ...}``: a calendar point, possibly partial: y, m, d, w (ISO weekday), season, q (quarter),
  half, decade, century, part (of day), h, mi, yrel/wrel (-1 last, 0 this, 1 next), mod.
  Missing fields are filled from the anchor, the direction chosen by the tense ("on Sunday" in a past
  sentence is the previous Sunday, in a future one the next).
- ``{"k": "rel", "unit", "n"}``: deictic, counted from the anchor ("yesterday", "next month", "eight years
  ago"); ``{"k": "ana", ...}`` the same from the last date mentioned before ("two days later").
- ``{"k": "dur", "value"}``, ``{"k": "set", "value"}``, ``{"k": "ref", "value"}``: no anchor needed.
- ``{"k": "range", "a": spec, "b": spec, "parts": [[s, e], [s, e]]}``: two points, value "A/B".

Values follow TimeML/ISO 8601: 2022-02-01, 2022-W05, 2022-02, 2022-Q1, 2022-SU, 2022, 201 (a decade),
2022-02-01TMO, 2022-02-01T20:00, P3Y, PT2H, PXM, PRESENT_REF. With no anchor the unknown digits are X.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from storyline.timex.lexicon import HOLIDAYS, SEASON_MONTHS

Spec = dict
FAR_DAYS = 180  # a date without a year this far away in the tense's direction ...
NEAR_DAYS = 45  # ... yields to one this close the other way


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _month_distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (a[0] * 12 + a[1]) - (b[0] * 12 + b[1])


def _pick(candidates: list[date], anchor: date, tense: str | None, strict: int = 0) -> date:
    """The candidate a tense points at: past -> latest on/before the anchor, future -> earliest on/after,
    otherwise the nearest. `strict` -1/1 excludes the anchor itself (last Friday, next Friday)."""
    before = [c for c in candidates if c < anchor or (c == anchor and strict >= 0)]
    after = [c for c in candidates if c > anchor or (c == anchor and strict <= 0)]
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    chosen = None
    if (strict < 0 or (tense == "past" and strict == 0)) and before:
        chosen = max(before)
    elif (strict > 0 or (tense == "future" and strict == 0)) and after:
        chosen = min(after)
    if chosen is None:
        return nearest
    # The tense of the clause points one way, but a date a few weeks the other way is the likelier reading of
    # a date given without a year ("confirmed drills until Feb. 20" written on February 10).
    if strict == 0 and abs((chosen - anchor).days) > FAR_DAYS and abs((nearest - anchor).days) <= NEAR_DAYS:
        return nearest
    return chosen


def _weekday_date(w: int, anchor: date, tense: str | None, rel: int | None) -> date:
    if rel == 0:  # this Friday: the Friday of the anchor's week
        return anchor + timedelta(days=w - anchor.isoweekday())
    candidates = [anchor + timedelta(days=k) for k in range(-7, 8)]
    candidates = [c for c in candidates if c.isoweekday() == w]
    return _pick(candidates, anchor, tense, strict=rel or 0)


def _holiday(name: str, spec: Spec, anchor: date | None, tense: str | None) -> str:
    rule = HOLIDAYS[name]
    if spec.get("y") is not None:
        return rule(spec["y"]).isoformat()
    if anchor is None:
        return "XXXX-XX-XX"
    candidates = [rule(anchor.year + k) for k in (-1, 0, 1)]  # type: ignore[operator]
    return _pick(candidates, anchor, tense, strict=spec.get("yrel") or 0).isoformat()


def _year_for(spec: Spec, anchor: date, tense: str | None) -> int:
    """The year of a month (and maybe day) given without one."""
    m, d = spec["m"], spec.get("d")
    yrel = spec.get("yrel")
    if yrel == 0:
        return anchor.year
    years = [anchor.year + k for k in (-1, 0, 1)]
    if d is not None:
        candidates = [date(y, m, min(d, calendar.monthrange(y, m)[1])) for y in years]
        if spec.get("w"):  # a weekday next to the date fixes the year: search further out
            matching = [date(anchor.year + k, m, d) for k in range(-12, 13)
                        if d <= calendar.monthrange(anchor.year + k, m)[1]
                        and date(anchor.year + k, m, d).isoweekday() == spec["w"]]
            close = [c for c in matching if abs(c.year - anchor.year) <= 1]
            candidates = close or candidates
        return _pick(candidates, anchor, tense, strict=yrel or 0).year
    month_anchor = date(anchor.year, anchor.month, 1)
    candidates = [date(y, m, 1) for y in years]
    return _pick(candidates, month_anchor, tense, strict=yrel or 0).year


def _unknown_year(spec: Spec) -> str:
    if spec.get("m") is not None:
        return f"XXXX-{spec['m']:02d}" + (f"-{spec['d']:02d}" if spec.get("d") else "")
    if spec.get("q") is not None:
        return f"XXXX-Q{spec['q']}"
    return "XXXX"


def _time_suffix(spec: Spec) -> str:
    if spec.get("h") is not None:
        return f"T{spec['h']:02d}:{spec.get('mi') or 0:02d}" + (spec.get("tz") or "")
    if spec.get("part"):
        return f"T{spec['part']}"
    return ""


def _resolve_abs(spec: Spec, anchor: date | None, tense: str | None) -> str:
    """Value of a calendar point, partial or whole."""
    if spec.get("holiday"):
        return _holiday(spec["holiday"], spec, anchor, tense)
    if spec.get("century") is not None:
        return f"{spec['century']:02d}"
    if spec.get("decade") is not None:
        return f"{spec['decade']:03d}"
    y = spec.get("y")
    if y is None and spec.get("yoff") is not None:  # "March of last year", "the first quarter of next year"
        if anchor is None:
            return _unknown_year(spec)
        y = anchor.year + spec["yoff"]
    if spec.get("m") is not None:
        if y is None:
            y = _year_for(spec, anchor, tense) if anchor else None
        ys = f"{y:04d}" if y is not None else "XXXX"
        if spec.get("d") is None:
            return f"{ys}-{spec['m']:02d}"
        return f"{ys}-{spec['m']:02d}-{spec['d']:02d}" + _time_suffix(spec)
    if spec.get("w") is not None:
        if anchor is None:
            return f"XXXX-WXX-{spec['w']}" + _time_suffix(spec)
        return _weekday_date(spec["w"], anchor, tense, spec.get("wrel")).isoformat() + _time_suffix(spec)
    if spec.get("season"):
        return _season(spec, anchor, tense, y)
    if spec.get("q") is not None or spec.get("half") is not None:
        return _quarter(spec, anchor, tense, y)
    if y is not None:
        return f"{y:04d}"
    if spec.get("h") is not None or spec.get("part"):
        return (anchor.isoformat() if anchor else "XXXX-XX-XX") + _time_suffix(spec)
    return "XXXX"


def _season(spec: Spec, anchor: date | None, tense: str | None, y: int | None) -> str:
    season = spec["season"]
    if y is None and anchor is not None:
        first, _last = SEASON_MONTHS[season]
        starts = [date(anchor.year + k, first, 1) for k in (-1, 0, 1)]
        rel = spec.get("yrel")
        # "last summer": the latest that began before the anchor's season; "next": the next to begin.
        this_month = date(anchor.year, anchor.month, 1)
        y = anchor.year if rel == 0 else _pick(starts, this_month, tense, strict=rel or 0).year
    return f"{y:04d}-{season}" if y is not None else f"XXXX-{season}"


def _quarter(spec: Spec, anchor: date | None, tense: str | None, y: int | None) -> str:
    code, number, months = ("Q", spec["q"], 3) if spec.get("q") is not None else ("H", spec["half"], 6)
    if y is None and anchor is not None:
        starts = [date(anchor.year + k, (number - 1) * months + 1, 1) for k in (-1, 0, 1)]
        current = date(anchor.year, ((anchor.month - 1) // months) * months + 1, 1)
        rel = spec.get("yrel")
        y = anchor.year if rel == 0 else _pick(starts, current, tense, strict=rel or 0).year
    return f"{y:04d}-{code}{number}" if y is not None else f"XXXX-{code}{number}"


def _offset(unit: str, n: int, base: date, suffix: str = "") -> str:
    """The value `n` units from `base` at that unit's granularity (`suffix`: a time of day for days)."""
    if unit in ("S", "MIN", "H"):
        return base.isoformat()
    if unit == "D":
        return (base + timedelta(days=n)).isoformat() + suffix
    if unit in ("W", "FN"):
        return _week(base + timedelta(weeks=n * (2 if unit == "FN" else 1)))
    if unit == "WE":
        return _week(base + timedelta(weeks=n)) + "-WE"
    if unit == "M":
        y, m = _shift_month(base.year, base.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "Q":
        y, m = _shift_month(base.year, base.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit == "Y":
        return f"{base.year + n:04d}"
    if unit == "DE":
        return f"{base.year // 10 + n:03d}"
    if unit == "CE":
        return f"{base.year // 100 + n:02d}"
    return f"{base.year // 1000 + n}"


UNKNOWN_BY_UNIT = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "FN": "XXXX-WXX", "M": "XXXX-XX",
                   "Q": "XXXX-QX", "Y": "XXXX", "DE": "XXX", "CE": "XX", "S": "XXXX-XX-XX",
                   "MIN": "XXXX-XX-XX", "H": "XXXX-XX-XX", "ML": "X"}


def resolve(spec: Spec, anchor: date | None, tense: str | None = None,
            reference: date | None = None) -> str:
    """The TimeML value of `spec` for a document dated `anchor`; `reference` is the last date mentioned
    before the expression (for anaphoric ones such as "the next day")."""
    kind = spec["k"]
    if kind in ("dur", "set", "ref"):
        return spec["value"]
    if kind == "abs":
        return _resolve_abs(spec, anchor, tense)
    if kind == "range":
        return f"{resolve(spec['a'], anchor, tense, reference)}/{resolve(spec['b'], anchor, tense, reference)}"
    base = (reference or anchor) if kind == "ana" else anchor
    if base is None:
        return UNKNOWN_BY_UNIT.get(spec["unit"], "XXXX")
    n = int(spec["n"])
    if spec.get("tensed") and n == 0:  # "the weekend": the last one in a past clause, else the next
        n = -1 if tense == "past" and base.isoweekday() <= 5 else 0
    return _offset(spec["unit"], n, base, _time_suffix(spec))


def timex_type(spec: Spec) -> str:
    """TimeML type: DATE, TIME, DURATION or SET."""
    kind = spec["k"]
    if kind == "dur":
        return "DURATION"
    if kind == "set":
        return "SET"
    if kind == "range":
        return timex_type(spec["a"])
    if spec.get("h") is not None or spec.get("part") or spec.get("unit") in ("H", "MIN", "S"):
        return "TIME"
    return "DATE"


def kind_of(value: str) -> str:
    """Our coarse class of a value: day, week, month, quarter, season, year, decade, century, time, range,
    duration, set-like, vague or unresolved."""
    if "/" in value:
        return "range"
    if value.endswith("_REF"):
        return "vague"
    if value.startswith("P"):
        return "duration"
    if "X" in value.split("T")[0] and not value.startswith("XXXX-WXX-"):
        return "unresolved"
    if "T" in value:
        return "time"
    parts = value.split("-")
    if len(parts) == 3 and parts[1].startswith("W"):
        return "weekend" if parts[2] == "WE" else "unresolved"
    if len(parts) == 3:
        return "day"
    if len(parts) == 2:
        second = parts[1]
        return {"W": "week", "Q": "quarter", "H": "half"}.get(second[0], "season" if second.isalpha() else "month")
    return {4: "year", 3: "decade", 2: "century"}.get(len(value), "unresolved")


def interval(value: str) -> tuple[date, date] | None:
    """First and last day a resolved value covers, or None (durations, vague or unresolved values)."""
    if "/" in value:
        a, b = (interval(v) for v in value.split("/", 1))
        return (a[0], b[1]) if a and b else None
    value = value.split("T")[0]
    try:
        parts = value.split("-")
        if len(parts) == 1 and value.isdigit():
            if len(value) == 4:
                return date(int(value), 1, 1), date(int(value), 12, 31)
            if len(value) == 3:
                return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
            return None
        year = int(parts[0])
        if len(parts) == 3 and parts[1].startswith("W"):
            start = date.fromisocalendar(year, int(parts[1][1:]), 1)
            return (start + timedelta(days=5), start + timedelta(days=6)) if parts[2] == "WE" else None
        if len(parts) == 3:
            day = date(year, int(parts[1]), int(parts[2]))
            return day, day
        second = parts[1]
        if second.startswith("W"):
            start = date.fromisocalendar(year, int(second[1:]), 1)
            return start, start + timedelta(days=6)
        if second.startswith(("Q", "H")):
            months = 3 if second[0] == "Q" else 6
            first = (int(second[1:]) - 1) * months + 1
            y2, m2 = _shift_month(year, first, months)
            return date(year, first, 1), date(y2, m2, 1) - timedelta(days=1)
        if second in SEASON_MONTHS:
            first, last = SEASON_MONTHS[second]
            end_year = year + 1 if last < first else year
            return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
        month = int(second)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, IndexError):
        return None
