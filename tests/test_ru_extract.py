"""Russian extraction: persons, roles, places, organisations, numbers and headers (pipeline.ru)."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.output import write_run
from pipeline.records import Document
from pipeline.ru.headers import parse_header
from pipeline.ru.morph import surname_nominative
from pipeline.ru.numbers import find_numbers
from pipeline.ru.orgs import find_orgs, org_key
from pipeline.ru.persons import find_persons
from pipeline.ru.places import find_places
from pipeline.ru.roles import role_before, role_norm
from pipeline.runner import Pipeline, RunConfig

RU_COMPONENTS = ["sentences", "ru.dates", "ru.times", "ru.docnums", "ru.numbers", "ru.entities", "ru.headers"]


def _ru_pipeline(stages=()):
    from pipeline.registry import DOC_COMPONENTS
    from pipeline import components

    components.load_all()
    comps = [c for c in RU_COMPONENTS if c in DOC_COMPONENTS]
    return Pipeline(RunConfig(components=comps, stages=list(stages)))


@pytest.mark.parametrize("word,nominative", [
    ("Круглову", "Круглов"), ("КРУГЛОВ", "Круглов"), ("Егорову", "Егоров"), ("Руденко", "Руденко"),
    ("Бочковым", "Бочков"),   # pymorphy3 reads it as an adjective: suffix rule
    ("Долгих", "Долгих"),     # indeclinable, pymorphy3 reads `долгий`
    ("Вышинского", "Вышинский"), ("Губиным", "Губин"), ("Сидоренко", "Сидоренко"),
])
def test_surname_nominative(word, nominative):
    assert surname_nominative(word) == nominative


@pytest.mark.parametrize("text,span,norm", [
    ("Доложить С.Н. Круглову немедленно", "С.Н. Круглову", "Круглов С. Н."),
    ("письмо Петрову А.В. от", "Петрову А.В.", "Петров А. В."),
    ("генерал-майор В. СИДОРЕНКО", "В. СИДОРЕНКО", "Сидоренко В."),
    ("вместе с тов. Бочковым приехал", "Бочковым", "Бочков"),
    ("начальнику ГУЛАГ И.И. Долгих сообщить", "И.И. Долгих", "Долгих И. И."),
    ("приказал Сергей Никифорович Круглов лично", "Сергей Никифорович Круглов", "Круглов С. Н."),
    ("доложить Круглову Сергею Никифоровичу", "Круглову Сергею Никифоровичу", "Круглов С. Н."),
    ("доложить Егорову С. сегодня", "Егорову С.", "Егоров С."),
    ("об этом Егоров сообщил", "Егоров", "Егоров"),
])
def test_persons(text, span, norm):
    found = find_persons(text)
    assert [(text[p.start:p.end], f"{p.surname} {p.initials}".strip()) for p in found] == [(span, norm)]


def test_no_person_in_places_or_archive_refs():
    text = "Из Москвы. В. Кенгир прибыли. ГАРФ. Ф. 9421. Оп. 1. Д. 299. Л. 50. Подлинник."
    assert find_persons(text) == []


@pytest.mark.parametrize("text,role,norm", [
    ("Телеграмма № 5 Министра внутренних дел С.Н. Круглова", "Министра внутренних дел", "министр внутренних дел"),
    ("и Генерального прокурора Р.А. Руденко", "Генерального прокурора", "генеральный прокурор"),
    ("Министр внутренних дел СССР генерал-полковник С. КРУГЛОВ", "Министр внутренних дел СССР",
     "министр внутренних дел СССР"),
    ("направить заместителю Министра внутренних дел СССР С.Е. Егорову",
     "заместителю Министра внутренних дел СССР", "заместитель министра внутренних дел СССР"),
])
def test_roles(text, role, norm):
    person = find_persons(text)[-1]
    span = role_before(text, person.start)
    assert span is not None and text[span[0]:span[1]] == role
    assert role_norm(role) == norm


@pytest.mark.parametrize("text,span,canonical,subtype", [
    ("в районе Джезказгана", "Джезказгана", "Джезказган", None),
    ("Из Москвы в Кенгир", "Кенгир", "Кенгир", None),
    ("Казахской ССР", "Казахской ССР", "Казахская ССР", None),
    ("в Карагандинской области", "Карагандинской области", "Карагандинская область", None),
    ("заключенные 3-м лагерном отделении", "3-м лагерном отделении", "лаготделение № 3", "unit"),
    ("в лаготделении № 5", "лаготделении № 5", "лаготделение № 5", "unit"),
    ("Степного исправительно-трудового лагеря", "Степного исправительно-трудового лагеря", "Степлаг", "camp"),
    ("в Степном ИТЛ", "Степном ИТЛ", "Степлаг", "camp"),
    ("прибыли в Карлаг", "Карлаг", "Карлаг", "camp"),
    ("в Карагандинском лагере", "Карагандинском лагере", "Карлаг", "camp"),
    ("на станции Новорудная", "Новорудная", "Новорудная", None),   # after a generic word, which stays outside
    ("прибыл в пос. Кенгир", "Кенгир", "Кенгир", None),
])
def test_places(text, span, canonical, subtype):
    found = [p for p in find_places(text) if text[p.start:p.end] == span]
    assert found, f"{span!r} not found in {[text[p.start:p.end] for p in find_places(text)]}"
    assert (found[0].canonical, found[0].subtype) == (canonical, subtype)


@pytest.mark.parametrize("text,span,canonical", [
    ("доложить МВД СССР", "МВД СССР", "МВД СССР"),
    ("Совет Министров Союза ССР, ЦК КПСС", "Совет Министров Союза ССР", "Совет Министров СССР"),
    ("Совет Министров Союза ССР, ЦК КПСС", "ЦК КПСС", "ЦК КПСС"),
    ("Обращение комиссии МВД СССР к", "комиссии МВД СССР", "комиссия МВД СССР"),
    ("приказ Министерства внутренних дел СССР", "Министерства внутренних дел СССР", "Министерство внутренних дел СССР"),
])
def test_orgs(text, span, canonical):
    found = {text[o.start:o.end]: o.canonical for o in find_orgs(text)}
    assert found.get(span) == canonical


def test_org_key_folds_spelling_variants():
    assert org_key("Совет Министров Союза ССР") == org_key("Совет Министров СССР")
    assert org_key("Министерство внутренних дел СССР") == org_key("МВД СССР")


@pytest.mark.parametrize("text,expected", [
    ("в количестве свыше 4 тысяч человек", [("свыше 4 тысяч", 4000, "more_than", None)]),
    ("прибыло 551 человека", [("551", 551, None, None)]),
    ("около двухсот заключенных", [("около двухсот", 200, "about", None)]),
    ("всего 15 562 заключенных", [("15 562", 15562, None, None)]),
    ("составляли 3% всех", [("3%", 3, None, "percent")]),
    ("до 300 человек", [("до 300", 300, "up_to", None)]),
])
def test_numbers(text, expected):
    got = [(text[n.start:n.end], n.value, n.qualifier, n.unit) for n in find_numbers(text)]
    assert got == expected


@pytest.mark.parametrize("text", [
    "для 25-летников",            # a compound, not a count
    "в 3-м лагерном отделении",    # ordinal
    "Телеграмма № 71",            # document number
    "ГАРФ. Ф. 9421. Оп. 1. Д. 299. Л. 50.",  # archival reference
    "в 1954 г. и в 1953 году",     # years
    "25 мая отказались",           # day of a date
    "В 3.30 ввести войска",        # clock time
])
def test_not_numbers(text):
    assert find_numbers(text) == []


def test_header_of_fixture(fixtures_dir):
    pipe = _ru_pipeline()
    doc = pipe.process(Document(doc_id="t", text=(fixtures_dir / "ru_telegram_1152.txt").read_text("utf-8"), lang="ru"))
    h = parse_header(doc)
    assert (h.kind, h.number) == ("telegram", "1152")
    assert h.route == {"from": "Алма-Ата", "to": "Караганда"}
    assert h.secrecy == ["Сов. секретно", "Шифром"]
    assert [(p.name, p.role) for p in h.senders] == [("Сидоренко В. П.", "министр внутренних дел Казахской ССР")]
    assert [p.name for p in h.recipients] == ["Ломакин А. И."]
    assert h.signatory is not None and h.signatory.name == "Сидоренко В. П."
    assert h.archive_ref["fond"] == "1987" and h.archive_ref["list"] == "17" and h.archive_ref["kind"] == "Копия"
    assert h.subject == "о положении во 2-м лагерном отделении Песчаного ИТЛ"
    if "ru.dates" in pipe.config.components:
        assert h.date == "1952-08-12"


def test_russian_records_in_records_jsonl(fixtures_dir, tmp_path):
    pipe = _ru_pipeline()
    result = pipe.run([], ru_inputs=[str(fixtures_dir / "ru_telegram_1152.txt")])
    write_run(result, tmp_path)
    rows = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text("utf-8").splitlines()]
    assert rows and all(r["lang"] == "ru" for r in rows)
    text = (fixtures_dir / "ru_telegram_1152.txt").read_text("utf-8")
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    persons = {(r["text"], r["norm"]["ru"]) for r in rows if r["label"] == "PERSON"}
    assert persons == {("В.П. Сидоренко", "Сидоренко В. П."), ("А.И. Ломакину", "Ломакин А. И."),
                       ("Ломакина", "Ломакин А. И."), ("В. СИДОРЕНКО", "Сидоренко В. П.")}
    numbers = {(r["text"], r["norm"]["value"], r["norm"]["qualifier"]) for r in rows if r["label"] == "NUMBER"}
    assert numbers == {("свыше 1 тысячи", 1000, "more_than"), ("около 200", 200, "about")}
    roles = [r for r in rows if r["label"] == "ROLE"]
    assert roles and all(r["norm"]["person_id"] for r in roles)


def test_offsets_survive_line_breaks_and_soft_hyphens():
    text = "Телеграмма № 3\nМинистра внутренних дел С.Н.\nКру\u00adглова о положении в 3-м лагерном\nотделении свыше 4\nтысяч"
    doc = _ru_pipeline().process(Document(doc_id="lb", text=text, lang="ru"))
    by_label = {(r.label, r.norm.get("ru") or r.norm.get("value")) for r in doc.records}
    assert ("PERSON", "Круглов С. Н.") in by_label
    assert ("PLACE", "лаготделение № 3") in by_label
    assert ("NUMBER", 4000) in by_label
    for r in doc.records:
        assert text[r.start:r.end] == r.text


_ALPHABET = st.sampled_from(list("абвгдежзиклмнопрстуфхцчшщыэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯё .,-№%\n\u00ad0123456789"))
_PIECES = st.sampled_from(["С.Н. ", "Круглову ", "тов. ", "свыше ", "тысяч ", "3-м лагерном отделении ",
                           "МВД СССР ", "Степного ИТЛ ", "Из Москвы в Кенгир ", "-\n", "\u00ad\n", "№ 71 "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(_ALPHABET, max_size=6)), max_size=25))
def test_offsets_are_sacred_on_random_russian(pieces):
    text = "".join(pieces)
    if not text:
        return
    pipe = _RANDOM_PIPE
    doc = pipe.process(Document(doc_id="rnd", text=text, lang="ru"))  # the runner raises on a bad offset
    for r in doc.records:
        assert text[r.start:r.end] == r.text and r.lang == "ru"
    parse_header(doc)


_RANDOM_PIPE = _ru_pipeline()


def test_list_markers_at_line_start_are_not_numbers():
    text = "решено:\n1. Всем заключенным находиться в бараках.\n2) Сложить оружие. Прибыло 2. Итого 40 человек."
    doc = _ru_pipeline().process(Document(doc_id="lm", text=text, lang="ru"))
    assert [(r.text, r.norm["value"]) for r in doc.records if r.label == "NUMBER"] == [("2", 2), ("40", 40)]


def test_role_across_a_form_of_address():
    text = "Председателю Совета Министров СССР тов. Маленкову Г.М."
    person = find_persons(text)[-1]
    span = role_before(text, person.start)
    assert text[span[0]:span[1]] == "Председателю Совета Министров СССР"
    assert role_norm(text[span[0]:span[1]]) == "председатель Совета Министров СССР"


def test_place_adjective_is_not_a_place():
    text = "в Кенгирском лаготделении, из Омска"
    assert [(text[p.start:p.end], p.canonical) for p in find_places(text)] == [("Омска", "Омск")]


def test_header_title_on_second_line_with_crlf_and_no_title_in_prose():
    pipe = _ru_pipeline()
    text = ("Совершенно секретно\r\nСПЕЦСООБЩЕНИЕ № 12 о волнениях в Кенгире\r\n\r\nДокладываем, что заключенные "
            "волнуются.\r\n\r\nЦГА РК. Ф. 1. Оп. 2. Д. 3. Л. 4–5. Копия.")
    h = parse_header(pipe.process(Document(doc_id="h", text=text, lang="ru")))
    assert (h.kind, h.number, h.subject, h.secrecy) == ("report", "12", "о волнениях в Кенгире", ["Совершенно секретно"])
    assert h.archive_ref["list"] == "4–5"
    prose = "Докладываем, что заключенные, в количестве свыше 4 тысяч человек, отказались выйти на работу."
    assert parse_header(pipe.process(Document(doc_id="p", text=prose, lang="ru"))).kind is None


def test_local_bodies_keep_their_region():
    text = "доложить УМВД Карагандинской области и МВД Казахской ССР"
    assert [text[o.start:o.end] for o in find_orgs(text)] == ["УМВД Карагандинской области", "МВД Казахской ССР"]


@pytest.mark.parametrize("text,span,norm", [
    ("Министра С.Н. Кругло-\nва о", "С.Н. Кругло-\nва", "Круглов С. Н."),   # split at a line break
    ("доложить C.H. Круглову", "C.H. Круглову", "Круглов С. Н."),            # Latin look-alike initials
    ("письмо Петрову-Водкину К.С. от", "Петрову-Водкину К.С.", "Петров-Водкин К. С."),
])
def test_persons_in_pdf_text(text, span, norm):
    doc = _ru_pipeline().process(Document(doc_id="pdf", text=text, lang="ru"))
    persons = [(r.text, r.norm["ru"]) for r in doc.records if r.label == "PERSON"]
    assert persons == [(span, norm)]


def test_place_split_at_a_line_break():
    doc = _ru_pipeline().process(Document(doc_id="pdf", text="в районе Джезказ-\nгана", lang="ru"))
    assert [(r.text, r.norm["ru"]) for r in doc.records if r.label == "PLACE"] == [("Джезказ-\nгана", "Джезказган")]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_letters_without_a_unicode_name_do_not_crash_morphology(lang):
    """pymorphy3 calls `unicodedata.name` on letters; U+17000 (Tangut) has none in Python's data."""
    from pipeline.ru.morph import analyzer, lemma
    from pipeline.runner import Pipeline

    assert analyzer().parse("Aa\U00017000")  # raised ValueError("no such name") before
    assert lemma("Круглов\U00017000")
    doc = Pipeline().annotate("Генерал Aa\U00017000 Кругловым прибыл в Кенгир.", lang=lang)
    assert all(doc.text[r.start:r.end] == r.text for r in doc.records)
