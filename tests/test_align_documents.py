"""Document matching, value alignment and telegram records (pipeline.align), on our fixture pair
and end to end on the shared samples (`../shared`, skipped when absent)."""
from __future__ import annotations

import json

import pytest

from pipeline.align.passages import split_passages
from pipeline.output import write_run
from test_align_links import align_pipeline


@pytest.fixture(scope="module")
def fixture_run(fixtures_dir):
    return align_pipeline().run([str(fixtures_dir / "kk_telegram_1152.txt")],
                                ru_inputs=[str(fixtures_dir / "ru_telegram_1152.txt"),
                                           str(fixtures_dir / "ru_report_0917.txt")])


@pytest.fixture(scope="module")
def shared_run(shared_dir):
    return align_pipeline().run([str(shared_dir / "samples" / "kk")], ru_inputs=[str(shared_dir / "samples" / "ru")])


def test_passages_cut_at_citations(fixture_run):
    kk = fixture_run.kk_documents[0]
    passages = split_passages(kk)
    assert [p.citation for p in passages] == ["1", None]
    p = passages[0]
    assert kk.text[p.header[0]:p.header[1]].startswith("1952 жылғы 12 тамызда")
    assert kk.text[p.header[0]:p.header[1]].rstrip().endswith("жеделхатында")
    assert p.kind == "telegram" and kk.text[p.quote[0]] in ":«"


def test_fixture_document_match_and_values(fixture_run):
    docs = [a for a in fixture_run.alignments if a["type"] == "document"]
    assert len(docs) == 1
    m = docs[0]
    assert m["ru_doc_id"] == "ru_telegram_1152" and m["citation"] == "1"
    assert m["evidence"]["number"] == "equal" and m["evidence"]["date"] == "equal"
    assert 0.5 <= m["score"] <= 1.0
    values = {(a["kk_text"], a["ru_text"]) for a in fixture_run.alignments if a["type"] == "value"}
    assert values == {("осы жылдың 11 тамызында", "11 августа с. г."), ("1 мыңнан астам", "свыше 1 тысячи"),
                      ("200-ге жуық", "около 200")}


def test_fixture_telegrams(fixture_run, tmp_path):
    paths = write_run(fixture_run, tmp_path)
    rows = [json.loads(line) for line in paths["telegrams"].read_text("utf-8").splitlines()]
    kk = [r for r in rows if r["side"] == "kk"]
    assert len(kk) == 1
    t = kk[0]
    assert (t["kind"], t["number"], t["date"]) == ("telegram", "1152", "1952-08-12")
    assert [(p["name"], p["role"]) for p in t["senders"]] == [("Сидоренко В. П.", "министр внутренних дел Казахской ССР")]
    assert [p["name"] for p in t["recipients"]] == ["Ломакин А. И."]
    assert t["subject"] == "2-ші лагерь бөлімшесіндегі жағдай туралы"
    assert t["matched"]["ru_doc_id"] == "ru_telegram_1152"
    ru = {r["doc_id"]: r for r in rows if r["side"] == "ru"}
    assert ru["ru_telegram_1152"]["matched"][0]["kk_passage_id"] == t["id"]
    assert ru["ru_report_0917"]["matched"] == []  # nothing in the Kazakh text reports it
    assert ru["ru_report_0917"]["senders"][0]["name"] == "Оспанов Н. К."
    align_rows = [json.loads(line) for line in paths["alignments"].read_text("utf-8").splitlines()]
    assert {"entity", "document", "value"} == {r["type"] for r in align_rows}


# -- end to end on the shared samples ---------------------------------------------------------

def _linked(result):
    kk = result.kk_documents[0]
    out = {}
    for r in kk.records:
        if r.label == "PERSON":
            out.setdefault(r.norm.get("surname"), set()).add(r.norm.get("ru") if r.norm.get("ru_entity_id") else None)
    return out


def test_shared_persons_link_to_the_right_russian_entity(shared_run):
    linked = _linked(shared_run)
    assert linked["Круглов"] == {"Круглов С. Н."}
    assert linked["Руденко"] == {"Руденко Р. А."}
    assert linked["Егоров"] == {"Егоров С. Е."}
    rows = [a for a in shared_run.alignments if a["type"] == "entity" and a["label"] == "PERSON"]
    by_person = {}
    for a in rows:
        by_person.setdefault(a["ru_canonical"], set()).add(a["ru_doc_id"])
    assert by_person["Круглов С. Н."] == {"03_telegram-71_kruglov-to-egorov_1954-06-03",
                                          "04_telegram-724_kruglov-rudenko-to-egorov_1954-06-04"}
    assert "04_telegram-724_kruglov-rudenko-to-egorov_1954-06-04" in by_person["Егоров С. Е."]


def test_shared_persons_absent_from_russian_stay_unlinked(shared_run):
    linked = _linked(shared_run)
    for surname in ("Губин", "Юсупов", "Долгих", "Бочков", "Щетинин", "Коновалов", "Мелешенко", "Сысоев"):
        if surname in linked:
            assert linked[surname] == {None}, surname


def test_shared_citation_8_matches_the_26_may_report(shared_run):
    docs = [a for a in shared_run.alignments if a["type"] == "document"]
    m = [a for a in docs if a["citation"] == "8"]
    assert len(m) == 1 and m[0]["ru_doc_id"] == "01_kruglov-rudenko_report_1954-05-26"
    # No other passage is forced onto a Russian document it does not report.
    assert all(a["citation"] == "8" for a in docs)
    values = {(a["label"], a["value"]) for a in shared_run.alignments
              if a["type"] == "value" and a["ru_doc_id"] == "01_kruglov-rudenko_report_1954-05-26"}
    assert ("NUMBER", 4000) in values
    assert ("DATE", "1954-05-25") in values
    texts = {(a["kk_text"], a["ru_text"]) for a in shared_run.alignments if a["type"] == "value"}
    assert any(k.startswith("4 мыңнан астам") and r == "свыше 4 тысяч" for k, r in texts)


def test_shared_telegram_records(shared_run):
    kk = {t["number"]: t for t in shared_run.telegrams if t["side"] == "kk" and t["number"]}
    t = kk["0/460"]
    assert t["date"] == "1954-05-20"
    assert [(p["name"], p["role"]) for p in t["senders"]] == [
        ("Юсупов С. Ю.", "заместитель министра внутренних дел Казахской ССР")]
    assert [(p["name"], p["role"]) for p in t["recipients"]] == [
        ("Егоров С. Е.", "заместитель министра внутренних дел СССР")]
    ru = {t["doc_id"]: t for t in shared_run.telegrams if t["side"] == "ru"}
    h = ru["03_telegram-71_kruglov-to-egorov_1954-06-03"]
    assert (h["number"], h["date"], h["route"]) == ("71", "1954-06-03", {"from": "Москва", "to": "Кенгир"})
    assert h["signatory"]["name"] == "Круглов С. Н." and h["archive_ref"]["fond"] == "9421"
    cited = next(t for t in shared_run.telegrams if t["side"] == "kk" and t["citation"] == "8")
    assert (cited["kind"], cited["date"]) == ("report", "1954-05-26")
    assert [p["name"] for p in cited["senders"]] == ["Круглов С. Н.", "Руденко Р. А."]
    assert {p["name"] for p in cited["recipients"]} == {"Совет Министров СССР", "ЦК КПСС"}
    assert cited["matched"]["ru_doc_id"] == "01_kruglov-rudenko_report_1954-05-26"
    report = ru["01_kruglov-rudenko_report_1954-05-26"]
    assert report["date"] == "1954-05-26"
    assert {p["name"] for p in report["recipients"]} == {"Совет Министров СССР", "ЦК КПСС"}
    assert report["matched"] and report["matched"][0]["kk_passage_id"].startswith("steplag_kengir_1954:passage:")


def test_fragments_and_empty_russian_documents_do_not_break_the_stages(fixtures_dir):
    from pipeline.records import Document

    kk_text = (fixtures_dir / "kk_telegram_1152.txt").read_text("utf-8")
    docs = [Document(doc_id="kk", text=kk_text, lang="kk"),
            Document(doc_id="ru_empty", text="", lang="ru"),
            Document(doc_id="ru_gap", text="[…missing…]\n", lang="ru"),
            Document(doc_id="ru_prose", text="Сообщаю, что работы идут по плану.", lang="ru")]
    result = align_pipeline().run_documents(docs)
    assert [a for a in result.alignments if a["type"] == "document"] == []  # nothing to match: no forced match
    ru_rows = {t["doc_id"]: t for t in result.telegrams if t["side"] == "ru"}
    assert set(ru_rows) == {"ru_empty", "ru_gap", "ru_prose"}
    assert all(t["number"] is None and t["matched"] == [] for t in ru_rows.values())
    kk_rows = [t for t in result.telegrams if t["side"] == "kk"]
    assert len(kk_rows) == 1 and kk_rows[0]["matched"] is None


_KK_PIECES = ["1954 жылғы 20 мамырда ", "№ 0/460 ", "С. Е. Егоровқа ", "Кругловтың ", "жеделхатта: «", "» [1]. ",
              "4 мыңнан астам ", "Қарағандыдан ", "туралы ", "\n", "-\n", "3-ші лагерь бөлімшесінде ", "[2]"]
_RU_PIECES = ["Телеграмма № 0/460 ", "20 мая 1954 г. ", "С.Е. Егорову ", "Круглова ", "свыше 4 тысяч ",
              "Из Москвы в Кенгир\n", "3-м лагерном отделении ", "ГАРФ. Ф. 1. Оп. 2. Д. 3. Л. 4.", "\n", "тов. "]


def _check_rows_point_into_documents(result):
    texts = {d.doc_id: d.text for d in result.documents}
    for row in result.alignments:
        if row["type"] in ("entity", "value"):
            for (s, e), t in zip(row["ru_spans"], row.get("ru_texts") or [row["ru_text"]]):
                assert texts[row["ru_doc_id"]][s:e] == t
        if row["type"] == "document":
            s, e = row["kk_span"]
            assert 0 <= s < e <= len(texts[row["kk_doc_id"]])
    for t in result.telegrams:
        if t["side"] == "kk":
            s, e = t["span"]
            assert texts[t["doc_id"]][s:e].strip() == t["text"]


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(kk=st.lists(st.sampled_from(_KK_PIECES), max_size=14), ru=st.lists(st.sampled_from(_RU_PIECES), max_size=10))
def test_alignment_rows_point_into_the_documents(kk, ru):
    from pipeline.records import Document

    docs = [Document(doc_id="kk", text="".join(kk), lang="kk"), Document(doc_id="ru", text="".join(ru), lang="ru")]
    result = _PIPE().run_documents(docs)  # the runner re-checks every record's offsets after the stages
    _check_rows_point_into_documents(result)


def _PIPE():
    global _CACHED
    try:
        return _CACHED
    except NameError:
        _CACHED = align_pipeline()
        return _CACHED


def test_shared_rows_point_into_the_documents(shared_run):
    _check_rows_point_into_documents(shared_run)


def test_cli_run_with_russian_inputs_writes_alignments_and_telegrams(fixtures_dir, tmp_path):
    from pipeline.cli import main

    try:
        from pipeline.ner.model import ModelNotFoundError, find_model

        find_model(None)
    except ImportError:
        pass
    except ModelNotFoundError as exc:
        pytest.skip(f"`jazba run` needs the Kazakh NER model, not installed here: {str(exc).splitlines()[0]}")
    out = tmp_path / "out"
    rc = main(["run", str(fixtures_dir / "kk_telegram_1152.txt"), "--ru", str(fixtures_dir / "ru_telegram_1152.txt"),
               "--ru", str(fixtures_dir / "ru_report_0917.txt"), "--out", str(out), "--quiet", "--no-store"])
    assert rc == 0
    records = [json.loads(line) for line in (out / "records.jsonl").read_text("utf-8").splitlines()]
    assert {r["lang"] for r in records} == {"kk", "ru"}
    alignments = [json.loads(line) for line in (out / "alignments.jsonl").read_text("utf-8").splitlines()]
    assert any(a["type"] == "entity" and a["ru_canonical"] == "Сидоренко В. П." for a in alignments)
    telegrams = [json.loads(line) for line in (out / "telegrams.jsonl").read_text("utf-8").splitlines()]
    assert {t["side"] for t in telegrams} == {"kk", "ru"}


def test_reported_document_without_a_quote_is_a_reference():
    from pipeline.align.passages import reference_of, split_passages
    from pipeline.records import Document

    text = ("Көтеріліс басылды. 1952 жылғы 3 қыркүйектегі А. И. Ломакиннің баяндамасында 300-ден астам "
            "адам жұмысқа шықпағаны айтылған [3]. Келесі күні жұмыс басталды.")
    doc = align_pipeline().process(Document(doc_id="rep", text=text, lang="kk"))
    refs = [reference_of(doc, p) for p in split_passages(doc)]
    refs = [r for r in refs if r is not None]
    assert len(refs) == 1
    r = refs[0]
    assert (r.kind, r.date, r.passage.citation, r.passage.quote) == ("report", "1952-09-03", "3", None)
    assert [p.text for p in r.senders] == ["А. И. Ломакиннің"]


def test_a_date_and_a_topic_alone_do_not_match(fixtures_dir):
    from pipeline.align.documents import _specific
    from pipeline.records import Document

    assert not _specific({"date": "equal", "entities": ["ru:PLACE:балхаш"], "cognate_overlap": 0.3})
    assert _specific({"number": "equal"}) and _specific({"values": [["300", "300"]]})
    kk = Document(doc_id="kk_topic", lang="kk",
                  text="1952 жылғы 17 қыркүйектегі жеделхатта: «Балқаштағы құрылыста заключенные жұмыс істейді» [2].")
    ru = Document(doc_id="ru_report_0917", lang="ru", text=(fixtures_dir / "ru_report_0917.txt").read_text("utf-8"))
    result = align_pipeline().run_documents([kk, ru])
    assert [a for a in result.alignments if a["type"] == "document"] == []
    row = next(t for t in result.telegrams if t["side"] == "kk")
    assert row["date"] == "1952-09-17" and row["matched"] is None


def test_citation_markers_with_pages_cut_passages():
    from pipeline.align.passages import split_passages
    from pipeline.records import Document

    text = "Бірінші бөлім [3, 45-б.]. Екінші бөлім [4; 5]. Соңы [1954 жыл]."
    assert [p.citation for p in split_passages(Document(doc_id="c", text=text, lang="kk"))] == ["3", "4", None]
