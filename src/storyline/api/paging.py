"""Pages of a list endpoint: `limit` (1..500) and an opaque `cursor` that says where the next page starts.

The cursor is the URL-safe base64 of "o:OFFSET": opaque to clients (they pass back the `next` they got), cheap to
check, and stable for a store that does not change while a client walks it. A cursor that does not decode is a
client error (400), never a 500.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
PREFIX = "o:"


class BadCursor(ValueError):
    """A cursor this API did not hand out."""


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for (0 for none); BadCursor when it is not one of ours."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor(f"cursor {cursor!r} is not a cursor this API gave; start again without one") from None
    number = text.removeprefix(PREFIX)
    if not text.startswith(PREFIX) or not number.isdigit() or len(number) > 18:
        raise BadCursor(f"cursor {cursor!r} is not a cursor this API gave; start again without one")
    return int(number)


@dataclass(frozen=True)
class Page:
    """Where a page starts and how long it is."""

    limit: int
    offset: int
    cursor: str | None

    def wrap(self, rows: list[Any]) -> tuple[list[Any], dict[str, Any]]:
        """The page's rows and its `page` object, from up to limit + 1 rows read from `offset` (one more than
        the page shows, to know whether another page follows)."""
        more = len(rows) > self.limit
        return rows[:self.limit], {"limit": self.limit, "cursor": self.cursor,
                                   "next": encode_cursor(self.offset + self.limit) if more else None}

    def cut(self, rows: list[Any]) -> tuple[list[Any], dict[str, Any]]:
        """The page of a list read whole (small lists: outlets, filtered in Python)."""
        return self.wrap(rows[self.offset:self.offset + self.limit + 1])
