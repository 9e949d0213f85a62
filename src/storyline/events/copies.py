"""Near-duplicate and syndicated copies: the articles that are one text, however many outlets ran it.

A wire story republished by twenty sites, a press release pasted into an article, a re-scrape of the same page
with other furniture: each is one source, not twenty, when events and claims count their support. Copies are
found by the Jaccard similarity of the texts' word shingles, estimated with MinHash and searched with MinHashLSH
(datasketch), so n documents cost O(n) rather than comparing every pair.

- Text is normalised (Unicode NFKC, lower case, every run of non-word characters one space) and cut into
  `SHINGLE_WORDS`-word shingles: 5 words are rare enough that two independent reports of one event share few of
  them ("the two leaders met in"), while a copy shares almost all of them.
- Two documents are copies when the estimated Jaccard of their shingle sets is at least `JACCARD_THRESHOLD`
  (0.5): a copy with a new headline, a dropped paragraph or added boilerplate stays well above it; two outlets'
  own reports of the same press conference, quoting the same sentences, stay well below it (typically < 0.2).
  A copy cut to less than about half of the original falls below: that is the price of a symmetric measure.
- "Is a copy of" is made transitive (union-find): an edited copy of an edited copy joins the group. A group is
  named by its first document in input order.
- A machine-translated copy has other words, so it is not a copy here: only textual copies count once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
JACCARD_THRESHOLD = 0.5
NUM_PERM = 128  # MinHash permutations: standard error of the Jaccard estimate about 1/sqrt(128) = 0.09
SEED = 1  # fixed, so the same texts always give the same groups
NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> list[str]:
    """Lower-cased words of `text` after Unicode NFKC (curly quotes, ligatures and full-width forms unified)."""
    return NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).split()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The `size`-word shingles of `text`; a text shorter than that is one shingle (empty text: none)."""
    words = normalise(text)
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
