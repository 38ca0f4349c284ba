"""Timeline (`timeline.html`): dated mentions on a time axis, drawn as SVG by timeline.js.

`date_extent(iso)` turns a DATE record's `norm.iso` into the days it covers: a day is a point; a month,
a year, a decade (`195X`) or a range (`1954-05-16/1954-06-25`) is a bar. A date without a year
(`--05-18`) cannot be placed and is listed below the axis instead.
"""
from __future__ import annotations

import bisect
import calendar
import re
from datetime import date
from typing import Any

from .html import esc, page, write_data
from .load import ReportData

_ISO = re.compile(r"^(\d{3}[\dX])(?:-(\d{2}))?(?:-(\d{2}))?$")


def _bounds(part: str) -> tuple[date, date] | None:
    m = _ISO.match(part.strip())
    if not m:
        return None
    year, month, day = m.groups()
    try:
        if year.endswith("X"):
            decade = int(year[:3]) * 10
            return date(decade, 1, 1), date(decade + 9, 12, 31)
        y = int(year)
        if month and day:
            d = date(y, int(month), int(day))
            return d, d
        if month:
            mo = int(month)
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def date_extent(iso: str | None) -> tuple[date, date] | None:
    """First and last day an ISO date, partial date, decade or range covers; None if it has no year."""
    if not iso or not isinstance(iso, str):
        return None
    if "/" in iso:
        first, _, last = iso.partition("/")
        a, b = _bounds(first), _bounds(last)
        return (a[0], b[1]) if a and b and a[0] <= b[1] else None
    return _bounds(iso)


def sentence_of(doc, start: int) -> str:
    starts = [s for s, _ in doc.sentences]
    i = bisect.bisect_right(starts, start) - 1
    if 0 <= i < len(doc.sentences) and doc.sentences[i][0] <= start < doc.sentences[i][1]:
        s, e = doc.sentences[i]
    else:
        s, e = max(0, start - 100), min(len(doc.text), start + 100)
    text = " ".join(doc.text[s:e].split())
    return text if len(text) <= 240 else text[:237] + "…"


def build_timeline(data: ReportData) -> tuple[list[list[Any]], list[list[Any]]]:
    """(dated items, undated items). A dated item is
    [first day, last day, is_range, year_inferred, text, doc index, mark number, sentence, iso, lang, doc_id]."""
    dated, undated = [], []
    for doc in data.docs:
        for j, rec in enumerate(doc.records):
            if rec["label"] != "DATE":
                continue
            norm = rec.get("norm") or {}
            extent = date_extent(norm.get("iso"))
            text = " ".join(rec["text"].split())
            if extent is None:
                undated.append([text, doc.index, j, norm.get("iso"), doc.doc_id])
                continue
            first, last = extent
            dated.append([first.isoformat(), last.isoformat(), first != last, bool(norm.get("year_inferred")),
                          text, doc.index, j, sentence_of(doc, rec["start"]), norm.get("iso"), rec.get("lang"),
                          doc.doc_id])
    dated.sort(key=lambda item: (item[0], item[1], item[5], item[6]))
    return dated, undated


def render_timeline(data: ReportData, out_root) -> str:
    dated, undated = build_timeline(data)
    data_js = write_data(out_root, "timeline", {"dated": dated, "undated": undated})
    undated_html = "".join(
        f'<li><a href="doc/{d}.html#m{j}">{esc(text)}</a> <code>{esc(iso)}</code> ({esc(doc_id)})</li>'
        for text, d, j, iso, doc_id in undated[:500]
    )
    body = (
        f'<p><span id="tl-count">{len(dated)}</span> dated mentions '
        f'({sum(1 for d in dated if d[2])} ranges as bars, {sum(1 for d in dated if d[3])} with an inferred year, '
        'drawn hollow). Choose a period to zoom; each point links to its sentence.</p>'
        '<div class="tl-controls" role="group" aria-label="Period"><div id="tl-years"></div>'
        '<label>from <input type="date" id="tl-from"></label> <label>to <input type="date" id="tl-to"></label></div>'
        '<div class="tl-legend"><span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" class="pt"/></svg> date</span>'
        '<span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" class="pt inferred"/></svg> year inferred</span>'
        '<span><svg width="24" height="14" aria-hidden="true"><rect x="1" y="4" width="22" height="6" class="bar"/></svg> month, year, decade or range</span></div>'
        '<figure class="timeline"><div id="tl-svg"></div><figcaption id="tl-caption" class="hint"></figcaption></figure>'
        '<div id="tl-focus" class="details" aria-live="polite"></div>'
        '<h2>Dated mentions in the period</h2>'
        '<div class="tablewrap"><table id="tl-table" class="grid" data-page-size="200"><thead><tr>'
        '<th scope="col">date</th><th scope="col">as written</th><th scope="col">sentence</th><th scope="col">document</th>'
        '</tr></thead><tbody></tbody></table></div><nav class="pager" aria-label="Timeline pages"></nav>'
        + (f'<h2>Dates without a year ({len(undated)})</h2><ul class="undated">{undated_html}</ul>' if undated else "")
    )
    return page("Timeline", body, current="timeline.html", scripts=(data_js, "assets/timeline.js"), source=data.source)
