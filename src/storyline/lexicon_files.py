"""The one reader of the word lists in `storyline/lexicons/`: vocabulary lives in data files, not in code.

A linguist edits a list without touching Python; the engines load it once by name. Two formats (see
`lexicons/README.md`):

- `NAME.txt`: one entry per line (an entry may hold spaces: "a few", "as of"); read by `words` (a set) and
  `entries` (the entries in file order, for the lists whose order the code depends on).
- `NAME.tsv`: one row per line, columns separated by a tab; read by `rows` (every row, in order), `table`
  (first column -> second column, in order), `integers` (the same, the second column a whole number) and `groups`
  (first column -> the space-separated words of the second, in order).

In both, a line whose first character is `#` is a comment and blank lines are skipped; every other line is taken
as it stands, less its line break (no trailing comments, so "#" may start no entry). Files are read through
`importlib.resources`, so an installed wheel carries them, and each file is read once per process
(`functools.cache`): read-only data that every worker process loads for itself.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

PACKAGE = "storyline"
FOLDER = "lexicons"
COMMENT = "#"


@cache
def _lines(filename: str) -> tuple[str, ...]:
    """The content lines of one file in the lexicons folder: comments and blank lines dropped, order kept."""
    text = files(PACKAGE).joinpath(FOLDER, *filename.split("/")).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith(COMMENT))


def entries(name: str) -> tuple[str, ...]:
    """The entries of `NAME.txt` in file order (`name` may name a subfolder: "events/light_verbs")."""
    return _lines(f"{name}.txt")


def words(name: str) -> frozenset[str]:
    """The entries of `NAME.txt` as a set."""
    return frozenset(entries(name))


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `NAME.tsv` in file order, each split at its tabs."""
    return tuple(tuple(line.split("\t")) for line in _lines(f"{name}.tsv"))


def table(name: str) -> dict[str, str]:
    """`NAME.tsv` as a mapping from its first column to its second, in file order (a new dict each call)."""
    out: dict[str, str] = {}
    for row in rows(name):
        if len(row) != 2:
            raise ValueError(f"lexicons/{name}.tsv: expected 2 tab-separated columns, got {row!r}")
        out[row[0]] = row[1]
    return out


def integers(name: str) -> dict[str, int]:
    """`NAME.tsv` as a mapping from its first column to its second read as a whole number, in file order."""
    return {key: int(value) for key, value in table(name).items()}


def groups(name: str) -> dict[str, tuple[str, ...]]:
    """`NAME.tsv` as a mapping from its first column to the space-separated words of its second, in file order."""
    return {key: tuple(value.split()) for key, value in table(name).items()}
