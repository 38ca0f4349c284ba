"""TIME extraction (`kk.times`, `ru.times`): clock times as `{"time": "HH:MM"}`.

Kazakh: `сағат 12-де`, `сағат 15.00-де`, `сағат бесте`, `3 сағат 30 минутта`, `таңғы 5-те`,
`кешкі сағат 8-де` (-> 20:00), `12:30`. Russian: `в 3.30`, `в 12 часов`, `в 15 час. 30 мин.`,
`к 18.00`. A bare `3.30` is a decimal unless a clock word or preposition says otherwise, and
`3 сағат 30 минут бойы` is a duration, not a clock time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Document, Record
from ..registry import doc_component
from .base import digit_starts, scan, span_record, view_of
from .lexicon import KK_DAYPARTS, KK_LOWER
from .numwords import parse_kk_number

SOURCE = "rules:times"
L = KK_LOWER
_END = rf"[{L}]*"
_H = r"(?:[01]?\d|2[0-4])"
_MM = r"[0-5]\d"
_SUFFIX = rf"(?:\s?-\s?[{L}]{{1,5}})"
_NUMWORD = rf"(?:[{L}]+(?:\s+[{L}]+)?)"  # `бесте`, `он екіде`
_DAYPART = "|".join(sorted(KK_DAYPARTS, key=len, reverse=True))


@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    time: str
    confidence: float


_KK_TIME = re.compile(
    "|".join([
        # (таңғы) 3 сағат 30 минутта -- a point in time: the minutes carry a locative/ablative/dative
        rf"(?<![\d.,])(?:(?P<dp1>(?i:{_DAYPART}))\s+)?(?P<h1>{_H})\s+(?i:сағат)\s+(?P<m1>\d{{1,2}})\s+минут(?:та|тан|қа)(?![{L}])",
        # (кешкі) сағат 12-де / сағат 15.00-де / сағат 12:30
        rf"(?:(?P<dp2>(?i:{_DAYPART}))\s+)?(?i:сағат|сағ\.)\s*(?P<h2>{_H})(?!\d)(?:[.:](?P<m2>{_MM}))?(?![\d.,]\d){_SUFFIX}?",
        # сағат бесте / сағат он екіде: a number word with a case ending
        rf"(?:(?P<dp3>(?i:{_DAYPART}))\s+)?(?i:сағат)\s+(?P<w3>{_NUMWORD})(?![{L}])",
        # таңғы 5-те / кешкі 8.30-да
        rf"(?P<dp4>(?i:{_DAYPART}))\s+(?P<h4>{_H})(?!\d)(?:[.:](?P<m4>{_MM}))?(?![\d.,]\d){_SUFFIX}?",
        # 12:30 anywhere, or 15.00-де with a case ending
        rf"(?<![\d.,:/])(?P<h5>{_H}):(?P<m5>{_MM})(?![\d:])(?:{_SUFFIX})?",
        rf"(?<![\d.,/])(?P<h6>{_H})\.(?P<m6>{_MM})(?![\d.,]\d)\s?-\s?(?P<e6>[{L}]{{1,5}})",
    ])
)


def _shift(hour: int, daypart: str | None) -> int:
    """`кешкі 8` = 20:00, `түнгі 11` = 23:00, `түнгі 2` = 02:00, `күндізгі 3` = 15:00."""
    part = KK_DAYPARTS.get((daypart or "").lower())
    if part == "evening" and hour < 12:
        return hour + 12
    if part == "night" and 6 <= hour < 12:
        return hour + 12
    if part == "day" and hour < 7:
        return hour + 12
    return hour


def _fmt(hour: int, minute: int = 0) -> str | None:
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def _word_hour(words: str) -> int | None:
    """`бесте` -> 5, `он екіде` -> 12 (the last word carries the case ending)."""
    value = parse_kk_number(words)
    if value is None or value != int(value):
        return None
    return int(value)


def parse_kk_time(text: str) -> str | None:
    """Normalise one Kazakh clock-time phrase to `HH:MM` (`"сағат 15.00-де"` -> `"15:00"`)."""
    clean = " ".join(text.split())
    found = find_kk_times(clean)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(clean):
        return found[0].time
    return None


_DP_BEFORE = re.compile(rf"(?i:{_DAYPART})\s+(?:(?i:сағат)\s+)?$")
_SAGAT = re.compile(r"[сС]ағ(?:ат|\.)|САҒАТ")


def _kk_time_starts(text: str) -> list[int]:
    """Digit runs and `сағат`, moved back to a part-of-day word before them (`кешкі сағат 8`)."""
    starts = []
    for pos in digit_starts(text) + [m.start() for m in _SAGAT.finditer(text)]:
        dp = _DP_BEFORE.search(text, max(0, pos - 30), pos)
        starts.append(dp.start() if dp else pos)
        if dp:
            starts.append(pos)
    return starts


def find_kk_times(text: str) -> list[TimeMatch]:
    """Every Kazakh clock time in `text` (clean text)."""
    out: list[TimeMatch] = []
    for m in scan(_KK_TIME, text, _kk_time_starts(text)):
        g = m.groupdict()
        end = m.end()
        conf = 0.95
        if g["h1"]:
            t = _fmt(_shift(int(g["h1"]), g["dp1"]), int(g["m1"]))
        elif g["h2"]:
            t = _fmt(_shift(int(g["h2"]), g["dp2"]), int(g["m2"] or 0))
        elif g["w3"]:
            words = g["w3"]
            hour = _word_hour(words)
            if hour is None and " " in words:  # `сағат бесте аяқталды`: only the first word
                words = words.split()[0]
                hour = _word_hour(words)
                end = m.start("w3") + len(words)
            if hour is None:
                continue
            t, conf = _fmt(_shift(hour, g["dp3"])), 0.85
        elif g["h4"]:
            t, conf = _fmt(_shift(int(g["h4"]), g["dp4"]), int(g["m4"] or 0)), 0.9
        elif g["h5"]:
            t, conf = _fmt(int(g["h5"]), int(g["m5"])), 0.8
        else:
            t, conf = _fmt(int(g["h6"]), int(g["m6"])), 0.7
        if t:
            out.append(TimeMatch(m.start(), end, t, conf))
    return out


_RU_L = "а-яё"
_RU_TIME = re.compile(
    rf"(?<![{_RU_L}])(?:[вВкК]|около|Около|до|До|с|С)\s+(?:"
    rf"(?P<h1>{_H})[.:](?P<m1>{_MM})(?![\d.,]\d)(?:\s*(?:час(?:ов|а)?\.?|ч\.))?"
    rf"|(?P<h2>{_H})\s*(?:час(?:ов|а)?(?![{_RU_L}])\.?|ч\.)(?:\s*(?P<m2>\d{{1,2}})\s*(?:минут[{_RU_L}]*|мин\.?|м\.))?"
    rf")"
)


def find_ru_times(text: str) -> list[TimeMatch]:
    """Russian clock times after a preposition (`в 3.30`, `к 18 час.`); the span starts at the number."""
    out: list[TimeMatch] = []
    for m in _RU_TIME.finditer(text):
        if m.group("h1"):
            t, start = _fmt(int(m.group("h1")), int(m.group("m1"))), m.start("h1")
        else:
            t, start = _fmt(int(m.group("h2")), int(m.group("m2") or 0)), m.start("h2")
        end = m.end()
        while text[end - 1].isspace():
            end -= 1
        if t:
            out.append(TimeMatch(start, end, t, 0.9))
    return out


def _records(doc: Document, matches: list[TimeMatch]) -> list[Record]:
    view = view_of(doc)
    return [span_record(doc, view, m.start, m.end, "TIME", {"time": m.time}, m.confidence, SOURCE)
            for m in matches]


@doc_component("kk.times", langs=("kk",))
def kk_times(doc: Document, ctx) -> list[Record]:
    """Kazakh TIME records."""
    return _records(doc, find_kk_times(view_of(doc).text))


@doc_component("ru.times", langs=("ru",))
def ru_times(doc: Document, ctx) -> list[Record]:
    """Russian TIME records."""
    return _records(doc, find_ru_times(view_of(doc).text))
