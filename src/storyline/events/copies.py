"""Near-duplicate and syndicated copies: the articles that are one text, however many outlets ran it.

A wire story republished by twenty sites, a press release pasted into an article, a re-scrape of the same page
with other furniture: each is one source, not twenty, when events and claims count their support. Copies are
found by the Jaccard similarity of the texts' word shingles, estimated with MinHash and searched with MinHashLSH
(datasketch), so n documents cost O(n) rather than comparing every pair.

- Text is normalised (`rewrites.words`: Unicode NFKC, lower case, every run of non-word characters one space) and
  cut into `SHINGLE_WORDS`-word shingles: 5 words are rare enough that two independent reports of one event share few of
  them ("the two leaders met in"), while a copy shares almost all of them.
- Two documents are copies when the estimated Jaccard of their shingle sets is at least `JACCARD_THRESHOLD`
  (0.5): a copy with a new headline, a dropped paragraph or added boilerplate stays well above it; two outlets'
  own reports of the same press conference, quoting the same sentences, stay well below it (typically < 0.2).
  A copy cut to less than about half of the original falls below: that is the price of a symmetric measure.
- "Is a copy of" is made transitive (union-find): an edited copy of an edited copy joins the group. A group is
  named by its first document in input order.
- A machine-translated copy has other words, so it is not a copy here: only textual copies count once.

`copy_groups` above is the plain shingle grouping the events step uses. `find_copies` goes further and is what a
corpus step should call: it blocks candidate pairs on content words (storyline.events.rewrites), takes a pair as
a copy when the Jaccard of its own (non-boilerplate) shingles is at least `JACCARD_THRESHOLD` or the shorter text
lies almost whole in the other (`CONTAINMENT`: a story pasted into a longer round-up), else as a rewrite when its
sentences align in order (storyline.events.rewrites), and returns clusters with the original marked: the earliest
published, then the longest text, then the first given. `copy_map` turns them into the map `independent_sources`
takes, so a rewrite counts once too. Measured on hand-labelled ukraine-media pairs in docs/quality.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from storyline.embed import Embedder
from storyline.events import rewrites

SHINGLE_WORDS = 5
JACCARD_THRESHOLD = 0.5
NUM_PERM = 128  # MinHash permutations: standard error of the Jaccard estimate about 1/sqrt(128) = 0.09
SEED = 1  # fixed, so the same texts always give the same groups


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The `size`-word shingles of `text`; a text shorter than that is one shingle (empty text: none)."""
    words = rewrites.words(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[k:k + size]) for k in range(len(words) - size + 1)}


def minhash(text: str) -> MinHash | None:
    """MinHash signature of the text's shingles, or None for a text with no words."""
    parts = shingles(text)
    if not parts:
        return None
    signature = MinHash(num_perm=NUM_PERM, seed=SEED)
    signature.update_batch([p.encode("utf-8") for p in parts])
    return signature


class _Groups:
    """Union-find over document ids; the root is the earliest added id of its group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.order: dict[str, int] = {}

    def add(self, item: str) -> None:
        if item not in self.parent:
            self.parent[item] = item
            self.order[item] = len(self.order)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            first, second = (ra, rb) if self.order[ra] < self.order[rb] else (rb, ra)
            self.parent[second] = first


def copy_groups(docs: Iterable[tuple[str, str]], threshold: float = JACCARD_THRESHOLD) -> dict[str, str]:
    """Map each document id to the id of the first document (in input order) of its copy group; a document with
    no copy maps to itself. `docs` is (id, text) pairs; a repeated id keeps its first text."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    groups = _Groups()
    for doc_id, text in docs:
        if doc_id in groups.parent:
            continue
        groups.add(doc_id)
        signature = minhash(text)
        if signature is None:
            continue
        for other in lsh.query(signature):
            if signature.jaccard(signatures[other]) >= threshold:
                groups.union(doc_id, other)
        lsh.insert(doc_id, signature)
        signatures[doc_id] = signature
    return {doc_id: groups.find(doc_id) for doc_id in groups.parent}


def independent_sources(doc_ids: Iterable[str], groups: Mapping[str, str],
                        outlets: Mapping[str, str | None] | None = None) -> int:
    """How many independent sources report something, among `doc_ids`.

    Copies of one text count once (`groups` from `copy_groups`; an id it lacks is its own group). With `outlets`
    (doc id -> outlet name, None when unknown), the articles of one outlet also count once: an outlet repeating
    itself, or running a wire copy next to its own story, is not corroboration. The two relations are joined
    transitively, so the count is conservative: it never counts one origin twice.
    """
    units = _Groups()
    outlet_of: dict[str, str] = {}
    for doc_id in doc_ids:
        group = groups.get(doc_id, doc_id)
        units.add(group)
        outlet = (outlets or {}).get(doc_id)
        if outlet:
            key = outlet.strip().lower()
            if key in outlet_of:
                units.union(group, outlet_of[key])
            else:
                outlet_of[key] = group
    return len({units.find(g) for g in units.parent})


# -- copies and rewrites, clustered, the original marked ----------------------------------------------------------

CONTAINMENT = 0.8  # share of the shorter text's own shingles found in the other that makes it a (contained) copy
COPY = "copy"
REWRITE = "rewrite"


@dataclass(frozen=True)
class CopyDoc:
    """A document to compare: its id, text, publication date (ISO string, None when unknown) and outlet."""

    id: str
    text: str
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class CopyCluster:
    """Documents that are one origin. `members`: doc id -> "copy" or "rewrite" (the original left out);
    `evidence`: doc id -> its similarity to the original (shingle Jaccard for a copy, or the containment of the
    shorter text for a copy pasted whole into a longer one; aligned-sentence share for a rewrite). A member
    joined only through other members is judged against the original directly; when that finds no relation it
    is listed as a rewrite with its (low) aligned share as evidence."""

    original: str
    members: dict[str, str]
    evidence: dict[str, float]


def _original_key(doc: rewrites.Prepared, published: str | None) -> tuple:
    """Earliest published first (unknown or unreadable dates last), then the longest text, then input order."""
    known = doc.day is not None and published is not None
    return (not known, published.strip() if known else "", -len(doc.text), doc.index)


def relation(a: rewrites.Prepared, b: rewrites.Prepared, vectors: dict | None = None, floor: float | None = None,
             share: float = rewrites.REWRITE_SHARE, evidence: bool = True) -> tuple[str | None, float]:
    """("copy", Jaccard) when the two are one text; ("copy", containment) when the shorter lies almost whole in
    the other (`CONTAINMENT`: a story pasted into a longer one); ("rewrite", aligned share) when one is the
    other in other words (rewrites.is_rewrite); else (None, the aligned share). Without `evidence` (a caller
    that keeps the label only), a pair whose sentences cannot align often enough to be a rewrite
    (rewrites.may_align) is (None, 0.0) without aligning them."""
    jaccard, containment = rewrites.shingle_similarity(a, b)
    if jaccard >= JACCARD_THRESHOLD:
        return COPY, jaccard
    if containment >= CONTAINMENT:
        return COPY, containment
    if not evidence and vectors is None and not rewrites.may_align(a, b, rewrites.WORD_FLOOR if floor is None
                                                                   else floor):
        return None, 0.0
    alignment = rewrites.align(a, b, vectors, floor)
    return (REWRITE if rewrites.is_rewrite(alignment, share) else None), alignment.share


def find_copies(docs: Sequence[CopyDoc], embedder: Embedder | None = None) -> list[CopyCluster]:
    """Clusters of 2+ documents that are copies or rewrites of one original, in the input order of their
    originals. Candidate pairs come from blocking (storyline.events.rewrites.candidate_pairs); a pair is a copy
    when its own-shingle Jaccard is at least `JACCARD_THRESHOLD`, else a rewrite when its sentences align
    (rewrites.is_rewrite; stem-set cosines, or `embedder` sentence vectors when one is given). Both relations are
    made transitive. A repeated id keeps its first document."""
    kept: list[CopyDoc] = []
    seen: set[str] = set()
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            kept.append(doc)
    vocabulary: dict[str, int] = {}
    prepared = [rewrites.prepare(i, d.text, d.outlet, d.published, vocabulary) for i, d in enumerate(kept)]
    rewrites.mark_boilerplate(prepared)
    pairs = rewrites.candidate_pairs(prepared)
    vectors = None
    if embedder is not None:
        wanted = sorted({i for pair in pairs for i in pair})
        vectors = rewrites.sentence_vectors([prepared[i] for i in wanted], embedder)
    groups = _Groups()
    for doc in kept:
        groups.add(doc.id)
    related: dict[tuple[int, int], tuple[str, float]] = {}
    for i, j in pairs:
        label, score = relation(prepared[i], prepared[j], vectors, evidence=False)
        if label:
            related[(i, j)] = (label, score)
            groups.union(kept[i].id, kept[j].id)
    clusters: dict[str, list[int]] = {}
    for doc in prepared:
        clusters.setdefault(groups.find(kept[doc.index].id), []).append(doc.index)
    found = []
    for indices in clusters.values():
        if len(indices) < 2:
            continue
        first = min(indices, key=lambda k: _original_key(prepared[k], kept[k].published))
        members, evidence = {}, {}
        for k in indices:
            if k == first:
                continue
            pair = (min(k, first), max(k, first))
            if pair in related:
                label, score = related[pair]
            else:  # joined through others: judge it against the original directly
                label, score = relation(prepared[pair[0]], prepared[pair[1]], vectors)
                label = label or REWRITE
            members[kept[k].id] = label
            evidence[kept[k].id] = round(score, 4)
        found.append((first, CopyCluster(kept[first].id, members, evidence)))
    return [cluster for _, cluster in sorted(found, key=lambda item: item[0])]


def copy_map(clusters: Iterable[CopyCluster]) -> dict[str, str]:
    """Doc id -> the id of its cluster's original (the original maps to itself), for `independent_sources`."""
    mapping: dict[str, str] = {}
    for cluster in clusters:
        mapping[cluster.original] = cluster.original
        for member in cluster.members:
            mapping[member] = cluster.original
    return mapping
