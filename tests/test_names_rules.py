"""Person/place/org/role rules, merging with model records, entity grouping, offsets.

Texts are our own Kazakh sentences in the archival style (tests/fixtures/names_karlag_kk.txt too).
"""
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.records import Document, Record
from pipeline.runner import Pipeline, RunConfig

RULES = ["kk.names", "kk.entities"]


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(RunConfig(components=RULES, stages=["entities"]))


def run(pipe, text, extra=()):
    doc = Document(doc_id="t", text=text)
    doc.records.extend(extra)
    return pipe.run_documents([doc]).documents[0]


def found(doc, label):
    return [(r.text, r.norm.get("ru")) for r in doc.records if r.label == label]


def test_initials_with_kazakh_endings_and_line_breaks(pipe):
    doc = run(pipe, "Хат Ә. Б. Сидоренкоға және Т. Ж.\nМақатаевқа жіберілді, Р. А. Волковтың бұйрығымен.")
    # norm.ru is Russian: the Kazakh initial Ә is written А there
    assert found(doc, "PERSON") == [("Ә. Б. Сидоренкоға", "Сидоренко А. Б."),
                                    ("Т. Ж.\nМақатаевқа", "Макатаев Т. Ж."), ("Р. А. Волковтың", "Волков Р. А.")]
    assert all(doc.text[r.start:r.end] == r.text for r in doc.records)


def test_titles_outside_and_russian_case_forms(pipe):
    doc = run(pipe, "Кездесуге тов. Фроловым, полковник Зайцевтің және жолдас Петренко қатысты.")
    assert found(doc, "PERSON") == [("Фроловым", "Фролов"), ("Зайцевтің", "Зайцев"), ("Петренко", "Петренко")]


def test_initials_gathered_across_the_document(pipe):
    doc = run(pipe, "Бұйрыққа Н. П. Фролов қол қойды. Кейін күзетші Фроловты ауыстырды. Тов. Фроловым келісті.")
    persons = [r for r in doc.records if r.label == "PERSON"]
    assert [r.norm["ru"] for r in persons] == ["Фролов Н. П."] * 3
    assert len({r.entity_id for r in persons}) == 1


def test_kazakh_born_name_gets_russian_spelling(pipe):
    doc = run(pipe, "Тұтқын Жұмаділованың хаты жетті.")
    assert found(doc, "PERSON") == [("Жұмаділованың", "Жумадилова")]


def test_places_gazetteer_context_and_generic_words(pipe):
    doc = run(pipe, "Тұтқындар Осакаровка станциясынан Ақмола облысына, одан Екібастұзға және "
                    "Сарыөзек кентіне жеткізілді. Ертіс өзені бойында, Балқашта тұрды.")
    assert found(doc, "PLACE") == [("Осакаровка", "Осакаровка"), ("Ақмола облысына", "Акмолинская область"),
                                   ("Екібастұзға", "Экибастуз"), ("Сарыөзек", "Сарыозек"),
                                   ("Ертіс өзені", "Иртыш"), ("Балқашта", "Балхаш")]


def test_unknown_oblast_and_glued_token(pipe):
    doc = run(pipe, "1950 жылданҮлкен Ақтоғай кенті Торғай облысының шекарасында.")
    places = found(doc, "PLACE")
    assert ("Үлкен Ақтоғай", "Улкен Актогай") in places
    assert ("Торғай облысының", "Тургайская область") in places


def test_camps_and_units(pipe):
    doc = run(pipe, "Песчанлагтың № 7 лагерь бөлімшесі мен Карлагтың 2-ші лагот бөлімінде, сондай-ақ "
                    "Павлодар ЕТЛ-да және далалық лагерьде тәртіп бұзылды. Бесінші лагерлік бөлімшеге "
                    "тұтқындар әкелінді, ал 9 лагерлік бөлімше жабылды. № 7 Ерекше лагерь құрылды.")
    places = [(r.text, r.norm["ru"], r.subtype) for r in doc.records if r.label == "PLACE"]
    assert places == [
        ("Песчанлагтың", "Песчанлаг", "camp"), ("№ 7 лагерь бөлімшесі", "лаготделение № 7", "unit"),
        ("Карлагтың", "Карлаг", "camp"), ("2-ші лагот бөлімінде", "лаготделение № 2", "unit"),
        ("Павлодар ЕТЛ-да", "Павлодарлаг", "camp"), ("далалық лагерьде", "Степлаг", "camp"),
        ("Бесінші лагерлік бөлімшеге", "лаготделение № 5", "unit"),
        ("№ 7 Ерекше лагерь", "Особый лагерь № 7", "camp"),
    ]


def test_institutions_compose_with_state_and_sub_body(pipe):
    doc = run(pipe, "КСРО ІІМ Алқасы, Қазақ КСР ІІМ, СССР ІІМ Гулагы және КСРО Министрлер Кеңесі мен "
                    "КОКП ОК-нің шешімі прокуратураға жіберілді.")
    assert found(doc, "ORG") == [("КСРО ІІМ Алқасы", "Коллегия МВД СССР"), ("Қазақ КСР ІІМ", "МВД Казахской ССР"),
                                 ("СССР ІІМ Гулагы", "ГУЛАГ МВД СССР"), ("КСРО Министрлер Кеңесі", "Совет Министров СССР"),
                                 ("КОКП ОК-нің", "ЦК КПСС"), ("прокуратураға", "прокуратура")]


def test_local_party_committees(pipe):
    doc = run(pipe, "Мәселе Павлодар облыстық партия комитетінің бюросында, кейін Жезқазған қалалық партия "
                    "комитетінде қаралды. Облыстық партия комитеті хат жазды.")
    assert found(doc, "ORG") == [("Павлодар облыстық партия комитетінің", "Павлодарский обком"),
                                 ("Жезқазған қалалық партия комитетінде", "Джезказганский горком")]


def test_roles_swallow_names_and_link_persons(pipe):
    doc = run(pipe, "Ақмола облысының ІІББ бастығы полковник Зайцевтің және Қазақ КСР Ішкі істер "
                    "министрінің орынбасары Т. Ж. Мақатаевтың баяндауы.")
    roles = [r for r in doc.records if r.label == "ROLE"]
    assert [(r.text, r.norm["ru"]) for r in roles] == [
        ("Ақмола облысының ІІББ бастығы", "начальник УМВД Акмолинской области"),
        ("Қазақ КСР Ішкі істер \nминистрінің орынбасары".replace(" \n", " "),
         "заместитель министра внутренних дел Казахской ССР"),
    ]
    by_id = {r.id: r for r in doc.records}
    assert by_id[roles[0].norm["person_id"]].norm["surname"] == "Зайцев"
    assert by_id[roles[1].norm["person_id"]].norm["surname"] == "Макатаев"
    assert not [r for r in doc.records if r.label in ("PLACE", "ORG")]  # names inside roles are not separate


def test_fixture_paragraph(pipe, fixtures_dir):
    text = (fixtures_dir / "names_karlag_kk.txt").read_text(encoding="utf-8")
    doc = run(pipe, text)
    got = {(r.label, r.text, r.norm.get("ru")) for r in doc.records}
    for expected in [("PLACE", "Қарағанды еңбекпен түзеу лагерінің", "Карлаг"), ("PLACE", "Долинка", "Долинка"),
                     ("ORG", "КСРО ІІМ Алқасы", "Коллегия МВД СССР"), ("PLACE", "Песчанлагқа", "Песчанлаг"),
                     ("PERSON", "П. К. Сидоренкоға", "Сидоренко П. К."), ("PLACE", "Екібастұзда", "Экибастуз"),
                     ("PLACE", "АЛЖИР", "АЛЖИР"), ("PLACE", "Алматыға", "Алма-Ата"),
                     ("PLACE", "Кеңгір өзенінің", "река Кенгир"), ("PERSON", "Сидоренкомен", "Сидоренко П. К."),
                     ("PLACE", "төртінші лагерь бөлімшесі", "лаготделение № 4")]:
        assert expected in got, expected
    assert all(doc.text[r.start:r.end] == r.text for r in doc.records)


def _model(text, label, piece, conf=0.9, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(piece, start + 1)
    return Record("t", label, start, start + len(piece), piece, confidence=conf, source="model:spacy",
                  subtype="gpe" if label == "PLACE" else label.lower())


def test_model_spans_merged_trimmed_and_normalised(pipe):
    text = "Тұтқындар Жаңаарқа кентіне және Сарыбел ауылына барды, Бауыржан мен литвалық топ."
    model = [
        _model(text, "PLACE", "Жаңаарқа кентіне"),      # generic word inside: trimmed
        _model(text, "PLACE", "Сарыбел"),               # the rules' own span: the rule wins
        _model(text, "PERSON", "Бауыржан"),             # only the model saw it
        _model(text, "PLACE", "литвалық"),              # a nationality: dropped
        _model(text, "PERSON", "Тұтқындар", conf=0.3),  # low confidence: dropped
    ]
    doc = run(pipe, text, model)
    got = [(r.label, r.text, r.norm.get("ru"), r.source) for r in doc.records]
    assert ("PLACE", "Жаңаарқа", "Жана-Арка", "rules:places") in got or \
        ("PLACE", "Жаңаарқа", "Жана-Арка", "gazetteer:places") in got
    assert ("PLACE", "Сарыбел", "Сарыбел", "rules:places") in got
    assert ("PERSON", "Бауыржан", "Бауыржан", "model:spacy") in got
    assert not [g for g in got if g[1] in ("литвалық", "Тұтқындар")]
    assert all(doc.text[r.start:r.end] == r.text for r in doc.records)


def test_works_without_and_with_the_model_on_the_same_text(pipe):
    text = "Қарағанды облысының орталығы Қарағанды қаласы."
    a = run(pipe, text)
    b = run(pipe, text, [_model(text, "PLACE", "Қарағанды", occurrence=1)])
    assert found(a, "PLACE") == found(b, "PLACE") == [("Қарағанды облысының", "Карагандинская область"),
                                                      ("Қарағанды", "Караганда")]


def test_entity_ids_group_mentions(pipe):
    doc = run(pipe, "Степлагқа келді. Степлагтың бастығы. Дала лагерінде тыныш. Қарағандыдан хат.")
    camp_ids = {r.entity_id for r in doc.records if r.norm.get("ru") == "Степлаг"}
    assert len(camp_ids) == 1 and None not in camp_ids


_PIPE = Pipeline(RunConfig(components=RULES, stages=["entities"]))
_WORDS = ["Қарағандыдан", "С.", "Н.", "Кругловқа", "\n", "КСРО-ның", "ІІМ", "дала", "лагеріне", "№", "3",
          "лагерь", "бөлімшесі", "\u00ad", "жылданҮлкен", "Жезқазған", "тов.", "Губиным", " ", "  ", "-\n", "«", "»",
          "министрі", "бастығы", "облысы", "кенті", "3-ші", "лагот", "бөлімі"]


@given(st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join))
@settings(max_examples=120, deadline=None)
def test_offsets_are_sacred_on_adversarial_text(text):
    doc = _PIPE.run_documents([Document(doc_id="h", text=text)]).documents[0]
    for r in doc.records:
        assert text[r.start:r.end] == r.text


def test_full_names_reversed_initials_and_dictionary_surnames(pipe):
    doc = run(pipe, "Николай Петрович Сидоренко мен Анна Ахматова келді. Тұтқын Бейсенова Г. Долинкадағы "
                    "ауруханада. Хатта Берияның бұйрығы аталған.")
    assert found(doc, "PERSON") == [("Николай Петрович Сидоренко", "Сидоренко Н. П."), ("Анна Ахматова", "Ахматова А."),
                                    ("Бейсенова Г.", "Бейсенова Г."), ("Берияның", "Берия")]
    assert ("Долинкадағы", "Долинка") in found(doc, "PLACE")


def test_russian_genitive_read_as_the_man_only_when_he_occurs(pipe):
    alone = run(pipe, "Хатқа В. В. Губина қол қойды.")
    assert found(alone, "PERSON") == [("В. В. Губина", "Губина В. В.")]
    both = run(pipe, "В. В. Губина С. Н. Кругловқа жазды. Губинге жауап келді.")
    assert [r.norm["ru"] for r in both.records if r.label == "PERSON"] == ["Губин В. В.", "Круглов С. Н.", "Губин В. В."]


def test_regional_bodies_and_hyphenated_acronym_endings(pipe):
    doc = run(pipe, "Қарағанды облыстық ІІБ-ның мәліметі КСРО ІІМ ГУЛАГ-на және Ақмола облысы ІІББ-на жіберілді.")
    assert found(doc, "ORG") == [("Қарағанды облыстық ІІБ-ның", "УВД Карагандинской области"),
                                 ("КСРО ІІМ ГУЛАГ-на", "ГУЛАГ МВД СССР"), ("Ақмола облысы ІІББ-на", "УМВД Акмолинской области")]


def test_camp_roles_use_the_full_camp_name(pipe):
    doc = run(pipe, "Песчанлаг басқармасы бастығының м. а. келді.")
    assert found(doc, "ROLE") == [("Песчанлаг басқармасы бастығының м. а.", "и. о. начальника управления Песчаного лагеря")]


def test_common_words_and_hyphenated_names(pipe):
    doc = run(pipe, "Лагерь ауданы кең. Тұтқындар Шерубай-Нұра станциясынан Қарағанды-Жезқазған темір жолымен жүрді.")
    assert found(doc, "PLACE") == [("Шерубай-Нұра", "Шерубай-Нура"), ("Қарағанды", "Караганда"),
                                   ("Жезқазған", "Джезказган")]


def test_initials_before_a_surname_that_is_also_a_listed_town(pipe):
    # the town Қонаев is named after the man: after initials, a surname-shaped word is the person
    doc = run(pipe, "Бұл туралы Д. Қонаев өз естелігінде жазды. Кейін Бейсенова Г. Долинкада тұрды.")
    assert found(doc, "PERSON") == [("Д. Қонаев", "Кунаев Д."), ("Бейсенова Г.", "Бейсенова Г.")]
    assert [t for t, _ in found(doc, "PLACE")] == ["Долинкада"]


def test_established_russian_spellings_beat_transliteration(pipe):
    # Сәтбаев is Сатпаев and Уәлиханов is Валиханов in Russian; ordinary names are transliterated
    doc = run(pipe, "Хатты Қ. И. Сәтбаевқа, Ш. Ш. Уәлихановтың інісіне және Ә. Б. Жұмабаевқа жіберді.")
    assert [ru for _, ru in found(doc, "PERSON")] == ["Сатпаев К. И.", "Валиханов Ш. Ш.", "Жумабаев А. Б."]
