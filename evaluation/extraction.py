"""Score HTML article-body extraction against the article-extraction-benchmark gold set.

The metric reproduces upstream `evaluate.py` of scrapinghub/article-extraction-benchmark:

- Tokens are the matches of the regular expression `\\w+` (Unicode word characters), case kept,
  punctuation and whitespace dropped.
- A text becomes a multiset (bag) of word 4-shingles: every run of 4 consecutive tokens. A text with
  1 to 3 tokens gives a single shorter shingle; a text with no tokens gives none.
- Per page, over the union of shingles: tp = sum of min(gold count, predicted count),
  fp = predicted surplus, fn = gold surplus. Precision = tp / (tp + fp), recall = tp / (tp + fn),
  F1 = their harmonic mean (0 when both are 0).
- Means over pages: precision is averaged over pages whose output has at least one shingle (upstream
  skips empty outputs there; they still count as recall 0), recall over pages whose gold text has
  one. The headline F1 is upstream's: the harmonic mean of mean precision and mean recall. We also
  give the plain mean of per-page F1 (an empty output scores 0 there), and upstream's "accuracy":
  the share of pages whose output token sequence equals the gold token sequence exactly.
- Upstream's "±" figures are bootstrap standard deviations (1000 resamples of the pages);
  `bootstrap_std` computes the same with a fixed seed.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from evaluation import shared_dir

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4

Extractor = Callable[[str], str]


def default_benchmark_dir() -> Path:
    """`article-extraction-benchmark` under the shared `eval/` folder (`evaluation.shared_dir`)."""
    return shared_dir() / "eval" / "article-extraction-benchmark"


def tokenize(text: str) -> list[str]:
    """Word tokens as upstream: maximal runs of Unicode word characters."""
    return TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Bag of word n-shingles of `text` (one shorter shingle when it has fewer than n tokens)."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


@dataclass(frozen=True)
class PageScore:
    """Shingle counts and scores of one page. `precision` is None when the output has no shingles,
    `recall` None when the gold text has none (both are then left out of the corresponding mean)."""

    page_id: str
    tp: int
    fp: int
    fn: int
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Per-page F1; 1.0 when gold and output are both empty, 0.0 when only one is."""
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def empty_output(self) -> bool:
        return self.tp + self.fp == 0


def score_page(gold: str, predicted: str, page_id: str = "", n: int = SHINGLE_SIZE) -> PageScore:
    """Compare the bags of shingles of one gold body and one extracted body."""
    true, pred = shingles(gold, n), shingles(predicted, n)
    tp = sum((true & pred).values())
    return PageScore(
        page_id=page_id,
        tp=tp,
        fp=sum(pred.values()) - tp,
        fn=sum(true.values()) - tp,
        exact=tokenize(gold) == tokenize(predicted),
    )


@dataclass(frozen=True)
class Summary:
    """Means over the pages, as upstream reports them (see the module docstring)."""

    pages: int
    precision: float
    recall: float
    f1: float
    mean_page_f1: float
    accuracy: float
    empty_outputs: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "pages": self.pages, "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "mean_page_f1": self.mean_page_f1, "accuracy": self.accuracy,
            "empty_outputs": self.empty_outputs,
        }


def _mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return statistics.fmean(kept) if kept else 0.0


def summarize(scores: Sequence[PageScore]) -> Summary:
    """Macro averages over pages: mean precision, mean recall, upstream F1, mean page F1, accuracy."""
    precision = _mean(s.precision for s in scores)
    recall = _mean(s.recall for s in scores)
    return Summary(
        pages=len(scores),
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        mean_page_f1=_mean(s.f1 for s in scores),
        accuracy=_mean(float(s.exact) for s in scores),
        empty_outputs=sum(s.empty_output for s in scores),
    )


def bootstrap_std(scores: Sequence[PageScore], resamples: int = 1000, seed: int = 0) -> dict[str, float]:
    """Standard deviation of each summary figure over bootstrap resamples of the pages (upstream's ±)."""
    rng = random.Random(seed)
    values: dict[str, list[float]] = {}
    for _ in range(resamples):
        sample = [scores[rng.randrange(len(scores))] for _ in scores]
        for key, value in summarize(sample).as_dict().items():
            if key not in ("pages", "empty_outputs"):
                values.setdefault(key, []).append(float(value))
    return {key: statistics.stdev(v) for key, v in values.items()}


@dataclass(frozen=True)
class Page:
    """One benchmark item: its id, the raw HTML and the gold article body."""

    page_id: str
    url: str
    html: str
    gold: str


def load_benchmark(path: Path | str | None = None) -> list[Page]:
    """Read ground-truth.json and html/<id>.html.gz (UTF-8) from the benchmark folder, sorted by id."""
    root = Path(path) if path is not None else default_benchmark_dir()
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(root / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8", errors="replace") as f:
            html = f.read()
        item = truth[page_id]
        pages.append(Page(page_id, item.get("url", ""), html, item.get("articleBody", "")))
    return pages


@dataclass(frozen=True)
class Evaluation:
    """What one extractor scored on the benchmark, with the outputs and the extraction time."""

    name: str
    summary: Summary
    scores: list[PageScore]
    outputs: dict[str, str]
    seconds: float


def evaluate(extract: Extractor, path: Path | str | None = None, name: str = "",
             pages: Sequence[Page] | None = None) -> Evaluation:
    """Run `extract(html) -> text` on every benchmark page and score it. `seconds` times extraction only.

    Pass `pages` (from `load_benchmark`) to score several extractors without reading the files again.
    """
    items = list(pages) if pages is not None else load_benchmark(path)
    outputs: dict[str, str] = {}
    start = time.perf_counter()
    for page in items:
        outputs[page.page_id] = extract(page.html) or ""
    seconds = time.perf_counter() - start
    scores = [score_page(p.gold, outputs[p.page_id], p.page_id) for p in items]
    return Evaluation(name, summarize(scores), scores, outputs, seconds)


def trafilatura_extract(html: str) -> str:
    """Plain `trafilatura.extract(html)` with its default options (text output)."""
    import trafilatura

    return trafilatura.extract(html) or ""


def storyline_extract(html: str) -> str:
    """Storyline's path: `parse_html` (trafilatura.bare_extraction) then the clean stage, without
    corpus line counts. A page that `parse_html` rejects gives empty output."""
    from storyline.errors import InputRejected
    from storyline.readers.html import parse_html
    from storyline.stages.clean import clean

    try:
        document = parse_html(html, "benchmark", "benchmark.html")
    except InputRejected:
        return ""
    return clean(document.raw_text, document.title).text


EXTRACTORS: dict[str, Extractor] = {"trafilatura": trafilatura_extract, "storyline": storyline_extract}
