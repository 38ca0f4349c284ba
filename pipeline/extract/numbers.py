"""NUMBER extraction for Kazakh (`kk.numbers`): quantities as `{"value", "qualifier", "unit"}`.

    15 562 -> 15562            3% -> 3, unit percent         400-ге жуық -> 400, about
    30-дан астам -> 30, more_than   200 - ден астам -> 200, more_than   4 мыңнан -> 4000
    алты -> 6   он бес -> 15   жетеуі -> 7   бес жарым мыңнан астам -> 5500, more_than

Not numbers (left to other labels or deliberately unannotated, see the guidelines' IGNORE):
digits inside DATE/TIME/DOCNUM records, `№ 1, 5` lagpunkt lists, citation markers `[1]`,
ordinals (`3-ші`, `үшінші`), model names (`Т-34`), durations (`2 айға`, `20 жылдан астам`),
and `бір` on its own (the indefinite article "a").

The pure parts (`parse_kk_quantity`, `qualifier_after`) are reusable by `ru.numbers`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Document, Record
from ..registry import doc_component
from .base import Occupied, digit_starts, scan, span_record, view_of
from .lexicon import (
    KK_APPROX_AFTER, KK_APPROX_BEFORE, KK_APPROX_ENDINGS, KK_DURATION_STEMS, KK_LOWER, KK_NUMBER_ENDINGS, KK_ORDINAL_ENDINGS, KK_UPPER,
)
from ..lang.kk.lex_attrs import COLLECTIVE_WORDS, NUMBER_WORDS
from .numwords import SCALES, compose_number, kk_word_value, ordinal_word_value, parse_digits

SOURCE = "rules:numbers"
L = KK_LOWER
_ENDINGS = "|".join(KK_NUMBER_ENDINGS)
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_APPROX = "|".join(sorted(KK_APPROX_AFTER, key=len, reverse=True))

#: `110.000`, `2.300.000`: a dot between groups of three digits separates thousands (a decimal
#: point has one or two digits after it in these texts; `12.001` document numbers are DOCNUMs first).
_THOUSANDS_DOT = r"\d{1,3}(?:\.\d{3})+(?![\d.,]\d)"
#: After `2 млн`: a further group with a smaller scale word (`2 млн 300 мың` = 2,300,000).
_SCALE_TAIL = re.compile(rf"\s+(?P<n>\d{{1,3}})\s+(?P<scale>{_SCALE})(?P<send>[{L}]*)(?![{L}{KK_UPPER}\w])")
#: The second number of a range (`150–200`, `10-15 мың`, `3-5%`, `150-200-дей`).
_RANGE_TAIL = re.compile(
    rf"\s*[-–—]\s*(?P<n>\d+(?:[.,]\d+)?)(?![\d])(?P<pct>\s?%|\s+пайыз[{L}]*)?(?P<scale>\s+(?:{_SCALE})(?P<send>[{L}]*))?"
    rf"(?:-(?P<end1>[{L}]+))?(?![{L}{KK_UPPER}\w]|[.,]\d)"
)

#: One digit quantity with everything that belongs to its span.
_DIGIT_NUMBER = re.compile(
    rf"(?<![\w.,/№:-])(?P<num>\d{{1,3}}(?:[ \u00a0\u202f\u2009]\d{{3}})+(?![\d.,]\d)|{_THOUSANDS_DOT}|\d+(?:[.,]\d+)?)(?![\d])"
    rf"(?P<pct>\s?%|\s+пайыз[{L}]*)?"
    rf"(?P<scale>\s+(?:{_SCALE})(?P<send>[{L}]*))?"
    rf"(?:(?P<hyph>-(?P<end1>[{L}]+))|(?P<spaced>\s+-\s+(?P<end2>{_ENDINGS})(?![{L}])))?"
    rf"(?![{L}{KK_UPPER}\w])"
)
_APPROX_AFTER = re.compile(rf"\s+(?P<a>{_APPROX})(?![{L}])")
_BLOCKED = re.compile(
    r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]"          # citation markers [1], [3, 4]
    r"|№\s*\d[\d./-]*(?:\s*,\s*\d+)*(?:\s+(?:және|и)\s+\d+)?"  # № 1, 5 (lagpunkts, units, documents)
)
#: Words that begin with a number stem (`алты`, `мыңнан`, `оның`): the only candidates for word numbers.
_NUMBER_STEM_WORD = re.compile(
    rf"(?<![{L}{KK_UPPER}])(?i:{'|'.join(sorted({*NUMBER_WORDS, *COLLECTIVE_WORDS, *SCALES, 'жарым'}, key=len, reverse=True))})[{L}]*"
)
#: A list marker: `1. Осы ...` at the start of a line or after a sentence (a full stop and a capital follow).
_LIST_MARKER = re.compile(r"[.)]\s+[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]")
_LIST_START = re.compile(r"(?:^|[.:;)!?]\s*|\n\s*)$")
_ZHUZ_BEFORE = re.compile(r"(?i:ұлы|орта|кіші)\s+$")
_VAGUE_BEFORE = re.compile(rf"(?<![{L}])(?i:бірнеше|бірер|ондаған|жүздеген|мыңдаған)\s+$")
_PLURAL = ("дар", "дер", "лар", "лер", "тар", "тер")
_ADJ = ("дық", "дік", "лық", "лік", "тық", "тік", "ғы", "гі")
#: `жылдығына` (to the anniversary), `айлығы` (monthly pay): still a duration word.
_ADJ_STEMS = ("дық", "дік", "лық", "лік", "тық", "тік", "дығ", "діг", "лығ", "ліг", "тығ", "тіг")


@dataclass(frozen=True)
class NumberValue:
    """A quantity; a range (`150–200`) has `value` = `start` and also `end`."""

    value: int | float
    qualifier: str | None = None
    unit: str | None = None
    end: int | float | None = None

    def to_norm(self) -> dict:
        norm = {"value": self.value, "qualifier": self.qualifier, "unit": self.unit}
        if self.end is not None:
            norm["start"] = self.value
            norm["end"] = self.end
        return norm


@dataclass(frozen=True)
class NumberMatch:
    start: int
    end: int
    value: NumberValue
    confidence: float


def is_duration_word(word: str) -> bool:
    """`айға`, `жылдан`, `күн`, `жылдық`: a time unit, so the number before it is a duration."""
    w = word.lower()
    for stem in KK_DURATION_STEMS:
        if w.startswith(stem):
            rest = w[len(stem):]
            for p in _PLURAL:
                if rest.startswith(p):
                    rest = rest[len(p):]
                    break
            if rest == "" or rest in KK_NUMBER_ENDINGS or rest in _ADJ or rest.startswith(_ADJ_STEMS):
                return True
    return False


def qualifier_after(text: str, pos: int) -> tuple[str | None, int]:
    """The approximator right after `pos` (`астам`, `жуық`, ...) and where it ends."""
    m = _APPROX_AFTER.match(text, pos)
    if not m:
        return None, pos
    return KK_APPROX_AFTER[m.group("a")], m.end()


_APPROX_BEFORE = re.compile(
    rf"(?<![{L}])(?P<a>{'|'.join(sorted((k for k, v in KK_APPROX_BEFORE.items() if v), key=len, reverse=True))})\s+$"
)


def qualifier_before(text: str, pos: int) -> tuple[str | None, int]:
    """The approximator right before `pos` (`шамамен 400`) and where it starts."""
    m = _APPROX_BEFORE.search(text, max(0, pos - 20), pos)
    if not m:
        return None, pos
    return KK_APPROX_BEFORE[m.group("a")], m.start()


def _ending_ok_for_until(ending: str) -> bool:
    return ending.endswith(("ға", "ге", "қа", "ке", "на", "не", "а", "е"))


def _qualified(text: str, start: int, end: int, ending: str, occupied: "Occupied") -> tuple[int, int, str | None]:
    """Widen a number's span over its approximator: after it (`400-ге жуық`, `30-дан астам`), an
    approximating ending (`500-дей`, `жүздей`: about), else before it (`шамамен 400`)."""
    qualifier, q_end = qualifier_after(text, end)
    if qualifier == "up_to" and not _ending_ok_for_until(ending):
        qualifier, q_end = None, end
    if not qualifier and ending in KK_APPROX_ENDINGS:
        qualifier = "about"
    if qualifier:
        return start, q_end, qualifier
    qualifier, q_start = qualifier_before(text, start)
    if qualifier and not occupied.overlaps(q_start, start):
        start = q_start
    return start, end, qualifier


_UNIT_NAME = re.compile(rf"\s+(?:лагер|лагот|лаг)[{L}]*\s+(?:бөлімшес|бөлімі|пункті)|\s+(?:лагот|лагпункт|лаготделени)[{L}]*", re.I)


def is_unit_name(text: str, pos: int) -> bool:
    """`3 лагерь бөлімшесінде` ("in camp division 3"): a numbered unit (a PLACE name), not a quantity.

    The possessive on the unit noun (`бөлімшесі`, `пункті`) makes it a name; a count takes the
    bare noun (`9 лагерлік бөлімше` = nine camp divisions, a NUMBER).
    """
    return _UNIT_NAME.match(text, pos) is not None


def _next_word(text: str, pos: int) -> str:
    m = re.match(rf"\s+([{L}{KK_UPPER}]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


def find_digit_numbers(text: str, occupied: Occupied) -> list[NumberMatch]:
    out: list[NumberMatch] = []
    taken = -1  # end of the last number: a chain or range may reach past its regex match
    for m in scan(_DIGIT_NUMBER, text, digit_starts(text)):
        start, end = m.start(), m.end()
        if start < taken or occupied.overlaps(start, m.end("num")):
            continue
        ending = m.group("end1") or m.group("end2") or m.group("send") or ""
        if ending and (ending in KK_ORDINAL_ENDINGS or ending.startswith(("ші", "шы", "інші", "ыншы"))):
            continue  # 3-ші лагерь: an ordinal
        if m.group("end1") and not _is_number_ending(m.group("end1")):
            continue  # `1-хатшысы` ("first secretary"), `5-сынып`: a noun after the hyphen, an ordinal use
        raw = m.group("num")
        if _LIST_MARKER.match(text, m.end("num")) and _LIST_START.search(text[max(0, start - 3):start]):
            continue  # `... құрылсын. 2. Қоса беріліп`: a numbered point of a list, not a quantity
        if raw.startswith("0") and len(raw) > 1 and not re.match(r"0[.,]", raw):
            continue  # 030, 00721: identifiers
        try:
            value = _digit_value(raw)
        except ValueError:
            continue
        unit = "percent" if m.group("pct") else None
        if m.group("spaced") and unit:
            # `3% - ы`: the ending after a spaced dash belongs to the word `процент`, not the span
            end = m.end("pct")
        scale = _scale_of(m.group("scale")) if m.group("scale") else None
        if scale:
            value = _whole(value * scale)
            if end == m.end("scale") and not m.group("send"):
                value, end, ending, scale = _scale_chain(text, end, value, scale, ending)
        range_end = None
        if not ending and not m.group("spaced"):
            rng = _RANGE_TAIL.match(text, end)
            if rng and not occupied.overlaps(end, rng.end()):
                range_end, end, ending, value, unit, scale = _range(rng, value, unit, scale)
        if not scale and not unit and is_duration_word(_next_word(text, end)):
            continue  # `2 айға`, `20 жылдан астам`: durations are not annotated
        if not unit and is_unit_name(text, end):
            continue
        start, end, qualifier = _qualified(text, start, end, ending, occupied)  # `500-дей адам`
        conf = 0.95 if not ending or m.group("hyph") else 0.85
        out.append(NumberMatch(start, end, NumberValue(value, qualifier, unit, range_end), conf))
        taken = end
    return out


def _is_number_ending(ending: str) -> bool:
    """A case/possessive ending a number takes (`400-ге`, `30-дан`, `500-дей`, `1830-ы`), possibly
    several (`5-інен`), as opposed to a noun written after a hyphen (`1-хатшысы`)."""
    e = ending.lower()
    return e in KK_NUMBER_ENDINGS or e in KK_APPROX_ENDINGS or any(
        e.startswith(a) and (e[len(a):] in KK_NUMBER_ENDINGS or not e[len(a):]) for a in KK_NUMBER_ENDINGS)


def _whole(value: int | float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _digit_value(raw: str) -> int | float:
    """`110.000` -> 110000 (thousands dot); otherwise `parse_digits`."""
    if re.fullmatch(_THOUSANDS_DOT, raw):
        return int(raw.replace(".", ""))
    return parse_digits(raw)


def _scale_chain(text: str, end: int, value, scale: int, ending: str):
    """Extend `2 млн` over smaller scaled groups: `2 млн 300 мың` -> 2,300,000."""
    while True:
        tail = _SCALE_TAIL.match(text, end)
        if not tail:
            return value, end, ending, scale
        smaller = _scale_of(tail.group("scale"))
        if smaller >= scale:
            return value, end, ending, scale
        value, end, ending, scale = _whole(value + int(tail.group("n")) * smaller), tail.end(), tail.group("send"), smaller
        if ending:
            return value, end, ending, scale


def _range(rng: re.Match, value, unit: str | None, scale: int | None):
    """The two ends of `150–200` / `10-15 мың` (the scale and `%` written once serve both)."""
    try:
        second = _digit_value(rng.group("n"))
    except ValueError:
        return None, rng.start(), "", value, unit, scale
    if rng.group("scale"):
        tail_scale = _scale_of(rng.group("scale"))
        second = _whole(second * tail_scale)
        if not scale:
            value, scale = _whole(value * tail_scale), tail_scale
    if rng.group("pct"):
        unit = "percent"
    if second <= value:
        return None, rng.start(), "", value, unit, scale  # `12-3`: not a range of quantities
    ending = rng.group("end1") or rng.group("send") or ""
    return second, rng.end(), ending, value, unit, scale


def _scale_of(scale_text: str) -> int:
    word = scale_text.split()[0].lower()
    for name in sorted(SCALES, key=len, reverse=True):
        if word.startswith(name):
            return SCALES[name]
    raise ValueError(scale_text)


def find_word_numbers(text: str, occupied: Occupied) -> list[NumberMatch]:
    """Runs of Kazakh number words: `алты`, `он бес`, `бір мың тоғыз жүз елу төрт`, `жетеуі`."""
    out: list[NumberMatch] = []
    # only words that begin like a number word (a cheap pre-filter: ~7% of words)
    words = [(m.start(), m.end(), m.group()) for m in _NUMBER_STEM_WORD.finditer(text)]
    i = 0
    while i < len(words):
        s, e, w = words[i]
        v = kk_word_value(w)
        if v is None or w.lower() == "жарым":
            i += 1
            continue
        run = [(s, e, w, v)]
        j = i + 1
        # continue while the previous word had no ending and only spaces separate the words
        while j < len(words) and not run[-1][3][1] and text[run[-1][1]:words[j][0]].isspace():
            nv = kk_word_value(words[j][2])
            if nv is None:
                break
            run.append((*words[j], nv))
            j += 1
        values = [r[3][0] for r in run]
        value, used = compose_number(values)
        if used == 0:
            i += 1
            continue
        run = run[:used]
        if run[-1][2].lower() == "жарым":
            run = run[:-1]
            value, _ = compose_number([r[3][0] for r in run])
        start, end = run[0][0], run[-1][1]
        i += used
        if occupied.overlaps(start, end):
            continue
        if len(run) == 1 and run[0][2].isupper() and len(run[0][2]) > 2:
            continue  # `МЫҢ АЛҒЫС`: a word of a heading in capitals
        if len(run) == 1 and run[0][2].lower() == "жүз" and _ZHUZ_BEFORE.search(text, max(0, start - 8), start):
            continue  # `Орта жүз`: the Middle Horde, not a hundred
        if len(run) == 1 and run[0][2].lower().startswith("бір") and not run[0][2].lower().startswith("біреуі"):
            continue  # `бір бөлігі` "a part" (the article), `біреуге` "to someone"; `біреуі` "one of them" counts
        if _VAGUE_BEFORE.search(text, max(0, start - 20), start):
            continue  # `бірнеше жүз адам`: "several hundred", not 100
        following = _next_word(text, end)
        if is_duration_word(following):
            continue  # `екі күн`
        if ordinal_word_value(following) is not None and text[end:end + 1].isspace():
            continue  # `екі мың жиырма бесінші`: part of an ordinal
        if run[0][0] > 0 and text[run[0][0] - 1] == "-":
            continue  # inside a hyphenated word
        start, end, qualifier = _qualified(text, start, end, run[-1][3][1], occupied)  # `жүздей адам`
        conf = 0.85 if len(run) > 1 or run[0][3][1] == "" else 0.75
        out.append(NumberMatch(start, end, NumberValue(value, qualifier, None), conf))
    return out


def find_kk_numbers(text: str, occupied: Occupied | None = None) -> list[NumberMatch]:
    """Every Kazakh quantity in `text` (clean text) outside the `occupied` intervals."""
    blocked = [m.span() for m in _BLOCKED.finditer(text)]
    occ = Occupied(list(getattr(occupied, "_spans", [])) + blocked)
    digits = find_digit_numbers(text, occ)
    occ2 = Occupied(list(occ._spans) + [(n.start, n.end) for n in digits])
    words = find_word_numbers(text, occ2)
    return sorted(digits + words, key=lambda n: n.start)


def parse_kk_quantity(text: str) -> NumberValue | None:
    """Normalise one Kazakh quantity phrase (`"30-дан астам"` -> 30, more_than); None if it is not one."""
    clean = " ".join(text.split())
    found = find_kk_numbers(clean)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(clean):
        return found[0].value
    return None


@doc_component("kk.numbers", langs=("kk",))
def kk_numbers(doc: Document, ctx) -> list[Record]:
    """Kazakh NUMBER records, skipping digits already inside DATE, TIME and DOCNUM records."""
    view = view_of(doc)
    occupied = Occupied.from_records(doc, view, ("DATE", "TIME", "DOCNUM"))
    return [span_record(doc, view, n.start, n.end, "NUMBER", n.value.to_norm(), n.confidence, SOURCE)
            for n in find_kk_numbers(view.text, occupied)]
