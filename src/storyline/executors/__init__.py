"""Executors: where the per-document work of a run happens (parsing with spaCy, then the parsed stages).

The runner keeps everything that needs the whole corpus or the store: reading, the corpus-wide line counts, the
clean decision (it depends on those counts), the "already stored?" check and every write. It hands an executor
the cleaned documents still to analyse and a `Work` that says what to do with each; the executor returns one
`Analysis` (or, when a stage fails on that document, one `Rejection`) per document, **in input order**, so that
the stored rows and their keys do not depend on where the work ran.

    LocalExecutor(nlp)        in this process: `nlp.pipe` then the parsed stages (the default, `workers = 1`)
    ProcessExecutor(workers)  in N worker processes, each loading the model once
    RayExecutor(workers, address)  on N Ray actors, locally or on a cluster (executors/ray.py; Ray only there)

A new executor (Ray, a cluster) implements the small `Executor` protocol below; nothing else changes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Protocol, Self, TypeVar, cast, runtime_checkable

from spacy.language import Language
from spacy.tokens import Doc

from storyline.model import Analysis, Document, NlpFindings, Rejection
from storyline.stages import StageSpec


@dataclass(frozen=True)
class Work:
    """What an executor does to each document: parse its clean text with the spaCy package `model` (in batches of
    `batch_size`), run the `parse` stage on the Doc, then the parsed `stages` in order.

    It pickles (the stages' `compute` are module-level functions), so a worker process can be given it once.
    """

    model: str
    parse: StageSpec
    stages: tuple[StageSpec, ...]
    batch_size: int


T = TypeVar("T")  # a task (a chunk of documents, a unit of a corpus step)
H = TypeVar("H")  # the handle of a submitted task (a Future, a Ray object ref)
R = TypeVar("R")  # one result


@runtime_checkable
class Executor(Protocol):
    """Runs `Work` on documents somewhere. `analyse` yields exactly one result per document, in input order, and
    may read ahead of what it has yielded; `map` runs a module-level function on each of some picklable items in
    the same place (the corpus steps' independent units), results in input order; `close` releases what the
    executor holds (processes, connections) and is safe to call twice. Executors are context managers that close
    on exit."""

    def analyse(self, documents: Iterable[Document], work: Work) -> Iterator[Analysis | Rejection]: ...

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...


def chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """The documents in lists of `size` (the last shorter), read lazily: what a remote executor sends per task."""
    items = iter(documents)
    while chunk := list(islice(items, size)):
        yield chunk


def bounded_in_order(tasks: Iterable[T], submit: Callable[[T], H], collect: Callable[[H], list[R]],
                     cancel: Callable[[H], None], in_flight: int) -> Iterator[R]:
    """Submit `tasks` while collecting the oldest one's results, with at most `in_flight` submitted and not yet
    collected (memory stays flat, and a slow consumer holds the readers back); results come in submission order.
    What was submitted but not collected when the caller stops is cancelled."""
    pending: deque[H] = deque()
    try:
        for task in tasks:
            pending.append(submit(task))
            if len(pending) >= in_flight:
                yield from collect(pending.popleft())
        while pending:
            yield from collect(pending.popleft())
    finally:
        for handle in pending:
            cancel(handle)


class Closing:
    """The context-manager half of `Executor`: `with SomeExecutor(...) as ex:` closes it on the way out."""

    def close(self) -> None:
        """Nothing to release by default."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def analyse_parsed(document: Document, parsed: Doc, work: Work) -> Analysis | Rejection:
    """Run the parse stage and the parsed stages on one parsed document.

    A parsed stage that fails on it rejects that document, naming the stage and the error, and the run goes on: one
    odd article must not stop a corpus. This function is the same in every executor, so a stage error becomes the
    same `Rejection` wherever it happens.
    """
    analysis = Analysis(document=document, nlp=cast(NlpFindings, work.parse.compute(parsed)))
    for spec in work.stages:
        try:
            analysis.findings[spec.name] = spec.compute(document, parsed, earlier=analysis.findings)
        except Exception as exc:  # any stage error becomes a stored rejection
            return Rejection(document.source_path, "stage_error",
                             f"stage {spec.name!r} failed on document {document.id!r} "
                             f"({type(exc).__name__}: {exc}); please report it", document.line)
    return analysis


def parse_and_analyse(nlp: Language, documents: Iterable[Document], work: Work) -> Iterator[Analysis | Rejection]:
    """Parse the documents' clean texts with `nlp.pipe` (batched, streaming) and analyse each, in input order."""
    texts = ((document.text, document) for document in documents)
    for parsed, document in nlp.pipe(texts, as_tuples=True, batch_size=work.batch_size):
        yield analyse_parsed(document, parsed, work)
