"""Quotes stage: direct quotes and reported speech of one document, each with its speaker, date and medium.

`compute(document, parsed)` reads the spaCy Doc the runner parsed from `document.text` and returns the
`Quote`s `storyline.quotes.find_quotes` finds; every span indexes `document.text`. The quote's own date falls
back to the document's publication date. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from storyline.model import Document, Quote, TimeFindings
from storyline.quotes import find_quotes


def compute(document: Document, parsed: Doc, earlier: Mapping[str, object] | None = None) -> list[Quote]:
    """Every quote in `document`, its spans into `document.text`; dates come from the time stage's findings."""
    time_findings = (earlier or {}).get("time")
    timexes = time_findings.timexes if isinstance(time_findings, TimeFindings) else None
    return find_quotes(parsed, document.published, timexes, document.text)  # the text parsed: parsed.text
