"""Kazakh ending stripping and Kazakh->Russian spelling of names."""
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.names import kk_to_ru, strip_endings
from pipeline.names.endings import ending_splits, split_word
from pipeline.names.translit import fold


@pytest.mark.parametrize("word, lemma", [
    ("Қарағандыдан", "Қарағанды"), ("Сысоевты", "Сысоев"), ("Степлагтың", "Степлаг"),
    ("Кругловқа", "Круглов"), ("Губинге", "Губин"), ("Долгихтың", "Долгих"), ("Щетининнің", "Щетинин"),
    ("Руденконың", "Руденко"), ("КСРО-ның", "КСРО"), ("ЕТЛ-дан", "ЕТЛ"), ("Балқашқа", "Балқаш"),
    ("Екібастұзда", "Екібастұз"), ("Ақмолаға", "Ақмола"), ("Алматыда", "Алматы"), ("Астанамен", "Астана"),
    ("Петровпен", "Петров"), ("Долинкада", "Долинка"), ("облысының", "облысы"), ("лагерінің", "лагері"),
    ("Песчанлагтағы", "Песчанлаг"), ("Жұмаділованың", "Жұмаділова"),
])
def test_strip_endings(word, lemma):
    assert strip_endings(word) == lemma


@pytest.mark.parametrize("word", ["Қарағанды", "Жезді", "Теректі", "Мелешенко", "Бочков", "Губин", "Шиелі"])
def test_lemmas_that_look_inflected_stay(word):
    # names ending in -ды/-ті/-лі are not accusatives: the stripper must not eat them
    assert strip_endings(word) == word


def test_splits_list_every_reading_best_first():
    stems = [s.stem for s in ending_splits("Степлагының")]
    assert "Степлаг" in stems and "Степлагының" in stems
    assert ending_splits("Қарағандыдан")[0].stem == "Қарағанды"


@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщыэюяәғқңөұүһіАҚЖСКО-", max_size=20))
@settings(max_examples=300, deadline=None)
def test_split_is_a_partition_of_the_word(word):
    lemma, ending = split_word(word)
    assert lemma + ending == word
    for sp in ending_splits(word):
        assert word.lower().startswith(sp.stem.lower())


@pytest.mark.parametrize("name, kind, ru", [
    ("Жұмаділова", "person", "Жумадилова"), ("Жезқазған", "place", "Джезказган"), ("Жезді", "place", "Джезды"),
    ("Теректі", "place", "Теректы"), ("Жұмабек", "place", "Джумабек"), ("Қарсақпай", "place", "Карсакпай"),
    ("Өскемен", "place", "Оскемен"), ("Үлкен Жезқазған", "place", "Улкен Джезказган"), ("ЖЭО", "place", "ЖЭО"),
    ("Кругловқа", "person", "Кругловка"), ("Мұхамеджан", "person", "Мухамеджан"),
])
def test_kk_to_ru(name, kind, ru):
    assert kk_to_ru(name, kind) == ru


def test_kk_to_ru_rejects_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        kk_to_ru("Алматы", kind="river")


def test_fold_meets_kazakh_and_russian_spellings():
    assert fold("Жезқазған") == fold("Джезқазған") == fold("Джезказган")
    assert fold("Жезді") == fold("Джезды")


def test_attach_ending_textbook_forms():
    from pipeline.names.endings import attach_ending
    assert attach_ending("Қарағанды", "abl") == "Қарағандыдан"
    assert attach_ending("Балқаш", "dat") == "Балқашқа"
    assert attach_ending("Кеңгір", "gen") == "Кеңгірдің"
    assert attach_ending("Екібастұз", "loc") == "Екібастұзда"
    assert attach_ending("КСРО", "gen") == "КСРО-ның"
    with pytest.raises(ValueError, match="case"):
        attach_ending("Алматы", "vocative")


def _gazetteer_single_words():
    from pipeline.names import load_gazetteer
    return sorted({e.kk for e in load_gazetteer().entries if e.kk and " " not in e.kk and len(e.kk) >= 3})


@given(st.sampled_from(_gazetteer_single_words()), st.sampled_from(["gen", "dat", "acc", "loc", "abl", "ins"]))
@settings(max_examples=300, deadline=None)
def test_every_gazetteer_name_is_found_under_every_case_ending(name, case):
    """Property: a listed name with any case ending is looked up as that name."""
    from pipeline.names.endings import attach_ending
    from pipeline.names import load_gazetteer
    entry = load_gazetteer().get(name)
    assert lookup_kk_entry(attach_ending(name, case)) == entry


def lookup_kk_entry(form):
    from pipeline.names import lookup_kk
    return lookup_kk(form)
