"""DOCNUM extraction (`kk.docnums`, `ru.docnums`): document numbers as `{"value": "0/460"}`.

`№ 0/460 хаты`, `№ 12.001`, `телеграмма № 71`, `приказ 00721`. Not document numbers: camp units
(`№ 2 лагерь бөлімшесі`, `лагерное отделение № 3`) and lagpunkt lists after a place (`кентінің
№ 1, 5`). A number written with leading zeros (`00721`) is an identifier, never a quantity.
"""
from __future__ import annotations

import re

from ..records import Document, Record
from ..registry import doc_component
from .base import digit_starts, scan, span_record, view_of
from .lexicon import DOC_STEMS, ISSUER_STEMS, UNIT_STEMS

SOURCE = "rules:docnums"

_VALUE = r"(?:\d[\d./-]*\d[а-яА-Яa-zA-Z]?|\d)(?:-[IVXІ]{1,4}(?![\w]))?"  # `134-I`: a law of the 1st convocation
#: the number sign: `№`, or `N`/`No`/`Nо` typed for it (`N 2200`, `No 271`)
_SIGN = r"(?:№|(?<![\w.])N[oо]?\.?(?=\s*\d))"
_NUMBERED = re.compile(rf"{_SIGN}\s*(?P<v>{_VALUE})(?P<list>(?:\s*,\s*\d+)+(?:\s+(?:және|и)\s+\d+)?)?")
_LEADING_ZERO = re.compile(r"(?<![\w№./,-])(?<!\d[ \u00a0\u202f\u2009])(?:№\s*)?(?P<v>0\d{2,}(?:/\d+)?)(?![\w]|[.,/]\d)")  # not `2 345 012`
_WORD = re.compile(r"[^\W\d_]+")
_GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(s) for s in stems)


def classify_numbered(before: str, after: str, has_list: bool) -> float | None:
    """Confidence that `№ N` between `before` and `after` is a document number; None if it is not.

    A document word close by (`жеделхат`, `приказ`) decides for it; a camp-unit word close by
    (`лагерь`, `бөлімше`, `отделение`) or a list `№ 1, 5` after a place decides against.
    """
    prev = _words(before)[-2:]
    nxt = _words(after)[:4]
    if any(_starts(w, DOC_STEMS) for w in nxt[:3] + prev):
        return 0.95
    if any(_starts(w, ISSUER_STEMS) for w in nxt):
        return 0.85  # `№ 030 дала лагері басқармасы бастығының ...`: a paper from an office head
    if any(_starts(w, UNIT_STEMS) for w in nxt + prev):
        return None
    if has_list:
        return None
    if prev and prev[-1].endswith(_GENITIVE) and before.rstrip()[-1:].isalpha():
        return None  # `Жезді кентінің № 3`: a numbered part of the place just named
    return 0.75


def find_docnums(text: str) -> list[tuple[int, int, str, float]]:
    """`(start, end, value, confidence)` for every document number in `text`."""
    out: list[tuple[int, int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMBERED.finditer(text):
        taken.append(m.span())
        conf = classify_numbered(text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 60],
                                 bool(m.group("list")))
        if conf is None:
            continue
        value = m.group("v")
        if value.startswith("0") or "/" in value or "." in value:
            conf = max(conf, 0.9)
        out.append((m.start(), m.end("v"), value, conf))
    for m in scan(_LEADING_ZERO, text, [p for p in digit_starts(text) if text[p] == "0"]):
        if any(a <= m.start() < b for a, b in taken):
            continue
        conf = 0.85 if any(_starts(w, DOC_STEMS) for w in _words(text[m.end():m.end() + 40])[:3]) else 0.6
        out.append((m.start(), m.end("v"), m.group("v"), conf))
    out.sort()
    return out


def _records(doc: Document) -> list[Record]:
    view = view_of(doc)
    return [span_record(doc, view, s, e, "DOCNUM", {"value": v}, c, SOURCE) for s, e, v, c in find_docnums(view.text)]


@doc_component("kk.docnums", langs=("kk",))
def kk_docnums(doc: Document, ctx) -> list[Record]:
    """Kazakh DOCNUM records."""
    return _records(doc)


@doc_component("ru.docnums", langs=("ru",))
def ru_docnums(doc: Document, ctx) -> list[Record]:
    """Russian DOCNUM records (same rules; the unit and document words cover both languages)."""
    return _records(doc)
