"""What a report shows, read from a run's output directory or from the annotation store.

Both sources give the same `ReportData`: documents with their text, sentences and records (plain
dicts in the shape of `records.jsonl`, sorted by offset), the alignment rows and the telegram rows
(the store keeps no telegrams), and per document what reviewers did.
"""
from __future__ import annotations

import orjson
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUN_FILES = ("records.jsonl", "documents.jsonl", "alignments.jsonl", "telegrams.jsonl")


class ReportInputError(Exception):
    """A run directory or store that cannot be read; the message names the file and the problem."""


@dataclass
class ReportDoc:
    """One document of the report: its index (page number) and everything drawn from it."""

    index: int
    doc_id: str
    lang: str
    path: str
    text: str
    sentences: list[tuple[int, int]]
    records: list[dict[str, Any]] = field(default_factory=list)
    #: review state: {"reviewed_spans", "regions", "tasks": {status: n}}
    review: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"doc/{self.index}.html"


@dataclass
class ReportData:
    source: str  # what was read, for the page footer
    docs: list[ReportDoc]
    alignments: list[dict[str, Any]] = field(default_factory=list)
    telegrams: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {d.doc_id: d for d in self.docs}
        #: record id -> (document, position of the record in document.records)
        self.record_at: dict[str, tuple[ReportDoc, int]] = {}
        for doc in self.docs:
            for j, rec in enumerate(doc.records):
                self.record_at[rec["id"]] = (doc, j)

    def record_link(self, record_id: str, prefix: str = "") -> str | None:
        """URL of a record's mark in its document page (`doc/3.html#m12`), or None if unknown."""
        found = self.record_at.get(record_id)
        if found is None:
            return None
        doc, j = found
        return f"{prefix}{doc.page}#m{j}"


def _read_jsonl(path: Path, required: bool) -> list[dict[str, Any]]:
    if not path.exists():
        if required:
            raise ReportInputError(f"{path}: not found (is this a `jazba run --out` directory?)")
        return []
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(orjson.loads(line))
            except orjson.JSONDecodeError as err:
                raise ReportInputError(f"{path}:{n}: not valid JSON ({err.msg})") from None
    return rows


def _sort_key(rec: dict[str, Any]) -> tuple:
    return (rec["start"], -rec["end"], rec["label"])


def load_run_dir(out_dir: str | Path) -> ReportData:
    """Read a `jazba run --out` directory (records/documents required, alignments/telegrams optional)."""
    out = Path(out_dir)
    if not out.is_dir():
        raise ReportInputError(f"{out}: not a directory")
    documents = _read_jsonl(out / "documents.jsonl", required=True)
    records = _read_jsonl(out / "records.jsonl", required=True)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_doc.setdefault(rec.get("doc_id"), []).append(rec)
    docs = []
    for i, row in enumerate(documents):
        try:
            doc_id, text = row["doc_id"], row["text"]
        except KeyError as err:
            raise ReportInputError(f"{out / 'documents.jsonl'}: a row has no {err.args[0]!r}") from None
        recs = sorted(by_doc.pop(doc_id, []), key=_sort_key)
        for rec in recs:
            if text[rec["start"]:rec["end"]] != rec["text"]:
                raise ReportInputError(
                    f"{out / 'records.jsonl'}: record {rec.get('id')} does not match its document's text")
        reviewed = sum(1 for r in recs if r.get("status") == "reviewed")
        docs.append(ReportDoc(i, doc_id, row.get("lang", "kk"), row.get("path", ""), text,
                              [tuple(s) for s in row.get("sentences", [])], recs,
                              {"reviewed_spans": reviewed, "regions": 0, "tasks": {}}))
    if by_doc:
        missing = sorted(by_doc)[0]
        raise ReportInputError(f"{out / 'records.jsonl'}: records of document {missing!r}, which documents.jsonl lacks")
    return ReportData(str(out), docs, _read_jsonl(out / "alignments.jsonl", False),
                      _read_jsonl(out / "telegrams.jsonl", False))


def load_store(path: str | Path) -> ReportData:
    """Read an annotation store: every document with its current spans (reviewed + machine outside
    reviewed regions), the latest run's alignments, and the review regions and Label Studio tasks."""
    path = Path(path)
    if not path.is_file():
        raise ReportInputError(f"{path}: no annotation store there")
    from ..store import Store, StoreError

    try:
        with Store(path) as store:
            regions: dict[str, int] = {}
            for review in store.reviews():
                regions[review.doc_id] = regions.get(review.doc_id, 0) + 1
            tasks: dict[str, dict[str, int]] = {}
            for task in store.review_tasks():
                per = tasks.setdefault(task.doc_id, {})
                per[task.status] = per.get(task.status, 0) + 1
            docs = []
            for i, doc in enumerate(store.iter_documents("all")):
                recs = sorted((r.to_dict() for r in doc.records), key=_sort_key)
                reviewed = 0
                for rec in recs:
                    if rec.get("status") == "reviewed":
                        reviewed += 1
                        who = store.span_provenance(rec["id"]) or {}
                        rec["review"] = {k: who.get(k) for k in ("annotator", "reviewed_at", "corrected") if who.get(k)}
                docs.append(ReportDoc(i, doc.doc_id, doc.lang, doc.path, doc.text, list(doc.sentences), recs,
                                      {"reviewed_spans": reviewed, "regions": regions.get(doc.doc_id, 0),
                                       "tasks": tasks.get(doc.doc_id, {})}))
            alignments = store.alignments()
    except StoreError as err:
        raise ReportInputError(str(err)) from None
    return ReportData(str(path), docs, alignments, [])
