"""Time stage: every temporal expression of a document, normalised against the document's date.

A parsed stage (see `stages/__init__.py`): `compute(document, parsed)` reads the spaCy Doc of the clean
text and returns the expressions, with no I/O. When the document has no date yet (no metadata), values
that depend on it keep X digits ("XXXX-02-01"); the corpus step `dating` infers the date later and
resolves them again from their stored specs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from spacy.tokens import Doc

from storyline.model import Document, TimeFindings
from storyline.timex import tag


def document_anchor(document: Document) -> date | None:
    """The document's own date when it has one (metadata or a pin), else None."""
    if not document.published:
        return None
    try:
        return date.fromisoformat(document.published[:10])
    except ValueError:
        return None


def compute(document: Document, parsed: Doc, earlier: Mapping[str, object] | None = None) -> TimeFindings:
    """Find and normalise the time expressions of `document` (its clean text, parsed)."""
    anchor = document_anchor(document)
    return TimeFindings(timexes=tag(document.text, parsed, anchor), anchor=anchor.isoformat() if anchor else None)
