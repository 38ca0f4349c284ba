"""Training and evaluating the Kazakh NER model: `train_model` is what `jazba train` runs.

    from pipeline.ner.train import train_model
    result = train_model("models/kk_ner.cfg", "models/kk_ner", extra_docs=reviewed_docs)
    print(result.report())

The KazNERD file is split into train/dev by `kaznerd.split_train_dev` with a fixed seed; extra
documents (reviewed annotations from the store) are added to the training part only, so dev
scores stay comparable between runs.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import kaznerd
from .kaznerd import Sentence



def _find_config() -> Path:
    """models/kk_ner.cfg of a checkout, else the copy a wheel installs in <prefix>/share/jazba/models."""
    import sysconfig

    package = Path(__file__).resolve().parents[1]
    candidates = [package.parent / "models" / "kk_ner.cfg"]
    candidates += [p / "share" / "jazba" / "models" / "kk_ner.cfg" for p in package.parents]
    candidates.append(Path(sysconfig.get_path("data")) / "share" / "jazba" / "models" / "kk_ner.cfg")
    return next((c for c in candidates if c.is_file()), candidates[0])


#: The training config shipped with jazba (models/kk_ner.cfg).
DEFAULT_CONFIG = _find_config()
#: Environment variable naming the KazNERD IOB2 file(s), separated by os.pathsep
#: (default: ../shared/data/kaznerd/IOB2_valid.txt and IOB2_test_part2.txt).
DATA_ENV = "JAZBA_KAZNERD"
#: The KazNERD files trained on by default, in this order (those present are used).
DEFAULT_DATA_FILES = ("IOB2_valid.txt", "IOB2_test_part2.txt")
#: The fine classes whose dev F1 the model card reports first (the acceptance classes).
KEY_CLASSES = ("PERSON", "GPE", "LOCATION", "ORGANISATION", "FACILITY", "POSITION")


def default_data_paths() -> list[Path]:
    """`$JAZBA_KAZNERD` (one or more files joined by os.pathsep), else the KazNERD files of
    `../shared/data/kaznerd/` next to the repository that exist (the first one if none does)."""
    env = os.environ.get(DATA_ENV)
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "kaznerd"
    present = [folder / name for name in DEFAULT_DATA_FILES if (folder / name).is_file()]
    return present or [folder / DEFAULT_DATA_FILES[0]]



@dataclass
class LabelScore:
    p: float
    r: float
    f: float
    support: int  # gold entities


@dataclass
class DevScores:
    """Per-label precision/recall/F1 on the dev split: KazNERD classes and jazba labels."""

    fine: dict[str, LabelScore] = field(default_factory=dict)
    jazba: dict[str, LabelScore] = field(default_factory=dict)
    overall: LabelScore | None = None
    n_sentences: int = 0
    n_tokens: int = 0

    def table(self, classes: Sequence[str] | None = None) -> str:
        """A plain-text table: key classes first, then jazba labels, then everything else."""
        rows = ["label              P      R      F1   gold"]
        order = list(classes or KEY_CLASSES) + sorted(set(self.fine) - set(classes or KEY_CLASSES))
        for name in order:
            if name in self.fine:
                s = self.fine[name]
                rows.append(f"{name:<16} {s.p:6.3f} {s.r:6.3f} {s.f:6.3f} {s.support:6d}")
        rows.append("-- jazba labels (classes merged as kk.ner emits them) --")
        for name, s in sorted(self.jazba.items()):
            rows.append(f"{name:<16} {s.p:6.3f} {s.r:6.3f} {s.f:6.3f} {s.support:6d}")
        if self.overall:
            s = self.overall
            rows.append(f"{f'ALL ({len(self.fine)} classes)':<16} {s.p:6.3f} {s.r:6.3f} {s.f:6.3f} {s.support:6d}")
        return "\n".join(rows)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TrainResult:
    model_dir: Path
    scores: DevScores
    seconds: float
    n_train: int
    n_dev: int
    n_extra: int

    def report(self) -> str:
        return (
            f"model: {self.model_dir}\n"
            f"trained on {self.n_train} KazNERD sentences + {self.n_extra} extra docs, "
            f"dev {self.n_dev} sentences, {self.seconds / 60:.1f} min wall clock\n"
            f"dev scores:\n{self.scores.table()}"
        )


def load_split(
    data_path: str | Path | Sequence[str | Path] | None = None, seed: int = 0, dev_fraction: float = 0.1
) -> tuple[list[Sentence], list[Sentence]]:
    """The (train, dev) sentences of one or more KazNERD files, split with `seed`.

    Each file is split on its own and the parts concatenated, so adding a file never moves a
    sentence of another file between train and dev (dev scores stay comparable)."""
    if data_path is None:
        paths = default_data_paths()
    elif isinstance(data_path, (str, Path)):
        paths = [Path(data_path)]
    else:
        paths = [Path(p) for p in data_path]
    train: list[Sentence] = []
    dev: list[Sentence] = []
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(
                f"KazNERD data not found at {path}: pass data_path / --data or set ${DATA_ENV}"
            )
        t, d = kaznerd.split_train_dev(kaznerd.read_iob2(path), dev_fraction=dev_fraction, seed=seed)
        train += t
        dev += d
    return train, dev


def train_model(
    config_path: str | Path = DEFAULT_CONFIG,
    out_dir: str | Path = "models/kk_ner",
    extra_docs: Iterable | None = None,
    *,
    data_path: str | Path | Sequence[str | Path] | None = None,
    seed: int = 0,
    dev_fraction: float = 0.1,
    overrides: dict[str, Any] | None = None,
    work_dir: str | Path | None = None,
    log=None,
) -> TrainResult:
    """Train the NER model from `config_path` on the KazNERD train split (+ `extra_docs`), save it
    to `out_dir` with its dev scores in `out_dir/scores.json`, and return the result.

    `extra_docs` are more training documents: spaCy `Doc`s with `.ents` (fine KazNERD classes),
    or `(text, spans)` pairs whose spans are `(start, end, jazba_label[, subtype])` character
    offsets -- reviewed annotations from the store (converted by `kaznerd.doc_from_annotations`).
    `overrides` are spaCy config overrides (e.g. `{"training.max_epochs": 2}`).
    """
    import spacy
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp

    config_path = Path(config_path)
    if not config_path.is_file():
        raise FileNotFoundError(f"training config not found: {config_path}")
    out_dir = Path(out_dir)
    started = time.time()
    train, dev = load_split(data_path, seed=seed, dev_fraction=dev_fraction)
    owns_work = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="jazba-train-")) if owns_work else Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        config = util.load_config(config_path, interpolate=False, overrides={
            "system.seed": seed, **(overrides or {}),
            "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
        })
        classes = config.get("jazba", {}).get("classes")  # None: all 25 KazNERD classes
        train = kaznerd.keep_classes(train, classes)
        blank = spacy.blank("kk")
        extra = [_as_doc(blank, item) for item in (extra_docs or [])]
        kaznerd.to_docbin(blank.vocab, train, extra).to_disk(work / "train.spacy")
        kaznerd.to_docbin(blank.vocab, kaznerd.keep_classes(dev, classes)).to_disk(work / "dev.spacy")
        print(f"jazba train: {len(train)} train + {len(extra)} extra, {len(dev)} dev sentences (seed {seed})", file=log or sys.stdout)
        nlp = init_nlp(config, use_gpu=-1)
        (work / "training").mkdir(exist_ok=True)
        nlp, _ = train_nlp(nlp, work / "training", use_gpu=-1, stdout=log or sys.stdout, stderr=sys.stderr)
        best = work / "training" / "model-best"
        nlp = spacy.load(best) if best.is_dir() else nlp
        seconds = time.time() - started
        scores = save_model(nlp, out_dir, dev, seed=seed, dev_fraction=dev_fraction, n_train=len(train),
                            n_extra=len(extra), seconds=seconds)
    finally:
        if owns_work:
            shutil.rmtree(work, ignore_errors=True)
    return TrainResult(out_dir, scores, seconds, len(train), len(dev), len(extra))


def gold_training_docs(gold_paths: Iterable[str | Path]) -> list[tuple[str, list[tuple]]]:
    """Training documents from jazba gold files (`*.gold.json` beside their texts; files or folders):
    `(clean text, [(start, end, label, subtype), ...])` for the annotated part, in clean-view offsets (the
    text the model reads at run time). Labels the model does not learn stay *missing*, not outside."""
    from ..evaluate import load_gold
    from ..textflow import make_view

    docs = []
    for path in gold_paths:
        for gold in load_gold(path):
            text_path = Path(gold.path).with_name(Path(gold.path).name.replace(".gold.json", ".txt"))
            original = text_path.read_text(encoding="utf-8")
            limit = gold.annotated_until if gold.annotated_until is not None else len(original)
            view = make_view(original[:limit])
            spans = []
            for s in gold.spans:
                if s.end > limit or s.label == "IGNORE":
                    continue
                cs, ce = view.to_clean(s.start, s.end)
                if ce > cs:
                    spans.append((cs, ce, s.label, None))
            docs.append((view.text, spans))
    return docs


def save_model(nlp, out_dir: str | Path, dev: Sequence[Sentence], *, seed: int = 0, dev_fraction: float = 0.1,
               n_train: int = 0, n_extra: int = 0, seconds: float = 0.0) -> DevScores:
    """Score a trained pipeline on `dev`, stamp its meta (credit, scores) and save it to `out_dir`
    with `scores.json`. `train_model` ends with this; it also finalises a checkpoint by hand."""
    from .model import stamp_meta

    out_dir = Path(out_dir)
    scores = evaluate(nlp, dev)
    scores_kk = evaluate(nlp, dev, tokens="kk")
    stamp_meta(nlp, scores=scores, seed=seed, n_train=n_train, n_dev=len(dev), n_extra=n_extra, seconds=seconds)
    _replace_dir(nlp, out_dir)
    (out_dir / "scores.json").write_text(
        json.dumps(
            {"seed": seed, "dev_fraction": dev_fraction, "n_train": n_train, "n_dev": len(dev),
             "n_extra": n_extra, "train_seconds": round(seconds, 1), "dev": scores.to_dict(),
             "dev_jazba_tokenizer": scores_kk.to_dict()},
            ensure_ascii=False, indent=2,
        ),
        encoding="utf-8",
    )
    return scores


def _as_doc(nlp, item):
    from spacy.tokens import Doc

    if isinstance(item, Doc):
        return item
    try:
        text, spans = item
    except (TypeError, ValueError):
        raise TypeError(f"extra training doc must be a spaCy Doc or (text, spans), got {type(item).__name__}") from None
    return kaznerd.doc_from_annotations(nlp, text, spans)


def _replace_dir(nlp, out_dir: Path) -> None:
    """Write the model next to `out_dir`, then swap it in: a failed save never leaves half a model."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(out_dir.name + ".tmp-new")
    old = out_dir.with_name(out_dir.name + ".tmp-old")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    nlp.to_disk(tmp)
    if out_dir.exists():
        out_dir.rename(old)
    tmp.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def evaluate(nlp, sentences: Sequence[Sentence], tokens: str = "gold") -> DevScores:
    """Exact-span P/R/F1 per fine class and per jazba label on `sentences`.

    `tokens="gold"` runs the model on KazNERD's own tokens (the usual NER score); `tokens="kk"`
    runs it on the sentence text tokenised by jazba's Kazakh tokenizer -- what `kk.ner` sees --
    and compares character spans, so tokenisation differences count as errors.
    """
    from spacy.tokens import Doc

    from .model import predict_entities

    known = set(nlp.get_pipe("ner").labels)  # a model trained on fewer classes is scored on those
    docs = [kaznerd.sentence_to_doc(nlp.vocab, s) for s in kaznerd.keep_classes(sentences, known)]
    gold = [{(e.start_char, e.end_char, e.label_) for e in d.ents} for d in docs]
    if tokens == "gold":
        inputs = [Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]) for d in docs]
    elif tokens == "kk":
        inputs = [nlp.make_doc(d.text) for d in docs]
    else:
        raise ValueError(f"tokens must be 'gold' or 'kk', got {tokens!r}")
    predicted = predict_entities(nlp, inputs)
    pred = [{(e.start_char, e.end_char, e.label) for e in ents} for ents in predicted]
    scores = DevScores(n_sentences=len(sentences), n_tokens=sum(len(s.tokens) for s in sentences))
    scores.fine = _prf(gold, pred, key=lambda lab: lab)
    scores.jazba = _prf(gold, pred, key=kaznerd.to_jazba_label)
    scores.overall = _micro(gold, pred)
    return scores


def _micro(gold, pred) -> LabelScore:
    """Micro-averaged exact (span, class) match over all fine classes (spaCy's `ents_f`)."""
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    ng, np_ = sum(map(len, gold)), sum(map(len, pred))
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return LabelScore(round(p, 4), round(r, 4), round(f, 4), ng)


def _prf(gold, pred, key) -> dict[str, LabelScore]:
    tp: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    for g, p in zip(gold, pred):
        g2 = {(a, b, key(c)) for a, b, c in g if key(c)}
        p2 = {(a, b, key(c)) for a, b, c in p if key(c)}
        for *_, lab in g2:
            n_gold[lab] = n_gold.get(lab, 0) + 1
        for *_, lab in p2:
            n_pred[lab] = n_pred.get(lab, 0) + 1
        for *_, lab in g2 & p2:
            tp[lab] = tp.get(lab, 0) + 1
    out = {}
    for lab in sorted(set(n_gold) | set(n_pred)):
        t, ng, np_ = tp.get(lab, 0), n_gold.get(lab, 0), n_pred.get(lab, 0)
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = LabelScore(round(p, 4), round(r, 4), round(f, 4), ng)
    return out
