"""Copies and rewrites scored on hand-labelled article pairs (tests/gold/copies.tsv; docs/quality.md).

Each gold pair of ukraine-media articles is labelled copy, rewrite, same_topic or unrelated. The scorer prepares
the whole full-text corpus as `storyline.events.copies.find_copies` does (sentences, boilerplate flags, blocking),
then labels each gold pair the way `find_copies` would: no relation when blocking never proposes the pair, else
`storyline.events.copies.relation`. Precision and recall are reported for copy and for rewrite, on the tune half
and the held-out half of the pairs (split by a CRC-32 of the two ids: deterministic, independent of the labels).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from evaluation import gold_rows, repo_root, shared_dir
from storyline.embed import Embedder
from storyline.events import rewrites
from storyline.events.copies import relation

LABELS = ("copy", "rewrite", "same_topic", "unrelated")
GOLD_COLUMNS = ("a", "b", "label", "note")  # tests/gold/copies.tsv (no header line)
CORPUS = Path("corpus") / "ukraine-media" / "articles.jsonl"


@dataclass(frozen=True)
class GoldPair:
    a: str
    b: str
    label: str
    note: str

    @property
    def split(self) -> str:
        """"tune" or "held_out", by the parity of a CRC-32 of the sorted ids."""
        key = " ".join(sorted((self.a, self.b))).encode("utf-8")
        return "tune" if zlib.crc32(key) % 2 == 0 else "held_out"


def default_gold() -> Path:
    return repo_root() / "tests" / "gold" / "copies.tsv"


def corpus_path() -> Path:
    return shared_dir() / CORPUS


def load_gold(path: Path | None = None) -> list[GoldPair]:
    """The gold pairs (comment lines skipped); raises ValueError on an unknown label."""
    pairs = [GoldPair(**row) for row in gold_rows(path or default_gold(), GOLD_COLUMNS)]
    for pair in pairs:
        if pair.label not in LABELS:
            raise ValueError(f"unknown label {pair.label!r} in the copies gold set")
    return pairs


def load_corpus(path: Path | None = None) -> list[dict]:
    """The full-text records of the ukraine-media corpus, in file order."""
    with (path or corpus_path()).open(encoding="utf-8") as fh:
        return [r for r in map(json.loads, fh) if r.get("full_text")]


@dataclass
class Prepared:
    """The corpus prepared once: documents by id and the blocked candidate pairs."""

    docs: dict[str, rewrites.Prepared]
    candidates: set[tuple[int, int]]


def prepare_corpus(records: list[dict]) -> Prepared:
    vocabulary: dict[str, int] = {}
    docs = [rewrites.prepare(i, r["text"], r["outlet"], r["date"], vocabulary) for i, r in enumerate(records)]
    rewrites.mark_boilerplate(docs)
    return Prepared({r["id"]: d for r, d in zip(records, docs, strict=True)}, set(rewrites.candidate_pairs(docs)))


def gold_vectors(corpus: Prepared, pairs: list[GoldPair], embedder: Embedder) -> dict[int, np.ndarray]:
    """Sentence vectors from `embedder` for the documents of the gold pairs (document index -> rows)."""
    wanted = sorted({corpus.docs[i].index: corpus.docs[i] for p in pairs for i in (p.a, p.b)}.items())
    return rewrites.sentence_vectors([doc for _, doc in wanted], embedder)


def predict(corpus: Prepared, pair: GoldPair, floor: float | None = None, share: float = rewrites.REWRITE_SHARE,
            vectors: dict[int, np.ndarray] | None = None) -> str:
    """The system's label for a gold pair: copy, rewrite or none (`vectors`: align by embedder cosines)."""
    a, b = corpus.docs[pair.a], corpus.docs[pair.b]
    if (min(a.index, b.index), max(a.index, b.index)) not in corpus.candidates:
        return "none"
    label, _ = relation(a, b, vectors, floor, share)
    return label or "none"


def scores(pairs: list[GoldPair], predicted: list[str]) -> dict:
    """Precision, recall and F1 for copy and rewrite, with the counts."""
    out: dict = {"pairs": len(pairs), "by_label": {k: sum(p.label == k for p in pairs) for k in LABELS}}
    for label in ("copy", "rewrite"):
        tp = sum(1 for p, y in zip(pairs, predicted, strict=True) if p.label == label and y == label)
        n_pred = sum(1 for y in predicted if y == label)
        n_gold = sum(1 for p in pairs if p.label == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                      "true_positives": tp, "predicted": n_pred, "gold": n_gold}
    one = sum(1 for p, y in zip(pairs, predicted, strict=True) if p.label in ("copy", "rewrite") and y != "none")
    apart = sum(1 for p, y in zip(pairs, predicted, strict=True) if p.label in ("same_topic", "unrelated")
                and y == "none")
    n_one = sum(1 for p in pairs if p.label in ("copy", "rewrite"))
    out["one_origin_found"] = round(one / n_one, 3) if n_one else 0.0
    out["independent_kept_apart"] = round(apart / (len(pairs) - n_one), 3) if len(pairs) > n_one else 0.0
    return out


def evaluate(corpus: Prepared, pairs: list[GoldPair], floor: float | None = None,
             share: float = rewrites.REWRITE_SHARE, vectors: dict[int, np.ndarray] | None = None) -> dict:
    """Scores on all pairs, the tune half and the held-out half."""
    predicted = [predict(corpus, p, floor, share, vectors) for p in pairs]
    result = {"all": scores(pairs, predicted)}
    for split in ("tune", "held_out"):
        keep = [k for k, p in enumerate(pairs) if p.split == split]
        result[split] = scores([pairs[k] for k in keep], [predicted[k] for k in keep])
    result["errors"] = [{"a": p.a, "b": p.b, "gold": p.label, "predicted": y, "split": p.split}
                        for p, y in zip(pairs, predicted, strict=True)
                        if y != (p.label if p.label in ("copy", "rewrite") else "none")]
    return result
