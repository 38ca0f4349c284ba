"""Kazakh <-> Russian (`pairs.html`, `pair/N.html`): each matched Kazakh passage beside its Russian document.

A `document` alignment row matches a Kazakh passage (cut at a citation marker `[N]`) to a Russian
document. Its page shows the passage and the whole Russian text side by side; entities linked between
the two (`entity` rows) and dates/numbers aligned inside the pair (`value` rows) carry a link number
on both sides, and hovering or focusing one lights up its counterpart. Below: every link with its
score, method and evidence, and the document match's own evidence.
"""
from __future__ import annotations

import json
import re
from typing import Any

from .document_view import mark_classes, mark_title, record_details
from .html import esc, js_data, legend, page
from .links import Counterparts, russian_record_ids
from .load import ReportData, ReportDoc
from .markup import Span, render_marks
from .palette import label_order

_PASSAGE = re.compile(r":passage:(\d+)-(\d+)$")


def passage_range(row: dict[str, Any], doc: ReportDoc) -> tuple[int, int]:
    m = _PASSAGE.search(row.get("kk_passage_id") or "")
    if m:
        start, end = int(m.group(1)), int(m.group(2))
    else:
        start, end = (row.get("kk_span") or [0, len(doc.text)])[:2]
    return max(0, start), min(len(doc.text), end)


def document_pairs(data: ReportData) -> list[dict[str, Any]]:
    """The `document` alignment rows whose two documents are both in the report."""
    return [row for row in data.alignments
            if row.get("type") == "document" and row.get("kk_doc_id") in data.by_id and row.get("ru_doc_id") in data.by_id]


def pair_links(data: ReportData, row: dict[str, Any], kk: ReportDoc, first: int, last: int) -> list[dict[str, Any]]:
    """Entity and value links between the passage [first, last) of `kk` and the Russian document."""
    ru_id = row["ru_doc_id"]
    inside = {r["id"] for r in kk.records if first <= r["start"] and r["end"] <= last}
    links = []
    for a in data.alignments:
        if a.get("ru_doc_id") != ru_id:
            continue
        if a.get("type") == "entity":
            kk_ids = [i for i in a.get("kk_record_ids") or [] if i in inside]
            if kk_ids:
                links.append({"label": a.get("label"), "kk": kk_ids, "ru": russian_record_ids(data, a),
                              "kk_text": a.get("kk_canonical"), "ru_text": ", ".join(dict.fromkeys(a.get("ru_texts") or [])),
                              "score": a.get("score"), "method": a.get("method"), "evidence": a.get("evidence")})
        elif a.get("type") == "value" and a.get("kk_record_id") in inside:
            ru_rec = a.get("ru_record_id")
            links.append({"label": a.get("label"), "kk": [a["kk_record_id"]],
                          "ru": [ru_rec] if ru_rec in data.record_at else [],
                          "kk_text": a.get("kk_text"), "ru_text": a.get("ru_text"), "score": a.get("score"),
                          "method": a.get("method"), "evidence": {"value": a.get("value"), **(a.get("evidence") or {})}})
    return links


def _side(doc: ReportDoc, first: int, last: int, link_of: dict[str, list[int]], threshold: float, prefix: str) -> str:
    spans = []
    for j, rec in enumerate(doc.records):
        if rec["end"] <= first or rec["start"] >= last:
            continue
        numbers = link_of.get(rec["id"])
        cls = mark_classes(rec, threshold) + (" linked" if numbers else "")
        attrs = mark_title(rec) + (f' data-link="{" ".join(map(str, numbers))}"' if numbers else "")
        spans.append(Span(max(first, rec["start"]), min(last, rec["end"]), j, cls, attrs))
    return render_marks(doc.text[first:last], spans, base=first, id_prefix=prefix)


def _evidence(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{esc(k)}: {esc(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)}"
                         for k, v in value.items())
    return esc(value)


def render_pair(data: ReportData, k: int, row: dict[str, Any], counterparts: Counterparts,
                entity_row: dict[str, int], telegram_of: dict[str, dict], threshold: float) -> str:
    kk, ru = data.by_id[row["kk_doc_id"]], data.by_id[row["ru_doc_id"]]
    first, last = passage_range(row, kk)
    links = pair_links(data, row, kk, first, last)
    link_of: dict[str, list[int]] = {}
    for n, link in enumerate(links, 1):
        for rid in link["kk"] + link["ru"]:
            link_of.setdefault(rid, []).append(n)
    rows_html = []
    for n, link in enumerate(links, 1):
        kk_a = data.record_link(link["kk"][0], "../") if link["kk"] else None
        ru_a = data.record_link(link["ru"][0], "../") if link["ru"] else None
        kk_cell = f'<a href="#km{data.record_at[link["kk"][0]][1]}">{esc(link["kk_text"])}</a>' if kk_a else esc(link["kk_text"])
        ru_cell = f'<a href="#rm{data.record_at[link["ru"][0]][1]}">{esc(link["ru_text"])}</a>' if ru_a else esc(link["ru_text"])
        rows_html.append(f'<tr data-link="{n}"><td class="num">{n}</td><td>{esc(link["label"])}</td><td lang="kk">{kk_cell}</td>'
                         f'<td lang="ru">{ru_cell}</td><td class="num">{esc(link["score"])}</td><td>{esc(link["method"])}</td>'
                         f'<td class="ev">{_evidence(link["evidence"])}</td></tr>')
    header = telegram_of.get(ru.doc_id) or {}
    head_bits = [f"{esc(key)}: {esc(header[key] if isinstance(header[key], str) else json.dumps(header[key], ensure_ascii=False))}"
                 for key in ("kind", "number", "date", "route", "secrecy") if header.get(key)]
    labels = label_order({r["label"] for r in kk.records} | {r["label"] for r in ru.records})
    body = (
        f'<p>Kazakh passage {first}–{last} of <a href="../{kk.page}">{esc(kk.doc_id)}</a> (citation [{esc(row.get("citation"))}]) '
        f'matched to <a href="../{ru.page}">{esc(ru.doc_id)}</a>: score <strong>{esc(row.get("score"))}</strong> '
        f'({esc(row.get("method"))}).</p>'
        f'<p class="ev">Evidence: {_evidence(row.get("evidence"))}</p>'
        + (f'<p class="ev">Russian header: {"; ".join(head_bits)}</p>' if head_bits else "")
        + f'{legend(labels)}<p class="hint">Linked spans carry a number on both sides; hover, focus or click one to see its counterpart.</p>'
        '<div class="parallel">'
        f'<section aria-label="Kazakh passage"><h2>Kazakh · {esc(kk.doc_id)}</h2>'
        f'<div class="text" lang="kk" data-recs="recs-kk" data-doc="../{kk.page}">{_side(kk, first, last, link_of, threshold, "km")}</div></section>'
        f'<section aria-label="Russian document"><h2>Russian · {esc(ru.doc_id)}</h2>'
        f'<div class="text" lang="ru" data-recs="recs-ru" data-doc="../{ru.page}">{_side(ru, 0, len(ru.text), link_of, threshold, "rm")}</div></section>'
        '</div>'
        '<aside id="details" class="details" aria-live="polite" tabindex="-1"><p class="hint">No mark selected.</p></aside>'
        f'<h2>Links ({len(links)})</h2><div class="tablewrap"><table class="grid links"><thead><tr><th scope="col">#</th>'
        '<th scope="col">label</th><th scope="col">Kazakh</th><th scope="col">Russian</th><th scope="col">score</th>'
        f'<th scope="col">method</th><th scope="col">evidence</th></tr></thead><tbody>{"".join(rows_html)}</tbody></table></div>'
        f'<script type="application/json" id="recs-kk">{js_data(record_details(data, kk, counterparts, entity_row))}</script>'
        f'<script type="application/json" id="recs-ru">{js_data(record_details(data, ru, counterparts, entity_row))}</script>'
    )
    return page(f"{kk.doc_id} ↔ {ru.doc_id}", body, depth=1, scripts=("assets/document.js",), source=data.source,
                body_class="page-pair")


def render_pairs_index(data: ReportData, pairs: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr><td><a href="pair/{k}.html">passage {"–".join(map(str, passage_range(row, data.by_id[row["kk_doc_id"]])))}</a></td>'
        f'<td><a href="{data.by_id[row["kk_doc_id"]].page}">{esc(row["kk_doc_id"])}</a></td><td>[{esc(row.get("citation"))}]</td>'
        f'<td><a href="{data.by_id[row["ru_doc_id"]].page}">{esc(row["ru_doc_id"])}</a></td><td class="num">{esc(row.get("score"))}</td></tr>'
        for k, row in enumerate(pairs))
    body = (f'<p>{len(pairs)} Kazakh passages matched to a Russian document.</p>'
            '<div class="tablewrap"><table class="grid" id="pairs"><thead><tr><th scope="col">side by side</th>'
            '<th scope="col">Kazakh document</th><th scope="col">citation</th><th scope="col">Russian document</th>'
            f'<th scope="col">score</th></tr></thead><tbody>{rows}</tbody></table></div>'
            if pairs else "<p>No Kazakh passage was matched to a Russian document in this run "
                          "(run with <code>--ru</code> to add Russian documents).</p>")
    return page("Kazakh ↔ Russian", body, current="pairs.html", source=data.source)
