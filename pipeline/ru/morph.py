"""Russian morphology: lemmas from pymorphy3, with rules for the surnames it cannot parse.

pymorphy3 knows many surnames (`Егорову` -> `егоров`, tag `Surn`) but reads some as ordinary words
(`Бочковым` -> adjective `бочковый`, `Долгих` -> `долгий`). When a word stands in a name position
(next to initials, after `тов.`) and has no `Surn` parse, `surname_nominative` falls back to
suffix rules for the common Russian surname types (-ов/-ев/-ин/-ын, -ский/-цкий, and the
indeclinable -ко/-их/-ых/-аго/-дзе).

stanza's Russian pipeline (lemmas, NER) is not used here: its models are not downloadable in this
environment. Where it is installed with its Russian models, `stanza_lemmas` gives word lemmas for
cross-checking; nothing depends on it.
"""
from __future__ import annotations

import re
from functools import lru_cache

_MORPH = None


def analyzer():
    """The shared pymorphy3 analyzer (building it takes ~0.3 s, so once per process)."""
    global _MORPH
    if _MORPH is None:
        import pymorphy3
        import pymorphy3.shapes

        _guard_unnamed_letters(pymorphy3.shapes)
        _MORPH = pymorphy3.MorphAnalyzer()
        # The name rules ask about the same words again and again: cache per word (the parses are
        # never mutated by callers). ~3x faster Russian components.
        _MORPH.parse = lru_cache(maxsize=100_000)(_MORPH.parse)
        _MORPH.word_is_known = lru_cache(maxsize=100_000)(_MORPH.word_is_known)
    return _MORPH


def _guard_unnamed_letters(shapes) -> None:
    """pymorphy3 asks `unicodedata.name` whether a letter is Latin; a letter Python's Unicode data
    has no name for (Tangut ideographs such as U+17000) raises ValueError and crashed every parse
    of a word containing it. Such letters are simply not Latin."""
    original = shapes.is_latin_char
    if getattr(original, "jazba_guarded", False):
        return

    def is_latin_char(uchr: str) -> bool:
        try:
            return original(uchr)
        except ValueError:
            return False

    is_latin_char.jazba_guarded = True
    shapes.is_latin_char = is_latin_char


def normalise_spelling(word: str) -> str:
    """Lower-case and fold `ё` to `е`: archival Russian rarely writes `ё`."""
    return word.lower().replace("ё", "е")


def cap(word: str) -> str:
    """`КРУГЛОВ` / `круглов` -> `Круглов`; hyphenated parts each capitalised."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The most likely dictionary form of `word` (lower case, `ё` folded)."""
    parses = analyzer().parse(word)
    return normalise_spelling(parses[0].normal_form) if parses else normalise_spelling(word)


@lru_cache(maxsize=20000)
def is_surname_word(word: str) -> bool:
    """True when pymorphy3 offers a surname (`Surn`) reading of `word`."""
    return any("Surn" in p.tag for p in analyzer().parse(word))


@lru_cache(maxsize=20000)
def is_place_word(word: str) -> bool:
    """True when pymorphy3 offers a geographical-name (`Geox`) reading of `word`."""
    return any("Geox" in p.tag for p in analyzer().parse(word))


@lru_cache(maxsize=20000)
def place_lemma(word: str) -> str | None:
    """Nominative of a geographical name (`Джезказгана` -> `Джезказган`), or None."""
    for p in analyzer().parse(word):
        if "Geox" in p.tag:
            return cap(p.normal_form)
    return None


# Oblique-case endings of -ов/-ев/-ин/-ын surnames, longest first: `Бочковым` -> `Бочков`.
_OV_CASES = re.compile(r"^(?P<stem>.+?(?:ов|ев|ёв|ин|ын))(?:ым|ой|ому|ого|ом|ою|ых|ыми|а|у|е|ы)?$")
_SKIY_CASES = re.compile(r"^(?P<stem>.+?(?:ск|цк))(?:ий|ого|ому|им|ом|ая|ой|ую|ие|их|ими)$")
# Surnames that do not decline: Руденко, Долгих, Черных, Живаго, Джугашвили, Орджоникидзе.
_INDECLINABLE = re.compile(r"(?:ко|их|ых|аго|яго|дзе|швили|ия|ян|ук|юк|ич|енко)$")


@lru_cache(maxsize=20000)
def surname_nominative(word: str) -> str:
    """Masculine nominative of a surname in any case: `Круглову` -> `Круглов`, `КРУГЛОВ` -> `Круглов`.

    Initials do not tell the gender; archival Soviet officials are overwhelmingly men, so a
    masculine reading wins when pymorphy3 offers both (`Круглова` -> `Круглов`, not `Круглова`).
    """
    if re.search(r"-[А-ЯЁ]", word):  # double-barrelled: each part declines (`Петрову-Водкину`)
        return "-".join(surname_nominative(part) for part in word.split("-"))
    if re.search(r"-[а-яё]+$", word):
        word = word.replace("-", "")  # `Кругло-ва`: split at a line break, one word
    low = normalise_spelling(word)
    if _INDECLINABLE.search(low) and not low.endswith(("ича", "ичу", "ичем")):
        return cap(word)
    fem = re.match(r"^(?P<stem>.+?(?:ск|цк))(?:ая|ую|ой)$", low)
    if fem:  # `Шиманская`, `Шиманскую`: only a woman's surname has these endings
        return cap(fem.group("stem") + "ая")
    parses = [p for p in analyzer().parse(low) if "Surn" in p.tag]
    if any(p.tag.case == "nomn" and p.tag.number == "sing" and "masc" in p.tag for p in parses) \
            and re.search(r"(?:ов|ев|ин|ын)$", low):
        return cap(word)  # `Бутов` is already a nominative (not the genitive plural of `Бут`)
    if parses:
        masc = [p for p in parses if "masc" in p.tag or "ms-f" in p.tag]
        best = (masc or parses)[0]
        return cap(normalise_spelling(best.normal_form))
    m = _SKIY_CASES.match(low)
    if m:
        return cap(m.group("stem") + "ий")
    m = _OV_CASES.match(low)
    if m:
        return cap(m.group("stem"))
    return cap(word)


def stanza_lemmas(text: str) -> list[tuple[str, str]] | None:
    """(word, lemma) pairs from stanza's Russian pipeline, or None when stanza or its models are absent."""
    try:
        import stanza  # noqa: F401
    except ImportError:
        return None
    try:
        nlp = stanza.Pipeline("ru", processors="tokenize,pos,lemma", download_method=None, verbose=False)
    except Exception:  # models not downloaded
        return None
    return [(w.text, w.lemma) for s in nlp(text).sentences for w in s.words]
