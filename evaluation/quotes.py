"""Score the quotes stage against the hand-annotated gold set in tests/gold/ (guidelines: tests/gold/README.md).

The gold set stores, per article, where the text is in ../shared (file and record id), a SHA-256 of the text
that was annotated, the actors with the names that refer to them, and each quote as character offsets, kind and
speaker. The scorer reads each text from ../shared, checks its hash, parses it with spaCy and runs the stage's
`compute` on that raw text (the analyze pipeline would first clean it, which would move the offsets).

Metrics, per kind (direct, indirect):

- exact: a system quote matches a gold quote of the same kind with the same start and end.
- overlap: a system quote matches a gold quote of the same kind whose span it overlaps by at least one
  character; pairs are matched one to one, largest overlap first.
- precision = matched / system quotes, recall = matched / gold quotes, F1 their harmonic mean; summed over
  all articles (micro average).
- speaker accuracy: over the overlap-matched pairs, the share whose speaker is right. A named gold speaker is
  right when the system's speaker (the mention it resolved to, else the phrase as written) is one of the names
  the gold set lists for that actor, compared case-blind without a leading "the" or a trailing "'s"; a name of
  two or more words may also appear inside a longer phrase ("Kremlin spokesman Dmitry Peskov"). An anonymous
  gold speaker is right when the system says who speaks only by a description (`named` False) that contains
  none of the article's actor names.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from evaluation import repo_root, shared_dir
from storyline.model import Document, Quote
from storyline.stages import quotes as quotes_stage

KINDS = ("direct", "indirect")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def default_gold() -> Path:
    return repo_root() / "tests" / "gold" / "quotes.json"


def default_shared() -> Path:
    return shared_dir() / "corpus"


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speakers: tuple[str, ...]  # actor names; empty for an anonymous speaker
    description: str | None = None


@dataclass
class GoldArticle:
    source: str
    id: str
    field: str | None
    sha256: str
    date: str | None
    outlet: str | None
    actors: dict[str, list[str]]
    quotes: list[GoldQuote]
    text: str = ""


class GoldTextChanged(Exception):
    """The text in ../shared is not the one that was annotated."""


def load_gold(path: Path) -> list[GoldArticle]:
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for item in data["articles"]:
        quotes = []
        for q in item["quotes"]:
            speaker = q.get("speaker")
            names = tuple(speaker) if isinstance(speaker, list) else ((speaker,) if speaker else ())
            quotes.append(GoldQuote(q["start"], q["end"], q["kind"], names, q.get("speaker_desc")))
        articles.append(GoldArticle(item["source"], item["id"], item.get("field"), item["sha256"], item.get("date"),
                                    item.get("outlet"), item.get("actors", {}), quotes))
    return articles


def _jsonl_text(path: Path, record_id: str, field_name: str) -> str:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if f'"{record_id}"' in line:
                record = json.loads(line)
                if record.get("id") == record_id:
                    return record[field_name]
    raise KeyError(f"{path}: no record with id {record_id!r}")


def _csv_text(path: Path, link: str, field_name: str) -> str:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("link") == link:
                return row[field_name]
    raise KeyError(f"{path}: no row with link {link!r}")


def read_texts(articles: list[GoldArticle], shared: Path) -> None:
    """Fill each article's text from ../shared; raise GoldTextChanged when a hash differs."""
    for article in articles:
        path = shared / article.source
        if path.suffix == ".jsonl":
            text = _jsonl_text(path, article.id, article.field or "text")
        elif path.suffix == ".csv":
            text = _csv_text(path, article.id, article.field or "body")
        else:
            text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != article.sha256:
            raise GoldTextChanged(f"{path} record {article.id}: the text differs from the annotated one "
                                  "(its SHA-256 changed); re-annotate it or restore the corpus")
        article.text = text


def run_stage(article: GoldArticle, nlp: Language) -> list[Quote]:
    """The quotes stage on the article's raw text, as the runner calls it."""
    document = Document(id=article.id, raw_text=article.text, source_path=article.source, text=article.text,
                        published=article.date)
    return quotes_stage.compute(document, nlp(article.text))


# -- speakers ---------------------------------------------------------------------------------------------
def normalize(name: str) -> str:
    name = name.replace("’", "'").replace("`", "'")
    name = re.sub(r"\s+", " ", name).strip(" ,.;:\"'“”‘")
    name = re.sub(r"^(the|a|an) ", "", name, flags=re.IGNORECASE)
    name = re.sub(r"'s?$", "", name)
    return name.lower().strip()


def _names_match(system: str, name: str) -> bool:
    system, name = normalize(system), normalize(name)
    if not system or not name:
        return False
    if system == name:
        return True
    return len(name.split()) >= 2 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", system) is not None


def speaker_correct(quote: Quote, gold: GoldQuote, actors: dict[str, list[str]]) -> bool:
    """Whether the system's speaker is the gold one (see the module docstring)."""
    system = quote.resolved_text or quote.speaker_text or ""
    if gold.speakers:
        names = [alias for actor in gold.speakers for alias in [actor, *actors.get(actor, [])]]
        return any(_names_match(system, name) for name in names)
    if gold.description is None:
        return not quote.named  # no speaker in the text ("it was noted that"): right when none is named
    every = [alias for actor, aliases in actors.items() for alias in [actor, *aliases]]
    return bool(system) and not quote.named and not any(_names_match(system, name) for name in every)


# -- matching ---------------------------------------------------------------------------------------------
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match(system: list[Quote], gold: list[GoldQuote]) -> list[tuple[Quote, GoldQuote]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    pairs = sorted(((_overlap((s.start, s.end), (g.start, g.end)), i, j) for i, s in enumerate(system)
                    for j, g in enumerate(gold) if _overlap((s.start, s.end), (g.start, g.end)) > 0), reverse=True)
    used_s, used_g, matched = set(), set(), []
    for _, i, j in pairs:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            matched.append((system[i], gold[j]))
    return matched


@dataclass
class Counts:
    system: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_right: int = 0

    def add(self, other: Counts) -> None:
        for name in ("system", "gold", "exact", "overlap", "speaker_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def prf(hits: int, system: int, gold: int, gold_hits: int | None = None) -> dict[str, float]:
    """Precision, recall and F1 of `hits` among `system` and `gold` items; `gold_hits` counts the gold items hit
    when that differs from the system items that hit (any-overlap matching, which is not one to one)."""
    precision = hits / system if system else 0.0
    recall = (hits if gold_hits is None else gold_hits) / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def summarize(counts: Counts) -> dict[str, object]:
    return {
        "gold": counts.gold, "system": counts.system,
        "exact": prf(counts.exact, counts.system, counts.gold),
        "overlap": prf(counts.overlap, counts.system, counts.gold),
        "speaker_accuracy": counts.speaker_right / counts.overlap if counts.overlap else 0.0,
    }


@dataclass
class ArticleResult:
    article: GoldArticle
    system: list[Quote]
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def score_article(article: GoldArticle, system: list[Quote]) -> ArticleResult:
    """Counts per kind for one article, and a line for each miss, spurious quote or wrong speaker."""
    result = ArticleResult(article, system)
    for kind in KINDS:
        sys_quotes = [q for q in system if q.kind == kind]
        gold_quotes = [q for q in article.quotes if q.kind == kind]
        pairs = match(sys_quotes, gold_quotes)
        counts = Counts(len(sys_quotes), len(gold_quotes), overlap=len(pairs))
        counts.exact = sum((s.start, s.end) == (g.start, g.end) for s, g in pairs)
        for s, g in pairs:
            if speaker_correct(s, g, article.actors):
                counts.speaker_right += 1
            else:
                result.errors.append(f"{kind} speaker {s.resolved_text or s.speaker_text!r} "
                                     f"!= {list(g.speakers) or g.description!r} at {g.start}")
        paired_s = {id(s) for s, _ in pairs}
        paired_g = {id(g) for _, g in pairs}
        result.errors += [f"{kind} spurious {q.start}:{q.end}" for q in sys_quotes if id(q) not in paired_s]
        result.errors += [f"{kind} missed {q.start}:{q.end}" for q in gold_quotes if id(q) not in paired_g]
        result.counts[kind] = counts
    return result


@dataclass
class Evaluation:
    results: list[ArticleResult]
    seconds: float

    def totals(self, kinds: Iterable[str] = KINDS) -> Counts:
        total = Counts()
        for result in self.results:
            for kind in kinds:
                total.add(result.counts[kind])
        return total

    def summary(self) -> dict[str, object]:
        report: dict[str, object] = {kind: summarize(self.totals((kind,))) for kind in KINDS}
        report["all"] = summarize(self.totals())
        report["articles"] = len(self.results)
        report["seconds"] = round(self.seconds, 2)
        return report


def evaluate(nlp: Language, gold: Path | None = None, shared: Path | None = None,
             on_article: Callable[[ArticleResult], None] | None = None) -> Evaluation:
    """Run the quotes stage over every gold article and score it."""
    articles = load_gold(gold or default_gold())
    read_texts(articles, shared or default_shared())
    started = time.perf_counter()
    results = []
    for article in articles:
        result = score_article(article, run_stage(article, nlp))
        results.append(result)
        if on_article is not None:
            on_article(result)
    return Evaluation(results, time.perf_counter() - started)
