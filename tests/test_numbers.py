"""NUMBER and DOCNUM: the pure parsers, what is deliberately not a number, and the components."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.docnums import find_docnums
from pipeline.extract.numbers import NumberValue, find_kk_numbers, is_duration_word, parse_kk_quantity
from pipeline.extract.numwords import compose_number, kk_word_value, parse_digits, parse_kk_number
from pipeline.runner import Pipeline, RunConfig


@pytest.mark.parametrize("text,value", [
    ("15 562", 15562), ("20698", 20698), ("3,5", 3.5), ("12.75", 12.75), ("1\u00a0200", 1200),
])
def test_parse_digits(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize("text,value", [
    ("алты", 6), ("он бес", 15), ("жиырма жеті", 27), ("жүз елу", 150), ("тоғыз жүз", 900),
    ("бір мың тоғыз жүз елу төрт", 1954), ("бес жарым мың", 5500), ("бір жарым", 1.5),
    ("екі жүз мың", 200000), ("жетеуі", 7), ("алтауы", 6), ("үшеуі", 3), ("мыңнан", 1000),
    ("онға", 10), ("4 мыңнан", 4000), ("2,5 мың", 2500),
])
def test_parse_kk_number(text, value):
    assert parse_kk_number(text) == value


@pytest.mark.parametrize("word", ["оның", "онда", "үшін", "бірге", "алтын", "жүзеге", "үшінші", "екінші", "мыңдаған", "бірнеше"])
def test_homographs_and_ordinals_are_not_number_words(word):
    assert kk_word_value(word) is None


def test_compose_stops_where_the_number_stops():
    assert compose_number([5, 6]) == (5, 1)       # `бес алты`: two numbers
    assert compose_number([50, 100]) == (50, 1)   # `елу жүз` is not a numeral


@pytest.mark.parametrize("text,norm", [
    ("30-дан астам", NumberValue(30, "more_than")),
    ("200 - ден астам", NumberValue(200, "more_than")),
    ("400-ге жуық", NumberValue(400, "about")),
    ("300 шамасында", NumberValue(300, "about")),
    ("шамамен 80", NumberValue(80, "about")),
    ("100-ге дейін", NumberValue(100, "up_to")),
    ("3%", NumberValue(3, None, "percent")),
    ("12,5 пайыз", NumberValue(12.5, None, "percent")),
    ("1830-ы", NumberValue(1830)),
    ("бес жарым мыңнан астам", NumberValue(5500, "more_than")),
    ("4 мыңнан астам", NumberValue(4000, "more_than")),
    ("15 562", NumberValue(15562)),
])
def test_parse_kk_quantity(text, norm):
    assert parse_kk_quantity(text) == norm


def _spans(text):
    return [text[n.start:n.end] for n in find_kk_numbers(text)]


def test_percent_keeps_its_spaced_ending_outside():
    assert _spans("тұтқындардың 3% - ы саналған") == ["3%"]


@pytest.mark.parametrize("text", [
    "Олар 2 айға қамалды", "адамдар екі күн шықпады", "20 жылдан астам мерзімге", "10 жылдық жаза",
    "деп жазылған [1].", "кентінің № 1, 5 лагерлік пункттері", "3-ші лагерь бөлімшесі", "үшінші лагерлік пункт",
    "Т-34 танкі", "зектердің бір бөлігі", "оның ішінде", "үшін ғана", "60-шы разъезіне", "№ 3 лагерь бөлімшесі",
    "3 лагерь бөлімшесінде", "00721 бұйрық",
])
def test_not_numbers(text):
    assert _spans(text) == []


def test_count_of_units_is_a_number_but_a_unit_name_is_not():
    assert _spans("құрамына 7 лагерлік бөлімше кірді") == ["7"]
    assert _spans("лагерінің 2 лагерь бөлімшесінде тәртіп бұзылды") == []


def test_numbers_in_running_text():
    text = "Лагерьде 12 480 адам болды, оның ішінде 340 – әйелдер; жетеуі қашып кетті, алты адам ұсталды."
    assert _spans(text) == ["12 480", "340", "жетеуі", "алты"]


def test_duration_words():
    assert all(is_duration_word(w) for w in ["жылдан", "айға", "күн", "күні", "сағатқа", "жылдық", "айлар"])
    assert not any(is_duration_word(w) for w in ["айып", "күзет", "жылқы", "адам"])


@given(st.integers(min_value=1, max_value=999_999))
@settings(max_examples=200, deadline=None)
def test_digit_numbers_round_trip(n):
    grouped = f"{n:,}".replace(",", " ")
    assert parse_kk_quantity(grouped) == NumberValue(n)
    assert parse_kk_quantity(f"{n}-ден астам") == NumberValue(n, "more_than")


@pytest.mark.parametrize("text,expected", [
    ("туралы № 60 жеделхатта", [("№ 60", "60")]),
    ("№ 0/460 хаты", [("№ 0/460", "0/460")]),
    ("мамырдағы № 12.001 хат", [("№ 12.001", "12.001")]),
    ("«№ 030 лагерь басқармасы бастығының", [("№ 030", "030")]),
    ("қатысушыларды 00318 – бұйрыққа", [("00318", "00318")]),
    ("телеграмма № 724 от", [("№ 724", "724")]),
    ("№ 4 Ерекше лагерь", []),
    ("№ 2 лагерь бөлімшесі", []),
    ("Жезді кентінің № 3, Байқоңыр", []),
    ("кентінің № 1, 5 лагерлік", []),
    ("лагерное отделение № 3", []),
])
def test_docnums(text, expected):
    assert [(text[s:e], v) for s, e, v, _ in find_docnums(text)] == expected


def test_numbers_component_skips_dates_times_and_docnums():
    pipe = Pipeline(RunConfig(components=["kk.dates", "kk.times", "kk.docnums", "kk.numbers"], stages=[]))
    text = "1953 жылғы 5 қаңтарда сағат 12-де № 0/215 бұйрықпен 150-ден\nастам адам босатылды."
    doc = pipe.annotate(text)
    got = [(r.label, r.text, r.norm) for r in doc.records]
    assert got == [
        ("DATE", "1953 жылғы 5 қаңтарда", {"iso": "1953-01-05", "year_inferred": False}),
        ("TIME", "сағат 12-де", {"time": "12:00"}),
        ("DOCNUM", "№ 0/215", {"value": "0/215"}),
        ("NUMBER", "150-ден\nастам", {"value": 150, "qualifier": "more_than", "unit": None}),
    ]
    assert all(r.source.startswith("rules:") for r in doc.records)


def test_vague_quantities_are_not_numbers():
    assert _spans("бірнеше жүз адам келді") == []
    assert _spans("жүзден астам адам, мыңға жуық тұтқын") == ["жүзден астам", "мыңға жуық"]


@pytest.mark.parametrize("text,norm", [
    ("500-дей", NumberValue(500, "about")),
    ("жүздей", NumberValue(100, "about")),
    ("кемінде 30", NumberValue(30, "more_than")),
])
def test_approximate_endings_and_at_least(text, norm):
    assert parse_kk_quantity(text) == norm
