"""Words of time: months, weekdays, units, number words, seasons, parts of the day, holidays.

Everything here is general English vocabulary; the grammar (`grammar.py`) builds its patterns from it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month words that are also common English words: taken as months only when capitalised.
AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "jun", "dec", "sep"}

WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3, "thursday": 4,
    "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}

# TimeML unit codes: the letter used in durations (P3D, PT3H) and the granularity of relative dates.
UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H", "day": "D", "night": "D",
    "week": "W", "weekend": "WE", "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y", "yr": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
}

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
    "single": 1, "dozen": 12, "a dozen": 12, "couple": 2, "a couple of": 2, "a couple": 2, "couple of": 2,
    "half a": 0.5, "half an": 0.5, "a half": 0.5, "one and a half": 1.5,
}
# Quantities that say "some number of": the duration value gets X (PXD, PXY).
VAGUE_QUANTITIES = ("a few", "few", "several", "some", "many", "numerous", "dozens of", "hundreds of",
                    "a number of", "various", "the next few", "the past few", "the last few")

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31, "last": -1, "final": -1,
}

SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
                "daytime": "DT", "midday": "MI", "noon": "MI"}

# Set adverbs: "weekly" -> every week.
FREQUENCY_ADVERBS = {"hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
                     "fortnightly": "P2W", "monthly": "P1M", "quarterly": "P3M", "annually": "P1Y",
                     "yearly": "P1Y", "annual": "P1Y", "biannual": "P6M", "semiannual": "P6M"}


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


# Named days, each a function of the year. Only days whose date follows from a calendar rule.
HOLIDAYS: dict[str, object] = {
    "new year's eve": lambda y: date(y, 12, 31),
    "new years eve": lambda y: date(y, 12, 31),
    "new year's day": lambda y: date(y, 1, 1),
    "new years day": lambda y: date(y, 1, 1),
    "christmas eve": lambda y: date(y, 12, 24),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas": lambda y: date(y, 12, 25),
    "boxing day": lambda y: date(y, 12, 26),
    "orthodox christmas": lambda y: date(y, 1, 7),
    "valentine's day": lambda y: date(y, 2, 14),
    "halloween": lambda y: date(y, 10, 31),
    "independence day": lambda y: date(y, 7, 4),
    "bastille day": lambda y: date(y, 7, 14),
    "victory day": lambda y: date(y, 5, 9),
    "easter": lambda y: easter(y, EASTER_WESTERN),
    "easter sunday": lambda y: easter(y, EASTER_WESTERN),
    "good friday": lambda y: easter(y, EASTER_WESTERN) - timedelta(days=2),
    "easter monday": lambda y: easter(y, EASTER_WESTERN) + timedelta(days=1),
    "orthodox easter": lambda y: easter(y, EASTER_ORTHODOX),
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 4, 4),
    "memorial day": lambda y: nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: nth_weekday(y, 9, 1, 1),
    "martin luther king day": lambda y: nth_weekday(y, 1, 1, 3),
    "election day": lambda y: nth_weekday(y, 11, 1, 1) + timedelta(days=1),
}
