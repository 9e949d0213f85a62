"""The local executor: parse and analyse in this process, as Storyline always has (`workers = 1`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from spacy.language import Language

from storyline.executors import Closing, R, T, Work, parse_and_analyse
from storyline.model import Analysis, Document, Rejection
from storyline.stages.nlp import load_model


class LocalExecutor(Closing):
    """`nlp.pipe` over the documents as they stream in, then the parsed stages on each Doc.

    Give it a loaded pipeline (`nlp`) to share one model between runs (tests, a server); without one it loads the
    model the work names on first use and keeps it for later runs with the same model.
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp
        self.model: str | None = None  # the package name `nlp` was loaded from here (None: given by the caller)

    def _model_for(self, work: Work) -> Language:
        if self.nlp is None or (self.model is not None and self.model != work.model):
            self.nlp, self.model = load_model(work.model), work.model
        return self.nlp

    def analyse(self, documents: Iterable[Document], work: Work) -> Iterator[Analysis | Rejection]:
        """One result per document, in input order; documents are read only as fast as spaCy batches them. The
        model is loaded when the first document arrives: a run with nothing new to parse never loads it."""
        stream = iter(documents)
        first = next(stream, None)
        if first is None:
            return (result for result in ())  # a generator: the runner closes what it gets
        return parse_and_analyse(self._model_for(work), chain([first], stream), work)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """In this process, one item after the other."""
        return map(function, items)
