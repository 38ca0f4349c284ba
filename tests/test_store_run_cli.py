"""`jazba run --store` writes the store beside `--out`; `jazba export` reads it back; reviews survive re-runs.

The real pipeline runs here, minus the statistical NER component (it needs the trained model,
which `jazba train` produces; its own tests cover it): the rule components are enough to fill a store.
"""
from __future__ import annotations

import pytest

from pipeline import components
from pipeline.cli import main as jazba
from pipeline.records import Record
from pipeline.store import Store
from pipeline.store.export import read_jsonl


@pytest.fixture
def rule_pipeline(monkeypatch):
    components.load_all()
    monkeypatch.setattr(components, "DEFAULT_COMPONENTS", [c for c in components.DEFAULT_COMPONENTS if c != "kk.ner"])


@pytest.fixture
def inputs(fixtures_dir):
    return str(fixtures_dir / "store")


def test_run_writes_store_then_export_reads_it(rule_pipeline, inputs, tmp_path, capsys):
    db = tmp_path / "annotations" / "jazba.db"
    assert jazba(["run", inputs, "--out", str(tmp_path / "out"), "--store", str(db), "--quiet"]) == 0
    out_records = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert out_records, "the rule components found nothing in the fixtures"
    with Store(db) as store:
        assert [d.doc_id for d in store.documents()] == ["balkhash_1953", "karaganda_1951"]
        assert [r.to_dict() for r in store.spans(status="machine")] == sorted(
            out_records, key=lambda r: (r["doc_id"], r["start"], r["end"], r["label"]))
    assert jazba(["export", "--format", "records", "--status", "machine", "--store", str(db),
                  "--out", str(tmp_path / "export.jsonl")]) == 0
    exported = read_jsonl(tmp_path / "export.jsonl")
    assert sorted(map(str, exported)) == sorted(map(str, out_records))


def test_review_survives_cli_rerun(rule_pipeline, inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("JAZBA_STORE", str(tmp_path / "env.db"))  # no --store: the env var decides
    assert jazba(["run", inputs, "--out", str(tmp_path / "out"), "--quiet"]) == 0
    with Store() as store:
        doc = store.get_document("karaganda_1951")
        start = doc.text.index("Бөлімше бастығы")
        end = doc.text.index("басқармасына") + len("басқармасына")
        person = doc.text.index("Сидоренко")
        store.save_review("karaganda_1951", start, end,
                          [Record("karaganda_1951", "PERSON", person, person + 9, "Сидоренко", status="reviewed")],
                          annotator="aigerim", reviewed_at="2026-11-29T21:00:00Z", lead_time=12.0, ls_task_id=9)
        before = [r.to_dict() for r in store.spans("karaganda_1951", "reviewed")]
    assert jazba(["run", inputs, "--out", str(tmp_path / "out2"), "--quiet"]) == 0
    with Store() as store:
        assert [r.to_dict() for r in store.spans("karaganda_1951", "reviewed")] == before
        assert len(store.runs()) == 2
        region = [r for r in store.spans("karaganda_1951", "all") if start <= r.start < end]
        assert [(r.label, r.text, r.status) for r in region] == [("PERSON", "Сидоренко", "reviewed")]


def test_no_store_flag(rule_pipeline, inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("JAZBA_STORE", str(tmp_path / "never.db"))
    assert jazba(["run", inputs, "--out", str(tmp_path / "out"), "--no-store", "--quiet"]) == 0
    assert (tmp_path / "out" / "records.jsonl").is_file()
    assert not (tmp_path / "never.db").exists()


def test_unusable_store_is_refused_before_any_work(rule_pipeline, inputs, tmp_path, capsys):
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"\x00garbage" * 512)
    assert jazba(["run", inputs, "--out", str(tmp_path / "out"), "--store", str(bad), "--quiet"]) == 5  # EXIT_OUTPUT
    err = capsys.readouterr().err
    assert "broken.db" in err and "not an SQLite store" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()  # checked before the pipeline ran: nothing written
    assert bad.read_bytes() == b"\x00garbage" * 512
