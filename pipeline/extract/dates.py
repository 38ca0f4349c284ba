"""DATE extraction for Kazakh (`kk.dates`) and Russian (`ru.dates`), with ISO 8601 values.

General rules over month stems plus any case ending, never lists of known dates:

    1954 жылғы 18 мамырда        -> 1954-05-18      17 мамыр 1954 жылы   -> 1954-05-17
    1948 жылдың қыркүйегінде     -> 1948-09         1954 жылдан          -> 1954
    50-ші жылдардың басында      -> 195X            50-ші жылғы          -> 1950
    1954 жылғы 16 мамырдан 25 маусымға дейін -> 1954-05-16/1954-06-25
    осы жылдың 25 мамырында / 16 мамырда     -> year from context, `year_inferred: true`
    26 мая 1954 г., 18.05.1954, 25 мая с. г. (Russian)

A date without a year takes the last explicit year before it in the document, else the year of
`RunConfig.document_date`; without either it stays `--MM-DD`. Nothing is ever filled from today.

dateparser is not used on the hot path: it cannot read Kazakh case endings, and for the fixed
Russian forms here our month table is exact and ~100x faster (see `jazba bench`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..records import Document, Record
from ..registry import doc_component
from .base import digit_starts, scan, span_record, view_of
from .lexicon import KK_ABLATIVE, KK_DATIVE, KK_LOWER, KK_UPPER, KK_MONTHS, KK_UNTIL, RU_MONTHS

SOURCE = "rules:dates"


@dataclass(frozen=True)
class DateValue:
    """A normalised date: `iso` as precise as the text allows; ranges also carry `start`/`end`."""

    iso: str
    year_inferred: bool = False
    start: str | None = None
    end: str | None = None

    def to_norm(self) -> dict:
        norm: dict = {"iso": self.iso, "year_inferred": self.year_inferred}
        if self.start is not None:
            norm["start"] = self.start
            norm["end"] = self.end
        return norm

    @property
    def year(self) -> int | None:
        m = re.match(r"(\d{4})", self.end or self.iso)
        return int(m.group(1)) if m else None


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: clean-text offsets, value, and how sure the rule is."""

    start: int
    end: int
    value: DateValue
    confidence: float
    explicit_year: bool


# --- shared pieces --------------------------------------------------------------------------
L = KK_LOWER
_END = rf"[{L}]*"  # any case/possessive ending (lower-case only, so `жылданҮлкен` stops at Ү)
_KK_MONTH = "|".join(sorted(KK_MONTHS, key=len, reverse=True))
#: months that may stand alone in a case (`қаңтарда`); `қазан` is also a cauldron and a city, `маусым` a season
_BARE_MONTHS = "|".join(sorted((m for m in KK_MONTHS if m not in ("қазан", "маусым")), key=len, reverse=True))
_ORD = r"(?:\s*-\s*(?:сыншы|сінші|інші|ыншы|нші|ншы|ші|шы))"
_YEAR4 = r"(?:1[5-9]|20)\d\d"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])"

#: `1954 жылы`, `1954-жылғы`, `1954 ж.`, `1954ж.` -- group `y` is the year, `yend` the ending.
#: A number starts a date unless glued to another number (`12.1954`); `кенті.1948` is fine.
_NUM_START = rf"(?:(?<![\d.,/№-])|(?<=[{L}{KK_UPPER}]\.))"
KK_YEAR = rf"{_NUM_START}(?P<{{y}}>{_YEAR4}){_ORD}?(?:\s*-?\s*(?:жыл(?P<{{ye}}>{_END})|ЖЫЛ[{KK_UPPER}]*)|\s?ж(?:\.|(?=\s)|$))"
#: `18 мамырда`, `29 шілдесінде`, `17 мамыр күні`, `мамыр айында`.
KK_DAY_MONTH = (
    rf"{_NUM_START}(?P<{{d}}>{_DAY})(?:\s*-\s*(?:сыншы|сінші|інші|ыншы|нші|ншы|ші|шы|і|ы))?"
    rf"(?:\s*[-–—]\s*(?P<{{d}}b>{_DAY})(?![\d.,]\d))?(?:\s+|-(?=(?i:{_KK_MONTH}))|(?=(?i:{_KK_MONTH})))"
    rf"(?P<{{m}}>(?i:{_KK_MONTH}))(?P<{{me}}>{_END})(?:\s+(?:күн(?:і|гі|дері)|айы{_END}))?"
)
#: `мамырдың 18-і`, `тамыз айының 5-і күні`: the month in the genitive, then the day.
KK_GEN_MONTH_DAY = (
    rf"(?P<{{m}}>(?i:{_KK_MONTH}))(?:ның|нің|дың|дің|тың|тің|\s+айының)\s+(?P<{{d}}>{_DAY})\s*-\s*"
    rf"(?:сі|сы|і|ы){_END}(?:\s+күн(?:і|гі){_END})?"
)
KK_MONTH_ONLY = rf"(?P<{{m}}>(?i:{_KK_MONTH}))(?P<{{me}}>(?:-(?!(?i:{_KK_MONTH}))(?=[{L}]))?{_END})(?:\s+айы{_END})?"


#: A century before a decade (`ХХ ғасырдың`, `өткен ғасырдың`, `XIX ғ.`): group `cr` (Roman numerals,
#: Latin or Cyrillic letters), `cn` (digits); `өткен` ("last") and word forms mean the 20th century.
CENTURY = (
    r"(?:(?P<cr>[XХ]{1,2}[IІ]{0,3}[XХ]?|[IІ]?[XХ]{1,2})|(?P<cn>1[5-9]|20)(?:\s*-\s*(?:шы|ші|ыншы|інші))?"
    r"|(?i:өткен|жиырмасыншы))\s*-?\s*(?:ғасырдың|ғасыр|ғ\.)"
)
_CENTURY_START = re.compile(CENTURY)
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def century_number(m: re.Match) -> int:
    """The century a `CENTURY` match names (XX -> 20); 20 for `өткен ғасыр` ("last century")."""
    if m.group("cn"):
        return int(m.group("cn"))
    roman = (m.group("cr") or "").replace("Х", "X").replace("І", "I")
    if not roman:
        return 20
    total = 0
    for i, ch in enumerate(roman):
        v = _ROMAN_DIGITS[ch]
        total += -v if i + 1 < len(roman) and _ROMAN_DIGITS[roman[i + 1]] > v else v
    return total


#: A part of a decade after it (`басында` "early", `бірінші жартысында` "in the first half").
_DECADE_PARTS = rf"(?:\s+(?:(?:бірінші|екінші)\s+жартысы|басы|соңы|ортасы|аяғы|ішін){_END})"


def _g(pattern: str, **names: str) -> str:
    return pattern.replace("{{", "{").replace("}}", "}").format(**names)


_KK_DATE = re.compile(
    "|".join([
        # осы жылдың 25 мамырында, сол жылғы мамырда: year from context
        rf"(?P<ctx>(?i:осы|сол|биылғы|ағымдағы)\s+жыл(?:дың|ғы|ы))\s+(?:{_g(KK_GEN_MONTH_DAY, m='cm3', d='cd3')}|{_g(KK_DAY_MONTH, d='cd', m='cm', me='cme')}|{_g(KK_MONTH_ONLY, m='cm2', me='cme2')})(?![{L}])",
        # 1954 жылғы 18 мамырда / 1948 жылдың 21 мамырында
        rf"{_g(KK_YEAR, y='y1', ye='ye1')},?\s+{_g(KK_DAY_MONTH, d='d1', m='m1', me='me1')}(?![{L}])",
        # (1954 жылғы) мамырдың 18-і / мамырдың 18-інде / тамыз айының 5-і күні
        rf"(?:{_g(KK_YEAR, y='gy', ye='gye')}\s+)?{_g(KK_GEN_MONTH_DAY, m='gm', d='gd')}(?![{L}])",
        # 1948 жылдың қыркүйегінде
        rf"{_g(KK_YEAR, y='y2', ye='ye2')}\s+{_g(KK_MONTH_ONLY, m='m2', me='me2')}(?:\s+(?:басы|ортасы|соңы|аяғы){_END})?(?![{L}])",
        # 1954-1956 жылдары, 1956-57 жылдары, 1920-1930 жылдар аралығында (a range of years)
        rf"{_NUM_START}(?P<ya>{_YEAR4})\s*[-–—]\s*(?P<yb>{_YEAR4}|\d\d)(?!\d){_ORD}?\s*-?\s*(?:жыл(?P<yre>{_END})|ж{{1,2}}(?:\.|(?=\s)|$))(?:\s+(?:аралығ|арасы){_END})?",
        # ХХ ғасырдың 20-30 жылдары, 20-30-шы жылдары, өткен ғасырдың 30-жылдары (decades, a range of decades)
        rf"(?P<cent>{CENTURY}\s+)?(?P<da>[1-9]0)(?:\s*[-–—]\s*(?P<db>[1-9]0))?{_ORD}?\s*-?\s*жылдар(?P<dae>{_END}){_DECADE_PARTS}?(?![{L}])",
        # 1950-ші жылдары / 1950 жылдардың басында: a decade
        rf"(?<![\d.,/№])(?P<dy>(?:1[5-9]|20)\d)0{_ORD}?\s*-?\s*жылдар{_END}(?P<dpart>{_DECADE_PARTS})?",
        # 17 мамыр 1954 жылы / 16 мамыр күні
        rf"{_g(KK_DAY_MONTH, d='d3', m='m3', me='me3')}(?:,?\s+(?:{_g(KK_YEAR, y='y3', ye='ye3')}|(?P<y3b>{_YEAR4})(?![\d.,]\d)))?(?![{L}])",
        # 1954 жылдың басында / 1954 жылдың жазында: a year with its part or season
        rf"{_NUM_START}(?P<y5>{_YEAR4}){_ORD}?\s*-?\s*жылдың\s+(?:басы|соңы|ортасы|аяғы|жазы|күзі|қысы|көктемі|екінші жартысы|бірінші жартысы){_END}(?![{L}])",
        # 1954 жылы / 1954 жылдан
        rf"{_g(KK_YEAR, y='y4', ye='ye4')}(?![{L}])",
        # 50-ші жылдардың басында (decade) / 50-ші жылғы (a year of the 1900s)
        rf"(?<![\d.,/№])(?P<yy>[1-9]\d)(?:\s*-\s*(?:інші|ыншы|нші|ншы|ші|шы)\s+|-(?=жыл))жыл(?P<yye>{_END})(?P<yypart>{_DECADE_PARTS})?",
        # 2017-де, 2019-ғы: a year with a locative or adjectival ending and no `жыл` (not -ға/-нан: `2000-нан астам`)
        rf"{_NUM_START}(?P<yc>(?:1[89]|20)\d\d)-(?:да|де|та|те|ғы|гі|дағы|дегі|тағы|тегі)(?![{L}])",
        # наурыздың жиырма бесі, мамырдың бірі күні: a month in the genitive, then the day in words
        rf"(?P<gwm>(?i:{_KK_MONTH}))(?:ның|нің|дың|дің|тың|тің)\s+(?P<gwd>(?:[{L}]+\s+)?[{L}]+)(?:\s+күн(?:і|гі){_END})?(?![{L}])",
        # қаңтарда, қыркүйектен: a month alone in a case (not `қазан`, also "cauldron"/Kazan)
        rf"(?<![{L}{KK_UPPER}\d])(?<!\d )(?<!\d-)(?P<bm>(?i:{_BARE_MONTHS}))(?P<bme>да|де|та|те|нда|нде|ында|інде|дан|ден|тан|тен|нан|нен|ынан|інен)(?![{L}])",
        # сәуір айында: a month named with `айы`, its year from the context
        rf"(?P<mo>(?i:{_KK_MONTH}))[{L}]*\s+айы{_END}(?![{L}])",
        # (1893–1938): two bare years joined by a dash (life dates, periods)
        rf"(?<![\d.,/№:-])(?P<ba>1[5-9]\d\d|20\d\d)\s*[-–—]\s*(?P<bb>1[5-9]\d\d|20\d\d)(?![\d.,/-]|\s*(?:%|пайыз))",
        # (1900, Ақмола ... – 1933, Мәскеу): a bare year opening a parenthesis or after its dash (life dates)
        rf"(?<=\()\s*(?P<py>1[5-9]\d\d|20\d\d)(?=\s*[,–—-]|\s*ж)|(?<=[–—] )(?P<py2>1[5-9]\d\d|20\d\d)(?=,\s*[{KK_UPPER}]|\))",
        # 1997.06.19 (ж.): year first, as in legal references
        rf"(?<![\d.,/])(?P<iy>{_YEAR4})\.(?P<im>\d\d)\.(?P<id>\d\d)(?![\d])(?:\s?(?:ж\.|жыл{_END}))?",
        # 18.05.1954 (ж.)
        rf"(?<![\d.,/])(?P<nd>{_DAY})\.(?P<nm>0?[1-9]|1[0-2]|XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)\.(?P<ny>{_YEAR4})(?![\d])(?:\s?(?:ж\.|жыл{_END}))?",
    ])
)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}


def _month_number(text: str) -> int:
    """`05` or `V` (archival typescripts write months in Roman numerals: `26.V.1954`)."""
    return _ROMAN[text] if text in _ROMAN else int(text)


def _kk_month(stem_match: str) -> int:
    return KK_MONTHS[stem_match.lower()]


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text for what is known; None when the day does not exist (`30 ақпан`)."""
    if day is not None and month is not None:
        try:
            date(year or 2000, month, day)  # 2000 is a leap year: `29 ақпан` without a year is fine
        except ValueError:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    if month is not None:
        return f"{year:04d}-{month:02d}" if year else f"--{month:02d}"
    return f"{year:04d}" if year else None


def _day_value(year: int | None, month: int, day: str, day_b: str | None, inferred: bool,
               conf: float) -> tuple[DateValue, bool, float] | None:
    """One day, or a range of days in one month (`16-17 мамырда`)."""
    explicit = year is not None and not inferred
    a = _iso(year, month, int(day))
    if not a:
        return None
    if day_b:
        b = _iso(year, month, int(day_b))
        if not b or int(day_b) <= int(day):
            return None
        return DateValue(f"{a}/{b}", year_inferred=inferred, start=a, end=b), explicit, conf
    return DateValue(a, year_inferred=inferred), explicit, conf


def _kk_value(m: re.Match, context_year: int | None) -> tuple[DateValue, bool, float] | None:
    """(value, explicit_year, confidence) for one alternative of `_KK_DATE`."""
    g = m.groupdict()
    if g["ctx"]:
        month = _kk_month(g["cm3"] or g["cm"] or g["cm2"])
        day = int(g["cd3"] or g["cd"]) if (g["cd3"] or g["cd"]) else None
        iso = _iso(context_year, month, day)
        return (DateValue(iso, year_inferred=context_year is not None), False, 0.8) if iso else None
    if g["y1"]:
        return _day_value(int(g["y1"]), _kk_month(g["m1"]), g["d1"], g["d1b"], False, 0.97)
    if g["y2"]:
        return DateValue(_iso(int(g["y2"]), _kk_month(g["m2"]))), True, 0.95
    if g["ya"]:
        a = int(g["ya"])
        b = int(g["yb"]) if len(g["yb"]) == 4 else a // 100 * 100 + int(g["yb"])
        if b <= a:
            return None
        if len(g["yb"]) == 2 and a % 10 == 0 and b % 10 == 0 and (g["yre"] or "").startswith("дар"):
            ds, de = f"{a // 10}X", f"{b // 10}X"  # `1920-30 жылдары`: the twenties and thirties
            return DateValue(f"{ds}/{de}", start=ds, end=de), False, 0.85
        return DateValue(f"{a}/{b}", start=str(a), end=str(b)), True, 0.9
    if g["da"]:
        if not (g["cent"] or g["db"] or re.match(r"[-–—\s]*-?\s*(?:інші|ыншы|нші|ншы|ші|шы)|-жыл", m.string[m.end("db" if g["db"] else "da"):])):
            return None  # a bare `30 жылдар...` is a duration more often than a decade
        cent_m = _CENTURY_START.match(g["cent"]) if g["cent"] else None
        hundreds = (century_number(cent_m) - 1) if cent_m else 19
        ds = f"{hundreds}{int(g['da']) // 10}X"
        if not g["db"]:
            return DateValue(ds), False, 0.85
        de = f"{hundreds}{int(g['db']) // 10}X"
        if de <= ds:
            return None
        return DateValue(f"{ds}/{de}", start=ds, end=de), False, 0.85
    if g["dy"]:
        return DateValue(f"{g['dy']}X"), False, 0.9
    if g["d3"]:
        year = int(g["y3"] or g["y3b"]) if (g["y3"] or g["y3b"]) else None  # `12 сәуір 1899`: a bare year after the month
        if not year and g["m3"].lower() == "маусым" and re.match(r"\s*-\s*[^\W\d]", m.string[m.end("d3"):m.start("m3")]):
            return None  # `4-інші маусымында`: "in the 4th season", not June
        if year:
            return _day_value(year, _kk_month(g["m3"]), g["d3"], g["d3b"], False, 0.97)
        return _day_value(context_year, _kk_month(g["m3"]), g["d3"], g["d3b"], context_year is not None,
                          0.85 if context_year else 0.7)
    if g["y5"]:
        return DateValue(g["y5"]), True, 0.9
    if g["y4"]:
        return DateValue(g["y4"]), True, 0.93
    if g["yy"]:
        yy = int(g["yy"])
        if g["yye"].startswith(("дар", "лар")):  # plural: a decade
            if yy % 10:
                return None
            return DateValue(f"19{yy // 10}X"), False, 0.85
        return DateValue(f"19{yy:02d}"), True, 0.75
    if g["gm"]:
        if g["gy"]:
            iso = _iso(int(g["gy"]), _kk_month(g["gm"]), int(g["gd"]))
            return (DateValue(iso), True, 0.9) if iso else None
        iso = _iso(context_year, _kk_month(g["gm"]), int(g["gd"]))
        return (DateValue(iso, year_inferred=context_year is not None), False, 0.8) if iso else None
    if g["yc"]:
        return DateValue(g["yc"]), True, 0.8
    if g["gwm"]:
        from .numwords import compose_number, kk_word_value

        words = g["gwd"].split()
        values = [kk_word_value(w) for w in words]
        if words and len(values) > 1 and values[0] is None:
            words, values = words[1:], values[1:]  # `... мамырдың бірі`: only the last word may be the day
        if not values or any(v is None for v in values) or not values[-1][1] or any(v[1] for v in values[:-1]):
            return None
        day, used = compose_number([v[0] for v in values])
        if used != len(values) or not 1 <= day <= 31 or day != int(day):
            return None
        iso = _iso(context_year, _kk_month(g["gwm"]), int(day))
        return (DateValue(iso, year_inferred=context_year is not None), False, 0.75) if iso else None
    if g["bm"]:
        iso = _iso(context_year, _kk_month(g["bm"]))
        return (DateValue(iso, year_inferred=context_year is not None), False, 0.7) if iso else None
    if g["mo"]:
        iso = _iso(context_year, _kk_month(g["mo"]))
        return (DateValue(iso, year_inferred=context_year is not None), False, 0.75) if iso else None
    if g["py"] or g["py2"]:
        return DateValue(g["py"] or g["py2"]), True, 0.75
    if g["ba"]:
        a, b = int(g["ba"]), int(g["bb"])
        if not 0 < b - a < 120:
            return None
        return DateValue(f"{a}/{b}", start=str(a), end=str(b)), True, 0.8
    if g["iy"]:
        mid, last = int(g["im"]), int(g["id"])
        if 1 <= mid <= 12:
            iso = _iso(int(g["iy"]), mid, last)
        else:  # `2012.19.04`: some legal databases write year.day.month
            iso = _iso(int(g["iy"]), last, mid) if 1 <= last <= 12 else None
        return (DateValue(iso), True, 0.95 if 1 <= mid <= 12 else 0.85) if iso else None
    if g["nd"]:
        iso = _iso(int(g["ny"]), _month_number(g["nm"]), int(g["nd"]))
        return (DateValue(iso), True, 0.95) if iso else None
    return None  # pragma: no cover - every alternative is handled above


# --- ranges ---------------------------------------------------------------------------------
_UNTIL = re.compile(rf"\s+(?:{'|'.join(KK_UNTIL)})(?![{L}])")


def _last_word(text: str) -> str:
    words = re.findall(rf"[{L}]+", text.lower())
    return words[-1] if words else ""


def _merge_ranges(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """`A-дан B-ға дейін` -> one range record from A's start to `дейін`."""
    out: list[DateMatch] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b and text[a.end:b.start].strip() == "" and "/" not in a.value.iso and "/" not in b.value.iso \
                and _last_word(text[a.start:a.end]).endswith(KK_ABLATIVE):
            tail = _UNTIL.match(text, b.end)
            if tail or _last_word(text[b.start:b.end]).endswith(KK_DATIVE):
                end = tail.end() if tail else b.end
                out.append(_join_range(a, b, end, a.explicit_year or b.explicit_year))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _join_range(a: "DateMatch", b: "DateMatch", end: int, explicit: bool) -> "DateMatch":
    """One range from two dates, ending at `end`; the year written once serves both ends
    (`1954 жылғы 16 мамырдан 25 маусымға`, `с 16 мая по 25 июня 1954 г.`)."""
    va, vb = a.value, b.value
    if a.explicit_year and not b.explicit_year and va.year:
        vb = DateValue(_set_year(vb.iso, va.year))
    if b.explicit_year and not a.explicit_year and vb.year:
        va = DateValue(_set_year(va.iso, vb.year))
    inferred = not (a.explicit_year or b.explicit_year) and (va.year_inferred or vb.year_inferred)
    value = DateValue(f"{va.iso}/{vb.iso}", year_inferred=inferred, start=va.iso, end=vb.iso)
    return DateMatch(a.start, end, value, min(a.confidence, b.confidence), explicit)


def _set_year(iso: str, year: int) -> str:
    """`--05-18` or `1953-05-18` with `year` put in."""
    return f"{year:04d}{iso[1:]}" if iso.startswith("--") else f"{year:04d}{iso[4:]}"


_CTX_BEFORE = re.compile(r"(?i:осы|сол|биылғы|ағымдағы)\s+$")
_GM_BEFORE = re.compile(rf"(?i:{_KK_MONTH}){_END}(?:\s+айының)?\s+$")


class _WordYearMatch:
    """A date written in words shaped like a regex match, so `find_kk_dates` treats both alike; `value`
    is None for a day and month without a year (`отызыншы қазанда`): the year comes from the context."""

    def __init__(self, start: int, end: int, value: DateValue | None, month: int = 0, day: int = 0):
        self._start, self._end, self.value = start, end, value
        self.month, self.day = month, day

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _merge_word_years(matches: Iterator[re.Match], word_years: dict, word_days: list = ()) -> Iterator:
    """Regex matches and dates in words in text order, dropping any that overlap an earlier one."""
    items = list(matches) + [_WordYearMatch(s, e, v) for s, (e, v) in word_years.items()] + list(word_days)
    items.sort(key=lambda m: m.start())
    last_end = -1
    for m in items:
        if m.start() >= last_end:
            yield m
            last_end = m.end()


def _kk_date_starts(text: str) -> list[int]:
    """Positions where a Kazakh date can begin: digit runs, `осы жыл...`, `мамырдың 18-і`."""
    starts = []
    for pos in digit_starts(text):
        starts.append(pos)
        gm = _GM_BEFORE.search(text, max(0, pos - 25), pos)
        if gm:
            starts.append(gm.start())
    for m in re.finditer("жыл", text):
        ctx = _CTX_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if ctx:
            starts.append(ctx.start())
    if "ғ" in text:
        starts.extend(m.start() for m in _CENTURY_START.finditer(text))
    starts.extend(m.start() for m in _MONTH_WORD.finditer(text))  # `наурыздың жиырма бесі`, `қаңтарда`
    return starts


_ORDINAL_YEAR = re.compile(rf"(?<![{L}{KK_UPPER}])(?P<ord>[{L}{KK_UPPER}]+(?:ыншы|інші|нші|ншы))\s+жыл(?P<ye>{_END})(?![{L}])")
_ORDINAL_YEAR_BEFORE = re.compile(rf"(?<![{L}{KK_UPPER}])[{L}{KK_UPPER}]+(?:ыншы|інші|нші|ншы)\s+$")
_WORD_BEFORE = re.compile(rf"([{L}{KK_UPPER}]+)\s+$")
_WORD_DAY_MONTH = re.compile(
    rf"\s+(?:(?P<d>{_DAY})(?:\s*-\s*(?:інші|ыншы|нші|ншы|ші|шы|і|ы))?|(?P<dw>(?:[{L}]+\s+)?[{L}]+(?:ыншы|інші|нші|ншы)))"
    rf"\s+(?P<m>(?i:{_KK_MONTH})){_END}(?![{L}])"
)


_MONTH_WORD = re.compile(rf"(?<![{L}{KK_UPPER}])(?i:{_KK_MONTH})")
_DECADE_WORD_VALUES = frozenset(range(10, 100, 10))
_CENTURY_BEFORE = re.compile(rf"({CENTURY})\s+$")
_DECADE_PART = re.compile(rf"{_DECADE_PARTS}(?![{L}])")


def _word_year_dates(text: str) -> Iterator[tuple[int, int, DateValue]]:
    """Years written in words: `екі мың жиырма бесінші жылы` (2025), with an optional day and month."""
    from .numwords import kk_word_value, parse_kk_ordinal

    for y in re.finditer("жыл", text):
        m = _ORDINAL_YEAR_BEFORE.search(text, max(0, y.start() - 30), y.start())
        m = m and _ORDINAL_YEAR.match(text, m.start())
        if not m:
            continue
        words, start = [m.group("ord")], m.start()
        while len(words) < 7:
            w = _WORD_BEFORE.search(text, max(0, start - 20), start)
            bare = kk_word_value(w.group(1)) if w else None
            if not bare or bare[1] or bare[0] == 0.5:
                break
            words.insert(0, w.group(1))
            start = w.start(1)
        year = parse_kk_ordinal(words)
        if len(words) == 1 and year in _DECADE_WORD_VALUES and m.group("ye").startswith("дар"):
            # `қырқыншы жылдары` ("the forties"), `ХХ ғасырдың отызыншы жылдарының басында`
            cent = _CENTURY_BEFORE.search(text, max(0, start - 30), start)
            century = century_number(_CENTURY_START.match(cent.group(1))) if cent else 20
            part = _DECADE_PART.match(text, m.end())
            yield (cent.start() if cent else start), (part.end() if part else m.end()), DateValue(f"{century - 1}{year // 10}X")
            continue
        while year is not None and not 1000 <= year <= 2100 and len(words) > 1:
            words, start = words[1:], text.index(words[1], start)
            year = parse_kk_ordinal(words)
        if year is None or not 1000 <= year <= 2100:
            continue
        end, iso = m.end(), f"{year:04d}"
        dm = _WORD_DAY_MONTH.match(text, m.end())
        if dm:
            day = int(dm.group("d")) if dm.group("d") else parse_kk_ordinal(dm.group("dw").split())
            full = _iso(year, _kk_month(dm.group("m")), day) if day else None
            if full:
                end, iso = dm.end(), full
        yield start, end, DateValue(iso)


_WORD_ORDINAL_DAY = re.compile(
    rf"(?<![{L}{KK_UPPER}])(?P<dw>(?:[{L}{KK_UPPER}]+\s+)?[{L}{KK_UPPER}]+(?:ыншы|інші|нші|ншы))\s+"
    rf"(?P<m>(?i:{_KK_MONTH})){_END}(?:\s+күн(?:і|гі){_END})?(?![{L}])"
)


def _word_day_dates(text: str) -> list[_WordYearMatch]:
    """A day as an ordinal in words before a month: `отызыншы қазанда`, `жиырма екінші желтоқсанда`."""
    from .numwords import parse_kk_ordinal

    out = []
    for m in _WORD_ORDINAL_DAY.finditer(text):
        words = m.group("dw").split()
        day = parse_kk_ordinal([w.lower() for w in words])
        start = m.start("dw")
        if day is None and len(words) > 1:
            day = parse_kk_ordinal([words[-1].lower()])
            start = m.start("dw") + m.group("dw").rindex(words[-1])
        if day is not None and 1 <= day <= 31:
            out.append(_WordYearMatch(start, m.end(), None, _kk_month(m.group("m")), day))
    return out


def find_kk_dates(text: str, context_year: int | None = None, carry: dict | None = None) -> list[DateMatch]:
    """Every Kazakh date in `text` (clean text), left to right, with year inference. `carry` (a
    window's shared dict, `pipeline.windows`) brings the last explicit year of the windows before
    and takes this one's to the next."""
    found: list[DateMatch] = []
    last_year = context_year
    if carry is not None and carry.get("kk.dates.year") is not None:
        last_year = carry["kk.dates.year"]
    word_years = {s: (e, v) for s, e, v in _word_year_dates(text)} if "жыл" in text else {}
    word_days = _word_day_dates(text) if ("ншы" in text or "нші" in text) else []
    for m in _merge_word_years(scan(_KK_DATE, text, _kk_date_starts(text)), word_years, word_days):
        if isinstance(m, _WordYearMatch) and m.value is None:
            got = _day_value(last_year, m.month, str(m.day), None, last_year is not None, 0.75)
        else:
            got = (m.value, True, 0.85) if isinstance(m, _WordYearMatch) else _kk_value(m, last_year)
        if got is None:
            continue
        value, explicit, conf = got
        end = m.end()
        while end > m.start() and text[end - 1].isspace():
            end -= 1
        found.append(DateMatch(m.start(), end, value, conf, explicit))
        if explicit and value.year:
            last_year = value.year
            if carry is not None:
                carry["kk.dates.year"] = last_year
    return _merge_ranges(text, found)


def parse_kk_date(text: str, context_year: int | None = None) -> DateValue | None:
    """Normalise one Kazakh date phrase (`"1954 жылғы 18 мамырда"` -> 1954-05-18); None if it is not one."""
    clean = " ".join(text.split())
    found = find_kk_dates(clean, context_year)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(clean):
        return found[0].value
    return None


# --- Russian ---------------------------------------------------------------------------------
_RU_L = "а-яё"
_RU_MONTH = rf"(?P<{{m}}>(?i:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[{_RU_L}]*|(?i:янв|февр?|апр|авг|сент?|окт|нояб?|дек)\.)"
_RU_YEAR = rf"(?P<{{y}}>{_YEAR4})\s*(?:г\.|года?|году|гг\.|годах)?"
_RU_DATE = re.compile(
    "|".join([
        # 26 мая 1954 г. / 25 мая с. г. / 26 мая
        rf"(?<![\d.,/№])(?P<d1>{_DAY})\s+{_g(_RU_MONTH, m='m1')}"
        rf"(?:\s+(?:{_g(_RU_YEAR, y='y1')}|(?P<sg>с\.\s?г\.|сего\s+года|текущего\s+года)))?",
        # 18.05.1954 (г.)
        rf"(?<![\d.,/])(?P<nd>{_DAY})\.(?P<nm>0?[1-9]|1[0-2]|XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)\.(?P<ny>{_YEAR4})(?!\d)(?:\s?г\.)?",
        # мае 1954 года / в мае с. г.
        rf"(?<![{_RU_L}]){_g(_RU_MONTH, m='m2')}\s+(?:{_g(_RU_YEAR, y='y2')}|(?P<sg2>с\.\s?г\.|сего\s+года))",
        # 1954 г. / 1954 году (a year needs its word, or it is just a number)
        rf"(?<![\d.,/№])(?P<y3>{_YEAR4})\s*(?:г\.|года|году|год(?![{_RU_L}]))",
    ])
)


def _ru_month(token: str) -> int | None:
    t = token.lower().rstrip(".")
    for cut in range(len(t), 1, -1):
        if t[:cut] in RU_MONTHS:
            return RU_MONTHS[t[:cut]]
    return None


_RU_MONTH_WORD = re.compile(rf"(?<![{_RU_L}])(?i:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|апр|авг|сен|окт|ноя|дек)")


def _ru_date_starts(text: str) -> list[int]:
    return digit_starts(text) + [m.start() for m in _RU_MONTH_WORD.finditer(text)]


def find_ru_dates(text: str, context_year: int | None = None) -> list[DateMatch]:
    """Every Russian date in `text`, left to right; `с. г.` ("this year") takes the context year."""
    found: list[DateMatch] = []
    last_year = context_year
    for m in scan(_RU_DATE, text, _ru_date_starts(text)):
        g = m.groupdict()
        value: DateValue | None = None
        explicit = False
        conf = 0.95
        if g["d1"]:
            month = _ru_month(g["m1"])
            if month is None:
                continue
            if g["y1"]:
                iso, explicit = _iso(int(g["y1"]), month, int(g["d1"])), True
                value = DateValue(iso) if iso else None
            else:
                iso = _iso(last_year, month, int(g["d1"]))
                value = DateValue(iso, year_inferred=last_year is not None) if iso else None
                conf = 0.85 if last_year else 0.7
        elif g["nd"]:
            iso = _iso(int(g["ny"]), _month_number(g["nm"]), int(g["nd"]))
            value, explicit = (DateValue(iso) if iso else None), True
        elif g["m2"]:
            month = _ru_month(g["m2"])
            if month is None:
                continue
            if g["y2"]:
                value, explicit = DateValue(_iso(int(g["y2"]), month)), True
            else:
                iso = _iso(last_year, month)
                value = DateValue(iso, year_inferred=last_year is not None) if iso else None
                conf = 0.8
        elif g["y3"]:
            value, explicit, conf = DateValue(g["y3"]), True, 0.9
        if value is None:
            continue
        end = m.end()
        while text[end - 1].isspace():
            end -= 1
        found.append(DateMatch(m.start(), end, value, conf, explicit))
        if explicit and value.year:
            last_year = value.year
    return _merge_ru_ranges(text, found)


_RU_RANGE_GAP = re.compile(r"\s*(?:по|до|[-–—])\s*")


def _merge_ru_ranges(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """`с 16 мая по 25 июня 1954 г.` / `16–25 мая`: one range record."""
    out: list[DateMatch] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b and "/" not in a.value.iso + b.value.iso and _RU_RANGE_GAP.fullmatch(text, a.end, b.start) \
                and re.search(r"(?:^|\s)[сС]\s*$", text[max(0, a.start - 3):a.start]):
            out.append(_join_range(a, b, b.end, True))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def parse_ru_date(text: str, context_year: int | None = None) -> DateValue | None:
    """Normalise one Russian date phrase (`"26 мая 1954 г."` -> 1954-05-26); None if it is not one."""
    clean = " ".join(text.split())
    found = find_ru_dates(clean, context_year)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(clean):
        return found[0].value
    return None


# --- components -----------------------------------------------------------------------------
def document_year(ctx) -> int | None:
    """The year of `RunConfig.document_date` (`YYYY[-MM[-DD]]`), the last resort for year inference."""
    raw = getattr(getattr(ctx, "config", None), "document_date", None)
    if not raw:
        return None
    m = re.match(r"\s*(\d{4})", str(raw))
    if not m:
        raise ValueError(f"document_date {raw!r} is not YYYY[-MM[-DD]]")
    return int(m.group(1))


def _records(doc: Document, matches: list[DateMatch]) -> Iterator[Record]:
    view = view_of(doc)
    for dm in matches:
        yield span_record(doc, view, dm.start, dm.end, "DATE", dm.value.to_norm(), dm.confidence, SOURCE)


@doc_component("kk.dates", langs=("kk",))
def kk_dates(doc: Document, ctx) -> list[Record]:
    """Kazakh DATE records."""
    return list(_records(doc, find_kk_dates(view_of(doc).text, document_year(ctx), doc.context.get("carry"))))


@doc_component("ru.dates", langs=("ru",))
def ru_dates(doc: Document, ctx) -> list[Record]:
    """Russian DATE records (for aligning Kazakh mentions with the Russian source telegrams)."""
    return list(_records(doc, find_ru_dates(view_of(doc).text, document_year(ctx))))
