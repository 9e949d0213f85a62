"""Outlets and documents as sources, for `storyline sources`: how many articles each outlet ran, how many of them
are copies or rewrites of another outlet's article, and which documents carry source flags, with the evidence."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from storyline.store import Store

UNKNOWN_OUTLET = "(no outlet given)"


def outlet_rows(store: Store) -> list[dict[str, Any]]:
    """One row per outlet, most articles first: articles, copies and rewrites of earlier articles, whose articles
    they copy or rewrite, flags by name."""
    outlet_of = {doc: source or UNKNOWN_OUTLET for doc, source in store.document_outlets().items()}
    articles = Counter(outlet_of.values())
    copies: Counter[tuple[str, str]] = Counter()
    copied_from: dict[str, Counter[str]] = defaultdict(Counter)
    for link in store.copy_links():
        outlet = outlet_of.get(link["doc_id"], UNKNOWN_OUTLET)
        copies[(outlet, link["kind"])] += 1
        copied_from[outlet][f"{outlet_of.get(link['copy_of'], UNKNOWN_OUTLET)} ({link['kind']})"] += 1
    flags: dict[str, Counter[str]] = defaultdict(Counter)
    for row in store.document_flags():
        flags[outlet_of.get(row["doc_id"], UNKNOWN_OUTLET)][row["flag"]] += 1
    return [{"outlet": outlet, "articles": count, "copies": copies[(outlet, "copy")],
             "rewrites": copies[(outlet, "rewrite")],
             "copied_from": [name for name, _n in copied_from[outlet].most_common()],
             "flags": dict(flags[outlet])} for outlet, count in articles.most_common()]


def flagged_documents(store: Store) -> list[dict[str, Any]]:
    """Every document flag, most likely first, with the evidence spans' words."""
    texts = {row["id"]: (row["text"] or "", row["source"]) for row in store.latest_documents()}
    rows = []
    for flag in store.document_flags():
        text, source = texts.get(flag["doc_id"], ("", None))
        evidence = [{**e, "text": text[e["start"]:e["end"]]} for e in json.loads(flag["evidence"])]
        rows.append({"doc": flag["doc_id"], "source": source, "flag": flag["flag"],
                     "likelihood": flag["likelihood"], "note": flag["note"], "evidence": evidence})
    rows.sort(key=lambda r: (-r["likelihood"], r["doc"], r["flag"]))
    return rows
