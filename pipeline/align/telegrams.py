"""Telegram records (`telegrams.jsonl`): one row per document a Kazakh text refers to and per
Russian document header -- number, date, sender and recipient (person + role), subject, and the
matched counterpart on the other side."""
from __future__ import annotations

from ..records import Document, Record
from ..ru.headers import Header, Party
from .documents import DocMatch
from .passages import Reference


def _kk_party(rec: Record, roles: dict[str, str], role_recs: dict[str, str]) -> dict:
    return {
        "name": rec.norm.get("ru") or rec.text,
        "text": rec.text,
        "kind": "person" if rec.label == "PERSON" else "org",
        "role": roles.get(rec.id) or role_recs.get(rec.id),
        "record_id": rec.id,
        "entity_id": rec.entity_id,
    }


def _ru_party(p: Party | None) -> dict | None:
    if p is None:
        return None
    return {"name": p.name, "kind": p.kind, "role": p.role, "record_id": p.record_id}


def kazakh_rows(kk_docs: list[Document], refs: dict[str, list[Reference]], matches: list[DocMatch]) -> list[dict]:
    by_passage = {m.passage.id: m for m in matches}
    rows = []
    for doc in kk_docs:
        role_recs = {r.norm["person_id"]: r.norm.get("ru") or r.text for r in doc.records
                     if r.label == "ROLE" and r.norm.get("person_id")}
        for ref in refs.get(doc.doc_id, []):
            p = ref.passage
            m = by_passage.get(p.id)
            hs, he = p.header
            rows.append({
                "side": "kk",
                "id": p.id,
                "doc_id": doc.doc_id,
                "span": [hs, he],
                "text": doc.text[hs:he].strip(),
                "kind": ref.kind,
                "number": ref.number,
                "date": ref.date,
                "senders": [_kk_party(r, ref.roles, role_recs) for r in ref.senders],
                "recipients": [_kk_party(r, ref.roles, role_recs) for r in ref.recipients],
                "subject": ref.subject,
                "citation": p.citation,
                "quote_span": list(p.quote) if p.quote else None,
                "matched": {"ru_doc_id": m.ru_doc_id, "score": m.score} if m else None,
            })
    return rows


def russian_rows(ru_docs: list[Document], headers: dict[str, Header], matches: list[DocMatch]) -> list[dict]:
    rows = []
    for doc in ru_docs:
        h = headers[doc.doc_id]
        rows.append({
            "side": "ru",
            "id": f"{doc.doc_id}:header",
            "doc_id": doc.doc_id,
            "kind": h.kind,
            "number": h.number,
            "date": h.date,
            "title": h.title,
            "subject": h.subject,
            "route": h.route,
            "secrecy": h.secrecy,
            "senders": [_ru_party(p) for p in h.senders],
            "recipients": [_ru_party(p) for p in h.recipients],
            "signatory": _ru_party(h.signatory),
            "archive_ref": h.archive_ref,
            "matched": [{"kk_passage_id": m.passage.id, "score": m.score} for m in matches if m.ru_doc_id == doc.doc_id],
        })
    return rows
