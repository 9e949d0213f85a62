"""The calendar in one place: where a TimeML value stands (first day, last day, precision), the last day of a
period, and the period of a precision around an interval. Used by event dates, event merging, the timeline and
the exports, so that "2022-W05", "2022-01" and "2022-01-10/2022-01-13" mean the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storyline.timex.resolve import interval

__all__ = ["PRECISION_RANK", "Calendar", "calendar_of", "interval", "last_day", "widen"]

# Finest first: a day is more precise than a week, a week than a month ...; None (unknown) last.
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


@dataclass(frozen=True)
class Calendar:
    """Where a mention stands on the calendar: first day, last day of a range (or None), and precision."""

    date: str | None
    date_end: str | None
    precision: str | None


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
    """The period of `precision` around a day interval: its ISO week, month or year."""
    start, end = span
    if precision == "week":
        return start - timedelta(days=start.weekday()), end + timedelta(days=6 - end.weekday())
    if precision == "month":
        following = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
        return start.replace(day=1), following - timedelta(days=1)
    if precision == "year":
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return span
