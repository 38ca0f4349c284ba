"""Names in Kazakh archival text: gazetteers, rules, ending stripping, canonical Russian names.

Library API (used by the Russian-alignment side too):

    strip_endings("Қарағандыдан")        -> "Қарағанды"
    kk_to_ru("Жезқазған", kind="place")   -> "Джезказган"
    lookup_kk("Степлагтың").ru           -> "Степлаг"
    lookup_ru("Карагандинской области").kk -> "Қарағанды облысы"
    find_names(text)                      -> [(NameSpan, (start, end)), ...]
"""
from .endings import ending_splits, strip_endings
from .gazetteer import Entry, Gazetteer, GazetteerError, build_gazetteer, load_gazetteer, lookup_kk, lookup_ru
from .translit import fold, kk_to_ru

__all__ = ["strip_endings", "ending_splits", "kk_to_ru", "fold", "lookup_kk", "lookup_ru", "load_gazetteer",
           "build_gazetteer", "Gazetteer", "GazetteerError", "Entry", "find_names"]


def find_names(text, gaz=None):
    """Rule + gazetteer name spans of a clean text: [(NameSpan, (start, end))]."""
    from .extract import find_names as _find

    return _find(text, gaz)
