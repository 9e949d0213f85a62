"""Work spread over an executor's workers in chunks: what a corpus step hands to `Executor.map`.

A mapper is the builtin `map` (in this process) or an executor's `map` (its worker processes or Ray actors), both
taking a module-level function and items and giving the results in order. `map_chunked` sends items in chunks, so
that each unit of work outweighs its pickling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any, TypeVar

X = TypeVar("X")
Y = TypeVar("Y")
Mapper = Callable[..., Iterable[Any]]  # the builtin `map`, or an executor's: (function, items) -> results in order
CHUNK = 64  # items per unit sent to a worker: enough work to outweigh the pickling, small enough to spread


def _each(unit: tuple[Callable[[X], Y], list[X]]) -> list[Y]:
    """`function` on each item of one chunk (what a worker runs)."""
    function, items = unit
    return [function(item) for item in items]


def map_chunked(mapper: Mapper, function: Callable[[X], Y], items: Sequence[X], size: int = CHUNK) -> list[Y]:
    """`[function(x) for x in items]`, computed chunk by chunk through `mapper` (in the executor's workers when it
    is an executor's `map`); `function` must be a module-level function, so that it pickles by name."""
    chunks = ((function, list(items[start:start + size])) for start in range(0, len(items), size))
    return list(chain.from_iterable(mapper(_each, chunks)))
