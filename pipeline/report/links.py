"""Kazakh <-> Russian counterparts of each record, read from the alignment rows of a run.

`entity` rows link a Kazakh entity (its record ids) to Russian spans of one Russian document;
`value` rows link one Kazakh date/number record to one Russian record; `document` rows match a
Kazakh passage to a Russian document. `Counterparts` indexes them by record id for both sides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import make_record_id
from .load import ReportData


@dataclass
class Counterparts:
    #: record id -> list of {"doc_id", "text", "canonical", "score", "method", "record_id", "kind"}
    by_record: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: kk entity id -> Russian documents it is linked to: [(ru_doc_id, score, method)]
    entity_docs: dict[str, list[tuple[str, float, str]]] = field(default_factory=dict)

    def add(self, record_id: str, item: dict[str, Any]) -> None:
        self.by_record.setdefault(record_id, []).append(item)


def russian_record_ids(data: ReportData, row: dict[str, Any]) -> list[str]:
    """The Russian record ids an entity row's `ru_spans` point at (only those that exist)."""
    ids = []
    for start, end in row.get("ru_spans") or []:
        rid = make_record_id(row["ru_doc_id"], row.get("label", ""), start, end)
        if rid in data.record_at:
            ids.append(rid)
    return ids


def _entity_id(data: ReportData, record_id: str) -> str | None:
    found = data.record_at.get(record_id)
    return found[0].records[found[1]].get("entity_id") if found else None


def build_counterparts(data: ReportData) -> Counterparts:
    cp = Counterparts()
    for row in data.alignments:
        kind = row.get("type")
        if kind == "entity":
            ru_ids = russian_record_ids(data, row)
            ru_text = ", ".join(dict.fromkeys(row.get("ru_texts") or []))
            for kk_id in row.get("kk_record_ids") or []:
                cp.add(kk_id, {"kind": "entity", "doc_id": row["ru_doc_id"], "text": ru_text,
                               "canonical": row.get("ru_canonical"), "score": row.get("score"),
                               "method": row.get("method"), "record_id": ru_ids[0] if ru_ids else None})
            kk_first = (row.get("kk_record_ids") or [None])[0]
            kk_doc = data.record_at.get(kk_first, (None, 0))[0] if kk_first else None
            for ru_id in ru_ids:
                cp.add(ru_id, {"kind": "entity", "doc_id": kk_doc.doc_id if kk_doc else None,
                               "text": row.get("kk_canonical"), "canonical": row.get("kk_canonical"),
                               "score": row.get("score"), "method": row.get("method"), "record_id": kk_first})
            # the entity rows of the report are keyed by the records' entity ids (corpus-wide ids since
            # the cross-document linking), the alignment row by its per-document kk_entity_id: take both
            eids = {row.get("kk_entity_id")} | {_entity_id(data, kk_id) for kk_id in row.get("kk_record_ids") or []}
            for eid in sorted(e for e in eids if e):
                docs = cp.entity_docs.setdefault(eid, [])
                if (row["ru_doc_id"], row.get("score"), row.get("method")) not in docs:
                    docs.append((row["ru_doc_id"], row.get("score"), row.get("method")))
        elif kind == "value":
            kk_id, ru_id = row.get("kk_record_id"), row.get("ru_record_id")
            kk_doc = data.record_at.get(kk_id, (None, 0))[0]
            cp.add(kk_id, {"kind": "value", "doc_id": row.get("ru_doc_id"), "text": row.get("ru_text"),
                           "canonical": row.get("value"), "score": row.get("score"),
                           "method": row.get("method"), "record_id": ru_id})
            cp.add(ru_id, {"kind": "value", "doc_id": kk_doc.doc_id if kk_doc else None, "text": row.get("kk_text"),
                           "canonical": row.get("value"), "score": row.get("score"),
                           "method": row.get("method"), "record_id": kk_id})
    return cp
