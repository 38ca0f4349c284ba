"""Index (`index.html`): totals, the documents (paged table, sortable by column) and a search box
over entity names in Kazakh and Russian (its index, data/names.js, loads on first use)."""
from __future__ import annotations

from collections import Counter
from typing import Any

from .document_view import review_text
from .html import esc, js_data, legend, page, write_data
from .load import ReportData
from .palette import label_order


def document_rows(data: ReportData, threshold: float, pairs_of: dict[str, list]) -> list[list[Any]]:
    rows = []
    for doc in data.docs:
        counts = Counter(r["label"] for r in doc.records)
        low = sum(1 for r in doc.records if r.get("confidence", 1.0) < threshold)
        rows.append([doc.index, doc.doc_id, doc.lang, len(doc.text), dict(counts), len(doc.records), low,
                     review_text(doc.review), len(pairs_of.get(doc.doc_id, []))])
    return rows


def name_index(entity_rows: list[dict[str, Any]]) -> list[list[Any]]:
    """[name, label, entity row, mentions] for every Russian, Kazakh and written form of each entity."""
    out = []
    for row in entity_rows:
        for name in dict.fromkeys([row.get("ru"), row.get("kk"), *row.get("forms", [])]):
            if name:
                out.append([name, row["label"], row["k"], row["n"]])
    return out


def render_index(data: ReportData, entity_rows, threshold: float, pairs_of, out_root) -> str:
    docs_js = write_data(out_root, "documents", document_rows(data, threshold, pairs_of))
    write_data(out_root, "names", name_index(entity_rows))
    counts = Counter(r["label"] for d in data.docs for r in d.records)
    total = sum(counts.values())
    low = sum(1 for d in data.docs for r in d.records if r.get("confidence", 1.0) < threshold)
    reviewed = sum(d.review.get("reviewed_spans", 0) for d in data.docs)
    langs = Counter(d.lang for d in data.docs)
    labels = label_order(counts)
    head_cells = "".join(f'<th scope="col" class="num" data-sort="{esc(l)}">{esc(l)}</th>' for l in labels)
    body = (
        '<section class="totals" aria-label="Totals">'
        f'<p><strong>{len(data.docs)}</strong> documents ({", ".join(f"{n} {l}" for l, n in sorted(langs.items()))}), '
        f'<strong>{total}</strong> records, <strong>{low}</strong> below confidence {threshold:g} '
        f'({(low / total if total else 0):.1%}), <strong>{reviewed}</strong> reviewed spans.</p>'
        f'{legend(labels, counts, toggles=False)}</section>'
        '<section class="search" role="search"><label for="q">Search people, places, organisations (Kazakh or Russian)</label>'
        '<input type="search" id="q" autocomplete="off" placeholder="Жезқазған, Джезказган, Круглов …" '
        'aria-describedby="q-help" aria-controls="q-results"><p id="q-help" class="hint">Type two letters or more; Enter opens the first hit.</p>'
        '<ol id="q-results" class="results" aria-live="polite"></ol></section>'
        '<h2>Documents</h2>'
        '<div class="filters"><label>Filter documents <input type="search" id="docfilter" autocomplete="off"></label></div>'
        '<div class="tablewrap"><table id="documents" class="grid" data-page-size="100">'
        '<caption class="sr">Documents; click a column heading to sort</caption><thead><tr>'
        '<th scope="col" data-sort="doc_id">document</th><th scope="col" data-sort="lang">lang</th>'
        '<th scope="col" class="num" data-sort="chars">chars</th><th scope="col" class="num" data-sort="records">records</th>'
        f'{head_cells}<th scope="col" class="num" data-sort="low">low conf.</th><th scope="col">review</th>'
        '<th scope="col" class="num">matched</th></tr></thead><tbody></tbody></table></div>'
        '<nav class="pager" aria-label="Document pages"></nav>'
        f'<script type="application/json" id="labels">{js_data(labels)}</script>'
    )
    return page("Report", body, current="index.html", scripts=(docs_js, "assets/index.js"), source=data.source)
