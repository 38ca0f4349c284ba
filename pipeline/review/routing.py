"""Routing efficiency: does the review threshold send the pipeline's *wrong* records to reviewers?

Two figures for a threshold T, over the records in the gold-annotated part of each document:
- wrong caught: the share of wrong records (wrong span, label or value) that land in pushed
  tasks (contexts holding a record below T) -- target >= 80%;
- pushed: the share of all records that land in pushed tasks -- reviewer effort, target <= 30%.
`push` and this measurement build contexts with the same function, so they agree by construction.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..evaluate import EvalInputError, GoldDocument, _doc_predictions, value_matches
from ..records import Record
from .tasks import contexts

#: Review threshold when the calibration file chose none: "send every record with at least a
#: 10% chance of being wrong".
FALLBACK_THRESHOLD = 0.9
#: The share of wrong records the default threshold must send to reviewers (`jazba review calibrate`
#: picks the lowest threshold reaching it on cross-validated gold; `jazba eval --routing` shows the curve).
TARGET_WRONG_CAUGHT = 0.85
#: ... while pushing at most this share of all records.
TARGET_PUSHED = 0.30


def shipped_threshold() -> float:
    """The review threshold chosen when `models/confidence.json` was fitted, else 0.9."""
    try:
        from .confidence import load_calibrator

        cal = load_calibrator()
    except ValueError:
        return FALLBACK_THRESHOLD
    t = (cal.routing or {}).get("threshold") if cal is not None else None
    return float(t) if isinstance(t, (int, float)) else FALLBACK_THRESHOLD


#: Default review threshold of `jazba review push` and `jazba eval`.
DEFAULT_THRESHOLD = shipped_threshold()
#: Thresholds shown in the sweep under `jazba eval`.
SWEEP = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98)


def record_outcomes(records: Iterable[Record], gold: GoldDocument) -> list[tuple[Record, bool]]:
    """(record, correct?) for the records `evaluate` scores: before `annotated_until`, not on IGNORE.

    Correct = a gold span with the same label and exactly the same offsets, and a matching value.
    """
    limit = gold.annotated_until if gold.annotated_until is not None else math.inf
    ignore = gold.ignore
    by_span = {(s.start, s.end, s.label): s for s in gold.scored()}
    out = []
    for r in records:
        if r.start >= limit or any(r.start < s.end and s.start < r.end for s in ignore):
            continue
        g = by_span.get((r.start, r.end, r.label))
        out.append((r, g is not None and value_matches(r.label, g.norm, r.norm)))
    return out


def routed_ids(records: list[Record], text: str, sentences: list[tuple[int, int]], threshold: float) -> set[str]:
    """Ids of the records `push` would send at `threshold` (every record of a pushed context)."""
    out: set[str] = set()
    for ctx in contexts("", "", text, sentences, records):
        if ctx.min_confidence < threshold:
            out.update(r.id for r in ctx.records)
    return out


@dataclass
class Routing:
    threshold: float
    records: int = 0
    wrong: int = 0
    pushed: int = 0
    wrong_pushed: int = 0

    @property
    def wrong_caught(self) -> float | None:
        return self.wrong_pushed / self.wrong if self.wrong else None

    @property
    def share_pushed(self) -> float | None:
        return self.pushed / self.records if self.records else None

    def line(self) -> str:
        def pct(x: float | None) -> str:
            return "  -  " if x is None else f"{100 * x:5.1f}%"

        return (f"T={self.threshold:g}: wrong records pushed {pct(self.wrong_caught)} ({self.wrong_pushed}/{self.wrong}), "
                f"all records pushed {pct(self.share_pushed)} ({self.pushed}/{self.records})")


def routing(predictions: list[Record], documents: dict[str, dict], golds: list[GoldDocument],
            threshold: float) -> Routing:
    """Routing figures at `threshold`; `documents` maps doc_id -> {"text", "sentences"} of the run."""
    score = Routing(threshold)
    for gold in golds:
        records = _doc_predictions(predictions, gold.doc_id)
        if not records:
            continue
        doc = documents.get(records[0].doc_id)
        if doc is None:
            raise EvalInputError(f"document {records[0].doc_id!r} has records but is not in the run's documents.jsonl")
        sent = [tuple(s) for s in doc.get("sentences") or []]
        routed = routed_ids(records, doc["text"], sent, threshold)
        for rec, correct in record_outcomes(records, gold):
            score.records += 1
            score.wrong += not correct
            if rec.id in routed:
                score.pushed += 1
                score.wrong_pushed += not correct
    return score


def load_documents(run: str | Path) -> dict[str, dict]:
    """doc_id -> document dict from a run directory's documents.jsonl."""
    p = Path(run)
    f = (p if p.is_dir() else p.parent) / "documents.jsonl"
    if not f.is_file():
        raise EvalInputError(f"{f}: routing needs the run's documents.jsonl (texts and sentences) next to records.jsonl")
    out = {}
    with f.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    d = json.loads(line)
                    out[d["doc_id"]] = d
                except (json.JSONDecodeError, KeyError) as exc:
                    raise EvalInputError(f"{f}: line {n} is not a document ({exc})") from exc
    return out


def routing_report(run: str | Path, predictions: list[Record], golds: list[GoldDocument], threshold: float) -> str:
    """The lines `jazba eval` prints: the chosen threshold, then a sweep to choose a better one."""
    docs = load_documents(run)
    chosen = routing(predictions, docs, golds, threshold)
    lines = [f"routing (review push --threshold {threshold:g}; targets: wrong pushed >= 80%, all pushed <= 30%):",
             "  " + chosen.line()]
    lines += ["  sweep " + routing(predictions, docs, golds, t).line() for t in SWEEP if t != threshold]
    best = least_effort(predictions, docs, golds)
    if best is not None:
        lines.append("  least effort catching >= 80% of wrong records (chosen on this gold: optimistic): " + best.line())
    return "\n".join(lines)


def least_effort(predictions: list[Record], documents: dict[str, dict], golds: list[GoldDocument],
                 target: float = 0.8) -> Routing | None:
    """The lowest threshold catching `target` of the wrong records, trying a cut just above every
    confidence that occurs: both shares only grow with the threshold, so it is also the one that
    pushes the fewest records. None when nothing is wrong or no cut gets there."""
    for t in sorted({round(r.confidence + 0.005, 3) for r in predictions if 0 <= r.confidence < 1}):
        score = routing(predictions, documents, golds, t)
        if score.wrong_caught is None:
            return None
        if score.wrong_caught >= target:
            return score
    return None


# -- the curve over thresholds (`jazba eval --routing`, `jazba review calibrate`) ------------------
#: Thresholds of the printed curve.
CURVE = (0.5, 0.6, 0.7, 0.8) + tuple(round(0.85 + 0.01 * i, 2) for i in range(15))


def choose_threshold(points: list[Routing], target: float = TARGET_WRONG_CAUGHT) -> Routing | None:
    """The lowest threshold whose routing catches `target` of the wrong records (the least reviewer
    effort that does: both shares only grow with the threshold); None when none gets there."""
    for point in sorted(points, key=lambda p: p.threshold):
        if point.wrong_caught is not None and point.wrong_caught >= target:
            return point
    return None


def routing_curve(predictions: list[Record], documents: dict[str, dict], golds: list[GoldDocument],
                  thresholds: Iterable[float] = CURVE, lang: str | None = None) -> list[Routing]:
    """Routing at every threshold; `lang` restricts it to the gold documents of one language."""
    if lang is not None:
        langs = {r.doc_id: r.lang for r in predictions}
        golds = [g for g in golds if langs.get(g.doc_id, _gold_doc_lang(predictions, g)) == lang]
    return [routing(predictions, documents, golds, t) for t in thresholds]


def _gold_doc_lang(predictions: list[Record], gold: GoldDocument) -> str | None:
    records = _doc_predictions(predictions, gold.doc_id)
    return records[0].lang if records else None


def curve_from_examples(probs: Iterable[float], correct: Iterable[bool], groups: Iterable[str],
                        thresholds: Iterable[float] = CURVE) -> list[Routing]:
    """Routing from scored examples (e.g. cross-validated calibration rows): a group (a sentence) is
    pushed when any of its records is below the threshold, as `push` sends whole contexts."""
    rows = list(zip(probs, correct, groups))
    lowest: dict[str, float] = {}
    for p, _, g in rows:
        lowest[g] = min(lowest.get(g, 1.0), float(p))
    out = []
    for t in thresholds:
        score = Routing(t)
        for _, ok, g in rows:
            score.records += 1
            score.wrong += not ok
            if lowest[g] < t:
                score.pushed += 1
                score.wrong_pushed += not ok
        out.append(score)
    return out


def curve_report(run: str | Path, predictions: list[Record], golds: list[GoldDocument],
                 threshold: float) -> str:
    """`jazba eval --routing`: the whole curve, per language when the gold has several, and the
    threshold it suggests (the lowest catching TARGET_WRONG_CAUGHT of the wrong records)."""
    docs = load_documents(run)
    by_doc = {r.doc_id: r.lang for r in predictions}
    langs = sorted({by_doc[g.doc_id] for g in golds if g.doc_id in by_doc})
    lines = [f"routing curve: share of wrong records caught vs share of records pushed "
             f"(targets: caught >= {TARGET_WRONG_CAUGHT:.0%}, pushed <= {TARGET_PUSHED:.0%}; default threshold "
             f"{threshold:g})"]
    sections = [(None, "all languages")] + ([(lang, lang) for lang in langs] if len(langs) > 1 else [])
    for lang, name in sections:
        points = routing_curve(predictions, docs, golds, sorted(set(CURVE) | {threshold}), lang)
        lines.append(f"  {name}:")
        lines.append("    threshold  wrong caught         pushed")
        for p in points:
            mark = "  <- default" if abs(p.threshold - threshold) < 1e-9 else ""
            caught = "    -" if p.wrong_caught is None else f"{100 * p.wrong_caught:5.1f}%"
            pushed = "    -" if p.share_pushed is None else f"{100 * p.share_pushed:5.1f}%"
            lines.append(f"    {p.threshold:9.2f}  {caught} ({p.wrong_pushed:>3}/{p.wrong:<3})  "
                         f"{pushed} ({p.pushed}/{p.records}){mark}")
        best = choose_threshold(points)
        if points and not points[0].wrong:
            lines.append("    no wrong record in this gold: the curve shows only the reviewing effort")
        elif best is None:
            lines.append(f"    no threshold up to {max(CURVE):g} catches {TARGET_WRONG_CAUGHT:.0%} of the wrong records")
        else:
            ok = "within" if (best.share_pushed or 0) <= TARGET_PUSHED else "ABOVE"
            lines.append(f"    suggested threshold {best.threshold:g}: lowest catching >= {TARGET_WRONG_CAUGHT:.0%} "
                         f"({best.line()}); pushed share {ok} the {TARGET_PUSHED:.0%} target")
    return "\n".join(lines)
