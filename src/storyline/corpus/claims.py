"""Corpus step `claims`: what is asserted, by whom, who else reports it, who contradicts it, and the numbers.

After the events and speakers steps it reads the quotes (with their speakers' actors), the event mentions (with
their events, statuses and reporters), the quantities, the documents and the copy clusters, and
1. turns quotes and attributed or denied event mentions into claim reports (storyline.claims.reports);
2. groups the reports of one assertion by one claimant into one claim (storyline.claims.grouping), its sources
   counted independently: copies and rewrites of one article count once, an outlet once;
3. threads the quantities of one counted thing across articles and claimants (storyline.claims.threads);
4. links claims that contradict or support each other, each link with its reason and evidence pair
   (storyline.claims.links).
It recomputes everything from the store, so running it again gives the same store; claim ids are kept across runs
through `claim_keys` (the reports' spans).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from storyline.actors.gazetteer import load_gazetteer
from storyline.claims.grouping import group_reports
from storyline.claims.links import claim_links
from storyline.claims.reports import UNATTRIBUTED, Report, event_reports, quote_reports
from storyline.claims.threads import Thread, ThreadReport, build_threads, label
from storyline.corpus.keys import assign_ids
from storyline.corpus.step import CorpusStep
from storyline.events.copies import independent_sources
from storyline.store import ClaimResults, Row, Store


@dataclass
class ClaimSnapshot:
    quotes: list[Row]
    mentions: list[Row]
    reporters: dict[int, Row]
    documents: list[Row]
    quantities: list[Row]
    copies: dict[str, str]
    known: dict[str, int]


def read_claims(store: Store, run_id: int) -> ClaimSnapshot:
    return ClaimSnapshot(store.quotes(), store.latest_event_mentions(), store.latest_event_reporters(),
                         list(store.latest_documents()), store.latest_quantities(), store.copy_map(),
                         store.known_keys("claim"))


def all_reports(snapshot: ClaimSnapshot) -> list[Report]:
    """Every claim report, in document and text order."""
    mentions_by_doc: dict[int, list[Row]] = defaultdict(list)
    for mention in snapshot.mentions:
        mentions_by_doc[mention["doc_pk"]].append(mention)
    quoted: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for quote in snapshot.quotes:
        quoted[quote["doc_pk"]].append((quote["start"], quote["end"]))
    texts = {d["pk"]: d["text"] or "" for d in snapshot.documents}
    reports = quote_reports(snapshot.quotes, mentions_by_doc, texts)
    reports += event_reports(snapshot.mentions, snapshot.reporters, texts, quoted)
    return sorted(reports, key=lambda r: (r.doc_pk, r.start, r.end, r.kind))


def _thread_reports(snapshot: ClaimSnapshot, claims: list[list[Report]]) -> list[ThreadReport]:
    """Each quantity with the claim whose words hold it (else the outlet is its claimant)."""
    spans: dict[int, list[tuple[int, int, int, Report]]] = defaultdict(list)
    for index, reports in enumerate(claims):
        for report in reports:
            spans[report.doc_pk].append((report.start, report.end, index, report))
    found = []
    for quantity in snapshot.quantities:
        holder = next(((i, r) for s, e, i, r in spans.get(quantity["doc_pk"], []) if s <= quantity["start"] < e),
                      None)
        if holder is None:
            found.append(ThreadReport(quantity, None, None, quantity["source"] or UNATTRIBUTED,
                                      quantity["published"]))
        else:
            index, report = holder
            found.append(ThreadReport(quantity, index, report.claimant_id, report.claimant_text,
                                      report.date or quantity["published"]))
    return found


def _most_common(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    return Counter(present).most_common(1)[0][0] if present else None


def claim_record(claim_id: int, reports: list[Report], copies: dict[str, str], outlets: dict[str, str | None],
                 disputed: bool) -> dict[str, Any]:
    """One claims row: its first report's words, its claimant, event, polarity, date and independent sources."""
    first = min(reports, key=lambda r: (r.date or "9999", r.doc_pk, r.start))
    claimant_id = _most_common([r.claimant_id for r in reports])
    written = _most_common([r.claimant_text for r in reports if r.claimant_id == claimant_id])
    kinds = {r.kind for r in reports}
    return {
        "id": claim_id, "text": first.text,
        "kind": next(k for k in ("quote", "reported", "event") if k in kinds),
        "claimant_id": claimant_id, "claimant_text": written or first.claimant_text,
        "event_id": _most_common([r.event_id for r in reports]),
        "polarity": _most_common([r.polarity for r in reports]),
        "date": min((r.date for r in reports if r.date), default=None),
        "reports": len({r.doc for r in reports}),  # articles; a quote an article gives twice is one report
        "sources": independent_sources([r.doc for r in reports], copies, outlets),
        "disputed": int(disputed),
    }


def _thread_records(threads: list[Thread], copies: dict[str, str], outlets: dict[str, str | None],
                    claim_ids: list[int]) -> tuple[list[dict[str, Any]], list[tuple]]:
    gazetteer = load_gazetteer()
    records, rows = [], []
    for number, thread in enumerate(threads, start=1):
        country = gazetteer.country_name(thread.holder) if thread.holder else None
        records.append({"id": number, "label": label(thread, country), "unit": thread.unit, "holder": thread.holder,
                        "measure": thread.measure, "reports": len(thread.reports),
                        "sources": independent_sources([r.quantity["doc"] for r in thread.reports], copies,
                                                       outlets)})
        rows += [(number, r.quantity["pk"], claim_ids[r.claim] if r.claim is not None else None, r.claimant_id,
                  r.claimant_text, r.date) for r in thread.reports]
    return records, rows


def compute_claims(snapshot: ClaimSnapshot) -> ClaimResults:
    """Reports, claims, threads and links, ready to store."""
    claims = group_reports(all_reports(snapshot))
    threads = build_threads(_thread_reports(snapshot, claims))
    links = claim_links(claims)
    ids, remembered = assign_ids(snapshot.known, [[r.key for r in reports] for reports in claims])
    outlets = {d["id"]: d["source"] for d in snapshot.documents}
    disputed = {link.claim for link in links if link.relation == "contradicts"}
    records = [claim_record(ids[i], reports, snapshot.copies, outlets, i in disputed)
               for i, reports in enumerate(claims)]
    report_rows = [{"claim_id": ids[i], "doc_pk": r.doc_pk, "start": r.start, "end": r.end, "quote_pk": r.quote_pk,
                    "mention_pk": r.mention_pk, "speaker": r.claimant_text, "date": r.date,
                    "copy_of": _copy_of(r.doc, snapshot.copies)}
                   for i, reports in enumerate(claims) for r in reports]
    link_rows = [(ids[x.claim], ids[x.other], x.relation, x.reason, x.evidence) for x in links]  # one per pair
    thread_records, thread_rows = _thread_records(threads, snapshot.copies, outlets, ids)
    return ClaimResults(records, report_rows, link_rows, thread_records, thread_rows, remembered)


def _copy_of(doc: str, copies: dict[str, str]) -> str | None:
    """The original a document copies, or None when it is an original (or a rewrite: see corpus.sources)."""
    original = copies.get(doc, doc)
    return original if original != doc else None


def write_claims(store: Store, run_id: int, results: ClaimResults) -> dict[str, int]:
    store.replace_claims(run_id, results)
    return {"claims": len(results.claims), "claim reports": len(results.reports),
            "contradictions": sum(1 for link in results.links if link[2] == "contradicts") // 2,
            "quantity threads": len(results.threads)}


STEP = CorpusStep("claims", ("quotes", "event_mentions", "quantities"), read_claims, compute_claims, write_claims,
                  "claims with every report and independent sources; contradictions; quantity threads")
