"""Stories: the documents that report one happening, found before their events are merged.

Event Registry calls such a group an event, news-tls a cluster: the articles about one earthquake, one arrest, one
summit. Merging event mentions inside a story is safe with modest evidence (the same trigger word, a synonym, a
similar clause), because a story is about a handful of things; across stories the same words often mean another
happening (two earthquakes, two arrests of other people), so a link between stories needs strong evidence
(storyline.events.merge, `MergeParams.story_bonus`).

Two documents belong to one story when their texts are alike and their dates are close:
- **text**: tf-idf over content words (lower-cased words of three or more letters and numbers of any length,
  English stop words out; each document's `TOP_TERMS` most frequent, sublinear term frequency, idf from the
  documents at hand), hashed into `DIMENSIONS` buckets so that n documents cost an n x DIMENSIONS matrix, and
  compared by cosine. Names and numbers weigh more (`NAME_WEIGHT`, `NUMBER_WEIGHT`): two stories of one kind of
  happening (two earthquakes, two arrests) share their common words and differ in who, where and how many, so a
  word the document writes with a capital (a name, or a word opening a sentence) and a number ("6.1", "2008",
  "40") count three times a common word, as named-entity weighting does in news event detection;
- **who**: the Jaccard overlap of the canonical actors they name adds `actor_weight` (production only: the
  evaluation sets have no canonical actors);
- **when**: documents published more than `max_gap_days` apart are never one story; a document without a date
  can join any.
Clusters form by average linkage (storyline.events.merge.average_linkage) while the mean similarity is at least
`threshold`. Documents are clustered in date order in blocks of at most `max_block` (time and memory O(block^2)),
so a corpus of any size costs O(n * max_block).

`threshold`, the two weights and `TOP_TERMS` were chosen together on the ECB+ training and dev topics, where each
topic holds two stories (an ECB and an ECB+ "subtopic" with the same kind of happening); test topics held out
(docs/quality.md).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.products import all_apart, dot_rows, symmetric_by_tiles

WORD = re.compile(r"[^\W_](?:[\w'.-]*[^\W_])?")  # words and numbers ("U.S", "2008", "7.1", "40")
MIN_LETTERS = 3  # shorter words are left out ("is", "up"); numbers of any length are kept
TOP_TERMS = 300  # content words kept per document
# How much more a name or a number counts than a common word (module docstring). Chosen with `TOP_TERMS` and the
# threshold on the ECB+ training and dev topics among 1, 1.5, 2, 3 each (documents against gold subtopics, CoNLL
# F1 0.878 -> 0.899 on training, 0.873 -> 0.894 on dev).
NAME_WEIGHT = 3.0
NUMBER_WEIGHT = 3.0
DIMENSIONS = 1 << 12  # hashed tf-idf buckets (4,096: 16 KB a document; collisions among ~100 terms are rare)


@dataclass(frozen=True)
class StoryParams:
    threshold: float = 0.22  # mean similarity two clusters of documents need to be one story
    actor_weight: float = 0.2  # added times the Jaccard overlap of canonical actors
    max_gap_days: int = 7  # publication days further apart are never one story
    max_block: int = 2000  # largest set of documents clustered at once


DEFAULT_STORY_PARAMS = StoryParams()


@dataclass(frozen=True)
class StoryDoc:
    """One document as the story clustering sees it: its text, the canonical actors it names (any hashable ids)
    and its publication day as an ordinal (None when unknown)."""

    key: Hashable
    text: str
    actors: frozenset[Hashable] = frozenset()
    day: int | None = None
    terms: dict[str, float] = field(default_factory=dict, compare=False, repr=False)  # `content_terms`


def content_terms(text: str, top: int = TOP_TERMS) -> dict[str, float]:
    """The document's `top` most frequent content words (lower case, stop words out), each with its weight in the
    document: sublinear term frequency (1 + log count) times `NUMBER_WEIGHT` for a number, `NAME_WEIGHT` for a
    word written with a capital at least once, 1 otherwise."""
    counts: Counter[str] = Counter()
    salience: dict[str, float] = {}
    # Each distinct spelling once, with how often it occurs, in order of first occurrence (the order terms enter
    # `counts` in, which breaks ties in `most_common`, is then the same as word by word).
    for word, occurrences in Counter(WORD.findall(text)).items():
        term = word.lower()
        number = word[0].isdigit()
        if term in STOP_WORDS or (len(word) < MIN_LETTERS and not number):
            continue
        counts[term] += occurrences
        weight = NUMBER_WEIGHT if number else NAME_WEIGHT if word[0].isupper() else 1.0
        salience[term] = max(salience.get(term, 1.0), weight)
    return {term: (1 + math.log(count)) * salience[term] for term, count in counts.most_common(top)}


@lru_cache(maxsize=1 << 18)
def _bucket(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % DIMENSIONS


def text_vectors(docs: Sequence[dict[str, float]]) -> np.ndarray:
    """Unit tf-idf rows of documents' `content_terms`, hashed into DIMENSIONS buckets.

    Each term's weight in its document times its smoothed idf over `docs` as scikit-learn computes it,
    so a word found in every document still counts a little.
    """
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(terms.keys())
    n = len(docs)
    idf = {term: math.log((n + 1) / (count + 1)) + 1 for term, count in df.items()}
    rows = np.zeros((n, DIMENSIONS), dtype=np.float32)
    for row, terms in enumerate(docs):
        _add_to_buckets(rows[row], [(_bucket(term), weight * idf[term]) for term, weight in terms.items()])
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def _add_to_buckets(values: np.ndarray, weights: list[tuple[int, float]]) -> None:
    """`values[bucket] += weight` for each (bucket, weight) in order, with the row's float32 rounding after each
    addition, as one array assignment: a bucket's first weight is rounded once when it is stored, and only a
    bucket that two terms share (rare) is summed here first, rounding after each addition as the row would."""
    summed: dict[int, float] = {}
    for bucket, weight in weights:
        if bucket in summed:  # a collision: what the row holds now, then the next weight
            summed[bucket] = float(np.float32(summed[bucket])) + weight
        else:
            summed[bucket] = weight
    if summed:
        values[list(summed)] = np.fromiter(summed.values(), dtype=np.float64, count=len(summed))


def actor_overlap(actors: Sequence[frozenset[Hashable]],
                  others: Sequence[frozenset[Hashable]] | None = None) -> np.ndarray:
    """Jaccard overlap of every pair of actor sets, of `actors` with `others` (default: with themselves); 0 where
    either is empty. Counts of shared actors are exact in float32 (a few hundred at most)."""
    sets = list(actors) if others is None else [*actors, *others]
    index: dict[Hashable, int] = {}
    columns = [[index.setdefault(a, len(index)) for a in found] for found in sets]
    member = np.zeros((len(sets), max(len(index), 1)), dtype=np.float32)
    for row, found in enumerate(columns):
        member[row, found] = 1.0
    mine = member[:len(actors)]
    theirs = mine if others is None else member[len(actors):]
    shared = mine @ theirs.T
    union = mine.sum(axis=1)[:, None] + theirs.sum(axis=1)[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def similarity(docs: Sequence[StoryDoc], vectors: np.ndarray, params: StoryParams) -> np.ndarray:
    """Pairwise story similarity (module docstring); minus infinity for documents too far apart in time. Computed
    by tiles (storyline.products.symmetric_by_tiles), the same values as `_similarity` of all pairs at once; in
    day order most tiles hold documents too far apart and cost nothing."""
    days = np.array([d.day if d.day is not None else -1 for d in docs], dtype=np.int64)
    with_actors = bool(params.actor_weight) and any(d.actors for d in docs)
    known = days >= 0
    return symmetric_by_tiles(len(docs), lambda r, c: _similarity(docs, vectors, days, with_actors, params, r, c),
                              lambda r, c: all_apart(days, days, known, r, c, params.max_gap_days))


def _similarity(docs: Sequence[StoryDoc], vectors: np.ndarray, days: np.ndarray, with_actors: bool,
                params: StoryParams, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """rows x cols of `similarity`: the text cosine, plus the weighted actor overlap, minus infinity for
    documents dated more than `max_gap_days` apart."""
    score = dot_rows(vectors[rows], vectors[cols])
    if with_actors:
        score += params.actor_weight * actor_overlap([docs[i].actors for i in rows], [docs[j].actors for j in cols])
    known_r, known_c = days[rows] >= 0, days[cols] >= 0
    apart = known_r[:, None] & known_c[None, :] & (np.abs(days[rows][:, None] - days[cols][None, :])
                                                  > params.max_gap_days)
    score[apart] = -np.inf
    return score


def cluster_stories(docs: Iterable[StoryDoc], params: StoryParams = DEFAULT_STORY_PARAMS,
                    vectors: np.ndarray | None = None) -> list[list[Hashable]]:
    """One list of document keys per story, in input order of their first document. `vectors`: the documents'
    rows of `text_vectors` computed over a larger collection (better idf), else computed here."""
    from storyline.events.merge import average_linkage  # one clustering routine for events and stories

    docs = list(docs)
    if vectors is None:
        vectors = text_vectors([d.terms or content_terms(d.text) for d in docs])
    order = sorted(range(len(docs)), key=lambda i: (docs[i].day is None, docs[i].day or 0, i))
    clusters: list[list[int]] = []
    for k in range(0, len(order), params.max_block):
        block = order[k:k + params.max_block]
        score = similarity([docs[i] for i in block], vectors[block], params)
        found = average_linkage(score, params.threshold, overwrite=True)
        clusters.extend([block[m] for m in members] for members in found)
    ordered = sorted((sorted(c) for c in clusters), key=lambda c: c[0])
    return [[docs[i].key for i in cluster] for cluster in ordered]
