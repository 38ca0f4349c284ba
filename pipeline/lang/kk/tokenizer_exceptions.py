"""Abbreviations that keep their full stop: `ж.` (жыл), `т.б.` (тағы басқа), `тов.`, initials."""
from spacy.symbols import NORM, ORTH
from spacy.util import update_exc
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS

_exc = {}

_ABBREVIATIONS = {
    "ж.": "жыл", "жж.": "жылдар", "т.б.": "тағы басқа", "т.с.с.": "тағы сол сияқты",
    "тов.": "товарищ", "т.": "товарищ", "зам.": "заместитель", "нач.": "начальник",
    "м.а.": "міндетін атқарушы", "ғ.": "ғасыр", "млн.": "миллион", "млрд.": "миллиард",
    "мыс.": "мысалы", "қ.": "қаласы", "обл.": "облысы", "г.": "год", "гг.": "годы",
    "с.г.": "сего года", "тыс.": "тысяч", "руб.": "рубль", "см.": "смотри", "ф.": "фонд",
    "оп.": "опись", "д.": "дело", "л.": "лист", "св.": "свыше", "ген.": "генерал",
    "полк.": "полковник", "подп.": "подполковник", "сов.": "совершенно",
}
for orth, norm in _ABBREVIATIONS.items():
    for form in {orth, orth.capitalize(), orth.upper()}:
        _exc[form] = [{ORTH: form, NORM: norm}]

# `м. а.` (міндетін атқарушы, acting) written with a space is two tokens, each keeping its stop.
for orth in ("м.", "а."):
    _exc[orth] = [{ORTH: orth}]

# Initials: one capital letter and a full stop (`С.`), and pairs written together (`С.Н.`).
_UPPER = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
for a in _UPPER:
    _exc[f"{a}."] = [{ORTH: f"{a}."}]
    for b in _UPPER:
        _exc[f"{a}.{b}."] = [{ORTH: f"{a}.{b}."}]

TOKENIZER_EXCEPTIONS = update_exc(BASE_EXCEPTIONS, _exc)
