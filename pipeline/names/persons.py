"""Person rules: initials + surname with any Kazakh ending, titled names, surnames in context.

    С. Н. Кругловқа        -> PERSON, norm.ru "Круглов С. Н."
    В. В.\\nГубинге         -> across a line break (the clean view joins it)
    тов. Губиным           -> title outside the span; Russian case form -> Губин
    күзеті Мелешенко       -> a bare surname after a noun for a person, or with surname morphology
"""
from __future__ import annotations

import re
from functools import lru_cache

from .endings import strip_endings
from .canonical import is_russian_surname, looks_like_surname, strong_surname_shape, surname_forms
from .gazetteer import Gazetteer
from .lexicon import KIN_BEFORE_NAME, PERSON_CONTEXT, TITLES, TITLES_AFTER_NAME, WEAK_TITLES
from .spans import NameSpan
from ..lang.kk.stop_words import STOP_WORDS as _STOP_WORDS
from .tokens import Token, capitalised, lemmas_among, sentence_initial
from .translit import has_kazakh_letters, kk_to_ru

_PERSON_CONTEXT = frozenset(PERSON_CONTEXT)


def _is_initial(toks: list[Token], k: int) -> bool:
    t = toks[k]
    return (len(t.text) == 1 or t.text in ("Ш", "Ч")) and t.text.isalpha() and t.text.isupper() \
        and k + 1 < len(toks) and toks[k + 1].text == "."


def _name_word(t: Token) -> bool:
    """A capitalised word that may be (part of) a name: not an acronym, not a stop word."""
    found = _NAME_WORDS.get(t.text)
    if found is None:
        if len(_NAME_WORDS) >= 200_000:
            _NAME_WORDS.clear()
        found = _NAME_WORDS[t.text] = t.is_cap and t.is_word and not t.is_upper and len(t.text) >= 2 \
            and "-" not in t.text[:-5] and t.lower not in _STOP_WORDS
    return found


#: token text -> `_name_word` (it depends on the text alone; the rules ask it of every capitalised token)
_NAME_WORDS: dict[str, bool] = {}




def person_norm(surname_token: str, initials: list[str]) -> dict:
    """PERSON norm: Russian nominative surname, initials in Russian letters (`Қ.` -> `К.`)."""
    kk, ru = surname_forms(surname_token)
    ini = " ".join(f"{kk_to_ru(c, 'person')}." for c in initials)
    norm = {"ru": f"{ru} {ini}".strip(), "kk": kk, "surname": ru, "initials": ini}
    return norm


def initials_names(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """`И. И. Долгихтың`, `С. Ю. Юсупова`, and `Губин В. В.` (initials after the surname)."""
    out: list[NameSpan] = []
    k = 0
    for start in capitalised(toks):  # an initial is a capital letter
        if start < k:  # inside the name found before
            continue
        k = start
        if not _is_initial(toks, k):
            continue
        i = k
        initials = []
        while k < len(toks) and _is_initial(toks, k) and len(initials) < 3:
            initials.append(toks[k].text)
            k += 2
        after_name = k < len(toks) and _name_word(toks[k])
        after_place = after_name and gaz.match_one(toks[k].text) is not None
        before_ok = i > 0 and _name_word(toks[i - 1]) and looks_like_surname(surname_forms(toks[i - 1].text)[1])
        # a listed place after initials is still a surname when it has a surname's shape and no
        # surname stands before the initials (`Д. Қонаев`: the town Қонаев is named after him)
        after_ok = after_name and (not after_place or not before_ok
                                   and looks_like_surname(surname_forms(toks[k].text)[1]))
        if after_ok:
            out.append(NameSpan("PERSON", i, k + 1, person_norm(toks[k].text, initials), source="rules:persons",
                                confidence=0.8 if after_place else 0.95, bonus=10))
            k += 1
            continue
        # surname before the initials (`Бейсенова Г. Долинкада`: the word after is a place)
        if before_ok:
            out.append(NameSpan("PERSON", i - 1, i + 2 * len(initials), person_norm(toks[i - 1].text, initials),
                                source="rules:persons", confidence=0.85, bonus=10))
    return out


def titled_names(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """A capitalised word after a title, rank or person noun: `тов. Губиным`, `полковник Коноваловтың`,
    `орынбасары Бочков`, `қамалған Сысоевты`. The title stays outside the span."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        t = toks[k]
        if k < 1 or not _name_word(t) or gaz.match_one(t.text):
            continue
        prev = toks[k - 1]
        p = k - 1
        if prev.text == "." and k >= 2:
            p = k - 2
        word = toks[p].lower
        titled = word in TITLES and (p == k - 2 or word not in ("т",))
        person_noun = bool(lemmas_among(toks[p].text, _PERSON_CONTEXT)) and p == k - 1
        kin = p == k - 1 and bool(lemmas_among(toks[p].text, KIN_BEFORE_NAME))  # `Әкесі Әбеу`
        if not (titled or person_noun or kin):
            continue
        kk, ru = surname_forms(t.text)
        weak = person_noun and not titled and not kin or titled and word in WEAK_TITLES
        if weak and not (looks_like_surname(ru) or is_russian_surname(ru)):
            continue
        out.append(NameSpan("PERSON", k, k + 1, person_norm(t.text, []), source="rules:persons",
                            confidence=0.85 if titled else 0.75, bonus=3))
    return out


#: endings of Kazakh first names (`Анарбай`, `Серікбек`, `Гүлжан`, `Айгүл`): a sentence-initial word with one
#: may be a name, not a capitalised adjective
_FIRST_NAME_ENDINGS = ("бай", "бек", "жан", "гүл", "тай", "бол", "бике", "ғали", "құл", "бақ", "хан")
_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)")
_PLACE_AFTER_HONORIFIC = frozenset(("көшесі", "даңғылы", "ауылы", "ауданы", "кенті", "қаласы", "атындағы",
                                    "мектебі", "мешіті", "кесенесі", "ескерткіші"))


def names_before_honorifics(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """A capitalised name right before an honorific written after names (`Анарбай ақсақал`,
    `Қазыбек би`, `Абылай хан`): a PERSON, the honorific outside the span."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        if k + 1 >= len(toks):
            continue
        nxt = toks[k + 1]
        if nxt.is_cap or not nxt.is_word or not lemmas_among(nxt.text, TITLES_AFTER_NAME) \
                or _PLURAL.search(nxt.lower):
            continue
        if sentence_initial(toks, k) and not toks[k].lower.endswith(_FIRST_NAME_ENDINGS):
            continue  # `Жас батыр`: a capitalised adjective; `Анарбай ақсақал` has a name's ending
        if k + 2 < len(toks) and lemmas_among(toks[k + 2].text, _PLACE_AFTER_HONORIFIC):
            continue  # `Төле би көшесі`, `Өтеген батыр ауылы`: a place named after the person
        t = toks[k]
        if not _name_word(t) or strip_endings(t.text) != t.text or gaz.match_one(t.text) \
                or gaz.get(t.text + nxt.text) or gaz.get(f"{t.text}-{nxt.text}"):  # `Алма ата` = Алма-Ата
            continue
        if sentence_initial(toks, k) and t.lower in _STOP_WORDS:
            continue
        out.append(NameSpan("PERSON", k, k + 1, person_norm(t.text, []), source="rules:persons",
                            confidence=0.7, bonus=2))
    return out


def bare_surnames(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """A capitalised word with surname morphology that pymorphy3 knows as a surname (`Вавилов`),
    or a Kazakh-born surname in Russian form (`Жұмаділова`). Lower confidence: review material."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        t = toks[k]
        if not _name_word(t) or gaz.match_one(t.text):
            continue
        kk, ru = surname_forms(t.text)
        # a Kazakh ending on a dictionary surname (`Берияның`) counts, but only for a Russian-spelt
        # word inside a sentence: Kazakh words transliterate into rare Russian surnames (`Маман`)
        inflected = kk != t.text and not has_kazakh_letters(kk) and not sentence_initial(toks, k)
        # pymorphy3 (slow on a word it does not know) is asked last
        if strong_surname_shape(ru):
            if kk == ru and _russian_word_not_surname(ru):  # `Биографическая`: a Russian adjective
                continue
        elif not ((looks_like_surname(ru) or inflected) and is_russian_surname(ru)
                  or _unknown_russian_in_surname(kk, ru, toks, k)):
            continue
        out.append(NameSpan("PERSON", k, k + 1, person_norm(t.text, []), source="rules:persons", confidence=0.6))
    return out


def _russian_word_not_surname(word: str) -> bool:
    """pymorphy3's dictionary knows the word, but never as a surname (`Биографическая`)."""
    from .canonical import dictionary_tags

    tags = dictionary_tags(word)
    return bool(tags) and not any("Surn" in t for t in tags)


def _unknown_russian_in_surname(kk: str, ru: str, toks: list[Token], k: int) -> bool:
    """A Russian-spelt word ending in -ин inside a sentence that pymorphy3's dictionary does not know
    at all (`Голощекин`): Kazakh words write that ending -ін/-ын, so it is a Russian surname."""
    from .canonical import dictionary_tags

    return kk == ru and len(ru) >= 7 and ru.endswith("ин") and not has_kazakh_letters(ru) \
        and not sentence_initial(toks, k) and not dictionary_tags(ru)


@lru_cache(maxsize=16384)
def _tagged(word: str, tag: str) -> bool:
    """pymorphy3's dictionary knows `word` (or its Russian spelling) with `tag` (Name, Patr)."""
    from .canonical import dictionary_tags
    from .translit import kk_to_ru

    return any(tag in t for w in {word, kk_to_ru(word, "person")} for t in dictionary_tags(w))


_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы", "ович", "евич", "овна", "евна", "ич", "ична")


def full_names(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """First name [+ patronymic] + surname: `Николай Петрович Сидоренко`, `Бекболат Базаровтың`,
    `Қасым-Жомарт Кемелұлы Тоқаев`. The initials come from the first name and patronymic
    (`Сидоренко Н. П.`). A first name is one pymorphy3 knows (Name), or any capitalised word inside a
    sentence right before a surname that looks like one."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        t = toks[k]
        if k >= len(toks) - 1 or not _name_word(t):
            continue
        j = k + 1
        first = [t.text]
        # a hyphenated first name split by the tokenizer: Қасым-Жомарт
        if j + 1 < len(toks) and toks[j].text == "-" and toks[j].start == t.end and _name_word(toks[j + 1]) \
                and toks[j + 1].start == toks[j].end:
            first.append(toks[j + 1].text)
            j += 2
        initials = [first[0][0]]
        if j < len(toks) and _name_word(toks[j]):
            if toks[j].lower.endswith(_PATRONYMIC):
                patronymic = True
            elif not (j + 1 < len(toks) and _name_word(toks[j + 1]) and not gaz.match_one(toks[j + 1].text)):
                # no surname could follow a patronymic here, so asking pymorphy3 (slow) whether
                # toks[j] is one only matters when toks[j] would do as the surname
                span = _full_name(toks, k, first, initials, j, gaz)
                if span is not None and not _tagged(toks[j].text, "Patr"):
                    out.append(span)
                continue
            else:
                patronymic = _tagged(toks[j].text, "Patr")
            if patronymic:
                initials.append(toks[j].text[0])
                j += 1
        span = _full_name(toks, k, first, initials, j, gaz)
        if span is None and len(initials) > 1 and toks[j - 1].lower.endswith(_KAZAKH_PATRONYMIC):
            span = _name_and_patronymic(toks, k, first, j, gaz)
        if span is not None:
            out.append(span)
    return out


_KAZAKH_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы")


def _name_and_patronymic(toks: list[Token], k: int, first: list[str], j: int, gaz: Gazetteer) -> NameSpan | None:
    """First name + Kazakh patronymic with no surname after it (`Серік Мақашұлы`, the official
    style): a PERSON whose surname slot holds the patronymic until the document says more (the
    entity stage takes a surname named in brackets right after it)."""
    t = toks[k]
    if gaz.match_one(t.text) or t.lower in TITLES or strip_endings(t.text) != t.text:
        return None
    if sentence_initial(toks, k) and not any(_tagged(w, "Name") for w in first):
        return None
    norm = person_norm(toks[j - 1].text, [first[0][0]])
    return NameSpan("PERSON", k, j, norm, source="rules:persons", confidence=0.8, bonus=6)


def _full_name(toks: list[Token], k: int, first: list[str], initials: list[str], j: int,
               gaz: Gazetteer) -> NameSpan | None:
    """The PERSON span of `full_names` from first name(s) at k to a surname at j, if j holds one."""
    t = toks[k]
    if j >= len(toks) or not _name_word(toks[j]) or gaz.match_one(toks[j].text):
        return None
    kk, ru = surname_forms(toks[j].text)
    if not (strong_surname_shape(ru) or looks_like_surname(ru) and len(initials) > 1 or is_russian_surname(ru)
            or _unknown_russian_in_surname(kk, ru, toks, j)):
        return None
    # a first name pymorphy3 does not know must stand where only a name can (asked last: slow)
    if (sentence_initial(toks, k) or gaz.match_one(t.text) or strip_endings(t.text) != t.text
            or t.lower in TITLES) and not any(_tagged(w, "Name") for w in first):
        return None
    norm = person_norm(toks[j].text, [c.upper() for c in initials])
    if kk.endswith("а") and _tagged(first[-1], "femn"):  # Анна Ахматова: a woman's surname stays
        fem = kk_to_ru(kk, "person")
        norm.update(surname=fem, ru=f"{fem} {norm['initials']}".strip())
    return NameSpan("PERSON", k, j + 1, norm, source="rules:persons", confidence=0.85, bonus=8)
