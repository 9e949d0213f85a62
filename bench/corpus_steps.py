"""Time and peak memory of each corpus step (actors, dating, sources, events, speakers, claims) on a store analysed
before, and what a user gets: independent sources per event, the share of story events with two or more, the
digest's top days; claims with several reports and sources, contradictions by reason, copies, flags and the largest
quantity threads. Works on a copy of the store; the original is not changed.

    .venv/bin/storyline analyze corpus.jsonl --db big.db           # once (the NLP stages)
    .venv/bin/python bench/corpus_steps.py big.db [--days 30] [--json out.json]

Each step runs twice on the copy: once timed, once under tracemalloc for its peak of Python and numpy memory
(tracemalloc slows it, so the timed pass is the figure for time). Steps run read -> compute -> write, as in
`storyline analyze`, in the pipeline's order.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import repo_path  # noqa: F401  (the repository root on sys.path)
from report import print_and_save
from storyline.corpus import CORPUS_STEPS
from storyline.export.timeline import digest, timeline_entries
from storyline.store import open_store

RUN_ID = 1  # the store's first run: the steps write under an existing run


def step_costs(db: Path) -> dict[str, dict[str, float]]:
    """Seconds and traced peak MiB of each step."""
    costs: dict[str, dict[str, float]] = {}
    store = open_store(db)
    try:
        for step in CORPUS_STEPS:
            started = time.perf_counter()
            step.run(store, RUN_ID)
            seconds = time.perf_counter() - started
            tracemalloc.start()
            step.run(store, RUN_ID)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            costs[step.name] = {"seconds": round(seconds, 1), "peak_mib": round(peak / 2**20, 1)}
    finally:
        store.close()
    return costs


def what_users_get(db: Path, days: int) -> dict[str, object]:
    """Sources per event (all events and the story's), the share of story events with 2+ sources, the top days."""
    store = open_store(db)
    try:
        every = timeline_entries(store)
        story = [e for e in every if e["in_story"]]
    finally:
        store.close()

    def spread(entries: list[dict]) -> dict[str, int]:
        counts = Counter(min(e["sources"], 10) for e in entries)
        return {("10+" if k == 10 else str(k)): counts[k] for k in sorted(counts)}

    top = digest(story, days)
    return {
        "events": len(every), "story_events": len(story),
        "sources_per_event": spread(every), "sources_per_story_event": spread(story),
        "story_share_two_or_more_sources": round(sum(e["sources"] >= 2 for e in story) / max(len(story), 1), 3),
        "digest": [{"date": d["date"], "events": [f"{e['summary']} ({e['sources']} sources, {e['outlets']} outlets)"
                                                  for e in d["events"]]} for d in top],
    }


def claims_users_get(db: Path, threads: int = 8) -> dict[str, object]:
    """Claims by reports and sources, contradictions by reason, copies and flags, and the largest quantity threads."""
    store = open_store(db)
    try:
        claims = store.claims()
        links = [row for rows in store.claim_links_of().values() for row in rows if row["relation"] == "contradicts"]
        largest = store.quantity_threads(limit=threads)
        copies = Counter(row["kind"] for row in store.copy_links())
        flags = Counter(row["flag"] for row in store.document_flags())
    finally:
        store.close()
    return {
        "claims": len(claims), "claims_two_or_more_reports": sum(c["reports"] >= 2 for c in claims),
        "claims_two_or_more_sources": sum(c["sources"] >= 2 for c in claims),
        "denials": sum(c["polarity"] == "denies" for c in claims),
        "contradiction_pairs_by_reason": {k: v // 2 for k, v in Counter(r["reason"] for r in links).items()},
        "copies": dict(copies), "flags": dict(flags),
        "largest_threads": [f"{t['label']}: {t['reports']} reports, {t['sources']} sources" for t in largest],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a store analysed with `storyline analyze`")
    parser.add_argument("--days", type=int, default=30, help="digest days to list")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        shutil.copy(args.db, copy)
        figures: dict[str, object] = {"steps": step_costs(copy)}
        figures.update(what_users_get(copy, args.days))
        figures["claims"] = claims_users_get(copy)
    print_and_save(figures, args.json)


if __name__ == "__main__":
    main()
