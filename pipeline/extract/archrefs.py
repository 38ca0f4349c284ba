"""Archive references: `ГАРФ. Ф. 9414. Оп. 1. Д. 228. Л. 150–157` -> one ARCHREF with parsed fields.

    archive  ГАРФ          (an archive's acronym, `ЦГА РК`, or `Архив ... ` up to the first full stop)
    fond     9414          (`Ф.`; prefixes kept: `Р-1634`)
    opis     1             (`Оп.`)
    delo     228           (`Д.`)
    list     150–157       (`Л.`; ranges and `об.` kept: `77–78 об.`)

The norm is `{"archive", "fond", "opis", "delo", "list", "ref"}` with `ref` the gold string form
`archive|fond|opis|delo|list` (a missing part is empty). The digits inside are never NUMBERs or DATEs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Document, Record
from ..registry import doc_component
from .base import span_record, view_of
from .lexicon import KK_LOWER, KK_UPPER

_ARCHIVE = r"(?:\((?P<archive2>[А-ЯЁ]{2,}(?:\s+[А-ЯЁ]{2,3})?)\),|(?P<archive>Архив[^.\n]{0,80}?|[А-ЯЁ]{2,}(?:\s+[А-ЯЁ]{2,3})?)\.)\s*"
_FOND = r"(?:Ф\.\s*(?P<fond>[А-ЯЁ]?-?\d+[а-яА-Я]?)\.?\s*)"
_OPIS = r"(?:Оп\.\s*(?P<opis>\d+[а-я]?(?:/\d+)?)\.?\s*)"
_DELO = r"(?:Д\.\s*(?P<delo>[А-ЯЁ]?-?\d+(?:[-/]\d+)*[а-я]?)\.?\s*)"
_LIST = r"(?:Лл?\.\s*(?P<list>\d+(?:\s*об\.?)?(?:\s*[–—-]\s*\d+(?:\s*об)?)?(?:\s*,\s*\d+(?:\s*[–—-]\s*\d+)?)*))"
ARCHREF_RE = re.compile(
    rf"(?<![А-ЯЁа-яё])(?:{_ARCHIVE})?(?P<body>{_FOND}?{_OPIS}?{_DELO}{_LIST}?)"
)


@dataclass
class ArchRef:
    start: int
    end: int
    archive: str
    fond: str
    opis: str
    delo: str
    list: str

    @property
    def ref(self) -> str:
        return "|".join((self.archive, self.fond, self.opis, self.delo, self.list))

    def norm(self) -> dict:
        return {"archive": self.archive, "fond": self.fond, "opis": self.opis, "delo": self.delo,
                "list": self.list, "ref": self.ref}


def _clean_list(raw: str | None) -> str:
    if not raw:
        return ""
    text = " ".join(raw.split())
    text = re.sub(r"\s*[-–—]\s*", "–", text)  # ranges with an en dash, as the annotation notes write them
    text = re.sub(r"(?<=\d)\s*об\.?(?=–|,|$)", " об.", text)
    return text


def find_archrefs(text: str) -> list[ArchRef]:
    """Archive references in `text`: a `Д.` with a fond or an opis, or with an archive name and a sheet."""
    out = []
    for m in ARCHREF_RE.finditer(text):
        if not (m.group("fond") or m.group("opis") or ((m.group("archive") or m.group("archive2")) and m.group("list"))):
            continue  # `Д. 5` alone is no reference; `Архив ... Д. 0-12876. Л. 41` is (annotation notes)
        start = m.start("archive") if m.group("archive") else m.start("archive2") - 1 if m.group("archive2") else m.start("body")
        end = m.end("body")
        while end > start and text[end - 1] in " .\t":
            end -= 1
        archive = " ".join((m.group("archive") or m.group("archive2") or "").split())
        out.append(ArchRef(start, end, archive, m.group("fond") or "", m.group("opis") or "",
                           m.group("delo") or "", _clean_list(m.group("list"))))
    return out


#: Kazakh archival citations: `ҚР ОМА. 81-қор, 1-тізбе, 237-іс, 15-парақ` (қор = fond, тізбе = opis,
#: іс = delo, парақ = sheet), also `№ 121 қор` alone (a fond of an archive named before it).
_KK_END = f"[{KK_LOWER}]*"  # a case or possessive ending (`№121 қорында`)
KK_ARCHREF_RE = re.compile(
    rf"(?:(?P<archive>[{KK_UPPER}]{{2,}}(?:\s[{KK_UPPER}]{{2,4}}){{0,2}})[.,]\s*)?"
    rf"(?:№\s*)?(?P<fond>\d+)\s*-?\s*қор{_KK_END}(?:[,.;]?\s*(?P<opis>\d+)\s*-?\s*тізбе{_KK_END})?"
    rf"(?:[,.;]?\s*(?P<delo>\d+)\s*-?\s*іс{_KK_END})?"
    rf"(?:[,.;]?\s*(?P<list>\d+(?:\s*[-–—]\s*\d+)?)\s*-?\s*(?:парақ{_KK_END}|п\.))?(?![{KK_LOWER}])"
)


def find_kk_archrefs(text: str) -> list[ArchRef]:
    """Archive references in Kazakh text: Russian-style (`ГАРФ. Ф. ... Д. ... Л. ...`, as Kazakh
    publications cite Russian archives) and Kazakh-style (`81-қор, 1-тізбе, 237-іс`)."""
    out = find_archrefs(text)
    for m in KK_ARCHREF_RE.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in out):
            continue
        if not (m.group("opis") or m.group("delo") or text[m.start():m.start("fond")].strip().startswith("№")
                or m.group("archive")):
            continue  # `5 қор` alone ("five funds") is a count, not a reference
        out.append(ArchRef(m.start(), m.end(), m.group("archive") or "", m.group("fond"), m.group("opis") or "",
                           m.group("delo") or "", _clean_list(m.group("list"))))
    return sorted(out, key=lambda a: a.start)


#: Dates of resolutions and stamps with a Roman month: `12.VI.54`, `3.XII.1953 г.`.
_ROMAN_MONTHS = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
                 "XI": 11, "XII": 12}
ROMAN_DATE_RE = re.compile(
    r"(?<![\w.])(?P<d>[0-3]?\d)\.\s?(?P<m>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s?(?P<y>(?:19)?\d{2})(?:\s?г\.)?(?![\w])"
)


#: Numeric dates with a two-digit year (`16.04.40`), alone or as a range `с 16.04.40 по 06.07.42`.
_NUM_DATE = r"(?P<{p}d>[0-3]\d)\.(?P<{p}m>[01]\d)\.(?P<{p}y>\d{{2}})(?!\d)(?!\.\d)"
NUMERIC_DATE_RE = re.compile(
    r"(?<![\w.])(?:(?P<range>[Сс]\s+)" + _NUM_DATE.format(p="a") + r"\s+по\s+" + _NUM_DATE.format(p="b")
    + r"|" + _NUM_DATE.format(p="c") + ")"
)


def _iso(d: str, m: str, y: str) -> str | None:
    day, month, year = int(d), int(m), 1900 + int(y)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_numeric_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, iso) of `16.04.40` dates (19xx) and `с 16.04.40 по 06.07.42` ranges (`start/end`)."""
    out = []
    for m in NUMERIC_DATE_RE.finditer(text):
        if m.group("range"):
            a, b = _iso(m.group("ad"), m.group("am"), m.group("ay")), _iso(m.group("bd"), m.group("bm"), m.group("by"))
            if a and b:
                out.append((m.start(), m.end(), f"{a}/{b}"))
        else:
            iso = _iso(m.group("cd"), m.group("cm"), m.group("cy"))
            if iso:
                out.append((m.start(), m.end(), iso))
    return out


def find_roman_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, iso) of `12.VI.54`-style dates (two-digit years are 19xx in these documents)."""
    out = []
    for m in ROMAN_DATE_RE.finditer(text):
        day = int(m.group("d"))
        if not 1 <= day <= 31:
            continue
        year = m.group("y")
        year = int(year) if len(year) == 4 else 1900 + int(year)
        out.append((m.start(), m.end(), f"{year:04d}-{_ROMAN_MONTHS[m.group('m')]:02d}-{day:02d}"))
    return out


# --- component ------------------------------------------------------------------------------


@doc_component("kk.archrefs", langs=("kk",))
def kk_archrefs(doc: Document, ctx) -> list[Record]:
    """Archive references in Kazakh text as one ARCHREF each; the DATE/NUMBER/DOCNUM records inside
    one (`Ф. 4883. Оп. 3`: 4883 is a fond, not a quantity) are dropped."""
    view = view_of(doc)
    out = [span_record(doc, view, a.start, a.end, "ARCHREF", a.norm(), 0.95, "rules:archrefs")
           for a in find_kk_archrefs(view.text)]
    if out:
        doc.records[:] = [r for r in doc.records if not (
            r.label in ("NUMBER", "DATE", "DOCNUM", "TIME") and any(r.start < a.end and a.start < r.end for a in out))]
    return out
