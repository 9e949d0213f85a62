"""Toponym resolution without a search server: which gazetteer place a place name stands for in a document.

A candidate's score adds up evidence a reader would use, in the manner of Mordecai's and CLAVIN's hand-built
features (their learned weights replaced by a few set by hand and checked on the dev half of GeoWebNews,
docs/quality.md):
- size: log10 of the population (a division: the population of its cities);
- feature class: a continent or a country before a first-level division, before a county, before a city; a
  capital before another city of the same name;
- how the name matched: a place's own name before one of its alternate names ("Kharkiv" is the city, which
  GeoNames also records as a name of Kharkiv oblast);
- the document's countries: candidates in (or next to) the countries the document names most;
- nearby places: candidates close to the other places the document names (its anchors: what each other name
  resolves to on the first three kinds of evidence), so "Springfield" next to "Decatur" is the one in Illinois.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storyline.actors.gazetteer import Gazetteer, Place, fold

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts (chosen on the dev half of GeoWebNews; docs/quality.md)."""

    continent: float = 6.0
    country: float = 5.0
    state: float = 1.5
    county: float = 0.5
    capital: float = 2.5
    alternate_name: float = -2.0  # a division or city matched only by one of its alternate names
    country_share: float = 2.0  # times the share of the document's country mentions naming its country
    neighbour_share: float = 1.0  # the same for the countries next to it
    nearby: float = 2.0  # for a place within `nearby_km` of an anchor, falling linearly to 0 at that distance
    nearby_km: float = 300.0


DEFAULT = Weights()
AREA_KINDS = frozenset({"continent", "country"})


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' points."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _score(place: Place, name: str, gaz: Gazetteer, context: dict[str, int], total: int,
           anchors: Sequence[Place], w: Weights) -> float:
    value = math.log10(max(place.population, 10))
    value += {"continent": w.continent, "country": w.country, "state": w.state, "county": w.county}.get(place.kind, 0)
    if place.kind not in AREA_KINDS and fold(place.name) != fold(name):
        value += w.alternate_name
    if place.kind == "city" and gaz.is_capital(place):
        value += w.capital
    share = context.get(place.country, 0) / total
    near = sum(context.get(n, 0) for n in gaz.neighbours.get(place.country, ())) / total
    value += w.country_share * share + w.neighbour_share * near
    if anchors and place.kind not in AREA_KINDS:
        closest = min(distance_km(place, a) for a in anchors)
        value += w.nearby * max(0.0, 1.0 - closest / w.nearby_km)
    return value


def choose_place(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
                 weights: Weights = DEFAULT) -> Place | None:
    """The most likely place a name stands for, given how often the document names each country and the places
    it names elsewhere (`anchors`, see `document_anchors`). A single-candidate name resolves to its candidate.
    "Town, Region" (a comma, then a state, country or county) is the town in that region when the gazetteer has
    one, else the region."""
    candidates = gaz.places(name)
    if not candidates and "," in name:
        return _qualified(name, gaz, context, anchors, weights)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    total = sum(context.values()) or 1
    return max(candidates, key=lambda p: _score(p, name, gaz, context, total, anchors, weights))


def locate(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
           weights: Weights = DEFAULT) -> Place | None:
    """Where a place name puts its referent: the place it names (`choose_place`), else the place a longer name
    is named after (`contained_place`: "Bank of Japan" is in Japan)."""
    return choose_place(name, gaz, context, anchors, weights) or contained_place(name, gaz, context, anchors, weights)


def contained_place(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
                    weights: Weights = DEFAULT) -> Place | None:
    """The place a longer name is named after, for a name that is no place itself: "Bank of Japan" -> Japan,
    "Dulles International Airport" -> Dulles, "Liverpool FC" -> Liverpool. The longest run of words (the first
    of equal length) that names a country, a first-level division or a city of 5,000+ people
    (`Gazetteer.is_major_place`: smaller places share their names with too many ordinary words)."""
    words = name.replace(",", " ").split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if part[:1].isupper() and (gaz.country(part) or gaz.is_major_place(part)):
                return choose_place(part, gaz, context, anchors, weights)
    return None


def _qualified(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place],
               weights: Weights) -> Place | None:
    """"Springfield, Ill.": the candidates of the part before the comma in the region after it (its country for a
    country, within `nearby_km` of its point for a division), the likeliest first; else the region itself."""
    head, _, tail = name.rpartition(",")
    region = choose_place(tail.strip(), gaz, context, anchors, weights)
    if region is None:
        return choose_place(head.strip(), gaz, context, anchors, weights)
    inside = [p for p in gaz.places(head.strip()) if p.kind not in AREA_KINDS and p.country == region.country and
              (region.kind in AREA_KINDS or distance_km(p, region) <= weights.nearby_km)]
    if not inside:
        return region
    total = sum(context.values()) or 1
    return max(inside, key=lambda p: _score(p, head.strip(), gaz, context, total, [region], weights))


def document_anchors(names: Iterable[str], gaz: Gazetteer, context: dict[str, int],
                     weights: Weights = DEFAULT) -> dict[str, Place]:
    """Folded name -> the place each place name of a document resolves to without proximity, for the names that
    resolve to a division or a city (countries and continents are too large to say what is near)."""
    out: dict[str, Place] = {}
    for name in names:
        key = fold(name)
        if key in out:
            continue
        place = choose_place(name, gaz, context, (), weights)
        if place is not None and place.kind not in AREA_KINDS:
            out[key] = place
    return out


def anchors_for(name: str, anchors: dict[str, Place]) -> list[Place]:
    """The anchors of the other names of the document (a name is no evidence for itself)."""
    key = fold(name)
    return [place for other, place in anchors.items() if other != key]
