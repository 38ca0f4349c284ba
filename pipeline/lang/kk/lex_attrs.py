"""Lexical attributes: which Kazakh words are numbers (`like_num`)."""
import re

from spacy.attrs import LIKE_NUM

#: Cardinal number words and their values; `pipeline.extract.numbers` reads them too.
NUMBER_WORDS = {
    "нөл": 0, "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7,
    "сегіз": 8, "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
    "алпыс": 60, "жетпіс": 70, "сексен": 80, "тоқсан": 90, "жүз": 100, "мың": 1000,
    "миллион": 1_000_000, "миллиард": 1_000_000_000,
}

#: Collective forms ("the six of them"): `жетеуі`, `алтауы`.
COLLECTIVE_WORDS = {
    "біреу": 1, "екеу": 2, "үшеу": 3, "төртеу": 4, "бесеу": 5, "алтау": 6, "жетеу": 7,
    "сегізеу": 8, "тоғызау": 9, "оныу": 10,
}

_DIGITS = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:-?(?:ші|шы|сы|сі|ы|і|дан|ден|тан|тен|нан|нен|ге|ға|ке|қа|де|да|те|та|ға|ге|ның|нің|дың|дің|тың|тің|ы|і|ға))?$")


def like_num(text: str) -> bool:
    lower = text.lower().replace(" ", "")
    if _DIGITS.match(lower.replace("\u00a0", "")):
        return True
    if lower in NUMBER_WORDS or lower in COLLECTIVE_WORDS:
        return True
    # number word with a case or possessive ending: алтысы, онға, мыңнан
    for word in NUMBER_WORDS:
        if lower.startswith(word) and len(lower) - len(word) <= 4 and len(word) >= 2:
            return True
    for word in COLLECTIVE_WORDS:
        if lower.startswith(word) and len(lower) - len(word) <= 3:
            return True
    return False


LEX_ATTRS = {LIKE_NUM: like_num}
