"""What a reviewer sees: the labelling config, review contexts and Label Studio tasks built from the store.

A *context* is a sentence (or several, when a record crosses a sentence boundary) holding at
least one record. Every task carries the context's exact text, its offsets in the document and
the document's content hash, so a pulled annotation maps back to original offsets even if the
file was renamed or re-run since.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html import escape
from typing import Any, Iterable

from ..records import LABELS, Record
from .values import parse_value, value_text

#: Colours and hotkeys per label in the Label Studio UI (digits 1-8 pick a label or relabel the selected span).
_COLOURS = {
    "DATE": "#1f77b4", "TIME": "#17becf", "NUMBER": "#2ca02c", "PERSON": "#d62728",
    "PLACE": "#ff7f0e", "ORG": "#9467bd", "ROLE": "#8c564b", "DOCNUM": "#7f7f7f",
}
FROM_LABEL, FROM_NORM, TO_NAME = "label", "norm", "text"
#: Task data fields shown as columns in Label Studio's task list; everything jazba needs to map an
#: annotation back (doc id, offsets, content hash, region -> record ids) travels in the task's `meta`.
LIST_COLUMNS = ("title", "text", "min_confidence")
#: Task data fields the labelling view needs but the task list does not (hidden there by `push`).
VIEW_ONLY_FIELDS = ("docinfo", "before", "after", "notes")


def label_config(labels: Iterable[str] = LABELS) -> str:
    """The labelling config: the sentence between its greyed neighbours, a value box per span.

    `displayMode="region-list"` puts the value box of EVERY span in the Regions panel, visible
    and editable at once (a new span gets an empty box right away); no select-hover-pencil.
    """
    label_tags = "\n".join(
        f'    <Label value="{escape(label)}" background="{_COLOURS.get(label, "#444444")}" hotkey="{i}"/>'
        for i, label in enumerate(labels, 1)
    )
    return f"""<View>
  <Style>
    .jz-source {{ color: #555; font-size: 0.85em; margin-bottom: 0.5em; }}
    .jz-context {{ color: #9a9a9a; font-size: 0.92em; }}
    .jz-notes {{ color: #444; font-size: 0.85em; margin-top: 1em; border-top: 1px solid #ddd; padding-top: 0.5em; }}
  </Style>
  <Header value="$title" size="5"/>
  <View className="jz-source"><Text name="docinfo" value="$docinfo"/></View>
  <Labels name="{FROM_LABEL}" toName="{TO_NAME}">
{label_tags}
  </Labels>
  <View className="jz-context"><Text name="before" value="$before"/></View>
  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>
  <View className="jz-context"><Text name="after" value="$after"/></View>
  <TextArea name="{FROM_NORM}" toName="{TO_NAME}" perRegion="true" editable="true" displayMode="region-list"
            maxSubmissions="1" placeholder="value: 1954-05-18 · 05:00 · &gt;30 · 12% · Джезказган"/>
  <View className="jz-notes"><Text name="notes" value="$notes"/></View>
</View>"""


# -- norms as one editable line (checked in pipeline.review.values) ---------------------------
def norm_text(label: str, norm: dict[str, Any]) -> str:
    """The normalised value as the reviewer edits it; see `pipeline.review.values.value_text`."""
    return value_text(label, norm)


def parse_norm_text(label: str, text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The reviewer's line back into a norm dict (`{}` for an empty line); invalid lines are flagged,
    see `pipeline.review.values.parse_value`."""
    if not text.strip() and not previous:
        return {}
    return parse_value(label, text, previous)


# -- contexts -------------------------------------------------------------------------------
@dataclass
class Context:
    """A stretch `[start, end)` of one document and the machine records wholly inside it."""

    doc_id: str
    content_hash: str
    start: int
    end: int
    records: list[Record] = field(default_factory=list)
    #: the sentences just before and after the context (shown greyed to the reviewer), if any
    before: tuple[int, int] | None = None
    after: tuple[int, int] | None = None

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
    out = []
    for s, e in groups:
        before = [sp for sp in spans if sp[1] <= s and text[sp[0]:sp[1]].strip()]
        after = [sp for sp in spans if sp[0] >= e and text[sp[0]:sp[1]].strip()]
        out.append(Context(doc_id, digest, s, e, before=before[-1] if before else None,
                           after=after[0] if after else None))
    i = 0
    for rec in sorted(records, key=lambda r: (r.start, r.end)):
        while not (out[i].start <= rec.start and rec.end <= out[i].end):
            i += 1
        out[i].records.append(rec)
    return out


def region_id(record_id: str) -> str:
    """A short stable Label Studio region id for a machine record."""
    return hashlib.blake2s(record_id.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class DocHeading:
    """What the reviewer sees above every task of a document: its title, date and source."""

    title: str = ""
    date: str = ""
    source: str = ""
    lang: str = ""


def document_heading(text: str, records: Iterable[Record] = (), path: str | None = None,
                     lang: str = "") -> DocHeading:
    """The document's first line (up to 90 characters) as its title, its first DATE's value as its
    date, its file as source."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = first if len(first) <= 90 else first[:87].rstrip() + "..."
    dates = sorted((r for r in records if r.label == "DATE" and r.norm.get("iso")), key=lambda r: r.start)
    return DocHeading(title, str(dates[0].norm["iso"]) if dates else "", path or "", lang)


def _shown(text: str) -> str:
    """A stretch of text on one line for display (line breaks of the PDF become spaces)."""
    return " ".join(text.split())


def build_task(ctx: Context, text: str, model_version: str, alignments: dict[str, list[str]] | None = None,
               heading: DocHeading | None = None) -> dict:
    """One Label Studio task: the context text between its neighbours, and every record as a prediction.

    `data` holds only what the reviewer reads (the task list shows `LIST_COLUMNS`); `meta` holds what
    `pull` needs to map an annotation back to the document (offsets, content hash, record ids).
    """
    body = text[ctx.start:ctx.end]
    ordered = sorted(ctx.records, key=lambda r: (r.confidence, r.start))
    result: list[dict] = []
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
    # Russian matches: one line per entity of this context, not one per mention (dict keeps order).
    lines = list(dict.fromkeys(line for rec in sorted(ctx.records, key=lambda r: r.start)
                               for line in (alignments or {}).get(rec.id, [])))
    notes = ("Russian documents naming these entities:\n" + "\n".join(f"  {line}" for line in lines)) if lines else ""
    heading = heading or DocHeading()
    docinfo = " · ".join(part for part in (
        f"date {heading.date}" if heading.date else "", heading.source, heading.lang,
        f"characters {ctx.start}-{ctx.end} of {len(text)}") if part)
    return {
        "data": {
            "title": f"{ctx.doc_id}: {heading.title}" if heading.title else ctx.doc_id,
            "docinfo": docinfo,
            "before": _shown(text[ctx.before[0]:ctx.before[1]]) if ctx.before else "",
            "text": body,
            "after": _shown(text[ctx.after[0]:ctx.after[1]]) if ctx.after else "",
            "notes": notes,
            "min_confidence": round(ctx.min_confidence, 4),
        },
        "meta": {
            "doc_id": ctx.doc_id,
            "start": ctx.start,
            "end": ctx.end,
            "content_hash": ctx.content_hash,
            "key": ctx.key,
            "region_records": region_records,
        },
        "predictions": [{
            "model_version": model_version,
            "score": round(ctx.min_confidence, 4),
            "result": result,
        }],
    }


def task_fields(task: dict) -> dict:
    """The jazba fields of a Label Studio task: its `meta` (tasks pushed since 0.2), else its `data`."""
    meta = task.get("meta") or {}
    return meta if ("content_hash" in meta or "doc_id" in meta) else (task.get("data") or {})


def alignment_notes(alignments: Iterable[dict]) -> dict[str, list[str]]:
    """Record id -> one line per linked entity: `ІІМ (ORG) ≈ МВД СССР «МВД СССР», «МВД» in 01_x, 03_y (0.95)`.

    Reads the aligner's rows (`pipeline.align`): entity rows (`kk_entity_id`, `kk_record_ids`,
    `ru_canonical`, `ru_texts`, one row per Russian document) are merged per Kazakh entity; value
    rows (`kk_record_id`, `ru_text`) per record. Every record of an entity gets the same line, so a
    task lists each entity once however often it is mentioned.
    """
    groups: dict[tuple, dict] = {}
    for a in alignments:
        ids = list(a.get("kk_record_ids") or [])
        if a.get("kk_record_id"):
            ids.append(a["kk_record_id"])
        if not ids:
            continue
        key = ("entity", a["kk_entity_id"]) if a.get("kk_entity_id") else ("value", tuple(sorted(ids)))
        g = groups.setdefault(key, {"ids": set(), "label": a.get("label") or "", "kk": a.get("kk_canonical") or "",
                                    "ru": a.get("ru_canonical") or "", "texts": [], "docs": [], "score": None})
        g["ids"].update(ids)
        g["ru"] = g["ru"] or a.get("ru_canonical") or ""
        for t in a.get("ru_texts") or ([a["ru_text"]] if a.get("ru_text") else []):
            t = _shown(str(t))
            if t not in g["texts"]:
                g["texts"].append(t)
        if a.get("ru_doc_id") and a["ru_doc_id"] not in g["docs"]:
            g["docs"].append(a["ru_doc_id"])
        if isinstance(a.get("score"), (int, float)):
            g["score"] = max(g["score"] or 0.0, float(a["score"]))
    out: dict[str, list[str]] = {}
    for g in groups.values():
        head = " ".join(p for p in (g["kk"], f"({g['label']})" if g["label"] else "") if p)
        line = f"{head} ≈ {g['ru']}".strip() if head else f"≈ {g['ru']}".strip()
        if g["texts"]:
            line += " " + ", ".join(f"«{t}»" for t in g["texts"][:4]) + (" ..." if len(g["texts"]) > 4 else "")
        if g["docs"]:
            line += " in " + ", ".join(g["docs"][:3]) + (f" and {len(g['docs']) - 3} more" if len(g["docs"]) > 3 else "")
        if g["score"] is not None:
            line += f" (score {g['score']:.2f})"
        for rid in g["ids"]:
            out.setdefault(rid, []).append(line)
    return out
