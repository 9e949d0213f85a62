"""Score temporal expressions (TIMEX3) against TempEval-3 platinum and MEANTIME gold (docs/quality.md).

The metric follows the TempEval-3 task A scorer (UzZaman et al. 2013), on character spans:

- **strict** match: a predicted span with exactly the gold span's start and end;
- **relaxed** match: a predicted span that overlaps a gold span (each gold and each predicted span is
  matched at most once, greedily in text order);
- precision = matched / predicted, recall = matched / gold, F1 their harmonic mean;
- **value accuracy**: the share of relaxed matches whose normalised value equals the gold value, and
  **value F1** = value accuracy x relaxed F1 (the TE3 "attribute F1"); the same for the type.

Gold is read from `../shared/eval` (never copied into the repository). TE3 documents are the `.tml`
files with their tags stripped; MEANTIME documents are rebuilt from their tokens (title, a blank
line, then the body sentences), leaving out the date line that carries the creation time and keeping
only the sentences MEANTIME annotated for time (the title and the first four sentences of the body).
"""

from __future__ import annotations

import html
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from evaluation import shared_dir


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class GoldDocument:
    id: str
    text: str
    dct: str  # document creation time, YYYY-MM-DD
    timexes: list[GoldTimex] = field(default_factory=list)


@dataclass(frozen=True)
class PredictedTimex:
    start: int
    end: int
    type: str
    value: str


Tagger = Callable[[GoldDocument], list[PredictedTimex]]


def shared_eval_dir() -> Path:
    """The shared `eval/` folder (`evaluation.shared_dir`)."""
    return shared_dir() / "eval"


# -- TempEval-3 ------------------------------------------------------------------------------------
TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(source: str, doc_id: str) -> GoldDocument:
    """A TimeML document: the plain text of <TEXT> with its TIMEX3 spans, and the DCT value."""
    dct_match = re.search(r"<DCT>.*?value=\"([^\"]+)\"", source, re.S)
    dct = dct_match.group(1)[:10] if dct_match else ""
    body = source[source.index("<TEXT>") + len("<TEXT>"):source.index("</TEXT>")]
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    pos = 0
    for tag in TAG.finditer(body):
        chunk = html.unescape(body[pos:tag.start()])
        out.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name, attrs = tag.group(1) == "/", tag.group(2), dict(ATTR.findall(tag.group(3)))
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, attrs)
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(out)[start:length]
            timexes.append(GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return GoldDocument(doc_id, "".join(out), dct, timexes)


def load_tempeval3(folder: Path | None = None) -> list[GoldDocument]:
    """The 20 TE3 platinum documents (`te3-platinum/*.tml`)."""
    folder = folder or shared_eval_dir() / "tempeval3-platinum" / "te3-platinum"
    return [parse_tml(path.read_text(encoding="utf-8"), path.stem) for path in sorted(folder.glob("*.tml"))]


# -- MEANTIME --------------------------------------------------------------------------------------
ANNOTATED_SENTENCES = 5  # MEANTIME marks time expressions in the title, date line and first 4 sentences only
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "%", ")", "]", "}", "'s", "'", "n't", "’s", "'re", "'ve",
                   "'ll", "'d", "'m", "”"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "#"}


def _detokenize(tokens: list[tuple[str, str, int]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Join (t_id, text, sentence) tokens into text; return it and each token's character span."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    length = 0
    previous: tuple[str, int] | None = None
    for t_id, word, sentence in tokens:
        if previous is not None:
            if sentence != previous[1]:
                sep = "\n\n" if previous[1] == 0 else " "
            elif word in NO_SPACE_BEFORE or previous[0] in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        spans[t_id] = (length, length + len(word))
        parts.append(word)
        length += len(word)
        previous = (word, sentence)
    return "".join(parts), spans


def parse_meantime(path: Path) -> GoldDocument:
    """A MEANTIME CAT file: text rebuilt from tokens, without the creation-time line."""
    root = ET.parse(path).getroot()
    timex_nodes = root.findall("./Markables/TIMEX3")
    dct = ""
    skip: set[str] = set()
    for node in timex_nodes:
        if node.get("functionInDocument") == "CREATION_TIME":
            dct = (node.get("value") or "")[:10]
            anchors = {a.get("t_id") for a in node.findall("token_anchor")}
            sentences = {t.get("sentence") for t in root.findall("token") if t.get("t_id") in anchors}
            skip |= {t.get("t_id") for t in root.findall("token") if t.get("sentence") in sentences}
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", dct):  # missing or malformed: read the date line ("April 27 , 2005")
        line = " ".join(t.text or "" for t in root.findall("token") if t.get("sentence") == "1")
        try:
            dct = datetime.strptime(line, "%B %d , %Y").date().isoformat()
            skip |= {t.get("t_id") for t in root.findall("token") if t.get("sentence") == "1"}
        except ValueError:
            dct = ""
    tokens = [(t.get("t_id"), t.text or "", int(t.get("sentence"))) for t in root.findall("token")
              if t.get("t_id") not in skip and int(t.get("sentence")) <= ANNOTATED_SENTENCES]
    text, spans = _detokenize(tokens)
    timexes = []
    for node in timex_nodes:
        anchors = [a.get("t_id") for a in node.findall("token_anchor")]
        if node.get("functionInDocument") == "CREATION_TIME" or not anchors or anchors[0] not in spans:
            continue
        start, end = spans[anchors[0]][0], spans[anchors[-1]][1]
        timexes.append(GoldTimex(start, end, text[start:end], node.get("type") or "", node.get("value") or ""))
    return GoldDocument(path.stem, text, dct, sorted(timexes, key=lambda t: t.start))


def load_meantime(folder: Path | None = None) -> list[GoldDocument]:
    """The 120 English MEANTIME articles (4 topic corpora), with a known creation time."""
    folder = folder or shared_eval_dir() / "meantime-en" / "intra_cross-doc_annotation"
    docs = [parse_meantime(path) for path in sorted(folder.glob("*/*.xml"))]
    return [d for d in docs if d.dct]


# -- scoring ---------------------------------------------------------------------------------------
@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0  # relaxed matches with the right value
    type: int = 0  # relaxed matches with the right type

    def add(self, other: Counts) -> None:
        for name in ("gold", "predicted", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    counts: Counts
    seconds: float = 0.0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, text, gold value, predicted

    def _prf(self, matched: int) -> tuple[float, float, float]:
        p = matched / self.counts.predicted if self.counts.predicted else 0.0
        r = matched / self.counts.gold if self.counts.gold else 0.0
        return p, r, _f1(p, r)

    def as_dict(self) -> dict[str, float]:
        sp, sr, sf = self._prf(self.counts.strict)
        rp, rr, rf = self._prf(self.counts.relaxed)
        value_acc = self.counts.value / self.counts.relaxed if self.counts.relaxed else 0.0
        type_acc = self.counts.type / self.counts.relaxed if self.counts.relaxed else 0.0
        return {"gold": self.counts.gold, "predicted": self.counts.predicted,
                "strict_precision": sp, "strict_recall": sr, "strict_f1": sf,
                "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": rf,
                "value_accuracy": value_acc, "value_f1": value_acc * rf,
                "type_accuracy": type_acc, "type_f1": type_acc * rf}


def score_document(gold: GoldDocument, predicted: Iterable[PredictedTimex]) -> tuple[Counts, list]:
    """Counts for one document, and the relaxed matches whose value is wrong (for error analysis)."""
    predicted = sorted(predicted, key=lambda p: (p.start, p.end))
    counts = Counts(gold=len(gold.timexes), predicted=len(predicted))
    used: set[int] = set()
    errors = []
    for g in gold.timexes:
        exact = next((i for i, p in enumerate(predicted) if i not in used and (p.start, p.end) == (g.start, g.end)),
                     None)
        overlap = exact if exact is not None else next(
            (i for i, p in enumerate(predicted) if i not in used and p.start < g.end and g.start < p.end), None)
        if overlap is None:
            errors.append((gold.id, g.text, g.value, "<missed>"))
            continue
        used.add(overlap)
        p = predicted[overlap]
        counts.relaxed += 1
        counts.strict += exact is not None
        counts.value += p.value == g.value
        counts.type += p.type == g.type
        if p.value != g.value:
            errors.append((gold.id, g.text, g.value, f"{p.value} [{gold.text[p.start:p.end]}]"))
    for i, p in enumerate(predicted):
        if i not in used:
            errors.append((gold.id, gold.text[p.start:p.end], "<spurious>", p.value))
    return counts, errors


def evaluate(tagger: Tagger, documents: list[GoldDocument]) -> Scores:
    """Run `tagger` on every document and score it against the gold TIMEX3."""
    total = Counts()
    errors: list = []
    started = time.perf_counter()
    for doc in documents:
        counts, doc_errors = score_document(doc, tagger(doc))
        total.add(counts)
        errors.extend(doc_errors)
    return Scores(total, time.perf_counter() - started, errors)


# -- taggers -----------------------------------------------------------------------------------------
def flatten(timexes: Iterable) -> list[PredictedTimex]:
    """Storyline's expressions as TIMEX3-like spans: a range ("January 9 to 10") counts as its two ends."""
    out = []
    for t in timexes:
        if t.parts and "/" in t.value:
            for (start, end), value in zip(t.parts, t.value.split("/", 1), strict=True):
                out.append(PredictedTimex(start, end, t.type, value))
        else:
            out.append(PredictedTimex(t.start, t.end, t.type, t.value))
    return out


def storyline_tagger(nlp) -> Tagger:
    """The time stage as `storyline analyze` runs it, with the gold creation time as the document's date."""
    from storyline.model import Document
    from storyline.stages import time as time_stage

    def tag(gold: GoldDocument) -> list[PredictedTimex]:
        document = Document(id=gold.id, raw_text=gold.text, source_path=gold.id, published=gold.dct,
                            published_basis="metadata", text=gold.text)
        return flatten(time_stage.compute(document, nlp(gold.text)).timexes)

    return tag


def spacy_tagger(nlp) -> Tagger:
    """spaCy's DATE and TIME entities alone (spans and types only: spaCy gives no values)."""

    def tag(gold: GoldDocument) -> list[PredictedTimex]:
        return [PredictedTimex(e.start_char, e.end_char, e.label_, "") for e in nlp(gold.text).ents
                if e.label_ in ("DATE", "TIME")]

    return tag


def dateparser_tagger() -> Tagger:
    """dateparser's `search_dates` relative to the creation time; a found date's value is its day."""
    from dateparser.search import search_dates

    def tag(gold: GoldDocument) -> list[PredictedTimex]:
        base = datetime.fromisoformat(gold.dct)
        found = search_dates(gold.text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        out, cursor = [], 0
        for text, when in found:
            start = gold.text.find(text, cursor)
            if start < 0:
                continue
            cursor = start + len(text)
            out.append(PredictedTimex(start, cursor, "DATE", when.date().isoformat()))
        return out

    return tag
