"""The store's schema as a list of migrations; `PRAGMA user_version` says which ones ran.

Never edit a migration that has shipped: add a new one. `migrate()` runs every step the file is
missing inside one transaction, so an interrupted upgrade leaves the old version intact.

    v1  documents, runs, machine + reviewed spans (reviewed spans carried their annotator)
    v2  review regions (`reviews`), review-task bookkeeping, correction provenance on spans,
        document sentences, entities and alignments per run
    v3  telegram records per run (`telegrams.jsonl` rows: Kazakh references, Russian headers)
    v4  processed documents (per-document pipeline output by content hash + run fingerprint, for --resume)
"""
from __future__ import annotations

import sqlite3
import time
from typing import Callable

V1 = """
CREATE TABLE documents (
    doc_id       TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    path         TEXT,
    lang         TEXT NOT NULL DEFAULT 'kk',
    encoding     TEXT,
    text         TEXT NOT NULL,
    added_at     REAL NOT NULL,
    updated_at   REAL NOT NULL
);
CREATE INDEX documents_hash ON documents(content_hash);

CREATE TABLE runs (
    run_id        INTEGER PRIMARY KEY,
    started_at    REAL,
    finished_at   REAL,
    jazba_version TEXT,
    model_version TEXT,
    config        TEXT
);

CREATE TABLE spans (
    span_id    INTEGER PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id),
    run_id     INTEGER REFERENCES runs(run_id),
    status     TEXT NOT NULL CHECK (status IN ('machine', 'reviewed')),
    record_id  TEXT NOT NULL,
    label      TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    norm       TEXT NOT NULL DEFAULT '{}',
    confidence REAL NOT NULL DEFAULT 1.0,
    source     TEXT NOT NULL DEFAULT '',
    lang       TEXT NOT NULL DEFAULT 'kk',
    subtype    TEXT,
    entity_id  TEXT,
    annotator  TEXT
);
CREATE INDEX spans_doc ON spans(doc_id, status);
"""


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run `;`-separated DDL inside the caller's transaction (`executescript` would commit first)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _v2(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE reviews (
            review_id   INTEGER PRIMARY KEY,
            doc_id      TEXT NOT NULL REFERENCES documents(doc_id),
            start       INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            annotator   TEXT,
            reviewed_at TEXT,
            lead_time   REAL,
            ls_task_id  INTEGER,
            saved_at    REAL NOT NULL
        );
        CREATE INDEX reviews_doc ON reviews(doc_id);

        CREATE TABLE review_tasks (
            content_hash  TEXT NOT NULL,
            start         INTEGER NOT NULL,
            "end"         INTEGER NOT NULL,
            project       TEXT NOT NULL,
            doc_id        TEXT NOT NULL,
            ls_task_id    INTEGER,
            ls_project_id INTEGER,
            status        TEXT NOT NULL DEFAULT 'pushed',
            pushed_at     REAL,
            record_ids    TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (content_hash, start, "end", project)
        );
        CREATE INDEX review_tasks_ls ON review_tasks(ls_task_id);

        CREATE TABLE entities (
            entity_id  TEXT PRIMARY KEY,
            run_id     INTEGER REFERENCES runs(run_id),
            label      TEXT NOT NULL,
            norm       TEXT NOT NULL DEFAULT '{}',
            n_mentions INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE alignments (
            alignment_id INTEGER PRIMARY KEY,
            run_id       INTEGER NOT NULL REFERENCES runs(run_id),
            data         TEXT NOT NULL
        );

        ALTER TABLE spans ADD COLUMN review_id INTEGER REFERENCES reviews(review_id);
        ALTER TABLE spans ADD COLUMN corrected_id TEXT;
        ALTER TABLE documents ADD COLUMN sentences TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE runs ADD COLUMN n_documents INTEGER;
        """
    )
    # v1 kept reviewed spans without the region the human looked at: the span itself is the
    # only region we know was reviewed, so each becomes a one-span review.
    rows = db.execute(
        "SELECT span_id, doc_id, start, \"end\", annotator FROM spans WHERE status = 'reviewed'"
    ).fetchall()
    for span_id, doc_id, start, end, annotator in rows:
        cur = db.execute(
            "INSERT INTO reviews (doc_id, start, \"end\", annotator, saved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (doc_id, start, end, annotator, time.time()),
        )
        db.execute("UPDATE spans SET review_id = ? WHERE span_id = ?", (cur.lastrowid, span_id))


def _v1(db: sqlite3.Connection) -> None:
    _script(db, V1)


def _v3(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE telegrams (
            telegram_id INTEGER PRIMARY KEY,
            run_id      INTEGER NOT NULL REFERENCES runs(run_id),
            doc_id      TEXT,
            side        TEXT,
            data        TEXT NOT NULL
        );
        CREATE INDEX telegrams_run ON telegrams(run_id)
        """
    )


def _v4(db: sqlite3.Connection) -> None:
    # What the per-document pipeline made of a text (records before the corpus stages, sentences,
    # record-keyed context), by content hash and run fingerprint (configuration + model + jazba
    # version): `jazba run --resume` takes documents from here instead of processing them again.
    _script(
        db,
        """
        CREATE TABLE processed_documents (
            content_hash TEXT NOT NULL,
            fingerprint  TEXT NOT NULL,
            doc_id       TEXT NOT NULL,
            payload      TEXT NOT NULL,
            saved_at     REAL NOT NULL,
            PRIMARY KEY (content_hash, fingerprint)
        )
        """,
    )


#: MIGRATIONS[i] takes a database at version i to version i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: str) -> int:
    """Bring `db` up to SCHEMA_VERSION in one transaction; return the version it had before."""
    from .db import StoreError

    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: store schema version {version} is newer than this jazba understands "
                f"({SCHEMA_VERSION}); upgrade jazba"
            )
        if version == 0:
            tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if tables:
                raise StoreError(f"{path}: an SQLite database but not a jazba store (no schema version)")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](db)
        # PRAGMA cannot take parameters; the value is our own integer.
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return version
