"""Document matching: a Kazakh passage that quotes or reports a Russian document, matched to it.

The signal is bilingual and structural, never string overlap with a known text:
- the reference's number and date against the Russian header's (`№ 71`, `3 июня 1954 г.`);
- its sender and recipient persons/organisations against the header's, through entity links;
- the quote's content against the Russian body: dates with equal ISO values, numbers with equal
  value and compatible qualifier (`4 мыңнан астам` = `свыше 4 тысяч`), linked places/orgs, and a
  small overlap of Kazakh-Russian cognates (transliterated word stems: `контингенті` ~ `контингент`).

Conflicting numbers or dates count against a match. Inside a matched pair, the equal dates and
numbers are aligned one to one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Document, Record
from ..ru.headers import Header
from ..spanindex import SpanIndex
from .kkside import fold
from .passages import Passage, Reference

MATCH_THRESHOLD = 0.5
MARGIN = 0.1
_WORD = re.compile(r"[^\W\d_]{6,}")


@dataclass
class DocMatch:
    passage: Passage
    reference: Reference
    ru_doc_id: str
    score: float
    evidence: dict
    values: list[tuple[Record, Record]] = field(default_factory=list)


def _inside(r: Record, span: tuple[int, int]) -> bool:
    return span[0] <= r.start and r.end <= span[1]


def _memo(memo: dict, key: tuple, make):
    """`memo[key]`, computed by `make()` the first time."""
    if key not in memo:
        memo[key] = make()
    return memo[key]


def _qualifiers_compatible(a: str | None, b: str | None) -> bool:
    return a == b or a is None or b is None


def _number_key(r: Record):
    v = r.norm.get("value")
    return (float(v), r.norm.get("unit")) if isinstance(v, (int, float)) else None


def align_values(kk_recs: list[Record], ru_recs: list[Record]) -> list[tuple[Record, Record]]:
    """One-to-one pairs of equal dates (ISO) and equal numbers (value, unit, compatible qualifier)."""
    pairs: list[tuple[Record, Record]] = []
    used: set[str] = set()
    for kr in kk_recs:
        for rr in ru_recs:
            if rr.id in used or rr.label != kr.label:
                continue
            if kr.label == "DATE":
                ok = bool(kr.norm.get("iso")) and _date_equal(kr.norm, rr.norm)
            elif kr.label == "NUMBER":
                ok = _number_key(kr) is not None and _number_key(kr) == _number_key(rr) and _qualifiers_compatible(
                    kr.norm.get("qualifier"), rr.norm.get("qualifier"))
            else:
                ok = False
            if ok:
                pairs.append((kr, rr))
                used.add(rr.id)
                break
    return pairs


def _date_equal(a: dict, b: dict) -> bool:
    ia, ib = a.get("iso") or "", b.get("iso") or ""
    if not ia or not ib:
        return False
    if ia == ib:
        return True
    # A year inferred on one side may differ by the document-date fallback: compare month and day then.
    if (a.get("year_inferred") or b.get("year_inferred")) and len(ia) == len(ib) == 10:
        return ia[4:] == ib[4:]
    return False


def _cognates(text: str) -> set[str]:
    return {fold(w)[:5] for w in _WORD.findall(text)}


def _significant(pairs: list[tuple[Record, Record]]) -> list[tuple[Record, Record]]:
    """Pairs that say something: dates, and numbers that are not tiny bare counts."""
    out = []
    for kr, rr in pairs:
        if kr.label == "NUMBER":
            v = kr.norm.get("value") or 0
            if v < 10 and not kr.norm.get("qualifier") and not kr.norm.get("unit"):
                continue
        out.append((kr, rr))
    return out


def score_match(kk_doc: Document, ref: Reference, ru_doc: Document, header: Header,
                ru_entity_of: dict[str, str], kk_link: dict[str, str],
                entity_df: dict[str, int] | None = None, n_docs: int = 1,
                kk_index: SpanIndex | None = None, memo: dict | None = None) -> tuple[float, dict, list]:
    """Score a Kazakh reference against one Russian document; evidence names each signal.
    `kk_index` (a `SpanIndex` of `kk_doc.records`) and `memo` (a dict kept across calls) let
    `match_documents` score every pair without rescanning each document for each pair."""
    memo = {} if memo is None else memo
    ev: dict = {}
    score = 0.0
    entity_df = entity_df or {}
    if ref.number and header.number:
        if fold(ref.number) == fold(header.number):
            score += 0.45
            ev["number"] = "equal"
        else:
            score -= 0.3
            ev["number"] = "differ"
    if ref.date and header.date:
        if ref.date == header.date:
            score += 0.3
            ev["date"] = "equal"
        else:
            score -= 0.2
            ev["date"] = "differ"
    # Parties: linked Kazakh entities that appear in the Russian header (or anywhere in a headerless fragment).
    header_entities = set()
    for party in header.senders + header.recipients + ([header.signatory] if header.signatory else []):
        if party.record_id and party.record_id in ru_entity_of:
            header_entities.add(ru_entity_of[party.record_id])
    doc_entities = _memo(memo, ("ru_entities", ru_doc.doc_id),
                         lambda: {ru_entity_of[r.id] for r in ru_doc.records if r.id in ru_entity_of})
    for role, recs, weight in (("sender", ref.senders, 0.15), ("recipient", ref.recipients, 0.1)):
        hits = []
        for r in recs:
            ru_ent = kk_link.get(r.entity_id or r.id)
            if ru_ent and ru_ent in header_entities:
                hits.append(r.text)
            elif ru_ent and ru_ent in doc_entities:
                hits.append(r.text)
                weight = weight / 2
        if hits:
            score += weight
            ev[role + "s"] = hits
    # Content of the quote against the Russian body.
    span = ref.passage.quote or (ref.passage.start, ref.passage.end)
    in_span = _memo(memo, ("kk_inside", kk_doc.doc_id, span), lambda: (
        kk_index.inside(*span) if kk_index is not None else [r for r in kk_doc.records if _inside(r, span)]))
    kk_vals = [r for r in in_span if r.label in ("DATE", "NUMBER")]
    ru_vals = _memo(memo, ("ru_values", ru_doc.doc_id),
                    lambda: [r for r in ru_doc.records if r.label in ("DATE", "NUMBER")])
    pairs = align_values(kk_vals, ru_vals)
    sig = _significant(pairs)
    if sig:
        score += min(0.08 * len(sig), 0.24)
        ev["values"] = [[k.text, r.text] for k, r in sig]
    kk_numbers = [r for r in kk_vals if r.label == "NUMBER" and (r.norm.get("value") or 0) >= 10]
    if kk_numbers and ru_vals and not sig and len(kk_numbers) >= 3:
        score -= 0.1
        ev["values"] = "none_shared"
    linked_in_quote = {kk_link.get(r.entity_id or r.id) for r in in_span if r.label in ("PLACE", "ORG")} - {None}
    # Places every Russian document names (the camp, the town) say nothing about which one is quoted.
    shared = {e for e in linked_in_quote & doc_entities if entity_df.get(e, 0) <= max(1, n_docs // 2)}
    if shared:
        score += min(0.04 * len(shared), 0.12)
        ev["entities"] = sorted(shared)
    kk_c = _memo(memo, ("kk_cognates", kk_doc.doc_id, span), lambda: _cognates(kk_doc.text[span[0]:span[1]]))
    ru_c = _memo(memo, ("ru_cognates", ru_doc.doc_id), lambda: _cognates(ru_doc.text))
    if kk_c and ru_c:
        overlap = len(kk_c & ru_c) / max(1, min(len(kk_c), len(ru_c)))
        if overlap > 0:
            score += min(overlap, 0.2) / 2
            ev["cognate_overlap"] = round(overlap, 3)
    ev["raw_score"] = round(score, 3)
    return round(score, 3), ev, pairs


def match_documents(kk_docs: list[Document], refs: dict[str, list[Reference]], ru_docs: list[Document],
                    headers: dict[str, Header], ru_entity_of: dict[str, str],
                    kk_link: dict[str, str]) -> list[DocMatch]:
    """The best Russian document for each Kazakh reference, when clearly best and above threshold."""
    matches = []
    entity_df: dict[str, int] = {}
    for ru_doc in ru_docs:
        for e in {ru_entity_of[r.id] for r in ru_doc.records if r.id in ru_entity_of}:
            entity_df[e] = entity_df.get(e, 0) + 1
    memo: dict = {}  # what each Russian document and each quote contributes, computed once
    for kk_doc in kk_docs:
        kk_index = SpanIndex(kk_doc.records)
        for ref in refs.get(kk_doc.doc_id, []):
            for key in [k for k in memo if k[0].startswith("kk_")]:  # the previous quote's
                del memo[key]
            scored = []
            for ru_doc in ru_docs:
                s, ev, pairs = score_match(kk_doc, ref, ru_doc, headers[ru_doc.doc_id], ru_entity_of, kk_link,
                                           entity_df, len(ru_docs), kk_index=kk_index, memo=memo)
                if not _specific(ev):
                    s = min(s, MATCH_THRESHOLD - 0.01)  # topic and date alone never make a match
                scored.append((s, ru_doc.doc_id, ev, pairs))
            if not scored:
                continue
            scored.sort(key=lambda t: -t[0])
            best = scored[0]
            second = scored[1][0] if len(scored) > 1 else 0.0
            if best[0] >= MATCH_THRESHOLD and best[0] - second >= MARGIN:
                # Report a score in 0..1; the raw sum of signals stays in the evidence.
                matches.append(DocMatch(ref.passage, ref, best[1], round(min(best[0], 0.99), 3), best[2], best[3]))
    return matches


def _specific(ev: dict) -> bool:
    """A match needs one signal that singles a document out: its number, a party, or shared values."""
    return ev.get("number") == "equal" or bool(ev.get("senders") or ev.get("recipients")) or isinstance(
        ev.get("values"), list)


def match_rows(matches: list[DocMatch]) -> list[dict]:
    """alignments.jsonl rows for document matches and the dates/numbers aligned inside them."""
    rows = []
    for m in matches:
        rows.append({
            "type": "document",
            "kk_doc_id": m.passage.doc_id,
            "kk_passage_id": m.passage.id,
            "kk_span": [m.passage.header[0] if m.passage.header else m.passage.start, m.passage.end],
            "citation": m.passage.citation,
            "ru_doc_id": m.ru_doc_id,
            "score": m.score,
            "method": "doc_match",
            "evidence": m.evidence,
        })
        for kr, rr in m.values:
            rows.append({
                "type": "value",
                "label": kr.label,
                "kk_record_id": kr.id,
                "kk_text": kr.text,
                "ru_doc_id": m.ru_doc_id,
                "ru_record_id": rr.id,
                "ru_spans": [[rr.start, rr.end]],
                "ru_text": rr.text,
                "value": kr.norm.get("iso") or kr.norm.get("value"),
                "score": m.score,
                "method": "doc_match:value",
                "evidence": {"kk_passage_id": m.passage.id},
            })
    return rows
