"""Quotes stage: direct quotes and reported speech of one document, each with its speaker, date and medium.

`compute(document, parsed)` reads the spaCy Doc the runner parsed from `document.text` and returns the
`Quote`s `storyline.quotes.find_quotes` finds; every span indexes `document.text`. The quote's own date falls
back to the document's publication date. Pure: no I/O.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.model import Document, Quote
from storyline.quotes import find_quotes


def compute(document: Document, parsed: Doc) -> list[Quote]:
    """Every quote in `document`, its spans into `document.text`."""
    return find_quotes(parsed, document.published)
