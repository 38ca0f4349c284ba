"""Where the per-document pipeline runs: in this process, in N worker processes, or on a Dask cluster.

`Pipeline.run(..., executor=...)` hands every document to an executor and gets them back processed,
**in input order**, with at most a few documents in flight per worker (memory stays bounded however
many files there are). The main process stays the only writer of outputs and of the store, and runs
the corpus stages once every document is back. Each worker builds its own `Pipeline` (the model is
loaded once per worker process) from the run's `RunConfig`.

    LocalExecutor()                           # the default: one process
    ProcessExecutor(4, config)                # `jazba run --workers 4`: a process pool on this machine
    DaskExecutor("tcp://host:8786", config)   # `jazba run --dask tcp://host:8786`: dask.distributed workers

Small documents travel and are processed in groups (`groups`, `Pipeline.process_many`: `kk.ner`
batches their sentences together). What a document component leaves in a record-keyed `RunContext`
table (`review.evidence`, read by the `confidence` stage) travels back with its document
(`portable_process`).
"""
from __future__ import annotations

import hashlib
import json
from collections import deque
from dataclasses import asdict
from typing import Any, Callable, Iterable, Iterator

from .errors import UsageError
from .records import Document
from .windows import RECORD_KEYED_RESOURCES

#: A processed document and the record-keyed context tables it filled.
Processed = tuple[Document, dict[str, dict]]


def config_fingerprint(config) -> str:
    """A short hash of everything in a `RunConfig` (what decides a document's records)."""
    data = json.dumps(asdict(config), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


#: Small documents travel and are processed in groups of up to this many characters / documents
#: (`kk.ner` batches their sentences together; fewer, larger tasks for workers).
GROUP_CHARS = 50_000
GROUP_DOCUMENTS = 256


def portable_process(pipeline, docs: list[Document]) -> Iterator[Processed]:
    """`pipeline.iter_process_many(docs)`: each document as it is finished, with the context-table
    entries made for it, and without its caches (the clean view would triple what travels between
    processes)."""
    tables = _TableSplitter(pipeline.ctx)
    for doc in pipeline.iter_process_many(docs):
        doc._view = None
        doc._spacy_doc = None
        doc.context = {}
        yield doc, tables.take(doc.doc_id)


def _owner(record_id) -> str | None:
    """The doc_id in a record id `<doc_id>:<LABEL>:<start>-<end>`."""
    return record_id.rsplit(":", 2)[0] if isinstance(record_id, str) else None


class _TableSplitter:
    """Takes a document's entries out of the record-keyed context tables (indexed once per group,
    again only if a table grew meanwhile)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.index: dict | None = None
        self.sizes: dict | None = None

    def take(self, doc_id: str) -> dict[str, dict]:
        tables = {name: self.ctx._resources[name] for name in RECORD_KEYED_RESOURCES if name in self.ctx._resources}
        sizes = {name: len(t) for name, t in tables.items()}
        if self.index is None or sizes != self.sizes:
            self.index = {}
            for name, table in tables.items():
                for key in table:
                    self.index.setdefault(_owner(key), []).append((name, key))
        out: dict[str, dict] = {}
        for name, key in self.index.pop(doc_id, []):
            if key in tables[name]:
                out.setdefault(name, {})[key] = tables[name].pop(key)
        self.sizes = {name: len(t) for name, t in tables.items()}
        return out


def groups(documents: Iterable[Document], ready: Callable[[Document], Processed | None],
           max_chars: int = GROUP_CHARS, max_documents: int = GROUP_DOCUMENTS
           ) -> Iterator[tuple[bool, list]]:
    """Consecutive documents as units of work: `(True, [processed])` for one that `ready` already has
    (from the store), `(False, [documents...])` for small documents to process together, in order."""
    group: list[Document] = []
    size = 0
    for doc in documents:
        done = ready(doc)
        if done is not None:
            if group:
                yield False, group
                group, size = [], 0
            yield True, [done]
            continue
        if group and size + len(doc.text) > max_chars:
            yield False, group
            group, size = [], 0
        group.append(doc)
        size += len(doc.text)
        if len(group) >= max_documents:
            yield False, group
            group, size = [], 0
    if group:
        yield False, group


class _Done:
    """A finished result that looks like a future."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def in_order(items: Iterable[Any], submit: Callable[[Any], Any], window: int) -> Iterator[Any]:
    """Submit each item, keep at most `window` in flight, yield the results in input order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        while len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _flatten(results: Iterator[list[Processed]]) -> Iterator[Processed]:
    for processed in results:
        yield from processed


class LocalExecutor:
    """Everything in this process (the default)."""

    workers = 1

    def map(self, pipeline, documents: Iterable[Document], ready: Callable[[Document], Processed | None]
            ) -> Iterator[Processed]:
        for done, unit in groups(documents, ready):
            yield from unit if done else portable_process(pipeline, unit)

    def close(self) -> None:
        pass


# -- worker processes on this machine -------------------------------------------------------
_WORKER_PIPELINE = None
#: Processed once by each worker as it starts (builds the lazily loaded model and gazetteers).
WARM_UP_TEXT = "1954 жылғы 18 мамырда Қарағанды облысында 30-дан астам адам келді."


def _init_worker(config) -> None:
    """Pool initializer: one Pipeline (one model) per worker process, one BLAS thread each."""
    import os

    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from .runner import Pipeline

    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline(config)
    # load the model and every other shared resource now, not inside the first task
    _WORKER_PIPELINE.process(Document(doc_id="warm-up", text=WARM_UP_TEXT))
    for name in RECORD_KEYED_RESOURCES:
        _WORKER_PIPELINE.ctx._resources.pop(name, None)


def _process_in_worker(docs: list[Document]) -> list[Processed]:
    return list(portable_process(_WORKER_PIPELINE, docs))


class ProcessExecutor:
    """`workers` processes of a `concurrent.futures.ProcessPoolExecutor`; results in input order."""

    def __init__(self, workers: int, config, in_flight_per_worker: int = 2):
        from concurrent.futures import ProcessPoolExecutor

        if workers < 1:
            raise ValueError(f"--workers must be at least 1, not {workers}")
        self.workers = workers
        self.window = workers * in_flight_per_worker
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(config,))

    def map(self, pipeline, documents, ready) -> Iterator[Processed]:
        def submit(unit):
            done, items = unit
            return _Done(items) if done else self.pool.submit(_process_in_worker, items)

        return _flatten(in_order(groups(documents, ready), submit, self.window))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# -- a Dask cluster -----------------------------------------------------------------------------
#: Pipelines built on this (Dask worker) process, by config fingerprint.
_DASK_PIPELINES: dict[str, Any] = {}


def process_on_dask_worker(config, docs: list[Document]) -> list[Processed]:
    """The task a Dask worker runs: the per-document pipeline, built once per worker process."""
    key = config_fingerprint(config)
    if key not in _DASK_PIPELINES:
        _init_worker(config)
        _DASK_PIPELINES[key] = _WORKER_PIPELINE
    return list(portable_process(_DASK_PIPELINES[key], docs))


class DaskUnavailable(UsageError):
    """`--dask` without the optional `dask[distributed]` package, or no scheduler at the address."""


class DaskExecutor:
    """The per-document pipeline as tasks on a `dask.distributed` cluster (`dask scheduler` +
    `dask worker` processes, docs/scale.md); results come back to this process in input order."""

    def __init__(self, address, config, in_flight_per_worker: int = 2, timeout: float = 10):
        try:
            from distributed import Client
        except ImportError:
            raise DaskUnavailable("--dask needs the dask extra: pip install 'jazba[dask]'") from None
        try:
            # `address` may also be a distributed.LocalCluster (tests, library use)
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise DaskUnavailable(f"--dask {address}: no Dask scheduler reachable ({exc})") from None
        self.config = config
        n = len(self.client.scheduler_info().get("workers", {})) or 1
        self.workers = n
        self.window = n * in_flight_per_worker

    def map(self, pipeline, documents, ready) -> Iterator[Processed]:
        def submit(unit):
            done, items = unit
            if done:
                return _Done(items)
            return self.client.submit(process_on_dask_worker, self.config, items, pure=False)

        return _flatten(in_order(groups(documents, ready), submit, self.window))

    def close(self) -> None:
        self.client.close()
