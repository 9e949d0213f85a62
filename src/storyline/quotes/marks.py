"""Quotation marks: pair them into the regions of text they enclose, whatever the typography.

Handles straight and curly marks, guillemets, single marks used as the main marks, single marks inside
double ones (they stay part of the outer region), apostrophes (``won’t``, ``states’``), a quote that continues
over paragraphs (each paragraph reopens with a mark and only the last one closes), and broken marks: a
closing mark that is missing (the region ends at the sentence before the next opening mark, or at the end of
the paragraph), an opening mark that is missing (the region starts at the start of its sentence), and a
doubled or stray closing mark (ignored). Marks are classified by their neighbours, as CommonMark classifies
emphasis: a mark can open when a non-space follows it and a space or an opening bracket precedes it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT = "\"'"
OPEN_BEFORE = "([{—–-/:"  # a mark after these can open
CLOSE_AFTER = ".,;:!?)]}—–-…"  # a mark before these can close
SENTENCE_END = re.compile(r"[.?!…][\"”’'»]?(?=\s)")
MAX_SINGLE = 1500  # a single-mark region longer than this is an apostrophe misread
# Every double or single quotation mark, found by one regex scan (a Python loop over every character of an article
# costs more than the rest of the pairing).
DOUBLE_MARKS = re.compile("[" + re.escape(DOUBLE_OPEN + DOUBLE_CLOSE + '"') + "]")
SINGLE_MARKS = re.compile("[" + re.escape(SINGLE_OPEN + SINGLE_CLOSE + "'") + "]")


@dataclass(frozen=True)
class Region:
    """Text between quotation marks: `start:end` excludes the marks. `closed` is False when a mark was missing."""

    start: int
    end: int
    open_mark: int | None  # offset of the opening mark, None when it was missing
    close_mark: int | None  # offset of the closing mark, None when it was missing
    single: bool = False

    @property
    def closed(self) -> bool:
        return self.open_mark is not None and self.close_mark is not None


def _can_open(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else ""
    before = text[i - 1] if i > 0 else ""
    return bool(after) and not after.isspace() and (not before or before.isspace() or before in OPEN_BEFORE
                                                    or before in DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT)


def _can_close(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else ""
    before = text[i - 1] if i > 0 else ""
    return bool(before) and not before.isspace() and (not after or after.isspace() or after in CLOSE_AFTER
                                                      or after in DOUBLE_CLOSE + SINGLE_CLOSE + STRAIGHT)


def _role(text: str, i: int, is_open: bool) -> str:
    """'open', 'close', 'both' (straight mark between words) or 'stray' (a space on both sides)."""
    char = text[i]
    opens, closes = _can_open(text, i), _can_close(text, i)
    if char in DOUBLE_OPEN + SINGLE_OPEN:
        return "open" if opens else ("close" if closes else "stray")
    if char in DOUBLE_CLOSE + SINGLE_CLOSE:
        return "close" if closes else ("open" if opens else "stray")
    if opens and closes:
        return "close" if is_open else "open"
    return "open" if opens else ("close" if closes else "stray")


def _paragraph_end(text: str, start: int, limit: int) -> int:
    newline = text.find("\n", start, limit)
    return limit if newline < 0 else newline


def _unclosed_end(text: str, start: int, limit: int) -> int:
    """Where a region opened at `start` ends when its closing mark is missing before `limit`."""
    end = _paragraph_end(text, start, limit)
    if end < limit or limit >= len(text):
        return end
    last = None
    for match in SENTENCE_END.finditer(text, start, limit):
        last = match.end()
    return last if last is not None else limit


class _Scanner:
    """Pairs the marks of one kind (double, or single outside double regions) left to right."""

    def __init__(self, text: str, sentence_starts: list[int], single: bool) -> None:
        self.text = text
        self.sentence_starts = sentence_starts
        self.single = single
        self.regions: list[Region] = []
        self.open_at: int | None = None
        self.nested: int | None = None  # opening mark of a quotation inside the open one
        self.last_mark = -1

    def _sentence_start(self, i: int) -> int:
        index = bisect_right(self.sentence_starts, i) - 1
        start = self.sentence_starts[index] if index >= 0 else 0
        paragraph = self.text.rfind("\n", 0, i) + 1
        return max(start, paragraph)

    def _close_unclosed(self, limit: int) -> None:
        start = self.open_at + 1
        end = _unclosed_end(self.text, start, limit)
        if end > start and not (self.single and end - start > MAX_SINGLE):
            self.regions.append(Region(start, end, self.open_at, None, self.single))
        self.open_at = None

    def feed(self, i: int) -> None:
        if self.open_at is not None and "\n" in self.text[self.open_at:i]:
            self.nested = None
            self._close_unclosed(i)
        role = _role(self.text, i, self.open_at is not None)
        if role == "open":
            self._open(i)
        elif self.nested is not None:
            self.nested = None  # the inner quotation closes; it stays part of the outer region
        elif self.open_at is not None:
            if not (self.single and i - self.open_at > MAX_SINGLE):
                self.regions.append(Region(self.open_at + 1, i, self.open_at, i, self.single))
            self.open_at = None
        elif role == "close" and not self.single:
            self._orphan_close(i)
        self.last_mark = i

    def _open(self, i: int) -> None:
        """A new opening mark: a quotation inside the open one when its marks differ, else the open one lacked
        its closing mark."""
        if self.open_at is not None and self.nested is None and _family(self.text[i]) != _family(
                self.text[self.open_at]):
            self.nested = i
            return
        if self.open_at is not None:
            self.nested = None
            self._close_unclosed(i)
        self.open_at = i

    def _orphan_close(self, i: int) -> None:
        """A closing mark with no opening one: the quote starts at its sentence, unless a mark came earlier."""
        start = self._sentence_start(i)
        if self.last_mark >= start - 2 or i - start < 2:
            return  # a doubled closing mark, or one right after the sentence starts
        self.regions.append(Region(start, i, None, i, self.single))

    def finish(self) -> list[Region]:
        if self.open_at is not None:
            self._close_unclosed(len(self.text))
        return self.regions


def _family(char: str) -> str:
    """Marks pair within a family; a mark of another family inside an open quotation opens a nested one."""
    if char in STRAIGHT:
        return "straight"
    return "curly"


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isalnum() and after.isalnum()


def _single_marks(text: str, outside: list[Region]) -> list[int]:
    spans = [(r.open_mark if r.open_mark is not None else r.start, r.end + 1) for r in outside]
    marks = []
    for match in SINGLE_MARKS.finditer(text):
        i = match.start()
        if not _is_apostrophe(text, i) and not any(a <= i < b for a, b in spans):
            marks.append(i)
    return marks


def _drop_plural_possessives(text: str, marks: list[int]) -> list[int]:
    """Keep a closing single mark only if an opening one precedes it (``states’ rights`` is not a quote)."""
    kept, depth = [], 0
    for i in marks:
        role = _role(text, i, depth > 0)
        if role == "open":
            depth = min(depth + 1, 2)
            kept.append(i)
        elif depth:
            kept.append(i)
            depth -= 1
    return kept


def find_regions(text: str, sentence_starts: list[int] | None = None) -> list[Region]:
    """Every region of `text` enclosed in quotation marks, in order, outermost only."""
    starts = sorted(sentence_starts or [0])
    doubles = _Scanner(text, starts, single=False)
    for match in DOUBLE_MARKS.finditer(text):
        doubles.feed(match.start())
    regions = doubles.finish()
    singles = _Scanner(text, starts, single=True)
    for i in _drop_plural_possessives(text, _single_marks(text, regions)):
        singles.feed(i)
    return sorted([*regions, *singles.finish()], key=lambda r: r.start)
