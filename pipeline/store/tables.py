"""Exports of corpus-level tables from the store: `telegrams` and `entities` (JSON Lines).

    from pipeline.store.tables import export_entities, export_telegrams, entity_table
    export_entities(store, "entities.jsonl")    # one row per person/place/organisation

The entity table groups every stored mention by its corpus-wide `entity_id` (pipeline.align.entities:
a Kazakh mention linked to a Russian entity carries the Russian id, so one row holds both languages):

    {"entity_id", "label", "ru", "kk", "surname", "initials", "variants", "roles",
     "n_mentions", "documents": {doc_id: [{"start", "end", "text", "lang"}, ...]}}
"""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from ..records import Record

ENTITY_LABELS = ("PERSON", "PLACE", "ORG")


def _write_jsonl(rows: list[dict], out: str | os.PathLike) -> Path:
    path = Path(out)
    if path.is_dir():
        raise ValueError(f"{path}: is a directory; give a file name for --out")
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    os.replace(tmp, path)
    return path


def export_telegrams(store, out: str | os.PathLike) -> int:
    """Write the stored telegram rows (latest run per document) to `out`; returns how many."""
    rows = store.telegrams()
    _write_jsonl(rows, out)
    return len(rows)


def entity_table(records: list[Record]) -> list[dict]:
    """One row per entity id over `records` (every document of the store or of a run)."""
    roles_of: dict[str, set[str]] = {}
    for r in records:
        if r.label == "ROLE" and r.norm.get("person_id") and r.norm.get("ru"):
            roles_of.setdefault(r.norm["person_id"], set()).add(r.norm["ru"])
    groups: dict[str, list[Record]] = {}
    for r in records:
        if r.label in ENTITY_LABELS:
            groups.setdefault(r.entity_id or r.id, []).append(r)
    rows = []
    for eid, mentions in sorted(groups.items()):
        ru_names = Counter(m.norm.get("ru") for m in mentions if m.lang == "ru" and m.norm.get("ru"))
        ru_any = ru_names or Counter(m.norm.get("ru") for m in mentions if m.norm.get("ru"))
        kk_names = Counter(m.norm.get("kk") or m.text for m in mentions if m.lang == "kk")
        persons = [m for m in mentions if m.label == "PERSON"]
        initials = Counter(m.norm.get("initials") for m in persons if m.norm.get("initials"))
        surnames = Counter(m.norm.get("surname") for m in persons if m.norm.get("surname"))
        docs: dict[str, list[dict]] = {}
        for m in sorted(mentions, key=lambda m: (m.doc_id, m.start)):
            docs.setdefault(m.doc_id, []).append({"start": m.start, "end": m.end, "text": m.text, "lang": m.lang})
        best_initials = max(initials, key=lambda k: (initials[k], len(k))) if initials else ""
        rows.append({
            "entity_id": eid,
            "label": mentions[0].label,
            "ru": ru_any.most_common(1)[0][0] if ru_any else None,
            "kk": kk_names.most_common(1)[0][0] if kk_names else None,
            "surname": surnames.most_common(1)[0][0] if surnames else None,
            "initials": best_initials or None,
            "variants": sorted({m.norm.get("initials_conflict") or m.norm.get("initials") for m in persons
                                if (m.norm.get("initials_conflict") or m.norm.get("initials"))} - {best_initials}),
            "roles": sorted({role for m in mentions for role in roles_of.get(m.id, ())}),
            "n_mentions": len(mentions),
            "documents": docs,
        })
    return rows


def export_entities(store, out: str | os.PathLike, status: str = "all") -> int:
    """Write the entity table of every stored document to `out`; returns the number of entities."""
    records = [r for doc in store.iter_documents(status) for r in doc.records]
    rows = entity_table(records)
    _write_jsonl(rows, out)
    return len(rows)
