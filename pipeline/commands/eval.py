"""`jazba eval RUN GOLD`: score a run (a `jazba run --out` directory or records.jsonl) against gold."""
from __future__ import annotations

import json
import sys

from ..errors import UsageError
from ..evaluate import EvalInputError, SCORED_LABELS, evaluate_paths


def register(sub) -> None:
    p = sub.add_parser("eval", help="score a run against gold annotations", description=__doc__)
    p.add_argument("run", metavar="RUN", help="output directory of `jazba run` or a records.jsonl file")
    p.add_argument("gold", metavar="GOLD", help="a *.gold.json file or a directory of them")
    p.add_argument("--labels", nargs="+", default=list(SCORED_LABELS), metavar="LABEL", help="labels to score (default: all)")
    p.add_argument("--json", action="store_true", help="print the full result (with error examples) as JSON")
    p.add_argument("--errors", action="store_true", help="also list missed, spurious and wrong-value spans")
    p.add_argument("--threshold", type=float, default=None, metavar="T", help="review threshold for the routing figures (default: that of `jazba review push`)")
    p.set_defaults(func=eval_command)


def eval_command(args) -> int:
    unknown = [label for label in args.labels if label not in SCORED_LABELS]
    if unknown:
        raise UsageError(f"--labels: unknown label(s) {', '.join(unknown)}; known: {', '.join(SCORED_LABELS)}")
    result = evaluate_paths(args.run, args.gold, args.labels)  # EvalInputError: caught by pipeline.cli
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(result.table())
    try:  # routing efficiency of the review threshold (pipeline.review.routing, issue 5)
        from ..evaluate import load_gold, load_predictions
        from ..review.routing import DEFAULT_THRESHOLD, routing_report

        threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
        print(routing_report(args.run, load_predictions(args.run), load_gold(args.gold), threshold))
    except EvalInputError as err:
        print(f"routing: not measured ({err})")
    if args.errors:
        for score in result.labels.values():
            for e in score.errors:
                print(f"{score.label:<7} {e['kind']:<8} gold={_short(e.get('gold'))} pred={_short(e.get('predicted'))}")
    return 0


def _short(span: dict | None) -> str:
    if not span:
        return "-"
    return f"{span['start']}:{span['end']} {span.get('text', '')!r} {span.get('norm')}"
