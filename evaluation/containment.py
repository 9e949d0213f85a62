"""Where a place the gazetteer does not list most likely is, as a last resort: in the place the document is about.

News names many places no packaged gazetteer lists: streets, buildings, stadiums, schools, neighbourhoods
("Colfax Avenue", "Quillfeather Arena", "St Mary's School"). The actors stage places them only by local evidence
(`storyline.actors.containment`: "Colfax Avenue in Denver"). What is still unplaced after that can take, in the
scorer only, the town, county or state the document names most often, else the country it names most often
(`containing_place`; `focus` in evaluation.geocoding, `with_focus` in the bench).

The answer is approximate: the containing place's point, not the feature's own, and a guess when the document
names several towns. The actors stage does not use it: on 30 ukraine-media articles it gave landmarks named in
passing the country of the article's main town (the Eiffel Tower and the Statue of Liberty got the United Kingdom,
Siberia Ukraine), which is worse than no country. Chosen on the dev half of GeoWebNews against the nearest town
named before the mention (within 100 to 3,000 characters), which placed fewer features right (docs/quality.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.actors.gazetteer import Place

LOCAL_KINDS = frozenset({"city", "county", "state"})  # places small enough to stand for what lies in them


@dataclass(frozen=True)
class Placed:
    """A mention of the document that resolved to a gazetteer place, at character `start`."""

    start: int
    place: Place


def document_focus(placed: Sequence[Placed], kinds: frozenset[str]) -> Place | None:
    """The place of these kinds the document names most often (the first named among equals)."""
    counts = Counter(p.place.key for p in placed if p.place.kind in kinds)
    if not counts:
        return None
    first: dict[str, Placed] = {}
    for p in placed:
        if p.place.key not in first or p.start < first[p.place.key].start:
            first[p.place.key] = p
    key = max(counts, key=lambda k: (counts[k], -first[k].start))
    return first[key].place


def containing_place(placed: Sequence[Placed]) -> Place | None:
    """The place an unlisted feature of the document most likely lies in (see the module docstring): the town,
    county or state the document names most often, else its most named country, else None."""
    return document_focus(placed, LOCAL_KINDS) or document_focus(placed, frozenset({"country"}))
