"""Quantity threads: one counted thing as different claimants report it over time.

"Russian troops near Ukraine": "tens of thousands of soldiers" (an outlet, January), "about 100,000" (Blinken,
January 19), "more than 100,000" (an outlet), "130,000" (Ukraine's defence minister). A thread is every quantity
with the same thread unit (lexicons/claims/thread_units.tsv: troops and soldiers are one), holder (whose: Russia's)
and measure (killed, wounded, displaced ...; none for a plain count) — storyline.claims.holders reads those off the
parse. Each report keeps its claimant: the claim it stands in (a quote's speaker, an attributed event's source),
else the outlet.

Left out: quantities with no counted noun, and measures and money (lexicons/claims/unthreaded_units.txt: "75 km",
"$5,000", "40 percent" say nothing of which thing they measure, so threading by unit would mix everything), and small
plain counts (under `MIN_COUNT`: "three officials", "two sides" describe, they do not estimate). A thread needs
reports in at least two articles.

Different numbers for one thing from different claimants on the same day are a contradiction (reason "number")
when their ranges do not meet, they differ by more than `NUMBER_TOLERANCE` ("100,000" and "more than 100,000"
agree) and the two claims' words are about the same thing (`NUMBER_SHARED` content words in common: "people
killed" threads every attack of the day together, so "three people were killed in a residential building" and "at
least eight people were killed in Kyiv" are two incidents, not a dispute). Numbers a day or more apart are not
compared: counts of the dead and of refugees grow by the day, and a later, higher count is news, not a dispute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storyline.claims.holders import thread_unit
from storyline.claims.links import Link, same_words
from storyline.lexicon_files import words
from storyline.store import Row

MIN_COUNT = 10
UNTHREADED_UNITS = words("claims/unthreaded_units")
NUMBER_WINDOW_DAYS = 0
NUMBER_TOLERANCE = 0.2
MAX_NUMBER_LINKS = 5  # per claim, the nearest in time first
NUMBER_SHARED = 3  # content words two claims must share to be giving numbers for the same thing


@dataclass
class ThreadReport:
    quantity: Row  # a row of the quantities table, with the document's id, source and date
    claim: int | None  # index of the claim it stands in
    claimant_id: int | None
    claimant_text: str
    date: str | None
    context: str = ""  # the words of the claim it stands in: what the number is said about


@dataclass
class Thread:
    unit: str
    holder: str | None
    measure: str | None
    reports: list[ThreadReport]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.unit, self.holder or "", self.measure or ""


def thread_key(quantity: Row) -> tuple[str, str | None, str | None] | None:
    """(unit, holder, measure) of a quantity worth threading, else None."""
    unit = thread_unit(quantity["unit"])
    if unit is None or quantity["unit"] in UNTHREADED_UNITS:
        return None
    if quantity["measure"] is None and quantity["value"] < MIN_COUNT:
        return None
    return unit, quantity["holder"], quantity["measure"]


def build_threads(reports: Sequence[ThreadReport]) -> list[Thread]:
    """Threads of two or more articles, the most reported first, reports by date."""
    grouped: dict[tuple[str, str | None, str | None], list[ThreadReport]] = defaultdict(list)
    for report in reports:
        key = thread_key(report.quantity)
        if key is not None:
            grouped[key].append(report)
    threads = [Thread(*key, sorted(items, key=lambda r: (r.date or "9999", r.quantity["doc"], r.quantity["start"])))
               for key, items in grouped.items() if len({r.quantity["doc"] for r in items}) >= 2]
    threads.sort(key=lambda t: (-len(t.reports), t.key))
    return threads


def label(thread: Thread, country_name: str | None) -> str:
    """"troops (Russia)", "people killed", "troops killed (Ukraine)"."""
    words = thread.unit + (f" {thread.measure}" if thread.measure else "")
    return f"{words} ({country_name})" if country_name else words


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _bounds(quantity: Row) -> tuple[float, float]:
    low = quantity["low"] if quantity["low"] is not None else quantity["value"]
    high = quantity["high"] if quantity["high"] is not None else quantity["value"]
    if quantity["low"] is None and quantity["high"] is None:  # "about 100,000": the words give no bound
        low, high = quantity["value"] * (1 - NUMBER_TOLERANCE / 2), quantity["value"] * (1 + NUMBER_TOLERANCE / 2)
    elif quantity["high"] is None:
        high = float("inf")
    elif quantity["low"] is None:
        low = 0.0
    return low, high


def numbers_disagree(a: Row, b: Row) -> bool:
    """Whether two quantities of one thing cannot both be right: their ranges do not meet, and the nearer ends differ
    by more than NUMBER_TOLERANCE of the larger."""
    (la, ha), (lb, hb) = _bounds(a), _bounds(b)
    if la <= hb and lb <= ha:
        return False
    gap_low, gap_high = (ha, lb) if ha < lb else (hb, la)
    return (gap_high - gap_low) > NUMBER_TOLERANCE * gap_high


def number_links(threads: Sequence[Thread]) -> list[Link]:
    """Contradictions between claims that give different numbers for one thread's thing at about the same time."""
    found = []
    for thread in threads:
        claimed = [r for r in thread.reports if r.claim is not None and _day(r.date) is not None]
        count: dict[int, int] = defaultdict(int)
        for x, a in enumerate(claimed):
            for b in claimed[x + 1:]:
                if (_day(b.date) - _day(a.date)).days > NUMBER_WINDOW_DAYS:
                    break
                if a.claim == b.claim or _claimant(a) == _claimant(b):
                    continue
                if count[a.claim] >= MAX_NUMBER_LINKS or count[b.claim] >= MAX_NUMBER_LINKS:
                    continue
                if numbers_disagree(a.quantity, b.quantity) and same_words(a.context, b.context, NUMBER_SHARED):
                    count[a.claim] += 1
                    count[b.claim] += 1
                    evidence = (f'{a.claimant_text}: "{a.quantity["text"]}" ({a.quantity["doc"]}, {a.date}) | '
                                f'{b.claimant_text}: "{b.quantity["text"]}" ({b.quantity["doc"]}, {b.date})')
                    found.append(Link(a.claim, b.claim, "contradicts", "number", evidence))
    return found


def _claimant(report: ThreadReport) -> str:
    return f"e{report.claimant_id}" if report.claimant_id is not None else report.claimant_text.casefold()
