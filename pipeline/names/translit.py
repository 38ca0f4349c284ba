"""Kazakh -> Russian spelling of names not in a gazetteer: `Жұмаділова` -> Жумадилова, `Жезқазған` -> Джезказган.

Soviet-era Russian renders Kazakh letters by their nearest Russian ones (қ->к, ғ->г, ң->н, ө->о, ұ/ү->у,
і->и, һ->х, ә->а). Toponyms follow the older cartographic convention on top of that: a word-initial
ж is written дж (Жезқазған -> Джезказган, Жаркент -> Джаркент) and a word-final і is written ы
(Жезді -> Джезды, Теректі -> Теректы). Pure functions.
"""
from __future__ import annotations

import re
from functools import lru_cache

_LETTERS = str.maketrans({
    "қ": "к", "Қ": "К", "ғ": "г", "Ғ": "Г", "ң": "н", "Ң": "Н", "ө": "о", "Ө": "О",
    "ұ": "у", "Ұ": "У", "ү": "у", "Ү": "У", "і": "и", "І": "И", "һ": "х", "Һ": "Х",
    "ә": "а", "Ә": "А",
})
_KAZAKH_LETTERS = set("қҚғҒңҢөӨұҰүҮіІһҺәӘ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HYPHEN = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")


def has_kazakh_letters(text: str) -> bool:
    return any(ch in _KAZAKH_LETTERS for ch in text)


def _place_word(word: str) -> str:
    out = word
    if out[:1] in ("Ж", "ж") and out[1:2].lower() != "д" and not out[:2].lower() == "дж":
        out = ("Дж" if out[0] == "Ж" else "дж") + out[1:]
    if len(out) > 3 and out[-1] in "іІ" and not out.isupper():
        out = out[:-1] + ("ы" if out[-1] == "і" else "Ы")
    if len(out) > 4 and out.endswith("көл"):  # a lake name: Кішкенекөл -> Кишкенеколь (Алакөл -> Алаколь)
        out += "ь"
    return out


def kk_to_ru(name: str, kind: str = "person") -> str:
    """Russian spelling of a Kazakh name: kind "person" (Жұмаділова -> Жумадилова) or "place"
    (Жезқазған -> Джезказган). Letters already Russian pass unchanged; acronyms are left alone.
    """
    if kind not in ("person", "place", "org"):
        raise ValueError(f"kind must be 'person', 'place' or 'org', not {kind!r}")
    if kind == "place":
        name = _WORD.sub(lambda m: m.group(0) if m.group(0).isupper() and len(m.group(0)) > 1
                         else _place_word(m.group(0)), name)
    return name.translate(_LETTERS)


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """A lookup key under which Kazakh and Russian spellings of one name meet:
    `Жезқазған`, `Джезқазған` and `Джезказган` all fold to `жезказган` (ы and і both to и)."""
    t = text.lower().translate(_FOLD_LETTERS)
    t = t.replace("дж", "ж").translate(_FOLD_AFTER)
    if t.isalpha():  # one word (the usual case): no hyphen or space to normalise
        return t
    t = _HYPHEN.sub("-", t)
    return _SPACES.sub(" ", t).strip()


#: `fold`'s letter steps as translation tables: ё -> е with the Kazakh letters, then (after дж -> ж)
#: ы -> и and the hard and soft signs dropped
_FOLD_LETTERS = str.maketrans({**{k: v for k, v in ((chr(c), s) for c, s in _LETTERS.items())}, "ё": "е"})
_FOLD_AFTER = str.maketrans({"ы": "и", "ь": None, "ъ": None})
