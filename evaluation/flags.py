"""Score the source flags (`storyline.claims.flags`) on the labelled set and on native and translated copy.

Three measurements (docs/quality.md, "Source flags"):

- the labelled set `tests/gold/mt_flags.tsv` (corpus, doc id, label machine_translated | native | human_translated;
  ids only, the texts are read from the shared data): precision and recall of the machine_translated flag at
  FLAG_THRESHOLD, on each half of a deterministic split (`half`: the parity of the SHA-1 of "corpus/doc"), the
  tuning half being the one the bias was chosen on;
- false positives on native copy: the machine_translated flag over a sample of the ukraine-media corpus (the
  full-text records in SHA-1 order of their ids, the first `size`), overall and by outlet;
- false positives on human translations: the official English editions of the Kremlin and Ukrainian presidential
  press releases (every record);
- with `other_shared_texts`, false positives on every other English news text of the shared eval sets that is not
  tokenised: GeoWebNews, LGL, TR-News and GeoVirus (geoparsing-gritta), the article-extraction-benchmark bodies, the
  FNC-1 bodies and PolNeAR.

Texts are the records' own fields: `text` (ukraine-media), `body` (press releases), the file (seeds, GeoWebNews).
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from evaluation import gold_rows, repo_root, shared_dir
from storyline.claims.flags import FLAG_THRESHOLD, flag_scores

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

FLAG = "machine_translated"
LABELS = ("machine_translated", "native", "human_translated")
GOLD_COLUMNS = ("corpus", "doc", "label", "note")  # tests/gold/mt_flags.tsv, header line included
PRESS = ("putin", "zelenskyy")


def gold_file() -> Path:
    return repo_root() / "tests" / "gold" / "mt_flags.tsv"


def ukraine_media_file() -> Path:
    return shared_dir() / "corpus" / "ukraine-media" / "articles.jsonl"


@dataclass(frozen=True)
class GoldDoc:
    """One labelled document: where it is, its label and the labeller's note."""

    corpus: str
    doc: str
    label: str
    note: str

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.doc}"


@dataclass
class Counts:
    """Flag decisions against labels: machine_translated is the positive class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def specificity(self) -> float | None:
        """Share of the documents that are not machine-translated that the flag leaves alone."""
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else None

    def as_dict(self) -> dict:
        return {"positives": self.tp + self.fn, "negatives": self.tn + self.fp, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "precision": self.precision, "recall": self.recall, "specificity": self.specificity,
                "false_positives": self.false_positives, "missed": self.missed}


def half(key: str) -> str:
    """"tune" or "held_out", by the parity of the SHA-1 of the key: fixed, and blind to the content."""
    return "tune" if int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "held_out"


def read_gold(path: Path | None = None) -> list[GoldDoc]:
    """The labelled set, in file order (comment lines and the header skipped)."""
    docs = [GoldDoc(**row) for row in gold_rows(path or gold_file(), GOLD_COLUMNS)]
    for doc in docs:
        if doc.label not in LABELS:
            raise ValueError(f"mt_flags.tsv: unknown label {doc.label!r} for {doc.corpus}/{doc.doc}")
    return docs


@cache
def _press(name: str) -> dict[str, str]:
    path = shared_dir() / "corpus" / "press-releases" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["link"]: row["body"] for row in csv.DictReader(fh)}


@cache
def _ukraine_media() -> dict[str, dict]:
    with ukraine_media_file().open(encoding="utf-8") as fh:
        records = (json.loads(line) for line in fh)
        return {r["id"]: r for r in records if r.get("full_text") and r.get("text")}


def document_text(corpus: str, doc: str) -> str:
    """The text of a labelled document, read from the shared data."""
    if corpus == "seeds":
        return (shared_dir() / "corpus" / "seeds" / doc).read_text(encoding="utf-8")
    if corpus == "ukraine-media":
        return _ukraine_media()[doc]["text"]
    if corpus.startswith("press-releases/"):
        return _press(corpus.split("/", 1)[1])[doc]
    if corpus == "geowebnews":
        return (shared_dir() / "eval" / "geoparsing-gritta" / "GeoWebNews" / doc).read_text(encoding="utf-8")
    raise ValueError(f"mt_flags.tsv: unknown corpus {corpus!r}")


Scorer = Callable[[str], dict[str, float]]


def score_gold(docs: Iterable[GoldDoc], scorer: Scorer = flag_scores) -> dict[str, Counts]:
    """Flag decisions at FLAG_THRESHOLD against the labels, for each half and for all documents."""
    counts = {"tune": Counts(), "held_out": Counts(), "all": Counts()}
    for doc in docs:
        flagged = scorer(document_text(doc.corpus, doc.doc))[FLAG] >= FLAG_THRESHOLD
        positive = doc.label == "machine_translated"
        for part in (half(doc.key), "all"):
            c = counts[part]
            if positive and flagged:
                c.tp += 1
            elif positive:
                c.fn += 1
                c.missed.append(doc.key)
            elif flagged:
                c.fp += 1
                c.false_positives.append(doc.key)
            else:
                c.tn += 1
    return counts


def native_sample(size: int | None = 1000) -> list[dict]:
    """The first `size` full-text ukraine-media records in SHA-1 order of their ids (every record when None)."""
    records = sorted(_ukraine_media().values(), key=lambda r: hashlib.sha1(r["id"].encode("utf-8")).hexdigest())
    return records if size is None else records[:size]


def false_positive_rates(texts: Iterable[tuple[str, str, str]], scorer: Scorer = flag_scores) -> dict:
    """Share of (group, id, text) documents flagged machine_translated, overall and by group, with the ids."""
    seen: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    ids: list[str] = []
    for group, doc_id, text in texts:
        seen[group] += 1
        if scorer(text)[FLAG] >= FLAG_THRESHOLD:
            flagged[group] += 1
            ids.append(f"{group}/{doc_id}")
    total = sum(seen.values())
    return {"documents": total, "flagged": sum(flagged.values()),
            "rate": sum(flagged.values()) / total if total else None,
            "by_group": {g: {"documents": n, "flagged": flagged[g], "rate": flagged[g] / n} for g, n in
                         sorted(seen.items())},
            "flagged_ids": ids}


def native_texts(size: int | None = 1000) -> list[tuple[str, str, str]]:
    return [(r["outlet"], r["id"], r["text"]) for r in native_sample(size)]


def press_texts() -> list[tuple[str, str, str]]:
    return [(name, link, body) for name in PRESS for link, body in _press(name).items() if body.strip()]


def other_shared_texts() -> list[tuple[str, str, str]]:
    """(set, id, text) for the other English news texts in ../shared/eval that are not tokenised (see above)."""
    out: list[tuple[str, str, str]] = []
    gritta = shared_dir() / "eval" / "geoparsing-gritta"
    out += [("GeoWebNews", p.name, p.read_text(encoding="utf-8"))
            for p in sorted((gritta / "GeoWebNews").glob("*.txt"))]
    for name in ("lgl", "TR-News", "GeoVirus"):
        root = ET.parse(gritta / "Corpora" / f"{name}.xml").getroot()
        for n, article in enumerate(root.iter("article")):
            text = article.findtext("text")
            if text:
                out.append((name, article.get("docid") or str(n), text))
    benchmark = shared_dir() / "eval" / "article-extraction-benchmark" / "ground-truth.json"
    with benchmark.open(encoding="utf-8") as fh:
        out += [("article-extraction-benchmark", k, v["articleBody"]) for k, v in json.load(fh).items()]
    for name in ("train_bodies", "competition_test_bodies"):
        with (shared_dir() / "eval" / "fnc-1" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            out += [("fnc-1", f"{name}/{row['Body ID']}", row["articleBody"]) for row in csv.DictReader(fh)]
    out += [("polnear", p.name, p.read_text(encoding="utf-8"))
            for p in sorted((shared_dir() / "eval" / "polnear-train" / "text").glob("*"))]
    return [(group, doc_id, text) for group, doc_id, text in out if text.strip()]
