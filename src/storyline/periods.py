"""The calendar in one place: where a TimeML value stands (first day, last day, precision), the last day of a
period, and the period of a precision around an interval. Used by event dates, event merging, the timeline and
the exports, so that "2022-W05", "2022-01" and "2022-01-10/2022-01-13" mean the same everywhere.

Precisions: "day", "week", "month", "year" say which period a date names; `ESTIMATED` ("about") says that no text
named it: a likely day estimated from the publication date (storyline.events.when), with the window of days it may
be in. It ranks between a day and a week: a likely day and a window of days is more than a week and less than a
day the text gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storyline.timex.resolve import interval

__all__ = ["ESTIMATED", "PRECISION_RANK", "UNKNOWN_RANK", "Calendar", "calendar_of", "interval", "last_day", "widen"]

ESTIMATED = "about"
# Finest first: a day is more precise than an estimated day, that than a week, a week than a month ...; None
# (unknown) last.
PRECISION_RANK = {"day": 0, ESTIMATED: 1, "week": 2, "month": 3, "year": 4, None: 5}
UNKNOWN_RANK = PRECISION_RANK[None]


@dataclass(frozen=True)
class Calendar:
    """Where a mention stands on the calendar: first day, last day of a range (or None), and precision; an
    estimated date (precision "about") is its likely day, with the first and last day it may be in as `window`."""

    date: str | None
    date_end: str | None
    precision: str | None
    window: tuple[str, str] | None = None


def calendar_of(value: str | None) -> Calendar:
    """The first day and precision of a TimeML date value: 2022-01-19 (day), 2022-W05 (week), 2022-01 (month),
    2022 (year), A/B (a range of two of those). Values with unknown digits (XXXX-02-01), durations and vague
    references (PRESENT_REF) are not on the calendar."""
    if not value or "X" in value or value.startswith("P") or value.endswith("_REF"):
        return Calendar(None, None, None)
    if "/" in value:
        first, last = (calendar_of(part) for part in value.split("/", 1))
        if first.date is None:
            return Calendar(None, None, None)
        end = last_day(last)
        return Calendar(first.date, end, first.precision)
    try:
        if "-W" in value:
            year, week = value[:4], int(value.split("-W")[1][:2])
            return Calendar(date.fromisocalendar(int(year), week, 1).isoformat(), None, "week")
        parts = value[:10].split("-")
        if len(parts) == 3:
            return Calendar(date(int(parts[0]), int(parts[1]), int(parts[2][:2])).isoformat(), None, "day")
        if len(parts) == 2 and parts[1].isdigit():
            return Calendar(date(int(parts[0]), int(parts[1]), 1).isoformat(), None, "month")
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
            return Calendar(f"{parts[0]}-01-01", None, "year")
    except ValueError:
        pass
    return Calendar(None, None, None)


def last_day(start: Calendar) -> str | None:
    """The last day of the period a calendar position starts (a day -> that day; a week -> its Sunday; a month
    -> its last day; a year -> December 31)."""
    if start.date is None:
        return None
    first = date.fromisoformat(start.date)
    return widen((first, first), start.precision)[1].isoformat()


def widen(span: tuple[date, date], precision: str | None) -> tuple[date, date]:
    """The period of `precision` around a day interval: its ISO week, month or year (a day, an estimated date's
    window and a range are their own period)."""
    start, end = span
    if precision == "week":
        return start - timedelta(days=start.weekday()), end + timedelta(days=6 - end.weekday())
    if precision == "month":
        following = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
        return start.replace(day=1), following - timedelta(days=1)
    if precision == "year":
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return span
