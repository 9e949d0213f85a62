"""The GDELT export: the events as tab-separated lines in the GDELT 2.0 Events column layout.

Tools built for GDELT event files (loaders, BigQuery schemas, dashboards) can read Storyline's events this way.
Each line is one event of `build_export` (storyline.export.json), with the 61 columns of the GDELT 2.0 Events
codebook in its order (`COLUMNS`), no header line (GDELT files have none), every value a string and an empty
field where we have nothing to say. What differs from GDELT (docs/export-formats.md):

- EventCode, EventBaseCode and EventRootCode hold the PLOVER type string ("CONSULT"), not a CAMEO code: the
  events stage types events with PLOVER and a mapping to CAMEO would invent precision it does not have.
- QuadClass, GoldsteinScale and AvgTone are empty: Storyline computes none of them.
- Actor codes hold only the name and the country (ISO 3166 alpha-3); the CAMEO actor, group, ethnic, religion
  and type codes are empty. ActionGeo comes from the event's location entity: its name, country (ISO alpha-3,
  where GDELT writes FIPS 10-4), coordinates and GeoNames id; Actor1Geo and Actor2Geo, ADM codes and geo types
  are empty.
- NumMentions counts the event's mentions, NumArticles the distinct documents they are in, and NumSources the
  independent sources (copies and rewrites of one article count once), as the JSON export's `sources`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

import pycountry

from storyline.export.json import build_export
from storyline.store import Store

Record = dict[str, Any]

# The GDELT 2.0 Events columns in file order (GDELT Event Codebook V2.0): 5 date columns, 10 per actor, the event
# and its counts, 8 per geography (Actor1Geo, Actor2Geo, ActionGeo), then DATEADDED and SOURCEURL: 61 in all.
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)


def alpha3(country: str | None) -> str:
    """An ISO 3166 country code as alpha-3 ('UA' -> 'UKR'); '' when missing or unknown."""
    if not country:
        return ""
    if len(country) == 3:
        return country.upper()
    found = pycountry.countries.get(alpha_2=country.upper())
    return found.alpha_3 if found else ""


def event_day(value: str | None) -> date | None:
    """The day an event date starts on ('2022-02-24', '2022-02', '2022', or a datetime); None when undated."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def date_fields(value: str | None, precision: str | None = "day") -> dict[str, str]:
    """SQLDATE, MonthYear, Year and FractionDate (year + day of the year / 365, 4 decimals), as far as the date's
    precision goes: a day (or an estimated day, "about") fills all four, a week or a month MonthYear and Year, a
    year only Year; all empty when undated. GDELT has no precision column, so a day is never made up."""
    day = event_day(value)
    fields = {"SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    if day is None:
        return fields
    fields["Year"] = str(day.year)
    if precision == "year":
        return fields
    fields["MonthYear"] = day.strftime("%Y%m")
    if precision in {"week", "month"}:
        return fields
    fields["SQLDATE"] = day.strftime("%Y%m%d")
    fields["FractionDate"] = f"{day.year + day.timetuple().tm_yday / 365:.4f}"
    return fields


def _actor(prefix: str, entity: Record | None) -> dict[str, str]:
    if entity is None:
        return {}
    return {f"{prefix}Name": entity["name"], f"{prefix}CountryCode": alpha3(entity["country"])}


def _place(entity: Record | None) -> dict[str, str]:
    if entity is None:
        return {}
    geo = entity["geo"] or {}
    return {"ActionGeo_FullName": entity["name"], "ActionGeo_CountryCode": alpha3(entity["country"]),
            "ActionGeo_Lat": _number(geo.get("lat")), "ActionGeo_Long": _number(geo.get("lon")),
            "ActionGeo_FeatureID": _number(geo.get("geonames_id"))}


def _number(value: Any) -> str:
    return "" if value is None else str(value)


def added_stamp(generated: str) -> str:
    """DATEADDED (YYYYMMDDHHMMSS) from the export's `generated` time ('2026-12-04T06:50:00Z')."""
    return datetime.strptime(generated, "%Y-%m-%dT%H:%M:%SZ").strftime("%Y%m%d%H%M%S")


def gdelt_rows(data: Record) -> Iterator[list[str]]:
    """One list of 61 strings per event of an export dict, in the export's event order."""
    entities = {e["id"]: e for e in data["entities"]}
    urls = {d["id"]: d["url"] or d["id"] for d in data["documents"]}
    added = added_stamp(data["generated"])
    for event in data["events"]:
        first = [entities.get(event["actors"][0]) if event["actors"] else None,
                 entities.get(event["targets"][0]) if event["targets"] else None]
        mentions = event["mentions"]
        values = {
            "GLOBALEVENTID": event["id"].removeprefix("v"),
            **date_fields(event["date"], event["date_precision"]),
            **_actor("Actor1", first[0]), **_actor("Actor2", first[1]),
            "IsRootEvent": "1",
            "EventCode": event["type"], "EventBaseCode": event["type"], "EventRootCode": event["type"],
            "NumMentions": str(len(mentions)),
            "NumSources": str(event["sources"]),
            "NumArticles": str(len({m["doc"] for m in mentions})),
            **_place(entities.get(event["location"]) if event["location"] else None),
            "DATEADDED": added,
            "SOURCEURL": urls.get(mentions[0]["doc"], mentions[0]["doc"]) if mentions else "",
        }
        yield [_clean(values.get(column, "")) for column in COLUMNS]


def _clean(value: str) -> str:
    """A field with no tab or line break in it (names and URLs should have none; a stray one would shift columns)."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def write_lines(data: Record, out: IO[str]) -> int:
    """Write the events of an export dict as GDELT lines; return how many."""
    count = 0
    for row in gdelt_rows(data):
        out.write("\t".join(row) + "\n")
        count += 1
    return count


def write_gdelt(store: Store, out: IO[str]) -> int:
    """Export the store's events as GDELT 2.0 event lines to an open text stream; return the number of lines."""
    return write_lines(build_export(store), out)
