"""One document's actor mentions indexed by where they start, for the steps that link a span to the mention it
overlaps (event participants, quote speakers).

A linear scan of every mention per span grows with (spans x mentions) per document; the index finds the mentions
that overlap a span by bisection. It returns them in the order of the list it was built from, so a caller that breaks
ties by that order gets what a scan of the whole list gets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

Mention = tuple[int, int, int]  # (start, end, actor id)


class SpanIndex:
    """The mentions of one document, searchable by overlap."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self._order = sorted(range(len(mentions)), key=lambda i: mentions[i][0])
        self._starts = [mentions[i][0] for i in self._order]
        # No mention reaching past `start` can begin more than the longest mention's length before it.
        self._longest = max((end - start for start, end, _ in mentions), default=0)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that share at least one character with start:end, in the list's order."""
        if end <= start:
            return []
        low = bisect_right(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        found = sorted(i for i in self._order[low:high]
                       if min(end, self.mentions[i][1]) > max(start, self.mentions[i][0]))
        return [self.mentions[i] for i in found]
