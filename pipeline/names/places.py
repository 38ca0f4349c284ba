"""Place, camp and camp-division rules: gazetteer names with endings, context words, numbered units.

Small single-purpose extractors over the tokens of the clean view; each returns `NameSpan`s.
"""
from __future__ import annotations

import bisect
import re

from .canonical import (camp_of_place, compose_generic, dictionary_tags, directional_name, strong_surname_shape,
                        surname_forms)
from .gazetteer import Gazetteer
from .lexicon import (CAMP_WORDS, DIRECTION_WORDS, DIVISION_STEMS, EPONYM_PLACES, GENERIC_INSIDE, GENERIC_ORG, GENERIC_OUTSIDE,
                      GLUED_DIVISION_PREFIXES, ORDINAL_WORDS, PLACE_NOUNS_AFTER_NAMING, PLURAL_GENERICS,
                      SPECIAL_CAMP_WORDS)
from .spans import NameSpan
from ..lang.kk.stop_words import STOP_WORDS as _STOP_WORDS
from .tokens import Token, capitalised, lemmas, lemmas_among
from .endings import strip_endings
from .translit import has_kazakh_letters, kk_to_ru

_NUM = re.compile(r"(\d+)(?:\s?-\s?(?:ші|шы|ші|інші|ыншы|ншы|нші))?$")
_QUOTES = set('"«»“”„\'')


def _words(toks: list[Token], i: int, n: int = 6) -> list[str]:
    return [t.text for t in toks[i:i + n]]


def gazetteer_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """Every gazetteer name (PLACE or ORG) in the text, longest first at each token."""
    out: list[NameSpan] = []
    # most words cannot start a listed name: only those that may are tried
    starts = gaz.starts([t.text if t.is_word else None for t in toks])
    i = 0
    for start in starts:
        if start < i:  # inside the name found before
            continue
        i = start
        words = []
        for k in range(i, min(i + 6, len(toks))):
            if not toks[k].is_word and toks[k].text != "(" :
                break
            words.append(toks[k].text)
        hit = gaz.match(words)
        glued = _hyphen_glued(toks, i)
        if glued is not None:  # `Нұр-Сұлтанға`: the tokenizer split a hyphenated listed name
            joined = gaz.match([_joined(toks, i, glued)])
            if joined is not None and (hit is None or hit[0] == 1):
                hit = (glued - i, joined[1], joined[2])
        if not hit:
            continue
        n, entry, lemma = hit
        if n == 1 and lemma in EPONYM_PLACES and not _place_context(toks, i):
            out.append(NameSpan("PERSON", i, i + 1, {"ru": kk_to_ru(lemma, "person"), "kk": lemma,
                                                     "surname": kk_to_ru(lemma, "person"), "initials": ""},
                                source="rules:persons", confidence=0.7, bonus=5))
            i += 1
            continue
        # norm.kk is the mention's own Kazakh lemma for camps (`Степлаг`, not the rendering `дала лагері`)
        norm = {"ru": entry.ru, "kk": lemma if entry.subtype == "camp" else (entry.kk or lemma)}
        subtype = "camp" if entry.subtype == "camp" else None
        out.append(NameSpan(entry.label, i, i + n, norm, subtype=subtype, source=entry.source, confidence=0.95,
                            bonus=5))
        i += n
    return out


#: endings that put a word in a place's role: locative, ablative, dative (`Абайда`, `Абайдан`, `Абайға`)
_WHERE_ENDINGS = ("да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
                  "ға", "ге", "қа", "ке", "на", "не", "дағы", "дегі")


def _place_context(toks: list[Token], i: int) -> bool:
    """Token i is used as a place: a generic place noun follows, or it carries a where/whither ending."""
    t = toks[i].text
    return t.endswith(_WHERE_ENDINGS) and strip_endings(t) != t or _generic_at(toks, i + 1) is not None


def _hyphen_glued(toks: list[Token], i: int) -> int | None:
    """End of `X-Y` glued by a hyphen at token i (`Нұр`, `-`, `Сұлтанға`), or None."""
    if i + 2 < len(toks) and toks[i + 1].text == "-" and toks[i + 1].start == toks[i].end \
            and toks[i + 2].start == toks[i + 1].end and toks[i + 2].is_word:
        return i + 3
    return None


def _num_value(toks: list[Token], i: int) -> tuple[int, int] | None:
    """A division number at token i: `№ 2`, `3-ші`, `3`, `үшінші` -> (value, tokens used, bare?)."""
    t = toks[i]
    if t.text == "№" and i + 1 < len(toks):
        m = _NUM.match(toks[i + 1].text)
        if m:
            return int(m.group(1)), 2
        return None
    m = _NUM.match(t.text)
    if m:
        return int(m.group(1)), 1
    if t.lower in ORDINAL_WORDS:
        return ORDINAL_WORDS[t.lower], 1
    return None


def camp_units(toks: list[Token]) -> list[NameSpan]:
    """Numbered camp divisions (`№ 2 лагерь бөлімшесі`, `3-ші лагот бөлімі`, `үшінші лагерлік
    бөлімшесі`, `3-ші лаготделения`) as PLACE/unit, and `№ 4 Ерекше лагерь` as PLACE/camp."""
    out: list[NameSpan] = []
    for i, t in enumerate(toks):
        # a number is an ordinal word, or starts with a digit or `№`: skip the rest cheaply
        if t.lower not in ORDINAL_WORDS if t.is_word else t.text != "№" and not t.text[:1].isdigit():
            continue
        num = _num_value(toks, i)
        if not num:
            continue
        value, used = num
        k = i + used
        bare_digits = toks[i].text.isdigit()
        if k < len(toks) and toks[k].lower.startswith(GLUED_DIVISION_PREFIXES):
            out.append(NameSpan("PLACE", i, k + 1, {"ru": f"лаготделение № {value}", "kk": _kk(toks, i, k + 1)},
                                subtype="unit", source="rules:camps", confidence=0.9))
            continue
        if k + 1 < len(toks) and toks[k].lower in CAMP_WORDS:
            head = toks[k + 1].lower
            if head.startswith(DIVISION_STEMS) and not head.startswith("бөлімшелер"):
                # a bare cardinal before an unpossessed head counts divisions (`9 лагерлік бөлімше`)
                if bare_digits and head in ("бөлімше", "бөлім"):
                    continue
                out.append(NameSpan("PLACE", i, k + 2, {"ru": f"лаготделение № {value}", "kk": _kk(toks, i, k + 2)},
                                    subtype="unit", source="rules:camps", confidence=0.9))
                continue
        if k + 1 < len(toks) and toks[k].lower in SPECIAL_CAMP_WORDS and toks[k + 1].lower.startswith("лагер"):
            out.append(NameSpan("PLACE", i, k + 2, {"ru": f"Особый лагерь № {value}", "kk": _kk(toks, i, k + 2)},
                                subtype="camp", source="rules:camps", confidence=0.9))
    return out


def _kk(toks: list[Token], i: int, j: int) -> str:
    from .endings import strip_endings

    words = [t.text for t in toks[i:j]]
    words[-1] = strip_endings(words[-1])
    return " ".join(words).replace("№ ", "№ ")


def named_camps(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """`<Town> ЕТЛ` / `<Town> еңбекпен түзеу лагері` for a listed town: the camp named after it."""
    out: list[NameSpan] = []
    for i in capitalised(toks):
        if i >= len(toks) - 1:
            continue
        entry = gaz.get(toks[i].text)
        if entry is None or entry.label != "PLACE" or entry.subtype == "camp":
            continue
        nxt = toks[i + 1].text.split("-")[0]
        j = None
        if nxt == "ЕТЛ" or nxt == "ИТЛ":
            j = i + 2
        elif i + 3 < len(toks) and toks[i + 1].lower == "еңбекпен" and toks[i + 2].lower == "түзеу" \
                and toks[i + 3].lower.startswith("лагер"):
            j = i + 4
        if j is None:
            continue
        camp = camp_of_place(entry.ru)
        if camp:
            out.append(NameSpan("PLACE", i, j, {"ru": camp, "kk": _kk(toks, i, j)}, subtype="camp",
                                source="rules:camps", confidence=0.9, bonus=3))
    return out


#: Heads of a named memorial after its quoted name (`"..." монументі`, `«Даңқ» ескерткіші`) -> Russian
MEMORIAL_HEADS = {"монументі": "монумент", "ескерткіші": "памятник", "обелискі": "обелиск", "мемориалы": "мемориал"}
_MEMORIAL_WORDS = frozenset(MEMORIAL_HEADS)
_OPEN_QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“"}


def quoted_memorials(toks: list[Token]) -> list[NameSpan]:
    """A quoted name, a few lower-case words, then a memorial head (`"..." монументіне`, `«Даңқ»
    мәңгілік алау монументі`): one PLACE from the opening quote to the head; norm `монумент «Даңқ»`."""
    out: list[NameSpan] = []
    for h, t in enumerate(toks):
        if not t.is_word or t.is_cap or t.lower[:4] not in ("мону", "ескер", "обел", "мемо") and \
                t.lower[:5] not in ("ескер",):
            continue
        key = next(iter(lemmas_among(t.text, _MEMORIAL_WORDS)), None)
        if key is None:
            continue
        m = h - 1
        while m >= 0 and h - m <= 3 and toks[m].is_word and not toks[m].is_cap:
            m -= 1  # lower-case words between the name and the head (`мәңгілік алау`)
        if m < 1 or toks[m].text not in _QUOTES:
            continue
        close = m
        a = m - 1
        while a >= 0 and m - a <= 10 and toks[a].text not in _OPEN_QUOTES:
            a -= 1
        if a < 0 or toks[a].text not in _OPEN_QUOTES or a + 1 >= close:
            continue
        inner = _joined(toks, a + 1, close)
        out.append(NameSpan("PLACE", a, h + 1, {"ru": f"{MEMORIAL_HEADS[key]} «{inner}»", "kk": _joined(toks, a, h + 1)},
                            subtype="facility", source="rules:places", confidence=0.75, bonus=2))
    return out


def elided_camps(toks: list[Token], gaz: Gazetteer, spans: list[NameSpan]) -> list[NameSpan]:
    """A camp named by its adjective alone (`Степной` = Степной лагерь = Степлаг, `Песчаный`) in a
    sentence that speaks of camps (a camp word or another camp in it): a PLACE/camp."""
    out: list[NameSpan] = []
    camp_starts = {sp.i for sp in spans if sp.subtype == "camp"}
    for k in capitalised(toks):
        t = toks[k]
        if not t.is_word or t.is_upper or k == 0 or toks[k - 1].text in (".", "!", "?") \
                or not t.text.endswith(_RU_ADJ_TAILS):
            continue
        stem = strip_endings(t.text)
        entry = gaz.get(f"{stem} лагерь")
        if entry is None or entry.subtype != "camp":
            continue
        a = k
        while a > 0 and toks[a - 1].text not in (".", "!", "?") and k - a < 25:
            a -= 1
        b = k + 1
        while b < len(toks) and toks[b].text not in (".", "!", "?") and b - k < 25:
            b += 1
        if any(toks[m].lower.startswith(("лагер", "лаг ")) or m in camp_starts for m in range(a, b) if m != k):
            out.append(NameSpan("PLACE", k, k + 1, {"ru": entry.ru, "kk": stem}, subtype="camp",
                                source="rules:camps", confidence=0.75, bonus=3))
    return out


#: Russian adjective endings (with a Kazakh ending after them: `Степнойда`)
_RU_ADJ_TAILS = ("ой", "ый", "ий", "ойда", "ыйда", "ойға", "ыйға", "ойдан", "ыйдан", "ойдың", "ыйдың", "ойды", "ыйды")


def _generic_at(toks: list[Token], k: int) -> tuple[str, int, str | None] | None:
    """A generic place noun at token k: ("outside"|"inside", number of tokens, key)."""
    if k >= len(toks) or not toks[k].is_word or toks[k].is_cap and toks[k].lower not in ("облысы",):
        return None
    one = lemmas_among(toks[k].text, _GENERIC_ONE_WORDS)
    two = lemmas_among(toks[k + 1].text, _GENERIC_SECOND_WORDS) if k + 1 < len(toks) else frozenset()
    if not one and not two:
        return None
    for where, key, parts in _GENERIC_KEYS:
        if len(parts) == 2 and toks[k].lower == parts[0] and parts[1] in two:
            return where, 2, key
        if len(parts) == 1 and parts[0] in one:
            return where, 1, key
    return None


#: (where the noun goes, key, its words), inside keys first: the order `_generic_at` tries them in
_GENERIC_KEYS = [(where, key, key.split())
                 for where, keys in (("inside", GENERIC_INSIDE), ("outside", GENERIC_OUTSIDE)) for key in keys]


_GENERIC_ONE_WORDS = frozenset(k for k in (*GENERIC_INSIDE, *GENERIC_OUTSIDE) if " " not in k)
_GENERIC_SECOND_WORDS = frozenset(k.split()[1] for k in (*GENERIC_INSIDE, *GENERIC_OUTSIDE) if " " in k)


def context_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """Capitalised names before a generic place noun: `Новорудная станциясы` (noun outside the span),
    `Торғай облысы` (inside), lists `Рудник, Крестовский, Жезді кенттерінде`."""
    out: list[NameSpan] = []
    for before in capitalised(toks):
        k = before + 1
        if k >= len(toks) or not toks[before].is_word:  # no name before k (tested again below)
            continue
        g = _generic_at(toks, k)
        if not g:
            continue
        where, glen, key = g
        # the name: one or two capitalised words right before the generic noun
        j = k
        i = j - 1
        if not (toks[i].is_cap and toks[i].is_word) or toks[i].is_upper and len(toks[i].text) < 3:
            continue
        if i - 1 >= 0 and toks[i - 1].is_cap and toks[i - 1].is_word and not toks[i - 1].is_upper \
                and (not _sentence_start(toks, i - 1) or toks[i - 1].lower in DIRECTION_WORDS) \
                and gaz.match_one(toks[i - 1].text) is None \
                and strip_endings(toks[i - 1].text) == toks[i - 1].text \
                and not _person_before(toks, i - 1):  # `Ақтаудан Шымкент`: two names
            i -= 1
        # a hyphenated name split by the tokenizer (`Шерубай-Нұра`), unless both halves are names
        # of their own (`Қарағанды-Жезқазған темір жолы` is a line between two towns)
        if i == j - 1 and i >= 2 and toks[i - 1].text == "-" and toks[i - 2].is_cap and toks[i - 2].is_word \
                and toks[i - 1].start == toks[i - 2].end and toks[i].start == toks[i - 1].end \
                and not (gaz.get(toks[i - 2].text) and gaz.get(toks[i].text)):
            i -= 2
        names = [(i, j)]
        # a list before a plural generic noun: `Ақмола, Солтүстік Қазақстан және Қостанай облыстары`
        p = i - 1
        plural = re.search(r"(?:лар|лер|дар|дер|тар|тер)", toks[k].lower) is not None
        while plural and p - 1 >= 0 and toks[p].text in _LIST_JOINERS:
            a = _item_start(toks, p)
            if a is None:
                break
            names.append((a, p))
            p = a - 1
        list_generic = where == "inside" and key in PLURAL_GENERICS
        for a, b in names:
            name = _joined(toks, a, b)
            entry = gaz.get(name)
            if entry is None and b - a == 1 and _common_word(toks, a):
                continue
            if where == "outside" and key in GENERIC_ORG and (a, b) == (i, j):
                ru = entry.ru if entry else kk_to_ru(name, "place")
                out.append(NameSpan("ORG", a, j + glen, {"ru": f"{GENERIC_ORG[key]} {ru}", "kk": f"{name} {key}"},
                                    source="rules:places", confidence=0.75, bonus=2))
                continue
            if where == "inside" and ((a, b) == (i, j) or list_generic):
                # every item of a list takes the generic's norm (`Ленин, Сталин аудандары`: each a
                # district); the span of the last one includes the generic word
                ru_full, kk_full = generic_norm(name, key, gaz)
                end = j + glen if (a, b) == (i, j) else b
                # a list item's generic norm beats the gazetteer's bare name (`Ақмола` the town)
                out.append(NameSpan("PLACE", a, end, {"ru": ru_full, "kk": kk_full},
                                    source="rules:places", confidence=0.85, bonus=2 if end > b else 6))
            else:
                ru = entry.ru if entry else kk_to_ru(name, "place")
                kk = entry.kk if entry and entry.kk else name
                out.append(NameSpan("PLACE", a, b, {"ru": ru, "kk": kk}, source="rules:places",
                                    confidence=0.8, bonus=4))
    return out


def _person_before(toks: list[Token], k: int) -> bool:
    """Token k ends a person's name rather than starting a place's (`Олжас Бектенов Торғай өңіріне`):
    it has a surname's shape, or a capitalised word (a first name) stands right before it."""
    if strong_surname_shape(surname_forms(toks[k].text)[1]):
        return True
    return k >= 1 and toks[k - 1].is_cap and toks[k - 1].is_word and not toks[k - 1].is_upper \
        and toks[k - 1].lower not in DIRECTION_WORDS


#: Words joining the items of a list of names
_LIST_JOINERS = frozenset((",", "және", "мен", "бен", "пен", "мен", ";"))


def _item_start(toks: list[Token], end: int) -> int | None:
    """First token of a list item that ends right before `end`: a capitalised word, with a hyphenated
    second half (`Сары-Ағаш`) and a direction word before it (`Солтүстік Қазақстан`); None if no name."""
    a = end - 1
    if a < 0 or not (toks[a].is_cap and toks[a].is_word) or _common_word(toks, a):
        return None
    if a >= 2 and toks[a - 1].text == "-" and toks[a - 2].is_cap and toks[a - 2].is_word \
            and toks[a - 1].start == toks[a - 2].end and toks[a].start == toks[a - 1].end:
        a -= 2
    if a >= 1 and toks[a - 1].is_cap and toks[a - 1].lower in DIRECTION_WORDS:
        a -= 1
    return a


def _split_direction(name: str) -> tuple[str | None, str]:
    """(`DIRECTION_WORDS` lemma or None, the rest): `Солтүстік Қазақстан` -> (солтүстік, Қазақстан)."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in DIRECTION_WORDS:
        return words[0].lower(), " ".join(words[1:])
    return None, name


def generic_norm(name: str, key: str, gaz: Gazetteer) -> tuple[str, str]:
    """(ru, kk) of a name with a generic noun that stays inside (`Орал губерниясы` -> Уральская
    губерния): the gazetteer's `<name> <generic>` first (a plural generic is looked up in the
    singular), else composed from the Russian adjective of the toponym."""
    single = PLURAL_GENERICS.get(key, key)
    kk_full = f"{name} {single}"
    full = gaz.lookup_kk(kk_full)
    if full is not None and full.label == "PLACE":
        return full.ru, full.kk or kk_full
    direction, base = _split_direction(name)
    entry = gaz.get(base)
    ru = entry.ru if entry is not None and entry.label == "PLACE" else kk_to_ru(base, "place")
    return compose_generic(ru, GENERIC_INSIDE[key][1], direction), kk_full


_PLURAL_ONE_WORDS = frozenset(k for k in PLURAL_GENERICS if " " not in k)


def enumerated_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """An enumeration after a plural generic noun and a colon (`аудандары: Айыртау (Володар ауылы),
    Ақмола (...), ...`): the name that opens each item is a place of that kind (`Айыртауский район`);
    what stands in brackets after it is left to the other rules."""
    out: list[NameSpan] = []
    for k, t in enumerate(toks):
        if t.text != ":" or k == 0 or not toks[k - 1].is_word:
            continue
        keys = lemmas_among(toks[k - 1].text, _PLURAL_ONE_WORDS)
        if not keys:
            continue
        key = next(iter(keys))
        depth, expect = 0, True
        for m in range(k + 1, min(len(toks), k + 400)):
            w = toks[m]
            if w.text in "([":
                depth += 1
            elif w.text in ")]":
                depth = max(0, depth - 1)
            elif depth == 0 and w.text in (",", ";"):
                expect = True
            elif depth == 0 and w.text in (".", "!", "?", ":"):
                break
            elif expect and depth == 0:
                expect = False
                if not (w.is_cap and w.is_word) or w.is_upper or _common_word(toks, m):
                    continue
                b = m + 1
                if b + 1 < len(toks) and toks[b].text == "-" and toks[b + 1].is_word \
                        and toks[b].start == w.end and toks[b + 1].start == toks[b].end:
                    b += 2
                name = _joined(toks, m, b)
                ru, kk = generic_norm(name, key, gaz)
                out.append(NameSpan("PLACE", m, b, {"ru": ru, "kk": kk}, source="rules:places",
                                    confidence=0.75, bonus=6))
    return out


def named_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """`X деген жерде`, `X атты ауылда` ("at a place called X"): X is a PLACE."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        if k + 2 >= len(toks) or toks[k + 1].lower not in ("деген", "атты", "аталатын"):
            continue
        t = toks[k]
        if not t.is_word or t.is_upper or _sentence_start(toks, k) and _common_word(toks, k):
            continue
        if not lemmas_among(toks[k + 2].text, PLACE_NOUNS_AFTER_NAMING):
            continue
        entry = gaz.get(t.text)
        ru = entry.ru if entry is not None and entry.label == "PLACE" else kk_to_ru(t.text, "place")
        out.append(NameSpan("PLACE", k, k + 1, {"ru": ru, "kk": t.text}, source="rules:places",
                            confidence=0.75, bonus=4))
    return out


def directional_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """A direction or size word before a toponym is one PLACE: `Солтүстік Кавказдан` -> Северный
    Кавказ, `Оңтүстік Қазақстан` -> the listed `Оңтүстік Қазақстан облысы`, `Батыс Сібір` ->
    Западная Сибирь. The toponym is a listed place or a name pymorphy3 knows as geographical."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        t = toks[k]
        if t.lower not in DIRECTION_WORDS or k + 1 >= len(toks):
            continue
        nxt = toks[k + 1]
        if not (nxt.is_cap and nxt.is_word) or nxt.is_upper:
            continue
        hit = gaz.match_one(nxt.text)
        if hit is not None and hit[1].label == "PLACE" and hit[1].subtype != "camp":
            base_kk, base_ru = hit[2], hit[1].ru
        else:
            base_kk = _geo_stem(nxt.text)
            if base_kk is None:
                continue
            base_ru = base_kk
        name = f"{t.text} {base_kk}"
        listed = gaz.lookup_kk(name) or gaz.lookup_kk(f"{name} облысы")
        ru = listed.ru if listed is not None and listed.label == "PLACE" else directional_name(t.lower, base_ru)
        out.append(NameSpan("PLACE", k, k + 2, {"ru": ru, "kk": name}, source="rules:places",
                            confidence=0.85, bonus=3))
    return out


#: Kazakh case endings after which a word names a place rather than a person: locative, ablative
#: (`Воронежде`, `Воронеждан`); the dative (`Воронежге`) too when the word is no surname
_PLACE_CASES = ("да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
                "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі")
_DATIVE = ("ға", "ге", "қа", "ке", "на", "не")


def _geo_stem(word: str, dative_ok: bool = True) -> str | None:
    """The stem of `word` if it is a Russian geographical name (pymorphy3's dictionary: Geox) with a
    Kazakh ending, or as written: `Кавказдан` -> Кавказ. A surname or first name too (`Киров`) only
    counts in the locative or ablative."""
    if has_kazakh_letters(word[:-4]) or len(word) < 4:
        return None
    stem = strip_endings(word)
    suffix = word[len(stem):]
    if has_kazakh_letters(stem) or len(stem) < 4:
        return None
    tags = dictionary_tags(stem)
    if not any("Geox" in tag for tag in tags):
        return None
    personal = any("Surn" in tag or "Name" in tag or "Patr" in tag for tag in tags)
    if personal and not suffix.endswith(_PLACE_CASES):
        return None
    if suffix and not suffix.endswith(_PLACE_CASES) and not (dative_ok and suffix.endswith(_DATIVE)):
        return None
    return stem


#: a word written with no ending that ends like a woman's surname or a Kazakh first name (`Искакова`,
#: `Шерхан`) is not read as a place on pymorphy3's word alone
_NOT_BARE_PLACE_TAILS = ("ова", "ева", "ина", "ына", "хан", "бай", "бек", "жан", "гүл", "арыс")


def russian_geo_places(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """A capitalised Russian word with a Kazakh case ending that pymorphy3 knows as a geographical
    name (`Воронежге`, `Кавказда`), which the person rules would take for a surname: a PLACE."""
    out: list[NameSpan] = []
    for k in capitalised(toks):
        t = toks[k]
        if not t.is_word or t.is_upper or len(t.text) < 6 or "-" in t.text:
            continue
        if _sentence_start(toks, k) or has_kazakh_letters(t.text) and not t.text.endswith(_CASE_SUFFIXES) \
                or gaz.match_one(t.text) is not None:
            continue
        stem = _geo_stem(t.text)
        if stem is None or stem == t.text and stem.lower().endswith(_NOT_BARE_PLACE_TAILS):
            continue
        out.append(NameSpan("PLACE", k, k + 1, {"ru": stem, "kk": stem}, source="rules:places",
                            confidence=0.75, bonus=2))
    return out


#: every ending `_geo_stem` accepts after a stem (a cheap first test)
_CASE_SUFFIXES = _PLACE_CASES + _DATIVE


def _joined(toks: list[Token], a: int, b: int) -> str:
    """The words of tokens a..b as written (no space around a joining hyphen)."""
    out = toks[a].text
    for k in range(a + 1, b):
        out += ("" if toks[k].start == toks[k - 1].end else " ") + toks[k].text
    return out


def _common_word(toks: list[Token], i: int) -> bool:
    """A capitalised common noun (`Лагерь ауданы` at a sentence start), not a name: a camp or generic
    word, or a word the same text also writes in lower case."""
    low = toks[i].lower
    if low in _STOP_WORDS or low in CAMP_WORDS or lemmas_among(low, _GENERIC_WORDS) \
            or lemmas_among(low, _GENERIC_STEMS):  # `Облыстың аудандары`
        return True
    if not _sentence_start(toks, i):
        return False
    return _written_in_lower_case(toks, lemmas(low))


_GENERIC_WORDS = frozenset((*GENERIC_OUTSIDE, *GENERIC_INSIDE))
#: the generic nouns without their possessive ending (`облыс`, `аудан`, `болыс`): a capitalised one
#: is a common noun at a sentence start (`Облыстың аудандары`), not a name
_GENERIC_STEMS = frozenset(("облыс", "аудан", "болыс", "губерния", "уез", "округ", "өлке", "өңір", "өзен", "қала",
                           "станция", "ауыл", "кент", "село", "поселке"))
_LOWER_CACHE: dict[int, tuple[list[Token], list[str]]] = {}


def _written_in_lower_case(toks: list[Token], stems: frozenset[str]) -> bool:
    """Does the text write, in lower case, a word sharing one of `stems`?

    Only the lower-case words that start with a stem are stemmed (stems are prefixes), found by
    bisection in the sorted list of the text's lower-case words, built once per token list.
    """
    hit = _LOWER_CACHE.get(id(toks))
    if hit is None or hit[0] is not toks:
        words = sorted(lower_case_words(toks))
        _LOWER_CACHE.clear()  # one document at a time
        _LOWER_CACHE[id(toks)] = hit = (toks, words)
    words = hit[1]
    for stem in stems:
        k = bisect.bisect_left(words, stem)
        while k < len(words) and words[k].startswith(stem):
            if stem in lemmas(words[k]):
                return True
            k += 1
    return False


def lower_case_words(toks: list[Token]) -> set[str]:
    """The lower-case words of a token list (what `_written_in_lower_case` looks through)."""
    return {t.lower for t in toks if t.is_word and t.text[:1].islower()}


def use_lower_case_words(toks: list[Token], words: list[str]) -> None:
    """Make `_written_in_lower_case` look through `words` (sorted; the lower-case words of the whole
    document) for `toks`, one window of it (`pipeline.windows`)."""
    _LOWER_CACHE.clear()
    _LOWER_CACHE[id(toks)] = (toks, words)


def _sentence_start(toks: list[Token], i: int) -> bool:
    return i == 0 or toks[i - 1].text in (".", "!", "?", "«", '"', "(", ":")


def quoted_places(toks: list[Token], spans: list[NameSpan]) -> list[NameSpan]:
    """A quoted or bare capitalised name of a camp section: `Қарағанды ЕТЛ "Жұмабек"`,
    `Долина бөлімшесінің` (a named division, not a numbered one)."""
    out: list[NameSpan] = []
    camp_ends = {s.j for s in spans if s.subtype == "camp"}
    for i in capitalised(toks):
        t = toks[i]
        if not t.is_word or t.is_upper:
            continue
        quoted = i > 0 and toks[i - 1].text in _QUOTES and i + 1 < len(toks) and toks[i + 1].text in _QUOTES
        after_camp = quoted and (i - 1) in camp_ends
        before_division = i + 1 < len(toks) and toks[i + 1].lower.startswith(("бөлімше", "учаске", "лагпункт"))
        if (after_camp or before_division) and not _common_word(toks, i):  # the costlier test last
            out.append(NameSpan("PLACE", i, i + 1, {"ru": kk_to_ru(t.text, "place"), "kk": t.text},
                                source="rules:places", confidence=0.75))
    return out
