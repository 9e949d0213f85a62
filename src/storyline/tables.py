"""Listings that fit the reader's screen: how the CLI prints rows of data for people.

On a terminal a listing is a table sized to the terminal's width (or COLUMNS when set): when the columns do not
all fit, the least useful ones are dropped and long values end in "…", and at most one column of running text
(an event's summary, a quote's words) wraps onto further lines, never narrower than a readable line, so no cell
is broken into one word per line. When stdout is not a terminal (a pipe, a file) the same columns are printed as
tab-separated text with a header line, every value whole, so `cut`, `sort` and `grep` work on it; hints such as
"showing 50 of 212" then go to stderr, leaving stdout pure data. `--json` (in cli.py) is the format for programs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

HANG = 2  # how much further a wrapped line of a report is indented than its first line
GAP = 2  # cells between two columns: the table below pads each cell on the right and divides with a space


@dataclass(frozen=True)
class Column:
    """One column of a listing and how it gives way on a narrow screen.

    least: the narrowest width worth showing (values are cut to it with "…"); when even the least widths do not
        fit, the column with the lowest `keep` is dropped (the rightmost of equals first).
    most: the widest it grows (None: as wide as its longest value), so one long value cannot starve the others.
    flex: takes whatever width is left once the other columns have theirs (one per table: the main text).
    wrap: the flex column wraps onto further lines instead of ending in "…" (running text: summaries, quotes).
    """

    header: str
    least: int = 1
    most: int | None = None
    keep: int = 0
    flex: bool = False
    wrap: bool = False
    numeric: bool = False


def clean(value: object) -> str:
    """A value as one line of text: None is empty, and tabs and line breaks become single spaces."""
    return "" if value is None else re.sub(r"\s+", " ", str(value)).strip()


def fit(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[int | None]:
    """The width of each column in a table `width` cells wide; None for a column that is dropped.

    Fixed columns start as wide as their longest value (up to `most`), the flex column at its least. While the
    table is too wide, the least kept column gives way first: it is cut down towards its least width, then
    dropped, before the next is touched. Width left over widens the flex column, up to its longest value.
    """
    natural = [max([cell_len(c.header), *(cell_len(row[i]) for row in rows)]) for i, c in enumerate(columns)]
    widths: list[int | None] = [
        min(c.least, n) if c.flex else min(n, c.most) if c.most else n for c, n in zip(columns, natural, strict=True)]

    def excess() -> int:
        shown = [w for w in widths if w is not None]
        return sum(shown) + GAP * (len(shown) - 1) - width

    for i in sorted(range(len(columns)), key=lambda i: (columns[i].keep, -i)):
        current = widths[i]
        if excess() <= 0 or current is None or sum(w is not None for w in widths) == 1:
            break
        widths[i] = max(min(columns[i].least, current), current - excess())
        if excess() > 0:
            widths[i] = None
    for i, column in enumerate(columns):
        width_i = widths[i]
        if column.flex and width_i is not None:
            widths[i] = width_i + max(0, min(-excess(), natural[i] - width_i))
    shown = [i for i, w in enumerate(widths) if w is not None]
    if excess() > 0 and len(shown) == 1:
        widths[shown[0]] = width
    return widths


def console() -> Console:
    """A console on stdout, made afresh for each command so it sees the terminal (and COLUMNS) of this run."""
    return Console(highlight=False, emoji=False)


def show(out: Console, columns: Sequence[Column], rows: Sequence[Sequence[object]], title: str | None = None,
         header: bool = True, empty: str = "nothing to list") -> None:
    """Print rows under `columns`: a fitted table on a terminal, tab-separated lines otherwise; `empty` as a hint
    when there are no rows."""
    cells = [[clean(value) for value in row] for row in rows]
    if not cells:
        hint(out, empty)
        return
    if not out.is_terminal:
        lines = ([title] if title else []) + (["\t".join(c.header for c in columns)] if header else [])
        print("\n".join([*lines, *("\t".join(row) for row in cells)]), file=out.file)  # rich would expand tabs
        return
    out.print(table(columns, cells, out.width, title, header))


def table(columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int, title: str | None = None,
          header: bool = True) -> Table:
    """The rich Table for `cells` at `width`: fitted widths, one line per cell but for the wrapping column."""
    widths = fit(columns, cells, width)
    shown = [i for i, w in enumerate(widths) if w is not None]
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), title=title,
                 show_header=header, header_style="bold", title_justify="left")
    for i in shown:
        column = columns[i]
        wraps = column.flex and column.wrap
        grid.add_column(column.header, width=widths[i], no_wrap=not wraps, overflow="fold" if wraps else "ellipsis",
                        justify="right" if column.numeric else "left")
    for row in cells:
        grid.add_row(*(Text(row[i]) for i in shown))
    return grid


def footer(out: Console, shown: int, total: int, what: str = "", more: str = "--limit N or --all for more") -> None:
    """Say that a listing was cut ("showing 50 of 212; --limit N or --all for more"); nothing when it was not."""
    if shown < total:
        hint(out, f"showing {shown} of {total}{' ' + what if what else ''}; {more}")


def hint(out: Console, note: str) -> None:
    """A note for the reader: dim under the output on a terminal, on stderr when stdout is data for a program."""
    if out.is_terminal:
        out.print(note, style="dim", markup=False)
    else:
        print(note, file=sys.stderr)


def say(out: Console, line: str | Text, indent: int = 0) -> None:
    """One line of a report (an actor profile): on a terminal wrapped at its width, the wrapped part indented two
    more cells so each item stands out; whole on one line when stdout is not a terminal."""
    text = line if isinstance(line, Text) else Text(line)
    if not out.is_terminal:
        out.print(Text(" " * indent) + text, soft_wrap=True)
        return
    for n, part in enumerate(text.wrap(out, max(out.width - indent - HANG, 20))):
        part.rstrip()
        out.print(Text(" " * (indent + (HANG if n else 0))) + part, soft_wrap=True)
