"""Place, camp and camp-division rules: gazetteer names with endings, context words, numbered units.

Small single-purpose extractors over the tokens of the clean view; each returns `NameSpan`s.
"""
from __future__ import annotations

import bisect
import re

from .canonical import camp_of_place, compose_generic
from .gazetteer import Gazetteer
from .lexicon import (CAMP_WORDS, DIVISION_STEMS, GENERIC_INSIDE, GENERIC_OUTSIDE, GLUED_DIVISION_PREFIXES,
                      ORDINAL_WORDS, SPECIAL_CAMP_WORDS)
from .spans import NameSpan
from ..lang.kk.stop_words import STOP_WORDS as _STOP_WORDS
from .tokens import Token, capitalised, lemmas, lemmas_among
from .endings import strip_endings
from .translit import kk_to_ru

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
        if not hit:
            continue
        n, entry, lemma = hit
        # norm.kk is the mention's own Kazakh lemma for camps (`Степлаг`, not the rendering `дала лагері`)
        norm = {"ru": entry.ru, "kk": lemma if entry.subtype == "camp" else (entry.kk or lemma)}
        subtype = "camp" if entry.subtype == "camp" else None
        out.append(NameSpan(entry.label, i, i + n, norm, subtype=subtype, source=entry.source, confidence=0.95,
                            bonus=5))
        i += n
    return out


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
                and not _sentence_start(toks, i - 1) and gaz.match_one(toks[i - 1].text) is None \
                and strip_endings(toks[i - 1].text) == toks[i - 1].text:  # `Ақтаудан Шымкент`: two names
            i -= 1
        # a hyphenated name split by the tokenizer (`Шерубай-Нұра`), unless both halves are names
        # of their own (`Қарағанды-Жезқазған темір жолы` is a line between two towns)
        if i == j - 1 and i >= 2 and toks[i - 1].text == "-" and toks[i - 2].is_cap and toks[i - 2].is_word \
                and toks[i - 1].start == toks[i - 2].end and toks[i].start == toks[i - 1].end \
                and not (gaz.get(toks[i - 2].text) and gaz.get(toks[i].text)):
            i -= 2
        names = [(i, j)]
        # a list before a plural generic noun
        p = i - 1
        plural = re.search(r"(?:лар|лер|дар|дер|тар|тер)", toks[k].lower) is not None
        while plural and p - 1 >= 0 and toks[p].text in (",", "және", "мен") and toks[p - 1].is_cap \
                and toks[p - 1].is_word and not _common_word(toks, p - 1):
            names.append((p - 1, p))
            p -= 2
        for a, b in names:
            name = _joined(toks, a, b)
            entry = gaz.get(name)
            if entry is None and b - a == 1 and _common_word(toks, a):
                continue
            ru = entry.ru if entry else kk_to_ru(name, "place")
            kk = entry.kk if entry and entry.kk else name
            if where == "inside" and (a, b) == (i, j):
                pattern = GENERIC_INSIDE[key][1]
                full = gaz.lookup_kk(_joined(toks, a, j + glen))
                ru_full = full.ru if full else compose_generic(ru, pattern)
                kk_full = (full.kk if full and full.kk else f"{kk} {key}")
                out.append(NameSpan("PLACE", a, j + glen, {"ru": ru_full, "kk": kk_full},
                                    source="rules:places", confidence=0.85, bonus=2))
            else:
                out.append(NameSpan("PLACE", a, b, {"ru": ru, "kk": kk}, source="rules:places",
                                    confidence=0.8, bonus=4))
    return out




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
    if low in _STOP_WORDS or low in CAMP_WORDS or lemmas_among(low, _GENERIC_WORDS):
        return True
    if not _sentence_start(toks, i):
        return False
    return _written_in_lower_case(toks, lemmas(low))


_GENERIC_WORDS = frozenset((*GENERIC_OUTSIDE, *GENERIC_INSIDE))
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
