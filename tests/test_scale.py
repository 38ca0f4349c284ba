"""Archive scale (issue 13): indexes instead of all-pairs scans, bounded windows, progress, --resume,
--workers and a Dask cluster -- each giving the records of a plain one-process, whole-document run.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.records import Document, Record
from pipeline.runner import Pipeline, RunConfig
from pipeline.scalebench import _sentences, paragraphs, run_scale_bench, split_into_files
from pipeline.spanindex import SpanIndex
from pipeline.windows import window_bounds

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KK_FIXTURES = ["kk_special_report_0115.txt", "kk_telegram_1152.txt", "names_karlag_kk.txt", "review_kk.txt"]
RU_FIXTURES = ["ru_report_0917.txt", "ru_special_report_0115.txt", "ru_telegram_1152.txt"]


def dump(result) -> dict:
    """Everything a run produces that must not depend on how it was run."""
    docs = []
    for d in result.documents:
        row = d.to_dict()
        row.pop("path", None)
        docs.append(row)
    return {"records": [r.to_dict() for r in result.records()], "documents": docs,
            "alignments": result.alignments, "telegrams": result.telegrams}


def kk_text(n_bytes: int, start: int = 0) -> str:
    """Kazakh paragraphs (KazNERD sentences from ../shared, else our fixture) of about n_bytes,
    from sentence `start` on."""
    sentences, _ = _sentences()
    start %= len(sentences)
    return "\n\n".join(paragraphs(sentences[start:] + sentences[:start], n_bytes)) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[str], list[str]]:
    """Our Kazakh and Russian fixtures plus a few generated Kazakh documents (one of 60 kB)."""
    d = tmp_path_factory.mktemp("corpus")
    kk = [str(FIXTURES / n) for n in KK_FIXTURES]
    sentences, _ = _sentences()
    for k, text in enumerate(split_into_files(paragraphs(sentences, 30_000), 6, sentences)):
        (d / f"small_{k}.txt").write_text(text + "\n", encoding="utf-8")
        kk.append(str(d / f"small_{k}.txt"))
    (d / "long.txt").write_text(kk_text(60_000), encoding="utf-8")
    kk.append(str(d / "long.txt"))
    return kk, [str(FIXTURES / n) for n in RU_FIXTURES]


@pytest.fixture(scope="module")
def local_run(corpus) -> dict:
    kk, ru = corpus
    return dump(Pipeline(RunConfig()).run(kk, ru_inputs=ru))


# -- indexes -------------------------------------------------------------------------------------
def test_span_index_answers_like_a_scan():
    rng = random.Random(13)
    spans = []
    for _ in range(300):
        s = rng.randrange(0, 1000)
        spans.append(Record("d", "DATE", s, s + rng.randrange(1, 40), "x"))
    index = SpanIndex(spans)
    for _ in range(500):
        s = rng.randrange(0, 1050)
        e = s + rng.randrange(1, 60)
        assert index.any_overlapping(s, e) == any(r.start < e and s < r.end for r in spans)
        assert index.overlapping(s, e) == [r for r in spans if r.start < e and s < r.end]
        assert index.any_containing(s, e) == any(r.start <= s and e <= r.end for r in spans)
        assert index.inside(s, e) == [r for r in spans if s <= r.start and r.end <= e]


# -- windows -------------------------------------------------------------------------------------
def test_window_bounds_cover_the_text_at_paragraph_breaks():
    text = kk_text(40_000)
    bounds = window_bounds(text, 5_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text) and len(bounds) > 3
    assert all(a < b <= a + 5_000 for a, b in bounds)
    assert all(prev[1] == nxt[0] for prev, nxt in zip(bounds, bounds[1:]))
    assert all(text[b - 2:b] == "\n\n" for _, b in bounds[:-1])  # cut after a blank line
    flat = text.replace("\n\n", " ")  # no paragraphs: cut after a sentence end
    assert all(flat[b - 2] in ".!?»\")" for _, b in window_bounds(flat, 5_000)[:-1])


def test_windowed_document_gives_the_records_of_the_whole_document(shared_dir):
    """The shared sample (dates without a year, initials gathered across the text, lower-case words
    elsewhere) in windows of 4,000 characters: the same records, sentences, alignments."""
    kk = [str(shared_dir / "samples" / "kk" / "steplag_kengir_1954.txt")]
    ru = [str(p) for p in sorted((shared_dir / "samples" / "ru").glob("*.txt"))]
    whole = dump(Pipeline(RunConfig(window_chars=0)).run(kk, ru_inputs=ru))
    windowed = dump(Pipeline(RunConfig(window_chars=4_000)).run(kk, ru_inputs=ru))
    assert windowed == whole and len(whole["records"]) > 200


def test_windowed_generated_document_gives_the_same_records(corpus, local_run):
    kk, ru = corpus
    windowed = dump(Pipeline(RunConfig(window_chars=7_000)).run(kk, ru_inputs=ru))
    assert windowed == local_run


def test_year_is_carried_from_one_window_to_the_next():
    text = "1952 жылғы 3 наурызда келді.\n\n" + "Олар жұмыс істеді. " * 400 + "\n\n17 мамыр күні кетті.\n"
    pipe = Pipeline(RunConfig(components=["sentences", "kk.dates"], stages=[], window_chars=2_000))
    doc = pipe.process(Document(doc_id="t", text=text))
    assert len(window_bounds(text, 2_000)) > 2
    last = [r for r in doc.records if r.label == "DATE"][-1]
    assert last.text == "17 мамыр күні" and last.norm == {"iso": "1952-05-17", "year_inferred": True}


# -- several processes, a Dask cluster ---------------------------------------------------------------
def test_two_worker_processes_give_the_same_records(corpus, local_run):
    from pipeline.parallel import ProcessExecutor

    kk, ru = corpus
    pipe = Pipeline(RunConfig())
    result = pipe.run(kk, ru_inputs=ru, executor=ProcessExecutor(2, pipe.config))
    assert dump(result) == local_run


def test_dask_local_cluster_gives_the_same_records(corpus, local_run):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    from pipeline.parallel import DaskExecutor

    kk, ru = corpus
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        pipe = Pipeline(RunConfig())
        result = pipe.run(kk, ru_inputs=ru, executor=DaskExecutor(cluster.scheduler_address, pipe.config))
    assert dump(result) == local_run


def test_dask_without_a_scheduler_is_a_clear_error(tmp_path, capsys):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    (tmp_path / "a.txt").write_text("1954 жылғы 18 мамырда келді.", encoding="utf-8")
    rc = main(["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--no-store", "--quiet",
               "--components", "sentences", "kk.dates", "--dask", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err
    assert rc != 0 and "--dask tcp://127.0.0.1:1: no Dask scheduler reachable" in err
    assert not (tmp_path / "out" / "records.jsonl").exists()


# -- progress ----------------------------------------------------------------------------------------
def test_progress_is_one_summary_line_off_a_terminal_and_nothing_with_quiet(tmp_path, capsys):
    for k in range(3):
        (tmp_path / f"d{k}.txt").write_text("1954 жылғы 18 мамырда 30-дан астам адам келді.", encoding="utf-8")
    argv = ["run", str(tmp_path), "--out", str(tmp_path / "out"), "--no-store", "--components", "sentences", "kk.dates"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith("jazba run: 3 document(s), 0.00 MB, 24 tokens in ") and err.count("\n") == 1
    assert main(argv + ["--quiet"]) == 0
    assert capsys.readouterr().err == ""


# -- resume ----------------------------------------------------------------------------------------
def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]


def test_resume_after_ctrl_c_finishes_only_what_is_missing(corpus, tmp_path, capsys, monkeypatch):
    from pipeline import parallel

    kk, ru = corpus
    store = str(tmp_path / "jazba.db")
    args = ["run", *kk, "--ru", ru[0], "--ru", ru[1], "--ru", ru[2]]
    assert main(args + ["--out", str(tmp_path / "full"), "--no-store", "--quiet"]) == 0
    original = parallel.LocalExecutor.map

    def map_then_ctrl_c(self, pipeline, documents, ready):
        for n, item in enumerate(original(self, pipeline, documents, ready)):
            if n == 3:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(parallel.LocalExecutor, "map", map_then_ctrl_c)
    assert main(args + ["--out", str(tmp_path / "res"), "--store", store, "--quiet"]) == 130
    monkeypatch.setattr(parallel.LocalExecutor, "map", original)
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM processed_documents").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0  # no half run in the store
    capsys.readouterr()
    # another configuration takes nothing from the store
    assert main(args + ["--out", str(tmp_path / "other"), "--store", store, "--resume",
                        "--components", "sentences", "kk.dates"]) == 0
    assert "taken from the store" not in capsys.readouterr().err
    assert main(args + ["--out", str(tmp_path / "res"), "--store", store, "--resume"]) == 0
    assert "jazba: 3 document(s) taken from the store (--resume)" in capsys.readouterr().err
    assert _records(tmp_path / "res") == _records(tmp_path / "full")
    for name in ("documents.jsonl", "alignments.jsonl", "telegrams.jsonl"):
        assert (tmp_path / "res" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()


@pytest.mark.slow
def test_resume_after_sigkill_gives_the_records_of_an_uninterrupted_run(tmp_path):
    """A real `jazba run` process killed with SIGKILL once the store holds a finished document."""
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(5):  # each larger than a group of small documents: saved one by one
        (folder / f"part_{k}.txt").write_text(kk_text(70_000, start=400 * k), encoding="utf-8")
    store = tmp_path / "jazba.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "pipeline", "run", str(folder), "--quiet"]
    subprocess.run(run + ["--out", str(tmp_path / "full"), "--no-store"], env=env, check=True)
    proc = subprocess.Popen(run + ["--out", str(tmp_path / "res"), "--store", str(store)], env=env)
    saved = 0
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline and saved == 0:
        time.sleep(0.2)
        if store.exists():
            try:
                with sqlite3.connect(store, timeout=1) as db:
                    saved = db.execute("SELECT count(*) FROM processed_documents").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                pass
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = db.execute("SELECT count(*) FROM processed_documents").fetchone()[0]
    assert proc.returncode == -signal.SIGKILL and 1 <= saved < 5  # killed half-way
    done = subprocess.run(run[:-1] + ["--out", str(tmp_path / "res"), "--store", str(store), "--resume"],
                          env=env, check=True, capture_output=True, text=True)
    assert _records(tmp_path / "res") == _records(tmp_path / "full")
    assert f"jazba: {saved} document(s) taken from the store (--resume)" in done.stderr
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM processed_documents").fetchone()[0] == 5


# -- bench --scale ------------------------------------------------------------------------------------
def test_scale_bench_runs_tiny_sizes():
    rows, source = run_scale_bench(sizes=(0.02,), small_files=4,
                                   extra_args=["--components", "sentences", "kk.dates", "kk.numbers"])
    assert [r.files for r in rows] == [1, 4]
    assert all(r.exit_code == 0 and r.records > 0 and r.peak_rss_mb > 0 and r.wall_seconds > 0 for r in rows)
    assert rows[0].chars >= 10_000 and source
