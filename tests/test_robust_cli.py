"""`jazba` with bad input (issue 12): every case a clear one-line message and its exit code, never a
traceback, never an earlier output clobbered; work finished before an interrupt is kept.
"""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.cli import main
from pipeline.registry import DOC_COMPONENTS, doc_component

ROOT = Path(__file__).resolve().parent.parent
RULES = ["sentences", "kk.dates", "kk.times", "kk.docnums", "kk.numbers"]
KK = "1953 жылғы 5 қаңтарда Қарағандыдан 150-ден астам тұтқын әкелінді. № 0/460 бұйрық."
RU = "Телеграмма № 71 от 3 июня 1954 г. Сов. секретно. В 3-м лагерном отделении свыше 4 тысяч."


@pytest.fixture
def texts(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "article.txt").write_text(KK, encoding="utf-8")
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "telegram.txt").write_text(RU, encoding="utf-8")
    return tmp_path


def jazba(*argv, capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr) and check no traceback got out."""
    try:
        rc = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        rc = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return rc, out, err


def previous_run(texts, capsys) -> dict[str, bytes]:
    rc, _, _ = jazba("run", texts / "in", "--out", texts / "out", "--quiet", "--no-store", "--components", *RULES, capsys=capsys)
    assert rc == 0
    return {p.name: p.read_bytes() for p in (texts / "out").iterdir()}


def test_mistyped_input_keeps_the_previous_outputs(texts, capsys):
    before = previous_run(texts, capsys)
    rc, _, err = jazba("run", texts / "artcle.txt", "--out", texts / "out", "--quiet", "--no-store",
                       "--components", *RULES, capsys=capsys)
    assert rc == errors.EXIT_NO_INPUT
    assert err == f"jazba: error: {texts / 'artcle.txt'}: no such file or directory\n"
    assert {p.name: p.read_bytes() for p in (texts / "out").iterdir()} == before


def test_folder_without_txt_writes_nothing(texts, capsys):
    before = previous_run(texts, capsys)
    (texts / "scans").mkdir()
    (texts / "scans" / "page.pdf").write_bytes(b"%PDF-1.4")
    rc, _, err = jazba("run", texts / "scans", "--out", texts / "out", "--no-store", "--components", *RULES, capsys=capsys)
    assert rc == errors.EXIT_NO_INPUT and "scans: directory holds no *.txt file" in err
    assert {p.name: p.read_bytes() for p in (texts / "out").iterdir()} == before


def test_only_unreadable_inputs_write_nothing_and_say_so(texts, capsys):
    before = previous_run(texts, capsys)
    (texts / "bin").mkdir()
    (texts / "bin" / "scan.txt").write_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 50)
    rc, _, err = jazba("run", texts / "bin", "--out", texts / "out", "--no-store", "--components", *RULES, capsys=capsys)
    assert rc == errors.EXIT_NO_INPUT
    assert "scan.txt: binary data" in err and "nothing written" in err
    assert {p.name: p.read_bytes() for p in (texts / "out").iterdir()} == before


def test_upper_case_txt_is_read(texts, capsys):
    (texts / "in" / "B.TXT").write_text(KK, encoding="utf-8")
    rc, _, _ = jazba("run", texts / "in", "--out", texts / "out", "--quiet", "--no-store", "--components", *RULES, capsys=capsys)
    assert rc == 0
    docs = [json.loads(l)["doc_id"] for l in (texts / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert sorted(docs) == ["B", "article"]


def _a_file(t: Path) -> Path:
    (t / "file").write_text("x")
    return t / "file"


@pytest.mark.parametrize("make_out,message", [
    (_a_file, "exists and is not a directory"),
    (lambda t: _a_file(t) / "sub", "is a file, not a directory"),
    (lambda t: Path("/proc/self/jazba-out"), "cannot create or write this directory"),
])
def test_unusable_out_fails_before_the_pipeline(texts, capsys, make_out, message, monkeypatch):
    out = make_out(texts)
    ran = []
    monkeypatch.setitem(DOC_COMPONENTS, "test.spy", None)
    doc_component("test.spy")(lambda doc, ctx: ran.append(doc.doc_id) or [])
    rc, _, err = jazba("run", texts / "in", "--out", out, "--no-store", "--components", *RULES, "test.spy", capsys=capsys)
    assert rc == errors.EXIT_OUTPUT and message in err and len(err.splitlines()) == 1, err
    assert not ran


def test_outputs_have_normal_permissions(texts, capsys):
    old = os.umask(0o022)
    try:
        rc, _, _ = jazba("run", texts / "in", "--out", texts / "out", "--quiet", "--no-store", "--components", *RULES, capsys=capsys)
    finally:
        os.umask(old)
    assert rc == 0
    for p in (texts / "out").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p


@pytest.mark.parametrize("argv,message", [
    (["--doc-date", "банан"], "--doc-date банан: not a date"),
    (["--doc-date", "1954-13-45"], "--doc-date 1954-13-45: no such date"),
    (["--doc-date", "1954-02-30"], "no such date"),
    (["--components", "foo"], "--components: unknown component(s) foo"),
    (["--encoding", "klingon"], "--encoding klingon: unknown encoding"),
    (["--encoding", "rot13"], "not a text encoding"),
    (["--model", "/nonexistent/model"], "--model /nonexistent/model: no such directory"),
])
def test_bad_arguments_are_one_line_before_work(texts, capsys, argv, message):
    rc, _, err = jazba("run", texts / "in", "--out", texts / "out", "--no-store", *argv, capsys=capsys)
    assert message in err and len(err.splitlines()) == 1, err
    assert rc == (errors.EXIT_MODEL if argv[0] == "--model" else errors.EXIT_USAGE)
    assert not (texts / "out").exists()


def test_components_swallowing_the_inputs_is_explained(texts, capsys):
    rc, _, err = jazba("run", "--components", "sentences", "kk.dates", texts / "in" / "article.txt", "--out", texts / "out",
                       "--no-store", capsys=capsys)
    assert rc == errors.EXIT_USAGE and "article.txt" in err and "input paths go before --components" in err
    rc, _, err = jazba("run", "--out", texts / "out", "--no-store", capsys=capsys)
    assert rc == errors.EXIT_USAGE and "no INPUT given" in err


def test_good_doc_dates_are_accepted(texts, capsys):
    for value in ("1954", "1954-06", "1954-06-01"):
        rc, _, _ = jazba("run", texts / "in", "--out", texts / "out", "--quiet", "--no-store", "--doc-date", value,
                         "--components", *RULES, capsys=capsys)
        assert rc == 0


def test_unusable_store_fails_before_work(texts, capsys):
    rc, _, err = jazba("run", texts / "in", "--out", texts / "out", "--store", texts / "in", "--components", *RULES, capsys=capsys)
    assert rc == errors.EXIT_OUTPUT and "is a directory, not a store file" in err and not (texts / "out").exists()


def test_ru_takes_one_path_and_does_not_swallow_inputs(texts, capsys):
    rc, _, _ = jazba("run", "--ru", texts / "ru", texts / "in" / "article.txt", "--out", texts / "out", "--quiet",
                     "--no-store", "--components", *RULES, "ru.dates", capsys=capsys)
    assert rc == 0
    langs = {json.loads(l)["doc_id"]: json.loads(l)["lang"] for l in (texts / "out" / "documents.jsonl").read_text("utf-8").splitlines()}
    assert langs == {"article": "kk", "telegram": "ru"}
    rc, _, err = jazba("run", texts / "in", "--ru", texts / "ru", texts / "in" / "article.txt", "--out", texts / "out2",
                       "--no-store", capsys=capsys)
    assert rc == errors.EXIT_USAGE and "--ru takes one path per use" in err
    assert not (texts / "out2").exists()


def test_eval_of_a_run_without_the_gold_document_is_an_error(texts, capsys):
    previous_run(texts, capsys)
    gold = texts / "other.gold.json"
    gold.write_text(json.dumps({"doc_id": "other", "spans": []}), encoding="utf-8")
    rc, out, err = jazba("eval", texts / "out", gold, capsys=capsys)
    assert rc == errors.EXIT_NO_INPUT and "the run has none of the gold documents (other)" in err and out == ""
    rc, _, err = jazba("eval", texts / "out", gold, "--labels", "DATES", capsys=capsys)
    assert rc == errors.EXIT_USAGE and "--labels: unknown label(s) DATES" in err


def test_eval_into_a_closed_pipe_is_quiet(texts, capsys, fixtures_dir):
    """`jazba eval ... | head`: the reader leaves; no BrokenPipeError traceback."""
    previous_run(texts, capsys)
    gold = texts / "article.gold.json"
    gold.write_text(json.dumps({"doc_id": "article", "spans": [{"start": 0, "end": 4, "label": "DATE"}]}), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "eval", str(texts / "out"), str(gold), "--json", "--errors"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.close()  # like `head` that has read enough, before jazba writes
    err = proc.stderr.read().decode()
    assert proc.wait() == errors.EXIT_BROKEN_PIPE, err
    assert err == ""


def _crash_component(doc, ctx):
    raise ZeroDivisionError("a bug in a component")


def test_a_bug_is_one_line_and_debug_shows_the_traceback(texts, capsys, monkeypatch):
    monkeypatch.setitem(DOC_COMPONENTS, "test.crash", None)
    doc_component("test.crash")(_crash_component)
    rc = main(["run", str(texts / "in"), "--out", str(texts / "out"), "--quiet", "--no-store", "--components", "test.crash"])
    err = capsys.readouterr().err
    assert rc == errors.EXIT_INTERNAL and "Traceback" not in err
    assert "internal error: ZeroDivisionError: a bug in a component" in err and "--debug" in err
    rc = main(["--debug", "run", str(texts / "in"), "--out", str(texts / "out"), "--quiet", "--no-store", "--components", "test.crash"])
    assert rc == errors.EXIT_INTERNAL and "Traceback" in capsys.readouterr().err
    rc = main(["run", str(texts / "in"), "--out", str(texts / "out"), "--doc-date", "x", "--debug"])
    assert rc == errors.EXIT_USAGE and "Traceback" in capsys.readouterr().err


def test_interrupted_run_keeps_finished_documents_and_old_outputs(texts, capsys, monkeypatch):
    before = previous_run(texts, capsys)
    for name in ("b", "c"):
        (texts / "in" / f"{name}.txt").write_text(KK, encoding="utf-8")
    seen = []

    def interrupt_on_third(doc, ctx):
        seen.append(doc.doc_id)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return []

    monkeypatch.setitem(DOC_COMPONENTS, "test.interrupt", None)
    doc_component("test.interrupt")(interrupt_on_third)
    rc, _, err = jazba("run", texts / "in", "--out", texts / "out", "--quiet", "--no-store",
                       "--components", *RULES, "test.interrupt", capsys=capsys)
    assert rc == errors.EXIT_INTERRUPTED and "2 finished document(s) kept" in err
    assert {p.name: p.read_bytes() for p in (texts / "out").iterdir() if not p.name.endswith(".partial")} == before
    partial = [json.loads(l) for l in (texts / "out" / "documents.jsonl.partial").read_text("utf-8").splitlines()]
    assert [d["doc_id"] for d in partial] == seen[:2]
    records = [json.loads(l) for l in (texts / "out" / "records.jsonl.partial").read_text("utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == set(seen[:2]) and {r["label"] for r in records} >= {"DATE", "NUMBER"}


def test_exit_code_table_in_docs_matches_the_code():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\|\s*`?(\d+)`?\s*\|\s*`(EXIT_\w+)`", doc, re.M))
    assert {int(k): v for k, v in table.items()} == {
        getattr(errors, name): name for name in dir(errors) if name.startswith("EXIT_") and name != "EXIT_CODES"}
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")
