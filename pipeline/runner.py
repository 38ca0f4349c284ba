"""The pipeline runner: inputs in, `RunResult` out. The CLI's `jazba run` is a thin layer over it.

    from pipeline import Pipeline
    result = Pipeline().run(["article.txt"], ru_inputs=["telegrams/"])
    for doc in result.documents:
        for rec in doc.records: ...

Each document passes through the registered document components in order (see
`pipeline.components`), then the corpus stages run once over the whole result.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import components as _components
from .errors import UsageError
from .ingest import IngestError, Source, expand_inputs, read_source, read_text
from .records import Document, Record
from .registry import CORPUS_STAGES, DOC_COMPONENTS
from .textflow import CleanView, make_view
from .parallel import LocalExecutor
from .progress import RunProgress
from .windows import RECORD_KEYED_RESOURCES, WINDOW_CHARS, rebase_records, rebase_table, window_documents


@dataclass
class RunConfig:
    """What a run does. Every field has a CLI flag on `jazba run`."""

    #: None means the defaults in `pipeline.components`.
    components: list[str] | None = None
    stages: list[str] | None = None
    #: "spacy" (the shipped model) or "stanza" (stanza's Kazakh pipeline, if installed).
    backend: str = "spacy"
    #: Directory of the spaCy NER model; None means the shipped default.
    model_path: str | None = None
    #: ISO date of the document itself, the last resort for dates written without a year.
    document_date: str | None = None
    #: Force this codec for every input (`--encoding`); None means detect (pipeline.ingest).
    encoding: str | None = None
    #: Free-form settings for individual components.
    options: dict[str, Any] = field(default_factory=dict)
    #: Kazakh documents longer than this (characters) are processed in windows of at most this
    #: size (`pipeline.windows`); 0 = never.
    window_chars: int = WINDOW_CHARS


@dataclass
class RunResult:
    """Everything one run produced. Stages add alignments and telegram records."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    #: Decoding warnings (invalid bytes, lost letters...), one line each, naming the file.
    warnings: list[str] = field(default_factory=list)
    alignments: list[dict] = field(default_factory=list)
    telegrams: list[dict] = field(default_factory=list)
    config: RunConfig | None = None
    started_at: float = field(default_factory=time.time)
    #: Documents taken from the store by `--resume` instead of processed.
    resumed: int = 0

    @property
    def kk_documents(self) -> list[Document]:
        return [d for d in self.documents if d.lang == "kk"]

    @property
    def ru_documents(self) -> list[Document]:
        return [d for d in self.documents if d.lang == "ru"]

    def records(self) -> list[Record]:
        return [r for d in self.documents for r in d.records]


class RunContext:
    """Shared, lazily built resources (models, gazetteers, tokenizers) for one pipeline."""

    def __init__(self, config: RunConfig):
        self.config = config
        self._resources: dict[str, Any] = {}

    def resource(self, name: str, factory: Callable[[], Any]) -> Any:
        """Build `name` once with `factory` and reuse it for every document."""
        if name not in self._resources:
            self._resources[name] = factory()
        return self._resources[name]


def view_of(doc: Document) -> CleanView:
    """The re-flowed view of `doc.text` (built once per document)."""
    if doc._view is None:
        doc._view = make_view(doc.text)
    return doc._view


class Pipeline:
    """Runs the configured components over documents. Reuse one instance for many runs."""

    def __init__(self, config: RunConfig | None = None):
        _components.load_all()
        self.config = config or RunConfig()
        if self.config.components is None:
            self.config.components = list(_components.DEFAULT_COMPONENTS)
        if self.config.stages is None:
            self.config.stages = list(_components.DEFAULT_STAGES)
        self.ctx = RunContext(self.config)
        for name in self.config.components:
            if name not in DOC_COMPONENTS:
                raise UnknownComponentError(f"unknown component {name!r}; known: {', '.join(sorted(DOC_COMPONENTS))}")
        for name in self.config.stages:
            if name not in CORPUS_STAGES:
                raise UnknownComponentError(f"unknown stage {name!r}; known: {', '.join(sorted(CORPUS_STAGES))}")
        if self.config.document_date is not None:
            from .checks import check_doc_date

            try:
                check_doc_date(str(self.config.document_date))
            except UsageError as err:
                raise BadConfigError(str(err).replace("--doc-date", "document_date")) from None
        if self.config.encoding is not None:
            from .ingest import check_encoding

            try:
                self.config.encoding = check_encoding(self.config.encoding)
            except UsageError as err:
                raise BadConfigError(str(err).replace("--encoding", "encoding")) from None

    # -- single documents -------------------------------------------------------------------
    def process(self, doc: Document) -> Document:
        """Run every document component on `doc` (in place) and return it. A Kazakh document longer
        than `RunConfig.window_chars` is processed in bounded windows (`pipeline.windows`)."""
        size = self.config.window_chars
        if doc.lang == "kk" and size and len(doc.text) > size:
            return self._process_windows(doc, size)
        return self._process_whole(doc)

    def process_many(self, docs: list[Document]) -> list[Document]:
        """`process` for several documents (in place); see `iter_process_many`."""
        return list(self.iter_process_many(docs))

    def iter_process_many(self, docs: list[Document]) -> Iterator[Document]:
        """Process several documents, yielding each (in input order) as soon as it is finished.

        Components run component by component over the documents that are not windowed, so one with
        a batch form (`kk.ner`: `func.batch(docs, ctx)`) sees them together; the last component runs
        document by document, and each document is yielded when it is through (an interrupted run
        keeps every finished document)."""
        size = self.config.window_chars
        windowed = {id(doc) for doc in docs if doc.lang == "kk" and size and len(doc.text) > size}
        whole = [doc for doc in docs if id(doc) not in windowed]
        names = list(self.config.components)
        for name in names[:-1]:
            comp = DOC_COMPONENTS[name]
            todo = [doc for doc in whole if doc.lang in comp.langs]
            batch = getattr(comp.func, "batch", None)
            outputs = batch(todo, self.ctx) if batch is not None and len(todo) > 1 else \
                [comp.func(doc, self.ctx) or [] for doc in todo]
            for doc, new in zip(todo, outputs):
                self._add(doc, new, name)
        for doc in docs:
            if id(doc) in windowed:
                self._process_windows(doc, size)
            else:
                for name in names[-1:]:
                    if doc.lang in DOC_COMPONENTS[name].langs:
                        self._add(doc, DOC_COMPONENTS[name].func(doc, self.ctx) or [], name)
                doc.records.sort(key=lambda r: (r.start, r.end, r.label))
            yield doc

    @staticmethod
    def _add(doc: Document, new: list[Record], name: str) -> None:
        for rec in new:
            _check_offsets(doc, rec, name)
        doc.records.extend(new)

    def _process_windows(self, doc: Document, size: int) -> Document:
        records: list[Record] = []
        sentences: list[tuple[int, int]] = []
        for offset, part in window_documents(doc, size):
            saved = {name: self.ctx._resources.pop(name) for name in RECORD_KEYED_RESOURCES
                     if name in self.ctx._resources}
            self._process_whole(part)
            for name in RECORD_KEYED_RESOURCES:
                window_table = self.ctx._resources.pop(name, None)
                if window_table is not None or name in saved:
                    merged = saved.get(name, {})
                    merged.update(rebase_table(window_table or {}, part.doc_id, doc.doc_id, offset))
                    self.ctx._resources[name] = merged
            records.extend(rebase_records(part.records, part.doc_id, doc.doc_id, offset))
            sentences.extend((s + offset, e + offset) for s, e in part.sentences)
        doc.records = records
        doc.sentences = sentences
        for rec in doc.records:
            _check_offsets(doc, rec, "windows")
        doc.records.sort(key=lambda r: (r.start, r.end, r.label))
        return doc

    def _process_whole(self, doc: Document) -> Document:
        for name in self.config.components:
            comp = DOC_COMPONENTS[name]
            if doc.lang not in comp.langs:
                continue
            new = comp.func(doc, self.ctx) or []
            for rec in new:
                _check_offsets(doc, rec, name)
            doc.records.extend(new)
        doc.records.sort(key=lambda r: (r.start, r.end, r.label))
        return doc

    def annotate(self, text: str, doc_id: str = "text", lang: str = "kk") -> Document:
        """Library shortcut: process one in-memory text (no corpus stages)."""
        src = read_text(text, doc_id)
        return self.process(_document_from(src, lang))

    # -- whole runs -------------------------------------------------------------------------
    def run(
        self,
        inputs: Iterable[str],
        ru_inputs: Iterable[str] = (),
        progress: bool = False,
        on_error: Callable[[IngestError], None] | None = None,
        on_document: Callable[[Document], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        executor=None,
        cache=None,
    ) -> RunResult:
        """Read, process and link every input. Unreadable files are reported, not fatal.

        `progress`: True for a bar on a terminal / a summary line otherwise (`pipeline.progress`), or a
        `RunProgress`. `executor`: where documents are processed (`pipeline.parallel`: this process by
        default, `ProcessExecutor(n, config)`, `DaskExecutor(address, config)`); documents come back in
        input order. `cache`: a `pipeline.resume.ResumeCache` -- documents it already holds for this
        configuration are taken from it instead of processed, the others are saved to it.

        `on_document(doc)` is called as each document is processed (before the corpus stages), e.g.
        `pipeline.output.OutputWriter.add`, so an interrupted run keeps what finished;
        `on_warning(line)` receives each decoding warning (also kept in `result.warnings`).
        """
        result = RunResult(config=self.config)
        jobs = [(p, "kk") for p in expand_inputs(inputs)] + [(p, "ru") for p in expand_inputs(ru_inputs)]
        tracker = progress if isinstance(progress, RunProgress) else RunProgress([p for p, _ in jobs], enabled=bool(progress))
        executor = executor or LocalExecutor()
        documents = self._read(jobs, result, on_error, on_warning)
        ready = cache.lookup if cache is not None else (lambda doc: None)
        collected: dict[str, dict] = {}  # record-keyed context tables, back in the context for the stages
        try:
            for doc, tables in executor.map(self, documents, ready):
                for name, table in tables.items():
                    collected.setdefault(name, {}).update(table)
                if doc.context.pop("from_store", False):
                    result.resumed += 1
                elif cache is not None:
                    cache.save(doc, tables)
                result.documents.append(doc)
                tracker.update(doc)
                if on_document:
                    on_document(doc)
        finally:
            if cache is not None:
                cache.flush()
            executor.close()
        tracker.close()
        for name, table in collected.items():
            self.ctx.resource(name, dict).update(table)
        self.finish(result)
        return result

    def _read(self, jobs: list[tuple[str, str]], result: RunResult, on_error, on_warning) -> Iterator[Document]:
        """The input documents, read one at a time, with unique doc ids (errors go to `result`)."""
        seen_ids: dict[str, int] = {}
        for path, lang in jobs:
            try:
                src = read_source(path, encoding=self.config.encoding)
            except IngestError as err:
                result.errors.append(err)
                if on_error:
                    on_error(err)
                continue
            for line in src.warnings:
                result.warnings.append(line)
                if on_warning:
                    on_warning(line)
            doc = _document_from(src, lang)
            # Two files with the same stem in different folders must not share an id.
            if doc.doc_id in seen_ids:
                seen_ids[doc.doc_id] += 1
                doc.doc_id = f"{doc.doc_id}__{seen_ids[doc.doc_id]}"
            else:
                seen_ids[doc.doc_id] = 1
            yield doc

    def run_documents(self, documents: list[Document]) -> RunResult:
        """Process already-built documents (library use, tests) and run the corpus stages."""
        result = RunResult(config=self.config)
        for doc in documents:
            result.documents.append(self.process(doc))
        self.finish(result)
        return result

    def finish(self, result: RunResult) -> None:
        """Run the corpus stages over a result whose documents are processed."""
        for name in self.config.stages:
            CORPUS_STAGES[name].func(result, self.ctx)
        for doc in result.documents:
            for rec in doc.records:
                _check_offsets(doc, rec, "stage")


class BadConfigError(UsageError, ValueError):
    """A `RunConfig` value that cannot work (the CLI checks the same before building the pipeline)."""


class UnknownComponentError(BadConfigError):
    """A component or stage name that is not registered (`--components foo`)."""


def _document_from(src: Source, lang: str) -> Document:
    return Document(doc_id=src.doc_id, text=src.text, path=src.path, encoding=src.encoding, lang=lang,
                    decoding=src.decoding.to_dict() if src.decoding else None)


def _check_offsets(doc: Document, rec: Record, where: str) -> None:
    """Offsets are sacred: fail loudly the moment a component breaks the contract."""
    if rec.doc_id != doc.doc_id:
        rec.doc_id = doc.doc_id
    if not (0 <= rec.start < rec.end <= len(doc.text)) or doc.text[rec.start:rec.end] != rec.text:
        raise AssertionError(
            f"{where}: record {rec.label} {rec.start}:{rec.end} {rec.text!r} does not match "
            f"{doc.doc_id} text {doc.text[rec.start:rec.end]!r}"
        )
