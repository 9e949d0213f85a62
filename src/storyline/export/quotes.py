"""Quotes as the export and the CLI show them: each stored quote as a contract record.

The speaker is the canonical actor the corpus step `speakers` linked (storyline.corpus.speakers); an anonymous
speaker ("a senior official") links to nothing and keeps its description as `speaker_text`. The date is the cue's
time expression as the time stage resolves it now (re-resolved when the document was dated later), else the
document's date.
"""

from __future__ import annotations

from typing import Any

from storyline.store import Row, Store

DAY = 10  # len("2022-02-01")


def _cue_date(row: Row) -> str | None:
    if row["date_source"] == "cue":
        return row["date"]
    if row["date_start"] is None:
        return None
    value = row["cue_value"] or ""
    return value[:DAY] if value[:4].isdigit() else None


def quote_record(row: Row) -> dict[str, Any]:
    """One quote as the export contract writes it, with the added keys date, date_source, medium, anonymous and
    the span of the speaker as written."""
    named = bool(row["named"])
    cue_date = _cue_date(row)
    published = row["published"]
    return {
        "id": f"q{row['pk']}",
        "doc": row["doc"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "speaker": f"e{row['speaker_id']}" if row["speaker_id"] is not None else None,
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


def quote_listing(store: Store, speaker: str | None = None, doc: str | None = None,
                  since: str | None = None, entity: str | None = None) -> list[dict[str, Any]]:
    """The quotes of the store as export records, filtered: `speaker` is an actor's name or alias (or words of
    the speaker as written), `entity` an exported entity id ("e12"), `doc` a document id, `since` an ISO date
    (quotes dated earlier, or undated, are left out). Each record adds the speaker's `speaker_name` and the
    document's `source` and `title`."""
    speaker_ids = store.actor_ids_named(speaker) if speaker is not None else None
    if entity is not None:
        speaker_ids = [int(entity.removeprefix("e"))] if speaker is None else speaker_ids
    rows = store.quotes(doc=doc, speaker_ids=speaker_ids, speaker_words=speaker)
    names = store.actor_names()
    listing = []
    for row in rows:
        record = quote_record(row)
        if entity is not None and record["speaker"] != entity:
            continue
        if since is not None and (record["date"] is None or record["date"][:10] < since):
            continue
        name = names.get(row["speaker_id"]) if row["speaker_id"] is not None else None
        record.update(speaker_name=name[0] if name else None, source=row["source"], title=row["title"])
        listing.append(record)
    return listing
