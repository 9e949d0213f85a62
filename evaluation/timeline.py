"""Entity timelines against SemEval-2015 Task 4 "TimeLine: Cross-Document Event Ordering", Track A (docs/quality.md).

**The task** (Minard et al. 2015). Three corpora of 30 Wikinews articles each (Airbus and Boeing; GM, Chrysler and
Ford; stock markets), a list of target entities per corpus, and for each entity a gold *timeline*: the events the
entity takes part in, anchored in time and ordered. Track A starts from raw text. A timeline file has the entity on
its first line, then one line per event: `<order>\\t<anchor>\\t<mention>[\\t<mention>...]`, where the anchor is
YYYY-MM-DD with unknown parts as X (2005-XX-XX), equal order numbers mean simultaneous, order 0 holds the events that
cannot be placed (anchor XXXX-XX-XX), and a mention is `<docid>-<sentence>-<word>` (CAT sentence numbers, sentence 0
being the headline; the event's word, words of a multi-word event joined by "_"). Coreferent mentions share a line.

**Reading and feeding the pipeline.** The raw texts exist only as tokens (CAT files: `<token sentence=...>`), so each
article is rebuilt from them: the headline, the date line and the body as three paragraphs, tokens joined with the
usual spacing rules (no space before "," or "'s", none inside brackets or quotation marks), remembering where every
token lands. The document creation time (the CAT/TimeML TIMEX3 with functionInDocument CREATION_TIME) is the
article's date. The articles go to `storyline.run.analyze` as one JSONL file (id, text, date; no title field, so the
clean stage does not drop the headline as a repeat of the title) into a fresh SQLite store.

**Mapping our offsets to the task's mentions.** Our offsets index the *clean* text, which may differ from what was
fed in (lines dropped as page furniture, whitespace changed). The rebuilt text and the clean text are split into
whitespace-separated words and aligned with difflib's SequenceMatcher (longest matching blocks, no junk heuristic);
a token inside an aligned word gets the clean offset of the same character. A system mention (trigger start:end)
becomes `<docid>-<sentence>-<words>`, from the CAT tokens it overlaps (in the sentence of its first token). Tokens
whose words were dropped or changed by cleaning have no clean offset, and a mention there cannot match.

**Storyline's timeline for an entity.** The canonical actors (actors corpus step) whose name is the entity: the same
words, case, dots and punctuation aside ("U.S. Air Force" = "US Air Force"), or the entity's words followed by more
("Boeing" = "Boeing Co", not "William Boeing"); only when no name is, the actors with an alias of exactly its words
(aliases also hold surnames and role descriptions). The events (events corpus step) that have one of those
actors among their actors or targets, minus the ones that did not or may not happen (status negated, denied or
hypothetical: a timeline says what happened or is planned). Each event is one line with all its mentions that map
to task mentions. The anchor comes from the event's date and precision (day and week: the day; month: YYYY-MM-XX;
year: YYYY-XX-XX; the start of a range); dated events are numbered by distinct anchor in calendar order, a coarser
anchor before the finer ones it contains (2005-XX-XX before 2005-01-XX before 2005-01-29, the gold's convention);
undated events go to order 0 with XXXX-XX-XX, as in the gold.

**The official metric** (the task's scorer, `evaluation_all.py`, after TempEval-3; reimplemented here, since the
original is Python 2 and calls a compiled module). Each timeline becomes a graph of temporal relations: order-0
lines are left out; every mention is a node (a mention string repeated in one timeline is a new node each time,
the n-th system copy meeting the n-th gold copy); every anchor is a time node; each mention is SIMULTANEOUS with its
anchor; the lines are sorted (natural order of the line text) and each mention is related to the next one in the
list, BEFORE when the order number grows, else SIMULTANEOUS. The relations are *reduced*: taken in that order
(anchors first, then the chain), one that the relations kept so far already imply is dropped, one that contradicts
them is kept but not used for inference (the scorer's "violated" relations). Then, per timeline,
precision = |reduced system relations implied by the gold graph| / |reduced system relations| and
recall = |reduced gold relations implied by the system graph| / |reduced gold relations| ("temporal awareness",
UzZaman and Allen 2011), with inference by temporal closure over points (SIMULTANEOUS is an equivalence, BEFORE a
strict order through it). Counts are summed over timelines (micro average), per corpus and over all three; F1 is
the harmonic mean of the micro P and R. Where the scorer's undocumented insertion order ("weight sorted") differs
from ours, the reduction can differ on gold timelines that order events inside one anchor: a few relations.

**Diagnostics** (not in the official score; they say *why* it is what it is), over all lines, order 0 included:
mention precision, recall and F1 (sets of mention strings per timeline, summed); of the matched mentions whose gold
anchor is not XXXX-XX-XX, the share with the same anchor string (date exact) and with the same month (date month:
year and month, or the year alone where the gold gives no month); of the pairs of matched mentions that are both
placed (order > 0) in both timelines with different gold order numbers, the share the system orders the same way
(pairwise order; a tie counts as wrong).
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from typing import Any

from evaluation import shared_dir
from evaluation.coref import NO_SPACE_AFTER, NO_SPACE_BEFORE

UNDATED = "XXXX-XX-XX"
SIMULTANEOUS = "SIMULTANEOUS"
BEFORE = "BEFORE"
# Statuses of events left out of a timeline: they did not happen, or only might have.
EXCLUDED_STATUSES = frozenset({"negated", "denied", "hypothetical"})
# A coarser anchor sorts before the finer ones it contains (2005-XX-XX, 2005-01-XX, 2005-01-29).
PRECISION_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}
QUOTES = {'"', "``", "''", "“", "”"}


def data_root() -> Path:
    """`semeval2015-task4-timeline/SemEval_Task4_data` under the shared `eval/` folder (`evaluation.shared_dir`)."""
    return shared_dir() / "eval" / "semeval2015-task4-timeline" / "SemEval_Task4_data"


# -- the data ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    sentence: int
    word: str


@dataclass
class SourceDoc:
    """One article as the task gives it: its id, its CAT tokens in order, and its creation time (YYYY-MM-DD)."""

    id: str
    tokens: list[Token]
    dct: str | None


@dataclass(frozen=True)
class Line:
    """One timeline line: an order number, a time anchor, and the mentions of one event."""

    order: int
    anchor: str
    mentions: tuple[str, ...]


@dataclass
class Timeline:
    entity: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Corpus:
    name: str
    docs: list[SourceDoc]
    entities: list[str]
    gold: dict[str, Timeline]  # by entity, as listed


def read_cat(path: Path) -> SourceDoc:
    """An article from its CAT file: tokens with their sentence numbers, and the creation time if it has one."""
    root = ET.parse(path).getroot()
    tokens = [Token(int(t.get("sentence", "0")), t.text or "") for t in root.iter("token")]
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            dct = timex.get("value", "")[:10]
            break
    return SourceDoc(root.get("doc_id") or path.name.split("_")[0], tokens, dct)


def read_dct_timeml(path: Path) -> str | None:
    """The creation time of a TimeML file (its DCT element), YYYY-MM-DD."""
    dct = ET.parse(path).getroot().find("DCT/TIMEX3")
    return dct.get("value", "")[:10] if dct is not None and dct.get("value") else None


def parse_timeline(text: str) -> Timeline:
    """A timeline file: the entity on the first line, then order, anchor and mentions separated by tabs."""
    rows = text.splitlines()
    timeline = Timeline(rows[0].strip() if rows else "")
    for row in rows[1:]:
        cells = [c.strip() for c in row.split("\t") if c.strip()]
        if len(cells) >= 3 and cells[0].isdigit():
            timeline.lines.append(Line(int(cells[0]), cells[1], tuple(cells[2:])))
    return timeline


def format_timeline(timeline: Timeline) -> str:
    """The task's file format (what `parse_timeline` reads)."""
    rows = [timeline.entity] + ["\t".join([str(line.order), line.anchor, *line.mentions]) for line in timeline.lines]
    return "\n".join(rows) + "\n"


def read_corpus(folder: Path) -> Corpus:
    """One corpus folder: the Track A CAT articles (creation time from the TimeML file when the CAT lacks it), the
    target entities, and the gold timeline of each (the file named after the entity, as the official scorer pairs
    them; empty when there is none)."""
    docs = []
    for path in sorted((folder / "corpus_trackA_CAT").glob("*.xml")):
        doc = read_cat(path)
        if doc.dct is None:
            timeml = folder / "corpus_trackA_TimeML" / (path.name.removesuffix(".txt.xml") + ".tml")
            doc.dct = read_dct_timeml(timeml) if timeml.exists() else None
        docs.append(doc)
    entity_file = next(folder.glob("list_target_entities_*.txt"))
    entities = [e.strip() for e in entity_file.read_text(encoding="utf-8").splitlines() if e.strip()]
    gold = {}
    for entity in entities:
        path = folder / "TimeLines_Gold_Standard" / timeline_file_name(entity)
        timeline = parse_timeline(path.read_text(encoding="utf-8")) if path.exists() else Timeline(entity)
        gold[entity] = Timeline(entity, timeline.lines)
    return Corpus(folder.name, docs, entities, gold)


def timeline_file_name(entity: str) -> str:
    """The task's file name for an entity's timeline: lower case, words joined by "_" ("boeing_777.txt")."""
    return "_".join(entity.lower().split()) + ".txt"


def corpus_folders(root: Path | None = None) -> list[Path]:
    return sorted(p for p in (root or data_root()).glob("corpus_*") if p.is_dir())


# -- rebuilding the text and mapping offsets -----------------------------------------------------------------------

@dataclass
class Rendered:
    """An article rebuilt from its tokens: the text, and each token's start:end in it (in token order)."""

    text: str
    spans: list[tuple[int, int]]


def render(doc: SourceDoc) -> Rendered:
    """Headline, date line and body as three paragraphs; tokens spaced as in running text. Straight double quotes
    alternate opening and closing within a sentence."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length, previous, sentence, open_quote = 0, "", None, False
    for token in doc.tokens:
        if token.sentence != sentence:
            open_quote = False  # an unbalanced quote does not carry into the next sentence
        if sentence is None:
            sep = ""
        elif token.sentence != sentence and min(sentence, token.sentence) <= 1:
            sep = "\n\n"  # headline (0) and date line (1) are paragraphs of their own
        elif _glued(previous, token.word, open_quote):
            sep = ""
        else:
            sep = " "
        if token.word in QUOTES:
            open_quote = not open_quote
        parts += [sep, token.word]
        length += len(sep)
        spans.append((length, length + len(token.word)))
        length += len(token.word)
        previous, sentence = token.word, token.sentence
    return Rendered("".join(parts), spans)


def _glued(previous: str, word: str, open_quote: bool) -> bool:
    """Whether `word` follows `previous` with no space: punctuation, clitics, after an opening bracket or quote."""
    if NO_SPACE_BEFORE.match(word) or previous in NO_SPACE_AFTER:
        return True
    if word in QUOTES:
        return open_quote  # a closing quote hugs the word before it
    return previous in QUOTES and open_quote  # an opening quote hugs the word after it


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]


def align_offsets(source: str, target: str) -> dict[int, int]:
    """For each character of `source` inside a word that also appears, aligned, in `target`: its offset there.

    Words are whitespace-separated; the two word sequences are aligned by difflib's SequenceMatcher, so dropped
    lines, inserted text and changed spacing only lose the words they touch."""
    src, tgt = _words(source), _words(target)
    matcher = SequenceMatcher(None, [w for _, _, w in src], [w for _, _, w in tgt], autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            (s_start, s_end, _), (t_start, _, _) = src[a + k], tgt[b + k]
            for offset in range(s_start, s_end):
                mapping[offset] = t_start + offset - s_start
    return mapping


@dataclass
class TokenIndex:
    """Where each CAT token of one article is in our clean text: (start, end, sentence, word), in text order."""

    doc_id: str
    tokens: list[tuple[int, int, int, str]]

    @classmethod
    def build(cls, doc: SourceDoc, rendered: Rendered, clean_text: str) -> TokenIndex:
        mapping = align_offsets(rendered.text, clean_text)
        placed = []
        for token, (start, end) in zip(doc.tokens, rendered.spans, strict=True):
            if start in mapping and end - 1 in mapping:
                placed.append((mapping[start], mapping[end - 1] + 1, token.sentence, token.word))
        placed.sort()
        return cls(doc.id, placed)

    def mention_id(self, start: int, end: int) -> str | None:
        """`<docid>-<sentence>-<words>` for the tokens that start:end overlaps (those in the first one's sentence),
        or None when it overlaps none."""
        first = max(bisect_right([t[0] for t in self.tokens], start) - 1, 0)
        covered = []
        for token in self.tokens[first:]:
            if token[0] >= end:
                break
            if token[1] > start:
                covered.append(token)
        if not covered:
            return None
        sentence = covered[0][2]
        words = [t[3] for t in covered if t[2] == sentence]
        return f"{self.doc_id}-{sentence}-{'_'.join(words)}"


# -- running Storyline and building its timelines ------------------------------------------------------------------

def write_inputs(docs: Sequence[SourceDoc], folder: Path) -> tuple[Path, dict[str, Rendered]]:
    """The articles as one JSONL file the records reader takes (id, text, date), and what each was rebuilt as."""
    rendered = {doc.id: render(doc) for doc in docs}
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            record = {"id": doc.id, "text": rendered[doc.id].text}
            if doc.dct:
                record["date"] = doc.dct
            fh.write(json.dumps(record) + "\n")
    return path, rendered


def run_pipeline(docs: Sequence[SourceDoc], workdir: Path,
                 nlp: object | None = None) -> tuple[Path, dict[str, Rendered]]:
    """`storyline analyze` on the articles into `workdir/timeline.db`; the store's path and the rebuilt texts."""
    from storyline.config import Settings
    from storyline.run import analyze

    path, rendered = write_inputs(docs, workdir)
    db = workdir / "timeline.db"
    analyze([str(path)], Settings(db=str(db)), nlp=nlp)  # type: ignore[arg-type]
    return db, rendered


def name_words(name: str) -> tuple[str, ...]:
    """A name's words for matching: lower case, dots dropped ("U.S." = "US"), other punctuation a separator."""
    return tuple(re.findall(r"[\w&]+", name.lower().replace(".", "")))


def names_entity(entity: str, name: str, prefix: bool = True) -> bool:
    """Whether `name` names the entity: the same words, or (with `prefix`) the entity's words then more ("Boeing"
    names "Boeing Co", not "William Boeing")."""
    wanted, words = name_words(entity), name_words(name)
    return bool(wanted) and (words == wanted or (prefix and words[:len(wanted)] == wanted))


def entity_actor_ids(entity: str, actors: Sequence[dict[str, Any]]) -> set[int]:
    """The canonical actors that are the entity: those whose name names it (same words, or its words first); only
    when none does, those with an alias of exactly its words (aliases also hold surnames and role descriptions,
    "Ford" for William Clay Ford Jr., "president of Chrysler", so they must match whole and come second)."""
    by_name = {a["id"] for a in actors if names_entity(entity, a["name"])}
    if by_name:
        return by_name
    return {a["id"] for a in actors if any(names_entity(entity, alias, prefix=False) for alias in a["aliases"])}


def anchor_of(date: str | None, precision: str | None) -> str:
    """The task's anchor for an event's date: a day as is (a week as its stored day), YYYY-MM-XX for a month,
    YYYY-XX-XX for a year, XXXX-XX-XX when undated."""
    if not date:
        return UNDATED
    if precision == "year":
        return f"{date[:4]}-XX-XX"
    if precision == "month":
        return f"{date[:7]}-XX"
    return date[:10]


def _anchor_sort_key(anchor: str) -> tuple[str, int]:
    """Calendar order, a coarser anchor before the finer ones it contains."""
    grain = 0 if anchor[5:7] == "XX" else 1 if anchor[8:10] == "XX" else 3
    return anchor.replace("XX", "01"), grain


def order_lines(entity: str, events: Iterable[tuple[str, Sequence[str]]]) -> Timeline:
    """A timeline from (anchor, mentions) pairs: order numbers by distinct anchor in calendar order; undated at 0.
    Lines of one anchor keep the order they came in."""
    events = [(anchor, tuple(mentions)) for anchor, mentions in events if mentions]
    anchors = sorted({a for a, _ in events if a != UNDATED}, key=_anchor_sort_key)
    number = {a: i for i, a in enumerate(anchors, start=1)}
    lines = [Line(number.get(a, 0), a, m) for a, m in events]
    lines.sort(key=lambda line: line.order)
    return Timeline(entity, lines)


@dataclass
class SystemStore:
    """What the timelines need from the store, read once: actors, events with their mentions, clean texts."""

    actors: list[dict[str, Any]]
    events: list[dict[str, Any]]
    mentions: dict[int, list[dict[str, Any]]]
    texts: dict[str, str]

    @classmethod
    def read(cls, db: Path) -> SystemStore:
        from storyline.store import open_store

        store = open_store(db)
        try:
            mentions = {k: [dict(r) for r in rows] for k, rows in store.event_mentions_of().items()}
            texts = {row["id"]: row["text"] for row in store.latest_documents()}
            return cls(store.actors(), store.events(), mentions, texts)
        finally:
            store.close()


def system_timeline(entity: str, system: SystemStore, indexes: dict[str, TokenIndex]) -> Timeline:
    """Storyline's timeline for one target entity (see the module docstring)."""
    ids = entity_actor_ids(entity, system.actors)
    events = []
    for event in system.events:
        if not ids & {*event["actors"], *event["targets"]} or event["status"] in EXCLUDED_STATUSES:
            continue
        mentions = []
        for row in system.mentions.get(event["id"], []):
            index = indexes.get(row["doc"])
            mention = index.mention_id(row["start"], row["end"]) if index else None
            if mention and mention not in mentions:
                mentions.append(mention)
        events.append((anchor_of(event["date"], event["date_precision"]), mentions))
    return order_lines(entity, events)


def system_timelines(corpus: Corpus, db: Path, rendered: dict[str, Rendered]) -> dict[str, Timeline]:
    """Storyline's timeline for every target entity of the corpus, from the store the pipeline wrote."""
    system = SystemStore.read(db)
    indexes = {doc.id: TokenIndex.build(doc, rendered[doc.id], system.texts[doc.id])
               for doc in corpus.docs if doc.id in system.texts}
    return {entity: system_timeline(entity, system, indexes) for entity in corpus.entities}


# -- temporal awareness --------------------------------------------------------------------------------------------

Node = tuple[str, str, int]  # ("E", mention, n-th copy) or ("T", anchor, 0)
Relation = tuple[Node, Node, str]


def _natural_key(text: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def timeline_relations(timeline: Timeline) -> list[Relation]:
    """The scorer's graph of a timeline: each placed mention SIMULTANEOUS with its anchor, then each mention
    BEFORE (order grows) or SIMULTANEOUS with the next one, lines sorted by their natural text order."""
    placed = [ln for ln in timeline.lines if ln.order > 0]
    rows = sorted(placed, key=lambda ln: _natural_key("\t".join([str(ln.order), ln.anchor, *ln.mentions])))
    seen: Counter[str] = Counter()
    chain: list[tuple[Node, int]] = []
    anchors: list[Relation] = []
    for line in rows:
        for mention in line.mentions:
            node: Node = ("E", mention, seen[mention])
            seen[mention] += 1
            anchors.append((node, ("T", line.anchor, 0), SIMULTANEOUS))
            chain.append((node, line.order))
    links = [(a, b, BEFORE if order_a < order_b else SIMULTANEOUS)
             for (a, order_a), (b, order_b) in pairwise(chain)]
    return anchors + links


class PointGraph:
    """Points related by SIMULTANEOUS (an equivalence, kept by union-find) and BEFORE (a strict order between the
    equivalence classes); `implies` answers from the closure."""

    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}
        self.after: dict[Node, set[Node]] = {}  # class -> classes directly after it

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _reaches(self, start: Node, goal: Node) -> bool:
        stack, seen = [start], {start}
        while stack:
            for nxt in self.after.get(stack.pop(), ()):
                nxt = self.find(nxt)
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def implies(self, x: Node, y: Node, rel: str) -> bool:
        if x not in self.parent or y not in self.parent:
            return False
        cx, cy = self.find(x), self.find(y)
        if rel == SIMULTANEOUS:
            return cx == cy
        return cx != cy and self._reaches(cx, cy)

    def contradicts(self, x: Node, y: Node, rel: str) -> bool:
        if rel == SIMULTANEOUS:
            return self.implies(x, y, BEFORE) or self.implies(y, x, BEFORE)
        return self.implies(x, y, SIMULTANEOUS) or self.implies(y, x, BEFORE)

    def add(self, x: Node, y: Node, rel: str) -> None:
        cx, cy = self.find(x), self.find(y)
        if rel == BEFORE:
            self.after.setdefault(cx, set()).add(cy)
            return
        if cx != cy:
            self.parent[cy] = cx
            self.after.setdefault(cx, set()).update(self.after.pop(cy, set()))


def reduce_relations(relations: Sequence[Relation]) -> tuple[list[Relation], PointGraph]:
    """The relations a graph keeps (those not implied by the ones before them, and the contradicting ones, which
    are kept but not used) and the graph of the consistent ones."""
    graph = PointGraph()
    kept: list[Relation] = []
    for x, y, rel in relations:
        if graph.implies(x, y, rel):
            continue
        kept.append((x, y, rel))
        if not graph.contradicts(x, y, rel):
            graph.add(x, y, rel)
    return kept, graph


def _verified(relations: Sequence[Relation], graph: PointGraph, stated: set[Relation]) -> int:
    """How many relations the other side states (either direction) or its graph implies."""
    count = 0
    for x, y, rel in relations:
        inverse = (y, x, rel) if rel == SIMULTANEOUS else None
        count += (x, y, rel) in stated or inverse in stated or graph.implies(x, y, rel)
    return count


@dataclass
class Counts:
    """Summable counts behind the figures: temporal awareness, mentions, dates and pairwise order."""

    ta_sys_matched: int = 0
    ta_sys: int = 0
    ta_gold_matched: int = 0
    ta_gold: int = 0
    mentions_sys: int = 0
    mentions_gold: int = 0
    mentions_matched: int = 0
    dated_matched: int = 0
    date_exact: int = 0
    date_month: int = 0
    pairs: int = 0
    pairs_right: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))

    def figures(self) -> dict[str, float | int]:
        p = _ratio(self.ta_sys_matched, self.ta_sys)
        r = _ratio(self.ta_gold_matched, self.ta_gold)
        mp = _ratio(self.mentions_matched, self.mentions_sys)
        mr = _ratio(self.mentions_matched, self.mentions_gold)
        return {
            "precision": p, "recall": r, "f1": _f1(p, r),
            "relations_system": self.ta_sys, "relations_gold": self.ta_gold,
            "mention_precision": mp, "mention_recall": mr, "mention_f1": _f1(mp, mr),
            "mentions_system": self.mentions_sys, "mentions_gold": self.mentions_gold,
            "mentions_matched": self.mentions_matched,
            "date_exact": _ratio(self.date_exact, self.dated_matched),
            "date_month": _ratio(self.date_month, self.dated_matched), "dated_matched": self.dated_matched,
            "pairwise_order": _ratio(self.pairs_right, self.pairs), "pairs": self.pairs,
        }


def _ratio(num: float, den: float) -> float:
    return round(num / den, 4) if den else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def temporal_awareness(gold: Timeline, system: Timeline) -> Counts:
    """The official counts for one timeline: reduced system relations the gold implies, and the other way round."""
    gold_raw, sys_raw = timeline_relations(gold), timeline_relations(system)
    gold_kept, gold_graph = reduce_relations(gold_raw)
    sys_kept, sys_graph = reduce_relations(sys_raw)
    return Counts(ta_sys_matched=_verified(sys_kept, gold_graph, set(gold_raw)), ta_sys=len(sys_kept),
                  ta_gold_matched=_verified(gold_kept, sys_graph, set(sys_raw)), ta_gold=len(gold_kept))


def _first_lines(timeline: Timeline) -> dict[str, Line]:
    """Each mention's line (its first, where a mention is listed twice)."""
    found: dict[str, Line] = {}
    for line in timeline.lines:
        for mention in line.mentions:
            found.setdefault(mention, line)
    return found


def diagnostics(gold: Timeline, system: Timeline) -> Counts:
    """Mention, date and pairwise-order counts for one timeline (see the module docstring)."""
    gold_lines, sys_lines = _first_lines(gold), _first_lines(system)
    matched = [m for m in sys_lines if m in gold_lines]
    counts = Counts(mentions_sys=len(sys_lines), mentions_gold=len(gold_lines), mentions_matched=len(matched))
    for mention in matched:
        truth, guess = gold_lines[mention].anchor, sys_lines[mention].anchor
        if truth != UNDATED:
            counts.dated_matched += 1
            counts.date_exact += guess == truth
            known = 7 if truth[5:7] != "XX" else 4  # the month, or the year where the gold gives no month
            counts.date_month += guess[:known] == truth[:known]
    placed = [m for m in matched if gold_lines[m].order > 0 and sys_lines[m].order > 0]
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            truth = gold_lines[a].order - gold_lines[b].order
            if truth:
                guess = sys_lines[a].order - sys_lines[b].order
                counts.pairs += 1
                counts.pairs_right += guess * truth > 0
    return counts


def score_timeline(gold: Timeline, system: Timeline) -> Counts:
    return temporal_awareness(gold, system) + diagnostics(gold, system)


# -- the whole evaluation ------------------------------------------------------------------------------------------

@dataclass
class CorpusResult:
    name: str
    counts: Counts
    per_entity: dict[str, dict[str, float | int]]
    timelines: dict[str, Timeline]
    seconds: float = 0.0


def evaluate_corpus(folder: Path, workdir: Path, nlp: object | None = None) -> CorpusResult:
    """Run Storyline on one corpus and score its timelines for every target entity."""
    started = time.perf_counter()
    corpus = read_corpus(folder)
    db, rendered = run_pipeline(corpus.docs, workdir, nlp)
    timelines = system_timelines(corpus, db, rendered)
    total, per_entity = Counts(), {}
    for entity in corpus.entities:
        counts = score_timeline(corpus.gold[entity], timelines[entity])
        per_entity[entity] = counts.figures()
        total = total + counts
    return CorpusResult(corpus.name, total, per_entity, timelines, round(time.perf_counter() - started, 1))


def evaluate(root: Path | None = None, nlp: object | None = None, corpora: Sequence[str] | None = None,
             workdir: Path | None = None) -> dict[str, Any]:
    """Figures per corpus (`corpora`: folder names, default all three) and micro-averaged over them."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = workdir or Path(tmp)
        for folder in corpus_folders(root):
            if corpora and folder.name not in corpora:
                continue
            target = base / folder.name
            target.mkdir(parents=True, exist_ok=True)
            results.append(evaluate_corpus(folder, target, nlp))
    overall = sum((r.counts for r in results), Counts())
    return {
        "corpora": {r.name: {**r.counts.figures(), "seconds": r.seconds, "per_entity": r.per_entity}
                    for r in results},
        "overall": overall.figures(),
        "timelines": {r.name: {e: format_timeline(t) for e, t in r.timelines.items()} for r in results},
    }
