"""Finding a regex's matches faster where the places a match can start are known: `finditer` semantics, tried only
there.

A stage whose regex can match only next to something rare (a word from a short list, a full stop before a capital)
finds those places first, by a cheap search, then tries the regex at each of them in text order: the regex engine
no longer attempts a match at every position of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def matches_at(pattern: re.Pattern[str], starts: Iterable[int], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` when every match of it starts at one of `starts` (in order, repeats allowed): from
    each start at or after the end of the last match, the match there if any. A match must not be empty."""
    position = 0
    for start in starts:
        if start < position:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            position = match.end()
