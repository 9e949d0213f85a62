"""Score the quotes stage against PolNeAR (Newell, Margolin and Ruths, LREC 2018), the train compartment in
../shared/eval/polnear-train: 840 US political news articles whose attributions are brat standoff files, each
relation linking a Source, a Cue and a Content span (spans may be discontinuous).

Choices, each made once and before any figure was seen:

- **One annotator per article.** 16 articles (the corpus' annotator-training compartment) were annotated by
  several people; the scorer takes the annotator whose id sorts first (`_4b22` before `_4e07` ...), so every
  article counts once and the choice does not depend on the system.
- **Dev and held-out halves.** An article is `dev` when the SHA-256 of its file name (without `.txt`) is even in
  its first byte, else `heldout`: a fixed, content-blind split. Rules are chosen on dev; held-out is reported.
- **Direct and other.** An attribution is direct when at least half of its content's non-space characters lie
  inside quotation marks (curly or straight pairs on one line, `quoted_regions`); every other attribution
  (reported speech, but also beliefs, intentions and polls, which PolNeAR annotates too) is "other". The same
  rule classes the system's attributions, so a system quote is compared only with gold of the same class.
- **System attributions.** PolNeAR makes one relation, with discontinuous content, of what one cue attributes.
  So the stage's quotes that share a cue form one attribution ("“...,” he said, “...”"; a quoted fragment inside
  the reported clause of its cue is absorbed by the clause), and a quote without a cue that continues the
  quote before it with the same speaker ("“...,” he said. “...”") joins that attribution.
- **Matching.** Exact: the same set of content fragments after trimming spaces, quotation marks and , . ; : at
  both ends of each. Token overlap: at least one word token in common; pairs are made one to one, largest
  overlap first. Precision = matched / system, recall = matched / gold, F1 their harmonic mean, summed over
  articles (micro average). PolNeAR often makes one relation of quotes that a writer gave in separate sentences
  with separate cues ("“A,” she said. ... “B,” she added."), which one-to-one pairing counts as one hit and one
  false positive; so "any overlap" is reported beside it: precision = system attributions that share a word
  with some gold one of their class / system, recall = gold ones that share a word with some system one / gold.
- **Speaker accuracy**, over overlap-matched pairs whose gold relation has a Source: right when the system's
  speaker as written or as resolved overlaps a gold Source fragment by a character, or when the two name the
  same person (the gold Source text, not a pronoun, is a whole-word part of the system's resolved name or the
  other way round: "Trump" and "Donald Trump").
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from evaluation import shared_dir
from evaluation.quotes import prf
from storyline.model import Document, Quote
from storyline.stages import quotes as quotes_stage

CLASSES = ("direct", "other")
SPLITS = ("dev", "heldout")
DIRECT_SHARE = 0.5  # share of the content inside quotation marks that makes an attribution direct
EDGE = " \t\n\"'“”‘’«»„.,;:"
WORD = re.compile(r"\w+")
QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»")
PRONOUNS = frozenset(["i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that",
                      "who", "which", "one"])
Spans = tuple[tuple[int, int], ...]


def default_dir() -> Path:
    return shared_dir() / "eval" / "polnear-train"


def split_of(name: str) -> str:
    """`dev` or `heldout` for an article file name (without `.txt`): even first byte of its SHA-256 is dev."""
    return "dev" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: its content fragments, cue fragments, source fragments and class."""

    content: Spans
    cue: Spans
    source: Spans
    cls: str


@dataclass
class Article:
    name: str
    annotator: str
    text: str
    gold: list[Attribution]

    @property
    def split(self) -> str:
        return split_of(self.name)


# -- reading the corpus -----------------------------------------------------------------------------------
def _fragments(offsets: str) -> Spans:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))


def parse_ann(ann: str) -> list[tuple[Spans, Spans, Spans]]:
    """(content, cue, source) fragments of every relation of a brat .ann file; a relation without a Source (brat
    type `Attribution-no-source`) has no source fragments. Lines that continue a multi-line span text are skipped."""
    spans: dict[str, tuple[str, Spans]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"T\d+", parts[0]):
            kind, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (kind, _fragments(offsets))
        elif len(parts) >= 2 and re.fullmatch(r"E\d+", parts[0]):
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    found = []
    for args in relations:
        role = {spans[ref][0]: spans[ref][1] for name, ref in args.items() if ref in spans}
        content = tuple(f for name, ref in args.items() if name.startswith("Content") and ref in spans
                        for f in spans[ref][1])
        source = tuple(f for name, ref in args.items() if name.startswith("Source") and ref in spans
                       for f in spans[ref][1])
        if content:
            found.append((tuple(sorted(content)), role.get("Cue", ()), tuple(sorted(source))))
    return found


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans between paired quotation marks on one line (curly, straight or guillemets), marks included."""
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def class_of(text: str, fragments: Spans, regions: list[tuple[int, int]]) -> str:
    """`direct` when at least `DIRECT_SHARE` of the fragments' non-space characters are inside quotation marks."""
    total = inside = 0
    for start, end in fragments:
        for i in range(start, end):
            if not text[i].isspace():
                total += 1
                inside += any(a <= i < b for a, b in regions)
    return "direct" if total and inside >= DIRECT_SHARE * total else "other"


def annotation_files(folder: Path) -> dict[str, Path]:
    """Article name -> the .ann file of the annotator whose id sorts first."""
    chosen: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, path)
    return chosen


def load_articles(folder: Path | None = None, split: str | None = None, limit: int | None = None) -> list[Article]:
    """The articles (of one split, if given; the first `limit` by name, if given) with their gold relations."""
    folder = folder or default_dir()
    articles = []
    for name, path in sorted(annotation_files(folder).items()):
        if split is not None and split_of(name) != split:
            continue
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        regions = quoted_regions(text)
        gold = [Attribution(c, cue, s, class_of(text, c, regions))
                for c, cue, s in parse_ann(path.read_text(encoding="utf-8"))]
        articles.append(Article(name, path.stem.rsplit("_", 1)[1], text, gold))
        if limit is not None and len(articles) >= limit:
            break
    return articles


# -- the system's side ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SystemAttribution:
    content: Spans
    quotes: tuple[Quote, ...]
    cls: str


def _same_speaker(a: Quote, b: Quote) -> bool:
    return a.speaker_start is not None and (a.speaker_start, a.resolved_start) == (b.speaker_start, b.resolved_start)


def _outermost(spans: list[tuple[int, int]]) -> Spans:
    """The spans not inside another one (a quoted fragment inside the reported clause of the same cue)."""
    return tuple(sorted({s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)}))


def group_quotes(quotes: list[Quote], text: str, regions: list[tuple[int, int]]) -> list[SystemAttribution]:
    """The stage's quotes as attributions, as PolNeAR counts them: quotes that share a cue are one attribution
    ("“...,” he said, “...”", or a quoted fragment inside the reported clause of its cue), and a quote without a
    cue that continues the quote before it with the same speaker ("“...,” he said. “...”") joins it."""
    groups: dict[object, list[Quote]] = {}
    previous: tuple[object, Quote] | None = None
    for number, quote in enumerate(sorted(quotes, key=lambda q: (q.start, q.end))):
        if quote.cue_start is not None:
            key: object = (quote.cue_start, quote.cue_end)
        elif previous is not None and _same_speaker(previous[1], quote):
            key = previous[0]
        else:
            key = number
        groups.setdefault(key, []).append(quote)
        previous = key, quote
    found = []
    for members in groups.values():
        content = _outermost([(q.start, q.end) for q in members])
        found.append(SystemAttribution(content, tuple(members), class_of(text, content, regions)))
    return found


def run_stage(article: Article, nlp: Language | None = None, parsed: Doc | None = None) -> list[Quote]:
    """The quotes stage on the article's text, as the runner calls it (parsed here unless `parsed` is given)."""
    document = Document(id=article.name, raw_text=article.text, source_path=article.name, text=article.text)
    doc = parsed if parsed is not None else nlp(article.text)
    return quotes_stage.compute(document, doc)


# -- matching ---------------------------------------------------------------------------------------------
def _trimmed(text: str, fragments: Spans) -> frozenset[tuple[int, int]]:
    spans = set()
    for start, end in fragments:
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        if end > start:
            spans.add((start, end))
    return frozenset(spans)


def _words(text: str, fragments: Spans) -> set[int]:
    """Start offsets of the word tokens in the fragments."""
    return {m.start() for start, end in fragments for m in WORD.finditer(text, start, end)}


def match(text: str, system: list[SystemAttribution], gold: list[Attribution]
          ) -> list[tuple[SystemAttribution, Attribution]]:
    """One-to-one pairs sharing at least one word token, the largest number of shared tokens first."""
    gold_words = [_words(text, g.content) for g in gold]
    pairs = []
    for i, s in enumerate(system):
        words = _words(text, s.content)
        for j, g in enumerate(gold_words):
            shared = len(words & g)
            if shared:
                pairs.append((shared, -i, -j))
    used_s, used_g, matched = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if -i not in used_s and -j not in used_g:
            used_s.add(-i)
            used_g.add(-j)
            matched.append((system[-i], gold[-j]))
    return matched


def exact(text: str, s: SystemAttribution, g: Attribution) -> bool:
    return _trimmed(text, s.content) == _trimmed(text, g.content)


def _normal(name: str) -> str:
    name = re.sub(r"[’']s\b", "", name)
    return " ".join(WORD.findall(name.lower()))


def speaker_right(text: str, s: SystemAttribution, g: Attribution) -> bool:
    """The system's speaker (as written or resolved) overlaps a gold Source fragment, or names the same person."""
    for quote in s.quotes:
        spans = [(quote.speaker_start, quote.speaker_end), (quote.resolved_start, quote.resolved_end)]
        for a, b in spans:
            if a is not None and b is not None and any(min(b, end) > max(a, start) for start, end in g.source):
                return True
        names = [_normal(n) for n in (quote.resolved_text, quote.speaker_text) if n]
        gold_names = [_normal(text[start:end]) for start, end in g.source]
        for gold_name in gold_names:
            if not gold_name or gold_name in PRONOUNS:
                continue
            for name in names:
                if name and name not in PRONOUNS and (f" {gold_name} " in f" {name} " or f" {name} " in
                                                      f" {gold_name} "):
                    return True
    return False


# -- counting ---------------------------------------------------------------------------------------------
@dataclass
class Counts:
    system: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0
    with_source: int = 0
    speaker_right: int = 0
    system_touching: int = 0  # system attributions sharing a word with some gold one (any-overlap precision)
    gold_touched: int = 0  # gold attributions sharing a word with some system one (any-overlap recall)

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def summarize(counts: Counts) -> dict[str, object]:
    return {"gold": counts.gold, "system": counts.system,
            "exact": prf(counts.exact, counts.system, counts.gold),
            "overlap": prf(counts.overlap, counts.system, counts.gold),
            "any_overlap": prf(counts.system_touching, counts.system, counts.gold, counts.gold_touched),
            "speaker_accuracy": counts.speaker_right / counts.with_source if counts.with_source else 0.0,
            "speaker_pairs": counts.with_source}


@dataclass
class ArticleResult:
    article: Article
    counts: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def score_article(article: Article, quotes: list[Quote]) -> ArticleResult:
    """Counts per class for one article, and a line (offsets only) for each miss, spurious one or wrong speaker."""
    text = article.text
    system = group_quotes(quotes, text, quoted_regions(text))
    result = ArticleResult(article)
    for cls in CLASSES:
        mine = [s for s in system if s.cls == cls]
        gold = [g for g in article.gold if g.cls == cls]
        pairs = match(text, mine, gold)
        counts = Counts(len(mine), len(gold), sum(exact(text, s, g) for s, g in pairs), len(pairs))
        mine_words = [_words(text, s.content) for s in mine]
        gold_words = [_words(text, g.content) for g in gold]
        counts.system_touching = sum(any(w & g for g in gold_words) for w in mine_words)
        counts.gold_touched = sum(any(w & g for w in mine_words) for g in gold_words)
        for s, g in pairs:
            if g.source:
                counts.with_source += 1
                if speaker_right(text, s, g):
                    counts.speaker_right += 1
                else:
                    q = s.quotes[0]
                    result.errors.append(f"{cls} speaker {q.speaker_start}:{q.speaker_end}/{q.resolved_start}:"
                                         f"{q.resolved_end} != {g.source} at {g.content[0][0]}")
        paired_s, paired_g = {id(s) for s, _ in pairs}, {id(g) for _, g in pairs}
        result.errors += [f"{cls} spurious {s.content}" for s in mine if id(s) not in paired_s]
        result.errors += [f"{cls} missed {g.content}" for g in gold if id(g) not in paired_g]
        result.counts[cls] = counts
    return result


@dataclass
class Evaluation:
    results: list[ArticleResult]
    seconds: float

    def totals(self, classes: Iterable[str] = CLASSES, split: str | None = None) -> Counts:
        total = Counts()
        for result in self.results:
            if split is None or result.article.split == split:
                for cls in classes:
                    total.add(result.counts[cls])
        return total

    def summary(self, split: str | None = None) -> dict[str, object]:
        report: dict[str, object] = {cls: summarize(self.totals((cls,), split)) for cls in CLASSES}
        report["all"] = summarize(self.totals(CLASSES, split))
        report["articles"] = sum(split is None or r.article.split == split for r in self.results)
        return report


def evaluate(nlp: Language, articles: list[Article], parsed: Callable[[Article], Doc] | None = None,
             on_article: Callable[[ArticleResult], None] | None = None) -> Evaluation:
    """Run the quotes stage over the articles and score it; `parsed` may supply cached parses."""
    started = time.perf_counter()
    results = []
    for article in articles:
        doc = parsed(article) if parsed is not None else nlp(article.text)
        result = score_article(article, run_stage(article, parsed=doc))
        results.append(result)
        if on_article is not None:
            on_article(result)
    return Evaluation(results, time.perf_counter() - started)
