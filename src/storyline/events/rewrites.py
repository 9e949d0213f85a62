"""Rewrites: the same article in other words, sentence by sentence, in the same order.

A wire story re-edited by a site (synonyms, a new lead, a paragraph cut), a "spun" copy or an outlet's update of
its own story is one origin, as a verbatim copy is, and must count once when events and claims count their
support. Word shingles miss it (few five-word runs survive a rewording), so a rewrite is found by aligning
sentences: each sentence of the shorter text is matched to its most similar sentence of the other, and the
matches that keep their order (the longest increasing run of matched positions) are the aligned sentences.

What makes a pair a rewrite, and not two outlets' own reports of one event:

- The shares are taken over the shorter text's *own* sentences: boilerplate (sentences whose five-word shingles
  recur in `BOILERPLATE_DOCS` or more documents of one outlet: an outlet's stock background paragraph, a site
  footer) and quote sentences (at least half of the characters inside quotation marks,
  storyline.quotes.marks) are left out. Two reports of one press conference quote the same sentences, and their
  stock background may be the same; what they write around the quotes is their own. A rewrite rewords that too.
- A rewrite keeps the order: only sentences on the longest order-keeping chain count as aligned.
- A pair is a rewrite when the aligned share of the shorter text's own sentences is at least `REWRITE_SHARE`, at
  least `MIN_ALIGNED` own sentences align, it has at least `MIN_OWN_SENTENCES` own sentences to judge, and it is
  not a copy (storyline.events.copies).

Sentence similarity is the cosine of binary vectors of content-word stems (stop words dropped, each word cut to
its first `STEM_CHARS` characters so that "destroyed" meets "destruction"), aligned at `WORD_FLOOR`. On the
held-out gold pairs (docs/quality.md) it finds rewrites better than spaCy word vectors (`SpacyVectors`, mean of a
sentence's content words, at `EMBED_FLOOR`), and costs less, so it is the default; any `Embedder`
(storyline.embed) can replace it through `sentence_vectors`. The floors and shares were chosen on the tune half.

Candidate pairs come from blocking, not from every pair: MinHash LSH over each document's set of content-word
stems (own sentences only) with a low threshold (`BLOCK_JACCARD`), kept only when the two dates are at most
`DATE_WINDOW_DAYS` apart (or a date is unknown).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.embed import Embedder
from storyline.membership import in_sorted
from storyline.products import dot_rows
from storyline.quotes.marks import find_regions

SHINGLE_WORDS = 5
BOILERPLATE_DOCS = 10  # a shingle in this many documents of one outlet is the outlet's stock text
BOILERPLATE_SHARE = 0.6  # a sentence with this share of its shingles stock is boilerplate
QUOTE_SHARE = 0.5  # a sentence with this share of its characters between quotation marks is a quote sentence
STEM_CHARS = 6
MIN_SENTENCE_WORDS = 3  # content words: a shorter sentence ("Read more.") is not judged
WORD_FLOOR = 0.7  # cosine of stem sets at which two sentences align (tuned on the gold tune half)
EMBED_FLOOR = 0.93  # cosine of embedder rows at which sentences align (spaCy vectors, tuned on the tune half)
REWRITE_SHARE = 0.3  # aligned share of the shorter text's own sentences that makes a rewrite (tuned likewise)
MIN_OWN_SENTENCES = 2
MIN_ALIGNED = 4  # own sentences aligned, at the least (tuned on the gold tune half among 1-8)
BLOCK_JACCARD = 0.2  # LSH threshold on content-word stem sets (low: recall first, the alignment decides)
BLOCK_PERM = 64
DATE_WINDOW_DAYS = 7
SEED = 1

WORD = re.compile(r"\w+")
NON_WORD = re.compile(r"[\W_]+")
BREAK = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])$")
# Abbreviations after which a full stop does not end a sentence ("Gen.", "Mr.", "Calif."): spaCy's English
# tokenizer exceptions, the list the NLP stage splits by.
ABBREVIATIONS = frozenset(k[:-1].lower() for k in English.Defaults.tokenizer_exceptions
                          if k.endswith(".") and len(k) > 2 and k[:-1].replace(".", "").isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`: a break after . ! ? (and closing marks) before a capital,
    a digit or an opening mark, not after an initial ("J.", "U.S.") or a known abbreviation ("Gen.")."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in BREAK.finditer(text):
        head = text[start:match.start()]
        if text[match.start()] == ".":
            last = head.rsplit(None, 1)[-1] if head.split() else ""
            if INITIAL.search(head) or last.lower().lstrip("(\"“‘'") in ABBREVIATIONS:
                continue
        end = match.start() + len(match.group().rstrip())
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def words(text: str) -> list[str]:
    """Lower-cased words of `text` after Unicode NFKC (curly quotes, ligatures and full-width forms unified): the
    words copies are shingled from and rewrites aligned on."""
    return NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).lower()).split()


def stems(tokens: Sequence[str]) -> list[str]:
    """Content-word stems: stop words and one-letter words dropped, each word cut to `STEM_CHARS` characters."""
    return [w[:STEM_CHARS] for w in tokens if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def sentence_shingles(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> set[int]:
    """CRC-32 ids of the `size`-word shingles of one sentence (a shorter sentence is one shingle)."""
    if len(tokens) <= size:
        return {zlib.crc32(" ".join(tokens).encode("utf-8"))} if tokens else set()
    return {zlib.crc32(" ".join(tokens[k:k + size]).encode("utf-8")) for k in range(len(tokens) - size + 1)}


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date or date-time string ("2022-08-24", "2022-04-06T11:10:31"); None when unreadable."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass
class Prepared:
    """One document cut into sentences, with what the comparisons read."""

    index: int
    text: str
    outlet: str | None
    day: date | None
    sentences: list[tuple[int, int]]
    stems: list[list[int]]  # content-word stem ids of each sentence (distinct, sorted)
    shingles: list[set[int]]  # shingle ids of each sentence
    stock: list[bool] = field(default_factory=list)  # boilerplate flags, set by `mark_boilerplate`
    quoted: list[bool] | None = None  # quote-sentence flags, computed on first use
    own_shingles: set[int] = field(default_factory=set)  # shingles of the sentences that are not boilerplate
    own_stems: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # sorted stem ids
    judged: list[int] = field(default_factory=list)  # sentences to align (`_judged`)
    cells: tuple[np.ndarray, np.ndarray] = field(  # (row, position in own_stems) of each 1
        default_factory=lambda: (np.zeros(0, int), np.zeros(0, int)))
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # stems of each judged one
    norms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @property
    def all_shingles(self) -> set[int]:
        """The document's shingles (within sentences)."""
        return set().union(*self.shingles) if self.shingles else set()

    def finish(self) -> None:
        """Once the boilerplate flags are set: the own shingles and stems, and the judged sentences as (row,
        stem id) cells of a binary matrix with each row's length."""
        own = [k for k, stock in enumerate(self.stock) if not stock]
        self.own_shingles = set().union(*(self.shingles[k] for k in own)) if own else self.all_shingles
        self.own_stems = np.unique(np.fromiter((w for k in own for w in self.stems[k]), dtype=np.int64))
        self.judged = [k for k in own if len(self.stems[k]) >= MIN_SENTENCE_WORDS]
        rows = [r for r, k in enumerate(self.judged) for _ in self.stems[k]]
        cols = [w for k in self.judged for w in self.stems[k]]
        positions = np.searchsorted(self.own_stems, np.asarray(cols, dtype=np.int64))
        self.cells = (np.asarray(rows, dtype=np.int64), positions)
        self.lengths = np.asarray([len(self.stems[k]) for k in self.judged], dtype=np.int64)
        self.norms = np.sqrt(self.lengths.astype(np.float32))

    def quote_flags(self) -> list[bool]:
        """Whether each sentence is mostly quotation (computed once)."""
        if self.quoted is None:
            delta = np.zeros(len(self.text) + 1, dtype=np.int32)
            for region in find_regions(self.text, [s for s, _ in self.sentences]):
                delta[region.start] += 1
                delta[region.end] -= 1
            covered = np.concatenate([[0], np.cumsum(np.cumsum(delta) > 0)])  # quoted characters before each
            self.quoted = [bool(covered[e] - covered[s] >= QUOTE_SHARE * max(1, e - s)) for s, e in self.sentences]
        return self.quoted


def prepare(index: int, text: str, outlet: str | None = None, published: str | None = None,
            vocabulary: dict[str, int] | None = None) -> Prepared:
    """Cut one document into sentences and read their stems and shingles; `vocabulary` (stem -> id) is shared
    by the documents that will be compared, and grows."""
    vocabulary = {} if vocabulary is None else vocabulary
    sentences = split_sentences(text)
    tokens = [words(text[s:e]) for s, e in sentences]
    ids = [sorted({vocabulary.setdefault(w, len(vocabulary)) for w in stems(t)}) for t in tokens]
    return Prepared(index, text, outlet, parse_day(published), sentences, ids, [sentence_shingles(t) for t in tokens])


def mark_boilerplate(docs: Sequence[Prepared]) -> None:
    """Flag each sentence that is mostly an outlet's stock text: shingles found in `BOILERPLATE_DOCS` or more
    documents of the same outlet. A document without an outlet is its own outlet (nothing is stock). Then
    `finish` each document."""
    counts: dict[str, Counter[int]] = {}
    for doc in docs:
        if doc.outlet:
            counts.setdefault(doc.outlet.strip().lower(), Counter()).update(doc.all_shingles)
    stock = {outlet: _stock_shingles(seen) for outlet, seen in counts.items()}
    for doc in docs:
        known = stock.get(doc.outlet.strip().lower()) if doc.outlet else None
        if known is None:
            doc.stock = [False] * len(doc.sentences)
        else:
            doc.stock = [bool(s) and len(s & known) >= BOILERPLATE_SHARE * len(s) for s in doc.shingles]
        doc.finish()


def _stock_shingles(seen: Counter[int]) -> set[int]:
    """The shingles of one outlet found in `BOILERPLATE_DOCS` or more of its documents: chosen once per outlet, so
    that each sentence is judged by one set intersection rather than a count look-up per shingle."""
    return {shingle for shingle, documents in seen.items() if documents >= BOILERPLATE_DOCS}


def candidate_pairs(docs: Sequence[Prepared], threshold: float = BLOCK_JACCARD,
                    window_days: int = DATE_WINDOW_DAYS) -> list[tuple[int, int]]:
    """Pairs (i < j) of documents worth aligning: MinHash LSH over their own content-word stems at a low
    Jaccard threshold, the two dates at most `window_days` apart (or one unknown). Sorted."""
    lsh = MinHashLSH(threshold=threshold, num_perm=BLOCK_PERM)
    template = MinHash(num_perm=BLOCK_PERM, seed=SEED)
    signatures: dict[int, MinHash] = {}
    for doc in docs:
        if not len(doc.own_stems):
            continue
        signature = MinHash(num_perm=BLOCK_PERM, seed=SEED, permutations=template.permutations,
                            hashfunc=_stem_hash)
        signature.update_batch(doc.own_stems.tolist())
        signatures[doc.index] = signature
        lsh.insert(doc.index, signature)
    by_index = {doc.index: doc for doc in docs}
    pairs = set()
    for i, signature in signatures.items():
        for j in lsh.query(signature):
            if j <= i:
                continue
            a, b = by_index[i].day, by_index[j].day
            if a is None or b is None or abs((a - b).days) <= window_days:
                pairs.add((i, j))
    return sorted(pairs)


@lru_cache(maxsize=1 << 20)
def _stem_hash(stem: int) -> int:
    """datasketch's own 32-bit SHA-1 hash of a stem id's four bytes, the value its default hash function gives for
    them, remembered: the documents of a corpus share most of their stems, so each is hashed once, not once per
    document."""
    return sha1_hash32(stem.to_bytes(4, "little"))


def shingle_similarity(a: Prepared, b: Prepared) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set) of the two documents' own shingles."""
    x, y = a.own_shingles, b.own_shingles
    if not x or not y:
        return 0.0, 0.0
    common = len(x & y)
    return common / (len(x) + len(y) - common), common / min(len(x), len(y))


def may_align(a: Prepared, b: Prepared, floor: float = WORD_FLOOR, at_least: int = MIN_ALIGNED) -> bool:
    """Whether `at_least` judged sentences of the shorter document could reach `floor` in `align` with stem-set
    cosines: a quick necessary test, so that a pair failing it is known to be no rewrite without aligning it.
    A sentence s can reach the floor with a sentence t of the other document only if s shares at least floor^2
    of its stems with the other's own stems: cos = |s & t| / sqrt(|s| |t|) <= sqrt(|s & t| / |s|) (as |s & t| <=
    |t|), and t's stems are among the other's own. A millionth of slack covers the cosines' rounding."""
    if len(b.judged) < len(a.judged):
        a, b = b, a
    if len(a.judged) < at_least:
        return False
    in_other = in_sorted(a.own_stems, b.own_stems)
    rows, stem_at = a.cells
    shared = np.bincount(rows, weights=in_other[stem_at], minlength=len(a.judged))
    return int((shared >= (floor * floor - 1e-6) * a.lengths).sum()) >= at_least


def _word_similarities(a: Prepared, b: Prepared) -> np.ndarray:
    """Cosines of the binary stem vectors of the judged sentences of a (rows) and b (columns), computed on the
    stems the two share."""
    found_in_a = np.flatnonzero(in_sorted(a.own_stems, b.own_stems))
    shared = a.own_stems[found_in_a]  # numpy.intersect1d's values and indices, by binary search
    positions = (found_in_a, np.searchsorted(b.own_stems, shared))
    matrices = []
    for doc, found in zip((a, b), positions, strict=True):
        column = np.full(len(doc.own_stems), -1, dtype=np.int64)
        column[found] = np.arange(len(shared))
        rows, stem_at = doc.cells
        cols = column[stem_at]
        keep = cols >= 0
        matrix = np.zeros((len(doc.judged), len(shared)), dtype=np.float32)
        matrix[rows[keep], cols[keep]] = 1.0
        matrices.append(matrix / doc.norms[:, None])
    return dot_rows(matrices[0], matrices[1])


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Positions (into `values`) of one longest strictly increasing subsequence, the earliest on ties."""
    tails: list[int] = []  # tails[k]: smallest value ending an increasing run of length k + 1
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[k] = value
            tail_at[k] = position
        previous[position] = tail_at[k - 1] if k else -1
    chain = []
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        chain.append(position)
        position = previous[position]
    return chain[::-1]


@dataclass(frozen=True)
class Alignment:
    """How the shorter text's own sentences align with the other's, in order."""

    own: int  # own (non-quote) judged sentences of the shorter text
    aligned_own: int  # of those, aligned on the order-keeping chain
    judged: int  # judged sentences of the shorter text, quotes included
    aligned: int  # of those, aligned on the chain
    matched: int  # judged sentences whose best match clears the floor, in or out of order

    @property
    def share(self) -> float:
        """Aligned share of the shorter text's own sentences (0 with none to judge)."""
        return self.aligned_own / self.own if self.own else 0.0

    @property
    def order(self) -> float:
        """Share of the matched sentences that keep their order."""
        return self.aligned / self.matched if self.matched else 0.0


def align(a: Prepared, b: Prepared, vectors: dict[int, np.ndarray] | None = None,
          floor: float | None = None) -> Alignment:
    """Align the judged sentences of the shorter document (fewer judged sentences) with the other's.
    `vectors` (document index -> one unit row per sentence) switches from stem sets to embedder cosines."""
    if len(b.judged) < len(a.judged):
        a, b = b, a
    rows = a.judged
    if not rows or not b.judged:
        return Alignment(0, 0, 0, 0, 0)
    if vectors is not None:
        similarities = dot_rows(vectors[a.index][rows], vectors[b.index][b.judged])
        floor = EMBED_FLOOR if floor is None else floor
    else:
        similarities = _word_similarities(a, b)
        floor = WORD_FLOOR if floor is None else floor
    best = similarities.argmax(axis=1)
    matched = np.flatnonzero(similarities[np.arange(len(rows)), best] >= floor).tolist()  # one read, not a row each
    chain = [matched[p] for p in longest_increasing(best[matched].tolist())]
    if not chain:
        return Alignment(0, 0, len(rows), 0, len(matched))
    quoted = a.quote_flags()
    own = [r for r in range(len(rows)) if not quoted[rows[r]]]
    aligned_own = sum(1 for r in chain if not quoted[rows[r]])
    return Alignment(len(own), aligned_own, len(rows), len(chain), len(matched))


def is_rewrite(alignment: Alignment, share: float = REWRITE_SHARE, min_aligned: int = MIN_ALIGNED) -> bool:
    """The rule: enough own sentences to judge, at least `share` of them aligned in order, and at least
    `min_aligned` of them."""
    return (alignment.own >= MIN_OWN_SENTENCES and alignment.share >= share
            and alignment.aligned_own >= min_aligned)


def sentence_vectors(docs: Sequence[Prepared], embedder: Embedder) -> dict[int, np.ndarray]:
    """One unit row per sentence of each document, from the embedder (one batch per document)."""
    return {doc.index: embedder.embed([doc.text[s:e] for s, e in doc.sentences]) for doc in docs}
