"""Ingest: files, directories, stdin, encodings, unreadable input -- through the library and `jazba run`."""
from __future__ import annotations

import codecs
import json
import subprocess
import sys

import pytest

from pipeline.ingest import IngestError, decode_bytes, expand_inputs, read_source
from pipeline.runner import Pipeline, RunConfig
from pipeline.textflow import make_view

KK = "1953 жылғы 5 қаңтарда Қарағандыдан 150-ден астам тұтқын әкелінді. Үй-жайлар, дәрі-дәрмектер жетпеді."
RU = "Телеграмма 71 от 3 июня 1954 г.: в лагерном отделении 3 волнения продолжаются."
RULES = ["sentences", "kk.dates", "kk.times", "kk.docnums", "kk.numbers"]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("kz1048", None),
])
def test_kazakh_in_every_encoding(encoding, expected):
    text, enc = decode_bytes(KK.encode(encoding), "kk.txt")
    assert text == KK
    if expected:
        assert enc == expected


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8", "utf-16"])
def test_russian_in_every_encoding(encoding):
    text, enc = decode_bytes(RU.encode(encoding), "ru.txt")
    assert text == RU


def test_bom_is_not_part_of_the_text():
    text, _ = decode_bytes(codecs.BOM_UTF8 + KK.encode("utf-8"), "bom.txt")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("data,problem", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00", "binary"),
    (bytes(range(0, 32)) * 20, "binary"),
    (b"\x00\xff\x00\xfe" * 100, "binary"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4, "binary"),
])
def test_binary_input_is_a_clear_error(data, problem):
    with pytest.raises(IngestError) as exc:
        decode_bytes(data, "scan.txt")
    assert "scan.txt" in str(exc.value) and problem in str(exc.value)


def test_missing_and_directory_inputs(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_source(str(tmp_path / "absent.txt"))
    with pytest.raises(IngestError, match="not a regular file"):
        read_source(str(tmp_path))


def test_directories_are_read_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(KK, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_bytes(KK.encode("utf-16"))
    (tmp_path / "a" / "b" / "notes.md").write_text("not an input", encoding="utf-8")
    paths = list(expand_inputs([str(tmp_path / "a")]))
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["two.txt", "one.txt"] or sorted(p.rsplit("/", 1)[-1] for p in paths) == ["one.txt", "two.txt"]
    assert len(paths) == 2


def test_run_reports_bad_files_and_processes_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(KK, encoding="utf-8")
    (tmp_path / "old.txt").write_bytes(KK.encode("kz1048"))
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 50)
    result = Pipeline(RunConfig(components=RULES, stages=[])).run([str(tmp_path)])
    assert sorted(d.doc_id for d in result.documents) == ["good", "old"]
    assert len(result.errors) == 1 and "scan.txt" in str(result.errors[0])
    for doc in result.documents:
        assert doc.text == KK
        assert {r.label for r in doc.records} == {"DATE", "NUMBER"}


def _jazba(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], input=stdin, capture_output=True)


def test_jazba_run_cli_with_a_bad_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_bytes(KK.encode("utf-8"))
    (tmp_path / "in" / "scan.txt").write_bytes(b"\x00\xff\x00\xfe" * 100)
    proc = _jazba("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--no-store",
                  "--components", *RULES)
    assert proc.returncode == 3, proc.stderr.decode()  # EXIT_SOME_INPUTS
    assert "scan.txt" in proc.stderr.decode()
    records = [json.loads(l) for l in (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {"good"}
    assert {r["label"] for r in records} == {"DATE", "NUMBER"}


def test_jazba_run_reads_stdin(tmp_path):
    proc = _jazba("run", "-", "--out", str(tmp_path / "out"), "--quiet", "--no-store", "--components", *RULES,
                  stdin=codecs.BOM_UTF8 + KK.encode("utf-8"))
    assert proc.returncode == 0, proc.stderr.decode()
    docs = [json.loads(l) for l in (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs[0]["text"] == KK and docs[0]["path"] == "<stdin>"


def test_line_breaks_hyphenation_and_soft_hyphens_keep_original_offsets():
    original = "1953 жылғы 5\nқаңтарда тұтқын\u00ad\nдар 150-ден\n астам болды, дәрі-\nдәрмектер жоқ."
    view = make_view(original)
    assert "5 қаңтарда тұтқындар 150-ден астам" in view.text and "дәрі-дәрмектер" in view.text
    doc = Pipeline(RunConfig(components=RULES, stages=[])).annotate(original)
    got = {(r.label, r.text) for r in doc.records}
    assert got == {("DATE", "1953 жылғы 5\nқаңтарда"), ("NUMBER", "150-ден\n астам")}
    for r in doc.records:
        assert original[r.start:r.end] == r.text
