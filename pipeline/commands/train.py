"""`jazba train`: reproduce the Kazakh NER model from the config in the repository.

    jazba train                         # models/kk_ner.cfg -> models/kk_ner, seed 0
    jazba train --evaluate-only         # print dev per-label P/R/F1 of the shipped model
    jazba train --evaluate-only --test IOB2_test.txt   # ... on every sentence of another file
    jazba train --from-store jazba.db   # add reviewed annotations from the store as training docs
"""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    from ..ner.train import DEFAULT_CONFIG

    p = sub.add_parser("train", help="train (or evaluate) the Kazakh NER model on KazNERD", description=__doc__,
                       formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    p.add_argument("--config", default=str(DEFAULT_CONFIG), metavar="CFG", help="spaCy training config (default: models/kk_ner.cfg)")
    p.add_argument("--out", default=None, metavar="DIR", help="where to save the model (default: models/kk_ner next to the config)")
    p.add_argument("--data", default=None, nargs="+", metavar="IOB2",
                   help="KazNERD IOB2 file(s), each split into train/dev on its own (default: $JAZBA_KAZNERD, or "
                        "../shared/data/kaznerd/IOB2_valid.txt and IOB2_test_part2.txt)")
    p.add_argument("--seed", type=int, default=0, help="seed of the train/dev split and of training (default: 0)")
    p.add_argument("--dev-fraction", type=float, default=0.1, help="share of KazNERD held out as dev (default: 0.1)")
    p.add_argument("--max-epochs", type=int, default=None, help="override training.max_epochs of the config")
    p.add_argument("--max-steps", type=int, default=None, help="override training.max_steps of the config")
    p.add_argument("--from-store", default=None, metavar="DB", help="also train on reviewed annotations in this jazba store")
    p.add_argument("--gold", nargs="+", default=None, metavar="GOLD",
                   help="also train on jazba gold files or folders (e.g. tests/corpus/kk/dev: domain data)")
    p.add_argument("--evaluate-only", action="store_true", help="do not train: score a model (--model or the shipped one) on the dev split")
    p.add_argument("--model", default=None, metavar="DIR", help="model to score with --evaluate-only (default: the shipped model)")
    p.add_argument("--test", default=None, metavar="IOB2",
                   help="with --evaluate-only: score on every sentence of this IOB2 file (e.g. KazNERD's IOB2_test.txt) instead of the dev split")
    p.set_defaults(func=train_command)


def train_command(args) -> int:
    from ..ner.kaznerd import KazNERDFormatError
    from ..ner.model import ModelNotFoundError

    errors: tuple = (FileNotFoundError, KazNERDFormatError, ModelNotFoundError, ValueError)
    if args.from_store:
        from ..store import StoreError

        errors += (StoreError,)
    try:
        if args.evaluate_only:
            return _evaluate(args)
        return _train(args)
    except errors as exc:
        print(f"jazba train: error: {exc}", file=sys.stderr)
        return 2


def _evaluate(args) -> int:
    from ..ner.model import find_model, load_model
    from ..ner.train import evaluate, load_split

    model_dir = find_model(args.model)
    if args.test:
        from ..ner.kaznerd import read_iob2

        dev = read_iob2(args.test)
        what = f"test file {args.test}: {len(dev)} sentences, all scored"
    else:
        _, dev = load_split(args.data, seed=args.seed, dev_fraction=args.dev_fraction)
        what = f"dev split: {len(dev)} sentences (seed {args.seed}, fraction {args.dev_fraction})"
    scores = evaluate(load_model(model_dir), dev)
    print(f"model: {model_dir}\n{what}")
    print(scores.table())
    return 0


def _train(args) -> int:
    from ..ner.train import train_model

    extra = None
    if args.from_store:
        extra = list(store_training_docs(args.from_store))
        print(f"jazba train: {len(extra)} reviewed document(s) from {args.from_store}")
    if args.gold:
        from ..ner.train import gold_training_docs

        gold_docs = gold_training_docs(args.gold)
        extra = (extra or []) + gold_docs
        print(f"jazba train: {len(gold_docs)} gold document(s) from {', '.join(args.gold)}")
    overrides = {}
    if args.max_epochs:
        overrides["training.max_epochs"] = args.max_epochs
    if args.max_steps:
        overrides["training.max_steps"] = args.max_steps
    out = args.out or str(Path(args.config).resolve().parent / "kk_ner")
    result = train_model(args.config, out, extra_docs=extra, data_path=args.data, seed=args.seed,
                         dev_fraction=args.dev_fraction, overrides=overrides)
    print(result.report())
    return 0


def store_training_docs(store_path: str):
    """Reviewed annotations from the store: `pipeline.store.training_docs(store_path)` (store engineer)."""
    from ..store import training_docs

    if not Path(store_path).is_file():
        raise FileNotFoundError(f"store not found: {store_path}")
    return training_docs(store_path)
