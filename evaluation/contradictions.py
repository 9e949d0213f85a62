"""Contradiction precision against the pairs labelled in tests/gold/contradictions.tsv.

The gold file lists contradictions the claims step proposed on the full-text 2022 articles of the shared
ukraine-media corpus, each labelled by reading (see its header). `score` reads a store analysed on those articles
and asks, for each labelled pair, whether the store still links the two claims whose reports cover the two spans;
precision is the share of still-proposed labelled pairs that are contradictions, by split (`tune`: the sample the
rules were revised on; `heldout`: labelled after the last revision). Proposals no gold row covers are counted, not
judged: a rule change that proposes new pairs needs them labelled before its precision means anything.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from evaluation import gold_rows, repo_root
from storyline.store import Store

GOLD = repo_root() / "tests" / "gold" / "contradictions.tsv"
GOLD_COLUMNS = ("split", "reason", "doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "label", "note")

Span = tuple[str, int, int]


@dataclass(frozen=True)
class GoldPair:
    split: str
    reason: str
    a: Span
    b: Span
    contradiction: bool
    note: str


def load_gold(path: Path = GOLD) -> list[GoldPair]:
    """The labelled pairs, in file order."""
    rows = gold_rows(path, GOLD_COLUMNS)
    return [GoldPair(r["split"], r["reason"], (r["doc_a"], int(r["start_a"]), int(r["end_a"])),
                     (r["doc_b"], int(r["start_b"]), int(r["end_b"])), r["label"] == "contradiction", r["note"])
            for r in rows]


def proposed_pairs(store: Store) -> tuple[set[tuple[int, int]], dict[Span, set[int]]]:
    """The contradiction links of the store (claim id pairs, both directions) and the claims each report span
    belongs to."""
    links = {(row["claim_id"], row["other_id"]) for rows in store.claim_links_of().values() for row in rows
             if row["relation"] == "contradicts"}
    spans: dict[Span, set[int]] = {}
    for claim_id, reports in store.claim_reports_of().items():
        for report in reports:
            spans.setdefault((report["doc"], report["start"], report["end"]), set()).add(claim_id)
    return links, spans


def score(store: Store, gold: list[GoldPair] | None = None) -> dict[str, object]:
    """Precision by split over the labelled pairs the store still proposes, and how many proposals are unlabelled."""
    gold = gold if gold is not None else load_gold()
    links, spans = proposed_pairs(store)
    counts: Counter[str] = Counter()
    covered: set[tuple[int, int]] = set()
    for pair in gold:
        hits = {(a, b) for a in spans.get(pair.a, set()) for b in spans.get(pair.b, set()) if (a, b) in links}
        if not hits:
            counts[f"{pair.split} dropped"] += 1
            continue
        covered |= hits | {(b, a) for a, b in hits}
        counts[f"{pair.split} proposed"] += 1
        counts[f"{pair.split} right"] += pair.contradiction
    figures: dict[str, object] = {"labelled": len(gold), "proposed pairs": len(links) // 2,
                                  "unlabelled proposals": len(links - covered) // 2}
    for split in ("tune", "heldout"):
        figures[split] = _split_figures(counts[f"{split} proposed"], counts[f"{split} right"],
                                        counts[f"{split} dropped"])
    figures["all"] = _split_figures(*(counts[f"tune {k}"] + counts[f"heldout {k}"]
                                      for k in ("proposed", "right", "dropped")))
    return figures


def _split_figures(proposed: int, right: int, dropped: int) -> dict[str, object]:
    return {"proposed": proposed, "right": right, "precision": round(right / proposed, 3) if proposed else None,
            "labelled but no longer proposed": dropped}
