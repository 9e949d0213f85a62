"""Quantities stage: every number a document reports, normalised, with whose it is and what it counts.

`compute(document, parsed)` reads the spaCy Doc and returns `CountedQuantity` records
(storyline.claims.holders: the quantity of storyline.claims.quantities with its holder country and measure); every
span indexes `document.text`. Pure: no I/O. The claims step later ties each quantity to the claim it stands in and
threads the reports of one counted thing across documents.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from storyline.claims.holders import CountedQuantity, counted_quantities
from storyline.model import Document


def compute(document: Document, parsed: Doc, earlier: Mapping[str, object] | None = None) -> list[CountedQuantity]:
    """Every quantity in `document` with its holder and measure."""
    return counted_quantities(parsed)
