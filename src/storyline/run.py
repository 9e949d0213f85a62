"""The runner: reads inputs, applies the stages, writes findings, records the run.

Stages compute; the runner writes. Documents stream through in windows (bounded memory whatever the
corpus size): each window's lines are counted so the clean stage can see page furniture that recurs across
documents, then documents already stored with the same content are skipped, the rest are parsed with
`nlp.pipe` and stored a batch per transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from storyline import __version__
from storyline.config import Settings
from storyline.corpus import run_corpus_steps
from storyline.model import Analysis, Document, Rejection
from storyline.readers import FieldMap, expand_paths, read_inputs
from storyline.stages import DEFAULT_PIPELINE, validate_pipeline
from storyline.stages import clean as clean_stage
from storyline.stages import nlp as nlp_stage
from storyline.store import Store, open_store
from storyline.store.sqlite import entity_key

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
        keys = {clean_stage.line_key(line) for line in document.raw_text.splitlines() if line.strip()}
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


def apply_clean(document: Document, counts: Counter[str], min_chars: int) -> Document | Rejection:
    """Run the clean stage on one document, rejecting it when no article body is left."""
    cleaned = clean_stage.clean(document.raw_text, document.title, counts)
    if len(cleaned.text) < min_chars:
        where = document.source_path
        return Rejection(where, "no_article", f"under {min_chars} characters of article text left after "
                         f"cleaning (document {document.id!r})", document.line)
    document.text = cleaned.text
    document.removed = cleaned.removed
    document.flags = [*document.flags, *cleaned.flags]
    return document


class Runner:
    """Applies the pipeline to a stream of inputs and writes to one store."""

    def __init__(self, settings: Settings, fields: FieldMap | None = None,
                 pipeline: tuple[str, ...] = DEFAULT_PIPELINE, nlp: Language | None = None) -> None:
        """`nlp` lets a caller that runs many analyses (tests, a server) load the model once."""
        self.specs = validate_pipeline(pipeline)  # fails before the first document
        self.parsed_stages = [spec for spec in self.specs if spec.kind == "parsed"]
        self.writers = {spec.name: spec.writer for spec in self.specs if spec.writer}
        self.settings = settings
        self.fields = fields or FieldMap()
        self.model_name = nlp_stage.resolve_model_name(settings.model)
        self.nlp = nlp or nlp_stage.load_model(self.model_name)

    def run(self, paths: list[str], on_progress: Callable[[int], None] | None = None) -> RunSummary:
        files = expand_paths(paths)
        store = open_store(self.settings.db)
        try:
            run_id = store.begin_run(self.settings.config_hash(), __version__, self.model_name,
                                     asdict(self.settings), list(paths))
            summary = RunSummary(run_id=run_id, db=self.settings.db)
            try:
                self._process(store, files, summary, on_progress or (lambda _n: None))
                assigned = {name for spec in self.specs for name in spec.assigns}
                summary.corpus = run_corpus_steps(store, run_id, assigned)
            except BaseException:
                store.finish_run(run_id, "failed", summary.added, summary.unchanged, len(summary.rejected))
                raise
            summary.status = "completed"
            store.finish_run(run_id, "completed", summary.added, summary.unchanged, len(summary.rejected))
            summary.totals = store.counts()
            return summary
        finally:
            store.close()

    def _to_parse(self, store: Store, files: list[str], summary: RunSummary,
                  pending: list[Rejection]) -> Iterator[tuple[str, Document]]:
        """Clean documents window by window and yield those not stored yet; collect rejections."""
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
                    pending.append(item)
                    continue
                key = (item.id, item.raw_hash)
                if key in seen or store.has_version(*key):
                    summary.unchanged += 1
                    continue
                seen.add(key)
                result = apply_clean(item, lines.counts, self.settings.min_chars)
                if isinstance(result, Rejection):
                    pending.append(result)
                    continue
                yield result.text, result

    def _analyse(self, document: Document, parsed: Doc) -> Analysis | Rejection:
        """Run the parsed stages on one document. A stage that fails on it rejects that document, naming the
        stage and the error, and the run goes on: one odd article must not stop a corpus."""
        analysis = Analysis(document=document, nlp=nlp_stage.compute(parsed))
        for spec in self.parsed_stages:
            try:
                analysis.findings[spec.name] = spec.compute(document, parsed, earlier=analysis.findings)
            except Exception as exc:  # any stage error becomes a stored rejection
                return Rejection(document.source_path, "stage_error",
                                 f"stage {spec.name!r} failed on document {document.id!r} "
                                 f"({type(exc).__name__}: {exc}); please report it", document.line)
        return analysis

    def _process(self, store: Store, files: list[str], summary: RunSummary,
                 on_progress: Callable[[int], None]) -> None:
        pending: list[Rejection] = []
        batch: list[Analysis] = []

        def flush() -> None:
            store.write_batch(summary.run_id, batch, pending, self.writers)
            summary.added += len(batch)
            summary.rejected.extend(pending)
            summary.mentions += sum(entity_key(m.text, m.label) is not None for a in batch for m in a.nlp.mentions)
            batch.clear()
            pending.clear()
            on_progress(summary.read)

        stream = self._to_parse(store, files, summary, pending)
        for parsed, document in self.nlp.pipe(stream, as_tuples=True, batch_size=self.settings.batch_size):
            analysis = self._analyse(document, parsed)
            if isinstance(analysis, Rejection):
                pending.append(analysis)
                continue
            batch.append(analysis)
            if len(batch) >= self.settings.batch_size:
                flush()
        flush()


def analyze(paths: list[str], settings: Settings, fields: FieldMap | None = None,
            on_progress: Callable[[int], None] | None = None, nlp: Language | None = None) -> RunSummary:
    """Read, clean, parse and store every article in `paths`; the library entry point of `analyze`."""
    return Runner(settings, fields, nlp=nlp).run(paths, on_progress)
