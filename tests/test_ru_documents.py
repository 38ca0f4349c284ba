"""Issue 14: Russian documents as they come -- statistical NER beside the rules, signature blocks,
archive references, furniture, variant spellings linked with evidence, corpus-wide entity ids,
telegram rows in the store, entity and telegram exports. Every text here is our own."""
from __future__ import annotations

import json
import sqlite3

import pytest

from pipeline import components
from pipeline.align.entities import Entity, assign_corpus_ids, group_russian, link_entities, score_person
from pipeline.evaluate import GoldDocument, GoldSpan, evaluate, value_matches
from pipeline.records import Document, Record
from pipeline.runner import Pipeline, RunConfig, RunResult
from pipeline.store.schema import SCHEMA_VERSION
from pipeline.extract.archrefs import find_archrefs
from pipeline.ru.furniture import furniture_spans
from pipeline.ru.ner import person_parts, phrase_nominative
from pipeline.ru.persons import find_caps_signatures, find_persons
from pipeline.ru.places import latin_lookalikes_to_cyrillic
from pipeline.ru.roles import find_roles

RU = ["sentences", "ru.dates", "ru.times", "ru.docnums", "ru.numbers", "ru.archrefs", "ru.entities", "ru.ner",
      "ru.headers"]


def _pipe(comps=RU, stages=()):
    components.load_all()
    return Pipeline(RunConfig(components=list(comps), stages=list(stages)))


# --- archive references ---------------------------------------------------------------------------
@pytest.mark.parametrize("text,ref", [
    ("Источник: ГАКО. Ф. 12. Оп. 3. Д. 45. Л. 6–8.", "ГАКО|12|3|45|6–8"),
    ("см. ЦГА РК. Ф. Р-77. Оп. 1. Д. 9. Л. 10 об.", "ЦГА РК|Р-77|1|9|10 об."),
    ("(ГАРФ. Ф. 5446. Оп. 2. Д. 30. Л. 1–2 об.)", "ГАРФ|5446|2|30|1–2 об."),
    ("Архив УКНБ по Павлодарской области. Д. 0-777. Л. 15", "Архив УКНБ по Павлодарской области|||0-777|15"),
    ("в деле Д. 15 имеется", ""),  # a file number alone is no reference
])
def test_archrefs_parse_fields(text, ref):
    found = find_archrefs(text)
    if not ref:
        assert found == []
        return
    assert len(found) == 1 and found[0].ref == ref
    a = found[0]
    assert text[a.start:a.end].startswith(a.archive) and not text[a.start:a.end].endswith(".")


def test_archref_is_one_record_and_no_number_inside():
    text = "Доклад составлен 5 мая 1950 г.\nГАРФ. Ф. 1234. Оп. 5. Д. 678. Л. 90–95.\nВсего 300 человек."
    doc = _pipe().process(Document(doc_id="a", text=text, lang="ru"))
    arch = [r for r in doc.records if r.label == "ARCHREF"]
    assert len(arch) == 1 and arch[0].norm["ref"] == "ГАРФ|1234|5|678|90–95"
    assert arch[0].norm["fond"] == "1234" and arch[0].norm["list"] == "90–95"
    inside = [r for r in doc.records if r.label != "ARCHREF" and arch[0].start < r.end and r.start < arch[0].end]
    assert inside == []
    assert any(r.label == "NUMBER" and r.norm["value"] == 300 for r in doc.records)


def test_evaluator_compares_archref_as_one_string():
    norm = {"archive": "ГАРФ", "fond": "1", "opis": "2", "delo": "3", "list": "4–5"}
    assert value_matches("ARCHREF", "ГАРФ|1|2|3|4–5", norm)
    assert not value_matches("ARCHREF", "ГАРФ|1|2|3|4", norm)  # `|` is not an alternative here
    rec = Record("d", "ARCHREF", 0, 10, "x" * 10, norm)
    result = evaluate([rec], [GoldDocument("d", [GoldSpan(0, 10, "ARCHREF", "ГАРФ|1|2|3|4–5")])], labels=["ARCHREF"])
    assert result.labels["ARCHREF"].exact.f1 == 1.0 and result.labels["ARCHREF"].value_accuracy == 1.0


# --- furniture --------------------------------------------------------------------------------------
def test_furniture_phrases_from_the_data_file():
    text = "Совершенно секретно\nЭкз. № 3\nШифром\nИсходя из обстановки, прошу\nКопия\nон сказал: исходя"
    found = [text[s:e] for s, e in furniture_spans(text)]
    assert found == ["Совершенно секретно", "Экз. № 3", "Шифром", "Исходя", "Копия"]


def test_furniture_is_never_an_entity():
    text = "Сов. секретно\nЭкз. № 1\nШифром\nКопия\nНачальнику управления тов. Смирнову А. П."
    doc = _pipe().process(Document(doc_id="f", text=text, lang="ru"))
    head = text.index("Начальнику")
    assert [r for r in doc.records if r.start < head and r.label != "ARCHREF"] == []


# --- persons: signatures, lists, names --------------------------------------------------------------
def test_signature_blocks_and_caps_lists():
    text = ("Начальник управления\nполковник                 ЗАХАРЧЕНКО\n\n"
            "ЛЕВАШОВ, ПРОНИН, ДОЛГИХ\n\nПРИКАЗ\nРАСПОРЯЖЕНИЕ по лагерю")
    found = {text[s:e]: n for s, e, n in find_caps_signatures(text)}
    assert found == {"ЗАХАРЧЕНКО": "Захарченко", "ЛЕВАШОВ": "Левашов", "ПРОНИН": "Пронин", "ДОЛГИХ": "Долгих"}


@pytest.mark.parametrize("text,span,norm", [
    ("к ним пришла Мария Петрова вечером", "Мария Петрова", "Петрова М."),
    ("письмо от Бориса Зайцева пришло", "Бориса Зайцева", "Зайцев Б."),
    ("допрошена Смирнова Анна Петровна сегодня", "Смирнова Анна Петровна", "Смирнова А. П."),
    ("изолированы Пахомов К. И., Лукина В. А. Всего задержано", "Пахомов К. И.", "Пахомов К. И."),
])
def test_person_names_and_gender(text, span, norm):
    found = {text[p.start:p.end]: f"{p.surname} {p.initials}".strip() for p in find_persons(text)}
    assert found.get(span) == norm
    assert not any(t.endswith("Всего") for t in found)


def test_initials_do_not_join_a_heading_on_the_next_paragraph():
    text = "Председателю комиссии тов. Орлову Н. Д.\n\nДОКЛАДНАЯ ЗАПИСКА\nсообщаю"
    doc = _pipe().process(Document(doc_id="p", text=text, lang="ru"))
    persons = [(r.text, r.norm["ru"]) for r in doc.records if r.label == "PERSON"]
    assert persons == [("Орлову Н. Д.", "Орлов Н. Д.")]


def test_standalone_roles_keep_bodies_inside():
    text = "Начальник отдела кадров УМВД Омской области\nподполковник СЕМЕНОВ"
    spans = [text[s:e] for s, e in find_roles(text)]
    assert spans == ["Начальник отдела кадров УМВД Омской области"]
    doc = _pipe().process(Document(doc_id="r", text=text, lang="ru"))
    assert {r.label for r in doc.records} == {"ROLE", "PERSON"}


def test_latin_lookalikes_keep_length():
    text = "в Алма-Aте и Экибастyзе; USA стоит"
    fixed = latin_lookalikes_to_cyrillic(text)
    assert len(fixed) == len(text) and "Алма-Ате" in fixed and "Экибастузе" in fixed and "USA" in fixed


def test_places_facilities_and_numbered_camps():
    text = "Его перевели в Омскую тюрьму, потом в Особлаг № 4 МВД СССР и на шахту № 12."
    doc = _pipe().process(Document(doc_id="c", text=text, lang="ru"))
    places = {r.text: r.norm["ru"] for r in doc.records if r.label == "PLACE"}
    assert places["Омскую тюрьму"] == "Омская тюрьма"
    assert "Особлаг № 4 МВД СССР" in places and places["шахту № 12"] == "шахта № 12"
    assert not [r for r in doc.records if r.label in ("DOCNUM", "NUMBER", "ORG")]


# --- statistical NER ---------------------------------------------------------------------------------
def test_model_span_norms():
    assert person_parts("Семенов Петр Ильич") == ("Семенов", "П. И.")
    assert person_parts("Анна Котова") == ("Котова", "А.")
    assert phrase_nominative("Омской области") == "Омская область"
    assert phrase_nominative("Экибастузской ГРЭС") == "Экибастузская ГРЭС"


def test_ru_ner_fills_gaps_of_the_rules():
    from pipeline.ru.ner import available

    if not available():
        pytest.skip("slovnet model files not installed (pip install natasha slovnet navec)")
    text = ("В Лондоне Черчилль говорил с Рузвельтом. Тов. Смирнову А. П. доложить.\n"
            "Уголь отправили, письмо направили в Министерство цветной металлургии.")
    doc = _pipe().process(Document(doc_id="n", text=text, lang="ru"))
    by_source = {(r.text, r.label): r.source for r in doc.records}
    assert ("Лондоне", "PLACE") in by_source and ("Черчилль", "PERSON") in by_source
    assert by_source[("Министерство цветной металлургии", "ORG")] == "model:slovnet"
    assert ("Уголь", "PLACE") not in by_source  # a common word at a sentence start
    assert by_source[("Смирнову А. П.", "PERSON")].startswith("rules:")  # rules win where they speak
    spans = sorted((r.start, r.end) for r in doc.records)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps
    assert all(doc.text[r.start:r.end] == r.text for r in doc.records)


def test_ru_ner_without_model_files_is_a_clear_message(monkeypatch, tmp_path, capsys):
    from pipeline.ru.ner import RuNerUnavailable, model_files

    monkeypatch.setenv("JAZBA_RU_NER_DIR", str(tmp_path))
    with pytest.raises(RuNerUnavailable, match="model file"):
        model_files()


# --- variant spellings and corpus-wide ids -----------------------------------------------------------
def _ru_person(doc_id, text, surname, initials, start=0):
    return Record(doc_id, "PERSON", start, start + len(text), text,
                  {"ru": f"{surname} {initials}".strip(), "surname": surname, "initials": initials}, lang="ru")


def test_russian_variant_patronymic_joins_one_entity():
    d1 = Document("d1", "x" * 40, lang="ru", records=[_ru_person("d1", "А.Б. Орлову", "Орлов", "А. Б.")])
    d2 = Document("d2", "x" * 40, lang="ru", records=[_ru_person("d2", "А.В. Орлов", "Орлов", "А. В."),
                                                       _ru_person("d2", "А.В. Орлов", "Орлов", "А. В.", 20)])
    ents = [e for e in group_russian([d1, d2]) if e.label == "PERSON"]
    assert len(ents) == 1 and ents[0].canonical == "Орлов А. В." and ents[0].variants == {"А. Б."}
    variant = d1.records[0]
    assert variant.norm["ru"] == "Орлов А. В." and variant.norm["initials_conflict"] == "А. Б."
    assert {r.entity_id for d in (d1, d2) for r in d.records} == {ents[0].entity_id}


def test_one_letter_surname_variant_links_for_review_but_a_new_surname_never():
    kk = Entity("k", "PERSON", "kk", "Кузнецов К. И.", "кузнецов", "Кузнецов", "К. И.")
    variant = Entity("r", "PERSON", "ru", "Кузнецев К. И.", "кузнецев", "Кузнецев", "К. И.")
    score, ev = score_person(kk, variant)
    assert ev["conflict"] == "surname_variant" and 0.65 <= score < 0.7
    other = Entity("r2", "PERSON", "ru", "Козлов К. И.", "козлов", "Козлов", "К. И.")
    assert score_person(kk, other)[0] == 0.0
    first = Entity("r3", "PERSON", "ru", "Кузнецов П. И.", "кузнецов", "Кузнецов", "П. И.")
    assert link_entities([kk], [first]) == []


def test_corpus_ids_span_documents_and_languages():
    m1 = Record("k1", "PLACE", 0, 5, "Омбы", {"ru": "Омск"})
    m2 = Record("k2", "PLACE", 0, 5, "Омбы", {"ru": "Омск"})
    e1 = Entity("k1:PLACE:омск", "PLACE", "kk", "Омск", "омск", mentions=[m1])
    e2 = Entity("k2:PLACE:омск", "PLACE", "kk", "Омск", "омск", mentions=[m2])
    assign_corpus_ids([e1, e2], [])
    assert m1.entity_id == m2.entity_id == "kk:PLACE:омск"


def test_conflicting_link_goes_to_review(tmp_path):
    """A whole run: the Kazakh mention linked through a variant patronymic ends below the review threshold."""
    from pipeline.review.routing import DEFAULT_THRESHOLD

    components.load_all()
    ru = tmp_path / "ru.txt"
    ru.write_text("Начальнику управления тов. А.Б. Орлову\nДокладываю о положении в лагере.", encoding="utf-8")
    kk = tmp_path / "kk.txt"
    kk.write_text("1954 жылы А. В. Орлов лагерьге келді.", encoding="utf-8")
    comps = [c for c in components.DEFAULT_COMPONENTS if c not in ("kk.ner", "ru.ner")]
    result = Pipeline(RunConfig(components=comps)).run([str(kk)], ru_inputs=[str(ru)])
    linked = [r for d in result.kk_documents for r in d.records if r.norm.get("link_conflict")]
    assert linked and all(r.confidence < DEFAULT_THRESHOLD for r in linked)
    rows = [a for a in result.alignments if a["type"] == "entity" and a.get("review")]
    assert rows and rows[0]["evidence"]["conflict"] == "patronymic"


# --- store: telegrams (migration v3) and exports -------------------------------------------------------
def test_v2_store_upgrades_to_telegrams_and_exports(tmp_path):
    from pipeline.store import Store
    from pipeline.store.schema import MIGRATIONS
    from pipeline.store.tables import entity_table, export_entities, export_telegrams

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for step in MIGRATIONS[:2]:
        step(db)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO runs (run_id, started_at) VALUES (1, 0)")
    db.execute("INSERT INTO alignments (run_id, data) VALUES (1, '{\"type\": \"entity\"}')")
    db.commit()
    db.close()
    docs = [Document("ru1", "Тов. Орлову А. В. доложить.", lang="ru",
                     records=[_ru_person("ru1", "Орлову А. В.", "Орлов", "А. В.", 5)]),
            Document("kk1", "А. В. Орлов келді.", lang="kk",
                     records=[Record("kk1", "PERSON", 0, 11, "А. В. Орлов", {"ru": "Орлов А. В."})])]
    docs[0].records[0].entity_id = docs[1].records[0].entity_id = "ru:PERSON:орлов-ав"
    result = RunResult(documents=docs)
    result.telegrams = [{"side": "ru", "id": "ru1:header", "doc_id": "ru1", "number": "12"}]
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.alignments(1) == [{"type": "entity"}]
        store.save_run(result)
        assert export_telegrams(store, tmp_path / "t.jsonl") == 1
        assert export_entities(store, tmp_path / "e.jsonl") == 1
    rows = [json.loads(l) for l in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[0]["ru"] == "Орлов А. В." and rows[0]["kk"] == "А. В. Орлов"
    assert set(rows[0]["documents"]) == {"ru1", "kk1"} and rows[0]["initials"] == "А. В."
    assert json.loads((tmp_path / "t.jsonl").read_text(encoding="utf-8"))["number"] == "12"
    assert entity_table([]) == []


# --- more document structure ----------------------------------------------------------------------------
def test_region_lists_divisions_rivers_and_tribunals():
    from pipeline.ru.orgs import find_orgs
    from pipeline.ru.places import find_places

    text = ("Лагерь имел 3 отделения: Ивановское (главное), Петровское и Сидоровское. "
            "В Омской и Томской областях, у р. Иртыш. Осужден Военным трибуналом войск МВД Омской области.")
    places = {text[p.start:p.end]: p.canonical for p in find_places(text)}
    assert places["Ивановское"] == "Ивановское отделение" and places["Сидоровское"] == "Сидоровское отделение"
    assert places["Омской"] == "Омская область" and places["Томской областях"] == "Томская область"
    assert places["р. Иртыш"] == "Иртыш"
    orgs = {text[o.start:o.end]: o.canonical for o in find_orgs(text)}
    assert orgs["Военным трибуналом войск МВД Омской области"] == "Военный трибунал войск МВД Омской области"


def test_divisions_named_with_the_camp_of_the_document():
    text = "В Степлаге было неспокойно. Лагерь имел 2 отделения: Кенгирское и Рудничное."
    doc = _pipe().process(Document(doc_id="d", text=text, lang="ru"))
    units = {r.text: r.norm["ru"] for r in doc.records if r.subtype == "unit"}
    assert units == {"Кенгирское": "Кенгирское отделение Степлага", "Рудничное": "Рудничное отделение Степлага"}


def test_name_and_patronymic_alone_is_the_documents_person():
    text = "Писатель Семенов Петр Ильич вернулся. Позже Петр Ильич написал книгу."
    doc = _pipe().process(Document(doc_id="np", text=text, lang="ru"))
    persons = {r.text: r.norm["ru"] for r in doc.records if r.label == "PERSON"}
    assert persons == {"Семенов Петр Ильич": "Семенов П. И.", "Петр Ильич": "Семенов П. И."}


def test_addressee_lines_and_resolution_dates():
    text = "Москва, МВД СССР — тов. Круглову\nРезолюция: тов. Петрову. Разобраться. 12.VI.54"
    doc = _pipe().process(Document(doc_id="ad", text=text, lang="ru"))
    got = {(r.label, r.text) for r in doc.records}
    assert {("PLACE", "Москва"), ("ORG", "МВД СССР"), ("PERSON", "Круглову"), ("PERSON", "Петрову")} <= got
    dates = [r for r in doc.records if r.label == "DATE"]
    assert [(d.text, d.norm["iso"]) for d in dates] == [("12.VI.54", "1954-06-12")]
    assert not [r for r in doc.records if r.label == "NUMBER"]
    assert "Резолюция" not in {r.text for r in doc.records}


def test_body_named_without_its_owner_joins_the_full_name():
    def org(doc_id, text, ru):
        return Record(doc_id, "ORG", 0, len(text), text, {"ru": ru}, lang="ru")

    d1 = Document("o1", "x" * 30, lang="ru", records=[org("o1", "ГУЛАГа МВД СССР", "ГУЛАГ МВД СССР")])
    d2 = Document("o2", "x" * 30, lang="ru", records=[org("o2", "ГУЛАГ", "ГУЛАГ")])
    ents = [e for e in group_russian([d1, d2]) if e.label == "ORG"]
    assert len(ents) == 1 and ents[0].canonical == "ГУЛАГ МВД СССР" and ents[0].aliases == {"гулаг"}
    kk = Entity("k", "ORG", "kk", "ГУЛАГ", "гулаг")
    links = link_entities([kk], ents)
    assert [(l.ru.canonical, l.evidence["match"]) for l in links] == [("ГУЛАГ МВД СССР", "alias_without_owner")]


def test_enterprises_and_judicial_bodies():
    from pipeline.ru.orgs import find_orgs

    text = ("Работал на Балхашского медьзавода, потом в тресте «Казмедь». Осужден Особым совещанием при НКВД СССР, "
            "жалобу рассмотрела Военная коллегия Верховного суда СССР.")
    orgs = {text[o.start:o.end]: o.canonical for o in find_orgs(text)}
    assert orgs == {"Балхашского медьзавода": "Балхашский медеплавильный завод", "Казмедь": "Казмедь",
                    "Особым совещанием при НКВД СССР": "Особое совещание при НКВД СССР",
                    "Военная коллегия Верховного суда СССР": "Военная коллегия Верховного суда СССР"}


@pytest.mark.parametrize("text,span,norm", [
    ("допрошен С-на Владимира Яковлевича вчера", "С-на Владимира Яковлевича", "С-н В. Я."),
    ("обвиняемый Чуркин показал", "Чуркин", "Чуркин"),
    ("передать КРУГЛОВУ С.Н. лично", "КРУГЛОВУ С.Н.", "Круглов С. Н."),
])
def test_anonymised_legal_titles_and_caps_before_initials(text, span, norm):
    found = {text[p.start:p.end]: f"{p.surname} {p.initials}".strip() for p in find_persons(text)}
    assert found == {span: norm}


def test_no_person_after_a_legal_title_when_an_adjective_follows():
    assert find_persons("осужденного Военным трибуналом") == []


def test_numeric_dates_ranges_and_birth_years():
    text = "Иванов И. И., 1911 г. р., начальник с 03.05.41 по 12.08.43, снят 15.09.43."
    doc = _pipe().process(Document(doc_id="dt", text=text, lang="ru"))
    dates = {r.text: r.norm["iso"] for r in doc.records if r.label == "DATE"}
    assert dates == {"1911 г. р.": "1911", "с 03.05.41 по 12.08.43": "1941-05-03/1943-08-12", "15.09.43": "1943-09-15"}
    assert not [r for r in doc.records if r.label == "NUMBER"]


def test_first_names_alone_and_camps_in_capitals():
    text = "С ней была дочь Лидия и сын Виктор. Их отправили в АЛЖИР; в АЛЖИРе было холодно."
    doc = _pipe().process(Document(doc_id="fn", text=text, lang="ru"))
    got = {(r.label, r.text): r.norm.get("ru") for r in doc.records}
    assert got[("PERSON", "Лидия")] == "Лидия" and got[("PERSON", "Виктор")] == "Виктор"
    assert got[("PLACE", "АЛЖИР")] == "АЛЖИР" and got[("PLACE", "АЛЖИРе")] == "АЛЖИР"


def test_departments_and_more_acronyms():
    from pipeline.ru.orgs import find_orgs

    text = "Справку выдал Информационный центр прокуратуры Омской области; ГУЛПС НКВД СССР ответил."
    orgs = {text[o.start:o.end]: o.canonical for o in find_orgs(text)}
    assert orgs == {"Информационный центр прокуратуры Омской области": "Информационный центр прокуратуры Омской области",
                    "ГУЛПС НКВД СССР": "ГУЛПС НКВД СССР"}


def test_kazakh_feminine_surname_makes_the_russian_entity_a_woman():
    ru_rec = _ru_person("r", "Жумабаевой А.", "Жумабаев", "А.")
    ru = Entity("r", "PERSON", "ru", "Жумабаев А.", "жумабаев", "Жумабаев", "А.", mentions=[ru_rec])
    kk = Entity("k", "PERSON", "kk", "Жумабаева А.", "жумабаев", "Жумабаева", "А.")
    links = link_entities([kk], [ru])
    assert links and links[0].ru.canonical == "Жумабаева А." and ru_rec.norm["ru"] == "Жумабаева А."
    assert links[0].evidence["gender"] == "feminine_from_kazakh"


def test_archref_sheet_ranges_fold_dashes_but_not_fond_prefixes():
    refs = [a.ref for a in find_archrefs("ГАРФ. Ф. Р-9. Оп. 2. Д. 3. Л. 5об.–6; ЦГА. Ф. 4. Оп. 1. Д. 7. Л. 10 - 12.")]
    assert refs == ["ГАРФ|Р-9|2|3|5 об.–6", "ЦГА|4|1|7|10–12"]
    norm = {"archive": "ГАРФ", "fond": "Р-9", "opis": "2", "delo": "3", "list": "10–12"}
    assert value_matches("ARCHREF", "ГАРФ|Р-9|2|3|10-12", norm)
    assert not value_matches("ARCHREF", "ГАРФ|Р–9|2|3|10-12", {**norm, "fond": "Р9"})


def test_hyphenated_regions_and_macro_regions():
    from pipeline.ru.places import find_places

    text = "выселены из Чечено-Ингушской АССР в Северо-Казахстанскую область, то есть в Северный Казахстан."
    places = {text[p.start:p.end]: p.canonical for p in find_places(text)}
    assert places == {"Чечено-Ингушской АССР": "Чечено-Ингушская АССР",
                      "Северо-Казахстанскую область": "Северо-Казахстанская область",
                      "Северный Казахстан": "Северный Казахстан"}


def test_states_alone_and_soviet_names_of_settlements():
    text = "Он жил в СССР, потом в КазССР. Письмо НКВД СССР пришло в село Лебяжье."
    doc = _pipe().process(Document(doc_id="st", text=text, lang="ru"))
    got = {(r.label, r.text): r.norm.get("ru") for r in doc.records}
    assert got[("PLACE", "СССР")] == "СССР" and got[("PLACE", "КазССР")] == "Казахская ССР"
    assert got[("ORG", "НКВД СССР")] == "НКВД СССР"
    assert got[("PLACE", "Лебяжье")] == "Лебяжье"  # the document's own (Soviet-era) name, not a later one


@pytest.mark.parametrize("phrase,norm", [
    ("Пом. нач. ОУРЗ ГУЛАГа НКВД СССР", "помощник начальника ОУРЗ ГУЛАГа НКВД СССР"),
    ("Зам. Генпрокурора СССР", "заместитель генерального прокурора СССР"),
    ("секретарю НКВД КазССР", "секретарь НКВД Казахской ССР"),
    ("ст. следователь", "старший следователь"),
])
def test_role_abbreviations_are_spelled_out(phrase, norm):
    from pipeline.ru.roles import role_norm

    assert role_norm(phrase).casefold() == norm.casefold()


def test_entity_table_collects_roles_and_documents():
    from pipeline.store.tables import entity_table

    p1 = _ru_person("a", "Орлову А. В.", "Орлов", "А. В.", 10)
    p2 = _ru_person("b", "А.Б. Орлов", "Орлов", "А. Б.", 0)
    p2.norm["initials_conflict"], p2.norm["initials"], p2.norm["ru"] = "А. Б.", "А. В.", "Орлов А. В."
    for p in (p1, p2):
        p.entity_id = "ru:PERSON:орлов-ав"
    role = Record("a", "ROLE", 0, 9, "Начальнику", {"ru": "начальник лагеря", "person_id": p1.id}, lang="ru")
    rows = entity_table([p1, p2, role])
    assert len(rows) == 1
    row = rows[0]
    assert row["roles"] == ["начальник лагеря"] and row["variants"] == ["А. Б."] and row["initials"] == "А. В."
    assert set(row["documents"]) == {"a", "b"} and row["n_mentions"] == 2
