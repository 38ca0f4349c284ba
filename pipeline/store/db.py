"""`Store`: the SQLite annotation store that runs write to and reviews and exports read from.

One file, many writers: WAL journal, a generous busy timeout and one short `BEGIN IMMEDIATE`
transaction per write, so concurrent `jazba run`s queue instead of corrupting each other and a
killed process leaves the database as it was before its last unfinished write.

The rule that matters: a pipeline run replaces a document's *machine* spans and never touches
what a human did (reviewed spans, reviewed regions, review tasks).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import OutputError
from ..records import Document, Record
from . import schema

#: Where the store lives unless `--store PATH` or `JAZBA_STORE` says otherwise.
DEFAULT_STORE = Path("annotations") / "jazba.db"
STATUSES = ("all", "machine", "reviewed")


class StoreError(OutputError):
    """The store file is unusable or a write was refused; the message names the file."""


def default_store_path() -> Path:
    return Path(os.environ.get("JAZBA_STORE") or DEFAULT_STORE)


def content_hash(text: str) -> str:
    """sha256 of the decoded text: the identity of a document's content, whatever its file name."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class StoredDocument:
    """A document row without its text (cheap to list); `Store.get_document` gives the text."""

    doc_id: str
    content_hash: str
    path: str | None
    lang: str
    encoding: str | None
    n_chars: int
    sentences: list[tuple[int, int]] = field(default_factory=list)
    updated_at: float = 0.0


@dataclass
class ReviewTask:
    """One context pushed to Label Studio; keyed on (content_hash, start, end, project)."""

    doc_id: str
    content_hash: str
    start: int
    end: int
    project: str
    ls_task_id: int | None = None
    ls_project_id: int | None = None
    status: str = "pushed"
    pushed_at: float | None = None
    record_ids: list[str] = field(default_factory=list)


@dataclass
class Review:
    """A region [start, end) of a document that a human reviewed, with provenance."""

    review_id: int
    doc_id: str
    start: int
    end: int
    annotator: str | None
    reviewed_at: str | None
    lead_time: float | None
    ls_task_id: int | None


_SPAN_COLUMNS = (
    'record_id, doc_id, label, start, "end", text, norm, confidence, source, lang, subtype, '
    "entity_id, status"
)


try:  # stored JSON is read back hundreds of thousands of times per export: orjson is ~3x faster
    import orjson

    _LONG_DIGITS = re.compile(r"\d{19}")

    def _loads(data: str) -> Any:
        # orjson turns integers beyond 64 bits into floats; the json module keeps them exact
        return json.loads(data) if _LONG_DIGITS.search(data) else orjson.loads(data)
except ImportError:  # pragma: no cover
    _loads = json.loads

_new_record = object.__new__
#: The fast path below fills exactly these fields; if `Record` ever grows one, use `__init__`.
_FAST_RECORDS = tuple(Record.__dataclass_fields__) == (
    "doc_id", "label", "start", "end", "text", "norm", "confidence", "source", "lang", "subtype",
    "entity_id", "status", "id",
)


def _record_from_row(row: tuple) -> Record:
    """A `Record` from a stored row. Stored rows are complete (the id is stored too), so the
    dataclass `__init__` is skipped: exports build hundreds of thousands of these."""
    rid, doc_id, label, start, end, text, norm, conf, source, lang, subtype, entity_id, status = row
    fields = dict(
        doc_id=doc_id, label=label, start=start, end=end, text=text, norm=_loads(norm) if norm != "{}" else {},
        confidence=conf, source=source, lang=lang, subtype=subtype, entity_id=entity_id,
        status=status, id=rid,
    )
    if not _FAST_RECORDS:
        return Record(**fields)
    rec = _new_record(Record)
    rec.__dict__ = fields
    return rec


def overlaps(start: int, end: int, regions: list[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in regions)


def _model_version(config: Any) -> str | None:
    """`lang_name-version+<meta hash>` of the spaCy NER model the run used, if we can find it.

    The hash of meta.json (which holds the training scores and time) tells two trainings of
    the same version apart; stanza runs are recorded as "stanza".
    """
    if getattr(config, "backend", "spacy") == "stanza":
        return "stanza"
    components = getattr(config, "components", None)
    if components is not None and "kk.ner" not in components:
        return None
    try:
        from ..ner.model import find_model

        meta_path = find_model(getattr(config, "model_path", None)) / "meta.json"
        raw = meta_path.read_bytes()
        data = json.loads(raw)
    except Exception:  # no model (rules-only run) or an unreadable one: nothing to record
        return None
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return f"{data.get('lang', '')}_{data.get('name', 'model')}-{data.get('version', '?')}+{digest}"


class Store:
    """The annotation store at `path` (default: `$JAZBA_STORE` or `annotations/jazba.db`)."""

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 60.0):
        self.path = Path(path) if path is not None else default_store_path()
        self.timeout = timeout
        self._local = threading.local()
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.migrated_from = schema.migrate(self._db(), str(self.path))

    # -- connection ---------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        """This thread's (and process's: a forked child must not reuse its parent's) connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            return conn
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL" if mode == "wal" else "PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite store ({exc})") from exc
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            conn.close()
        self._local.conn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self) -> "_Transaction":
        return _Transaction(self._db(), self.path)

    def schema_version(self) -> int:
        return self._db().execute("PRAGMA user_version").fetchone()[0]

    def integrity_check(self) -> str:
        return self._db().execute("PRAGMA integrity_check").fetchone()[0]

    # -- runs -------------------------------------------------------------------------------------
    def save_run(self, result: Any, model_version: str | None = None) -> int:
        """Store a `RunResult`; return its run id.

        Each document's machine spans are replaced by this run's; reviewed spans and reviews stay.
        A document whose text changed under the same doc_id while it has reviews is kept under
        `doc_id@<old hash>` so no human work is lost or left pointing at the wrong offsets.
        """
        from .. import __version__

        config = getattr(result, "config", None)
        config_json = json.dumps(asdict(config) if config is not None else {}, ensure_ascii=False, default=str)
        now = time.time()
        with self._write() as db:
            run_id = db.execute(
                "INSERT INTO runs (started_at, finished_at, jazba_version, model_version, config, n_documents) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (getattr(result, "started_at", now), now, __version__,
                 model_version or _model_version(config), config_json, len(result.documents)),
            ).lastrowid
            for doc in result.documents:
                self._save_document(db, doc, now)
                db.execute("DELETE FROM spans WHERE doc_id = ? AND status = 'machine'", (doc.doc_id,))
                db.executemany(
                    'INSERT INTO spans (doc_id, run_id, status, record_id, label, start, "end", text, '
                    "norm, confidence, source, lang, subtype, entity_id) "
                    "VALUES (?, ?, 'machine', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (doc.doc_id, run_id, r.id, r.label, r.start, r.end, r.text,
                         json.dumps(r.norm, ensure_ascii=False), r.confidence, r.source, r.lang,
                         r.subtype, r.entity_id)
                        for r in doc.records if r.status != "reviewed"
                    ],
                )
            self._save_entities(db, run_id, result.records())
            db.executemany(
                "INSERT INTO alignments (run_id, data) VALUES (?, ?)",
                [(run_id, json.dumps(a, ensure_ascii=False, default=str)) for a in result.alignments],
            )
            db.executemany(
                "INSERT INTO telegrams (run_id, doc_id, side, data) VALUES (?, ?, ?, ?)",
                [(run_id, t.get("doc_id"), t.get("side"), json.dumps(t, ensure_ascii=False, default=str))
                 for t in getattr(result, "telegrams", [])],
            )
        return run_id

    # -- per-document pipeline output, for `jazba run --resume` ---------------------------------
    def save_processed(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Store `(content_hash, fingerprint, doc_id, payload JSON)` rows in one transaction
        (replacing rows with the same hash and fingerprint)."""
        now = time.time()
        with self._write() as db:
            db.executemany(
                "INSERT OR REPLACE INTO processed_documents (content_hash, fingerprint, doc_id, payload, saved_at) "
                "VALUES (?, ?, ?, ?, ?)", [(*row, now) for row in rows])

    def processed(self, digest: str, fingerprint: str) -> tuple[str, str] | None:
        """`(doc_id, payload JSON)` saved for this content hash and fingerprint, or None."""
        row = self._db().execute(
            "SELECT doc_id, payload FROM processed_documents WHERE content_hash = ? AND fingerprint = ?",
            (digest, fingerprint)).fetchone()
        return (row[0], row[1]) if row else None

    def _save_document(self, db: sqlite3.Connection, doc: Document, now: float) -> None:
        digest = content_hash(doc.text)
        old = db.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc.doc_id,)).fetchone()
        sentences = json.dumps([list(s) for s in doc.sentences])
        if old is None:
            db.execute(
                "INSERT INTO documents (doc_id, content_hash, path, lang, encoding, text, added_at, "
                "updated_at, sentences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.doc_id, digest, doc.path, doc.lang, doc.encoding, doc.text, now, now, sentences),
            )
            return
        if old[0] != digest:
            has_reviews = db.execute("SELECT 1 FROM reviews WHERE doc_id = ? LIMIT 1", (doc.doc_id,)).fetchone()
            if has_reviews:
                self._archive_document(db, doc.doc_id, old[0], now)
                self._save_document(db, doc, now)
                return
            db.execute("DELETE FROM spans WHERE doc_id = ?", (doc.doc_id,))
        db.execute(
            "UPDATE documents SET content_hash = ?, path = ?, lang = ?, encoding = ?, text = ?, "
            "updated_at = ?, sentences = ? WHERE doc_id = ?",
            (digest, doc.path, doc.lang, doc.encoding, doc.text, now, sentences, doc.doc_id),
        )

    @staticmethod
    def _archive_document(db: sqlite3.Connection, doc_id: str, old_hash: str, now: float) -> None:
        """Move a changed document and its human work to `doc_id@hash8` (machine spans are dropped)."""
        archived = f"{doc_id}@{old_hash[:8]}"
        db.execute("DELETE FROM spans WHERE doc_id = ? AND status = 'machine'", (doc_id,))
        db.execute(
            "INSERT OR REPLACE INTO documents (doc_id, content_hash, path, lang, encoding, text, "
            "added_at, updated_at, sentences) SELECT ?, content_hash, path, lang, encoding, text, "
            "added_at, ?, sentences FROM documents WHERE doc_id = ?",
            (archived, now, doc_id),
        )
        for table in ("spans", "reviews", "review_tasks"):
            db.execute(f"UPDATE {table} SET doc_id = ? WHERE doc_id = ?", (archived, doc_id))
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    @staticmethod
    def _save_entities(db: sqlite3.Connection, run_id: int, records: Iterable[Record]) -> None:
        groups: dict[str, list[Record]] = {}
        for rec in records:
            if rec.entity_id:
                groups.setdefault(rec.entity_id, []).append(rec)
        db.executemany(
            "INSERT OR REPLACE INTO entities (entity_id, run_id, label, norm, n_mentions) VALUES (?, ?, ?, ?, ?)",
            [
                (eid, run_id, recs[0].label,
                 json.dumps(max(recs, key=lambda r: len(r.norm)).norm, ensure_ascii=False), len(recs))
                for eid, recs in groups.items()
            ],
        )

    def runs(self) -> list[dict[str, Any]]:
        cols = ("run_id", "started_at", "finished_at", "jazba_version", "model_version", "config", "n_documents")
        rows = self._db().execute(f"SELECT {', '.join(cols)} FROM runs ORDER BY run_id").fetchall()
        out = []
        for row in rows:
            run = dict(zip(cols, row))
            run["config"] = json.loads(run["config"] or "{}")
            out.append(run)
        return out

    def entities(self) -> list[dict[str, Any]]:
        rows = self._db().execute(
            "SELECT entity_id, run_id, label, norm, n_mentions FROM entities ORDER BY entity_id"
        ).fetchall()
        return [
            {"entity_id": e, "run_id": r, "label": l, "norm": json.loads(n), "n_mentions": m}
            for e, r, l, n, m in rows
        ]

    def alignments(self, run_id: int | None = None) -> list[dict]:
        """The alignments of `run_id` (default: the latest run that produced any)."""
        db = self._db()
        if run_id is None:
            row = db.execute("SELECT max(run_id) FROM alignments").fetchone()
            run_id = row[0]
        rows = db.execute("SELECT data FROM alignments WHERE run_id = ? ORDER BY alignment_id", (run_id,))
        return [json.loads(d) for (d,) in rows]

    def telegrams(self) -> list[dict]:
        """The latest telegram row of every document (rows of `telegrams.jsonl`, from whichever run
        last processed that document), in document order."""
        rows = self._db().execute(
            "SELECT t.data FROM telegrams t JOIN (SELECT doc_id, max(run_id) AS run_id FROM telegrams "
            "GROUP BY doc_id) last ON t.doc_id IS last.doc_id AND t.run_id = last.run_id "
            "ORDER BY t.doc_id, t.telegram_id"
        ).fetchall()
        return [json.loads(d) for (d,) in rows]

    # -- documents ------------------------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        rows = self._db().execute(
            "SELECT doc_id, content_hash, path, lang, encoding, length(text), sentences, updated_at "
            "FROM documents ORDER BY doc_id"
        ).fetchall()
        return [self._stored(row) for row in rows]

    @staticmethod
    def _stored(row: tuple) -> StoredDocument:
        doc_id, digest, path, lang, encoding, n, sentences, updated = row
        return StoredDocument(doc_id, digest, path, lang, encoding, n,
                              [tuple(s) for s in json.loads(sentences)], updated)

    def document_by_hash(self, digest: str) -> StoredDocument | None:
        row = self._db().execute(
            "SELECT doc_id, content_hash, path, lang, encoding, length(text), sentences, updated_at "
            "FROM documents WHERE content_hash = ? ORDER BY updated_at DESC LIMIT 1",
            (digest,),
        ).fetchone()
        return self._stored(row) if row else None

    def get_document(self, doc_id: str, status: str = "all") -> Document:
        """The document with its text and `spans(doc_id, status)` as records."""
        row = self._db().execute(
            "SELECT doc_id, path, encoding, lang, text, sentences FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"{self.path}: no document {doc_id!r} in the store")
        doc = Document(doc_id=row[0], path=row[1] or "", encoding=row[2] or "", lang=row[3], text=row[4],
                       sentences=[tuple(s) for s in json.loads(row[5])])
        doc.records = self.spans(doc_id, status)
        return doc

    def iter_documents(self, status: str = "all", batch: int = 500) -> Iterator[Document]:
        """Every document with its spans, streamed in doc_id order (exports use this)."""
        _check_status(status)
        db = self._db()
        last = ""
        while True:
            rows = db.execute(
                "SELECT doc_id, path, encoding, lang, text, sentences FROM documents WHERE doc_id > ? "
                "ORDER BY doc_id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            first, last = rows[0][0], rows[-1][0]
            spans = self._spans_between(first, last, status)
            for doc_id, path, encoding, lang, text, sentences in rows:
                doc = Document(doc_id=doc_id, path=path or "", encoding=encoding or "", lang=lang, text=text,
                               sentences=[tuple(s) for s in _loads(sentences)])
                doc.records = spans.get(doc_id, [])
                yield doc

    # -- spans ------------------------------------------------------------------------------------
    def spans(self, doc_id: str | None = None, status: str = "all") -> list[Record]:
        """Records of one document (or all), by status; see the module docs for what "all" means."""
        _check_status(status)
        if doc_id is None:
            by_doc = self._spans_between("", "\U0010ffff", status)
            return [r for d in sorted(by_doc) for r in by_doc[d]]
        return self._spans_between(doc_id, doc_id, status).get(doc_id, [])

    def _spans_between(self, first: str, last: str, status: str) -> dict[str, list[Record]]:
        db = self._db()
        in_range = "doc_id BETWEEN ? AND ?"
        where, args = in_range, [first, last]
        if status != "all":
            where += " AND status = ?"
            args.append(status)
        rows = db.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY doc_id, start, \"end\", label", args
        ).fetchall()
        regions: dict[str, list[tuple[int, int]]] = {}
        if status == "all":
            for d, s, e in db.execute(
                f'SELECT doc_id, start, "end" FROM reviews WHERE {in_range}', (first, last)
            ):
                regions.setdefault(d, []).append((s, e))
        out: dict[str, list[Record]] = {}
        for row in rows:
            rec = _record_from_row(row)
            if rec.status == "machine" and rec.doc_id in regions and overlaps(rec.start, rec.end, regions[rec.doc_id]):
                continue  # superseded by what a human decided about this region
            out.setdefault(rec.doc_id, []).append(rec)
        return out

    def span_provenance(self, record_id: str) -> dict[str, Any] | None:
        """Who reviewed a reviewed span, when, how long it took, which prediction it corrected."""
        row = self._db().execute(
            "SELECT s.status, s.corrected_id, r.review_id, r.annotator, r.reviewed_at, r.lead_time, r.ls_task_id "
            "FROM spans s LEFT JOIN reviews r ON s.review_id = r.review_id WHERE s.record_id = ? "
            "ORDER BY s.status DESC LIMIT 1",
            (record_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("status", "corrected", "review_id", "annotator", "reviewed_at", "lead_time", "ls_task_id")
        return dict(zip(keys, row))

    # -- reviews --------------------------------------------------------------------------------
    def save_review(
        self,
        doc_id: str,
        start: int,
        end: int,
        records: list[Record],
        annotator: str | None,
        reviewed_at: str | None,
        lead_time: float | None = None,
        ls_task_id: int | None = None,
        corrected: dict[str, str] | None = None,
    ) -> int:
        """Store a human review of [start, end) of `doc_id`; return the review id.

        The records become reviewed spans (an empty list says "nothing to annotate here").
        Saving the same (doc_id, start, end, ls_task_id) again replaces that review.
        """
        corrected = corrected or {}
        with self._write() as db:
            row = db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(f"{self.path}: no document {doc_id!r} in the store")
            text = row[0]
            if not (0 <= start < end <= len(text)):
                raise ValueError(f"{doc_id}: review region {start}:{end} outside the text (length {len(text)})")
            for rec in records:
                if not (start <= rec.start < rec.end <= end) or text[rec.start:rec.end] != rec.text:
                    raise ValueError(
                        f"{doc_id}: reviewed {rec.label} {rec.start}:{rec.end} {rec.text!r} is not inside "
                        f"{start}:{end} or does not match the text {text[rec.start:rec.end]!r}"
                    )
            old = db.execute(
                'SELECT review_id FROM reviews WHERE doc_id = ? AND start = ? AND "end" = ? AND ls_task_id IS ?',
                (doc_id, start, end, ls_task_id),
            ).fetchall()
            for (rid,) in old:
                db.execute("DELETE FROM spans WHERE review_id = ?", (rid,))
                db.execute("DELETE FROM reviews WHERE review_id = ?", (rid,))
            review_id = db.execute(
                'INSERT INTO reviews (doc_id, start, "end", annotator, reviewed_at, lead_time, ls_task_id, saved_at) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, start, end, annotator, reviewed_at, lead_time, ls_task_id, time.time()),
            ).lastrowid
            db.executemany(
                'INSERT INTO spans (doc_id, status, record_id, label, start, "end", text, norm, confidence, '
                "source, lang, subtype, entity_id, annotator, review_id, corrected_id) "
                "VALUES (?, 'reviewed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, r.id, r.label, r.start, r.end, r.text, json.dumps(r.norm, ensure_ascii=False),
                     r.confidence, r.source or f"review:{annotator or 'unknown'}", r.lang, r.subtype,
                     r.entity_id, annotator, review_id, corrected.get(r.id))
                    for r in records
                ],
            )
        return review_id

    def reviews(self, doc_id: str | None = None) -> list[Review]:
        sql = 'SELECT review_id, doc_id, start, "end", annotator, reviewed_at, lead_time, ls_task_id FROM reviews'
        args: tuple = ()
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            args = (doc_id,)
        return [Review(*row) for row in self._db().execute(sql + " ORDER BY doc_id, start", args)]

    def reviewed_regions(self, doc_id: str) -> list[tuple[int, int]]:
        return [(r.start, r.end) for r in self.reviews(doc_id)]

    # -- review tasks -----------------------------------------------------------------------------
    def add_review_tasks(self, tasks: Iterable[ReviewTask]) -> None:
        """Record pushed contexts; a task with the same key replaces the old row (idempotent push)."""
        now = time.time()
        with self._write() as db:
            db.executemany(
                'INSERT OR REPLACE INTO review_tasks (content_hash, start, "end", project, doc_id, ls_task_id, '
                "ls_project_id, status, pushed_at, record_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (t.content_hash, t.start, t.end, t.project, t.doc_id, t.ls_task_id, t.ls_project_id,
                     t.status, t.pushed_at if t.pushed_at is not None else now, json.dumps(t.record_ids))
                    for t in tasks
                ],
            )

    _TASK_COLUMNS = 'doc_id, content_hash, start, "end", project, ls_task_id, ls_project_id, status, pushed_at, record_ids'

    @staticmethod
    def _task(row: tuple) -> ReviewTask:
        *head, record_ids = row
        return ReviewTask(*head, record_ids=json.loads(record_ids))

    def review_tasks(self, project: str | None = None, doc_id: str | None = None,
                     status: str | None = None) -> list[ReviewTask]:
        clauses, args = [], []
        for column, value in (("project", project), ("doc_id", doc_id), ("status", status)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db().execute(
            f"SELECT {self._TASK_COLUMNS} FROM review_tasks{where} ORDER BY doc_id, start", args
        )
        return [self._task(r) for r in rows]

    def pushed_task(self, digest: str, start: int, end: int, project: str) -> ReviewTask | None:
        row = self._db().execute(
            f'SELECT {self._TASK_COLUMNS} FROM review_tasks WHERE content_hash = ? AND start = ? AND "end" = ? '
            "AND project = ?",
            (digest, start, end, project),
        ).fetchone()
        return self._task(row) if row else None

    def set_review_task_status(self, ls_task_id: int, project: str, status: str) -> None:
        with self._write() as db:
            db.execute("UPDATE review_tasks SET status = ? WHERE ls_task_id = ? AND project = ?",
                       (status, ls_task_id, project))


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")


class _Transaction:
    """`with store._write() as db:` -- BEGIN IMMEDIATE (take the write lock up front, wait for it
    up to the busy timeout), COMMIT on success, ROLLBACK on any exception."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db, self.path = db, path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: could not lock the store for writing ({exc})") from exc
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")
