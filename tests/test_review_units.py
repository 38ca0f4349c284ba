"""The review loop's pure parts: contexts and tasks, norm lines, offsets, calibration maths, routing.

(The Label Studio round trip itself is tests/test_review_labelstudio.py, against a real server.)
"""
from __future__ import annotations

import json
import math
from collections import Counter
import random
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate import GoldDocument, GoldSpan
from pipeline.records import Document, Record
from pipeline.review.calibration import Example, cross_validated, ece, fit, fit_logistic
from pipeline.review.confidence import FEATURES, Calibrator, families, load_calibrator, record_features
from pipeline.review.labelstudio import Connection, LabelStudioError
from pipeline.review.pull import _offsets
from pipeline.review.routing import routing
from pipeline.review.server import ServerError, label_studio_executable
from pipeline.review.tasks import alignment_notes, build_task, contexts, label_config, norm_text, parse_norm_text
from pipeline.runner import Pipeline, RunConfig
from pipeline.sentences import split_sentences

TEXT = ("1953 жылы Балқаш қаласында 400-ге жуық тұтқын болды. Бастық Петренко\nЖ. келді. "
        "Сағат 5-те бәрі тарады.")


def rec(label, needle, conf, source="rules:x", norm=None, doc_id="d"):
    s = TEXT.index(needle)
    return Record(doc_id, label, s, s + len(needle), needle, norm=norm or {}, confidence=conf, source=source)


def test_contexts_group_records_by_sentence_and_merge_straddlers():
    records = [rec("DATE", "1953 жылы", 0.9), rec("PLACE", "Балқаш", 0.3),
               rec("PERSON", "Петренко\nЖ", 0.4), rec("TIME", "Сағат 5-те", 0.8)]
    sentences = split_sentences(TEXT)
    # the splitter cuts after "Петренко\nЖ." is not a cut (initial); make a record straddle a cut anyway:
    straddler = Record("d", "ORG", TEXT.index("болды"), TEXT.index("Бастық") + 6,
                       TEXT[TEXT.index("болды"):TEXT.index("Бастық") + 6], confidence=0.2)
    ctxs = contexts("d", "h" * 64, TEXT, sentences, records + [straddler])
    assert sum(len(c.records) for c in ctxs) == 5
    for c in ctxs:
        assert all(c.start <= r.start and r.end <= c.end for r in c.records)
    # the straddler glued the first two sentences into one context
    assert len(ctxs) == 2 and ctxs[0].start == 0 and ctxs[0].end >= TEXT.index("келді")
    assert ctxs[0].min_confidence == 0.2 and ctxs[0].key == f"{'h' * 16}:{ctxs[0].start}-{ctxs[0].end}"


def test_task_regions_point_into_the_context_low_confidence_first():
    records = [rec("DATE", "1953 жылы", 0.9, norm={"iso": "1953", "year_inferred": False}),
               rec("PLACE", "Балқаш", 0.3, "model:spacy", {"ru": "Балхаш"}),
               rec("NUMBER", "400-ге жуық", 0.6, norm={"value": 400, "qualifier": "about", "unit": None})]
    ctx = contexts("d", "0" * 64, TEXT, split_sentences(TEXT), records)[0]
    notes = alignment_notes([
        {"type": "entity", "kk_record_ids": [records[1].id], "ru_canonical": "Балхаш", "ru_texts": ["Балхаш"],
         "ru_doc_id": "01_report", "score": 0.91},
        {"type": "document", "kk_doc_id": "d", "ru_doc_id": "01_report", "score": 0.8},
    ])
    task = build_task(ctx, TEXT, "jazba-test", notes)
    body = task["data"]["text"]
    labels = [r for r in task["predictions"][0]["result"] if r["type"] == "labels"]
    assert [r["score"] for r in labels] == [0.3, 0.6, 0.9]
    assert body == TEXT[ctx.start:ctx.end]
    for r in labels:
        assert body[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
    assert {r["value"]["text"] for r in labels} == {"1953 жылы", "Балқаш", "400-ге жуық"}
    norms = {r["id"]: r["value"]["text"] for r in task["predictions"][0]["result"] if r["type"] == "textarea"}
    assert set(map(tuple, norms.values())) == {("1953",), ("Балхаш",), ("~400",)}
    assert "≈ Балхаш «Балхаш» in 01_report (score 0.91)" in task["data"]["notes"]
    assert set(task["meta"]["region_records"].values()) == {r.id for r in records}
    # the task list sees only what a reviewer reads; jazba's bookkeeping travels in `meta`
    assert set(task["data"]) == {"title", "docinfo", "before", "text", "after", "notes", "min_confidence"}
    assert task["meta"]["content_hash"] == "0" * 64 and task["meta"]["start"] == ctx.start
    assert task["data"]["after"] == " ".join(TEXT[TEXT.index("Бастық"):TEXT.index("Сағат")].split())
    json.dumps(task)  # what goes over the wire is plain JSON


def test_label_config_is_xml_with_every_label():
    root = ET.fromstring(label_config())
    values = [el.get("value") for el in root.iter("Label")]
    assert values == ["DATE", "TIME", "NUMBER", "PERSON", "PLACE", "ORG", "ROLE", "DOCNUM"]
    assert {el.get("name") for el in root.iter("TextArea")} == {"norm"}
    box = next(root.iter("TextArea"))
    assert box.get("displayMode") == "region-list" and box.get("perRegion") == "true"  # every value in view
    assert [el.get("hotkey") for el in root.iter("Label")] == [str(i) for i in range(1, 9)]
    assert [el.get("name") for el in root.iter("Text")] == ["docinfo", "before", "text", "after", "notes"]


def test_entity_notes_once_per_entity_not_per_mention():
    rows = [{"type": "entity", "label": "PERSON", "kk_entity_id": "d:PERSON:kruglov", "kk_canonical": "Круглов",
             "kk_record_ids": ["d:PERSON:0-5", "d:PERSON:40-48"], "ru_canonical": "Круглов С. Н.",
             "ru_texts": ["С.Н. Круглова"], "ru_doc_id": doc, "score": sc}
            for doc, sc in (("03_tel", 0.9), ("04_tel", 0.95))]
    notes = alignment_notes(rows)
    assert notes["d:PERSON:0-5"] == notes["d:PERSON:40-48"] == [
        "Круглов (PERSON) ≈ Круглов С. Н. «С.Н. Круглова» in 03_tel, 04_tel (score 0.95)"]


def test_reviewed_values_are_checked_per_label():
    from pipeline.review.values import check_value, parse_value

    good = {"DATE": ["1954", "1954-05", "1954-05-16", "195X", "--05-16", "1954-05-16/1954-06-25"],
            "TIME": ["05:00", "23:59"], "NUMBER": ["300", ">300", "~400", "<=100", "<100", "12%", "2.5"],
            "PLACE": ["Джезказган"], "PERSON": ["Круглов С. Н."], "ORG": ["МВД СССР"], "ROLE": ["прокурор"],
            "DOCNUM": ["0/460"]}
    bad = {"DATE": ["1954-5-16", "1954-13", "1954-02-30", "16.05.1954", "1954-06-25/1954-05-16", ""],
           "TIME": ["5:00", "24:00", "05.00"], "NUMBER": ["около 300", "300 адам", ""],
           "PLACE": ["", "  ", "12"], "PERSON": [""], "ORG": ["-"], "DOCNUM": [""]}
    for label, values in good.items():
        for v in values:
            assert check_value(label, v) is None, (label, v)
    for label, values in bad.items():
        for v in values:
            assert check_value(label, v), (label, v)
            assert parse_value(label, v) == {"text": v.strip(), "invalid": check_value(label, v)}
    assert parse_value("NUMBER", "<100") == {"value": 100, "qualifier": "up_to", "unit": None}


def test_relabel_rederives_the_value_and_new_spans_need_one():
    from pipeline.review.pull import reviewed_value

    iim = Record("d", "PLACE", 0, 3, "ІІМ", norm={"ru": "МВД"}, source="model:spacy")
    # relabelled, value box untouched -> the ORG normaliser's value, not the PLACE one
    assert reviewed_value("ORG", "ІІМ", "МВД", iim)["ru"] == "МВД"
    org = Record("d", "ORG", 0, 3, "ІІМ", norm={"ru": "МВД"}, source="rules:names")
    # ORG -> PLACE keeps no ORG value: nothing to derive for an acronym, so the value is empty and flagged
    assert reviewed_value("PLACE", "ІІМ", "МВД", org)["invalid"]
    # relabelled and a value typed: the typed value, checked
    assert reviewed_value("PLACE", "ІІМ", "Ишим", org) == {"ru": "Ишим"}
    # a drawn span without a value is flagged; with one it is checked
    assert reviewed_value("DATE", "16 мамыр", None, None)["invalid"]
    assert reviewed_value("DATE", "16 мамыр", "1954-5-16", None) == {
        "text": "1954-5-16", "invalid": check_value_("DATE", "1954-5-16")}
    # unchanged label and value: the machine's value with its extra keys
    date = Record("d", "DATE", 0, 8, "16 мамыр", norm={"iso": "1954-05-16", "year_inferred": True})
    assert reviewed_value("DATE", "16 мамыр", "1954-05-16", date) == date.norm


def check_value_(label, text):
    from pipeline.review.values import check_value

    return check_value(label, text)


def test_agreement_f1_kappa_and_disagreements():
    from pipeline.review.agreement import agreement, cohen_kappa

    def ann(who, spans):
        result = []
        for i, (s, e, label, value) in enumerate(spans):
            v = {"start": s, "end": e, "text": "x"}
            result.append({"id": f"{who}{i}", "from_name": "label", "type": "labels", "value": {**v, "labels": [label]}})
            result.append({"id": f"{who}{i}", "from_name": "norm", "type": "textarea", "value": {**v, "text": [value]}})
        return {"completed_by": who, "result": result, "updated_at": "2026-01-01"}

    text = "Қарағанды облысындағы Спасск лагерінде 300 адам"
    task = {"id": 7, "data": {"text": text}, "meta": {"doc_id": "d", "start": 100},
            "annotations": [ann(1, [(0, 21, "PLACE", "Карагандинская область"), (22, 28, "PLACE", "Спасск"),
                                    (39, 42, "NUMBER", "300")]),
                            ann(2, [(0, 21, "PLACE", "Карагандинская область"), (22, 28, "ORG", "Спасск"),
                                    (39, 42, "NUMBER", ">300")])]}
    a = agreement([task], {1: "a@x", 2: "b@x"})
    assert a.tasks == 1 and a.pairs == 1 and a.matched == 2 and a.f1 == pytest.approx(2 * 2 / 6)
    assert a.value_agreement == pytest.approx(0.5)
    assert 0 < a.kappa < 1
    lines = [d.line() for d in a.disagreements]
    assert lines == ["task 7 d 122-128 «Спасск»  a@x: PLACE Спасск; b@x: ORG Спасск",
                     "task 7 d 139-142 «300»  a@x: NUMBER 300; b@x: NUMBER >300"]
    assert cohen_kappa(Counter({("A", "A"): 5, ("O", "O"): 5})) == 1.0
    assert "span F1" in a.summary() and "2 disagreement(s)" in a.summary()


def test_per_language_calibration_file(tmp_path):
    from pipeline.review.confidence import LanguageCalibration

    kk = Calibrator({f: 0.0 for f in FEATURES}, 3.0)
    ru = Calibrator({f: 0.0 for f in FEATURES}, -1.0)
    path = LanguageCalibration({"kk": kk, "ru": ru}, "kk", {"threshold": 0.93}).save(tmp_path / "c.json")
    cal = load_calibrator(path)
    assert cal.for_lang("ru").bias == -1.0 and cal.for_lang("kk").bias == 3.0 and cal.for_lang("en").bias == 3.0
    doc = Document("d", TEXT, records=[rec("DATE", "1953 жылы", 0.99, norm={"iso": "1953"}),
                                       rec("PLACE", "Балқаш", 0.99, norm={"ru": "Балхаш"})])
    doc.records[1].lang = "ru"
    config = RunConfig(components=[], stages=["confidence"], options={"confidence_params": str(path)})
    out = Pipeline(config).run_documents([doc]).documents[0].records
    assert out[0].confidence == pytest.approx(1 / (1 + math.exp(-3.0)), abs=1e-4)
    assert out[1].confidence == pytest.approx(1 / (1 + math.exp(1.0)), abs=1e-4)


def test_shipped_calibration_has_both_languages_and_a_threshold():
    shipped = load_calibrator()
    assert set(shipped.by_lang) >= {"kk", "ru"}
    assert 0.5 <= shipped.routing["threshold"] < 1 and shipped.routing["curve"]


def test_routing_curve_from_examples_and_choice():
    from pipeline.review.routing import choose_threshold, curve_from_examples

    probs = [0.2, 0.95, 0.6, 0.99, 0.97, 0.85]
    correct = [False, True, False, True, True, True]
    groups = ["s1", "s1", "s2", "s3", "s4", "s5"]
    points = curve_from_examples(probs, correct, groups, [0.5, 0.7, 0.9])
    assert [(p.wrong_pushed, p.pushed) for p in points] == [(1, 2), (2, 3), (2, 4)]
    assert choose_threshold(points).threshold == 0.7


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from([None, "more_than", "about", "up_to"]),
       st.sampled_from([None, "percent"]))
def test_number_norm_line_round_trips(value, qualifier, unit):
    norm = {"value": value, "qualifier": qualifier, "unit": unit}
    line = norm_text("NUMBER", norm)
    assert parse_norm_text("NUMBER", line) == norm
    assert parse_norm_text("NUMBER", line, {**norm, "extra": 1}) == {**norm, "extra": 1}  # unchanged: kept


def test_norm_lines_per_label():
    assert parse_norm_text("DATE", "1954-05-16/1954-06-25") == {
        "iso": "1954-05-16/1954-06-25", "start": "1954-05-16", "end": "1954-06-25", "year_inferred": False}
    assert parse_norm_text("TIME", "05:00") == {"time": "05:00"}
    assert parse_norm_text("ROLE", "прокурор", {"ru": "министр", "person_id": "p1"}) == {"ru": "прокурор", "person_id": "p1"}
    assert parse_norm_text("PLACE", "") == {}
    assert parse_norm_text("TIME", "5:00")["invalid"]
    assert norm_text("PERSON", {"ru": "Круглов С. Н.", "kk": "Круглов"}) == "Круглов С. Н."


def test_offsets_accept_utf16_positions_after_astral_characters():
    body = "𝔄 Қарағанды облысы"
    assert _offsets(body, {"start": 2, "end": 11, "text": "Қарағанды"}) == (2, 11)  # code points
    assert _offsets(body, {"start": 3, "end": 12, "text": "Қарағанды"}) == (2, 11)  # UTF-16 units
    with pytest.raises(ValueError, match="does not match the task text"):
        _offsets(body, {"start": 0, "end": 4, "text": "Балқаш"})


def test_ece_known_values():
    assert ece([0.8] * 10, [True] * 8 + [False] * 2) == pytest.approx(0.0)
    assert ece([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    assert ece([0.1, 0.9], [False, True]) == pytest.approx(0.1)


def test_fit_recovers_a_calibrated_probability_out_of_fold():
    rng = random.Random(1)
    examples = []
    for i in range(3000):
        raw = min(0.99, max(0.01, rng.random()))
        z = math.log(raw / (1 - raw))
        true_p = 1 / (1 + math.exp(-(0.8 * z - 0.7)))  # raw scores are overconfident
        x = {f: 0.0 for f in FEATURES}
        x["logit_model"], x["src_model"] = z, 1.0
        examples.append(Example(x, rng.random() < true_p, raw, f"g{i // 3}", "gold"))
    probs = cross_validated(examples, folds=5)
    y = [e.correct for e in examples]
    assert ece([e.raw for e in examples], y) > 0.08
    assert ece(probs, y) < 0.04


def test_logistic_fit_matches_the_optimum_gradient():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (rng.random(400) < 1 / (1 + np.exp(-(X @ [1.0, -2.0, 0.5] + 0.3)))).astype(float)
    w, b = fit_logistic(X, y, l2=1.0)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert np.allclose(X.T @ (p - y) + w, 0, atol=1e-6) and abs((p - y).sum()) < 1e-6


def test_features_see_sources_agreement_and_conflict():
    assert families("model:spacy+gazetteer:camps") == {"model", "gazetteer"}
    a = rec("PLACE", "Балқаш", 0.7, "model:spacy", {"ru": "Балхаш"})
    b = rec("PLACE", "Балқаш", 1.0, "gazetteer:places", {"ru": "Балхаш"})
    c = rec("ORG", "Балқаш қаласында", 0.5, "model:spacy")
    x = record_features(a, [a, b, c], aligned=True)
    assert x["agreeing_sources"] == 1 and x["conflicting_overlap"] == 1 and x["aligned_ru"] == 1
    assert x["logit_model"] == pytest.approx(math.log(0.7 / 0.3)) and x["label_PLACE"] == 1
    assert record_features(c)["norm_missing"] == 1 and x["norm_missing"] == 0


def test_confidence_stage_applies_shipped_parameters(tmp_path):
    weights = {f: 0.0 for f in FEATURES}
    weights["src_rules"], weights["norm_missing"] = 1.0, -2.0
    path = Calibrator(weights, 0.0).save(tmp_path / "confidence.json")
    assert load_calibrator(path).weights == weights
    doc = Document("d", TEXT, records=[rec("DATE", "1953 жылы", 0.99, norm={"iso": "1953"}),
                                       rec("PLACE", "Балқаш", 0.99)])
    doc.records[1].status = "reviewed"
    config = RunConfig(components=[], stages=["confidence"], options={"confidence_params": str(path)})
    result = Pipeline(config).run_documents([doc])
    sig = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    assert result.documents[0].records[0].confidence == pytest.approx(sig(1.0), abs=1e-4)
    assert result.documents[0].records[1].confidence == 0.99  # a human's span is never re-scored
    (tmp_path / "broken.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json: unreadable confidence calibration"):
        load_calibrator(tmp_path / "broken.json")


def test_fit_writes_weights_for_every_feature():
    examples = [Example({f: float(i % 2) for f in FEATURES}, i % 3 != 0, 0.5, str(i), "gold") for i in range(30)]
    cal = fit(examples, info={"n": 30})
    assert list(cal.weights) == list(FEATURES) and cal.info == {"n": 30}


def test_routing_counts_wrong_and_pushed_records():
    records = [rec("DATE", "1953 жылы", 0.9, norm={"iso": "1953"}),       # right, pushed with Балқаш
               rec("PLACE", "Балқаш", 0.3, norm={"ru": "Балхаш"}),         # wrong (gold: Балқаш қаласында), pushed
               rec("TIME", "Сағат 5-те", 0.95, norm={"time": "05:00"})]   # wrong value, not pushed
    gold = GoldDocument("d", [GoldSpan(0, 9, "DATE", "1953"),
                              GoldSpan(TEXT.index("Балқаш"), TEXT.index("Балқаш") + 16, "PLACE", "Балхаш"),
                              GoldSpan(TEXT.index("Сағат"), TEXT.index("Сағат") + 10, "TIME", "06:00")])
    docs = {"d": {"text": TEXT, "sentences": split_sentences(TEXT)}}
    r = routing(records, docs, [gold], threshold=0.5)
    assert (r.records, r.wrong, r.pushed, r.wrong_pushed) == (3, 2, 2, 1)
    assert r.wrong_caught == 0.5 and r.share_pushed == pytest.approx(2 / 3)
    assert "wrong records pushed  50.0% (1/2)" in r.line()


def test_missing_label_studio_is_a_clear_error(tmp_path):
    with pytest.raises(ServerError, match="run `make labelstudio`"):
        label_studio_executable(tmp_path / "nowhere")


def test_no_api_key_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    with pytest.raises(LabelStudioError, match="LABEL_STUDIO_API_KEY"):
        Connection.resolve("http://127.0.0.1:1", None)


def test_eval_prints_routing_for_the_threshold(tmp_path, capsys):
    from pipeline.cli import main
    from pipeline.output import write_run
    from pipeline.runner import RunResult

    records = [rec("DATE", "1953 жылы", 0.9, norm={"iso": "1953"}, doc_id="t"),
               rec("PLACE", "Балқаш", 0.3, norm={"ru": "Балхаш"}, doc_id="t"),
               rec("TIME", "Сағат 5-те", 0.95, norm={"time": "05:00"}, doc_id="t")]
    doc = Document("t", TEXT, records=records, sentences=split_sentences(TEXT))
    write_run(RunResult(documents=[doc]), tmp_path / "run")
    gold = {"doc_id": "t", "annotated_until_char": len(TEXT), "spans": [
        {"start": 0, "end": 9, "label": "DATE", "norm": "1953"},
        {"start": TEXT.index("Балқаш"), "end": TEXT.index("Балқаш") + 16, "label": "PLACE", "norm": "Балхаш"},
        {"start": TEXT.index("Сағат"), "end": TEXT.index("Сағат") + 10, "label": "TIME", "norm": "06:00"}]}
    (tmp_path / "t.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(tmp_path / "run"), str(tmp_path / "t.gold.json"), "--threshold", "0.96"]) == 0
    out = capsys.readouterr().out
    assert "T=0.96: wrong records pushed 100.0% (2/2), all records pushed 100.0% (3/3)" in out
    assert "sweep T=0.5: wrong records pushed  50.0% (1/2), all records pushed  66.7% (2/3)" in out
    assert "least effort catching >= 80% of wrong records (chosen on this gold: optimistic): T=0.955:" in out


def test_context_features_initial_before_and_cut_word():
    text = "Бұл туралы Д. Қонаев жазды. Жезқазғандағы шахта."
    s = text.index("Қонаев")
    place = Record("d", "PLACE", s, s + 6, "Қонаев", confidence=0.95, source="gazetteer:places")
    x = record_features(place, text=text)
    assert x["initial_before"] == 1 and x["inside_token"] == 0
    s = text.index("Жезқазған")
    cut = Record("d", "PLACE", s, s + 9, "Жезқазған", confidence=0.95, source="gazetteer:places")
    whole = Record("d", "PLACE", s, s + 13, "Жезқазғандағы", confidence=0.95, source="gazetteer:places")
    assert record_features(cut, text=text)["inside_token"] == 1
    assert record_features(whole, text=text)["inside_token"] == 0 and record_features(whole, text=text)["initial_before"] == 0


def test_evidence_remembers_agreement_the_merge_removes():
    from pipeline.review.confidence import overlap_evidence

    rule = rec("PLACE", "Балқаш қаласында", 0.85, "rules:places")
    model = rec("PLACE", "Балқаш", 0.7, "model:spacy")
    other = rec("ORG", "Балқаш", 0.5, "model:spacy")
    alone = rec("DATE", "1953 жылы", 0.9, "rules:dates")
    ev = overlap_evidence([alone, model, rule, other])
    assert ev[rule.id] == {"rules", "model"} and ev[model.id] == {"rules", "model"}
    assert ev[other.id] == {"model"} and ev[alone.id] == {"rules"}
    assert record_features(rule, [], evidence=ev[rule.id])["agreeing_sources"] == 1


def test_shipped_calibration_sets_probabilities_on_a_run(fixtures_dir):
    shipped = load_calibrator()
    assert shipped is not None, "models/confidence.json is missing: run `jazba review calibrate`"
    assert set(shipped.weights) == set(FEATURES)
    assert shipped.info["ece_cross_validated_all"] <= 0.08
    text = (fixtures_dir / "heldout" / "heldout_kk.txt").read_text(encoding="utf-8")
    config = RunConfig(components=["sentences", "kk.dates", "kk.numbers", "kk.names", "review.evidence", "kk.entities"],
                       stages=["entities"])
    raw = Pipeline(config).run_documents([Document("h", text)]).documents[0].records
    config.stages = ["entities", "confidence"]
    calibrated = Pipeline(config).run_documents([Document("h", text)]).documents[0].records
    assert [r.id for r in raw] == [r.id for r in calibrated] and raw
    assert all(0 < r.confidence < 1 for r in calibrated)
    assert any(a.confidence != b.confidence for a, b in zip(raw, calibrated))


def test_server_credentials_persist_in_the_data_dir(tmp_path):
    from pipeline.review.server import LocalServer

    first = LocalServer.for_data_dir(tmp_path / "ls", port=1234)
    again = LocalServer.for_data_dir(tmp_path / "ls")
    assert (again.username, again.password, again.token) == (first.username, first.password, first.token)
    assert len(first.token) == 40 and first.port == 1234
    # the file `scripts/labelstudio.sh start` writes (printf %q) reads the same way
    (tmp_path / "sh").mkdir()
    (tmp_path / "sh" / "credentials.env").write_text(
        "LS_USERNAME=reviewer@jazba.local\nLS_PASSWORD=1f2e3d4c5b6a7988\nLS_TOKEN=abc\n")
    sh = LocalServer.for_data_dir(tmp_path / "sh")
    assert (sh.username, sh.password, sh.token) == ("reviewer@jazba.local", "1f2e3d4c5b6a7988", "abc")
    env = sh.environment()
    assert env["LABEL_STUDIO_USER_TOKEN"] == "abc" and env["COLLECT_ANALYTICS"] == "false"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="аәбҚқ. \n1Ж", min_size=1, max_size=80), st.data())
def test_every_record_lands_in_exactly_one_context_with_exact_offsets(text, data):
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 8)), max_size=8))
    records = []
    for start, width in spans:
        end = min(len(text), start + width)
        rid = f"d:DATE:{start}-{end}"
        if all(r.id != rid for r in records):
            records.append(Record("d", "DATE", start, end, text[start:end], confidence=0.4))
    ctxs = contexts("d", "f" * 64, text, split_sentences(text), records)
    assert sorted(r.id for c in ctxs for r in c.records) == sorted(r.id for r in records)
    for a, b in zip(ctxs, ctxs[1:]):
        assert a.end <= b.start  # contexts never overlap: one record, one task
    for c in ctxs:
        task = build_task(c, text, "v")
        body = task["data"]["text"]
        for item in task["predictions"][0]["result"]:
            if item["type"] == "labels":
                s, e = item["value"]["start"], item["value"]["end"]
                assert body[s:e] == item["value"]["text"] == text[c.start + s:c.start + e]
