"""`jazba review push`: send the contexts that hold low-confidence records to Label Studio, in bulk.

Idempotent by construction: every task carries a key (content hash + offsets), and the store
records each pushed context. Each batch is written to the store as `sending` before its import
call and as `pushed` (with Label Studio's task ids) after it, so an interrupted push is detected
next time: the next push asks the server which tasks arrived (its task list is the truth), adopts
them, re-sends the rest, and removes duplicates a late-finishing batch may have left.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from .. import __version__
from ..store import ReviewTask, Store
from ..store.db import overlaps
from .labelstudio import LabelStudio, LabelStudioError, Timeout
from .routing import DEFAULT_THRESHOLD
from .tasks import (LIST_COLUMNS, VIEW_ONLY_FIELDS, Context, DocHeading, alignment_notes, build_task, contexts,
                    document_heading, label_config, task_fields, task_key)

DEFAULT_PROJECT = "jazba review"
SENDING, PUSHED, LOST = "sending", "pushed", "lost"


class PushInterrupted(LabelStudioError):
    """A push stopped part-way; what arrived is recorded and the next push resumes."""


@dataclass
class PushReport:
    project: str
    project_id: int
    threshold: float
    created_project: bool = False
    contexts_below: int = 0
    already_pushed: int = 0
    tasks_pushed: int = 0
    records_pushed: int = 0
    adopted: int = 0
    duplicates_removed: int = 0
    lost_tasks: int = 0
    seconds: float = 0.0
    per_doc: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"project {self.project!r} (id {self.project_id}{', created' if self.created_project else ''}), "
            f"threshold {self.threshold:g}",
            f"pushed {self.tasks_pushed} task(s) holding {self.records_pushed} record(s) in {self.seconds:.1f} s; "
            f"{self.already_pushed} context(s) below the threshold were already on the server",
        ]
        busiest = sorted(self.per_doc.items(), key=lambda kv: (-kv[1], kv[0]))
        for doc_id, n in busiest[:10]:
            lines.append(f"  {doc_id}: {n} task(s)")
        if len(busiest) > 10:
            lines.append(f"  ... and {len(busiest) - 10} more document(s)")
        if self.adopted:
            lines.append(f"adopted {self.adopted} task(s) an interrupted push had left on the server")
        if self.duplicates_removed:
            lines.append(f"removed {self.duplicates_removed} duplicate task(s) left by an interrupted push")
        if self.lost_tasks:
            lines.append(
                f"{self.lost_tasks} task(s) recorded for a deleted project were marked lost and pushed again"
            )
        return "\n".join(lines)


def model_version(store: Store) -> str:
    """`jazba-<version>` plus the NER model of the latest run, shown to reviewers per prediction."""
    runs = store.runs()
    model = runs[-1].get("model_version") if runs else None
    return f"jazba-{__version__}" + (f"+{model}" if model else "")


def ensure_project(ls: LabelStudio, title: str) -> tuple[dict, bool]:
    """The project named `title`, created with our labelling config when missing."""
    project = ls.find_project(title)
    if project is not None:
        return project, False
    description = (
        "jazba review: correct the machine's spans (label: keys 1-8, boundaries), fix each span's value "
        "in its box in the Regions panel, delete wrong spans (Backspace), add missed ones, then Submit "
        "(Ctrl+Enter). Grey text is the neighbouring sentences, for context only."
    )
    project = ls.create_project(title, label_config(), description)
    try:
        ls.create_view(project["id"], "Review", hidden_columns(), ordering=["tasks:data.min_confidence"])
    except LabelStudioError:  # a server without the data manager API still works, with every column shown
        pass
    return project, True


#: Label Studio's own task-list columns that say nothing to a reviewer.
_LS_INTERNAL_COLUMNS = (
    "tasks:inner_id", "tasks:annotations_results", "tasks:annotations_ids", "tasks:predictions_score",
    "tasks:predictions_model_versions", "tasks:predictions_results", "tasks:file_upload",
    "tasks:storage_filename", "tasks:created_at", "tasks:updated_at", "tasks:updated_by", "tasks:draft_exists",
    "tasks:cancelled_annotations", "tasks:total_predictions", "tasks:data",
)


def hidden_columns() -> dict[str, list[str]]:
    """Task-list columns to hide: the view-only data fields and Label Studio's internals
    (the list then shows id, title, text, lowest confidence, annotations, annotators)."""
    view_only = [f"tasks:data.{name}" for name in VIEW_ONLY_FIELDS]
    narrow = [f"tasks:data.{name}" for name in LIST_COLUMNS if name != "title"]
    return {"explore": view_only + list(_LS_INTERNAL_COLUMNS),
            "labeling": view_only + narrow + list(_LS_INTERNAL_COLUMNS) + ["tasks:completed_at", "tasks:annotators"]}


def server_tasks(ls: LabelStudio, project_id: int) -> dict[str, list[int]]:
    """Task key -> Label Studio task ids holding it (more than one only after an interrupted push)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for task in ls.tasks(project_id):
        key = task_fields(task).get("key")
        if key:
            by_key[key].append(task["id"])
    return by_key


def pending_contexts(store: Store, threshold: float) -> list[tuple[Context, str, DocHeading]]:
    """Every context holding a machine record below `threshold`, with its document text and heading."""
    out: list[tuple[Context, str, DocHeading]] = []
    for stored in store.documents():
        doc = store.get_document(stored.doc_id)
        machine = [r for r in doc.records if r.status == "machine"]
        if not any(r.confidence < threshold for r in machine):
            continue
        heading = document_heading(doc.text, doc.records, stored.path, stored.lang)
        for ctx in contexts(doc.doc_id, stored.content_hash, doc.text, stored.sentences, machine):
            if ctx.min_confidence < threshold:
                out.append((ctx, doc.text, heading))
    return out


def push(
    store: Store,
    ls: LabelStudio,
    threshold: float = DEFAULT_THRESHOLD,
    project: str = DEFAULT_PROJECT,
    batch_size: int = 1000,
    timeout: float | None = None,
) -> PushReport:
    """Push every not-yet-pushed low-confidence context of the store into `project`; see module doc."""
    t0 = time.perf_counter()
    ls.whoami()  # an unreachable server or a bad key fails here, before anything changes
    proj, created = ensure_project(ls, project)
    report = PushReport(project, proj["id"], threshold, created_project=created)

    recorded = store.review_tasks(project=project)
    # Tasks recorded for another (deleted) incarnation of the project are gone from the server.
    lost = [t for t in recorded if t.ls_project_id not in (None, proj["id"]) and t.status in (PUSHED, SENDING)]
    if lost:
        for t in lost:
            t.status = LOST
        store.add_review_tasks(lost)
        report.lost_tasks = len(lost)
    interrupted = any(t.status == SENDING for t in recorded)

    if interrupted:  # the server's task list is the truth about what the interrupted push delivered
        on_server = server_tasks(ls, proj["id"])
        report.duplicates_removed += _remove_duplicates(ls, on_server)
        report.adopted = _adopt(store, project, proj["id"], on_server, recorded)

    # stretches already on the server (pushed or reviewed): a context overlapping one is not sent again
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for t in store.review_tasks(project=project):
        if t.status not in (LOST, SENDING):
            busy[t.content_hash].append((t.start, t.end))

    todo: list[tuple[Context, str, DocHeading]] = []
    for ctx, text, heading in pending_contexts(store, threshold):
        report.contexts_below += 1
        if overlaps(ctx.start, ctx.end, busy.get(ctx.content_hash, [])):
            report.already_pushed += 1
            continue
        todo.append((ctx, text, heading))
    todo.sort(key=lambda item: (item[0].min_confidence, item[0].doc_id, item[0].start))

    version = model_version(store)
    notes = alignment_notes(store.alignments())
    for i in range(0, len(todo), batch_size):
        batch = todo[i:i + batch_size]
        tasks = [build_task(ctx, text, version, notes, heading) for ctx, text, heading in batch]
        rows = [
            ReviewTask(ctx.doc_id, ctx.content_hash, ctx.start, ctx.end, project, None, proj["id"],
                       SENDING, record_ids=[r.id for r in ctx.records])
            for ctx, _, _ in batch
        ]
        store.add_review_tasks(rows)
        try:
            ids = ls.import_tasks(proj["id"], tasks, timeout=timeout)
        except Timeout as exc:
            raise PushInterrupted(
                f"{exc}. Pushed {report.tasks_pushed} of {len(todo)} task(s) before that; the last batch of "
                f"{len(batch)} may still arrive. Run `jazba review push` again: it keeps what arrived and "
                "pushes the rest, without duplicates."
            ) from exc
        except LabelStudioError as exc:
            raise PushInterrupted(
                f"{exc}. Pushed {report.tasks_pushed} of {len(todo)} task(s) before that; "
                "run `jazba review push` again to push the rest."
            ) from exc
        for row, task_id in zip(rows, ids):
            row.ls_task_id, row.status = task_id, PUSHED
        store.add_review_tasks(rows)
        report.tasks_pushed += len(batch)
        for ctx, _, _ in batch:
            report.records_pushed += len(ctx.records)
            report.per_doc[ctx.doc_id] = report.per_doc.get(ctx.doc_id, 0) + 1

    if interrupted:
        # a batch the interrupted push gave up on may have landed while we pushed its tasks again
        on_server = server_tasks(ls, proj["id"])
        report.duplicates_removed += _remove_duplicates(ls, on_server)
        _adopt(store, project, proj["id"], on_server, store.review_tasks(project=project))
        stale = store.review_tasks(project=project, status=SENDING)
        for t in stale:  # never arrived and no longer a context to push (the records changed)
            t.status = LOST
        store.add_review_tasks(stale)
    report.seconds = time.perf_counter() - t0
    return report


def _adopt(store: Store, project: str, project_id: int, on_server: dict[str, list[int]],
           recorded: list[ReviewTask]) -> int:
    """Bring store rows in line with the server: a row still `sending` (its import timed out) or
    recorded with another task id whose task is on the server becomes `pushed` with that id."""
    known = {task_key(t.content_hash, t.start, t.end): t for t in recorded}
    adopt: list[ReviewTask] = []
    for key, ids in on_server.items():
        row = known.get(key)
        if row is None or (row.ls_task_id == ids[0] and row.status != SENDING and row.ls_project_id == project_id):
            continue
        row.ls_task_id, row.ls_project_id = ids[0], project_id
        if row.status in (SENDING, LOST):
            row.status = PUSHED
        adopt.append(row)
    if adopt:
        store.add_review_tasks(adopt)
    return len(adopt)


def _remove_duplicates(ls: LabelStudio, on_server: dict[str, list[int]]) -> int:
    """Delete all but the first task of each key (never one a reviewer already annotated)."""
    removed = 0
    for key, ids in on_server.items():
        if len(ids) < 2:
            continue
        keep, *extra = sorted(ids)
        for task_id in extra:
            task = ls.task(task_id)
            if task is None or task.get("total_annotations"):
                continue
            ls.delete_task(task_id)
            removed += 1
        on_server[key] = [keep]
    return removed
