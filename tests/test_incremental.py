"""Incremental runs: articles added to an existing store in a later run give the same findings as analysing every
article in one run, and the articles already stored are not analysed again.

Ids are the one expected difference: a later run keeps the ids earlier runs gave (through the key tables), so an
actor, event or claim may carry another number than in a store built at once. The comparison names each record by
its first mention's characters instead of its id, and compares lists as sets.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.run import RunSummary

from .conftest import export_of, sample_articles, write_jsonl


def mention_key(mention: dict[str, Any]) -> str:
    return f"{mention['doc']}:{mention['start']}:{mention['end']}"


def without_ids(export: dict[str, Any]) -> dict[str, Any]:
    """The export with every actor, event, claim and quote id replaced by its first mention's span (or its name
    when it has no mention), and every list in a fixed order."""
    names: dict[str, str] = {}
    for kind in ("entities", "events", "claims"):
        for record in export[kind]:
            spans = sorted(mention_key(m) for m in record.get("mentions") or [] if isinstance(m, dict) and "doc" in m)
            names[record["id"]] = f"{kind}@{spans[0] if spans else record.get('name')}"
    for quote in export["quotes"]:
        names[quote["id"]] = f"quote@{mention_key(quote)}"

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return sorted((rename(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
        return names.get(value, value) if isinstance(value, str) else value

    return rename({key: value for key, value in export.items() if key != "generated"})


def test_articles_added_in_a_later_run_give_what_one_run_of_them_all_gives(run: Callable[..., RunSummary],
                                                                           tmp_path: Path) -> None:
    records = sample_articles(40)
    first = write_jsonl(tmp_path / "first.jsonl", records[:25])
    later = write_jsonl(tmp_path / "later.jsonl", records[25:])
    assert run(first, db=tmp_path / "grown.db").added == 25
    added = run(first, later, db=tmp_path / "grown.db")
    assert (added.added, added.unchanged) == (15, 25), "the stored articles are not analysed again"
    run(first, later, db=tmp_path / "at_once.db")
    grown, at_once = export_of(tmp_path / "grown.db"), export_of(tmp_path / "at_once.db")
    assert len(grown["events"]) > 100 and len(grown["entities"]) > 100 and grown["claims"]
    assert without_ids(grown) == without_ids(at_once)
