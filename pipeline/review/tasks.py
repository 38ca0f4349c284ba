"""What a reviewer sees: the labelling config, review contexts and Label Studio tasks built from the store.

A *context* is a sentence (or several, when a record crosses a sentence boundary) holding at
least one record. Every task carries the context's exact text, its offsets in the document and
the document's content hash, so a pulled annotation maps back to original offsets even if the
file was renamed or re-run since.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from typing import Any, Iterable

from ..records import LABELS, Record

#: Colours per label in the Label Studio UI.
_COLOURS = {
    "DATE": "#1f77b4", "TIME": "#17becf", "NUMBER": "#2ca02c", "PERSON": "#d62728",
    "PLACE": "#ff7f0e", "ORG": "#9467bd", "ROLE": "#8c564b", "DOCNUM": "#7f7f7f",
}
FROM_LABEL, FROM_NORM, TO_NAME = "label", "norm", "text"


def label_config(labels: Iterable[str] = LABELS) -> str:
    """The Label Studio labelling config: spans, an editable per-span norm, and the machine's notes."""
    label_tags = "\n".join(
        f'    <Label value="{escape(label)}" background="{_COLOURS.get(label, "#444444")}"/>' for label in labels
    )
    return f"""<View>
  <Header value="$title" size="5"/>
  <Labels name="{FROM_LABEL}" toName="{TO_NAME}">
{label_tags}
  </Labels>
  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>
  <TextArea name="{FROM_NORM}" toName="{TO_NAME}" perRegion="true" editable="true" maxSubmissions="1"
            placeholder="normalised value (1954-05-18, 05:00, &gt;30, Джезказган)"/>
  <Header value="What the pipeline read here (lowest confidence first)" size="6"/>
  <Text name="notes" value="$notes" granularity="word"/>
</View>"""


# -- norms as one editable line -------------------------------------------------------------
_QUALIFIER_MARK = {"more_than": ">", "about": "~", "up_to": "<="}
_MARK_QUALIFIER = {v: k for k, v in _QUALIFIER_MARK.items()}
_NUMBER_TEXT = re.compile(r"^\s*(>|~|<=)?\s*(-?\d+(?:[.,]\d+)?)\s*(%)?\s*$")


def norm_text(label: str, norm: dict[str, Any]) -> str:
    """The normalised value as the reviewer edits it (the guidelines' notation: `>30`, `3%`, `1954-05`)."""
    if not norm:
        return ""
    if label == "DATE":
        return str(norm.get("iso", ""))
    if label == "TIME":
        return str(norm.get("time", ""))
    if label == "NUMBER":
        value = norm.get("value")
        if value is None:
            return ""
        return f"{_QUALIFIER_MARK.get(norm.get('qualifier') or '', '')}{value}{'%' if norm.get('unit') == 'percent' else ''}"
    if label == "DOCNUM":
        return str(norm.get("value", ""))
    return str(norm.get("ru") or norm.get("kk") or "")


def parse_norm_text(label: str, text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Inverse of `norm_text`: the reviewer's line back into a norm dict.

    Keys the line cannot express (`kk`, `person_id`, `year_inferred`) are kept from `previous`
    when the value did not change, and dropped when it did (a human wrote it now).
    """
    previous = dict(previous or {})
    text = text.strip()
    if previous and norm_text(label, previous) == text:
        return previous
    if not text:
        return {}
    if label == "DATE":
        out: dict[str, Any] = {"iso": text, "year_inferred": False}
        if "/" in text:
            out["start"], out["end"] = text.split("/", 1)
        return out
    if label == "TIME":
        return {"time": text}
    if label == "NUMBER":
        m = _NUMBER_TEXT.match(text)
        if not m:
            return {"text": text}
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


# -- contexts -------------------------------------------------------------------------------
@dataclass
class Context:
    """A stretch `[start, end)` of one document and the machine records wholly inside it."""

    doc_id: str
    content_hash: str
    start: int
    end: int
    records: list[Record] = field(default_factory=list)

    @property
    def min_confidence(self) -> float:
        return min((r.confidence for r in self.records), default=1.0)

    @property
    def key(self) -> str:
        """The identity of a task in Label Studio: same content + same stretch = same task."""
        return task_key(self.content_hash, self.start, self.end)


def task_key(digest: str, start: int, end: int) -> str:
    return f"{digest[:16]}:{start}-{end}"


def contexts(doc_id: str, digest: str, text: str, sentences: list[tuple[int, int]],
             records: list[Record]) -> list[Context]:
    """Group `records` into sentence contexts; sentences a record straddles are merged into one."""
    if not sentences:
        from ..sentences import split_sentences

        sentences = split_sentences(text)
    spans = sorted((int(s), int(e)) for s, e in sentences)
    groups: list[list[int]] = []  # [start, end] of merged sentence runs that hold records
    for rec in sorted(records, key=lambda r: (r.start, r.end)):
        covering = [(s, e) for s, e in spans if s < rec.end and rec.start < e]
        start = min([rec.start] + [s for s, _ in covering])
        end = max([rec.end] + [e for _, e in covering])
        if groups and start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][0] = min(groups[-1][0], start)
        else:
            groups.append([start, end])
    out = [Context(doc_id, digest, s, e) for s, e in groups]
    i = 0
    for rec in sorted(records, key=lambda r: (r.start, r.end)):
        while not (out[i].start <= rec.start and rec.end <= out[i].end):
            i += 1
        out[i].records.append(rec)
    return out


def region_id(record_id: str) -> str:
    """A short stable Label Studio region id for a machine record."""
    return hashlib.blake2s(record_id.encode("utf-8"), digest_size=6).hexdigest()


def build_task(ctx: Context, text: str, model_version: str, alignments: dict[str, list[str]] | None = None) -> dict:
    """One Label Studio task: the context text, where it came from, and every record as a prediction."""
    body = text[ctx.start:ctx.end]
    ordered = sorted(ctx.records, key=lambda r: (r.confidence, r.start))
    result: list[dict] = []
    notes: list[str] = []
    region_records: dict[str, str] = {}
    for rec in ordered:
        rid = region_id(rec.id)
        region_records[rid] = rec.id
        value = {"start": rec.start - ctx.start, "end": rec.end - ctx.start, "text": rec.text}
        result.append({
            "id": rid, "from_name": FROM_LABEL, "to_name": TO_NAME, "type": "labels",
            "value": {**value, "labels": [rec.label]}, "score": round(rec.confidence, 4),
        })
        shown = norm_text(rec.label, rec.norm)
        if shown:
            result.append({
                "id": rid, "from_name": FROM_NORM, "to_name": TO_NAME, "type": "textarea",
                "value": {**value, "text": [shown]}, "score": round(rec.confidence, 4),
            })
        note = f"{rec.confidence:.2f}  {rec.label}  «{' '.join(rec.text.split())}»"
        if shown:
            note += f" → {shown}"
        if rec.label == "DATE" and rec.norm.get("year_inferred"):
            note += " (year inferred)"
        if rec.subtype:
            note += f" [{rec.subtype}]"
        note += f"  ({rec.source})"
        for ru in (alignments or {}).get(rec.id, []):
            note += f"\n      ≈ ru: {ru}"
        notes.append(note)
    return {
        "data": {
            "text": body,
            "title": f"{ctx.doc_id}  {ctx.start}-{ctx.end}",
            "notes": "\n".join(notes),
            "doc_id": ctx.doc_id,
            "start": ctx.start,
            "end": ctx.end,
            "content_hash": ctx.content_hash,
            "key": ctx.key,
            "min_confidence": round(ctx.min_confidence, 4),
            "region_records": region_records,
        },
        "predictions": [{
            "model_version": model_version,
            "score": round(ctx.min_confidence, 4),
            "result": result,
        }],
    }


def alignment_notes(alignments: Iterable[dict]) -> dict[str, list[str]]:
    """Record id -> short descriptions of the Russian mentions the aligner linked it with.

    Reads the aligner's rows (`pipeline.align`): entity rows (`kk_record_ids`, `ru_canonical`,
    `ru_texts`) and value rows (`kk_record_id`, `ru_text`), each with `ru_doc_id` and `score`.
    """
    out: dict[str, list[str]] = {}
    for a in alignments:
        ids = list(a.get("kk_record_ids") or [])
        if a.get("kk_record_id"):
            ids.append(a["kk_record_id"])
        if not ids:
            continue
        texts = a.get("ru_texts") or ([a["ru_text"]] if a.get("ru_text") else [])
        shown = a.get("ru_canonical") or ""
        if texts:
            quoted = ", ".join(f"«{' '.join(str(t).split())}»" for t in texts[:3])
            shown = f"{shown} {quoted}".strip()
        if a.get("ru_doc_id"):
            shown += f" in {a['ru_doc_id']}"
        if isinstance(a.get("score"), (int, float)):
            shown += f" (score {a['score']:.2f})"
        for rid in ids:
            out.setdefault(rid, []).append(shown.strip())
    return out
