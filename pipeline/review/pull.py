"""`jazba review pull` and `status`: bring submitted Label Studio annotations into the store.

Each submitted task becomes one store review of its context: the reviewer's spans become
reviewed records (annotator, time, lead time, and the machine record each one corrected), and
machine spans the reviewer deleted stay superseded by the review. Re-pulling replaces a task's
review with its latest annotation, so pull is idempotent; later pipeline runs never touch it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Record
from ..store import Store
from .labelstudio import LabelStudio, NotFound
from .push import DEFAULT_PROJECT, PUSHED
from .tasks import FROM_LABEL, FROM_NORM, task_fields
from .values import derive_value, is_invalid, parse_value, value_text

REVIEWED = "reviewed"


@dataclass
class PullReport:
    project: str
    project_id: int
    tasks_pulled: int = 0
    kept: int = 0
    relabelled: int = 0
    moved: int = 0
    renormed: int = 0
    deleted: int = 0
    added: int = 0
    rederived: int = 0
    invalid: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"pulled {self.tasks_pulled} reviewed task(s) from project {self.project!r} (id {self.project_id}): "
            f"{self.kept} span(s) confirmed, {self.relabelled} relabelled, {self.moved} boundary change(s), "
            f"{self.renormed} norm(s) corrected, {self.deleted} deleted, {self.added} added",
        ]
        if self.rederived:
            lines.append(f"{self.rederived} relabelled span(s) kept the old label's value: re-derived for the new label")
        if self.invalid:
            lines.append(f"{len(self.invalid)} value(s) failed the check: stored as written, flagged, and left out "
                         "of exports until fixed in Label Studio and pulled again (or export --include-invalid):")
            lines += [f"  {line}" for line in self.invalid]
        lines += [f"  skipped: {reason}" for reason in self.skipped]
        return "\n".join(lines)


def find_project(store: Store, ls: LabelStudio, project: str) -> dict:
    """The Label Studio project for `project`, or a clear error when it was deleted."""
    found = ls.find_project(project)
    if found is None:
        known = {t.ls_project_id for t in store.review_tasks(project=project) if t.ls_project_id}
        hint = f" (the store recorded it as id {', '.join(map(str, sorted(known)))})" if known else ""
        raise NotFound(
            f"Label Studio at {ls.url} has no project {project!r}{hint}: deleted, or never pushed? "
            "Nothing was pulled and the store is unchanged."
        )
    return found


def pull(store: Store, ls: LabelStudio, project: str = DEFAULT_PROJECT) -> PullReport:
    """Merge every submitted annotation of `project` into `store` as reviewed spans."""
    proj = find_project(store, ls, project)
    report = PullReport(project, proj["id"])
    users = ls.users()
    for task in ls.annotated_tasks(proj["id"]):
        annotation = latest_annotation(task)
        if annotation is None:
            continue
        reason = _merge(store, task, annotation, users, project, report)
        if reason:
            report.skipped.append(f"task {task.get('id')}: {reason}")
    return report


def latest_annotation(task: dict) -> dict | None:
    """The newest submitted (not cancelled/skipped) annotation of a task."""
    done = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
    if not done:
        return None
    return max(done, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id", 0)))


def _merge(store: Store, task: dict, annotation: dict, users: dict[int, str], project: str,
           report: PullReport) -> str | None:
    data = task_fields(task)
    try:
        ctx_start, ctx_end, digest = int(data["start"]), int(data["end"]), str(data["content_hash"])
    except (KeyError, TypeError, ValueError):
        return "not a jazba task (no start/end/content_hash in its meta or data)"
    stored = store.document_by_hash(digest)
    if stored is None:
        return f"document {data.get('doc_id')!r} with this content is no longer in the store"
    doc = store.get_document(stored.doc_id, status="machine")
    body = doc.text[ctx_start:ctx_end]
    if body != (task.get("data") or {}).get("text"):
        return f"context {ctx_start}:{ctx_end} of {stored.doc_id} no longer matches the task text"
    machine = {r.id: r for r in doc.records}
    region_records: dict[str, str] = data.get("region_records") or {}

    norms: dict[str, str] = {}
    spans: list[tuple[str, dict]] = []
    for item in annotation.get("result", []):
        value = item.get("value") or {}
        if item.get("from_name") == FROM_NORM and item.get("type") == "textarea":
            norms[item.get("id", "")] = " ".join(value.get("text") or [])
        elif item.get("from_name") == FROM_LABEL and value.get("labels"):
            spans.append((item.get("id", ""), value))

    completed_by = annotation.get("completed_by")
    if isinstance(completed_by, dict):
        annotator = completed_by.get("email") or str(completed_by.get("id"))
    else:
        annotator = users.get(completed_by, str(completed_by))
    records: list[Record] = []
    corrected: dict[str, str] = {}
    for rid, value in spans:
        try:
            start, end = _offsets(body, value)
        except ValueError as exc:
            return str(exc)
        label = value["labels"][0]
        before = machine.get(region_records.get(rid, ""))
        lang = before.lang if before is not None else doc.lang
        norm = reviewed_value(label, body[start:end], norms.get(rid), before, lang)
        if before is not None and before.label != label and (
                rid not in norms or norms[rid].strip() == value_text(before.label, before.norm)):
            report.rederived += 1
        if is_invalid(norm):
            report.invalid.append(f"task {task.get('id')}, {stored.doc_id} {ctx_start + start}-{ctx_start + end} "
                                  f"{label} «{body[start:end]}»: {norm['invalid']}")
        rec = Record(
            doc_id=stored.doc_id, label=label, start=ctx_start + start, end=ctx_start + end,
            text=body[start:end], norm=norm, confidence=1.0, source=f"review:{annotator}",
            lang=lang,
            subtype=before.subtype if before is not None and before.label == label else None,
            status=REVIEWED,
        )
        records.append(rec)
        if before is None:
            report.added += 1
            continue
        corrected[rec.id] = before.id
        if before.label != label:
            report.relabelled += 1
        elif (before.start, before.end) != (rec.start, rec.end):
            report.moved += 1
        elif before.norm != rec.norm:
            report.renormed += 1
        else:
            report.kept += 1
    kept_ids = set(corrected.values())
    report.deleted += sum(
        1 for rec_id in region_records.values() if rec_id in machine and rec_id not in kept_ids
    )
    store.save_review(
        stored.doc_id, ctx_start, ctx_end, records, annotator=annotator,
        reviewed_at=annotation.get("updated_at") or annotation.get("created_at"),
        lead_time=annotation.get("lead_time"), ls_task_id=task.get("id"), corrected=corrected,
    )
    store.set_review_task_status(task["id"], project, REVIEWED)
    report.tasks_pulled += 1
    return None


def reviewed_value(label: str, span_text: str, typed: str | None, before: Record | None,
                   lang: str = "kk") -> dict[str, Any]:
    """The value a reviewed span is stored with.

    - typed (the span's value box was submitted): checked per label (`values.parse_value`);
    - a relabelled span whose box still holds the old label's value (`МВД` of an ORG now a PLACE):
      re-derived by the pipeline's normalisers for the new label, else empty (and so flagged);
    - no box: the machine's value when the label is unchanged; a new span without a value is flagged.
    """
    relabelled = before is not None and before.label != label
    if relabelled and (typed is None or typed.strip() == value_text(before.label, before.norm)):
        return derive_value(label, span_text, lang) or parse_value(label, "")
    previous = before.norm if before is not None and not relabelled else {}
    if typed is None:
        return dict(previous) if previous else parse_value(label, "")
    return parse_value(label, typed, previous)


def _offsets(body: str, value: dict[str, Any]) -> tuple[int, int]:
    """Label Studio region offsets -> Python offsets into `body`, checked against the region text.

    The browser counts UTF-16 code units; Python counts code points. They differ only after a
    character outside the BMP, and the region's own `text` tells which reading is right.
    """
    start, end, text = int(value["start"]), int(value["end"]), value.get("text")
    if text is None or body[start:end] == text:
        return start, end
    units = [0]
    for ch in body:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    try:
        s, e = units.index(start), units.index(end)
    except ValueError:
        s = e = -1
    if s >= 0 and body[s:e] == text:
        return s, e
    raise ValueError(f"region {start}:{end} {text!r} does not match the task text {body[start:end]!r}")


@dataclass
class Status:
    project: str
    project_id: int | None
    by_status: dict[str, int]
    server_tasks: int
    server_annotated: int
    reviews_in_store: int
    invalid: list[str] = field(default_factory=list)  # reviewed values that failed the check
    agreement: Any = None  # pipeline.review.agreement.Agreement when asked for

    def summary(self) -> str:
        pushed = sum(self.by_status.values())
        reviewed = self.by_status.get(REVIEWED, 0)
        pct = 100.0 * reviewed / pushed if pushed else 0.0
        waiting = max(0, self.server_annotated - reviewed)
        lines = [
            f"project {self.project!r} (id {self.project_id}): {self.server_tasks} task(s) on the server, "
            f"{self.server_annotated} annotated",
            f"store: {pushed} task(s) recorded, {reviewed} reviewed and pulled ({pct:.0f}%), "
            f"{self.reviews_in_store} reviewed region(s) in all",
        ]
        for status, n in sorted(self.by_status.items()):
            lines.append(f"  {status}: {n}")
        if waiting:
            lines.append(f"{waiting} annotated task(s) not pulled yet: run `jazba review pull`")
        if self.invalid:
            lines.append(f"{len(self.invalid)} reviewed value(s) are invalid (kept as written, not exported "
                         "until fixed in Label Studio and pulled again):")
            lines += [f"  {line}" for line in self.invalid]
        else:
            lines.append("no invalid reviewed values")
        if self.agreement is not None:
            lines.append(self.agreement.summary())
        return "\n".join(lines)


def invalid_values(store: Store) -> list[str]:
    """One line per reviewed span of the store whose value failed the check at pull time."""
    out = []
    for rec in store.spans(status="reviewed"):
        if is_invalid(rec.norm):
            prov = store.span_provenance(rec.id) or {}
            task = f"task {prov['ls_task_id']}, " if prov.get("ls_task_id") else ""
            out.append(f"{task}{rec.doc_id} {rec.start}-{rec.end} {rec.label} «{' '.join(rec.text.split())}» "
                       f"= {rec.norm.get('text', '')!r}: {rec.norm['invalid']}")
    return out


def status(store: Store, ls: LabelStudio, project: str = DEFAULT_PROJECT, with_agreement: bool = False) -> Status:
    """Progress of the review: what was pushed, what reviewers submitted, what was pulled; the
    invalid values waiting for a fix; with `with_agreement`, agreement between annotators."""
    proj = find_project(store, ls, project)
    counts: dict[str, int] = {}
    for t in store.review_tasks(project=project):
        if t.ls_project_id in (None, proj["id"]) or t.status == REVIEWED:
            counts[t.status] = counts.get(t.status, 0) + 1
    counts.setdefault(PUSHED, 0)
    return Status(
        project=project,
        project_id=proj["id"],
        by_status=counts,
        server_tasks=int(proj.get("task_number") or 0),
        server_annotated=int(proj.get("num_tasks_with_annotations") or 0),
        reviews_in_store=len(store.reviews()),
        invalid=invalid_values(store),
        agreement=project_agreement(ls, proj["id"]) if with_agreement else None,
    )


def project_agreement(ls: LabelStudio, project_id: int):
    """Agreement between annotators over every task of the project annotated more than once."""
    from .agreement import agreement

    return agreement(ls.annotated_tasks(project_id), ls.users())
