"""Corpus step `dating`: publication dates for documents that have none, and their expressions re-resolved.

After each run it reads the newest version of every document with its stored time expressions, applies the
user's pins (`analyze --published [NAME=]DATE`, `--between FROM:TO`; kept in `date_pins` for later runs),
infers the missing dates across documents (`storyline.timex.dating`) and writes them with
published_basis "inferred" and a confidence; the expressions of every document whose date changed are
resolved again against it. It recomputes everything from the stored expressions and pins, so running it
again gives the same store.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from storyline.corpus.step import CorpusStep
from storyline.errors import ConfigError, StorylineError
from storyline.lexicon_files import words
from storyline.readers import expand_paths
from storyline.store import Dating, Row, Store
from storyline.store.time import row_to_timex
from storyline.timex import reanchor
from storyline.timex.dating import (
    Candidate,
    Grid,
    Inferred,
    candidate_links,
    doc_similarity,
    document_frames,
    infer,
    known_times,
    link_evidence,
    link_order,
    link_stratum,
    weekday_in_document,
)

WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
STOP = words("timex/similarity_stop_words")
TOP_TERMS = 80  # terms kept per document for similarity


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{what}: {text!r} is not a date; write it as YYYY-MM-DD (e.g. 2022-02-01)") from None


def parse_pins(published: str, between: str) -> tuple[list[tuple[str | None, date]], tuple[date, date] | None]:
    """Read `--published` values ("DATE" or "NAME=DATE", comma-separated) and `--between` ("FROM:TO")."""
    pins = []
    for item in filter(None, (p.strip() for p in published.split(","))):
        name, _sep, day = item.rpartition("=")
        pins.append((name or None, _parse_day(day, "--published")))
    window = None
    if between.strip():
        first, sep, last = between.partition(":")
        if not sep:
            raise ConfigError(f"--between: {between!r} is not a window; write FROM:TO, e.g. 2021-12-01:2022-03-01")
        window = (_parse_day(first, "--between"), _parse_day(last, "--between"))
        if window[0] > window[1]:
            raise ConfigError(f"--between: {between!r} ends before it starts; write FROM:TO with FROM first")
    return pins, window


def _run_files(inputs: list[str]) -> set[str]:
    try:
        return set(expand_paths(inputs))
    except StorylineError:
        return set(inputs)


def _names(doc: Row) -> set[str]:
    path = Path(doc["source_path"])
    return {doc["id"], doc["source_path"], path.name, path.stem, str(path.resolve())}


def apply_pins(store: Store, run_id: int) -> int:
    """Save this run's `--published` / `--between` for the documents they name; return how many were pinned."""
    request = store.run_request(run_id)
    if request is None:
        return 0
    settings, inputs = request
    pins, window = parse_pins(settings.get("published", "") or "", settings.get("between", "") or "")
    if not pins and window is None:
        return 0
    files = _run_files(inputs)
    in_run = [d for d in store.documents_to_date() if d["source_path"] in files or d["run_id"] == run_id]
    saved = []
    for doc in in_run:
        names = _names(doc)
        day = next((d for name, d in pins if name is not None and (name in names or str(Path(name).resolve())
                                                                    in names)), None)
        if day is None:
            day = next((d for name, d in pins if name is None), None)
        if day is None and window is None:
            continue
        saved.append((doc["id"], day.isoformat() if day else None,
                      (window[0].isoformat(), window[1].isoformat()) if window else None))
    store.save_pins(run_id, saved)
    return len(saved)


def document_terms(text: str) -> Counter[str]:
    """The most frequent words of a text (stop words left out), for document similarity."""
    counts = Counter(map(str.lower, WORD.findall(text)))
    for word in STOP.intersection(counts):  # stop words dropped once each, not tested at every occurrence
        del counts[word]
    return Counter(dict(counts.most_common(TOP_TERMS)))


def participant_key(actor_id: int | None, place: str | None, name: str) -> str:
    """Who a mention names, for matching events across documents: a country, its government and its
    demonym are one participant ("Washington" the government, "U.S.", "American"); any other actor is
    itself; a mention no actor was resolved for is its name."""
    if place and place.split(":", 1)[0] in ("country", "gov"):
        return "state:" + place.split(":", 1)[1]
    if actor_id is not None:
        return f"actor:{actor_id}"
    return "name:" + name.lower()


@dataclass
class DatingSnapshot:
    """What the dating step reads: the newest document versions with their expressions, sentences, participants
    and the user's pins."""

    documents: list[Row]
    expressions: dict[int, list[Row]]
    sentences: dict[int, list[tuple[int, int]]]
    participants: dict[int, list[tuple[int, int, str]]]
    pins: dict[str, Row]


def read_dating(store: Store, run_id: int = 0) -> DatingSnapshot:
    participants = {pk: [(r["start"], r["end"], participant_key(r["actor_id"], r["place"], r["name"])) for r in rows]
                    for pk, rows in store.latest_participant_mentions().items()}
    return DatingSnapshot(store.documents_to_date(), store.timexes_by_doc(), store.latest_sentences(), participants,
                          store.pins())


def _candidates(snapshot: DatingSnapshot) -> tuple[list[Candidate], dict]:
    candidates, fixed_basis = [], {}
    for doc in snapshot.documents:
        pin = snapshot.pins.get(doc["id"])
        fixed = None
        if pin is not None and pin["published"]:
            fixed, fixed_basis[doc["id"]] = date.fromisoformat(pin["published"]), "pinned"
        elif doc["published_basis"] == "metadata" and doc["published"]:
            try:
                fixed, fixed_basis[doc["id"]] = date.fromisoformat(doc["published"][:10]), "metadata"
            except ValueError:
                fixed = None
        window = None
        if pin is not None and pin["earliest"]:
            window = (date.fromisoformat(pin["earliest"]), date.fromisoformat(pin["latest"]))
        timexes = [row_to_timex(r) for r in snapshot.expressions.get(doc["pk"], [])]
        frames, plain = document_frames(doc["text"], snapshot.sentences.get(doc["pk"], []),
                                        snapshot.participants.get(doc["pk"], []), timexes)
        candidates.append(Candidate(doc["id"], timexes, document_terms(doc["text"]), fixed, window, frames, plain))
    return candidates, fixed_basis


def link_statistics(store: Store) -> list[tuple[str, int, bool, bool, bool, bool]]:
    """For calibrating the links (`storyline.timex.dating.fit_link_genuine`): in a store of dated documents,
    every pair that inference would consider if each document were undated in turn (its dependent
    expressions against the known ones of itself and of its LINK_NEIGHBOURS most similar documents, those
    the date could make agree), as (stratum, strength, bridged, same document, best, same): `same` when they
    name the same time at the true dates."""
    candidates = [c for c in _candidates(read_dating(store))[0] if c.fixed]
    scores = candidate_links(candidates, candidates, doc_similarity(candidates), keep_zero=True)
    known = {c.id: known_times(c, c.fixed) for c in candidates}
    rows = []
    for cand in candidates:
        assert cand.fixed is not None
        grid = Grid(cand.fixed - timedelta(days=800), cand.fixed + timedelta(days=800))
        today = grid.index(cand.fixed)
        per_expr: dict[int, list[tuple[str, int, bool, bool, bool]]] = {}
        for other_id, by_expr in scores[cand.id].items():
            for i, scored in by_expr.items():
                for j, strength, bridged in scored:
                    if j in known[other_id]:
                        match = link_evidence(cand.timexes[i], known[other_id][j], grid)
                        if match.any():
                            per_expr.setdefault(i, []).append((link_stratum(cand.timexes[i]), strength, bridged,
                                                               other_id == cand.id, bool(match[today])))
        for i, found in per_expr.items():
            own = [weekday_in_document(cand.timexes[i], same_document) for _s, _st, _b, same_document, _x in found]
            tried = [k for k in range(len(found)) if found[k][1] or own[k]]
            top = min(tried, key=lambda k: link_order(own[k], found[k][1], found[k][2]), default=None)  # as infer
            rows.extend((stratum, strength, bridged, same_document, k == top, same)
                        for k, (stratum, strength, bridged, same_document, same) in enumerate(found))
    return rows


def dating_record(doc: Row, result: Inferred, basis: str | None, rows: list[Row]) -> Dating:
    """One document's date as the store records it, and its expressions resolved again if their anchor changed."""
    document_basis = {"pinned": "metadata", "metadata": "metadata", "inferred": "inferred"}.get(basis or "")
    confidence = result.confidence if basis else None
    anchor = result.day if result.grain == "day" else None
    changed: list[tuple[str, str, str | None, int]] = []
    if not all(r["anchor"] == (anchor.isoformat() if anchor else None) for r in rows):
        timexes = reanchor([row_to_timex(r) for r in rows], anchor)
        changed = [(t.value, t.kind, t.anchor, r["pk"]) for t, r in zip(timexes, rows, strict=True)]
    return Dating(doc["pk"], result.published, basis, confidence, result.day.isoformat() if result.day else None,
                  result.evidence, document_basis, changed)


@dataclass
class DatingResults:
    datings: list[Dating]
    counts: dict[str, int]


def compute_dating(snapshot: DatingSnapshot) -> DatingResults:
    """Infer the missing dates across documents and re-resolve the expressions whose anchor changed."""
    candidates, fixed_basis = _candidates(snapshot)
    results = infer(candidates)
    counts: Counter[str] = Counter()
    datings = []
    for doc in snapshot.documents:
        result = results[doc["id"]]
        basis = fixed_basis.get(doc["id"]) or ("inferred" if result.published else None)
        counts[basis or "undated"] += 1
        dating = dating_record(doc, result, basis, snapshot.expressions.get(doc["pk"], []))
        counts["resolved_again"] += len(dating.timexes)
        datings.append(dating)
    return DatingResults(datings, dict(counts))


def write_dating(store: Store, run_id: int, results: DatingResults) -> dict[str, int]:
    store.save_datings(run_id, results.datings)
    return results.counts


STEP = CorpusStep("dating", ("timexes",), read_dating, compute_dating, write_dating,
                  "infer missing publication dates across documents; re-resolve their expressions")
