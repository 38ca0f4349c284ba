"""Gazetteer lookups by Kazakh form (with endings) and by Russian form (any case); bad files."""
import pytest

from pipeline.names import GazetteerError, build_gazetteer, load_gazetteer, lookup_kk, lookup_ru


@pytest.mark.parametrize("form, ru, label", [
    ("Қарағандыдан", "Караганда", "PLACE"), ("Джезқазған", "Джезказган", "PLACE"),
    ("Степлагының", "Степлаг", "PLACE"), ("Степлаге", "Степлаг", "PLACE"), ("Карлагқа", "Карлаг", "PLACE"),
    ("Песчанлагтағы", "Песчанлаг", "PLACE"), ("Озерлагқа", "Озерлаг", "PLACE"),
    ("Екібастұзға", "Экибастуз", "PLACE"), ("Ақмола облысының", "Акмолинская область", "PLACE"),
    ("Павлодар облысы", "Павлодарская область", "PLACE"), ("Семейде", "Семипалатинск", "PLACE"),
    ("дала лагеріне", "Степлаг", "PLACE"), ("Қарағанды ЕТЛ-дан", "Карлаг", "PLACE"),
    ("Кеңгір су қоймасы", "Кенгирское водохранилище", "PLACE"), ("Гулагтың", "ГУЛАГ", "ORG"),
    ("ІІД-нің", "УВД", "ORG"), ("КОКП ОК-нің", "ЦК КПСС", "ORG"), ("прокуратураға", "прокуратура", "ORG"),
])
def test_lookup_kk(form, ru, label):
    entry = lookup_kk(form)
    assert entry is not None, form
    assert (entry.ru, entry.label) == (ru, label)


@pytest.mark.parametrize("form, kk", [
    ("Джезказгана", "Жезқазған"), ("Караганде", "Қарағанды"), ("Карагандинской области", "Қарағанды облысы"),
    ("Кенгире", "Кеңгір"), ("Балхаша", "Балқаш"), ("Экибастузе", "Екібастұз"), ("Алма-Ате", "Алматы"),
])
def test_lookup_ru_pairs_russian_case_forms_with_kazakh(form, kk):
    entry = lookup_ru(form)
    assert entry is not None, form
    assert entry.kk == kk


def test_camp_subtype_and_unknown_names():
    assert lookup_kk("Степлаг").subtype == "camp"
    assert lookup_kk("Мелешенко") is None
    assert lookup_ru("Круглова") is None


def test_gazetteer_is_large_and_credits_its_sources():
    gaz = load_gazetteer()
    places = [e for e in gaz.entries if e.label == "PLACE" and e.source == "gazetteer:places"]
    assert len(places) >= 200
    from pipeline.names.gazetteer import GAZETTEER_DIR
    for name in ("places_kz.tsv", "camps_ru.tsv", "camps_kk.tsv", "orgs.tsv"):
        head = (GAZETTEER_DIR / name).read_text(encoding="utf-8")[:800]
        assert head.startswith("#") and ("Source" in head or "Compiled" in head or "Written" in head), name


def test_capitalised_names_need_a_capital_in_text():
    gaz = load_gazetteer()
    assert gaz.match(["Шар", "қаласы"]) is not None
    assert gaz.match(["шар", "қаласы"]) is None


def test_bad_gazetteer_file_names_file_and_line(tmp_path):
    from pipeline.names.gazetteer import GAZETTEER_DIR
    for name in ("camps_ru.tsv", "orgs.tsv", "places_kz.tsv"):
        (tmp_path / name).write_text((GAZETTEER_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "camps_kk.tsv").write_text("# x\nkk\tru\nдала лагері\tСтеплаг\textra\tcells\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"camps_kk.tsv:3"):
        build_gazetteer(tmp_path)
    (tmp_path / "camps_kk.tsv").unlink()
    with pytest.raises(GazetteerError, match="camps_kk.tsv: gazetteer file not found"):
        build_gazetteer(tmp_path)


def test_camp_gazetteer_script_rebuilds_from_shared(shared_dir, tmp_path):
    import runpy
    import sys
    from pathlib import Path
    script = Path(__file__).resolve().parent.parent / "scripts" / "build_camp_gazetteer.py"
    out = tmp_path / "camps_ru.tsv"
    argv = sys.argv
    sys.argv = [str(script), str(shared_dir / "data" / "gulag_camps.csv"), str(out)]
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
    text = out.read_text(encoding="utf-8")
    assert "Степной лагерь\tСтеплаг\t" in text and "Карагандинский ИТЛ\tКарлаг\t" in text
    assert "Memorial" in text.splitlines()[1] or "Memorial" in text[:400]


@pytest.mark.parametrize("form, kk", [
    ("МВД СССР", "КСРО ІІМ"), ("Коллегия МВД СССР", "КСРО ІІМ алқасы"), ("ГУЛАГ МВД СССР", "КСРО ІІМ ГУЛАГ"),
    ("МВД Казахской ССР", "Қазақ КСР ІІМ"), ("ЦК КПСС", "КОКП ОК"), ("Совет Министров СССР", "КСРО Министрлер Кеңесі"),
])
def test_lookup_ru_composed_institutions(form, kk):
    entry = lookup_ru(form)
    assert entry is not None and entry.label == "ORG" and entry.kk == kk and entry.ru == form
