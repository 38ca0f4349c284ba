"""`jazba run --resume`: documents the store already processed with this configuration are not redone.

Every run that writes to the store also saves, as each document finishes, what the per-document
pipeline made of it (records before the corpus stages, sentences, the record-keyed context tables
such as `review.evidence`), keyed by the text's content hash and the run's fingerprint
(`RunConfig` + NER model version + jazba version). Rows are written in small batches, each in its
own transaction, so a run killed at any moment leaves the store consistent: a document is there
completely or not at all. With `--resume`, documents found there are taken as they are; only the
others are processed; the corpus stages then run over all of them, so the outputs equal an
uninterrupted run's.
"""
from __future__ import annotations

import json
import time

from . import __version__
from .parallel import Processed, config_fingerprint
from .records import Document, Record
from .windows import rebase_records, rebase_table

#: Saved rows are written when this many documents or characters are pending, or this many seconds
#: passed (a big document, costly to redo, is saved at once).
BATCH_DOCUMENTS = 50
BATCH_CHARS = 50_000
BATCH_SECONDS = 2.0


def run_fingerprint(config) -> str:
    """What decides a document's records: the configuration, the NER model's version, jazba's."""
    from .store.db import _model_version

    return f"{config_fingerprint(config)}:{_model_version(config) or '-'}:{__version__}"


def _encode(value):
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(value)}
    raise TypeError(f"cannot save {type(value).__name__}")


def _decode(obj):
    return set(obj["__set__"]) if set(obj) == {"__set__"} else obj


def payload(doc: Document, tables: dict[str, dict]) -> str:
    """The per-document pipeline's output for `doc` as JSON."""
    return json.dumps({"sentences": [list(s) for s in doc.sentences],
                       "records": [r.to_dict() for r in doc.records],
                       "tables": tables}, ensure_ascii=False, default=_encode)


class ResumeCache:
    """Looks documents up in, and saves them to, a `pipeline.store.Store` (see the module docstring).
    `resume=False` only saves (a normal run that a later `--resume` can continue)."""

    def __init__(self, store, config, resume: bool = True):
        self.store = store
        self.fingerprint = run_fingerprint(config)
        self.resume = resume
        self._pending: list[tuple[str, str, str, str]] = []
        self._pending_chars = 0
        self._last_flush = time.monotonic()

    def lookup(self, doc: Document) -> Processed | None:
        if not self.resume:
            return None
        from .store.db import content_hash

        found = self.store.processed(content_hash(doc.text), self.fingerprint)
        if found is None:
            return None
        saved_id, raw = found
        data = json.loads(raw, object_hook=_decode)
        records = [Record.from_dict(r) for r in data["records"]]
        doc.records = rebase_records(records, saved_id, doc.doc_id, 0) if saved_id != doc.doc_id else records
        doc.sentences = [tuple(s) for s in data["sentences"]]
        tables = {name: rebase_table(t, saved_id, doc.doc_id, 0) for name, t in data["tables"].items()}
        doc.context = {"from_store": True}
        return doc, tables

    def save(self, doc: Document, tables: dict[str, dict]) -> None:
        from .store.db import content_hash

        self._pending.append((content_hash(doc.text), self.fingerprint, doc.doc_id, payload(doc, tables)))
        self._pending_chars += len(doc.text)
        if len(self._pending) >= BATCH_DOCUMENTS or self._pending_chars >= BATCH_CHARS \
                or time.monotonic() - self._last_flush >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.store.save_processed(self._pending)
            self._pending = []
            self._pending_chars = 0
        self._last_flush = time.monotonic()
