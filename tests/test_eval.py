"""`jazba eval`: scoring rules, and the DATE/TIME/NUMBER quality thresholds (shared sample + our own text)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from pipeline.evaluate import (
    EvalInputError, GoldDocument, GoldSpan, evaluate, evaluate_paths, load_gold, value_matches,
)
from pipeline.output import write_run
from pipeline.records import Record
from pipeline.runner import Pipeline, RunConfig

RULE_COMPONENTS = ["sentences", "kk.dates", "kk.times", "kk.docnums", "kk.numbers"]
_MARK = re.compile(r"\{\{(?P<label>[A-Z]+)\|(?P<norm>[^|}]*)\|(?P<text>[^}]*)\}\}")


def marked_to_gold(marked: str, doc_id: str) -> tuple[str, dict]:
    """Our fixture markup `{{LABEL|norm|text}}` -> (plain text, gold JSON in the shared format)."""
    marked = marked.replace("\\n", "\n")
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        text = m.group("text")
        spans.append({"start": length, "end": length + len(text), "text": text, "label": m.group("label"),
                      "norm": m.group("norm") or None})
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(marked[pos:])
    plain = "".join(out)
    for s in spans:
        assert plain[s["start"]:s["end"]] == s["text"]
    return plain, {"doc_id": doc_id, "annotated_until_char": len(plain), "spans": spans}


def _run_and_score(tmp_path, text_path, gold_path, labels):
    pipeline = Pipeline(RunConfig(components=RULE_COMPONENTS, stages=[]))
    result = pipeline.run([str(text_path)])
    assert not result.errors
    write_run(result, tmp_path / "out")
    return evaluate_paths(tmp_path / "out", gold_path, labels)


def _assert_quality(result, labels):
    for label in labels:
        s = result.labels[label]
        assert s.gold > 0, f"no gold {label} spans to score"
        assert s.exact.f1 >= 0.95, f"{label} exact F1 {s.exact.f1:.3f}: {s.errors}"
        assert s.value_accuracy >= 0.95, f"{label} value accuracy {s.value_accuracy:.3f}: {s.errors}"


def test_shared_sample_meets_thresholds(shared_dir, tmp_path):
    text = shared_dir / "samples" / "kk" / "steplag_kengir_1954.txt"
    gold = shared_dir / "samples" / "kk" / "steplag_kengir_1954.gold.json"
    result = _run_and_score(tmp_path, text, gold, ["DATE", "TIME", "NUMBER", "DOCNUM"])
    _assert_quality(result, ["DATE", "NUMBER", "DOCNUM"])
    # the annotated part has no clock time: any TIME prediction there would be a false positive
    assert result.labels["TIME"].exact.fp == 0


def test_own_sentences_meet_thresholds(fixtures_dir, tmp_path):
    """Every form in the guidelines, in sentences written for this test (not from ../shared)."""
    plain, gold = marked_to_gold((fixtures_dir / "kk_forms_marked.txt").read_text(encoding="utf-8"), "kk_forms")
    (tmp_path / "kk_forms.txt").write_text(plain, encoding="utf-8")
    (tmp_path / "kk_forms.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = _run_and_score(tmp_path, tmp_path / "kk_forms.txt", tmp_path / "kk_forms.gold.json",
                            ["DATE", "TIME", "NUMBER", "DOCNUM"])
    _assert_quality(result, ["DATE", "TIME", "NUMBER", "DOCNUM"])


# --- scoring rules ----------------------------------------------------------------------------
def _rec(label, start, end, text="x" * 0, **norm):
    return Record(doc_id="d", label=label, start=start, end=end, text=text or "t" * (end - start), norm=norm)


def _gold(*spans, until=None):
    return [GoldDocument("d", [GoldSpan(*s) for s in spans], until)]


def test_exact_overlap_and_value_scores():
    gold = _gold((0, 10, "DATE", "1954-05-18"), (20, 25, "NUMBER", ">30"), (40, 44, "NUMBER", "7"))
    preds = [
        _rec("DATE", 0, 10, iso="1954-05-18"),                              # exact, right value
        _rec("NUMBER", 20, 23, value=30, qualifier="more_than", unit=None),  # overlap only
        _rec("NUMBER", 50, 52, value=1, qualifier=None, unit=None),         # spurious
    ]
    r = evaluate(preds, gold, ["DATE", "NUMBER"])
    assert (r.labels["DATE"].exact.tp, r.labels["DATE"].exact.f1) == (1, 1.0)
    n = r.labels["NUMBER"]
    assert (n.exact.tp, n.exact.fp, n.exact.fn) == (0, 2, 2)
    assert (n.overlap.tp, n.overlap.fp, n.overlap.fn) == (1, 1, 1)
    assert n.value_accuracy == 1.0 and n.value_total == 1


def test_ignore_spans_and_annotated_until():
    gold = _gold((0, 5, "NUMBER", "5"), (10, 16, "IGNORE", None), until=30)
    preds = [
        _rec("NUMBER", 0, 5, value=5, qualifier=None, unit=None),
        _rec("NUMBER", 12, 14, value=2, qualifier=None, unit=None),   # inside IGNORE: not counted
        _rec("NUMBER", 35, 37, value=9, qualifier=None, unit=None),   # after annotated_until: not counted
    ]
    r = evaluate(preds, gold, ["NUMBER"])
    assert r.ignored_predictions == 1
    assert (r.labels["NUMBER"].exact.tp, r.labels["NUMBER"].exact.fp, r.labels["NUMBER"].predicted) == (1, 0, 1)


def test_no_gold_and_no_prediction_is_not_scored():
    r = evaluate([], _gold((0, 4, "DATE", "1954")), ["DATE", "TIME"])
    assert r.labels["TIME"].exact.f1 is None
    assert r.labels["DATE"].exact.f1 == 0.0


@pytest.mark.parametrize("label,gold,norm,ok", [
    ("NUMBER", ">30", {"value": 30, "qualifier": "more_than", "unit": None}, True),
    ("NUMBER", ">30", {"value": 30, "qualifier": None, "unit": None}, False),
    ("NUMBER", "3%", {"value": 3, "qualifier": None, "unit": "percent"}, True),
    ("NUMBER", "3%", {"value": 3, "qualifier": None, "unit": None}, False),
    ("NUMBER", "5500", {"value": 5500.0, "qualifier": None, "unit": None}, True),
    ("NUMBER", "~400", {"value": 400, "qualifier": "about", "unit": None}, True),
    ("DATE", "1954-05-18|1954-05", {"iso": "1954-05", "year_inferred": False}, True),
    ("DATE", "195X", {"iso": "195X"}, True),
    ("TIME", "3:30", {"time": "03:30"}, True),
    ("DOCNUM", "0/460", {"value": "0/460"}, True),
    ("PERSON", "Круглов С. Н.", {"ru": "Круглов  С. Н."}, True),
    ("PLACE", "Джезказган", {"ru": "Караганда"}, False),
])
def test_value_matching(label, gold, norm, ok):
    assert value_matches(label, gold, norm) is ok


def test_bad_inputs_name_the_file(tmp_path):
    bad = tmp_path / "broken.gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(EvalInputError, match="broken.gold.json"):
        load_gold(bad)
    with pytest.raises(EvalInputError, match="records"):
        evaluate_paths(tmp_path / "nowhere", bad)


def test_cli_prints_table_and_json(fixtures_dir, tmp_path):
    plain, gold = marked_to_gold((fixtures_dir / "kk_forms_marked.txt").read_text(encoding="utf-8"), "kk_forms")
    (tmp_path / "kk_forms.txt").write_text(plain, encoding="utf-8")
    (tmp_path / "kk_forms.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = Pipeline(RunConfig(components=RULE_COMPONENTS, stages=[])).run([str(tmp_path / "kk_forms.txt")])
    write_run(result, tmp_path / "out")
    cmd = [sys.executable, "-m", "pipeline", "eval", str(tmp_path / "out"), str(tmp_path / "kk_forms.gold.json"),
           "--labels", "DATE", "NUMBER"]
    table = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert re.search(r"^DATE\s+\d+\s+\d+\s+1\.000", table, re.M), table
    data = json.loads(subprocess.run(cmd + ["--json"], capture_output=True, text=True, check=True).stdout)
    assert data["labels"]["NUMBER"]["exact"]["f1"] >= 0.95
    bad = subprocess.run([sys.executable, "-m", "pipeline", "eval", str(tmp_path / "missing"), str(tmp_path / "kk_forms.gold.json")],
                         capture_output=True, text=True)
    assert bad.returncode == 4 and "missing" in bad.stderr
