"""The corpus stage `confidence`: one calibrated probability per record, from every signal we have.

Extractors set `Record.confidence` on their own scales (beam probabilities from the NER model,
hand-set certainties from the rules). This stage turns them into calibrated probabilities --
among records with confidence near p, about a share p is correct -- with a logistic model over:

- the extractor's own score (as a logit, separately for the model and for rules/gazetteers);
- what made the record (model, rules, gazetteer) and how many of them agree on the span;
- whether a record with another label overlaps it (disagreement);
- whether the value normalised (an empty norm is a warning sign), a DATE year was inferred;
- whether the Russian aligner linked it to a Russian mention;
- the label, the language, the span length, and two looks at the text around the span: an
  initial just before it (`Д. Қонаев` read as a place is a person) and a boundary that cuts a word.

The weights are fitted per language on held-out gold of that language (`jazba review calibrate`,
pipeline.review.calibration) and shipped in `models/confidence.json`. Without that file the stage leaves scores unchanged.
"""
from __future__ import annotations

import json
import math
import re
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..records import LABELS, Record
from ..registry import corpus_stage, doc_component

#: The shipped calibration: `models/` of a source checkout, or `<prefix>/share/jazba/models` of a wheel.
PARAMS_PATH = Path(__file__).resolve().parents[2] / "models" / "confidence.json"
_INSTALLED_PARAMS = Path(sysconfig.get_paths()["data"]) / "share" / "jazba" / "models" / "confidence.json"

#: Extractors whose precision differs enough to be worth a weight of their own (a record's `source`
#: is matched against these prefixes, longest first): a person found only as a bare surname is less
#: often right than a gazetteer place, whatever the label says.
SOURCE_KINDS: tuple[str, ...] = (
    "rules:dates", "rules:numbers", "rules:times", "rules:docnums", "rules:archrefs",
    "rules:persons", "rules:places", "rules:orgs", "rules:org_grammar", "rules:roles", "rules:camps",
    "gazetteer:places", "gazetteer:orgs", "gazetteer:camps", "model:spacy", "model:slovnet",
    "rules:ru.numbers", "rules:ru.persons", "rules:ru.places", "rules:ru.orgs", "rules:ru.roles", "rules:ru.archrefs",
)

#: Feature names, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "logit_model", "logit_rules",
    "src_model", "src_rules", "src_gazetteer",
    "agreeing_sources", "conflicting_overlap",
    "norm_missing", "year_inferred", "aligned_ru",
    "lang_ru", "one_char", "log_tokens", "initial_before", "inside_token", "kaznerd",
    *(f"label_{label}" for label in LABELS),
    *(f"source_{kind}" for kind in SOURCE_KINDS),
)
_SOURCE_KINDS_LONGEST_FIRST = sorted(SOURCE_KINDS, key=len, reverse=True)

#: What a record's `source` says about the family that produced it.
_FAMILIES = {"model": "model", "rules": "rules", "gazetteer": "gazetteer", "gaz": "gazetteer"}
#: The norm key that must be present when normalisation worked.
_NORM_KEY = {"DATE": "iso", "TIME": "time", "NUMBER": "value", "DOCNUM": "value",
             "PERSON": "ru", "PLACE": "ru", "ORG": "ru", "ROLE": "ru"}


def families(source: str) -> set[str]:
    """`model:spacy+gazetteer:camps` -> {"model", "gazetteer"}; unknown prefixes count as rules."""
    out = set()
    for part in source.replace(",", "+").split("+"):
        head = part.strip().split(":", 1)[0].lower()
        if head:
            out.add(_FAMILIES.get(head, "rules"))
    return out


def logit(p: float) -> float:
    p = min(0.99, max(0.01, float(p)))
    return math.log(p / (1 - p))


_INITIAL_BEFORE = re.compile(r"(?:^|[\s(«\"])[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*$")


def record_features(rec: Record, neighbours: Iterable[Record] = (), aligned: bool = False,
                    kaznerd: bool = False, text: str | None = None,
                    evidence: set[str] | None = None) -> dict[str, float]:
    """The features of one record; `neighbours` are the other records of its document that overlap
    it, `text` the document text (for the context features; None when there is none), `evidence`
    the families that found it before the merge (`collect_evidence`)."""
    fams = families(rec.source)
    agreeing, conflict = set(fams) | set(evidence or ()), 0.0
    for other in neighbours:
        if other is rec or not (other.start < rec.end and rec.start < other.end):
            continue
        if other.label == rec.label:
            agreeing |= families(other.source)
        else:
            conflict = 1.0
    key = _NORM_KEY.get(rec.label)
    norm_missing = float(bool(key) and rec.norm.get(key) in (None, "", []))
    x = {name: 0.0 for name in FEATURES}
    is_model = "model" in fams
    x["logit_model" if is_model else "logit_rules"] = logit(rec.confidence)
    for fam in fams:
        x[f"src_{fam}"] = 1.0
    x["agreeing_sources"] = float(max(0, len(agreeing) - 1))
    x["conflicting_overlap"] = conflict
    x["norm_missing"] = norm_missing
    x["year_inferred"] = float(rec.label == "DATE" and bool(rec.norm.get("year_inferred")))
    x["aligned_ru"] = float(aligned)
    x["lang_ru"] = float(rec.lang == "ru")
    x["one_char"] = float(len(rec.text.strip()) <= 1)
    x["log_tokens"] = math.log(1 + len(rec.text.split()))
    if text is not None:
        before = text[max(0, rec.start - 6):rec.start]
        x["initial_before"] = float(rec.label != "PERSON" and bool(_INITIAL_BEFORE.search(before)))
        cut_left = rec.start > 0 and text[rec.start - 1].isalpha() and text[rec.start].isalpha()
        cut_right = rec.end < len(text) and text[rec.end].isalpha() and text[rec.end - 1].isalpha()
        x["inside_token"] = float(cut_left or cut_right)
    x["kaznerd"] = float(kaznerd)
    if f"label_{rec.label}" in x:
        x[f"label_{rec.label}"] = 1.0
    for part in rec.source.replace(",", "+").split("+"):
        kind = next((k for k in _SOURCE_KINDS_LONGEST_FIRST if part.strip().startswith(k)), None)
        if kind is not None:
            x[f"source_{kind}"] = 1.0
    return x


#: `ctx` resource: record id -> extractor families that found the same label on overlapping text.
EVIDENCE = "review.evidence"


@doc_component("review.evidence", langs=("kk",))
def collect_evidence(doc, ctx) -> list:
    """Note, before `kk.entities` merges overlapping spans away, which extractors agreed on each
    span (a rule span the model also found is likelier right); produces no records."""
    table = ctx.resource(EVIDENCE, dict)
    table.update(overlap_evidence(doc.records))
    return []


def overlap_evidence(records: list[Record]) -> dict[str, set[str]]:
    """Record id -> families of all records with its label overlapping it (itself included)."""
    order = sorted(records, key=lambda r: (r.start, r.end))
    out: dict[str, set[str]] = {}
    active: list[Record] = []
    for rec in order:
        active = [a for a in active if a.end > rec.start]
        fams = families(rec.source)
        for other in active:
            if other.label == rec.label:
                out.setdefault(other.id, families(other.source)).update(fams)
                fams = fams | families(other.source)
        out[rec.id] = out.get(rec.id, set()) | fams
        active.append(rec)
    return out


def aligned_record_ids(alignments: Iterable[Any]) -> set[str]:
    """Every string anywhere inside the alignments: record ids among them mark aligned records."""
    out: set[str] = set()
    stack = list(alignments)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return out


def document_features(records: list[Record], aligned_ids: set[str] = frozenset(),
                      text: str | None = None, evidence: Mapping[str, set[str]] | None = None) -> list[dict[str, float]]:
    """Features for every record of one document (neighbours found by a sweep over sorted spans)."""
    order = sorted(range(len(records)), key=lambda i: (records[i].start, records[i].end))
    out: list[dict[str, float]] = [{} for _ in records]
    for pos, i in enumerate(order):
        rec = records[i]
        near = []
        for j in order[max(0, pos - 8): pos + 9]:
            if j != i:
                near.append(records[j])
        out[i] = record_features(rec, near, aligned=rec.id in aligned_ids, text=text,
                                 evidence=(evidence or {}).get(rec.id))
    return out


@dataclass
class Calibrator:
    """Logistic calibration: p = sigmoid(bias + sum(weights[f] * x[f]))."""

    weights: dict[str, float]
    bias: float
    info: dict[str, Any] = field(default_factory=dict)

    def probability(self, x: Mapping[str, float]) -> float:
        z = self.bias + sum(w * x.get(name, 0.0) for name, w in self.weights.items())
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "logistic", "features": list(self.weights), "weights": list(self.weights.values()),
                "bias": self.bias, "info": self.info}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Calibrator":
        if data.get("kind") != "logistic" or len(data["features"]) != len(data["weights"]):
            raise ValueError("not a jazba logistic calibration (kind/features/weights)")
        return cls(dict(zip(data["features"], map(float, data["weights"]))), float(data["bias"]),
                   dict(data.get("info", {})))

    def save(self, path: str | Path = PARAMS_PATH) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path


@dataclass
class LanguageCalibration:
    """One logistic calibration per language (`kk`, `ru`), each fitted on gold of its language.

    A language without its own fit uses `default`'s (and says so in `info`). Also carries the
    review `routing` chosen when it was fitted: `{"threshold", "target_wrong_caught", "curve"}`.
    Files of the older single-calibration format load as the same calibration for every language.
    """

    by_lang: dict[str, Calibrator]
    default: str = "kk"
    routing: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def for_lang(self, lang: str | None) -> Calibrator:
        return self.by_lang.get(lang or self.default) or self.by_lang[self.default]

    def probability(self, x: Mapping[str, float], lang: str | None = None) -> float:
        return self.for_lang(lang).probability(x)

    @property
    def weights(self) -> dict[str, float]:
        return self.for_lang(self.default).weights

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "per_language", "default": self.default,
                "languages": {lang: cal.to_dict() for lang, cal in sorted(self.by_lang.items())},
                "routing": self.routing, "info": self.info}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "LanguageCalibration":
        if data.get("kind") == "logistic":
            single = Calibrator.from_dict(data)
            return cls({"kk": single}, "kk", {}, dict(single.info))
        if data.get("kind") != "per_language" or not data.get("languages"):
            raise ValueError("not a jazba calibration (kind per_language with languages, or logistic)")
        by_lang = {lang: Calibrator.from_dict(d) for lang, d in data["languages"].items()}
        default = data.get("default") or next(iter(by_lang))
        if default not in by_lang:
            raise ValueError(f"default language {default!r} has no calibration")
        return cls(by_lang, default, dict(data.get("routing") or {}), dict(data.get("info") or {}))

    def save(self, path: str | Path = PARAMS_PATH) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path


def load_calibrator(path: str | Path | None = None) -> LanguageCalibration | None:
    """The shipped calibration (None when the file is absent); a broken file is a clear error."""
    if path is None:
        path = PARAMS_PATH if PARAMS_PATH.exists() else _INSTALLED_PARAMS
    path = Path(path)
    if not path.exists():
        return None
    try:
        return LanguageCalibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: unreadable confidence calibration ({exc}); refit with `jazba review calibrate`") from exc


def calibrate_records(records: list[Record], calibrator: Calibrator | LanguageCalibration,
                      aligned_ids: set[str] = frozenset(), text: str | None = None,
                      evidence: Mapping[str, set[str]] | None = None) -> None:
    """Replace the machine records' confidences (one document's records) with calibrated ones,
    each with the calibration of its own language."""
    for rec, x in zip(records, document_features(records, aligned_ids, text, evidence)):
        if rec.status == "machine":
            cal = calibrator.for_lang(rec.lang) if isinstance(calibrator, LanguageCalibration) else calibrator
            rec.confidence = round(cal.probability(x), 4)


@corpus_stage("confidence")
def confidence_stage(result, ctx) -> None:
    """Set every machine record's final, calibrated confidence (after alignment, which it uses)."""
    path = (ctx.config.options or {}).get("confidence_params")
    calibrator = ctx.resource(f"confidence:{path or 'shipped'}", lambda: load_calibrator(path))
    if calibrator is None:
        return
    aligned = aligned_record_ids(result.alignments) | aligned_record_ids(result.telegrams)
    for doc in result.documents:
        calibrate_records(doc.records, calibrator, aligned, doc.text, ctx.resource(EVIDENCE, dict))
