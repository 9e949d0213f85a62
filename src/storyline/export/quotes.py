"""Quotes in the export: each stored quote as a contract record, its speaker linked to an exported entity.

The link goes through the exported entities' mentions, so it holds whatever the actors step stores: a named
speaker links to the entity with a mention overlapping the mention it resolved to (a name, or the name a
pronoun or description refers to); any speaker links to an entity whose mention covers most of the speaker as
written ("the secretary of state" when the actors step made it a mention of the person). An anonymous speaker
("a senior official") links to nothing and keeps its description as `speaker_text`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

COVER = 0.6  # share of the written speaker a mention must cover to link an unnamed speaker

SpeakerIndex = dict[str, list[tuple[int, int, str]]]
TimexValues = dict[tuple[str, int, int], str]  # (doc, start, end) -> TimeML value of a time expression
DAY = 10  # len("2022-02-01")


def speaker_index(entities: list[dict[str, Any]]) -> SpeakerIndex:
    """Per document, every entity mention as (start, end, entity id), in text order."""
    index: SpeakerIndex = defaultdict(list)
    for entity in entities:
        for mention in entity["mentions"]:
            index[mention["doc"]].append((mention["start"], mention["end"], entity["id"]))
    for mentions in index.values():
        mentions.sort()
    return index


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def linked_entity(index: SpeakerIndex, doc: str, resolved: tuple[int, int] | None, written: tuple[int, int] | None,
                  named: bool) -> str | None:
    """The id of the exported entity the speaker is, or None."""
    mentions = index.get(doc, [])
    spans = [resolved] if named and resolved is not None else []
    spans += [written] if written is not None else []
    for span in spans:
        best = max(mentions, key=lambda m: _overlap(span, m[:2]), default=None)
        if best is not None and span[1] > span[0] and _overlap(span, best[:2]) >= COVER * (span[1] - span[0]):
            return best[2]  # the mention is most of the speaker ("Russia's embassy" is not "Russia")
    return None


def timex_values(timexes: list[dict[str, Any]]) -> TimexValues:
    """The exported time expressions by span: the time stage re-resolves them when a document's date is
    inferred later, so they can date a quote that the stage could not (an undated document)."""
    return {(t["doc"], t["start"], t["end"]): t["value"] for t in timexes}


def _cue_date(row: sqlite3.Row, values: TimexValues) -> str | None:
    if row["date_source"] == "cue":
        return row["date"]
    if row["date_start"] is None:
        return None
    value = values.get((row["doc"], row["date_start"], row["date_end"]), "")
    return value[:DAY] if value[:4].isdigit() else None


def _span(row: sqlite3.Row, prefix: str) -> tuple[int, int] | None:
    start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return (start, end) if start is not None and end is not None else None


def quote_record(row: sqlite3.Row, index: SpeakerIndex, published: str | None,
                 values: TimexValues | None = None) -> dict[str, Any]:
    """One quote as the export contract writes it, with the added keys date, date_source, medium, anonymous and
    the span of the speaker as written."""
    named = bool(row["named"])
    cue_date = _cue_date(row, values or {})
    return {
        "id": f"q{row['pk']}",
        "doc": row["doc"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "speaker": linked_entity(index, row["doc"], _span(row, "resolved"), _span(row, "speaker"), named),
        "speaker_text": row["resolved_text"] or row["speaker_text"],
        "cue": row["cue"],
        "kind": row["kind"],
        "anonymous": not named,
        "speaker_start": row["speaker_start"],
        "speaker_end": row["speaker_end"],
        "date": cue_date or published,
        "date_source": "cue" if cue_date else ("document" if published else None),
        "medium": row["medium"],
    }


def _speaker_matches(record: dict[str, Any], wanted: str, names: dict[str, set[str]]) -> bool:
    wanted = wanted.casefold().strip()
    if record["speaker"] is not None and wanted in names.get(record["speaker"], set()):
        return True
    text = (record["speaker_text"] or "").casefold()
    return bool(text) and wanted in text


def quote_listing(store: Any, speaker: str | None = None, doc: str | None = None,
                  since: str | None = None, entity: str | None = None) -> list[dict[str, Any]]:
    """The quotes of the store as export records, filtered: `speaker` is an actor's name or alias (or words of
    the speaker as written), `entity` an exported entity id ("e12"), `doc` a document id, `since` an ISO date
    (quotes dated earlier, or undated, are left out). Each record adds the speaker entity's `speaker_name` and
    the document's `source` and `title`."""
    from storyline.export.json import export_documents, export_entities, export_timexes
    from storyline.store.quotes import latest_quotes

    entities = list(export_entities(store))
    values = timex_values(list(export_timexes(store)))
    index = speaker_index(entities)
    names = {e["id"]: {n.casefold() for n in [e["name"], *e["aliases"]]} for e in entities}
    display = {e["id"]: e["name"] for e in entities}
    documents = {d["id"]: d for d in export_documents(store)}
    listing = []
    for row in latest_quotes(store.conn):
        if doc is not None and row["doc"] != doc:
            continue
        document = documents.get(row["doc"], {})
        record = quote_record(row, index, document.get("published"), values)
        if speaker is not None and not _speaker_matches(record, speaker, names):
            continue
        if entity is not None and record["speaker"] != entity:
            continue
        if since is not None and (record["date"] is None or record["date"][:10] < since):
            continue
        record.update(speaker_name=display.get(record["speaker"]), source=document.get("source"),
                      title=document.get("title"))
        listing.append(record)
    return listing
