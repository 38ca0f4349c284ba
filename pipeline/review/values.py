"""Reviewers' values: the one-line notation of each label's norm, checked, and re-derived after a relabel.

A reviewer edits a span's normalised value as one line of text (`1954-05-18`, `05:00`, `>300`,
`Джезказган`). `check_value` says what is wrong with a line, per label:

| label | accepted |
|-------|----------|
| DATE | ISO 8601 `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a decade `195X`, `--MM-DD` (no year), ranges `A/B` with A <= B |
| TIME | `HH:MM`, 00:00-23:59 |
| NUMBER | a number with an optional qualifier and unit: `300`, `>300`, `~400`, `<=100` / `<100`, `12%`, `2.5` |
| DOCNUM | any non-empty value |
| PERSON, PLACE, ORG, ROLE | a non-empty canonical name holding a letter |

`parse_value` turns a line into the norm dict; an invalid line is kept exactly as written, as
`{"text": <line>, "invalid": <reason>}`, so nothing a reviewer typed is lost, and the flag keeps
it out of exports until it is fixed. `derive_value` is what the pipeline's own normalisers make
of a span's text for a label: used when a reviewer relabels a span and leaves the old label's value.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Any

#: The key that marks a stored value as invalid (its reason).
INVALID = "invalid"

_QUALIFIER_MARK = {"more_than": ">", "about": "~", "up_to": "<="}
_MARK_QUALIFIER = {">": "more_than", "~": "about", "<=": "up_to", "<": "up_to", "≈": "about", "≤": "up_to"}
_NUMBER_TEXT = re.compile(r"^(>|~|≈|<=|≤|<)?\s*(-?\d+(?:[.,]\d+)?)\s*(%)?$")
_TIME_TEXT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_DATE_PART = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|(\d{3})X|--(\d{2})-(\d{2}))$")
NAME_LABELS = ("PERSON", "PLACE", "ORG", "ROLE")


def value_text(label: str, norm: dict[str, Any] | None) -> str:
    """The normalised value as the reviewer edits it (the guidelines' notation: `>30`, `3%`, `1954-05`)."""
    if not norm:
        return ""
    if norm.get(INVALID):
        return str(norm.get("text", ""))
    if label == "DATE":
        return str(norm.get("iso", ""))
    if label == "TIME":
        return str(norm.get("time", ""))
    if label == "NUMBER":
        value = norm.get("value")
        if value is None:
            return ""
        unit = "%" if norm.get("unit") == "percent" else ""
        return f"{_QUALIFIER_MARK.get(norm.get('qualifier') or '', '')}{value}{unit}"
    if label == "DOCNUM":
        return str(norm.get("value", ""))
    return str(norm.get("ru") or norm.get("kk") or "")


def _date_part(text: str) -> tuple[str, str] | str:
    """(earliest, latest) ISO day strings of one date part, or an error message."""
    m = _DATE_PART.match(text)
    if not m:
        return f"{text!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, 195X, --MM-DD)"
    year, month, day, decade, nm, nd = m.groups()
    try:
        if decade:
            return f"{decade}0-01-01", f"{decade}9-12-31"
        if nm:
            _dt.date(2000, int(nm), int(nd))  # a leap year: --02-29 is a real day
            return f"0000-{nm}-{nd}", f"0000-{nm}-{nd}"
        if day:
            d = _dt.date(int(year), int(month), int(day))
            return d.isoformat(), d.isoformat()
        if month:
            if not 1 <= int(month) <= 12:
                raise ValueError("month must be in 1..12")
            return f"{year}-{month}-01", f"{year}-{month}-31"
        return f"{year}-01-01", f"{year}-12-31"
    except ValueError as exc:
        return f"{text!r} is no calendar date ({exc})"


def check_value(label: str, text: str) -> str | None:
    """None when `text` is a valid value for `label`, else why not (one line, for reviewers)."""
    text = text.strip()
    if label == "DATE":
        parts = text.split("/")
        if not text or len(parts) > 2:
            return f"DATE {text!r}: give one ISO date or a range A/B"
        bounds = [_date_part(p) for p in parts]
        errors = [b for b in bounds if isinstance(b, str)]
        if errors:
            return f"DATE {errors[0]}"
        if len(bounds) == 2 and bounds[0][0] > bounds[1][1]:
            return f"DATE range {text!r} ends before it starts"
        return None
    if label == "TIME":
        return None if _TIME_TEXT.match(text) else f"TIME {text!r} is not HH:MM (00:00-23:59)"
    if label == "NUMBER":
        return None if _NUMBER_TEXT.match(text) else (
            f"NUMBER {text!r} is not a number with an optional qualifier (>300, ~400, <=100) or % (12%)")
    if label == "DOCNUM":
        return None if text else "DOCNUM needs a value (the number as written: 0/460)"
    if label in NAME_LABELS:
        return None if any(ch.isalpha() for ch in text) else f"{label} needs a canonical name (got {text!r})"
    return None


def parse_value(label: str, text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The reviewer's line as a norm dict, or `{"text", "invalid"}` when `check_value` rejects it.

    Keys the line cannot express (`kk`, `person_id`, `year_inferred`) are kept from `previous`
    when the value did not change, and dropped when it did (a human wrote it now).
    """
    previous = dict(previous or {})
    text = text.strip()
    if previous and not previous.get(INVALID) and value_text(label, previous) == text:
        return previous
    error = check_value(label, text)
    if error:
        return {"text": text, INVALID: error}
    if label == "DATE":
        out: dict[str, Any] = {"iso": text, "year_inferred": False}
        if "/" in text:
            out["start"], out["end"] = text.split("/", 1)
        return out
    if label == "TIME":
        return {"time": text}
    if label == "NUMBER":
        m = _NUMBER_TEXT.match(text)
        raw = m.group(2).replace(",", ".")
        value: int | float = float(raw) if "." in raw else int(raw)
        return {"value": value, "qualifier": _MARK_QUALIFIER.get(m.group(1) or ""),
                "unit": "percent" if m.group(3) else None}
    if label == "DOCNUM":
        return {"value": text}
    out = {"ru": text}
    if label == "ROLE" and previous.get("person_id"):
        out["person_id"] = previous["person_id"]
    return out


def is_invalid(norm: dict[str, Any] | None) -> bool:
    return bool(norm and norm.get(INVALID))


def derive_value(label: str, text: str, lang: str = "kk") -> dict[str, Any]:
    """What the pipeline's normalisers make of span `text` as `label` ({} when they make nothing).

    Used after a relabel (`ІІМ` PLACE -> ORG): the old label's value is no value of the new label.
    """
    try:
        if label == "DATE":
            from ..extract.dates import parse_kk_date, parse_ru_date

            d = (parse_ru_date if lang == "ru" else parse_kk_date)(text)
            return {"iso": d.iso, "year_inferred": False} if d and d.iso else {}
        if label == "TIME":
            from ..extract.times import parse_kk_time

            t = parse_kk_time(text)
            return {"time": t} if t else {}
        if label == "NUMBER":
            from ..extract.numbers import parse_kk_quantity

            n = parse_kk_quantity(text)
            return {"value": n.value, "qualifier": n.qualifier, "unit": getattr(n, "unit", None)} if n else {}
        if label in ("PLACE", "ORG"):
            from ..names.gazetteer import lookup_kk, lookup_ru

            hit = (lookup_ru if lang == "ru" else lookup_kk)(text)
            if hit is not None and hit.label == label:
                return {"ru": hit.ru, "kk": hit.kk} if hit.kk else {"ru": hit.ru}
            if label == "PLACE" and lang == "kk" and not text.isupper():  # no transliterated acronyms
                from ..names.translit import kk_to_ru

                return {"ru": kk_to_ru(text, kind="place")}
            return {}
    except Exception:  # a normaliser that cannot read the text gives no value: the reviewer types one
        return {}
    return {}
