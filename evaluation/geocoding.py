"""Toponym resolution against GeoWebNews (Gritta et al. 2019): 200 news articles with toponyms, their types and
gold coordinates (GeoNames points).

What is scored: every gold toponym that has coordinates, given its gold span (the standard toponym-resolution
setting: recognition is not scored here). Each is resolved the way the actors stage resolves a place mention: the
place the name names (`actors.resolution.locate_listed`), else the town, county or state the article's text puts it
in (`actors.containment.approximate_places`: an approximate place, counted apart in `approximate`), else the place a
longer name is named after (`resolution.contained_place`: "Bank of Japan", which the stage keeps as the mention's
country only), over the package gazetteer (no search server), with the countries named by the article's other
toponyms as context and the places they resolve to as anchors and containers (their names and offsets only, never
their gold coordinates). With `focus`, a toponym still unplaced takes the town the article names most
(`evaluation.containment`): a lower-confidence point the actors stage does not use, reported apart.

Split: articles in file order, even positions (0, 2, ...) = dev (rules and weights were chosen on it), odd =
held-out (`part`); no part = all.

Figures: share resolved at all; share within 161 km (100 miles) of the gold point, with our coordinates (a
country's from countryinfo's data, a division's or a region's the middle of its cities or countries: see
actors.geodata); "right place": within 161 km or the exact GeoNames id (a country resolved to the right country is
the right place whatever point stands for it); share in the right country; share with the exact GeoNames id, over
the toponyms whose gold has one; the share of toponyms placed only approximately and the share of those within
161 km. The gold country is the country of the gold point, taken as the country of the nearest
city of the gazetteer (an approximation near borders and at sea).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from evaluation.containment import Placed, containing_place
from storyline.actors.containment import approximate_places
from storyline.actors.gazetteer import SUPRANATIONAL, Gazetteer, Place
from storyline.actors.resolution import DEFAULT, Weights, anchors_for, contained_place, document_anchors, locate_listed

EARTH_KM = 6371.0088
NEAR_KM = 161.0


@dataclass(frozen=True)
class Toponym:
    article: str
    name: str
    kind: str  # GeoWebNews type: Literal, Demonym, Metonymic, ...
    lat: float
    lon: float
    geonames_id: int | None
    start: int = 0  # character offset in the article's text


def read_gwn(path: Path) -> list[list[Toponym]]:
    """Toponyms with gold coordinates, grouped by article (articles in file order)."""
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        found = []
        for t in article.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            gid = (t.findtext("geonamesID") or "").strip()
            found.append(Toponym(article.get("file") or "", (t.findtext("extractedName") or "").strip(),
                                 t.findtext("type") or "", float(lat), float(lon), int(gid) if gid.isdigit() else None,
                                 int(t.findtext("start") or 0)))
        articles.append(found)
    return articles


def read_texts(path: Path) -> list[str]:
    """The text of every article, in file order (the toponyms' `start` indexes it)."""
    return [article.findtext("text") or "" for article in ET.parse(path).getroot().iter("article")]


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


class NearestCity:
    """The country of a point: the country of the nearest gazetteer city of 5,000+ people (one-degree grid)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        table = gaz.table  # read as columns: making a Place of each of 272,000 rows would take seconds
        columns = (table.value_column(f) for f in ("kind", "population", "lat", "lon", "country"))
        for kind, population, lat, lon, country in zip(*columns, strict=True):
            if kind == "city" and population >= 5000:  # the same cities as before the gazetteer grew
                self.grid.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon, country))

    def country(self, lat: float, lon: float) -> str | None:
        for radius in (1, 3, 8):
            cells = [(math.floor(lat) + dy, math.floor(lon) + dx)
                     for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)]
            near = [p for cell in cells for p in self.grid.get(cell, [])]
            if near:
                return min(near, key=lambda p: haversine(lat, lon, p[0], p[1]))[2]
        return None


def context_of(toponyms: list[Toponym], gaz: Gazetteer) -> dict[str, int]:
    """Countries the article's toponyms name (by their text), as the actors stage counts them."""
    counts: dict[str, int] = {}
    for t in toponyms:
        code = gaz.country(t.name)
        if code is None:
            found = [p for p in gaz.places(t.name) if p.kind not in SUPRANATIONAL]
            if len({p.country for p in found}) == 1:
                code = found[0].country
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


PARTS = {"dev": 0, "held_out": 1}


def articles_of(path: Path, part: str | None = None) -> list[tuple[str, list[Toponym]]]:
    """The articles (text, toponyms) of one part of the split (`PARTS`: position in the file, even = dev), or all."""
    articles = list(zip(read_texts(path), read_gwn(path), strict=True))
    if part is None:
        return articles
    return [a for i, a in enumerate(articles) if i % 2 == PARTS[part]]


def resolve_article(text: str, toponyms: list[Toponym], gaz: Gazetteer, weights: Weights = DEFAULT,
                    focus: bool = False) -> list[tuple[Place | None, bool]]:
    """Each toponym's place as the actors stage finds it, and whether it is only approximate: the place the name
    names (`locate_listed`), else the place the text puts it in (`approximate_places`, approximate), else the place
    a longer name is named after (`contained_place`: "Bank of Japan"). With `focus` (scorer only, not the stage's
    way), a name still unplaced takes the place the article is about (`evaluation.containment`), approximate."""
    context = context_of(toponyms, gaz)
    anchors = document_anchors([t.name for t in toponyms], gaz, context, weights)
    listed = [locate_listed(t.name, gaz, context, anchors_for(t.name, anchors), weights) for t in toponyms]
    named_after = [None if place else contained_place(t.name, gaz, context, anchors_for(t.name, anchors), weights)
                   for t, place in zip(toponyms, listed, strict=True)]
    local = approximate_places(text, [(t.start, t.start + len(t.name)) for t in toponyms], listed)
    found = [(place, False) if place else (within, True) if within else (after, False)
             for place, within, after in zip(listed, local, named_after, strict=True)]
    if not focus:
        return found
    container = containing_place([Placed(t.start, p) for t, (p, _) in zip(toponyms, found, strict=True) if p])
    return [(place, approx) if place or container is None else (container, True) for place, approx in found]


def evaluate_gwn(path: Path, gaz: Gazetteer, part: str | None = None, weights: Weights = DEFAULT,
                 reverse: NearestCity | None = None, focus: bool = False) -> dict[str, float]:
    """Resolution figures over every gold toponym with coordinates (of one part of the split, or all).
    `focus`: a name still unplaced takes the place the article is about (scorer only, not the stage's way)."""
    reverse = reverse or NearestCity(gaz)
    total = resolved = near = right_place = right_country = with_id = exact = approximated = approx_near = 0
    for text, toponyms in articles_of(path, part):
        for t, (place, approx) in zip(toponyms, resolve_article(text, toponyms, gaz, weights, focus), strict=True):
            total += 1
            gold_country = reverse.country(t.lat, t.lon)
            if t.geonames_id is not None:
                with_id += 1
            if place is None:
                continue
            resolved += 1
            close = haversine(place.lat, place.lon, t.lat, t.lon) <= NEAR_KM
            same = t.geonames_id is not None and place.geonames_id == t.geonames_id
            approximated += approx
            approx_near += approx and close
            near += close
            exact += same
            right_place += close or same
            right_country += bool(gold_country) and place.country == gold_country
    scores = {
        "toponyms": total,
        "resolved": round(resolved / total, 4),
        "within_161km": round(near / total, 4),
        "right_place": round(right_place / total, 4),
        "right_country": round(right_country / total, 4),
        "with_gold_id": with_id,
        "exact_id": round(exact / with_id, 4) if with_id else 0.0,
    }
    scores["approximate"] = round(approximated / total, 4)
    scores["approximate_within_161km"] = round(approx_near / approximated, 4) if approximated else 0.0
    return scores
