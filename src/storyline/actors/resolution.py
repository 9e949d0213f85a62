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
from difflib import SequenceMatcher

from storyline.actors.gazetteer import KNOWN_MIN_POPULATION, SUPRANATIONAL, Gazetteer, Place, fold

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts (chosen on the dev half of GeoWebNews; docs/quality.md)."""

    continent: float = 6.0
    region: float = 6.0  # a world region ("Southeast Asia", "EU"), as a continent (dev flat from 3 to 7.5)
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
AREA_KINDS = frozenset({"continent", "region", "country"})
DIVISION_KINDS = frozenset({"state", "county"})
# A city that holds this share of its division's people is the place the shared name means (its seat:
# Donetsk, Istanbul, New York), not a village that happens to be called like the state (Montana City).
NAMESAKE_SHARE = 0.1
SPELLING_SIMILARITY = 0.5  # `_own_names_first`: difflib ratio from which an alternate name is a spelling
NAMED_AFTER_POPULATION = 100_000  # `contained_place`: the smallest city a longer name is taken to be named after


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' points."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _score(place: Place, name: str, gaz: Gazetteer, context: dict[str, int], total: int,
           anchors: Sequence[Place], w: Weights) -> float:
    value = math.log10(max(place.population, 10))
    value += {"continent": w.continent, "region": w.region, "country": w.country, "state": w.state,
              "county": w.county}.get(place.kind, 0)
    if place.kind not in AREA_KINDS and fold(place.name) != fold(name):
        value += w.alternate_name
    if place.kind == "city" and gaz.is_capital(place):
        value += w.capital
    share = context.get(place.country, 0) / total
    near = sum(context.get(n, 0) for n in gaz.neighbours.get(place.country, ())) / total
    value += w.country_share * share + w.neighbour_share * near
    if anchors and place.kind not in AREA_KINDS:
        value += w.nearby * max(0.0, 1.0 - _closest_km(place, anchors, w.nearby_km) / w.nearby_km)
    return value


def _closest_km(place: Place, anchors: Sequence[Place], limit: float) -> float:
    """Distance to the nearest anchor, or `limit` when none is nearer (an anchor more than `limit` km north or
    south is skipped without the trigonometry: a degree of latitude is 111 km)."""
    closest = limit
    for anchor in anchors:
        if abs(anchor.lat - place.lat) * 111.0 < closest:
            closest = min(closest, distance_km(place, anchor))
    return closest


def choose_place(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
                 weights: Weights = DEFAULT, minor: bool = True) -> Place | None:
    """The most likely place a name stands for, given how often the document names each country and the places
    it names elsewhere (`anchors`, see `document_anchors`). A single-candidate name resolves to its candidate.
    "Town, Region" (a comma, then a state, country or county) is the town in that region when the gazetteer has
    one, else the region. An all-capitals abbreviation is the one country or province of the document's countries
    whose initials it spells ("SA" beside South Africa, not Saudi Arabia's ISO code). `minor=False` leaves out
    counties and cities under 5,000 people (for a name the recogniser calls a location, not a town: "Middle East",
    "West", "Gulf")."""
    abbreviated = gaz.abbreviated_state(name) or gaz.spelled_by_initials(name, context)
    if abbreviated is not None:
        return abbreviated  # "Ill." as American copy writes it; "BC" where the document names Canada
    candidates = [p for p in gaz.places(name) if _plausible(p, gaz, context, anchors, weights) and
                  (minor or not _is_minor(p))]
    if not candidates and "," in name:
        return _qualified(name, gaz, context, anchors, weights)
    if not candidates:
        return None
    candidates = _own_names_first(candidates, name)
    if len(candidates) == 1:
        return candidates[0]
    total = sum(context.values()) or 1
    best = max(candidates, key=lambda p: _score(p, name, gaz, context, total, anchors, weights))
    namesakes = [p for p in candidates if p.kind == "city" and p.country == best.country and
                 best.kind in DIVISION_KINDS and p.population >= NAMESAKE_SHARE * best.population and
                 distance_km(p, best) <= weights.nearby_km]
    if namesakes:  # "Donetsk": the city, not the oblast named after it (which news calls "Donetsk region")
        return max(namesakes, key=lambda p: _score(p, name, gaz, context, total, anchors, weights))
    return best


def _own_names_first(candidates: list[Place], name: str) -> list[Place]:
    """Leave out a city matched only by an alternate name that is another name altogether (a former or another
    language's name, not a spelling of its own) when a place of the same country bears the name as its own:
    "Oleksandrivka" is one of the villages called so, not Donetsk, which GeoNames also records under that name.
    A spelling stays a candidate ("Kiev" for Kyiv), and so does a name no place of that country bears."""
    wanted = fold(name)
    own = {p.country for p in candidates if fold(p.name) == wanted}
    return [p for p in candidates
            if p.kind != "city" or p.country not in own or fold(p.name) == wanted
            or SequenceMatcher(None, fold(p.name), wanted).ratio() >= SPELLING_SIMILARITY]


def _is_minor(place: Place) -> bool:
    return place.kind == "county" or (place.kind == "city" and place.population < KNOWN_MIN_POPULATION)


def _plausible(place: Place, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place],
               weights: Weights) -> bool:
    """Whether a candidate can be meant at all. Continents, countries and cities of 5,000+ people always can;
    a division or a smaller place only in (or next to) a country the document names, or near one of its places,
    and a first-level division also in a country where the document names another place: their names are often
    ordinary words ("West", a region of Cameroon; "Pool", one of Congo). (Letting counties and small towns in by
    the document's places as well tied on the dev half of GeoWebNews; states only is the narrower rule.)"""
    if place.kind in AREA_KINDS or (place.kind == "city" and place.population >= KNOWN_MIN_POPULATION):
        return True
    if context.get(place.country) or any(context.get(n) for n in gaz.neighbours.get(place.country, ())):
        return True
    if place.kind == "state" and any(anchor.country == place.country for anchor in anchors):
        return True  # "Oregon" in an article naming only American towns far from it: its country is in play
    return bool(anchors) and _closest_km(place, anchors, weights.nearby_km) < weights.nearby_km


def locate(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
           weights: Weights = DEFAULT) -> Place | None:
    """Where a place name puts its referent: a seat of government is in its country's capital ("White House",
    "Kremlin"); else the place it names (`choose_place`), else the place a longer name is named after
    (`contained_place`: "Bank of Japan" is in Japan)."""
    return locate_listed(name, gaz, context, anchors, weights) or contained_place(name, gaz, context, anchors, weights)


def locate_listed(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
                  weights: Weights = DEFAULT) -> Place | None:
    """The place a name itself names in the gazetteer: a seat of government's capital, else `choose_place`. None
    for a name the gazetteer does not list (a street, a building; see `actors.containment`)."""
    seat = gaz.capital(gaz.seat(name) or "")
    return seat if seat is not None else choose_place(name, gaz, context, anchors, weights)


def contained_place(name: str, gaz: Gazetteer, context: dict[str, int], anchors: Sequence[Place] = (),
                    weights: Weights = DEFAULT) -> Place | None:
    """The place a longer name is named after, for a name that is no place itself: "Bank of Japan" -> Japan,
    "Maccabi Haifa" -> Haifa, "Council of Europe" -> Europe. The longest run of capitalised words that resolves to
    a continent, a world region, a country, a first-level division of a country the document names, or a city of
    100,000+ people (among runs of equal length, the first that is no continent or region, else the first): a
    smaller place or a foreign division is too often an ordinary word ("Sea", "Horn", "Nord")."""
    words = name.replace(",", " ").split()
    for size in range(len(words) - 1, 0, -1):
        found = []
        for start in range(len(words) - size + 1):
            part = " ".join(words[start:start + size])
            if not part[:1].isupper() or not (gaz.country(part) or gaz.is_major_place(part) or
                                              any(p.kind in SUPRANATIONAL for p in gaz.places(part))):
                continue
            place = choose_place(part, gaz, context, anchors, weights, minor=False)
            if place is not None and _can_name_after(place, context):
                found.append(place)
        if found:  # a country or town before a wider region: "Gulf of Finland" is Finland's
            return min(found, key=lambda p: p.kind in SUPRANATIONAL)
    return None


def _can_name_after(place: Place, context: dict[str, int]) -> bool:
    """Whether a longer name is taken to be named after this place (see `contained_place`)."""
    if place.kind in AREA_KINDS:
        return True
    if place.kind == "state":
        return bool(context.get(place.country))
    return place.kind == "city" and place.population >= NAMED_AFTER_POPULATION


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
