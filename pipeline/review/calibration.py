"""Fitting the confidence calibration (`jazba review calibrate`) and measuring it (expected calibration error).

Data, both held out from everything the extractors were built or trained on:
- the gold sample (`../shared/samples/kk/*.gold.json`, the annotated part): the pipeline runs on the
  text (with the Russian originals, so alignment counts), without the `confidence` stage, and each
  record is right (span, label and value match the gold) or wrong;
- the NER model's held-out KazNERD dev split (`pipeline.ner.model.dev_entity_scores`): each predicted
  entity with its raw beam score, right or wrong. These rows carry the `kaznerd` feature, so the
  domain gap (news and encyclopaedia text vs archival prose) is learned as an offset that is off at
  run time, while the shape of the score-to-accuracy curve is learned from thousands of entities.

The reported ECE is cross-validated (folds by sentence: records of one sentence never sit on both
sides), so no figure comes from data the calibrator saw. The final weights are then fitted on all of it.
"""
from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..records import Record
from .confidence import (EVIDENCE, FEATURES, PARAMS_PATH, Calibrator, LanguageCalibration, aligned_record_ids,
                         document_features, load_calibrator, record_features)

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEFAULT_GOLD = SHARED / "samples" / "kk" / "steplag_kengir_1954.gold.json"
#: Our own annotated text, written for the tests and never used to build an extractor: the one
#: gold data set held out from everyone's development (the shared sample was everyone's dev set).
HELDOUT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "heldout"
#: Our own Russian test texts with hand-checked gold (small: a stand-in until a real Russian gold set lands).
HELDOUT_RU_GOLD = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "heldout_ru"
DEFAULT_RU = SHARED / "samples" / "ru"
DEFAULT_KAZNERD = SHARED / "data" / "kaznerd" / "IOB2_valid.txt"


@dataclass
class Example:
    x: dict[str, float]
    correct: bool
    raw: float  # the extractor's own score, for the "before" ECE
    group: str  # folds never split a group
    dataset: str  # "gold:<doc_id>" or "kaznerd"
    lang: str = "kk"  # each language gets its own calibration


# -- metrics ----------------------------------------------------------------------------------
def ece(probs: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: sum over equal-width bins of |accuracy - mean confidence| * share."""
    p = np.asarray(probs, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if len(p) == 0:
        return float("nan")
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return float(total)


def reliability(probs: Sequence[float], outcomes: Sequence[bool], bins: int = 5) -> list[tuple[str, int, float, float]]:
    """(bin, n, mean confidence, accuracy) rows for the printed reliability table."""
    p, y = np.asarray(probs, dtype=float), np.asarray(outcomes, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            rows.append((f"{b / bins:.1f}-{(b + 1) / bins:.1f}", int(mask.sum()), float(p[mask].mean()), float(y[mask].mean())))
    return rows


# -- fitting ----------------------------------------------------------------------------------
def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50,
                 weights: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Weighted, L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    n, d = X.shape
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    A = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iters):
        z = np.clip(A @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = A.T @ (sw * (p - y)) + penalty * w
        H = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(penalty + 1e-9)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def matrix(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[e.x[f] for f in FEATURES] for e in examples], dtype=float)
    y = np.array([e.correct for e in examples], dtype=float)
    return X, y


def _with_prior(X: np.ndarray, y: np.ndarray, datasets: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add one right and one wrong pseudo-record per dataset, at its mean features (Laplace's rule
    of succession): 113 right out of 113 then means about 0.99, not certainty, and the fit stays finite."""
    rows, ys = [X], [y]
    names = np.asarray(datasets)
    for name in sorted(set(datasets)):
        mean = X[names == name].mean(axis=0, keepdims=True)
        rows += [mean, mean]
        ys.append(np.array([1.0, 0.0]))
    return np.vstack(rows), np.concatenate(ys), np.ones(len(y) + 2 * len(set(datasets)))


def _fit_arrays(X: np.ndarray, y: np.ndarray, datasets: Sequence[str], l2: float) -> tuple[np.ndarray, float]:
    Xp, yp, wp = _with_prior(X, y, datasets)
    return fit_logistic(Xp, yp, l2, weights=wp)


def fit(examples: Sequence[Example], l2: float = 1.0, info: dict | None = None) -> Calibrator:
    X, y = matrix(examples)
    w, b = _fit_arrays(X, y, [e.dataset for e in examples], l2)
    return Calibrator(dict(zip(FEATURES, map(float, w))), b, info or {})


def cross_validated(examples: Sequence[Example], folds: int = 5, l2: float = 1.0, seed: int = 0) -> np.ndarray:
    """Out-of-fold calibrated probabilities (folds by group, stratified by dataset)."""
    rng = random.Random(seed)
    fold_of: dict[str, int] = {}
    for dataset in sorted({e.dataset for e in examples}):
        groups = sorted({e.group for e in examples if e.dataset == dataset})
        rng.shuffle(groups)
        for i, g in enumerate(groups):
            fold_of[g] = i % folds
    X, y = matrix(examples)
    which = np.array([fold_of[e.group] for e in examples])
    out = np.zeros(len(examples))
    for k in range(folds):
        test = which == k
        if not test.any() or test.all():
            continue
        train_sets = [e.dataset for e, t in zip(examples, test) if not t]
        w, b = _fit_arrays(X[~test], y[~test], train_sets, l2)
        out[test] = 1 / (1 + np.exp(-np.clip(X[test] @ w + b, -30, 30)))
    return out


# -- data -------------------------------------------------------------------------------------
def gold_lang(gold_path: str | Path) -> str:
    """The language of a gold file: its `lang` field, else `kk` (the sample's language)."""
    try:
        return str(json.loads(Path(gold_path).read_text(encoding="utf-8")).get("lang") or "kk")
    except (OSError, ValueError):
        return "kk"


def gold_examples(gold_path: Path, ru_dir: Path | None = DEFAULT_RU) -> list[Example]:
    """Run the pipeline (without `confidence`) on the gold documents' texts and judge every scored record.

    Kazakh gold runs with the Russian originals (`ru_dir`), so alignment counts; Russian gold
    (`"lang": "ru"` in the gold file) runs as a Russian document."""
    from ..evaluate import load_gold
    from ..runner import Pipeline, RunConfig
    from .routing import record_outcomes

    golds = load_gold(gold_path)
    out: list[Example] = []
    for gold in golds:
        data = json.loads(Path(gold.path).read_text(encoding="utf-8"))
        lang = str(data.get("lang") or "kk")
        text_path = Path(gold.path).parent / data.get("text_file", f"{gold.doc_id}.txt")
        pipeline = Pipeline(RunConfig())
        pipeline.config.stages = [s for s in pipeline.config.stages if s != "confidence"]
        if lang == "ru":
            result = pipeline.run([], ru_inputs=[str(text_path)])
        else:
            ru = [str(ru_dir)] if ru_dir and Path(ru_dir).is_dir() else []
            result = pipeline.run([str(text_path)], ru_inputs=ru)
        if result.errors:
            raise ValueError(f"{text_path}: {result.errors[0]}")
        aligned = aligned_record_ids(result.alignments) | aligned_record_ids(result.telegrams)
        doc = next(d for d in result.documents if d.lang == lang)
        evidence = pipeline.ctx.resource(EVIDENCE, dict)
        feats = {r.id: x for r, x in zip(doc.records, document_features(doc.records, aligned, doc.text, evidence))}
        sentences = doc.sentences
        records = [r for r in doc.records if r.doc_id == doc.doc_id]
        for rec, correct in record_outcomes(records, gold):
            sent = next((i for i, (s, e) in enumerate(sentences) if s <= rec.start < e), -1)
            out.append(Example(feats[rec.id], correct, rec.confidence, f"gold:{gold.doc_id}:{sent}",
                               f"gold:{gold.doc_id}", lang))
    return out


def kaznerd_examples(data_path: Path | None = None) -> list[Example]:
    """The NER model's raw scores on its held-out KazNERD dev split, as examples for model records."""
    from ..ner.model import dev_entity_scores

    out = []
    for row in dev_entity_scores(data_path=data_path):
        if row.jazba_label is None:
            continue
        rec = Record(doc_id="kaznerd", label=row.jazba_label, start=0, end=len(row.text), text=row.text,
                     norm={"ru": row.text}, confidence=row.score, source="model:spacy")
        out.append(Example(record_features(rec, kaznerd=True), row.correct, row.score,
                           f"kaznerd:{row.sentence}", "kaznerd"))
    return out


def _kaznerd_citation() -> str:
    from ..ner.kaznerd import CITATION

    return CITATION


# -- the command ------------------------------------------------------------------------------
def report(examples: Sequence[Example], probs: np.ndarray, l2: float = 1.0) -> list[str]:
    """Per data set: accuracy, ECE of the raw scores, cross-validated ECE, and ECE when the whole
    data set is left out of the fit (the strictest: nothing from that text was seen)."""
    lines = []
    names = sorted({e.dataset for e in examples})
    for name in names + ["all"]:
        idx = [i for i, e in enumerate(examples) if name == "all" or e.dataset == name]
        y = [examples[i].correct for i in idx]
        raw = [examples[i].raw for i in idx]
        line = (f"{name:<28} n={len(idx):<5} accuracy={np.mean(y):.3f}  ECE raw={ece(raw, y):.3f}  "
                f"ECE calibrated, {FOLDS_TEXT}={ece(probs[idx], y):.3f}")
        if name.startswith("gold:") and len(names) > 1:
            rest = [e for e in examples if e.dataset != name]
            held = [examples[i] for i in idx]
            cal = fit(rest, l2)
            p_out = [cal.probability(e.x) for e in held]
            line += f"  left-out-set={ece(p_out, y):.3f}"
        lines.append(line)
    y_all = [e.correct for e in examples]
    lines.append("reliability of the cross-validated confidences (all data):")
    for rng, n, conf, acc in reliability(probs, y_all):
        lines.append(f"  confidence {rng}: n={n:<5} mean confidence {conf:.2f}  accuracy {acc:.2f}")
    return lines


FOLDS_TEXT = "cross-validated"


def fit_languages(examples: Sequence[Example], folds: int = 5, info: dict | None = None,
                  default: str = "kk") -> tuple[LanguageCalibration, np.ndarray]:
    """One calibration per language present in `examples`, and every example's cross-validated
    probability from its own language's fit (what the reported ECE and the routing curve use)."""
    probs = np.zeros(len(examples))
    by_lang: dict[str, Calibrator] = {}
    for lang in sorted({e.lang for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.lang == lang]
        subset = [examples[i] for i in idx]
        probs[idx] = cross_validated(subset, folds=folds)
        by_lang[lang] = fit(subset, info={"examples": len(subset),
                                          "data": {d: sum(e.dataset == d for e in subset)
                                                   for d in sorted({e.dataset for e in subset})},
                                          "ece_cross_validated": round(ece(probs[idx], [e.correct for e in subset]), 4)})
    if default not in by_lang:
        default = next(iter(by_lang))
    return LanguageCalibration(by_lang, default, {}, dict(info or {})), probs


#: Fewer wrong gold records than this and the curve says nothing: the fallback threshold is kept.
MIN_WRONG_FOR_ROUTING = 10


def choose_routing(examples: Sequence[Example], probs: np.ndarray) -> dict:
    """The default review threshold from the cross-validated gold records (KazNERD rows are no
    archival text and have no contexts): the lowest threshold sending TARGET_WRONG_CAUGHT of the
    wrong records to review, with the whole curve for `docs/review.md`."""
    from .routing import CURVE, FALLBACK_THRESHOLD, TARGET_PUSHED, TARGET_WRONG_CAUGHT, choose_threshold, curve_from_examples

    idx = [i for i, e in enumerate(examples) if e.dataset.startswith("gold:")]
    points = curve_from_examples(probs[idx], [examples[i].correct for i in idx], [examples[i].group for i in idx], CURVE)
    wrong = points[0].wrong if points else 0
    best = choose_threshold(points) if wrong >= MIN_WRONG_FOR_ROUTING else None
    if wrong < MIN_WRONG_FOR_ROUTING:
        why = f"; only {wrong} wrong record(s) in the gold (< {MIN_WRONG_FOR_ROUTING}): too few to choose, fallback kept"
    elif best is None:
        why = "; no threshold reached the target, fallback kept"
    else:
        why = ""
    return {
        "threshold": best.threshold if best is not None else FALLBACK_THRESHOLD,
        "target_wrong_caught": TARGET_WRONG_CAUGHT,
        "target_pushed": TARGET_PUSHED,
        "chosen_from": "cross-validated gold records of every language (a context is pushed when any record in "
                       "its sentence is below the threshold)" + why,
        "curve": [[p.threshold, p.wrong_caught, p.share_pushed] for p in points],
        "wrong": points[0].wrong if points else 0,
        "records": points[0].records if points else 0,
    }


def main(args) -> int:
    t0 = time.time()
    defaults = [p for p in (DEFAULT_GOLD, HELDOUT_GOLD, HELDOUT_RU_GOLD) if p.exists()]
    golds = [Path(g) for g in args.gold] if args.gold else defaults
    for gold in golds:
        if not gold.exists():
            print(f"jazba review calibrate: error: gold file {gold} not found", file=sys.stderr)
            return 2
    if not golds:
        print(f"jazba review calibrate: error: no gold file (looked for {DEFAULT_GOLD}); pass --gold", file=sys.stderr)
        return 2
    examples: list[Example] = []
    for gold in golds:
        examples += gold_examples(gold)
    if not args.no_kaznerd:
        kaz = Path(args.kaznerd) if args.kaznerd else DEFAULT_KAZNERD
        try:
            examples += kaznerd_examples(kaz if kaz.exists() else None)
        except (FileNotFoundError, ImportError) as exc:
            print(f"jazba review calibrate: KazNERD dev rows unavailable ({exc}); fitting on the gold files only",
                  file=sys.stderr)
    if len({e.correct for e in examples}) < 2:
        print("jazba review calibrate: error: need both right and wrong records to fit", file=sys.stderr)
        return 2
    info = {
        "fitted_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": "jazba review calibrate" + "".join(f" --gold {g}" for g in (args.gold or []))
        + (" --no-kaznerd" if args.no_kaznerd else ""),
        "folds": args.folds,
        "sources": [str(g.name) for g in golds]
        + (["KazNERD dev split via the shipped NER model (Kazakh fit only): " + _kaznerd_citation()]
           if any(e.dataset == "kaznerd" for e in examples) else []),
    }
    calibration, probs = fit_languages(examples, folds=args.folds, info=info)
    for lang in sorted({e.lang for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.lang == lang]
        print(f"== {lang}: {len(idx)} records, fitted on {lang} data only ==")
        print("\n".join(report([examples[i] for i in idx], probs[idx])))
    y = [e.correct for e in examples]
    info["data"] = {d: sum(e.dataset == d for e in examples) for d in sorted({e.dataset for e in examples})}
    info["ece_cross_validated"] = {
        d: round(ece(probs[[i for i, e in enumerate(examples) if e.dataset == d]],
                     [e.correct for e in examples if e.dataset == d]), 4)
        for d in sorted({e.dataset for e in examples})}
    info["ece_cross_validated_per_language"] = {
        lang: cal.info["ece_cross_validated"] for lang, cal in calibration.by_lang.items()}
    info["ece_cross_validated_all"] = round(ece(probs, y), 4)
    calibration.info = info
    previous_path = Path(args.out) if args.out else PARAMS_PATH
    try:
        previous = load_calibrator(previous_path) if previous_path.exists() else None
    except ValueError:
        previous = None
    if previous is not None:  # a language without gold this time keeps its earlier fit
        kept = sorted(set(previous.by_lang) - set(calibration.by_lang))
        for lang in kept:
            calibration.by_lang[lang] = previous.by_lang[lang]
            print(f"== {lang}: no gold given, its earlier fit in {previous_path} is kept ==")
        if kept:
            info["kept_from_previous_fit"] = kept
        if "kk" in calibration.by_lang:
            calibration.default = "kk"
    calibration.routing = choose_routing(examples, probs)
    r = calibration.routing
    chosen = next((p for p in r["curve"] if p[0] == r["threshold"]), None)
    print(f"routing on cross-validated gold ({r['records']} records, {r['wrong']} wrong): default threshold "
          f"{r['threshold']:g}" + (f" catches {chosen[1]:.1%} of wrong records, pushes {chosen[2]:.1%}" if chosen and chosen[1] is not None else "")
          + f" ({r['chosen_from'].split('; ', 1)[1]})" * ("; " in r["chosen_from"]))
    if not args.dry_run:
        path = calibration.save(args.out or PARAMS_PATH)
        print(f"wrote {path} ({', '.join(sorted(calibration.by_lang))}: {len(FEATURES)} weights each, fitted on "
              f"{len(examples)} examples) in {time.time() - t0:.0f} s")
    return 0
