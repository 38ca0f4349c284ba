"""Institution names as a grammar, not a list: `[prefix] [modifier ...] head`, chained.

    КСРО Жоғарғы Кеңесі                      -> Верховный Совет СССР
    Қазақ КСР Халық Ағарту Комиссариаты      -> Народный комиссариат просвещения Казахской ССР
    ВКП(б) Өлкелік Комитеті                  -> Краевой комитет ВКП(б)
    Қарағанды облыстық соты                  -> Карагандинский Областной суд
    Қазақ КСР Жоғарғы Сотының Әскери алқасы  -> Военная коллегия Верховного суда Казахской ССР

The words live in `data/org_grammar.tsv` (heads, adjective and genitive modifiers, state and party
prefixes): a new body of a known shape needs a data line, not code. A phrase counts as a name only
when something in it is a name: a state/party prefix, a place before it, or a capitalised word that
does not merely start a sentence; otherwise (`облыстық сот` "the regional court") it is generic.
`X жанындағы Y` ("Y attached to X") and `X-тың Y` (Y of X) join into one span, as the guidelines ask
for the longest name of a body.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .canonical import place_adjective
from .endings import strip_endings
from .gazetteer import Gazetteer
from .spans import NameSpan
from .tokens import Token, lemmas_among

GRAMMAR_FILE = Path(__file__).resolve().parent / "data" / "org_grammar.tsv"
_GENDER_INDEX = {"m": 0, "f": 1, "n": 2, "pl": 3}
_GENITIVE_ENDINGS = ("ның", "нің", "дың", "дің", "тың", "тің")
#: level adjectives that make a place before them an adjective (`Қарағанды облыстық соты`)
_LEVELS = frozenset({"облыстық", "аудандық", "қалалық", "өлкелік", "губерниялық", "уездік", "болыстық"})
_MAX_WORDS = 3  # longest modifier or prefix in the grammar, in words


@dataclass(frozen=True)
class OrgGrammar:
    heads: dict[str, tuple[str, str]]  # stem -> (ru, gender)
    adjectives: dict[str, tuple[str, ...]]  # words -> ru forms m|f|n|pl
    genitives: dict[str, str]  # words -> ru genitive
    prefixes: dict[str, str]  # words -> ru
    head_stems: frozenset[str] = field(default=frozenset())


@lru_cache(maxsize=1)
def load_org_grammar(path: Path = GRAMMAR_FILE) -> OrgGrammar:
    heads, adjs, gens, prefixes = {}, {}, {}, {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ValueError(f"{path}:{n}: expected kind<TAB>kk<TAB>ru[<TAB>gender], got {line!r}")
        kind, kk, ru = cols[0], cols[1].lower(), cols[2]
        if kind == "head":
            heads[kk] = (ru, cols[3] if len(cols) > 3 else "m")
        elif kind == "adj":
            adjs[kk] = tuple(ru.split("|"))
        elif kind == "gen":
            gens[kk] = ru
        elif kind == "prefix":
            prefixes[kk] = ru
        else:
            raise ValueError(f"{path}:{n}: unknown kind {kind!r}")
    return OrgGrammar(heads, adjs, gens, prefixes, frozenset(heads))


@dataclass
class _Phrase:
    i: int  # first token
    h: int  # head token (the last)
    ru: str
    named: bool
    has_prefix: bool


def _joined(toks: list[Token], a: int, b: int) -> str:
    """Lower-cased text of tokens a..b-1, spaces only where the text had a gap (`вкп(б)`)."""
    out = toks[a].lower
    for k in range(a + 1, b):
        out += ("" if toks[k].start == toks[k - 1].end else " ") + toks[k].lower
    return out


def _forms(toks: list[Token], a: int, b: int) -> tuple[str, ...]:
    """The phrase of tokens a..b-1 as written, and with the last word's ending stripped."""
    text = _joined(toks, a, b)
    last = toks[b - 1].lower
    if "-" in last:  # `ксро-ның`: a hyphenated ending after an acronym
        return text, text[: len(text) - len(last)] + last.split("-")[0]
    stripped = strip_endings(last)
    return (text,) if stripped == last else (text, text[: len(text) - len(last)] + stripped)


def _match_left(toks: list[Token], k: int, table: dict[str, str | tuple]) -> tuple[int, str] | None:
    """The longest entry of `table` made by the tokens just before index `k`: (n tokens, key)."""
    for n in range(min(_MAX_WORDS + 4, k), 0, -1):  # +4: brackets of `ВКП(б)` are tokens too
        for form in _forms(toks, k - n, k):
            if form in table:
                return n, form
    return None


def _prefix_case(word: str) -> bool:
    """A place before a body is nominative or genitive (`Қарағанды`, `Алматы облысының`); in another
    case (`Мәскеудегі`, `Қарағандыдан`) it belongs to the verb, not to the name."""
    ending = word[len(strip_endings(word)):]
    return ending in ("", "ы", "і", "сы", "сі") or ending.endswith(_GENITIVE_ENDINGS)


def _bare_name(toks: list[Token], k: int) -> bool:
    """A capitalised word with no ending that no other rule reads (`Алаш`)."""
    t = toks[k]
    return t.is_cap and t.is_word and not t.is_upper and strip_endings(t.text) == t.text and len(t.text) > 2


def _sentence_initial(toks: list[Token], k: int) -> bool:
    return k == 0 or toks[k - 1].text in (".", "!", "?", "«", '"', ":", "—", "–", "\n")


def _genitive(ru: str) -> str:
    from .roles import _genitive as genitive  # pymorphy3 inflection, shared with the role composer

    return genitive(ru)


def _head_of(g: OrgGrammar, tok: Token) -> tuple[str, str] | None:
    if not tok.is_word or tok.is_upper:
        return None
    hits = lemmas_among(tok.text, g.head_stems)
    if not hits:
        return None
    return g.heads[max(hits, key=len)]


def _phrase(toks: list[Token], h: int, g: OrgGrammar, head: tuple[str, str],
            place_end: dict[int, NameSpan]) -> _Phrase:
    head_ru, gender = head
    gi = _GENDER_INDEX.get(gender, 0)
    adjs: list[str] = []
    gens: list[str] = []
    tail: list[str] = []
    named = toks[h].is_cap and not _sentence_initial(toks, h)
    has_prefix = False
    k = h
    while k > 0:
        gen = _match_left(toks, k, g.genitives)
        adj = _match_left(toks, k, g.adjectives)
        best = max((m for m in (gen, adj) if m), key=lambda m: m[0], default=None)
        if best is not None:
            n, key = best
            if gen is not None and best == gen and key in g.genitives:
                gens.insert(0, g.genitives[key])
            else:
                forms = g.adjectives[key]
                adjs.insert(0, forms[min(gi, len(forms) - 1)])
            named = named or (toks[k - n].is_cap and not _sentence_initial(toks, k - n))
            k -= n
            continue
        break
    pre = _match_left(toks, k, g.prefixes) if k > 0 else None
    if pre is not None:
        n, key = pre
        tail.append(g.prefixes[key])
        k -= n
        named = has_prefix = True
    elif k < h and k in place_end and _prefix_case(toks[k - 1].lower):
        sp = place_end[k]
        place_ru = sp.norm.get("ru", "")
        first_mod = toks[k].lower if k < h else ""
        if place_ru and first_mod in _LEVELS:
            adjs.insert(0, place_adjective(place_ru, {"m": "m", "f": "f", "n": "n"}.get(gender, "m")))
        elif place_ru:
            tail.append(_genitive(place_ru))
        k = sp.i
        named = has_prefix = True
    elif k == h and k > 0 and _bare_name(toks, k - 1) and _head_of(g, toks[k - 1]) is None and (named or not _sentence_initial(toks, k - 1)):
        # `Алаш партиясы`: an unknown capitalised word names the body -> `партия Алаш`
        from .translit import kk_to_ru

        tail.append(kk_to_ru(strip_endings(toks[k - 1].text), "org"))
        k -= 1
        named = True
    words = adjs + [head_ru] + gens + tail
    ru = " ".join(w for w in words if w)
    return _Phrase(k, h, ru[:1].upper() + ru[1:], named, has_prefix)


def institution_phrases(toks: list[Token], gaz: Gazetteer, gaz_spans: list[NameSpan]) -> list[NameSpan]:
    """ORG spans read by the institution grammar (see the module docstring)."""
    g = load_org_grammar()
    place_end = {sp.j: sp for sp in gaz_spans if sp.label == "PLACE"}
    phrases: list[_Phrase] = []
    for h, tok in enumerate(toks):
        head = _head_of(g, tok)
        if head is not None:
            phrases.append(_phrase(toks, h, g, head, place_end))
    # chain: `A жанындағы B` and `A-ның B` (B's own modifiers start right after A)
    chained: list[_Phrase] = []
    for ph in phrases:
        prev = chained[-1] if chained else None
        if prev is not None and prev.h < ph.i:
            gap = ph.i - prev.h - 1
            link = toks[prev.h + 1].lower if gap == 1 else None
            genitive = gap == 0 and (toks[prev.h].lower.endswith(_GENITIVE_ENDINGS)
                                     or ph.i == ph.h and toks[ph.h].is_cap)  # `Кеңес Президиумы`
            if (link == "жанындағы" or genitive) and not ph.has_prefix:
                joiner = " при " if link else " "
                other = prev.ru if link else _genitive(prev.ru)
                chained[-1] = _Phrase(prev.i, ph.h, f"{ph.ru}{joiner}{other}", prev.named or ph.named, prev.has_prefix)
                continue
        if ph.i < ph.h or ph.named:
            chained.append(ph)
    out = []
    for ph in chained:
        if not ph.named or ph.i == ph.h and not toks[ph.h].is_cap:
            continue
        kk_words = [t.text for t in toks[ph.i:ph.h + 1]]
        kk_words[-1] = strip_endings(kk_words[-1])
        out.append(NameSpan("ORG", ph.i, ph.h + 1, {"ru": ph.ru, "kk": " ".join(kk_words)},
                            source="rules:org_grammar", confidence=0.8, bonus=3))
    return out
