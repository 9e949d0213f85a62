"""Real corpora go through end to end: the demo corpus we ship and a slice of the shared news corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from storyline.run import RunSummary

from .conftest import DEMO, UKRAINE_MEDIA, export_of, need_shared, ukraine_media, write_jsonl


def test_demo_corpus_goes_in_whole_with_its_leftovers_removed(run: Callable[..., RunSummary]) -> None:
    summary = run(DEMO)
    assert (summary.added, summary.rejected) == (6, [])
    docs = {d["id"]: d for d in export_of(summary.db)["documents"]}
    assert any("Leave a Reply" in r for r in docs["02_blog_kovarik_warning"]["removed"])
    assert any("clipboard" in r for r in docs["03_broadcaster_troops"]["removed"])
    assert "Sarkany said in a televised interview" in docs["03_broadcaster_troops"]["text"]
    assert "did not comment" in docs["05_translated_copy"]["text"]


def test_a_mixed_slice_of_the_shared_corpus_goes_through(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    """Every outlet of the shared corpus (full text and snippet rows) is read, cleaned, parsed and exported."""
    per_outlet: dict[str, list[dict]] = {}
    for record in ukraine_media():
        bucket = per_outlet.setdefault(record["outlet"], [])
        if len(bucket) < 12:
            bucket.append(record)
    records = [r for bucket in per_outlet.values() for r in bucket]
    summary = run(write_jsonl(tmp_path / "slice.jsonl", records))
    assert summary.added + len(summary.rejected) == len(records)
    assert {r.reason for r in summary.rejected} <= {"no_article", "empty"}, summary.rejected
    assert summary.added >= 0.95 * len(records)
    data = export_of(summary.db)
    outlets = {d["source"] for d in data["documents"]}
    assert len(outlets) == len(per_outlet)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for entity in data["entities"]:
        for m in entity["mentions"]:
            assert texts[m["doc"]][m["start"]:m["end"]]
    removed_chars = sum(len(r) for d in data["documents"] for r in d["removed"])
    kept_chars = sum(len(t) for t in texts.values())
    assert removed_chars < 0.02 * kept_chars, "this corpus has little furniture left: almost nothing is removed"


def test_an_article_that_once_crashed_the_quote_stage_goes_in(run: Callable[..., RunSummary], tmp_path: Path) -> None:
    """An RT article where spaCy tags a lone '.' as a proper noun (speaker look-up had no word to start from)."""
    with need_shared(UKRAINE_MEDIA).open(encoding="utf-8") as fh:
        record = next(json.loads(line) for line in fh if '"91247cce1a02c7d0"' in line[:40])
    summary = run(write_jsonl(tmp_path / "one.jsonl", [record]))
    assert (summary.added, summary.rejected) == (1, [])
