"""Document view (`doc/N.html`): the original text, line breaks kept, every span marked by label.

Marks are pre-rendered (the page reads without JavaScript); the record details for the side panel
(label, normalised value, confidence, source, entity, review status, Russian counterpart) are inlined
as JSON and shown by report.js on click, Enter or focus.
"""
from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from .html import esc, js_data, legend, page
from .links import Counterparts
from .load import ReportData, ReportDoc
from .markup import Span, render_marks
from .palette import label_order


def mark_classes(rec: dict[str, Any], threshold: float) -> str:
    classes = [f"l-{rec['label']}"]
    if rec.get("confidence", 1.0) < threshold:
        classes.append("low")
    if rec.get("status") == "reviewed":
        classes.append("rev")
    return " ".join(classes)


def mark_title(rec: dict[str, Any]) -> str:
    conf = rec.get("confidence")
    conf_text = f" {conf:.2f}" if isinstance(conf, (int, float)) else ""
    return f' title="{escape(rec["label"])}{conf_text}"'


def spans_of(doc: ReportDoc, threshold: float, extra_attrs=None, first: int = 0, last: int | None = None) -> list[Span]:
    """Marks for the records of `doc` that overlap [first, last)."""
    last = len(doc.text) if last is None else last
    out = []
    for j, rec in enumerate(doc.records):
        if rec["end"] <= first or rec["start"] >= last:
            continue
        attrs = mark_title(rec) + (extra_attrs(rec) if extra_attrs else "")
        out.append(Span(max(rec["start"], first), min(rec["end"], last), j, mark_classes(rec, threshold), attrs))
    return out


def record_details(data: ReportData, doc: ReportDoc, counterparts: Counterparts,
                   entity_row: dict[str, int], prefix: str = "../") -> list[dict[str, Any]]:
    """The side panel's data, one object per record of `doc` (short keys: it is inlined per page)."""
    out = []
    for rec in doc.records:
        ru = []
        for item in counterparts.by_record.get(rec["id"], []):
            link = data.record_link(item["record_id"], prefix) if item.get("record_id") else None
            ru.append({"k": item["kind"], "d": item.get("doc_id"), "t": item.get("text"), "c": item.get("canonical"),
                       "s": item.get("score"), "m": item.get("method"), "u": link})
        row = {"id": rec["id"], "l": rec["label"], "t": rec["text"], "n": rec.get("norm") or {},
               "c": rec.get("confidence"), "s": rec.get("source"), "st": rec.get("status", "machine"),
               "lang": rec.get("lang")}
        if rec.get("subtype"):
            row["sub"] = rec["subtype"]
        if rec.get("review"):
            row["rv"] = rec["review"]
        if rec.get("entity_id"):
            row["e"] = rec["entity_id"]
        if rec["id"] in entity_row:
            row["eu"] = f"{prefix}entities.html#e{entity_row[rec['id']]}"
        if ru:
            row["ru"] = ru
        out.append(row)
    return out


def review_text(review: dict[str, Any]) -> str:
    """`reviewed: 3 spans in 2 regions; Label Studio: 4 pushed` or `machine only`."""
    parts = []
    if review.get("reviewed_spans") or review.get("regions"):
        regions = f" in {review['regions']} region(s)" if review.get("regions") else ""
        parts.append(f"reviewed: {review.get('reviewed_spans', 0)} span(s){regions}")
    tasks = review.get("tasks") or {}
    if tasks:
        parts.append("Label Studio: " + ", ".join(f"{n} {status}" for status, n in sorted(tasks.items())))
    return "; ".join(parts) or "machine only"


def render_document(data: ReportData, doc: ReportDoc, counterparts: Counterparts, entity_row: dict[str, int],
                    pairs: list[tuple[int, dict]], threshold: float) -> str:
    counts = Counter(r["label"] for r in doc.records)
    low = sum(1 for r in doc.records if r.get("confidence", 1.0) < threshold)
    body = render_marks(doc.text, spans_of(doc, threshold))
    pair_links = "".join(
        f'<li><a href="../pair/{k}.html">{esc(row.get("ru_doc_id") if doc.lang != "ru" else row.get("kk_doc_id"))}</a>'
        f' (citation [{esc(row.get("citation"))}], score {row.get("score")})</li>'
        for k, row in pairs
    )
    pairs_html = f'<details class="pairs" open><summary>Matched {"Russian" if doc.lang != "ru" else "Kazakh"} documents</summary><ul>{pair_links}</ul></details>' if pair_links else ""
    meta = (
        f'<dl class="meta"><dt>language</dt><dd>{esc(doc.lang)}</dd><dt>file</dt><dd>{esc(doc.path)}</dd>'
        f'<dt>records</dt><dd>{len(doc.records)}</dd><dt>low confidence (&lt; {threshold:g})</dt><dd>{low}</dd>'
        f'<dt>review</dt><dd>{esc(review_text(doc.review))}</dd></dl>'
    )
    help_text = ('<p class="hint">Hover over a mark to preview its details; click it, or Tab to it and press Enter, to keep them. '
                 'Keys: <kbd>n</kbd>/<kbd>p</kbd> next/previous mark, <kbd>l</kbd> next low-confidence mark, '
                 '<kbd>Esc</kbd> close.</p>')
    details = js_data(record_details(data, doc, counterparts, entity_row))
    sentences = js_data([list(s) for s in doc.sentences])
    prev_doc = data.docs[doc.index - 1] if doc.index > 0 else None
    next_doc = data.docs[doc.index + 1] if doc.index + 1 < len(data.docs) else None
    steps = "".join([
        f'<a rel="prev" href="{prev_doc.index}.html">← {esc(prev_doc.doc_id)}</a>' if prev_doc else "<span></span>",
        f'<a rel="next" href="{next_doc.index}.html">{esc(next_doc.doc_id)} →</a>' if next_doc else "",
    ])
    content = (
        f'<nav class="steps" aria-label="Other documents">{steps}</nav>'
        f"{meta}{pairs_html}{legend(label_order(counts), counts)}{help_text}"
        f'<div class="docview"><div class="text" lang="{esc(doc.lang)}" id="doctext">{body}</div>'
        '<aside id="details" class="details" aria-live="polite" tabindex="-1"><p class="hint">No mark selected.</p></aside></div>'
        f'<script type="application/json" id="records">{details}</script>'
        f'<script type="application/json" id="sentences">{sentences}</script>'
    )
    return page(doc.doc_id, content, depth=1, scripts=("assets/document.js",), source=data.source,
                body_class="page-doc")
