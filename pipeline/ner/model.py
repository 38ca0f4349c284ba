"""Finding, loading and running the shipped NER model, with a probability for every entity.

Where the model is looked for, first hit wins:

1. an explicit path (`RunConfig.model_path`, `jazba run --model DIR`);
2. `$JAZBA_MODEL_DIR`;
3. `models/kk_ner` next to the `pipeline` package (a source checkout or an editable install);
4. `share/jazba/models/kk_ner` under the installation prefix (a wheel / `pip install .` puts it
   there as data-files: found relative to the installed package and through `sysconfig`).

The model is a spaCy `beam_ner`: besides the best parse, the beam gives each entity the summed
probability of the beam parses that contain it (`EntityRecognizer.scored_ents`), which is what
`Record.confidence` carries. `dev_entity_scores` gives those raw scores for the dev split, with a
correct/incorrect flag, for calibration (issue 5).
"""
from __future__ import annotations

import os
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import ModelError

MODEL_ENV = "JAZBA_MODEL_DIR"
MODEL_NAME = "kk_ner"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # .../pipeline
_SHARE = Path("share") / "jazba" / "models" / MODEL_NAME


class ModelNotFoundError(ModelError, FileNotFoundError):
    """No NER model where one was expected; the message lists the places searched."""


def candidate_dirs() -> list[Path]:
    """The default places, in search order (without an explicit path)."""
    out = []
    env = os.environ.get(MODEL_ENV)
    if env:
        out.append(Path(env))
    out.append(_PACKAGE_DIR.parent / "models" / MODEL_NAME)
    # a wheel install: <prefix>/lib/pythonX.Y/site-packages/pipeline -> <prefix>/share/jazba/...
    for parent in _PACKAGE_DIR.parents:
        out.append(parent / _SHARE)
    out.append(Path(sysconfig.get_path("data")) / _SHARE)  # the running interpreter's prefix
    seen, unique = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def find_model(path: str | Path | None = None) -> Path:
    """The model directory to load: `path` if given (must exist), else the first default found."""
    if path is not None:
        p = Path(path)
        if not (p / "config.cfg").is_file():
            raise ModelNotFoundError(f"{p}: not a spaCy model directory (no config.cfg)")
        return p
    env = os.environ.get(MODEL_ENV)
    if env and not (Path(env) / "config.cfg").is_file():
        raise ModelNotFoundError(f"${MODEL_ENV}={env}: not a spaCy model directory (no config.cfg)")
    for p in candidate_dirs():
        if (p / "config.cfg").is_file():
            return p
    searched = "\n  ".join(str(p) for p in candidate_dirs())
    raise ModelNotFoundError(
        f"the Kazakh NER model ({MODEL_NAME}) was not found; searched:\n  {searched}\n"
        f"train one with `jazba train`, or point --model / ${MODEL_ENV} at a model directory"
    )


def load_model(path: str | Path | None = None):
    """Load the spaCy model, tokenising with jazba's current Kazakh rules (not a saved copy).

    The layers run their matrix products through numpy (OpenBLAS) instead of thinc's default BLIS:
    on the development machine's AMD EPYC that made `kk.ner` ~27 % faster with identical entities
    on all 7,580 bench sentences (`NumpyOps(use_blis=False)`; models/MODEL_CARD.md, "Speed").
    """
    import spacy
    from thinc.api import use_ops

    import pipeline.lang.kk  # noqa: F401  (the "kk" language must be importable)

    model_dir = find_model(path)
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(model_dir, exclude=["tokenizer"])
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(f"{model_dir}: the model has no 'ner' component (pipes: {nlp.pipe_names})")
    return nlp


@dataclass(frozen=True)
class ScoredEntity:
    """A model entity in token offsets of its spaCy Doc, with the beam probability."""

    start: int
    end: int
    label: str  # fine KazNERD class
    score: float
    start_char: int
    end_char: int
    text: str


def predict_entities(nlp, docs: Sequence, batch_size: int = 64) -> list[list[ScoredEntity]]:
    """Run the NER on tokenised `docs` (in place) and return their entities with probabilities.

    With a beam model the score is the beam probability of the (start, end, label) span; with a
    greedy model (beam width 1) there is no probability, and 1.0 is returned.
    """
    ner = nlp.get_pipe("ner")
    for name, proc in nlp.pipeline:
        if name != "ner":
            docs = list(proc.pipe(docs))
    out: list[list[ScoredEntity]] = []
    for i in range(0, len(docs), batch_size):
        batch = docs[i : i + batch_size]
        states = ner.predict(batch)
        ner.set_annotations(batch, states)
        beam = ner.cfg.get("beam_width", 1) > 1
        score_maps = ner.scored_ents(states) if beam else [None] * len(batch)
        for doc, scores in zip(batch, score_maps):
            ents = []
            for ent in doc.ents:
                score = 1.0 if scores is None else float(scores.get((ent.start, ent.end, ent.label_), 0.0))
                ents.append(
                    ScoredEntity(ent.start, ent.end, ent.label_, min(1.0, max(0.0, score)),
                                 ent.start_char, ent.end_char, ent.text)
                )
            out.append(ents)
    return out


@dataclass(frozen=True)
class DevRow:
    """One predicted dev-set entity, for calibrating `confidence` (issue 5)."""

    sentence: int
    text: str
    start: int  # token offsets in the dev sentence
    end: int
    label: str  # fine KazNERD class
    jazba_label: str | None
    score: float
    correct: bool  # exact span and class match a gold entity


def dev_entity_scores(
    model_path: str | Path | None = None,
    data_path: str | Path | None = None,
    seed: int = 0,
    dev_fraction: float = 0.1,
    nlp=None,
) -> list[DevRow]:
    """Run the model on the held-out KazNERD dev split (same seeded split as training) and return
    one row per predicted entity: (span, raw beam score, correct?). Not part of training data, so
    fit a calibrator on these rows, not on training sentences.
    """
    from spacy.tokens import Doc

    from . import kaznerd
    from .train import load_split

    nlp = nlp or load_model(model_path)
    _, dev = load_split(data_path, seed=seed, dev_fraction=dev_fraction)
    docs = [Doc(nlp.vocab, words=list(s.tokens), spaces=kaznerd.guess_spaces(s.tokens)) for s in dev]
    rows = []
    for i, (sent, ents) in enumerate(zip(dev, predict_entities(nlp, docs))):
        gold = set(sent.spans())
        for e in ents:
            rows.append(DevRow(i, e.text, e.start, e.end, e.label, kaznerd.to_jazba_label(e.label),
                               e.score, (e.start, e.end, e.label) in gold))
    return rows


def stamp_meta(nlp, *, scores=None, seed: int = 0, n_train: int = 0, n_dev: int = 0, n_extra: int = 0,
               seconds: float = 0.0) -> None:
    """Name, licence, data source and dev scores in the model's meta.json."""
    from . import kaznerd

    meta = nlp.meta
    meta["name"] = MODEL_NAME
    meta["version"] = meta.get("version") or "0.1.0"
    meta["description"] = (
        "jazba Kazakh NER (spaCy beam_ner, CNN tok2vec, CPU) trained on the KazNERD validation split "
        f"(seeded block split {n_train}/{n_dev} train/dev sentences, seed {seed}, +{n_extra} extra docs)"
    )
    meta["license"] = "CC BY 4.0 (model trained on KazNERD)"
    meta["sources"] = [{"name": "KazNERD", "url": "https://github.com/IS2AI/KazNERD", "license": "CC BY 4.0",
                        "author": "Yeshpanov, Khassanov, Varol (LREC 2022)", "citation": kaznerd.CITATION}]
    if scores is not None:
        meta["jazba_dev_scores"] = {k: {"p": v.p, "r": v.r, "f": v.f, "support": v.support}
                                    for k, v in {**scores.fine, **scores.jazba}.items()}
    meta["jazba_train_seconds"] = round(seconds, 1)
