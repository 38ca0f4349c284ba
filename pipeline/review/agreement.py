"""Inter-annotator agreement: the same task reviewed by two (or more) annotators.

For every pair of annotators on a task, each annotation is reduced to its spans
`(start, end, label, value line)`:

- span F1: exact spans with the same label, `2 * matches / (spans of A + spans of B)`, summed
  over all pairs (micro); value agreement: the share of matched spans whose values are equal;
- Cohen's kappa over characters: every character of the task text gets the label of the span
  covering it (or `O`), and kappa compares the two label sequences, correcting for chance.

Every span one annotator has and the other has not (or has with another label or value) is
listed for adjudication.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .tasks import FROM_LABEL, FROM_NORM, task_fields

Span = tuple[int, int, str]  # start, end, label (offsets in the task text)


@dataclass
class Disagreement:
    task_id: int
    doc_id: str
    text: str
    start: int  # in the document
    end: int
    readings: dict[str, str]  # annotator -> "LABEL value" or "-"

    def line(self) -> str:
        who = "; ".join(f"{a}: {r}" for a, r in sorted(self.readings.items()))
        return f"task {self.task_id} {self.doc_id} {self.start}-{self.end} «{' '.join(self.text.split())}»  {who}"


@dataclass
class Agreement:
    tasks: int = 0  # tasks with >= 2 annotators
    pairs: int = 0
    spans_a: int = 0
    spans_b: int = 0
    matched: int = 0
    values_equal: int = 0
    chars: Counter = field(default_factory=Counter)  # (label A, label B) -> characters
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def f1(self) -> float | None:
        total = self.spans_a + self.spans_b
        return 2 * self.matched / total if total else None

    @property
    def value_agreement(self) -> float | None:
        return self.values_equal / self.matched if self.matched else None

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.chars)

    def summary(self, limit: int = 50) -> str:
        if not self.tasks:
            return "agreement: no task has annotations by two annotators yet"

        def fmt(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        lines = [f"agreement over {self.tasks} task(s) reviewed by two or more annotators ({self.pairs} pair(s)):",
                 f"  span F1 (exact span and label) {fmt(self.f1)}  ({self.matched} matched of "
                 f"{self.spans_a} + {self.spans_b} spans)",
                 f"  value agreement on matched spans {fmt(self.value_agreement)}",
                 f"  Cohen's kappa (per character, labels and O) {fmt(self.kappa)}"]
        if self.disagreements:
            lines.append(f"{len(self.disagreements)} disagreement(s) to adjudicate:")
            lines += [f"  {d.line()}" for d in self.disagreements[:limit]]
            if len(self.disagreements) > limit:
                lines.append(f"  ... and {len(self.disagreements) - limit} more")
        return "\n".join(lines)


def cohen_kappa(pairs: Counter) -> float | None:
    """Cohen's kappa from a confusion Counter {(label A, label B): count}."""
    n = sum(pairs.values())
    if not n:
        return None
    observed = sum(c for (a, b), c in pairs.items() if a == b) / n
    left, right = Counter(), Counter()
    for (a, b), c in pairs.items():
        left[a] += c
        right[b] += c
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1 - expected)


def annotation_spans(annotation: dict) -> dict[Span, str]:
    """Span -> value line of one Label Studio annotation."""
    values: dict[str, str] = {}
    spans: dict[str, Span] = {}
    for item in annotation.get("result", []):
        v = item.get("value") or {}
        if item.get("from_name") == FROM_NORM and item.get("type") == "textarea":
            values[item.get("id", "")] = " ".join(v.get("text") or []).strip()
        elif item.get("from_name") == FROM_LABEL and v.get("labels"):
            spans[item.get("id", "")] = (int(v["start"]), int(v["end"]), v["labels"][0])
    return {span: values.get(rid, "") for rid, span in spans.items()}


def _char_labels(length: int, spans: Iterable[Span]) -> list[str]:
    out = ["O"] * length
    for start, end, label in sorted(spans, key=lambda s: s[1] - s[0], reverse=True):
        for i in range(max(0, start), min(length, end)):
            out[i] = label
    return out


def agreement(tasks: Iterable[dict], users: dict[int, str] | None = None) -> Agreement:
    """Agreement over exported Label Studio tasks (with their annotations)."""
    out = Agreement()
    for task in tasks:
        by_annotator: dict[str, dict] = {}
        for ann in sorted(task.get("annotations", []), key=lambda a: a.get("updated_at") or a.get("created_at") or ""):
            if ann.get("was_cancelled"):
                continue
            who = ann.get("completed_by")
            if isinstance(who, dict):
                who = who.get("email") or who.get("id")
            by_annotator[(users or {}).get(who, str(who))] = ann  # an annotator's latest annotation
        if len(by_annotator) < 2:
            continue
        out.tasks += 1
        text = (task.get("data") or {}).get("text", "")
        fields = task_fields(task)
        offset, doc_id = int(fields.get("start", 0)), str(fields.get("doc_id", ""))
        names = sorted(by_annotator)
        spans = {name: annotation_spans(by_annotator[name]) for name in names}
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                out.pairs += 1
                sa, sb = spans[a], spans[b]
                out.spans_a += len(sa)
                out.spans_b += len(sb)
                common = set(sa) & set(sb)
                out.matched += len(common)
                out.values_equal += sum(sa[s] == sb[s] for s in common)
                out.chars.update(zip(_char_labels(len(text), sa), _char_labels(len(text), sb)))
        # one line per stretch of text the annotators read differently
        stretches: dict[tuple[int, int], dict[str, str]] = {}
        for name in names:
            for (start, end, label), value in spans[name].items():
                stretches.setdefault((start, end), {})[name] = f"{label} {value}".strip()
        for (start, end), readings in sorted(stretches.items()):
            full = {name: readings.get(name, "-") for name in names}
            if len(set(full.values())) > 1:
                out.disagreements.append(Disagreement(task.get("id", 0), doc_id, text[start:end],
                                                      offset + start, offset + end, full))
    return out
