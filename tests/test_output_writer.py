"""pipeline.output.OutputWriter: per-document partial files, atomic commit, nothing clobbered, normal modes."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from pipeline.errors import NoDocumentsError, OutputError
from pipeline.output import OutputWriter, check_output_dir, write_run
from pipeline.records import Document, Record


def _doc(doc_id: str, text: str = "1954 жылғы 18 мамырда") -> Document:
    doc = Document(doc_id=doc_id, text=text, path=f"{doc_id}.txt")
    doc.records.append(Record(doc_id=doc_id, label="DATE", start=0, end=len(text), text=text))
    return doc


def _lines(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


def test_add_then_commit_writes_every_file(tmp_path):
    out = tmp_path / "out"
    writer = OutputWriter(out)
    assert not out.exists(), "constructing the writer must create nothing"
    writer.add(_doc("a"))
    assert [d["doc_id"] for d in _lines(out / "documents.jsonl.partial")] == ["a"]  # flushed per document
    writer.add(_doc("b"))
    paths = writer.commit(alignments=[{"type": "entity"}], telegrams=[])
    assert [r["doc_id"] for r in _lines(paths["records"])] == ["a", "b"]
    assert [d["doc_id"] for d in _lines(paths["documents"])] == ["a", "b"]
    assert _lines(paths["alignments"]) == [{"type": "entity"}]
    assert paths["telegrams"].read_text() == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["records.jsonl", "documents.jsonl", "alignments.jsonl", "telegrams.jsonl"])  # no partial, no temp


def test_commit_with_final_documents_uses_them(tmp_path):
    writer = OutputWriter(tmp_path)
    doc = _doc("a")
    writer.add(doc)
    doc.records[0].entity_id = "a:DATE:1"  # a corpus stage changed it after add
    paths = writer.commit(documents=[doc])
    assert _lines(paths["records"])[0]["entity_id"] == "a:DATE:1"


def test_no_document_writes_nothing_and_keeps_earlier_outputs(tmp_path):
    write_run(type("R", (), {"documents": [_doc("old")], "alignments": [], "telegrams": []})(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    writer = OutputWriter(tmp_path)
    with pytest.raises(NoDocumentsError, match="nothing written"):
        writer.commit()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    fresh = tmp_path / "fresh"
    with pytest.raises(NoDocumentsError):
        OutputWriter(fresh).commit(documents=[])
    assert not fresh.exists()


def test_failure_before_commit_keeps_old_outputs_and_finished_documents(tmp_path):
    write_run(type("R", (), {"documents": [_doc("old")], "alignments": [], "telegrams": []})(), tmp_path)
    old_records = (tmp_path / "records.jsonl").read_bytes()
    with pytest.raises(RuntimeError):
        with OutputWriter(tmp_path) as writer:
            writer.add(_doc("new1"))
            raise RuntimeError("pipeline crashed on the second document")
    assert (tmp_path / "records.jsonl").read_bytes() == old_records
    assert [d["doc_id"] for d in _lines(tmp_path / "documents.jsonl.partial")] == ["new1"]
    resumed = OutputWriter(tmp_path, resume=True)
    assert [d["doc_id"] for d in resumed.finished_documents()] == ["new1"]
    resumed.add(_doc("new2"))
    paths = resumed.commit()
    assert [d["doc_id"] for d in _lines(paths["documents"])] == ["new1", "new2"]


def test_killed_run_keeps_finished_documents(tmp_path):
    """A real SIGKILL between documents: the old outputs stand, the finished document is in the partial file."""
    out = tmp_path / "out"
    write_run(type("R", (), {"documents": [_doc("old")], "alignments": [], "telegrams": []})(), out)
    code = textwrap.dedent(f"""
        import os, signal
        from pipeline.output import OutputWriter
        from pipeline.records import Document
        w = OutputWriter({str(out)!r})
        w.add(Document(doc_id="done", text="x"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert proc.returncode == -9
    assert [d["doc_id"] for d in _lines(out / "documents.jsonl")] == ["old"]
    assert [d["doc_id"] for d in _lines(out / "documents.jsonl.partial")] == ["done"]


def test_files_have_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        paths = OutputWriter(tmp_path / "out")
        paths.add(_doc("a"))
        written = paths.commit()
    finally:
        os.umask(old)
    for path in written.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


@pytest.mark.parametrize("make_bad,problem", [
    (lambda p: p.write_text("x"), "not a directory"),
    (lambda p: (p.parent / "blocker").write_text("x") or None, "is a file"),
    (lambda p: (p / "records.jsonl").mkdir(parents=True), "is a directory"),
])
def test_unusable_out_is_refused_before_any_work(tmp_path, make_bad, problem):
    out = tmp_path / "out"
    make_bad(out)
    target = tmp_path / "blocker" / "out" if problem == "is a file" else out
    with pytest.raises(OutputError, match=problem):
        check_output_dir(target)


def test_read_only_file_system_is_refused():
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc")
    with pytest.raises(OutputError, match="cannot"):
        check_output_dir("/proc/self/jazba-out")
