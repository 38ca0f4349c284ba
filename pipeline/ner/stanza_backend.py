"""The stanza backend for Kazakh NER: `jazba run --backend stanza`.

stanza's Kazakh pipeline (neural tokenizer + BiLSTM-CRF NER trained on KazNERD) is an alternative
to the shipped spaCy model. It is optional: stanza needs torch, which is not in the default
install, and its Kazakh models come from a model hub, so they must already be on disk
(`$STANZA_RESOURCES_DIR`, else stanza's own default directory). Nothing is ever
downloaded here (`download_method=None`); when stanza or the models are missing,
`BackendUnavailable` says exactly how to get them, and `jazba run` turns it into a message and
exit code 2.

stanza reads the re-flowed clean view of the document (line breaks and hyphenation undone);
its character offsets are mapped back to the original text with `view.to_original`.

Confidence: stanza's NER decodes a linear-chain CRF with Viterbi and reports no probabilities.
`crf_span_probabilities` re-reads the CRF's emission and transition scores for the parsed
sentences (one more forward pass of the NER model) and gives each entity the CRF's marginal
probability of its tag sequence on its tokens (forward-backward) -- the analogue of the spaCy
model's beam probability. If a stanza version lays its internals out differently, every entity
falls back to `FALLBACK_CONFIDENCE` (with a warning), so the backend still runs.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..records import Document, Record
from ..runner import RunContext, view_of
from .kaznerd import to_jazba_label

SOURCE = "model:stanza"

logger = logging.getLogger(__name__)

#: Confidence of a stanza entity when its CRF probability cannot be computed (see the module doc).
FALLBACK_CONFIDENCE = 0.6

#: `RunConfig.options` key that overrides `$STANZA_RESOURCES_DIR` (library use, tests).
DIR_OPTION = "stanza_resources_dir"

_PROCESSORS = ("tokenize", "ner")

HOW_TO_GET = """\
To use --backend stanza:
  1. install torch's CPU build first, then the extra:
       pip install torch==2.13.0 && pip install 'jazba[stanza]'   (from a checkout: pip install -e '.[stanza]')
  2. on a machine with internet access, download the Kazakh models:
       python -c 'import stanza; stanza.download("kk", processors="tokenize,ner", model_dir="stanza_resources")'
  3. copy that stanza_resources directory (resources.json and kk/) to this machine and point
     STANZA_RESOURCES_DIR at it:
       export STANZA_RESOURCES_DIR=/path/to/stanza_resources"""


class BackendUnavailable(ModelError, RuntimeError):
    """The requested NER backend cannot run here; the message says what is missing and how to get it."""


def resources_dir(ctx: RunContext | None = None) -> Path:
    """Where the stanza models are: the run option, else `$STANZA_RESOURCES_DIR`, else stanza's default."""
    if ctx is not None and ctx.config.options.get(DIR_OPTION):
        return Path(ctx.config.options[DIR_OPTION]).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    try:  # read at call time: stanza fixes its default when first imported
        from stanza.resources.common import DEFAULT_MODEL_DIR
    except ImportError:  # only shown in messages; "stanza is not installed" is reported first
        return Path.home() / "stanza_resources"
    return Path(DEFAULT_MODEL_DIR)


def check_resources(model_dir: Path) -> None:
    """Raise `BackendUnavailable` unless `model_dir` holds stanza's Kazakh tokenize and ner models.

    Checked before stanza loads anything, so the message names the missing file instead of a
    stanza traceback. Packages are resolved the way stanza does: `packages.default` in
    resources.json, then each model's `dependencies` (pretrained word vectors, charlms).
    """
    import json

    index = model_dir / "resources.json"
    if not index.is_file():
        raise BackendUnavailable(f"stanza resources not found: {index} does not exist.\n{HOW_TO_GET}")
    try:
        resources = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BackendUnavailable(f"stanza resources index {index} is unreadable ({err}).\n{HOW_TO_GET}") from None
    kk = resources.get("kk") if isinstance(resources, dict) else None
    if not isinstance(kk, dict):
        raise BackendUnavailable(f"{index} lists no Kazakh (kk) models.\n{HOW_TO_GET}")
    default = (kk.get("packages") or {}).get("default") or kk.get("default_processors") or {}
    missing = []
    for processor in _PROCESSORS:
        packages = default.get(processor)
        if not packages:
            missing.append(f"{processor} (no default package listed in {index})")
            continue
        for package in [packages] if isinstance(packages, str) else packages:
            needed = [(processor, package)] + [
                (dep.get("model"), dep.get("package"))
                for dep in (kk.get(processor, {}).get(package) or {}).get("dependencies", [])
            ]
            for model, name in needed:
                path = model_dir / "kk" / str(model) / f"{name}.pt"
                if not path.is_file():
                    missing.append(f"{model} ({path} does not exist)")
    if missing:
        raise BackendUnavailable(
            f"stanza's Kazakh models are incomplete in {model_dir}: missing {', '.join(missing)}.\n{HOW_TO_GET}"
        )


def load_pipeline(model_dir: Path) -> Any:
    """Build stanza's Kazakh `tokenize,ner` pipeline from local files only."""
    try:
        import stanza
    except ImportError as err:
        raise BackendUnavailable(f"stanza is not installed ({err}).\n{HOW_TO_GET}") from None
    check_resources(model_dir)
    try:
        return stanza.Pipeline(
            lang="kk",
            processors=",".join(_PROCESSORS),
            dir=str(model_dir),
            download_method=None,
            logging_level="WARN",
        )
    except Exception as err:  # noqa: BLE001 -- corrupt or incompatible model files, missing pieces
        raise BackendUnavailable(
            f"stanza could not load its Kazakh models from {model_dir}: {err}\n{HOW_TO_GET}"
        ) from err


def stanza_entities(doc: Document, ctx: RunContext) -> list[Record]:
    """PERSON / PLACE / ORG / ROLE records from stanza's Kazakh NER, offsets in `doc.text`."""
    model_dir = resources_dir(ctx)
    nlp = ctx.resource(f"stanza:kk:{model_dir}", lambda: load_pipeline(model_dir))
    view = view_of(doc)
    if not view.text.strip():
        return []
    parsed = nlp(view.text)
    ents = list(parsed.ents)
    probabilities = crf_span_probabilities(nlp, parsed, ents) if ents else []
    if probabilities is None:
        probabilities = [FALLBACK_CONFIDENCE] * len(ents)
    records = [_record_for(doc, view, ent.type, ent.start_char, ent.end_char, p) for ent, p in zip(ents, probabilities)]
    return [rec for rec in records if rec is not None]


def crf_span_probabilities(nlp: Any, parsed: Any, ents: list) -> list[float] | None:
    """For each of `ents`, the CRF probability of its tag sequence on its tokens; None if unreadable.

    Repeats what stanza's NER processor does up to the CRF (same loader, same model, eval mode,
    so the same scores its Viterbi decoded), then runs forward-backward instead of Viterbi.
    """
    try:
        import numpy as np
        import torch
        from stanza.models.common.crf import viterbi_decode
        from stanza.models.ner.data import DataLoader
        from stanza.models.ner.trainer import unpack_batch

        processor = nlp.processors["ner"]
        trainer, config = processor.trainers[0], processor.configs[0]
        model = trainer.model
        column = trainer.args.get("predict_tagset") or 0
        device = next(model.parameters()).device
        loader = DataLoader(parsed, config["batch_size"], config, vocab=trainer.vocab, evaluation=True,
                            preprocess_tags=False, bert_tokenizer=model.bert_tokenizer)
        sentence_scores: list[tuple[Any, Any]] = []  # (emissions T x N, transitions N x N), document order
        model.eval()
        with torch.no_grad():
            for batch in loader:
                inputs, orig_idx, word_orig_idx, char_orig_idx, sentlens, wordlens, charlens, charoffsets = (
                    unpack_batch(batch, device)
                )
                word, wordchars, wordchars_mask, chars, tags = inputs
                _, logits, trans = model(word, wordchars, wordchars_mask, tags, word_orig_idx, sentlens, wordlens,
                                         chars, charoffsets, charlens, char_orig_idx)
                emissions = logits[column].cpu().numpy().astype("float64")
                transitions = trans[column].cpu().numpy().astype("float64")
                in_order: list[Any] = [None] * len(sentlens)
                for i, original in enumerate(orig_idx):
                    in_order[original] = (emissions[i, : sentlens[i]], transitions)
                sentence_scores.extend(in_order)
        position = {id(tok): (si, ti) for si, sent in enumerate(parsed.sentences) for ti, tok in enumerate(sent.tokens)}
        cache: dict[int, tuple] = {}
        out = []
        for ent in ents:
            si, first = position[id(ent.tokens[0])]
            si_last, last = position[id(ent.tokens[-1])]
            emissions, transitions = sentence_scores[si]
            if si_last != si or emissions.shape[0] != len(parsed.sentences[si].tokens):
                raise ValueError("entity tokens do not line up with the NER scores")
            if si not in cache:
                path, _ = viterbi_decode(emissions, transitions)
                cache[si] = (path, *_forward_backward(np, emissions, transitions))
            path, alpha, beta, log_z = cache[si]
            out.append(round(segment_probability(emissions, transitions, path, first, last, (alpha, beta, log_z)), 4))
        return out
    except Exception as err:  # noqa: BLE001 -- any stanza-internal mismatch: keep the entities
        if not _warned:
            logger.warning("stanza backend: CRF probabilities unavailable (%s: %s); using confidence %s",
                           type(err).__name__, err, FALLBACK_CONFIDENCE)
            _warned.append(True)
        return None


_warned: list[bool] = []  # warn about the fallback once per process, not once per document


def segment_probability(emissions, transitions, tags, first: int, last: int, forward_backward=None) -> float:
    """P(tags[first..last] on tokens first..last) under a linear-chain CRF with these scores.

    `emissions` is T x N, `transitions[i, j]` scores tag i followed by tag j (stanza's layout);
    pass `forward_backward` (from `_forward_backward`) to reuse it across a sentence's entities.
    """
    import numpy as np

    alpha, beta, log_z = forward_backward or _forward_backward(np, emissions, transitions)
    score = alpha[first, tags[first]] + beta[last, tags[last]] - log_z
    for t in range(first + 1, last + 1):
        score += transitions[tags[t - 1], tags[t]] + emissions[t, tags[t]]
    return float(min(1.0, np.exp(score)))


def _forward_backward(np, emissions, transitions):
    """Log forward and backward scores of a linear-chain CRF, and the log partition function."""
    def logsumexp(x, axis):
        top = x.max(axis=axis, keepdims=True)
        return (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)

    length = emissions.shape[0]
    alpha = np.empty_like(emissions)
    beta = np.zeros_like(emissions)
    alpha[0] = emissions[0]
    for t in range(1, length):
        alpha[t] = emissions[t] + logsumexp(alpha[t - 1][:, None] + transitions, axis=0)
    for t in range(length - 2, -1, -1):
        beta[t] = logsumexp(transitions + (emissions[t + 1] + beta[t + 1])[None, :], axis=1)
    return alpha, beta, float(logsumexp(alpha[-1], axis=0))


def _record_for(doc: Document, view, kaznerd_class: str, start: int | None, end: int | None,
                confidence: float) -> Record | None:
    """The record for one stanza entity; None for classes jazba does not take from the model."""
    label = to_jazba_label(kaznerd_class.upper())
    if label is None or start is None or end is None:
        return None
    # Trim whitespace at the edges so a span never starts or ends on a space.
    while start < end and view.text[start].isspace():
        start += 1
    while end > start and view.text[end - 1].isspace():
        end -= 1
    if not 0 <= start < end <= len(view.text):
        return None
    o_start, o_end = view.to_original(start, end)
    return Record(
        doc_id=doc.doc_id,
        label=label,
        start=o_start,
        end=o_end,
        text=doc.text[o_start:o_end],
        norm={},  # as for the spaCy model: the kk.entities merger normalises
        confidence=confidence,
        source=SOURCE,
        lang="kk",
        subtype=kaznerd_class.lower(),
    )
