"""Timeline summarisation against Timeline17 and Entities (docs/quality.md, "Timeline summarisation").

**The task** (Tran et al. 2013; Gholipour Ghalandari and Ifrim, ACL 2020, "news-tls"). A topic is a pile of dated
news articles and one or more reference timelines written by journalists: dates, each with a few sentences. A
system reads the articles and writes a timeline with as many dates as the reference (l) and about as many
sentences per date as the reference has on average (k, rounded), using only articles published between the
reference's first and last date (T17) or within a week of them (Entities), as news-tls's `evaluate.py` does.

**The data** (read-only, `../shared/eval/tls`). T17: 17 collections whose `manifest.json` names their news-tls topic;
news-tls merges the collections of one topic (bpoil has 5, h1n1 3, libya and syria 2), so a topic here is the union
of its collections' articles (ids prefixed with the collection, since ids repeat across collections) with every
collection's reference timeline. Timelines are tilse files: a date line, its sentences, a line of dashes. Entities
(a 13-of-47 subset, see its SOURCE.txt): one folder per entity, `timelines/timelines.jsonl` with one timeline per
line as `[[timestamp, [sentence, ...]], ...]`. T17 text is PTB-tokenised (`-LRB-`, two backquotes, ...).

**The metrics** (tilse, Martschat and Markert 2017, as news-tls calls it; reimplemented here, no new dependency).
Each reference timeline is scored on its own and the figures are averaged over all (topic, reference) pairs the way
news-tls's `get_average_results` does: mean precision and mean recall, and F1 of those two means.

- *Date F1*: the predicted dates against the reference dates, as sets (exact days).
- *Alignment-based ROUGE-N* ("align, date-content costs, many-to-one", tilse's
  `evaluate_align_date_content_costs_many_to_one`). Every predicted date p is aligned to the reference date r of
  least cost, cost = (1 - 1/(|p - r| + 1)) * (1 - R1~(p, r)), where R1~ is tilse's ROUGE-1 approximation: F1 of
  the clipped overlap of the two days' *whitespace* tokens, case kept, nothing removed (`util.
  compute_rouge_approximation`); ties go to the earliest reference date (numpy's argmin over sorted dates).
  Precision = sum over p of hits(p, r) / (|p - r| + 1), divided by the n-gram count of all predicted days; recall
  aligns every reference date to its least-cost predicted date the same way, divided by the reference's n-gram
  count. A date aligned to an identical date costs 0 whatever the content (tilse's formula). Many-to-one: several
  dates may share a partner. F1 = 2PR / (P + R).
- *Concat ROUGE-N* (tilse's `evaluate_concat`): all predicted sentences against all reference sentences.

**ROUGE-N counts, and where they differ from tilse.** tilse runs the ROUGE-1.5.5 Perl script with `-m -s -t 2`
(Porter stemming, stop words removed, raw counts, one reference). Here a day's sentences are joined, lower-cased,
every character that is not a-z or 0-9 becomes a space (as py-rouge reproduces ROUGE-1.5.5; PTB bracket tokens are
mapped back to brackets first), the words are split on white space, stop words removed, and n-grams counted over
the whole day (bigrams cross sentence boundaries, as py-rouge does to reproduce ROUGE-1.5.5); hits are
clipped counts. Two departures: the
stop words are spaCy's English list (326 words; ROUGE's SMART list has 571-598), and there is **no stemming**
("protests" and "protest" do not match). Both lower ROUGE a little against tilse's, for every system alike; date F1
is unaffected. news-tls also truncates Entities references to the input's dates (`truncate_timelines`), but the
released code builds the truncated timeline from the untruncated dict, so it has no effect; it is not done here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from evaluation import shared_dir
from storyline.export.timeline import DIGEST_PRECISIONS, digest

# A timeline: each date's sentences.
Timeline = dict[date, list[str]]

PTB_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
                "``": '"', "''": '"'}
NON_ALNUM = re.compile(r"[^a-z0-9]+")
TIMELINE_SEPARATOR = re.compile(r"^-{5,}\s*$")
# news-tls's input window around the reference's first and last date, in days.
WINDOW_DAYS = {"t17": 0, "entities": 7}


def tls_root() -> Path:
    """`tls/` under the shared `eval/` folder (`evaluation.shared_dir`)."""
    return shared_dir() / "eval" / "tls"


def dataset_root(dataset: str) -> Path:
    """The folder of `t17` or `entities` (the staged subset)."""
    return tls_root() / ("t17" if dataset == "t17" else "entities-subset")


# -- the data ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Article:
    """One input article: id (unique within its topic), publication day, title (None in T17) and text."""

    id: str
    published: date
    title: str | None
    text: str


@dataclass
class Topic:
    """A topic: its articles in publication order and its reference timelines, each with a name."""

    name: str
    articles: list[Article]
    references: list[tuple[str, Timeline]] = field(default_factory=list)


def parse_day(value: str) -> date:
    """A day from "YYYY-MM-DD" or a timestamp that starts with it."""
    return date.fromisoformat(value.strip()[:10])


def parse_tilse_timeline(text: str) -> Timeline:
    """A tilse timeline file: a date line, the sentences of that date (one per line), a line of dashes; a date that
    appears twice keeps the sentences of both. A block whose date line is not a valid day (MJ_bbc has
    "2011-04-0") is skipped: tilse's reader would fail on it too."""
    timeline: Timeline = {}
    current: date | None = None
    in_block = False
    for line in text.splitlines():
        if TIMELINE_SEPARATOR.match(line):
            current, in_block = None, False
        elif not in_block and line.strip():
            in_block = True
            try:
                current = parse_day(line)
                timeline.setdefault(current, [])
            except ValueError:
                current = None
        elif line.strip() and current is not None:
            timeline[current].append(line.strip())
    return {day: sentences for day, sentences in timeline.items() if sentences}


def parse_jsonl_timeline(line: str) -> Timeline:
    """One line of an Entities `timelines.jsonl`: `[[timestamp, [sentence, ...]], ...]`."""
    timeline: Timeline = {}
    for stamp, sentences in json.loads(line):
        timeline.setdefault(parse_day(stamp), []).extend(s.strip() for s in sentences if s.strip())
    return timeline


def read_articles(path: Path, prefix: str = "") -> Iterator[Article]:
    """The records of an `articles.jsonl` (id, date, title, text); ids get `prefix` in front."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            yield Article(f"{prefix}{record['id']}", parse_day(record["date"]), record.get("title"),
                          record.get("text") or "")


def t17_collections(root: Path | None = None) -> dict[str, list[str]]:
    """news-tls topic -> its T17 collections (manifest.json), topics and collections sorted."""
    manifest = json.loads(((root or dataset_root("t17")) / "manifest.json").read_text(encoding="utf-8"))
    topics: dict[str, list[str]] = {}
    for collection, entry in sorted(manifest["collections"].items()):
        topics.setdefault(entry["topic"], []).append(collection)
    return dict(sorted(topics.items()))


def read_t17(topics: Iterable[str] | None = None, root: Path | None = None) -> list[Topic]:
    """The T17 topics (all, or those named), each collection's articles and timelines merged under its topic."""
    root = root or dataset_root("t17")
    wanted = set(topics) if topics is not None else None
    result = []
    for topic, collections in t17_collections(root).items():
        if wanted is not None and topic not in wanted:
            continue
        merged = Topic(topic, [])
        for collection in collections:
            merged.articles.extend(read_articles(root / collection / "articles.jsonl", prefix=f"{collection}-"))
            for path in sorted((root / collection / "timelines").glob("*.txt")):
                merged.references.append((f"{collection}/{path.stem}",
                                          parse_tilse_timeline(path.read_text(encoding="utf-8"))))
        merged.articles.sort(key=lambda a: (a.published, a.id))
        result.append(merged)
    return result


def read_entities(topics: Iterable[str] | None = None, root: Path | None = None) -> list[Topic]:
    """The staged Entities topics (all, or those named), each with its timelines."""
    root = root or dataset_root("entities")
    wanted = set(topics) if topics is not None else None
    result = []
    for folder in sorted(p for p in root.iterdir() if (p / "articles.jsonl").exists()):
        if wanted is not None and folder.name not in wanted:
            continue
        topic = Topic(folder.name, sorted(read_articles(folder / "articles.jsonl"), key=lambda a: (a.published, a.id)))
        lines = (folder / "timelines" / "timelines.jsonl").read_text(encoding="utf-8").splitlines()
        topic.references = [(f"{folder.name}/{i}", parse_jsonl_timeline(line))
                            for i, line in enumerate(lines) if line.strip() and line.strip() != "[]"]
        result.append(topic)
    return result


def read_dataset(dataset: str, topics: Iterable[str] | None = None) -> list[Topic]:
    """`t17` or `entities`, all topics or those named."""
    return read_t17(topics) if dataset == "t17" else read_entities(topics)


def input_window(reference: Timeline, days: int) -> tuple[date, date]:
    """news-tls's input span for one reference: its first and last date, widened by `days` on each side."""
    return min(reference) - timedelta(days=days), max(reference) + timedelta(days=days)


def summary_length(reference: Timeline) -> int:
    """k: the reference's mean number of sentences per date, rounded (news-tls `get_average_summary_length`)."""
    return max(1, round(sum(len(s) for s in reference.values()) / len(reference)))


def detokenise_ptb(text: str) -> str:
    """PTB bracket and quote tokens back to the characters they stand for (spacing left as it is)."""
    return " ".join(PTB_BRACKETS.get(token, token) for token in text.split(" "))


# -- ROUGE ---------------------------------------------------------------------------------------------------------

def rouge_tokens(sentences: Sequence[str]) -> list[str]:
    """A day's words for ROUGE: sentences joined, PTB brackets mapped back, lower case, non-alphanumerics as spaces,
    stop words (spaCy's English list) removed; no stemming (see the module docstring)."""
    text = NON_ALNUM.sub(" ", detokenise_ptb(" ".join(sentences)).lower())
    return [word for word in text.split() if word not in STOP_WORDS]


def ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    """The n-grams of a token sequence with their counts."""
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class Counts:
    """ROUGE-N raw counts: clipped hits, n-grams in the prediction, n-grams in the reference."""

    hits: int
    predicted: int
    reference: int


def rouge_counts(predicted: Sequence[str], reference: Sequence[str], n: int) -> Counts:
    """ROUGE-N counts of one day's (or one timeline's) predicted sentences against the reference sentences."""
    pred, ref = ngrams(rouge_tokens(predicted), n), ngrams(rouge_tokens(reference), n)
    hits = sum(min(count, ref[gram]) for gram, count in pred.items())
    return Counts(hits, sum(pred.values()), sum(ref.values()))


def rouge_approximation(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """tilse's ROUGE-1 approximation for the alignment cost: F1 of the clipped overlap of whitespace tokens, case
    kept, nothing removed (one reference)."""
    pred = Counter(token for sentence in predicted for token in sentence.split())
    ref = Counter(token for sentence in reference for token in sentence.split())
    match = sum(min(count, ref[token]) for token, count in pred.items())
    precision = match / sum(pred.values()) if pred else 0.0
    recall = match / sum(ref.values()) if ref else 0.0
    return f1(precision, recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def alignment_cost(pred_day: date, ref_day: date, predicted: Timeline, reference: Timeline) -> float:
    """tilse's date-content cost: date distance factor times (1 - ROUGE-1 approximation)."""
    date_factor = 1 - 1 / (abs((pred_day - ref_day).days) + 1)
    return date_factor * (1 - rouge_approximation(predicted[pred_day], reference[ref_day]))


def align_many_to_one(sources: Sequence[date], targets: Sequence[date],
                      cost: object) -> list[tuple[date, date]]:
    """Each source date with its least-cost target date (the first of equal costs, targets in date order)."""
    pairs = []
    for source in sources:
        costs = [cost(source, target) for target in targets]  # type: ignore[operator]
        pairs.append((source, targets[costs.index(min(costs))]))
    return pairs


def alignment_rouge(predicted: Timeline, reference: Timeline, n: int) -> PRF:
    """Alignment-based ROUGE-N, date-content costs, many-to-one (tilse), against one reference timeline."""
    pred_days, ref_days = sorted(predicted), sorted(reference)
    if not pred_days or not ref_days:
        return PRF(0.0, 0.0)
    precision_pairs = align_many_to_one(
        pred_days, ref_days, lambda p, r: alignment_cost(p, r, predicted, reference))
    recall_pairs = align_many_to_one(
        ref_days, pred_days, lambda r, p: alignment_cost(p, r, predicted, reference))
    hits_p = total_p = 0.0
    for p, r in precision_pairs:
        counts = rouge_counts(predicted[p], reference[r], n)
        hits_p += counts.hits / (abs((p - r).days) + 1)
        total_p += counts.predicted
    hits_r = total_r = 0.0
    for r, p in recall_pairs:
        counts = rouge_counts(predicted[p], reference[r], n)
        hits_r += counts.hits / (abs((p - r).days) + 1)
        total_r += counts.reference
    return PRF(hits_p / total_p if total_p else 0.0, hits_r / total_r if total_r else 0.0)


def concat_rouge(predicted: Timeline, reference: Timeline, n: int) -> PRF:
    """Concat ROUGE-N (tilse): every predicted sentence against every reference sentence, dates ignored."""
    counts = rouge_counts([s for d in sorted(predicted) for s in predicted[d]],
                          [s for d in sorted(reference) for s in reference[d]], n)
    return PRF(counts.hits / counts.predicted if counts.predicted else 0.0,
               counts.hits / counts.reference if counts.reference else 0.0)


def date_prf(predicted: Timeline, reference: Timeline) -> PRF:
    """Date selection: the predicted dates against the reference dates, as sets (news-tls `evaluate_dates`)."""
    shared = len(set(predicted) & set(reference))
    return PRF(shared / len(predicted) if predicted else 0.0, shared / len(reference) if reference else 0.0)


METRICS = ("date", "ar1", "ar2", "concat_r1", "concat_r2")


def score_timeline(predicted: Timeline, reference: Timeline) -> dict[str, PRF]:
    """Every metric of one predicted timeline against one reference."""
    return {"date": date_prf(predicted, reference),
            "ar1": alignment_rouge(predicted, reference, 1), "ar2": alignment_rouge(predicted, reference, 2),
            "concat_r1": concat_rouge(predicted, reference, 1), "concat_r2": concat_rouge(predicted, reference, 2)}


def average(results: Sequence[dict[str, PRF]]) -> dict[str, PRF]:
    """news-tls's average over (topic, reference) pairs: mean precision, mean recall (F1 taken of the means)."""
    if not results:
        return {m: PRF(0.0, 0.0) for m in METRICS}
    return {m: PRF(sum(r[m].precision for r in results) / len(results),
                   sum(r[m].recall for r in results) / len(results)) for m in METRICS}


# -- building a timeline from a ranked list of dates ---------------------------------------------------------------

def select_timeline(ranked: Iterable[tuple[date, Sequence[str]]], window: tuple[date, date], dates: int,
                    sentences: int) -> Timeline:
    """The first `dates` distinct dates of a ranked list that fall inside `window`, each with its first `sentences`
    distinct sentences (a date listed twice keeps its first sentences, then the later ones). This is where any
    system plugs in: the baseline, Storyline's events today, a digest with salience later."""
    timeline: Timeline = {}
    for day, texts in ranked:
        cleaned = [" ".join(t.split()) for t in texts if t.strip()]
        if not cleaned or not window[0] <= day <= window[1] or (day not in timeline and len(timeline) >= dates):
            continue
        chosen = timeline.setdefault(day, [])
        for text in cleaned:
            if text not in chosen and len(chosen) < sentences:
                chosen.append(text)
    return timeline


# -- the date-wise baseline ----------------------------------------------------------------------------------------

MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr" \
         r"|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
# "January 12 , 2010", "Jan. 12", "12 January 2010", "12th of January": a day of a named month, year optional.
MONTH_DAY = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b(?: ?,? ((?:19|20)\d\d)\b)?", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}(?: ,?((?:19|20)\d\d)\b)?", re.IGNORECASE)
LEAD_SENTENCES = 5  # news-tls's clip_sents: the first sentences of an article are candidates for its day
MENTION_LAG = 2  # news-tls's pub_end: a sentence may name a day up to 2 days before its article appeared


def mentioned_days(sentence: str, published: date) -> list[date]:
    """The days a sentence names explicitly (a month name and a day, with or without the year); without a year,
    the one that puts the day nearest before or on the publication day, within a year."""
    found = []
    for pattern, day_group, month_group in ((MONTH_DAY, 2, 1), (DAY_MONTH, 1, 2)):
        for match in pattern.finditer(sentence):
            month = MONTHS[match.group(month_group).lower().rstrip(".")]
            year = int(match.group(3)) if match.group(3) else published.year
            try:
                day = date(year, month, int(match.group(day_group)))
                if not match.group(3) and day > published + timedelta(days=MENTION_LAG):
                    day = date(year - 1, month, int(match.group(day_group)))
            except ValueError:
                continue
            found.append(day)
    return found


def article_sentences(article: Article) -> list[str]:
    """An article's sentences: its lines (both datasets hold one sentence a line), blank ones dropped."""
    return [line.strip() for line in article.text.splitlines() if line.strip()]


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[word] for word, count in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def centroid_order(sentences: Sequence[str]) -> list[str]:
    """Distinct sentences, most central first: cosine of each one's words (ROUGE tokens) with the sum of all."""
    distinct = list(dict.fromkeys(" ".join(s.split()) for s in sentences))
    bags = [Counter(rouge_tokens([s])) for s in distinct]
    centroid: Counter[str] = Counter()
    for bag in bags:
        centroid.update(bag)
    scores = [_cosine(bag, centroid) for bag in bags]
    return [s for _, s in sorted(zip(scores, distinct, strict=True), key=lambda x: -x[0]) if rouge_tokens([s])]


def datewise_ranked(articles: Iterable[Article]) -> list[tuple[date, list[str]]]:
    """The date-wise baseline's ranked dates: a day's votes are the articles published on it plus the articles
    that name it; its candidate sentences are the first five of the articles published on it and the sentences
    that name it in articles published on it or up to two days later, most central first. Ties: earlier day."""
    votes: Counter[date] = Counter()
    candidates: dict[date, list[str]] = {}
    for article in articles:
        sentences = article_sentences(article)
        votes[article.published] += 1
        candidates.setdefault(article.published, []).extend(sentences[:LEAD_SENTENCES])
        named: set[date] = set()
        for sentence in sentences:
            for day in mentioned_days(sentence, article.published):
                named.add(day)
                if 0 <= (article.published - day).days <= MENTION_LAG:
                    candidates.setdefault(day, []).append(sentence)
        votes.update(named)
    ranked = sorted(votes, key=lambda day: (-votes[day], day))
    return [(day, centroid_order(candidates.get(day, []))) for day in ranked]


# -- Storyline's timeline ------------------------------------------------------------------------------------------

EXCLUDED_STATUSES = frozenset({"negated", "denied", "hypothetical"})  # as in evaluation.timeline
TEXT_MODES = ("clauses", "summaries")


def write_inputs(articles: Sequence[Article], path: Path) -> Path:
    """The articles as one JSONL file the records reader takes (id, date, title when there is one, text with PTB
    brackets and quotes mapped back)."""
    with path.open("w", encoding="utf-8") as fh:
        for article in articles:
            record = {"id": article.id, "date": article.published.isoformat(),
                      "text": "\n".join(detokenise_ptb(s) for s in article_sentences(article))}
            if article.title:
                record["title"] = article.title
            fh.write(json.dumps(record) + "\n")
    return path


def run_storyline(articles: Sequence[Article], workdir: Path, nlp: object | None = None,
                  workers: int = 1) -> list[dict]:
    """`storyline analyze` on the articles into a fresh store under `workdir`; its timeline entries (every event,
    `storyline.export.timeline.timeline_entries`)."""
    from storyline.config import Settings
    from storyline.export.timeline import timeline_entries
    from storyline.run import analyze
    from storyline.store import open_store

    db = workdir / "tls.db"
    if db.exists():
        db.unlink()
    analyze([str(write_inputs(articles, workdir / "articles.jsonl"))], Settings(db=str(db), workers=workers),
            nlp=nlp)  # type: ignore[arg-type]
    store = open_store(db)
    try:
        return timeline_entries(store)
    finally:
        store.close()


def event_texts(entry: dict, mode: str) -> list[str]:
    """What an event contributes to its date: its mention clauses (distinct, in mention order) or its summary."""
    if mode == "summaries":
        return [entry["summary"]] if entry.get("summary") else []
    return list(dict.fromkeys(m["clause"] for m in entry["mentions"] if m.get("clause")))


def storyline_ranked(entries: Iterable[dict], mode: str = "clauses") -> list[tuple[date, list[str]]]:
    """Storyline's events as a ranked list of dates: day-precision events (one day, not a range) that did or will
    happen (not negated, denied or hypothetical), most independent sources first, then most mentions, then the
    earlier day. No salience ranking exists yet: this ordering is the starting point a digest must beat."""
    events = [e for e in entries if e["date"] and e["date_precision"] == "day"
              and (not e["date_end"] or e["date_end"] == e["date"]) and e["status"] not in EXCLUDED_STATUSES]
    events.sort(key=lambda e: (-e["sources"], -len(e["mentions"]), e["date"]))
    return [(parse_day(e["date"]), event_texts(e, mode)) for e in events]


def storyline_digest_ranked(entries: Sequence[dict]) -> list[tuple[date, list[str]]]:
    """Storyline's digest as a ranked list of dates (storyline.export.timeline.digest over every day): days by
    weight (the salience of their three main story events: sources, outlets, days in the news, who takes part,
    whether it happened, how precise the date), each with the mention clauses of its events, most salient first.
    Only story events count (a named actor, not hypothetical or negated), as in `storyline timeline`."""
    story = [e for e in entries if e["in_story"] and e["status"] not in EXCLUDED_STATUSES]
    days = digest(story, days=len(story))
    days.sort(key=lambda d: (-d["weight"], d["date"]))
    ranked = []
    for day in days:
        on_day = sorted((e for e in story if e["date"] == day["date"] and e["date_precision"] in DIGEST_PRECISIONS),
                        key=lambda e: -(e["salience"] or 0.0))
        ranked.append((parse_day(day["date"]), [t for e in on_day for t in event_texts(e, "clauses")]))
    return ranked


# -- the evaluation ------------------------------------------------------------------------------------------------

def sample(articles: Sequence[Article], limit: int | None) -> list[Article]:
    """At most `limit` articles spread evenly over the list (every n-th, in publication order), all without one."""
    if not limit or len(articles) <= limit:
        return list(articles)
    step = len(articles) / limit
    return [articles[int(i * step)] for i in range(limit)]


def topic_inputs(topic: Topic, window_days: int, limit: int | None) -> list[Article]:
    """The articles inside the union of the references' input windows, sampled down to `limit`."""
    windows = [input_window(reference, window_days) for _, reference in topic.references]
    inside = [a for a in topic.articles if any(start <= a.published <= end for start, end in windows)]
    return sample(inside, limit)


def evaluate_topic(topic: Topic, dataset: str, workdir: Path, limit: int | None = None, nlp: object | None = None,
                   workers: int = 1, run_system: bool = True) -> dict:
    """Baseline and Storyline (each text mode) on one topic, scored against each of its references."""
    articles = topic_inputs(topic, WINDOW_DAYS[dataset], limit)
    ranked: dict[str, list[tuple[date, list[str]]]] = {}
    if run_system:  # one Storyline run over the union window; each reference then keeps its own window's dates
        entries = run_storyline(articles, workdir, nlp=nlp, workers=workers)
        ranked = {f"storyline-{mode}": storyline_ranked(entries, mode) for mode in TEXT_MODES}
        ranked["storyline-digest"] = storyline_digest_ranked(entries)
    results: dict[str, list[dict[str, PRF]]] = {name: [] for name in ("datewise", *ranked)}
    for _name, reference in topic.references:
        window = input_window(reference, WINDOW_DAYS[dataset])
        # the baseline, like news-tls, reads only the articles of this reference's window
        ranked["datewise"] = datewise_ranked(a for a in articles if window[0] <= a.published <= window[1])
        for system, ranking in ranked.items():
            predicted = select_timeline(ranking, window, len(reference), summary_length(reference))
            results[system].append(score_timeline(predicted, reference))
    return {"topic": topic.name, "articles": len(articles), "references": len(topic.references),
            "results": results}


def as_figures(scores: dict[str, PRF]) -> dict[str, float]:
    """F1, precision and recall of every metric, rounded, for printing and JSON."""
    figures = {}
    for metric, prf in scores.items():
        figures[f"{metric}_f1"] = round(prf.f1, 4)
        figures[f"{metric}_p"] = round(prf.precision, 4)
        figures[f"{metric}_r"] = round(prf.recall, 4)
    return figures
