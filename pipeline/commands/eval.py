"""`jazba eval RUN GOLD`: score a run (a `jazba run --out` directory or records.jsonl) against gold.

GOLD may be a corpus folder with `dev/` and `test/` halves (`tests/corpus/kk`): one table per half.
`--errors` then lists the errors of `dev` only: the `test` half is read in aggregate, never tuned to.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import UsageError
from ..evaluate import EvalInputError, SCORED_LABELS, evaluate_paths, load_gold, load_predictions

#: The halves of an evaluation corpus (tests/corpus/<lang>/dev, .../test), split once by source.
CORPUS_HALVES = ("dev", "test")


def register(sub) -> None:
    p = sub.add_parser("eval", help="score a run against gold annotations", description=__doc__)
    p.add_argument("run", metavar="RUN", help="output directory of `jazba run` or a records.jsonl file")
    p.add_argument("gold", metavar="GOLD", help="a *.gold.json file or a directory of them")
    p.add_argument("--labels", nargs="+", default=list(SCORED_LABELS), metavar="LABEL", help="labels to score (default: all)")
    p.add_argument("--json", action="store_true", help="print the full result (with error examples) as JSON")
    p.add_argument("--errors", action="store_true", help="also list missed, spurious and wrong-value spans (of `dev` only for a corpus)")
    p.add_argument("--max-errors", type=int, default=20, metavar="N", help="errors kept per label (default: 20)")
    p.add_argument("--threshold", type=float, default=None, metavar="T", help="review threshold for the routing figures (default: that of `jazba review push`)")
    p.add_argument("--routing", action="store_true",
                   help="print the routing curve: share of wrong records caught vs share pushed over thresholds "
                        "0.50-0.99 (per language), and the lowest threshold catching 85%% of wrong records")
    p.set_defaults(func=eval_command)


def corpus_halves(gold: str) -> list[tuple[str, Path]]:
    """`[("dev", path), ("test", path)]` for a corpus folder with those halves, else `[]`."""
    root = Path(gold)
    return [(h, root / h) for h in CORPUS_HALVES if (root / h).is_dir()] if root.is_dir() else []


def eval_command(args) -> int:
    unknown = [label for label in args.labels if label not in SCORED_LABELS]
    if unknown:
        raise UsageError(f"--labels: unknown label(s) {', '.join(unknown)}; known: {', '.join(SCORED_LABELS)}")
    halves = corpus_halves(args.gold)
    if halves and not args.json:
        return _eval_corpus(args, halves)
    result = evaluate_paths(args.run, args.gold, args.labels, max_errors=args.max_errors)  # EvalInputError: caught by pipeline.cli
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(result.table())
    try:  # routing efficiency of the review threshold (pipeline.review.routing, issue 5)
        print(_routing(args, load_predictions(args.run), args.gold, curve=args.routing))
    except EvalInputError as err:
        print(f"routing: not measured ({err})")
    if args.errors:
        _print_errors(result)
    return 0


def _eval_corpus(args, halves: list[tuple[str, Path]]) -> int:
    """One table per half of a corpus; errors of `dev` only."""
    predictions = load_predictions(args.run) if args.routing else None
    for name, path in halves:
        result = evaluate_paths(args.run, path, args.labels, max_errors=args.max_errors)  # EvalInputError: pipeline.cli
        print(f"== {name}: {len(result.documents)} passages ({path}) ==")
        print(result.table())
        if args.routing:
            print(_routing(args, predictions, path, curve=True))
        if args.errors and name == "dev":
            _print_errors(result)
    return 0


def _routing(args, predictions, gold, curve: bool) -> str:
    """The routing figures of the review threshold on `gold`: the curve over thresholds (`--routing`)
    or the one-threshold summary."""
    from ..review.routing import DEFAULT_THRESHOLD, curve_report, routing_report

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    return (curve_report if curve else routing_report)(args.run, predictions, load_gold(gold), threshold)


def _print_errors(result) -> None:
    for score in result.labels.values():
        for e in score.errors:
            print(f"{score.label:<7} {e['doc_id']:<22} {e['kind']:<8} gold={_short(e.get('gold'))} pred={_short(e.get('predicted'))}")


def _short(span: dict | None) -> str:
    if not span:
        return "-"
    return f"{span['start']}:{span['end']} {span.get('text', '')!r} {span.get('norm')}"
