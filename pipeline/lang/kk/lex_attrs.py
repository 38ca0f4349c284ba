"""Lexical attributes: which Kazakh words are numbers (`like_num`), and the stem-based `NORM`."""
import re
from functools import lru_cache

from spacy.attrs import LIKE_NUM, NORM

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
    "сегізеу": 8, "тоғызау": 9, "онау": 10,
}

#: Digits, decimals, space-less thousands, with an optional hyphenated ending (`400-ге`, `3-ші`).
_DIGITS = re.compile(r"^[+-]?\d+(?:[.,/]\d+)*%?(?:-[а-яәғқңөұүһі]{1,6})?$")


#: First two letters of every number word: most words are rejected on this alone (speed).
_HEADS = frozenset(w[:2] for w in (*NUMBER_WORDS, *COLLECTIVE_WORDS, "жарым", "млн", "млрд"))


def like_num(text: str) -> bool:
    """`12`, `15.5`, `400-ге`, `алты`, `мыңнан`, `жетеуі`, ordinals `үшінші`; not `оның` or `үшін`."""
    lower = text.lower()
    if lower[:2] not in _HEADS:
        return bool(_DIGITS.match(lower))
    # imported here: the number-word parser lives with the extractors and reads NUMBER_WORDS above
    from ...extract.numwords import _is_ordinal, kk_word_value

    return kk_word_value(lower) is not None or _is_ordinal(lower)


def norm(text: str) -> str:
    """NORM: the lower-cased word without its case and possessive endings (`Қарағандыдан`,
    `Қарағандыға` -> `қарағанд`; `Кругловқа` -> `круглов`).

    Kazakh glues endings to names, so one name has a dozen surface forms; the NER model embeds
    NORM, and sharing one row between them lets it recognise a form it never saw in training.
    A rough stem (`quick_stem`: no harmony checks), computed once per vocabulary entry.
    """
    return _quick_stem()(text.lower())


@lru_cache(maxsize=1)
def _quick_stem():
    # imported on first use: the ending tables live with the name extractors
    from ...names.endings import quick_stem

    return quick_stem


LEX_ATTRS = {LIKE_NUM: like_num, NORM: norm}
