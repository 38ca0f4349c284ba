"""Institution rules: `КСРО ІІМ` = МВД СССР, `КСРО ІІМ Алқасы` = Коллегия МВД СССР, `СССР ІІМ Гулагы`;
local party committees: `Қарағанды облыстық партия комитеті` = Карагандинский обком.

An institution is a gazetteer ORG core with an optional state prefix (КСРО, Қазақ КСР) and an
optional sub-body after it (алқасы, ГУЛАГ, түрме басқармасы); the Russian name is composed as
`<sub-body> <core> <state>`.
"""
from __future__ import annotations

from .canonical import russian_genitive
from .gazetteer import Gazetteer
from .lexicon import STATE_PREFIXES, SUB_BODIES
from .spans import NameSpan
from .tokens import Token, lemmas


def _state_before(toks: list[Token], i: int) -> tuple[int, str] | None:
    for words, ru in sorted(STATE_PREFIXES.items(), key=lambda kv: -len(kv[0])):
        n = len(words)
        if i - n < 0:
            continue
        if tuple(t.text for t in toks[i - n:i]) == words:
            return i - n, ru
    return None


def _region_before(toks: list[Token], i: int, gaz: Gazetteer, gaz_spans: list[NameSpan]) -> tuple[int, str] | None:
    """An oblast before a regional body: `Қарағанды облысы ІІД` / `Қарағанды облыстық ІІБ` ->
    (start token, `Карагандинской области`)."""
    for sp in gaz_spans:
        if sp.j == i and sp.label == "PLACE" and sp.norm.get("ru", "").endswith("область"):
            return sp.i, russian_genitive(sp.norm["ru"])
    if i >= 2 and toks[i - 1].lower == "облыстық" and toks[i - 2].is_cap:
        entry = gaz.get(f"{toks[i - 2].text} облысы")
        if entry is not None:
            return i - 2, russian_genitive(entry.ru)
    return None


def _sub_body_after(toks: list[Token], j: int) -> tuple[int, str] | None:
    for words, ru in sorted(SUB_BODIES.items(), key=lambda kv: -len(kv[0])):
        n = len(words)
        if j + n > len(toks):
            continue
        ok = all(toks[j + m].lower == words[m] for m in range(n - 1)) and \
            words[-1] in lemmas(toks[j + n - 1].text)
        if ok:
            return j + n, ru
    return None


def institutions(toks: list[Token], gaz: Gazetteer, gaz_spans: list[NameSpan]) -> list[NameSpan]:
    """Compose state prefix + gazetteer ORG + sub-body into one ORG span."""
    out: list[NameSpan] = []
    for sp in gaz_spans:
        if sp.label != "ORG":
            continue
        i, j = sp.i, sp.j
        core_ru = sp.norm["ru"]
        state = _state_before(toks, i) or _region_before(toks, i, gaz, gaz_spans)
        # a core word may itself be followed by a nested core (`КСРО ІІМ ГУЛАГ`)
        sub = _sub_body_after(toks, j)
        ru = core_ru
        kk_words = [t.text for t in toks[i:j]]
        if sub:
            j, sub_ru = sub
            ru = f"{sub_ru} {core_ru}"
        if state:
            i, state_ru = state
            if core_ru == "прокуратура":
                ru = f"Прокуратура {state_ru}" if not sub else f"{ru} {state_ru}"
            else:
                ru = f"{ru} {state_ru}"
        if (i, j) == (sp.i, sp.j):
            continue
        from .endings import strip_endings

        kk_words = [t.text for t in toks[i:j]]
        kk_words[-1] = strip_endings(kk_words[-1])
        out.append(NameSpan("ORG", i, j, {"ru": ru, "kk": " ".join(kk_words)}, source="rules:orgs",
                            confidence=0.9, bonus=6))
    return out


#: Level of a local party committee (`<place> облыстық партия комитеті`) -> its Soviet short name.
PARTY_COMMITTEES = {"облыстық": "обком", "аудандық": "райком", "қалалық": "горком"}


def party_committees(toks: list[Token], gaz: Gazetteer, gaz_spans: list[NameSpan]) -> list[NameSpan]:
    """`Қарағанды облыстық партия комитеті(нің)` -> ORG `Карагандинский обком`; likewise аудандық
    (райком) and қалалық (горком) after a listed place. The place must be capitalised and listed:
    the Russian adjective is made from its Russian name (`place_adjective`)."""
    from .canonical import place_adjective
    from .endings import strip_endings

    out: list[NameSpan] = []
    for i in range(1, len(toks) - 2):
        level = PARTY_COMMITTEES.get(toks[i].lower)
        if level is None or toks[i + 1].lower != "партия" or not toks[i + 2].lower.startswith("комитет"):
            continue
        place = toks[i - 1]
        entry = gaz.get(place.text) if place.is_cap else None
        if entry is None or entry.label != "PLACE":
            continue
        kk = " ".join([place.text, toks[i].text, toks[i + 1].text, strip_endings(toks[i + 2].text)])
        out.append(NameSpan("ORG", i - 1, i + 3, {"ru": f"{place_adjective(entry.ru, 'm')} {level}", "kk": kk},
                            source="rules:orgs", confidence=0.9, bonus=6))
    return out
