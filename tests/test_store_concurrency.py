"""Real processes on one real store file: concurrent writers, and writers killed with SIGKILL."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.store import Store
from pipeline.store.export import export, read_jsonl
from pipeline.store.synthetic import synthetic_result

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent(
    """
    import sys
    from pipeline.records import Record
    from pipeline.store import Store
    from pipeline.store.synthetic import synthetic_result

    path, prefix, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(path, timeout=60)
    for i in range(rounds):
        result = synthetic_result(20, seed=i, prefix=f"{prefix}{i}_")
        store.save_run(result)
        doc = result.documents[0]
        s, e = doc.sentences[0]
        recs = [Record(**{**r.__dict__, "status": "reviewed"}) for r in doc.records if s <= r.start and r.end <= e]
        store.save_review(doc.doc_id, s, e, recs, prefix, None, ls_task_id=i)
    print("done", flush=True)
    """
)


def python(code: str, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_two_processes_write_concurrently(tmp_path):
    path = tmp_path / "shared.db"
    Store(path).close()
    procs = [python(WRITER, str(path), prefix, "15") for prefix in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    with Store(path) as store:
        assert store.integrity_check() == "ok"
        assert len(store.runs()) == 30
        docs = store.documents()
        assert len(docs) == 2 * 15 * 20
        assert len(store.reviews()) == 30
        # every document has exactly the spans its run wrote
        per_doc = {}
        for r in store.spans(status="machine"):
            per_doc[r.doc_id] = per_doc.get(r.doc_id, 0) + 1
        expected = {d.doc_id: len(d.records) for p in "ab" for i in range(15)
                    for d in synthetic_result(20, seed=i, prefix=f"{p}{i}_").documents}
        assert per_doc == expected


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pipeline.store import Store
    from pipeline.store.synthetic import synthetic_result

    store = Store(sys.argv[1])
    batches = [synthetic_result(400, seed=i, prefix=f"r{i}_") for i in range(3)]
    print("writing", flush=True)
    i = 0
    while True:  # keep a write transaction open most of the time until killed
        store.save_run(batches[i % 3])
        i += 1
    """
)


def test_sigkilled_writer_leaves_a_consistent_store(tmp_path):
    path = tmp_path / "killed.db"
    with Store(path) as store:
        store.save_run(synthetic_result(5, seed=99, prefix="before_"))
    proc = python(KILLED_WRITER, str(path))
    assert proc.stdout.readline().strip() == "writing"
    with Store(path) as watcher:  # wait until the child has committed a run, then kill it mid-stream
        deadline = time.monotonic() + 60
        while len(watcher.runs()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store(path) as store:
        assert store.integrity_check() == "ok"
        runs = store.runs()
        docs = {d.doc_id for d in store.documents()}
        assert {f"before_{i}" for i in range(5)} <= docs
        # a run is all or nothing: its 400 documents (and their spans) or none of them
        for i in range(3):
            batch = {d for d in docs if d.startswith(f"r{i}_")}
            assert len(batch) in (0, 400)
        spans = store.spans(status="machine")
        assert all(r.doc_id in docs for r in spans)
        assert len(runs) >= 2  # the killed process did write before it died
        # and the store takes new writes
        store.save_run(synthetic_result(3, seed=7, prefix="after_"))
        assert {"after_0", "after_1", "after_2"} <= {d.doc_id for d in store.documents()}


KILLED_EXPORT = textwrap.dedent(
    """
    import sys
    from pipeline.store import Store
    from pipeline.store.export import export
    store = Store(sys.argv[1])
    print("exporting", flush=True)
    while True:
        export(store, "docs", sys.argv[2], status="all")
    """
)


def test_sigkilled_export_leaves_the_previous_file(tmp_path):
    path = tmp_path / "export.db"
    out = tmp_path / "data" / "docs.jsonl"
    with Store(path) as store:
        store.save_run(synthetic_result(1500, seed=1))
        export(store, "docs", out, status="all")
    before = out.read_bytes()
    proc = python(KILLED_EXPORT, str(path), str(out))
    assert proc.stdout.readline().strip() == "exporting"
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert out.read_bytes() == before  # complete (the old or an identical new one), never partial
    assert len(read_jsonl(out)) == 1500
    # whatever the killed process left behind is only a hidden temp file, never the target name
    leftovers = [p.name for p in out.parent.iterdir() if p != out and not p.name.endswith((".card.json", ".card.md"))]
    assert all(name.startswith(".docs.jsonl.") and name.endswith(".tmp") for name in leftovers)


@pytest.mark.parametrize("fmt", ["records", "spacy"])
def test_failed_export_keeps_previous_file(tmp_path, fmt):
    """An exception half-way through (here: a document the writer cannot handle) changes nothing."""
    import pipeline.store.export as export_module

    path = tmp_path / "s.db"
    out = tmp_path / f"out.{fmt}"
    with Store(path) as store:
        store.save_run(synthetic_result(30, seed=2))
        export(store, fmt, out, status="all")
        before = out.read_bytes()
        writer_cls = export_module.WRITERS[fmt]

        class Exploding(writer_cls):
            calls = 0

            def write(self, split, doc, examples):
                Exploding.calls += 1
                if Exploding.calls == 10:
                    raise RuntimeError("boom")
                return super().write(split, doc, examples)

        export_module.WRITERS[fmt] = Exploding
        try:
            with pytest.raises(RuntimeError, match="boom"):
                export(store, fmt, out, status="machine")
        finally:
            export_module.WRITERS[fmt] = writer_cls
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
