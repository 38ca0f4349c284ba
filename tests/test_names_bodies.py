"""The institution grammar (`pipeline.names.bodies`): prefix + modifiers + head, chained; our own sentences."""
import pytest

from pipeline.names import find_names
from pipeline.names.bodies import load_org_grammar

CASES = [
    ("Бұл заңды КСРО Жоғарғы Кеңесі бекітті.", "КСРО Жоғарғы Кеңесі", "Верховный Совет СССР"),
    ("Ол Қазақ КСР Халық Ағарту Комиссариатында істеді.", "Қазақ КСР Халық Ағарту Комиссариатында",
     "Народный комиссариат просвещения Казахской ССР"),
    ("ВКП(б) Өлкелік Комитетінің қаулысы шықты.", "ВКП(б) Өлкелік Комитетінің", "Краевой комитет ВКП(б)"),
    ("Іс Қазақ КСР Жоғарғы Сотының Әскери алқасында қаралды.", "Қазақ КСР Жоғарғы Сотының Әскери алқасында",
     "Военная коллегия Верховного суда Казахской ССР"),
    ("Қарағанды облыстық соты үкім шығарды.", "Қарағанды облыстық соты", "Карагандинский областной суд"),
    ("Қазақ КСР Жоғарғы Кеңесі Президиумының Жарлығы шықты.", "Қазақ КСР Жоғарғы Кеңесі Президиумының",
     "Президиум Верховного Совета Казахской ССР"),
    ("Бұл кезде Алаш партиясы құрылды.", "Алаш партиясы", "партия Алаш"),
    ("Ол 72-ші гвардиялық атқыштар дивизиясы құрамында болды.", "72-ші гвардиялық атқыштар дивизиясы",
     "72-я гвардейская стрелковая дивизия"),
    ("Құжат КСРО ІІМ орталық мұрағатында сақталған.", "КСРО ІІМ орталық мұрағатында", "Центральный архив МВД СССР"),
    ("Кеш Мұхтар Әуезов атындағы академиялық театрда өтті.", "Мұхтар Әуезов атындағы академиялық театрда",
     "Академический театр имени Мухтар Ауезов"),
    ("Ол 316-атқыштар дивизиясы құрамында болды.", "316-атқыштар дивизиясы", "316-я стрелковая дивизия"),
    ("Ол Омбы ауылшаруашылық училищесінде оқыды.", "Омбы ауылшаруашылық училищесінде",
     "Омское сельскохозяйственное училище"),
    ("Жарысқа Жамбыл облысының құрамасы келді.", "Жамбыл облысының құрамасы", "сборная Джамбулской области"),
    ("Шешімді Бүкілресейлік Орталық Атқару Комитеті қабылдады.", "Бүкілресейлік Орталық Атқару Комитеті",
     "ВЦИК"),
]

ROLES = [
    ("Қостанай облысының әкімі сөйледі.", "Қостанай облысының әкімі", "аким Кустанайской области"),
    ("Оны Қорғаныс министрінің бірінші орынбасары қабылдады.", "Қорғаныс министрінің бірінші орынбасары",
     "первый заместитель министра обороны"),
    ("Ол облыстық мәслихаттың депутаты болды.", "облыстық мәслихаттың депутаты", "депутат областного маслихата"),
    ("Бүгін Премьер-министр келді.", "Премьер-министр", "Премьер-министр"),
]


@pytest.mark.parametrize("sentence,span,ru", ROLES)
def test_role_phrases_of_present_day_positions(sentence, span, ru):
    found = {(sentence[a:b], sp.label, sp.norm["ru"].casefold()) for sp, (a, b) in find_names(sentence)}
    assert (span, "ROLE", ru.casefold()) in found


@pytest.mark.parametrize("sentence,span,ru", CASES)
def test_institution_phrases(sentence, span, ru):
    found = {(sentence[a:b], sp.label, sp.norm["ru"].casefold()) for sp, (a, b) in find_names(sentence)}
    assert (span, "ORG", ru.casefold()) in found


@pytest.mark.parametrize("sentence", ["Облыстық сот үкім шығарды.", "Мәскеудегі жиналыста сөйледі.",
                                      "Тұтқындар Осакаровка станциясынан жүрді.", "Жиналысқа Кеңес келді.",
                                      "Қарағанды облысының орталығы Қарағанды қаласы."])
def test_generic_bodies_and_places_in_other_cases_are_not_prefixes(sentence):
    assert not [sp for sp, _ in find_names(sentence) if sp.label == "ORG"]


def test_grammar_file_reads_every_kind():
    g = load_org_grammar()
    assert g.heads["кеңес"] == ("Совет", "m")
    assert g.adjectives["жоғарғы"][1] == "Верховная"
    assert g.genitives["ағарту"] == "просвещения"
    assert g.prefixes["ксро"] == "СССР"


QUOTED = [
    ("Бүгін «Қазақтелеком» АҚ есеп берді.", [("«Қазақтелеком» АҚ", "АО «Казактелеком»")]),
    ("Ол «Бірлік», «Жас азамат» ұйымдарында жазды.",
     [("Бірлік", "организация «Бирлик»"), ("Жас азамат", "организация «Жас азамат»")]),
]


@pytest.mark.parametrize("sentence,expected", QUOTED)
def test_quoted_names_with_a_head_or_a_legal_form(sentence, expected):
    found = [(sentence[a:b], sp.norm["ru"].casefold()) for sp, (a, b) in find_names(sentence) if sp.label == "ORG"]
    assert found == [(span, ru.casefold()) for span, ru in expected]


def test_a_quoted_title_without_a_head_is_no_body():
    assert not [sp for sp, _ in find_names("Ол «Абай жолы» романын жазды.") if sp.label == "ORG"]


def test_a_head_that_names_one_body_alone():
    sentence = "Мәселені Үкімет отырысында талқылады, Кеңес емес."
    found = [(sentence[a:b], sp.norm["ru"]) for sp, (a, b) in find_names(sentence) if sp.label == "ORG"]
    assert found == [("Үкімет", "Правительство")]  # `Мәселені` only starts the sentence; `Кеңес` is no body alone
