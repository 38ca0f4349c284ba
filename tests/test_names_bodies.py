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
]


@pytest.mark.parametrize("sentence,span,ru", CASES)
def test_institution_phrases(sentence, span, ru):
    found = {(sentence[a:b], sp.label, sp.norm["ru"].casefold()) for sp, (a, b) in find_names(sentence)}
    assert (span, "ORG", ru.casefold()) in found


@pytest.mark.parametrize("sentence", ["Облыстық сот үкім шығарды.", "Мәскеудегі жиналыста сөйледі."])
def test_generic_bodies_and_places_in_other_cases_are_not_prefixes(sentence):
    assert not [sp for sp, _ in find_names(sentence) if sp.label == "ORG"]


def test_grammar_file_reads_every_kind():
    g = load_org_grammar()
    assert g.heads["кеңес"] == ("Совет", "m")
    assert g.adjectives["жоғарғы"][1] == "Верховная"
    assert g.genitives["ағарту"] == "просвещения"
    assert g.prefixes["ксро"] == "СССР"
