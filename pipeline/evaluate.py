"""Scoring a run against gold annotations (`jazba eval`): per-label P/R/F1 and value accuracy.

    from pipeline.evaluate import evaluate_paths
    result = evaluate_paths("output/", "../shared/samples/kk/steplag_kengir_1954.gold.json")
    print(result.table()); result.labels["DATE"].exact.f1

Gold files look like `../shared/samples/kk/*.gold.json`: `{"doc_id", "annotated_until_char",
"spans": [{"start", "end", "text", "label", "norm"}]}`. Only the part before
`annotated_until_char` is scored; a prediction overlapping an IGNORE span is neither right nor
wrong. Gold `norm` is a string and `|` separates accepted alternatives.

Extending: add a function to `EXTRA_METRICS`; it receives `(result, predictions, golds)` and
writes its figures into `result.extra` (printed under the table and in `--json`).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import EXIT_NO_INPUT, JazbaError
from .records import LABELS, Record

SCORED_LABELS = LABELS


class EvalInputError(JazbaError):
    """A prediction or gold file that cannot be used; the message names the file."""

    exit_code = EXIT_NO_INPUT


# --- inputs ---------------------------------------------------------------------------------
@dataclass
class GoldSpan:
    start: int
    end: int
    label: str
    norm: str | None = None
    text: str = ""


@dataclass
class GoldDocument:
    doc_id: str
    spans: list[GoldSpan]
    annotated_until: int | None = None
    path: str = ""

    @property
    def ignore(self) -> list[GoldSpan]:
        return [s for s in self.spans if s.label == "IGNORE"]

    def scored(self) -> list[GoldSpan]:
        limit = self.annotated_until if self.annotated_until is not None else math.inf
        return [s for s in self.spans if s.label != "IGNORE" and s.start < limit]


def load_gold(path: str | Path) -> list[GoldDocument]:
    """A gold file, or every `*.gold.json` under a directory."""
    p = Path(path)
    if not p.exists():
        raise EvalInputError(f"{path}: no such gold file or directory")
    files = sorted(p.rglob("*.gold.json")) if p.is_dir() else [p]
    if not files:
        raise EvalInputError(f"{path}: no *.gold.json files found")
    docs = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvalInputError(f"{f}: not a readable gold JSON file ({exc})") from exc
        if not isinstance(data, dict) or "spans" not in data:
            raise EvalInputError(f"{f}: gold JSON needs a 'spans' list")
        doc_id = data.get("doc_id") or Path(data.get("text_file") or f.name.replace(".gold.json", "")).stem
        spans = []
        for i, s in enumerate(data["spans"]):
            try:
                spans.append(GoldSpan(int(s["start"]), int(s["end"]), str(s["label"]),
                                      None if s.get("norm") is None else str(s["norm"]), s.get("text", "")))
            except (KeyError, TypeError, ValueError) as exc:
                raise EvalInputError(f"{f}: span {i} is missing start/end/label ({exc})") from exc
        docs.append(GoldDocument(doc_id, spans, data.get("annotated_until_char"), str(f)))
    return docs


def load_predictions(path: str | Path) -> list[Record]:
    """Records from a `jazba run --out` directory or a `records.jsonl` file."""
    p = Path(path)
    f = p / "records.jsonl" if p.is_dir() else p
    if not f.is_file():
        raise EvalInputError(f"{f}: no such records file (give a `jazba run --out` directory or records.jsonl)")
    records = []
    with f.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(Record.from_dict(json.loads(line)))
            except (json.JSONDecodeError, TypeError) as exc:
                raise EvalInputError(f"{f}: line {n} is not a record ({exc})") from exc
    return records


# --- value comparison -----------------------------------------------------------------------
_NUM_GOLD = re.compile(
    r"^\s*(?P<q>>=|<=|>|<|~|≈)?\s*(?P<v>-?\d+(?:[.,]\d+)?)(?:\s*/\s*(?P<v2>-?\d+(?:[.,]\d+)?))?\s*(?P<u>%)?\s*$"
)
_QUALIFIER = {">": "more_than", ">=": "more_than", "<": "up_to", "<=": "up_to", "~": "about", "≈": "about"}


def _number_matches(gold: str, norm: dict) -> bool:
    m = _NUM_GOLD.match(gold)
    if not m:
        return False
    try:
        value = float(norm.get("value"))
        end = None if norm.get("end") is None else float(norm["end"])
    except (TypeError, ValueError):
        return False
    gold_end = None if m.group("v2") is None else float(m.group("v2").replace(",", "."))
    if (gold_end is None) != (end is None) or (gold_end is not None and not math.isclose(gold_end, end)):
        return False  # a range (`150/200`) matches only a range with the same end
    return (
        math.isclose(value, float(m.group("v").replace(",", ".")))
        and _QUALIFIER.get(m.group("q") or "") == (norm.get("qualifier") or None)
        and ("percent" if m.group("u") else None) == (norm.get("unit") or None)
    )


def _squash(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _time_key(text: str) -> str:
    m = re.match(r"^\s*(\d{1,2})[:.](\d{2})\s*$", text)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else text.strip()


def value_matches(label: str, gold_norm: str | None, norm: dict | None) -> bool:
    """Does a predicted `norm` match the gold string (any of its `|` alternatives)?"""
    if gold_norm is None:
        return True  # nothing to compare: the span is all the gold says
    norm = norm or {}
    for alt in gold_norm.split("|"):
        alt = alt.strip()
        if label == "NUMBER" and _number_matches(alt, norm):
            return True
        if label == "DATE" and str(norm.get("iso", "")) == alt:
            return True
        if label == "TIME" and _time_key(str(norm.get("time", ""))) == _time_key(alt):
            return True
        if label == "DOCNUM" and str(norm.get("value", "")).strip() == alt:
            return True
        if label in ("PERSON", "PLACE", "ORG", "ROLE") and _squash(norm.get("ru", "")) == _squash(alt):
            return True
    return False


# --- scores ---------------------------------------------------------------------------------
@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """None when there is nothing to score (no gold and no prediction)."""
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class LabelScore:
    label: str
    gold: int = 0
    predicted: int = 0
    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    #: Of the overlap-matched pairs, how many have the right normalised value.
    value_correct: int = 0
    value_total: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float | None:
        return self.value_correct / self.value_total if self.value_total else None

    def to_dict(self) -> dict:
        return {"label": self.label, "gold": self.gold, "predicted": self.predicted,
                "exact": self.exact.to_dict(), "overlap": self.overlap.to_dict(),
                "value_accuracy": self.value_accuracy, "value_correct": self.value_correct,
                "value_total": self.value_total, "errors": self.errors}


@dataclass
class EvalResult:
    labels: dict[str, LabelScore]
    documents: list[str]
    ignored_predictions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def micro(self, labels: Iterable[str] | None = None) -> PRF:
        wanted = set(labels or self.labels)
        total = PRF()
        for name, s in self.labels.items():
            if name in wanted:
                total.tp += s.exact.tp
                total.fp += s.exact.fp
                total.fn += s.exact.fn
        return total

    def to_dict(self) -> dict:
        return {"documents": self.documents, "ignored_predictions": self.ignored_predictions,
                "labels": {k: v.to_dict() for k, v in self.labels.items()},
                "micro_exact": self.micro().to_dict(), "extra": self.extra}

    def table(self) -> str:
        def f(x: float | None) -> str:
            return "   -  " if x is None else f"{x:6.3f}"

        head = f"{'label':<8}{'gold':>6}{'pred':>6} {'P':>6} {'R':>6} {'F1':>6} | {'oP':>6} {'oR':>6} {'oF1':>6} | {'value':>6}"
        lines = [f"{'':<20} exact span            | overlapping span      | norm acc", head, "-" * len(head)]
        for name, s in self.labels.items():
            if s.gold == 0 and s.predicted == 0:
                continue
            lines.append(
                f"{name:<8}{s.gold:>6}{s.predicted:>6} {f(s.exact.precision)} {f(s.exact.recall)} {f(s.exact.f1)} |"
                f" {f(s.overlap.precision)} {f(s.overlap.recall)} {f(s.overlap.f1)} | {f(s.value_accuracy)}"
            )
        m = self.micro()
        lines.append("-" * len(head))
        lines.append(f"{'micro':<8}{m.tp + m.fn:>6}{m.tp + m.fp:>6} {f(m.precision)} {f(m.recall)} {f(m.f1)} |")
        lines.append(f"documents: {', '.join(self.documents)}; predictions overlapping IGNORE: {self.ignored_predictions}")
        for key, value in self.extra.items():
            lines.append(f"{key}: {value}")
        return "\n".join(lines)


#: Hooks adding figures to a result: `fn(result, predictions, golds) -> None`.
EXTRA_METRICS: list[Callable[[EvalResult, list[Record], list[GoldDocument]], None]] = []


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _doc_predictions(records: list[Record], doc_id: str) -> list[Record]:
    """Predictions for one gold document (`doc__2` is a duplicate-stem rename by the runner)."""
    exact = [r for r in records if r.doc_id == doc_id]
    return exact or [r for r in records if r.doc_id.split("__")[0] == doc_id]


def evaluate(predictions: list[Record], golds: list[GoldDocument],
             labels: Iterable[str] = SCORED_LABELS, max_errors: int = 20) -> EvalResult:
    """Score `predictions` against `golds`. Only documents present in the gold are scored."""
    labels = list(labels)
    result = EvalResult(labels={l: LabelScore(l) for l in labels}, documents=[g.doc_id for g in golds])
    for gold in golds:
        limit = gold.annotated_until if gold.annotated_until is not None else math.inf
        ignore = gold.ignore
        preds = []
        for r in _doc_predictions(predictions, gold.doc_id):
            if r.label not in result.labels or r.start >= limit:
                continue
            if any(_overlaps(r.start, r.end, s.start, s.end) for s in ignore):
                result.ignored_predictions += 1
                continue
            preds.append(r)
        gold_spans = [s for s in gold.scored() if s.label in result.labels]
        for label in labels:
            score = result.labels[label]
            g = [s for s in gold_spans if s.label == label]
            p = [r for r in preds if r.label == label]
            score.gold += len(g)
            score.predicted += len(p)
            exact_keys = {(s.start, s.end) for s in g}
            tp = sum(1 for r in p if (r.start, r.end) in exact_keys)
            score.exact.tp += tp
            score.exact.fp += len(p) - tp
            score.exact.fn += len(g) - tp
            # overlap: one-to-one, exact pairs first, then the largest overlaps
            pairs = sorted(
                ((min(r.end, s.end) - max(r.start, s.start), (r.start, r.end) == (s.start, s.end), i, j)
                 for i, r in enumerate(p) for j, s in enumerate(g) if _overlaps(r.start, r.end, s.start, s.end)),
                key=lambda t: (not t[1], -t[0]),
            )
            used_p, used_g = set(), set()
            for _, _, i, j in pairs:
                if i in used_p or j in used_g:
                    continue
                used_p.add(i)
                used_g.add(j)
                score.value_total += 1
                if value_matches(label, g[j].norm, p[i].norm):
                    score.value_correct += 1
                elif len(score.errors) < max_errors:
                    score.errors.append({"doc_id": gold.doc_id, "kind": "value", "gold": asdict(g[j]),
                                         "predicted": {"start": p[i].start, "end": p[i].end, "text": p[i].text, "norm": p[i].norm}})
            score.overlap.tp += len(used_p)
            score.overlap.fp += len(p) - len(used_p)
            score.overlap.fn += len(g) - len(used_g)
            for j, s in enumerate(g):
                if (s.start, s.end) not in {(r.start, r.end) for r in p} and len(score.errors) < max_errors:
                    score.errors.append({"doc_id": gold.doc_id, "kind": "missed" if j not in used_g else "span",
                                         "gold": asdict(s)})
            for i, r in enumerate(p):
                if (r.start, r.end) not in exact_keys and i not in used_p and len(score.errors) < max_errors:
                    score.errors.append({"doc_id": gold.doc_id, "kind": "spurious",
                                         "predicted": {"start": r.start, "end": r.end, "text": r.text, "norm": r.norm}})
    for hook in EXTRA_METRICS:
        hook(result, predictions, golds)
    return result


def evaluate_paths(predictions: str | Path, gold: str | Path, labels: Iterable[str] = SCORED_LABELS,
                   max_errors: int = 20) -> EvalResult:
    """`evaluate` on a run directory (or records.jsonl) and a gold file (or directory of them).

    Raises `EvalInputError` when the run holds none of the gold documents, or misses some of them:
    scoring a document the run never read would print zeros that look like a result.
    """
    records = load_predictions(predictions)
    golds = load_gold(gold)
    check_coverage(predictions, records, golds)
    return evaluate(records, golds, labels, max_errors=max_errors)


def run_document_ids(predictions: str | Path, records: list[Record]) -> set[str]:
    """The documents a run read: its documents.jsonl when there is one, else its records' doc_ids."""
    p = Path(predictions)
    docs = p / "documents.jsonl" if p.is_dir() else p.with_name("documents.jsonl")
    if docs.is_file():
        ids = set()
        with docs.open(encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r'\{"doc_id": "((?:[^"\\]|\\.)*)"', line)
                if m:
                    ids.add(json.loads(f'"{m.group(1)}"'))
                elif line.strip():
                    try:
                        ids.add(str(json.loads(line).get("doc_id")))
                    except (ValueError, AttributeError):
                        continue
        if ids:
            return ids
    return {r.doc_id for r in records}


def check_coverage(predictions: str | Path, records: list[Record], golds: list["GoldDocument"]) -> None:
    """Every gold document must be in the run (see `evaluate_paths`)."""
    ran = run_document_ids(predictions, records)
    missing = [g.doc_id for g in golds if g.doc_id not in ran]
    if not missing:
        return
    have = ", ".join(sorted(ran)[:5]) or "nothing"
    if len(missing) == len(golds):
        raise EvalInputError(f"{predictions}: the run has none of the gold documents ({', '.join(missing[:5])}); "
                             f"it holds {have}. Run jazba on the gold's text first")
    raise EvalInputError(f"{predictions}: the run lacks {len(missing)} of {len(golds)} gold documents "
                         f"({', '.join(missing[:5])}); score a gold file or directory with only the documents run")
