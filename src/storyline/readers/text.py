"""Plain-text articles: the first line is the headline when it reads as one, else the body starts there.

A title line is a first non-empty line with a blank line under it that `readers.headline.judge` reads as a
headline; a first paragraph that reads as prose is the lead and stays in the body. `--title-line yes|no` (the
`title_line` setting) overrides the judgement. Every Document records how its title was decided in
`title_basis` (the codes are in `readers.headline`).
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.errors import ConfigError
from storyline.model import Document
from storyline.readers.headline import FORCED, HEADLINE, LEAD, TITLE_LINE_CHOICES, Judgement, judge


@dataclass(frozen=True)
class TitleSplit:
    """A text cut into title and body, how that was decided, and the scorer's verdict when it was asked."""

    title: str | None
    body: str
    basis: str
    judgement: Judgement | None = None


def read_title_line(text: str, title_line: str = "auto") -> TitleSplit:
    """Cut `text` into (title, body). `title_line`: auto (judge the first line), yes (it is the title), no (none)."""
    if title_line not in TITLE_LINE_CHOICES:
        raise ConfigError(f"title_line must be one of {', '.join(TITLE_LINE_CHOICES)}, got {title_line!r}")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return TitleSplit(None, "", LEAD if title_line == "auto" else FORCED)
    whole = "\n".join(lines[first:])
    if title_line == "no":
        return TitleSplit(None, whole, FORCED)
    blank_after = first + 1 < len(lines) and not lines[first + 1].strip()
    if title_line == "yes":
        return TitleSplit(lines[first].strip(), "\n".join(lines[first + (2 if blank_after else 1):]), FORCED)
    if not blank_after:
        return TitleSplit(None, whole, LEAD)  # the first line runs into the next: a paragraph, not a title
    body = "\n".join(lines[first + 2:])
    verdict = judge(lines[first], body)
    if verdict.headline:
        return TitleSplit(lines[first].strip(), body, HEADLINE, verdict)
    return TitleSplit(None, whole, LEAD, verdict)


def split_headline(text: str, title_line: str = "auto") -> tuple[str | None, str]:
    """Return (headline or None, body): `read_title_line` without the basis."""
    split = read_title_line(text, title_line)
    return split.title, split.body


def parse_text(text: str, doc_id: str, source_path: str, title_line: str = "auto") -> Document:
    """A plain-text article as a Document, its title decided by `read_title_line`."""
    split = read_title_line(text, title_line)
    return Document(id=doc_id, raw_text=split.body, source_path=source_path, title=split.title,
                    title_basis=split.basis)
