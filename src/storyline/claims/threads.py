"""Quantity threads: one counted thing as different claimants report it over time.

"Russian troops near Ukraine": "tens of thousands of soldiers" (an outlet, January), "about 100,000" (Blinken,
January 19), "more than 100,000" (an outlet), "130,000" (Ukraine's defence minister). A thread is every quantity
with the same thread unit (lexicons/claims/thread_units.tsv: troops and soldiers are one), holder (whose: Russia's)
and measure (killed, wounded, displaced ...; none for a plain count) — storyline.claims.holders reads those off the
parse. Each report keeps its claimant: the claim it stands in (a quote's speaker, an attributed event's source),
else the outlet.

Left out: quantities with no counted noun, and measures and money (lexicons/claims/unthreaded_units.txt: "75 km",
"$5,000", "40 percent" say nothing of which thing they measure, so threading by unit would mix everything), and small
plain counts (under `MIN_COUNT`: "three officials", "two sides" describe, they do not estimate), and quantities
whose holder the text does not name: on the 2022 corpus the holderless "troops" and "people killed" threads were
grab bags of every unit and every attack of the year. A thread needs reports in at least two articles. It groups by
what and whose, not by occasion: "troops (Russia)" holds the 100,000 to 150,000 near the border in early 2022 and,
later, the hundreds in one town.

Different numbers in one thread are not linked as contradictions: a rule that linked them (same day, different
claimants, ranges that do not meet, three content words in common) proposed 8 pairs on the 2022 corpus and one was
a dispute ("at least four people were killed" against "three people have been killed" in Belgorod); the others
were different attacks of one day, a part against the whole, a month's total against one night's. The thread puts
the numbers side by side, by claimant and date, for the reader to judge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.claims.holders import thread_unit
from storyline.lexicon_files import words
from storyline.store import Row

MIN_COUNT = 10
UNTHREADED_UNITS = words("claims/unthreaded_units")


@dataclass
class ThreadReport:
    quantity: Row  # a row of the quantities table, with the document's id, source and date
    claim: int | None  # index of the claim it stands in
    claimant_id: int | None
    claimant_text: str
    date: str | None


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
    if unit is None or quantity["unit"] in UNTHREADED_UNITS or quantity["holder"] is None:
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
