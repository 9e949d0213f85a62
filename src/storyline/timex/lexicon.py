"""Words of time: months, weekdays, units, number words, seasons, parts of the day, holidays.

Everything here is general English vocabulary; the grammar (`grammar.py`) builds its patterns from it. The word
lists are data files in `storyline/lexicons/timex/`, each with a header saying what it holds; this module gives
them the names the grammar imports. The named days are there too, each with its calendar rule
(`holiday_rule` reads it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

from storyline.lexicon_files import entries, integers, table, words


def _numbers(name: str) -> dict[str, int | float]:
    """word -> number, from a lexicon file of two columns: a whole number stays an int, a decimal is a float."""
    return {word: int(value) if value.lstrip("-").isdigit() else float(value) for word, value in table(name).items()}


# Month names and abbreviations -> month number.
MONTHS = integers("timex/months")
# Month words that are also common English words: taken as months only when capitalised.
AMBIGUOUS_MONTHS = words("timex/ambiguous_months")

# Weekday names and abbreviations -> ISO weekday (Monday 1).
WEEKDAYS = integers("timex/weekdays")

# TimeML unit codes: the letter used in durations (P3D, PT3H) and the granularity of relative dates.
UNITS = table("timex/units")

# Number words and phrases -> the number each denotes.
NUMBER_WORDS = _numbers("timex/number_words")
# Quantities that say "some number of": the duration value gets X (PXD, PXY).
VAGUE_QUANTITIES = entries("timex/vague_quantities")

# Ordinal words -> the position each denotes (-1: the last).
ORDINALS = integers("timex/ordinals")

SEASONS = table("timex/seasons")
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

PARTS_OF_DAY = table("timex/parts_of_day")

# Set adverbs: "weekly" -> every week.
FREQUENCY_ADVERBS = table("timex/frequency_adverbs")


def number_value(words: str) -> float | None:
    """The number a numeral or number phrase denotes ("eight", "twenty-five", "3", "1.5"); None if vague."""
    text = " ".join(words.lower().replace("-", " ").split())
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text.replace(",", "")):
        return float(text.replace(",", ""))
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    total = 0.0
    for word in text.split():
        if word == "and":
            continue
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        total = total * value if value == 100 and total else total + value
    return total


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) ISO weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday_rule(rule: str) -> Callable[[int], date]:
    """The date of a named day in a given year, from its rule in `lexicons/timex/holidays.tsv`: "MM-DD" (a fixed
    day), "easter+N" / "orthodox-easter+N" (days from Easter Sunday), "M/W/N+D" (the N-th ISO weekday W of month M,
    -1 the last, plus D days)."""
    if fixed := re.fullmatch(r"(\d\d)-(\d\d)", rule):
        month, day = int(fixed[1]), int(fixed[2])
        return lambda y: date(y, month, day)
    if paschal := re.fullmatch(r"(orthodox-)?easter([+-]\d+)", rule):
        method, shift = EASTER_ORTHODOX if paschal[1] else EASTER_WESTERN, timedelta(days=int(paschal[2]))
        return lambda y: easter(y, method) + shift
    if nth := re.fullmatch(r"(\d+)/(\d)/(-?\d)([+-]\d+)", rule):
        month, weekday, n, shift = int(nth[1]), int(nth[2]), int(nth[3]), timedelta(days=int(nth[4]))
        return lambda y: nth_weekday(y, month, weekday, n) + shift
    raise ValueError(f"lexicons/timex/holidays.tsv: no such rule {rule!r}")


# Named days, each a function of the year. Only days whose date follows from a calendar rule.
HOLIDAYS: dict[str, Callable[[int], date]] = {
    name: holiday_rule(rule) for name, rule in table("timex/holidays").items()}
