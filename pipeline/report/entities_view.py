"""People, places, organisations (`entities.html`): one row per entity across all documents.

An entity is a label plus its canonical Russian name (`norm.ru`; a Kazakh record linked to a Russian
document carries the Russian source's name), so the same camp or person met in several Kazakh and
Russian documents is one row. Records without a Russian name are grouped by their Kazakh name.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from .html import esc, page, write_data
from .links import Counterparts
from .load import ReportData

ENTITY_LABELS = ("PERSON", "PLACE", "ORG")


def entity_key(rec: dict[str, Any]) -> tuple[str, str]:
    norm = rec.get("norm") or {}
    name = norm.get("ru") or norm.get("kk") or rec["text"]
    return rec["label"], " ".join(str(name).split()).casefold()


def _most_common(values) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def build_entities(data: ReportData, counterparts: Counterparts) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Entity rows, and record id -> row number (for links from the document view)."""
    groups: dict[tuple[str, str], list[tuple[Any, int, dict]]] = {}
    roles_of: dict[str, list[str]] = {}
    for doc in data.docs:
        for j, rec in enumerate(doc.records):
            if rec["label"] in ENTITY_LABELS:
                groups.setdefault(entity_key(rec), []).append((doc, j, rec))
            elif rec["label"] == "ROLE":
                norm = rec.get("norm") or {}
                if norm.get("person_id"):
                    roles_of.setdefault(norm["person_id"], []).append(norm.get("ru") or rec["text"])
    rows, row_of = [], {}
    for k, ((label, _), members) in enumerate(sorted(groups.items(), key=lambda kv: (ENTITY_LABELS.index(kv[0][0]), -len(kv[1]), kv[0][1]))):
        recs = [m[2] for m in members]
        per_doc: dict[int, list] = {}
        for doc, j, rec in members:
            entry = per_doc.setdefault(doc.index, [doc.index, doc.doc_id, doc.lang, 0, j])
            entry[3] += 1
            row_of[rec["id"]] = k
        ru_docs: dict[str, list] = {}
        for eid in {r.get("entity_id") for r in recs if r.get("entity_id")}:
            for ru_doc_id, score, method in counterparts.entity_docs.get(eid, []):
                ru = data.by_id.get(ru_doc_id)
                best = ru_docs.get(ru_doc_id)
                if best is None or (score or 0) > (best[2] or 0):
                    ru_docs[ru_doc_id] = [ru.index if ru else None, ru_doc_id, score, method]
        roles = Counter(role for r in recs for role in roles_of.get(r["id"], []))
        kk_texts = [r["text"] for r in recs if r.get("lang") != "ru"]
        rows.append({
            "k": k,
            "label": label,
            "subtype": _most_common(r.get("subtype") for r in recs),
            "ru": _most_common((r.get("norm") or {}).get("ru") for r in recs),
            "kk": _most_common((r.get("norm") or {}).get("kk") for r in recs if r.get("lang") != "ru")
                  or _most_common(kk_texts),
            "forms": list(dict.fromkeys(" ".join(r["text"].split()) for r in recs))[:8],
            "roles": [role for role, _ in roles.most_common(4)],
            "n": len(recs),
            "docs": sorted(per_doc.values(), key=lambda e: (-e[3], e[0])),
            "ru_docs": sorted(ru_docs.values(), key=lambda e: -(e[2] or 0)),
            "ids": sorted({r.get("entity_id") for r in recs if r.get("entity_id")})[:6],
        })
    return rows, row_of


def render_entities(data: ReportData, rows: list[dict[str, Any]], out_root) -> str:
    data_js = write_data(out_root, "entities", rows)
    labels = sorted({r["label"] for r in rows})
    options = "".join(f'<option value="{esc(l)}">{esc(l)}</option>' for l in labels)
    per_label = ", ".join(f"{sum(1 for r in rows if r['label'] == label)} {label}" for label in labels)
    body = (
        f'<p>{len(rows)} entities ({per_label}), '
        'grouped by label and canonical Russian name across all documents.</p>'
        '<div class="filters" role="search">'
        '<label>Filter names <input type="search" id="filter" autocomplete="off" placeholder="Жезқазған, Джезказган …"></label>'
        f'<label>Label <select id="labelfilter"><option value="">all</option>{options}</select></label></div>'
        '<div class="tablewrap"><table id="entities" class="grid" data-page-size="200">'
        '<caption class="sr">Entities</caption><thead><tr><th scope="col">label</th><th scope="col">Russian (canonical)</th>'
        '<th scope="col">Kazakh</th><th scope="col">roles</th><th scope="col">mentions per document</th>'
        '<th scope="col">linked Russian documents</th><th scope="col">map</th></tr></thead><tbody></tbody></table></div>'
        '<nav class="pager" aria-label="Entity pages"></nav>'
    )
    return page("People, places, organisations", body, current="entities.html",
                scripts=(data_js, "data/geo.js", "assets/entities.js"), source=data.source)
