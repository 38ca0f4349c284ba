"""Russian cardinal quantities: `свыше 4 тысяч`, `551 человека`, `около двухсот`, `15 562`, `3%`.

Not counts, and so skipped: ordinals and compounds written with a hyphen (`3-м`, `25-летников`),
numbers after `№`, archival references (`Ф. 9421`, `Л. 50`), years (`1954 г.`), day numbers
before a month name (`25 мая`), clock times (`3.30`), list markers at the start of a line (`1.`),
and any digits inside a DATE/TIME/DOCNUM record of an earlier component.
Norm: `{"value", "qualifier", "unit"}` as in DEVELOPING.md.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .morph import analyzer

#: Qualifiers before the number (language data): more_than / about / up_to.
QUALIFIERS = {
    "свыше": "more_than", "более": "more_than", "больше": "more_than", "не менее": "more_than",
    "около": "about", "примерно": "about", "приблизительно": "about", "порядка": "about", "почти": "about",
    "до": "up_to", "не более": "up_to", "менее": "up_to", "меньше": "up_to",
}
#: Multipliers after the number, by lemma.
MULTIPLIERS = {"тысяча": 1000, "тыс.": 1000, "тыс": 1000, "миллион": 1_000_000, "млн": 1_000_000, "млн.": 1_000_000}
#: Number words by lemma (pymorphy3 lemmas).
WORD_VALUES = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
    "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80,
    "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900, "полтора": 1.5,
}
MONTHS_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
    "ноября", "декабря",
)

_QUAL = "|".join(sorted(QUALIFIERS, key=len, reverse=True)).replace(" ", r"\s+")
_DIGITS = r"\d{1,3}(?:[ \u00a0]\d{3})+(?![\d.,])|\d+(?:,\d+)?"
_NUMBER = re.compile(
    rf"(?<![\w№./-])(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_DIGITS})"
    r"(?:\s*(?P<pct>%|процент[а-я]*))?"
    r"(?:\s+(?P<mult>тысяч[а-я]*|тыс\.?|миллион[а-я]*|млн\.?))?"
    r"(?![\w-]|\.\d)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_ARCHIVE_BEFORE = re.compile(r"(?:\b(?:Ф|Оп|Д|Л|Лл|ф|оп|д|л|лл|с|ст|п|пп|г|т)\.\s*|№\s*)$")
_AFTER_YEAR = re.compile(r"^\s*(?:г\.|гг\.|год[а-я]*)")
_AFTER_MONTH = re.compile(rf"^\s+(?:{'|'.join(MONTHS_GEN)})(?![а-я])", re.IGNORECASE)


@dataclass
class NumberSpan:
    start: int
    end: int
    value: float | int
    qualifier: str | None
    unit: str | None


def _to_value(num: str) -> float | int:
    num = num.replace(" ", "").replace("\u00a0", "")
    return float(num.replace(",", ".")) if "," in num else int(num)


def find_numbers(text: str) -> list[NumberSpan]:
    """Cardinal numbers in digits or words in `text` (clean-view text)."""
    out: list[NumberSpan] = []
    for m in _NUMBER.finditer(text):
        s, e = m.start(), m.end()
        ns = m.start("num")
        before, after = text[max(0, ns - 6):ns], text[m.end("num"):m.end("num") + 12]
        if _ARCHIVE_BEFORE.search(before) and not m.group("qual"):
            continue
        if _AFTER_YEAR.match(after) or _AFTER_MONTH.match(after):
            continue
        if re.match(r"^[.)]\s", after) and (ns == 0 or text[max(0, ns - 1)] in "\n" or text[max(0, ns - 2):ns].strip() == ""):
            continue  # list marker `1. ...` / `1) ...`
        value = _to_value(m.group("num"))
        if m.group("mult"):
            mult = m.group("mult").lower()
            value = value * (1_000_000 if mult.startswith(("милл", "млн")) else 1000)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        qual = QUALIFIERS.get(" ".join(m.group("qual").lower().split())) if m.group("qual") else None
        if qual is None:
            s = ns
        out.append(NumberSpan(s, e, value, qual, "percent" if m.group("pct") else None))
    out += _word_numbers(text, out)
    return sorted(out, key=lambda n: n.start)


#: Beginnings of every Russian number word (and its cases): other words skip pymorphy3 entirely.
_NUMBER_STEM = re.compile(r"^(?:од|дв|тр|чет|пя|шест|сем|вос|дев|дес|сор|ст|тыс|мил|млн|млрд|пол|нол|нул)")


@lru_cache(maxsize=20000)
def _number_reading(low: str) -> tuple[str, bool]:
    """(lemma, is a numeral) of a lower-case word; ("", False) for words that cannot be numbers."""
    if not _NUMBER_STEM.match(low):
        return "", False
    p = analyzer().parse(low)[0]
    return p.normal_form, "NUMR" in p.tag


def _word_numbers(text: str, taken: list[NumberSpan]) -> list[NumberSpan]:
    """Numbers spelled out: `двести`, `четырех тысяч`, `свыше трехсот`."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[NumberSpan] = []
    i = 0
    while i < len(words):
        j, total, current = i, 0, 0
        while j < len(words):
            lem, is_numr = _number_reading(words[j][2].lower())
            if lem in WORD_VALUES and (is_numr or lem in ("тысяча",)):
                current += WORD_VALUES[lem]
            elif lem in MULTIPLIERS and j > i:
                total += max(current, 1) * MULTIPLIERS[lem]
                current = 0
            else:
                break
            if j + 1 < len(words) and text[words[j][1]:words[j + 1][0]].strip():
                j += 1
                break
            j += 1
        value = total + current
        if j > i and value:
            s, e = words[i][0], words[j - 1][1]
            qual = None
            k = i - 1
            if k >= 0 and words[k][2].lower() in QUALIFIERS and not text[words[k][1]:s].strip():
                qual, s = QUALIFIERS[words[k][2].lower()], words[k][0]
            if not any(t.start < e and s < t.end for t in taken):
                out.append(NumberSpan(s, e, value, qual, None))
            i = j
        else:
            i += 1
    return out
