"""The SQLite store: runs in, records out; a pipeline re-run never overwrites or drops human work."""
from __future__ import annotations

import sqlite3

import pytest

from pipeline.records import Document, Record
from pipeline.runner import RunConfig, RunResult
from pipeline.store import SCHEMA_VERSION, ReviewTask, Store, StoreError, content_hash

TEXT = (
    "1951 жылғы 12 қазанда Қарағанды облысындағы бөлімшеде 40-қа жуық тұтқын жұмысқа шықпады. "
    "Бөлімше бастығы Сидоренко бұл туралы ІІМ басқармасына хабарлады."
)


def rec(doc: Document, label: str, surface: str, **kw) -> Record:
    start = doc.text.index(surface)
    return Record(doc_id=doc.doc_id, label=label, start=start, end=start + len(surface), text=surface, **kw)


def machine_run(text: str = TEXT, doc_id: str = "karaganda") -> RunResult:
    doc = Document(doc_id=doc_id, text=text, path=f"in/{doc_id}.txt")
    doc.records = [
        rec(doc, "DATE", "1951 жылғы 12 қазанда", norm={"iso": "1951-10-12", "year_inferred": False},
            source="rules:dates", confidence=0.95),
        rec(doc, "PLACE", "Қарағанды", norm={"ru": "Караганда", "kk": "Қарағанды"}, source="gazetteer", confidence=0.6),
        rec(doc, "NUMBER", "40-қа жуық", norm={"value": 40, "qualifier": "about", "unit": None},
            source="rules:numbers", confidence=0.9),
        rec(doc, "PERSON", "Сидоренко", norm={"ru": "Сидоренко", "surname": "Сидоренко"}, source="model:spacy",
            confidence=0.4, entity_id="E1"),
        rec(doc, "ORG", "ІІМ", source="model:spacy", confidence=0.5),
    ]
    doc.sentences = [(0, TEXT.index(". ") + 1), (TEXT.index("Бөлімше"), len(TEXT))]
    return RunResult(documents=[doc], config=RunConfig(components=["kk.dates"], stages=[]))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "jazba.db") as s:
        yield s


def test_new_store_has_current_schema(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.integrity_check() == "ok"
    mode = store._db().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_save_run_round_trips_records(store):
    result = machine_run()
    run_id = store.save_run(result)
    assert run_id == 1
    stored = store.spans("karaganda", "machine")
    assert [r.to_dict() for r in stored] == [r.to_dict() for r in sorted(result.records(), key=lambda r: r.start)]
    doc = store.get_document("karaganda")
    assert doc.text == TEXT and doc.path == "in/karaganda.txt" and doc.sentences == result.documents[0].sentences
    for r in doc.records:
        assert doc.text[r.start:r.end] == r.text
    [listed] = store.documents()
    assert listed.content_hash == content_hash(TEXT) and listed.n_chars == len(TEXT)
    assert store.document_by_hash(content_hash(TEXT)).doc_id == "karaganda"
    run = store.runs()[0]
    assert run["jazba_version"] and run["config"]["components"] == ["kk.dates"] and run["n_documents"] == 1
    assert store.entities() == [{"entity_id": "E1", "run_id": 1, "label": "PERSON",
                                 "norm": {"ru": "Сидоренко", "surname": "Сидоренко"}, "n_mentions": 1}]


def test_rerun_replaces_machine_spans_only(store):
    store.save_run(machine_run())
    second = machine_run()
    second.documents[0].records = second.documents[0].records[:2]  # the new run finds less
    store.save_run(second)
    assert [r.label for r in store.spans("karaganda", "machine")] == ["DATE", "PLACE"]
    assert len(store.runs()) == 2


def test_reviewed_annotation_survives_rerun(store):
    """The issue's acceptance test: a human correction is never overwritten or dropped by a run."""
    result = machine_run()
    store.save_run(result)
    doc = result.documents[0]
    s_start, s_end = doc.sentences[1]
    # The reviewer keeps the person (as reviewed), relabels ІІМ's span to the whole organisation,
    # and the machine ORG prediction it corrected is recorded.
    person = rec(doc, "PERSON", "Сидоренко", status="reviewed", norm={"ru": "Сидоренко"})
    org = rec(doc, "ORG", "ІІМ басқармасына", status="reviewed")
    machine_org = next(r for r in doc.records if r.label == "ORG")
    review_id = store.save_review("karaganda", s_start, s_end, [person, org], annotator="aigerim",
                                  reviewed_at="2026-11-29T20:00:00Z", lead_time=41.5, ls_task_id=17,
                                  corrected={org.id: machine_org.id})
    assert review_id
    before = [r.to_dict() for r in store.spans("karaganda", "reviewed")]

    for _ in range(2):  # re-run twice, the machine still predicting the old spans
        store.save_run(machine_run())

    after = store.spans("karaganda", "reviewed")
    assert [r.to_dict() for r in after] == before
    assert {(r.label, r.text) for r in after} == {("PERSON", "Сидоренко"), ("ORG", "ІІМ басқармасына")}
    # "all": the reviewed sentence is the human's; the first sentence is still the machine's.
    merged = store.spans("karaganda", "all")
    assert [(r.label, r.text, r.status) for r in merged] == [
        ("DATE", "1951 жылғы 12 қазанда", "machine"),
        ("PLACE", "Қарағанды", "machine"),
        ("NUMBER", "40-қа жуық", "machine"),
        ("PERSON", "Сидоренко", "reviewed"),
        ("ORG", "ІІМ басқармасына", "reviewed"),
    ]
    prov = store.span_provenance(org.id)
    assert prov == {"status": "reviewed", "corrected": machine_org.id, "review_id": review_id,
                    "annotator": "aigerim", "reviewed_at": "2026-11-29T20:00:00Z", "lead_time": 41.5,
                    "ls_task_id": 17}


def test_deleted_span_stays_deleted_after_reruns(store):
    store.save_run(machine_run())
    s_start, s_end = machine_run().documents[0].sentences[0]
    store.save_review("karaganda", s_start, s_end, [], annotator="b", reviewed_at=None)  # "nothing here"
    store.save_run(machine_run())
    labels = [r.label for r in store.spans("karaganda", "all")]
    assert labels == ["PERSON", "ORG"]  # DATE, PLACE, NUMBER of sentence 1 were rejected
    assert len(store.spans("karaganda", "machine")) == 5  # still stored, just superseded


def test_same_task_saved_again_replaces_that_review(store):
    store.save_run(machine_run())
    doc = machine_run().documents[0]
    s, e = doc.sentences[1]
    store.save_review("karaganda", s, e, [rec(doc, "PERSON", "Сидоренко", status="reviewed")], "a", None, ls_task_id=5)
    store.save_review("karaganda", s, e, [rec(doc, "ORG", "ІІМ", status="reviewed")], "a", None, ls_task_id=5)
    assert [r.label for r in store.spans("karaganda", "reviewed")] == ["ORG"]
    assert len(store.reviews("karaganda")) == 1
    # another task over the same region (a second annotator) is kept alongside
    store.save_review("karaganda", s, e, [rec(doc, "PERSON", "Сидоренко", status="reviewed")], "b", None, ls_task_id=6)
    assert sorted(r.label for r in store.spans("karaganda", "reviewed")) == ["ORG", "PERSON"]


def test_save_review_rejects_bad_spans(store):
    store.save_run(machine_run())
    doc = machine_run().documents[0]
    s, e = doc.sentences[1]
    wrong_text = Record("karaganda", "PERSON", s, s + 4, "XXXX", status="reviewed")
    with pytest.raises(ValueError, match="does not match"):
        store.save_review("karaganda", s, e, [wrong_text], "a", None)
    outside = rec(doc, "DATE", "1951 жылғы 12 қазанда", status="reviewed")
    with pytest.raises(ValueError, match="not inside"):
        store.save_review("karaganda", s, e, [outside], "a", None)
    with pytest.raises(KeyError, match="no document"):
        store.save_review("missing", 0, 1, [], "a", None)
    assert store.reviews() == []  # nothing half-saved


def test_changed_text_keeps_reviews_under_archived_id(store):
    store.save_run(machine_run())
    doc = machine_run().documents[0]
    s, e = doc.sentences[1]
    store.save_review("karaganda", s, e, [rec(doc, "PERSON", "Сидоренко", status="reviewed")], "a", None)
    edited = "Түзетілген нұсқа. " + TEXT
    store.save_run(machine_run(text=edited))
    ids = [d.doc_id for d in store.documents()]
    archived = f"karaganda@{content_hash(TEXT)[:8]}"
    assert ids == ["karaganda", archived]
    old = store.get_document(archived, "reviewed")
    assert old.text == TEXT and [r.text for r in old.records] == ["Сидоренко"]
    assert old.text[old.records[0].start:old.records[0].end] == "Сидоренко"
    assert store.spans("karaganda", "reviewed") == []
    assert store.get_document("karaganda").text == edited


def test_review_task_bookkeeping(store):
    store.save_run(machine_run())
    digest = content_hash(TEXT)
    task = ReviewTask(doc_id="karaganda", content_hash=digest, start=0, end=88, project="jazba-kk",
                      ls_task_id=101, ls_project_id=3, record_ids=["karaganda:DATE:0-21"])
    store.add_review_tasks([task])
    store.add_review_tasks([task])  # pushing again is idempotent
    assert len(store.review_tasks()) == 1
    found = store.pushed_task(digest, 0, 88, "jazba-kk")
    assert found.ls_task_id == 101 and found.record_ids == ["karaganda:DATE:0-21"] and found.pushed_at
    assert store.pushed_task(digest, 0, 88, "other-project") is None
    store.set_review_task_status(101, "jazba-kk", "reviewed")
    assert [t.ls_task_id for t in store.review_tasks(status="reviewed")] == [101]
    assert store.review_tasks(project="jazba-kk", doc_id="nope") == []
    store.save_run(machine_run())  # a run does not touch tasks
    assert store.review_tasks(status="reviewed")[0].ls_task_id == 101


def test_unknown_status_is_an_error(store):
    with pytest.raises(ValueError, match="status must be one of"):
        store.spans(status="gold")


def test_not_a_database_names_the_file(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="notes.db"):
        Store(bogus)
    assert bogus.read_text(encoding="utf-8").startswith("this is not sqlite")  # left untouched


def test_foreign_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not a jazba store"):
        Store(other)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this jazba"):
        Store(path)


def test_env_var_picks_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("JAZBA_STORE", str(tmp_path / "env" / "x.db"))
    with Store() as s:
        assert s.path == tmp_path / "env" / "x.db"
    assert (tmp_path / "env" / "x.db").exists()


def test_run_records_the_model_version(store, tmp_path):
    model = tmp_path / "tiny_model"
    model.mkdir()
    (model / "config.cfg").write_text("[nlp]\nlang = \"kk\"\n", encoding="utf-8")
    (model / "meta.json").write_text('{"lang": "kk", "name": "ner_tiny", "version": "0.2.0"}', encoding="utf-8")
    result = machine_run()
    result.config = RunConfig(components=["kk.ner"], stages=[], model_path=str(model))
    store.save_run(result)
    rules_only = machine_run()  # components without kk.ner: no model behind these spans
    store.save_run(rules_only)
    versions = [r["model_version"] for r in store.runs()]
    assert versions[0].startswith("kk_ner_tiny-0.2.0+") and len(versions[0]) == len("kk_ner_tiny-0.2.0+") + 8
    assert versions[1] is None


def test_fewer_gc_passes_raises_then_restores_the_threshold():
    """One helper serves the exports and the name rules; it never lowers a threshold or re-enables
    a collector that was switched off."""
    import gc

    from pipeline.gctuning import fewer_gc_passes

    old = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with fewer_gc_passes(50_000):
            assert gc.get_threshold() == (50_000, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(200_000, 10, 10)
        with fewer_gc_passes(50_000):
            assert gc.get_threshold() == (200_000, 10, 10)
        gc.set_threshold(0, 10, 10)
        with fewer_gc_passes(50_000):
            assert gc.get_threshold() == (0, 10, 10)
    finally:
        gc.set_threshold(*old)
