"""Actors stage: who is mentioned in one document, as chains of mentions of one actor each, with roles.

`compute(document, parsed)` reads the spaCy Doc the runner parsed from `document.text` and returns the
`ActorFindings` `storyline.actors.find_actors` finds: repaired name mentions in chains (one per actor in the
document), roles from pre-modifiers and appositions, places resolved against the gazetteer, and metonymy. Every
span indexes `document.text`. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc

from storyline.actors import find_actors
from storyline.actors.gazetteer import Gazetteer
from storyline.actors.places import choose_place
from storyline.model import ActorFindings, Document


def compute(document: Document, parsed: Doc, gazetteer: Gazetteer | None = None,
            earlier: Mapping[str, object] | None = None) -> ActorFindings:
    """Actor mentions in chains, with roles, for one parsed document; no earlier stage's findings are needed.

    `gazetteer` defaults to the package gazetteer (`load_gazetteer()`); scorers that already hold one pass it."""
    del earlier
    return find_actors(parsed, gazetteer, document.text)  # the text parsed: parsed.text, which spaCy would rebuild


__all__ = ["choose_place", "compute"]  # choose_place: re-exported for the geocoding scorer's older import
