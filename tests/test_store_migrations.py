"""Opening an older store with the current code upgrades it in place and keeps every row.

The v1 schema is written out here literally (not imported), so this test keeps describing the
files that v1 really produced even if someone edits `pipeline/store/schema.py` by mistake.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from pipeline.records import Document, Record
from pipeline.runner import RunResult
from pipeline.store import SCHEMA_VERSION, Store

V1_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, path TEXT, lang TEXT NOT NULL DEFAULT 'kk',
    encoding TEXT, text TEXT NOT NULL, added_at REAL NOT NULL, updated_at REAL NOT NULL
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, started_at REAL, finished_at REAL, jazba_version TEXT,
    model_version TEXT, config TEXT
);
CREATE TABLE spans (
    span_id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    run_id INTEGER REFERENCES runs(run_id), status TEXT NOT NULL CHECK (status IN ('machine', 'reviewed')),
    record_id TEXT NOT NULL, label TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL DEFAULT '{}', confidence REAL NOT NULL DEFAULT 1.0,
    source TEXT NOT NULL DEFAULT '', lang TEXT NOT NULL DEFAULT 'kk', subtype TEXT, entity_id TEXT,
    annotator TEXT
);
CREATE INDEX spans_doc ON spans(doc_id, status);
PRAGMA user_version = 1;
"""

TEXT = "1949 жылы Балқаш маңындағы лагерьде Петренко есімді бастық 300 тұтқынды басқарды."


def span(label: str, surface: str) -> tuple[int, int, str]:
    start = TEXT.index(surface)
    return start, start + len(surface), surface


@pytest.fixture
def v1_store(tmp_path):
    """A store as jazba's schema v1 wrote it: one run, machine spans, one reviewed span."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()  # v1 hashed content as today
    db.execute("INSERT INTO documents VALUES ('balkhash', ?, 'in/balkhash.txt', 'kk', 'utf-8', ?, 1.0, 2.0)",
               (digest, TEXT))
    db.execute("INSERT INTO runs VALUES (1, 1.0, 2.0, '0.0.9', 'kk_ner-0.1', '{\"backend\": \"spacy\"}')")
    rows = [
        ("machine", "DATE", *span("DATE", "1949 жылы"), json.dumps({"iso": "1949", "year_inferred": False}), None),
        ("machine", "PLACE", *span("PLACE", "Балқаш"), json.dumps({"ru": "Балхаш"}), None),
        ("machine", "NUMBER", *span("NUMBER", "300"), json.dumps({"value": 300}), None),
        ("machine", "PERSON", *span("PERSON", "Петренко есімді"), "{}", None),
        ("reviewed", "PERSON", *span("PERSON", "Петренко"), json.dumps({"ru": "Петренко"}), "dana"),
    ]
    for status, label, start, end, text, norm, annotator in rows:
        db.execute(
            "INSERT INTO spans (doc_id, run_id, status, record_id, label, start, \"end\", text, norm, source, annotator) "
            "VALUES ('balkhash', ?, ?, ?, ?, ?, ?, ?, ?, 'old', ?)",
            (1 if status == "machine" else None, status, f"balkhash:{label}:{start}-{end}", label, start, end,
             text, norm, annotator),
        )
    db.commit()
    db.close()
    return path


def test_v1_store_upgrades_and_keeps_data(v1_store):
    with Store(v1_store) as store:
        assert store.migrated_from == 1
        assert store.schema_version() == SCHEMA_VERSION
        assert store.integrity_check() == "ok"
        doc = store.get_document("balkhash", "machine")
        assert doc.text == TEXT and doc.path == "in/balkhash.txt" and doc.sentences == []
        assert [(r.label, r.text) for r in doc.records] == [
            ("DATE", "1949 жылы"), ("PLACE", "Балқаш"), ("PERSON", "Петренко есімді"), ("NUMBER", "300")]
        assert doc.records[0].norm == {"iso": "1949", "year_inferred": False}
        [reviewed] = store.spans("balkhash", "reviewed")
        assert (reviewed.label, reviewed.text, reviewed.norm) == ("PERSON", "Петренко", {"ru": "Петренко"})
        # the v1 reviewed span became a one-span review region with its annotator ...
        [review] = store.reviews("balkhash")
        assert (review.start, review.end, review.annotator) == (reviewed.start, reviewed.end, "dana")
        # ... which supersedes the overlapping machine PERSON in "all"
        assert [(r.label, r.text, r.status) for r in store.spans("balkhash", "all")] == [
            ("DATE", "1949 жылы", "machine"), ("PLACE", "Балқаш", "machine"),
            ("PERSON", "Петренко", "reviewed"), ("NUMBER", "300", "machine")]
        [run] = store.runs()
        assert run["jazba_version"] == "0.0.9" and run["model_version"] == "kk_ner-0.1"
        assert run["config"] == {"backend": "spacy"}

        # and the upgraded store works as a current one: a new run keeps the old review
        new = Document(doc_id="balkhash", text=TEXT)
        s, e, t = span("PLACE", "Балқаш")
        new.records = [Record("balkhash", "PLACE", s, e, t)]
        store.save_run(RunResult(documents=[new]))
        assert [r.text for r in store.spans("balkhash", "reviewed")] == ["Петренко"]
        assert [r.text for r in store.spans("balkhash", "machine")] == ["Балқаш"]
    # opening again is a no-op
    with Store(v1_store) as again:
        assert again.migrated_from == SCHEMA_VERSION


def test_failed_migration_leaves_old_version(v1_store, monkeypatch):
    """An upgrade that dies half-way rolls back: the file is still a valid v1 store."""
    from pipeline.store import schema

    def broken(db):
        db.execute("CREATE TABLE reviews (x)")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError, match="disk on fire"):
        Store(v1_store)
    db = sqlite3.connect(v1_store)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM spans").fetchone()[0] == 5
    db.close()
