"""Pure parsers for Kazakh quantities: digit strings and number words (reusable by other extractors).

    parse_digits("15 562") == 15562          parse_digits("3,5") == 3.5
    kk_word_value("мыңнан") == (1000, "нан")  compose_number([5, 0.5, 1000]) == 5500
    parse_kk_number("бір мың тоғыз жүз елу төрт") == 1954

Number words come from `pipeline.lang.kk.lex_attrs` (the spaCy language data), so `like_num`
and the extractor agree on what a number word is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lang.kk.lex_attrs import COLLECTIVE_WORDS, NUMBER_WORDS
from .lexicon import KK_NUMBER_ENDINGS, KK_ORDINAL_ENDINGS

#: `жарым` (half) only counts inside a compound: `бес жарым мың` = 5500.
HALF = "жарым"
SCALES = {"мың": 1000, "миллион": 1_000_000, "млн": 1_000_000, "миллиард": 1_000_000_000, "млрд": 1_000_000_000}

#: Word forms that look like a number word plus an ending but are other words
#: (`оның` "his", `үшін` "for", `бірге` "together", `алтын` "gold", `жүзеге` "into effect").
HOMOGRAPHS = frozenset("""
оны оның онда ондай ондағы онымен онан онша оны ону
үшін үшіне
бірге бірде бірі бірін біріне бірінде бірінен бірінің біреу біреуін бірақ
алтын алтыны алтынның алтынды алтынға алтыннан
жүзі жүзін жүзіне жүзінде жүзінен жүзінің жүзеге жүзде
екін жетін бесін елі елін
""".split())

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_digits(text: str) -> int | float:
    """`"15 562"` -> 15562, `"3,5"`/`"3.5"` -> 3.5. Raises ValueError on anything else."""
    compact = _SPACES.sub("", text)
    if re.fullmatch(r"\d+", compact):
        return int(compact)
    if re.fullmatch(r"\d+[.,]\d+", compact):
        return float(compact.replace(",", "."))
    raise ValueError(f"not a digit number: {text!r}")


def _split_ending(word: str, stems: dict[str, int]) -> tuple[int, str] | None:
    for cut in range(len(word), 0, -1):
        stem = word[:cut]
        if stem in stems:
            rest = word[cut:]
            if rest == "" or rest in KK_NUMBER_ENDINGS or rest in _ENDING_SET:
                return stems[stem], rest
    return None


_ENDING_SET = frozenset(KK_NUMBER_ENDINGS)


@lru_cache(maxsize=4096)
def kk_word_value(word: str) -> tuple[float, str] | None:
    """The value of one Kazakh number word and its case ending, or None.

    Accepts cardinals (`алты`), cardinals with an ending (`мыңнан`, `онға`), collectives
    (`жетеуі` = 7) and `жарым` (0.5); rejects ordinals (`үшінші`) and homographs (`оның`).
    """
    w = word.lower()
    if w in HOMOGRAPHS:
        return None
    if w == HALF:
        return 0.5, ""
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w], ""
    if w in SCALES:
        return SCALES[w], ""
    if any(w.endswith(o) for o in KK_ORDINAL_ENDINGS) and _is_ordinal(w):
        return None
    hit = _split_ending(w, COLLECTIVE_WORDS)
    if hit:
        return hit
    hit = _split_ending(w, {**NUMBER_WORDS, **SCALES})
    if hit and hit[1]:
        return hit
    return None


def _is_ordinal(w: str) -> bool:
    """`бірінші`, `екінші`, `алтыншы`, `жиырмасыншы`: a number word plus an ordinal ending."""
    for o in ("інші", "ыншы", "нші", "ншы"):
        if w.endswith(o):
            stem = w[: -len(o)]
            if stem in NUMBER_WORDS or stem.rstrip("ыі") in NUMBER_WORDS or stem + "ы" in NUMBER_WORDS or stem + "і" in NUMBER_WORDS:
                return True
    return False


_ORDINAL_SUFFIXES = ("ыншы", "інші", "нші", "ншы")


def ordinal_word_value(word: str) -> int | None:
    """`бесінші` -> 5, `жиырмасыншы` -> 20, `қырқыншы` -> 40, `алтыншы` -> 6; None if not an ordinal."""
    w = word.lower()
    for suffix in _ORDINAL_SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)]
            for cand in (stem, stem + "ы", stem + "і", stem[:-1], stem.replace("қырқ", "қырық")):
                if cand in NUMBER_WORDS:
                    return NUMBER_WORDS[cand]
    return None


def parse_kk_ordinal(words: list[str]) -> int | None:
    """`["екі", "мың", "жиырма", "бесінші"]` -> 2025: number words closed by an ordinal word."""
    if not words:
        return None
    last = ordinal_word_value(words[-1])
    if last is None:
        return None
    values = []
    for w in words[:-1]:
        v = kk_word_value(w)
        if v is None or v[1]:
            return None
        values.append(v[0])
    value, used = compose_number(values + [last])
    return int(value) if used == len(values) + 1 else None


def is_collective(word: str) -> bool:
    w = word.lower()
    return any(w.startswith(c) for c in COLLECTIVE_WORDS) and kk_word_value(w) is not None


def compose_number(values: list[float]) -> tuple[float, int]:
    """Compose word values into one number; returns `(value, how_many_words_used)`.

    Stops where the next word cannot continue the number (`бес алты` is two numbers, not 11).
    """
    total = 0.0
    current = 0.0
    used = 0
    for i, v in enumerate(values):
        if v == 0.5:
            if current == 0 or current != int(current):
                break
            current += 0.5
        elif v == 100:
            if current >= 10:
                break  # `елу жүз`, `жүз жүз` are not Kazakh numerals
            current = (current or 1) * 100
        elif v >= 1000:
            if total and total < v * max(current, 1):
                break  # `мың миллион`: descending scales only
            total += (current or 1) * v
            current = 0
        elif v >= 10:
            if current % 100 != 0:
                break
            current += v
        else:
            if current % 10 != 0 or current != int(current):
                break
            current += v
        used = i + 1
    value = total + current
    return (int(value) if value == int(value) else value), used


def parse_kk_number(text: str) -> float | None:
    """Parse a whole Kazakh number phrase (words, or digits with a scale word); None if it is not one."""
    words = text.lower().split()
    if not words:
        return None
    if words[0][0].isdigit():
        # digits, alone or with a scale word: `4 мың`, `2,5 мың`
        try:
            head = parse_digits(words[0])
        except ValueError:
            return None
        if len(words) == 1:
            return head
        scale = kk_word_value(words[1]) if len(words) == 2 else None
        if scale and scale[0] >= 1000:
            v = head * scale[0]
            return int(v) if float(v).is_integer() else v
        return None
    values = []
    for w in words:
        v = kk_word_value(w)
        if v is None:
            return None
        values.append(v[0])
    value, used = compose_number(values)
    return value if used == len(values) else None
