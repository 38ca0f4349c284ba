"""The Kazakh spaCy language: tokenizer exceptions, PDF-artefact splits, like_num, stop words."""
from __future__ import annotations

import pytest
import spacy


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("kk")


def toks(nlp, text):
    return [t.text for t in nlp(text)]


@pytest.mark.parametrize("text,expected", [
    # PDF artefacts are split
    ("бөлігін алды.Ол КСРО-ның", ["бөлігін", "алды", ".", "Ол", "КСРО-ның"]),
    ("Ақсу кенті.1948 жылдың", ["Ақсу", "кенті", ".", "1948", "жылдың"]),
    ("1952 жылданҮлкен Сарань", ["1952", "жылдан", "Үлкен", "Сарань"]),
    ("берілді,қашу жоқ", ["берілді", ",", "қашу", "жоқ"]),
    ("бұйрық;келесі", ["бұйрық", ";", "келесі"]),
    # kept whole
    ("№ 12.001 және № 0/460", ["№", "12.001", "және", "№", "0/460"]),
    ("Т-34 танкі", ["Т-34", "танкі"]),
    ("үй-жайларымен бірге", ["үй-жайларымен", "бірге"]),
    ("400-ге жуық", ["400-ге", "жуық"]),
    ("сағат 15.00-де", ["сағат", "15.00-де"]),
    ("ІІМ-нің бұйрығы", ["ІІМ-нің", "бұйрығы"]),
    # a final full stop after a Kazakh letter is split (spaCy's base rules miss ә ғ қ ң ө ұ ү һ і)
    ("Бұл анық.", ["Бұл", "анық", "."]),
    ("Бәрі түсінікті, бірақ ұзақ.", ["Бәрі", "түсінікті", ",", "бірақ", "ұзақ", "."]),
    ("«Жұмабек» бөлімшесі", ["«", "Жұмабек", "»", "бөлімшесі"]),
])
def test_tokenizer_splits_and_keeps(nlp, text, expected):
    assert toks(nlp, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("1954 ж. мамыр", ["1954", "ж.", "мамыр"]),
    ("1950-1953 жж. аралығы", ["1950-1953", "жж.", "аралығы"]),
    ("қалалар, т.б. жерлер", ["қалалар", ",", "т.б.", "жерлер"]),
    ("тов. Губин", ["тов.", "Губин"]),
    ("т. Бочков", ["т.", "Бочков"]),
    ("зам. нач. Гулаг", ["зам.", "нач.", "Гулаг"]),
    ("бастығының м. а. И. Щетинин", ["бастығының", "м.", "а.", "И.", "Щетинин"]),
    ("С.Н. Круглов", ["С.Н.", "Круглов"]),
    ("С. Н. Кругловқа", ["С.", "Н.", "Кругловқа"]),
    ("Ә. Бөкейхан", ["Ә.", "Бөкейхан"]),
])
def test_tokenizer_exceptions(nlp, text, expected):
    assert toks(nlp, text) == expected


def test_abbreviation_norms(nlp):
    doc = nlp("1954 ж. т.б.")
    assert doc[1].norm_ == "жыл" and doc[2].norm_ == "тағы басқа"


@pytest.mark.parametrize("word,num", [
    ("12", True), ("15.5", True), ("0/460", True), ("400-ге", True), ("3-ші", True), ("алты", True),
    ("мыңнан", True), ("жетеуі", True), ("үшінші", True), ("оның", False), ("үшін", False),
    ("бірге", False), ("алтын", False), ("адам", False), ("Т-34", False),
])
def test_like_num(nlp, word, num):
    assert nlp(word)[0].like_num is num


def test_stop_words(nlp):
    doc = nlp("және ол бұл лагерь")
    assert [t.is_stop for t in doc] == [True, True, True, False]


def test_norm_is_the_stem_shared_by_case_forms(nlp):
    """NORM (the NER model's main feature) maps a name's case forms to one string."""
    forms = ["Қарағандыдан", "Қарағандыға", "Қарағандының", "Қарағандыны"]
    assert {t.norm_ for t in nlp(" ".join(forms))} == {"қарағанд"}
    # a rough stem: the bare name loses its final -ды as if it were an accusative ending
    assert nlp("Қарағанды")[0].norm_ == "қараған"
    doc = nlp("Кругловқа Круглов Степлагтың Степлаг лагерьлерінің")
    assert [t.norm_ for t in doc] == ["круглов", "круглов", "степлаг", "степлаг", "лагерь"]
    assert nlp("1954 ж.")[1].norm_ == "жыл"  # tokenizer-exception norms still win
