"""Claims, quantity threads, copies and source flags as the export and the CLI show them.

A claim record follows the export contract (`claims[]`: text, claimant, mentions, sources, supports, contradicts
with reason and evidence) and adds `kind` (quote | reported | event), `polarity` (asserts | denies), `event`,
`date`, `reports` (how many articles report it; `mentions` lists every passage, an article may give a quote
twice) and `disputed`. Each mention says `copy_of` when its article is a copy or rewrite of another, so
a reader sees why forty reports make twelve sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from storyline.store import ClaimFilter, Row, Store

PAGE = 500  # claims read per query: the export streams, it never holds every claim's reports at once


def claim_record(claim: Row, reports: list[Row], links: list[Row]) -> dict[str, Any]:
    """One claim as the export writes it."""
    return {
        "id": f"c{claim['id']}",
        "text": claim["text"],
        "kind": claim["kind"],
        "polarity": claim["polarity"],
        "claimant": f"e{claim['claimant_id']}" if claim["claimant_id"] is not None else None,
        "claimant_text": claim["claimant_text"],
        "event": f"v{claim['event_id']}" if claim["event_id"] is not None else None,
        "date": claim["date"],
        "mentions": [{"doc": r["doc"], "start": r["start"], "end": r["end"], "speaker_text": r["speaker"],
                      "date": r["date"], "copy_of": r["copy_of"]} for r in reports],
        "reports": claim["reports"],
        "sources": claim["sources"],
        "disputed": bool(claim["disputed"]),
        "supports": [f"c{x['other_id']}" for x in links if x["relation"] == "supports"],
        "contradicts": [{"claim": f"c{x['other_id']}", "reason": x["reason"], "evidence": x["evidence"]}
                        for x in links if x["relation"] == "contradicts"],
    }


def claim_records(store: Store, where: ClaimFilter | None = None) -> Iterator[dict[str, Any]]:
    """Claims as export records, the most independently reported first, read a page at a time."""
    where = where or ClaimFilter()
    offset, remaining = where.offset, where.limit
    while remaining is None or remaining > 0:
        size = PAGE if remaining is None else min(PAGE, remaining)
        page = store.claims(replace(where, limit=size, offset=offset))
        if not page:
            return
        ids = [c["id"] for c in page]
        reports, links = store.claim_reports_of(ids), store.claim_links_of(ids)
        for claim in page:
            yield claim_record(claim, reports.get(claim["id"], []), links.get(claim["id"], []))
        offset += len(page)
        remaining = None if remaining is None else remaining - len(page)
        if len(page) < size:
            return


def thread_records(store: Store, unit: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Quantity threads with their reports by date: what each claimant said the number was, and when."""
    threads = store.quantity_threads(unit, limit)
    reports = store.thread_reports_of([t["id"] for t in threads])
    return [{
        "id": f"n{t['id']}", "label": t["label"], "unit": t["unit"], "holder": t["holder"], "measure": t["measure"],
        "sources": t["sources"],
        "reports": [{"doc": r["doc"], "start": r["start"], "end": r["end"], "text": r["text"], "value": r["value"],
                     "low": r["low"], "high": r["high"], "approximation": r["approximation"],
                     "claim": f"c{r['claim_id']}" if r["claim_id"] is not None else None,
                     "claimant": f"e{r['claimant_id']}" if r["claimant_id"] is not None else None,
                     "claimant_text": r["claimant_text"], "date": r["date"], "source": r["source"]}
                    for r in reports.get(t["id"], [])],
    } for t in threads]


def copy_records(store: Store) -> list[dict[str, Any]]:
    """The contract's `copies`: per original and kind, the documents that copy or rewrite it."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in store.copy_links():
        grouped.setdefault((row["copy_of"], row["kind"]), []).append(row["doc_id"])
    return [{"original": original, "copies": docs, "kind": kind} for (original, kind), docs in grouped.items()]


def flag_record(row: Row) -> dict[str, Any]:
    """One source flag (a row of store.document_flags) with likelihood, note and evidence spans."""
    return {"flag": row["flag"], "likelihood": round(row["likelihood"], 3), "note": row["note"],
            "evidence": json.loads(row["evidence"])}


def flag_records(store: Store, doc_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Each document's source flags (flag_record), by document id; only these documents' when given."""
    if doc_ids is not None:
        return {doc: [flag_record(row) for row in rows] for doc, rows in store.document_flags_of(doc_ids).items()}
    found: dict[str, list[dict[str, Any]]] = {}
    for row in store.document_flags():
        found.setdefault(row["doc_id"], []).append(flag_record(row))
    return found


BRIEFING_CLAIMS = 10  # claims and disputes a briefing lists: the most independently reported first


def _cite(mention: dict[str, Any]) -> str:
    return f"[{mention['doc']}:{mention['start']}]"


def _words(claim: dict[str, Any]) -> str:
    text = " ".join(claim["text"].split())
    return f"“{text}”" if claim["kind"] == "quote" else text


def markdown_claims(store: Store, claimant_ids: list[int] | None = None, count: int = BRIEFING_CLAIMS) -> str:
    """The briefing's "Who said what" and "What is disputed": the most reported claims (of these claimants when
    given) and the contradictions among the claims, each line citing the passages it stands on."""
    said = list(claim_records(store, ClaimFilter(claimant_ids=claimant_ids, limit=count)))
    disputed = list(claim_records(store, ClaimFilter(disputed=True, claimant_ids=claimant_ids)))
    lines: list[str] = []
    if said:
        lines += ["## Who said what", ""]
        for claim in said:
            cites = " ".join(_cite(m) for m in claim["mentions"][:3])
            plural = "s" if claim["sources"] != 1 else ""
            denies = "denies: " if claim["polarity"] == "denies" else ""
            lines.append(f"- **{claim['claimant_text']}**: {denies}{_words(claim)} ({claim['sources']} source{plural}) "
                         f"{cites}")
        lines.append("")
    pairs = []
    seen: set[frozenset[str]] = set()
    for claim in disputed:
        for link in claim["contradicts"]:
            key = frozenset((claim["id"], link["claim"]))
            if key not in seen:
                seen.add(key)
                pairs.append((claim, link))
    if pairs:
        lines += ["## What is disputed", ""]
        for claim, link in pairs[:count]:
            lines.append(f"- {link['reason']}: {link['evidence']} {_cite(claim['mentions'][0])}")
        lines.append("")
    return "\n".join(lines)
