"""What the aligner needs from the Kazakh side, read through `pipeline.names` when it is installed.

`pipeline.names` owns Kazakh ending stripping, transliteration and the gazetteers; this module only
finds those functions (they may live in any of its submodules) and gives a plain fallback when the
package is absent, so the aligner still runs on records that already carry `norm.ru`.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

_NAMES_MODULES = ("pipeline.names", "pipeline.names.endings", "pipeline.names.translit",
                  "pipeline.names.gazetteer", "pipeline.names.gazetteers", "pipeline.names.canonical")


@lru_cache(maxsize=None)
def names_function(name: str):
    """The function `name` from `pipeline.names` (any submodule), or None."""
    for mod in _NAMES_MODULES:
        try:
            module = importlib.import_module(mod)
        except ImportError:
            continue
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


_RU_FOLD = str.maketrans({"қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "і": "и", "һ": "х", "ә": "а"})


def fold(text: str) -> str:
    """The comparison key under which Kazakh and Russian spellings meet (`pipeline.names.translit.fold`)."""
    fn = names_function("fold")
    if fn is not None:
        return fn(text)
    t = text.lower().replace("ё", "е").translate(_RU_FOLD).replace("дж", "ж").replace("ь", "").replace("ъ", "")
    return re.sub(r"\s+", " ", t).strip()


def strip_endings(word: str) -> str:
    fn = names_function("strip_endings")
    return fn(word) if fn is not None else word


def kk_to_ru(name: str, kind: str = "person") -> str:
    fn = names_function("kk_to_ru")
    if fn is None:
        return name.translate(str.maketrans({**{k: v for k, v in _RU_FOLD.items()},
                                             **{k.upper(): v.upper() for k, v in _RU_FOLD.items()}}))
    try:
        return fn(name, kind)
    except (TypeError, ValueError):
        return fn(name)


_INITIALS = re.compile(r"(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*){1,2}")


def person_parts(text: str, norm: dict) -> tuple[str, str]:
    """(Russian nominative surname, initials `С. Н.`) of a Kazakh PERSON record."""
    surname = norm.get("surname") or ""
    initials = norm.get("initials") or ""
    if not initials:
        m = _INITIALS.match(text.strip())
        if m:
            initials = " ".join(f"{c}." for c in re.findall(r"[^\W\d_]", m.group()))
    if not surname:
        rest = _INITIALS.sub(" ", text).split()
        surname = kk_to_ru(strip_endings(rest[-1])) if rest else ""
    return surname, kk_to_ru(initials)
