"""ROLE phrases: `Қазақ КСР Ішкі істер министрі`, `ІІМ ГУЛАГ бастығы`, `... бастығының м. а.`.

A role is a head noun (`министрі`, `бастығы`, `орынбасары`, ...) with the modifiers before it that
say whose position it is (state, institution, camp, region, `Ішкі істер`). Heads chain through the
genitive (`министрінің орынбасары`, `бастығының м. а.`). Names inside a role phrase are part of it
and are not annotated separately. The Russian name is composed head-first: `министр внутренних
дел СССР`, `начальник ГУЛАГа МВД`.
"""
from __future__ import annotations

from functools import lru_cache

from .bodies import owner_case
from .canonical import russian_genitive
from .gazetteer import Gazetteer
from .lexicon import GENITIVE_ENDINGS, ROLE_HEADS, ROLE_HEADS_ALONE, ROLE_MODIFIERS
from .spans import NameSpan
from .tokens import Token, lemmas_among



def _head(tok: Token) -> str | None:
    """The role head a token inflects (`министрінің` -> министрі); plurals are not roles
    (`Министрлер Кеңесі` is the Council of Ministers)."""
    return _head_of(tok.lower)


@lru_cache(maxsize=65536)
def _head_of(low: str) -> str | None:
    """`_head` of a lower-cased word, cached: it is asked of every token."""
    from .endings import ending_splits

    # stems are prefixes of the word: most words cannot inflect a head, and are not stemmed
    if low[:2] not in _HEAD_PREFIXES or not low.startswith(_HEADS):
        return None
    for sp in ending_splits(low):
        if sp.stem in ROLE_HEADS and not any(e in _PLURALS for e in sp.endings):
            return sp.stem
    return None


_PLURALS = {"лар", "лер", "дар", "дер", "тар", "тер"}
_HEAD_PREFIXES = frozenset(h[:2] for h in ROLE_HEADS)
_HEADS = tuple(ROLE_HEADS)


def _is_ma(toks: list[Token], k: int) -> int:
    """`м. а.` / `м.а.` (міндетін атқарушы, acting) at k: number of tokens, else 0."""
    if k + 3 < len(toks) + 1 and [t.lower for t in toks[k:k + 4]] == ["м", ".", "а", "."]:
        return 4
    return 0


def _modifier(tok: Token) -> str | None:
    found = lemmas_among(tok.text, _ROLE_MODIFIER_WORDS)
    return max(found, key=len) if found else None


_ROLE_MODIFIER_WORDS = frozenset(ROLE_MODIFIERS)


def role_phrases(toks: list[Token], gaz: Gazetteer, name_spans: list[NameSpan]) -> list[NameSpan]:
    """Find role phrases; `name_spans` (gazetteer/org/camp spans) may stand inside them as modifiers."""
    starts = {}
    for sp in name_spans:
        if sp.label in ("ORG", "PLACE"):
            if sp.j not in starts or starts[sp.j].i > sp.i:
                starts[sp.j] = sp  # the longest name ending before token j
    out: list[NameSpan] = []
    k = 0
    # a head's first two letters are those of a ROLE_HEADS key: most tokens fail that test
    for at in [n for n, t in enumerate(toks) if t.lower[:2] in _HEAD_PREFIXES]:
        if at < k:  # inside the role found before
            continue
        k = at
        head = _head(toks[k])
        if head is None or not toks[k].is_word:
            continue
        # extend left over modifiers and names
        i = k
        parts: list[tuple[str, object]] = []  # (kind, value) left to right, heads excluded
        while i > 0:
            prev = toks[i - 1]
            if i in starts and owner_case(toks[i - 1].lower):  # not `Ақтөбеде әкім сөйледі`
                sp = starts[i]
                parts.insert(0, ("name", sp))
                i = sp.i
                continue
            mod = _modifier(prev) if prev.is_word else None
            if mod is not None:
                parts.insert(0, ("mod", mod))
                i -= 1
                continue
            h = _head(prev) if prev.is_word else None
            if h is not None and prev.lower.endswith(GENITIVE_ENDINGS):
                parts.insert(0, ("head", h))
                i -= 1
                continue
            break
        if not parts and head not in ROLE_HEADS_ALONE:
            continue
        heads = [h for kind, h in parts if kind == "head"] + [head]
        # extend right: chained heads through the genitive (`министрінің бірінші орынбасары`), then `м. а.`
        j = k + 1
        while toks[j - 1].lower.endswith(GENITIVE_ENDINGS) and j < len(toks):
            h2 = _head(toks[j]) if toks[j].is_word else None
            if h2:
                heads.append(h2)
                j += 1
                continue
            h3 = _head(toks[j + 1]) if j + 1 < len(toks) and toks[j + 1].is_word else None
            if h3 and f"{toks[j].lower} {h3}" in ROLE_HEADS:
                heads.append(f"{toks[j].lower} {h3}")
                j += 2
                continue
            n = _is_ma(toks, j)
            if n:
                heads.append("м. а.")
                j += n
            break
        mods = [v for kind, v in parts if kind != "head"]
        # a modifier that makes one position with the head: `бас прокуроры`, `бас дәрігері`, `бірінші хатшысы`
        if mods and isinstance(mods[-1], str) and f"{mods[-1]} {heads[0]}" in ROLE_HEADS:
            heads[0], mods = f"{mods[-1]} {heads[0]}", mods[:-1]
        ru = _compose(heads, mods)
        kk = " ".join(t.text for t in toks[i:j]).replace(" .", ".").replace("м. а.", "м. а.")
        out.append(NameSpan("ROLE", i, j, {"ru": ru, "kk": kk}, source="rules:roles", confidence=0.8))
        k = j
    return out


def _attach_adjectives(mods: list[str]) -> list[str]:
    """Kazakh order `облыстық мәслихат` -> units [`областного маслихата`]: a genitive adjective
    stays before the noun it qualifies when the units are reversed into Russian order."""
    units: list[str] = []
    pending = ""
    for m in mods:
        if m.endswith(("ого", "его")) and " " not in m:
            pending = f"{pending} {m}".strip()
            continue
        units.append(f"{pending} {m}".strip())
        pending = ""
    if pending:
        units.append(pending)
    return units


def _compose(heads: list[str], mods: list) -> str:
    """Russian role name: the last head in the nominative, earlier heads and the owner in the genitive."""
    words: list[str] = []
    for h in reversed(heads):
        if h == "м. а.":
            words.append("и. о.")
            continue
        nom, gen = ROLE_HEADS[h]
        words.append(gen if words else nom)
    # `м. а.` makes the following head genitive: и. о. начальника
    if words and words[0] == "и. о." and len(words) > 1:
        words[1] = ROLE_HEADS[list(reversed(heads))[1]][1]
    owner: list[str] = []
    pending_mods: list[str] = []
    for m in mods:
        if isinstance(m, str):
            if m in ("ішкі", "істер"):
                continue
            gen = ROLE_MODIFIERS.get(m, "")
            if gen:
                pending_mods.append(gen)
        else:
            ru = m.norm.get("ru", "")
            if m.subtype == "camp":  # `начальник управления Степного лагеря`, not `... Степлага`
                from .gazetteer import load_gazetteer

                ru = load_gazetteer().camp_full_names.get(ru, ru)
            owner.insert(0, russian_genitive(ru))
    if any(m == "ішкі" for m in mods if isinstance(m, str)):
        words.append("внутренних дел")
    words.extend(reversed(_attach_adjectives(pending_mods)))
    words.extend(owner)
    return " ".join(w for w in words if w).replace("  ", " ")
