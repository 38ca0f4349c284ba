"""Cross-lingual entity linking (pipeline.align.entities) and the link evaluation helper."""
from __future__ import annotations

import pytest

from pipeline import components
from pipeline.align.entities import Entity, initials_relation, link_entities, score_person
from pipeline.align.evaluate import GoldError, link_scores, load_gold
from pipeline.registry import DOC_COMPONENTS
from pipeline.runner import Pipeline, RunConfig


def align_pipeline() -> Pipeline:
    """The default pipeline without the statistical NER model: linking is tested on rule output."""
    components.load_all()
    if "kk.entities" not in DOC_COMPONENTS:
        pytest.skip("pipeline.names (kk.entities) is not installed: no Kazakh entities to link")
    comps = [c for c in components.DEFAULT_COMPONENTS if c != "kk.ner"]
    return Pipeline(RunConfig(components=comps))


def _person(eid, surname, initials, lang="kk", roles=()):
    from pipeline.align.entities import surname_key

    return Entity(eid, "PERSON", lang, f"{surname} {initials}".strip(), surname_key(surname), surname, initials,
                  roles=set(roles))


@pytest.mark.parametrize("a,b,rel", [
    ("С. Н.", "С. Н.", "equal"), ("С.", "С. Н.", "compatible"), ("", "Р. А.", "compatible"),
    ("С. Б.", "С. Е.", "patronymic_conflict"), ("Т.", "Н. К.", "conflict"),
])
def test_initials_relation(a, b, rel):
    assert initials_relation(a, b) == rel


def test_conflicting_first_initial_is_never_a_link():
    assert score_person(_person("k", "Оспанов", "Т."), _person("r", "Оспанов", "Н. К.", "ru"))[0] == 0.0


def test_patronymic_conflict_links_with_evidence_and_a_lower_score():
    """Issue 14: a variant patronymic initial (typo, OCR) is a link sent to review, not a dropped one."""
    kk = _person("k", "Егоров", "С. Е.")
    links = link_entities([kk], [_person("r1", "Егоров", "С. Б.", "ru")])
    assert [(l.ru.entity_id, l.evidence["conflict"]) for l in links] == [("r1", "patronymic")]
    exact = link_entities([kk], [_person("r2", "Егоров", "С. Е.", "ru")])
    assert links[0].score < exact[0].score and "conflict" not in exact[0].evidence
    # An exact candidate beats the variant.
    links = link_entities([kk], [_person("r1", "Егоров", "С. Б.", "ru"), _person("r2", "Егоров", "С. Е.", "ru")])
    assert [(l.ru.entity_id, l.ru.canonical) for l in links] == [("r2", "Егоров С. Е.")]


def test_equal_candidates_leave_the_entity_unlinked():
    kk = _person("k", "Петров", "")
    ru = [_person("r1", "Петров", "А. В.", "ru"), _person("r2", "Петров", "И. И.", "ru")]
    assert link_entities([kk], ru) == []


def test_agreeing_role_is_evidence():
    kk = _person("k", "Петров", "А. В.", roles=["министр внутренних дел"])
    ru = _person("r", "Петров", "А. В.", "ru", roles=["министр внутренних дел СССР"])
    score, evidence = score_person(kk, ru)
    assert evidence["role"] == "agree" and score > score_person(_person("k", "Петров", "А. В."), ru)[0]


def test_fixture_links(fixtures_dir):
    result = align_pipeline().run([str(fixtures_dir / "kk_telegram_1152.txt")],
                                  ru_inputs=[str(fixtures_dir / "ru_telegram_1152.txt"),
                                             str(fixtures_dir / "ru_report_0917.txt")])
    kk = result.kk_documents[0]
    linked = {r.text: r.norm.get("ru") for r in kk.records if r.norm.get("ru_entity_id")}
    assert linked["В. П. Сидоренконың"] == "Сидоренко В. П."
    assert linked["А. И. Ломакинге"] == "Ломакин А. И."
    assert linked["Ломакин"] == "Ломакин А. И."
    # Absent from the Russian side, or a different person: no link.
    for text in ("Т. Оспанов", "Жақыпов", "Мәскеудегі", "Қарағанды облысындағы"):
        assert text not in linked
    rows = [a for a in result.alignments if a["type"] == "entity" and a["label"] == "PERSON"]
    row = next(a for a in rows if a["ru_canonical"] == "Сидоренко В. П.")
    assert row["ru_doc_id"] == "ru_telegram_1152" and row["ru_texts"] == ["В.П. Сидоренко", "В. СИДОРЕНКО"]
    assert row["evidence"]["initials"]["relation"] == "equal" and row["evidence"]["surname"] == "equal"
    assert 0.65 <= row["score"] <= 1.0 and row["kk_entity_id"] and row["ru_spans"] == [[56, 70], [535, 547]]
    # The Russian name came from the Russian source; the rule-made one is kept when it differed.
    lomakin = next(r for r in kk.records if r.text == "Ломакин")
    assert lomakin.norm["ru"] == "Ломакин А. И." and lomakin.norm["ru_entity_id"] == "ru:PERSON:ломакин-аи"
    unit = next(r for r in kk.records if r.text == "2-ші лагерь бөлімшесіндегі")
    assert unit.norm["ru"] == "лаготделение № 2" and unit.norm["ru_entity_id"] == "ru:PLACE:unit:2"


KK_FIXTURES = ("kk_telegram_1152.txt", "kk_special_report_0115.txt")
RU_FIXTURES = ("ru_telegram_1152.txt", "ru_report_0917.txt", "ru_special_report_0115.txt")


def test_link_precision_recall_on_fixture_gold(fixtures_dir):
    """Both Kazakh fixtures against all three Russian ones: every pairing is a chance for a wrong link."""
    result = align_pipeline().run([str(fixtures_dir / f) for f in KK_FIXTURES],
                                  ru_inputs=[str(fixtures_dir / f) for f in RU_FIXTURES])
    scores = link_scores(result, load_gold(fixtures_dir / "kk_ru_links_gold.json"))
    for label in ("PERSON", "PLACE"):
        assert scores[label]["precision"] >= 0.95, scores[label]
        assert scores[label]["recall"] >= 0.90, scores[label]
    assert (scores["all"]["tp"], scores["all"]["fp"], scores["all"]["fn"]) == (14, 0, 0)


def test_bad_gold_file_names_the_file(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('[{"label": "PERSON", "kk": "x"}]', encoding="utf-8")
    with pytest.raises(GoldError, match="gold.json: entry 0"):
        load_gold(bad)


def test_no_russian_documents_no_links(fixtures_dir):
    result = align_pipeline().run([str(fixtures_dir / "kk_telegram_1152.txt")])
    assert result.alignments == []
    assert all("ru_entity_id" not in r.norm for d in result.documents for r in d.records)


def test_feminine_kazakh_norm_meets_masculine_russian_nominative():
    kk = _person("k", "Жумадилова", "А. К.")
    ru = _person("r", "Жумадилов", "А. К.", "ru")  # `Жумадиловой А.К.` read as the masculine nominative
    links = link_entities([kk], [ru])
    assert [l.ru.entity_id for l in links] == ["r"]


def test_evaluate_an_existing_run_directory(fixtures_dir, tmp_path, capsys):
    from pipeline.align.evaluate import main, predictions_from_run_dir
    from pipeline.output import write_run

    result = align_pipeline().run([str(fixtures_dir / "kk_telegram_1152.txt")],
                                  ru_inputs=[str(fixtures_dir / "ru_telegram_1152.txt"),
                                             str(fixtures_dir / "ru_report_0917.txt")])
    write_run(result, tmp_path)
    gold = load_gold(fixtures_dir / "kk_ru_links_gold.json")
    assert link_scores(predictions_from_run_dir(tmp_path), gold) == link_scores(result, gold)
    assert link_scores(result, gold)["PERSON"]["tp"] == 3
    assert main(["--run", str(tmp_path), "--gold", str(fixtures_dir / "kk_ru_links_gold.json")]) == 0
    out = capsys.readouterr().out
    assert "PERSON" in out and "1.000" in out
    assert main(["--run", str(tmp_path / "missing"), "--gold", str(fixtures_dir / "kk_ru_links_gold.json")]) == 2
