"""Link precision/recall of the aligner against a small gold list of Kazakh mentions.

Gold file (JSON): a list of `{"label": "PERSON", "kk": "<Kazakh mention as written>", "ru": "<Russian
canonical name>" | null}`; `null` says the mention has no Russian counterpart and must stay unlinked.

    python -m pipeline.align.evaluate --kk tests/fixtures/kk_telegram_1152.txt \\
        --ru tests/fixtures/ru_telegram_1152.txt tests/fixtures/ru_report_0917.txt \\
        --gold tests/fixtures/kk_ru_links_gold.json

    python -m pipeline.align.evaluate --run output/ --gold links.gold.json   # an existing run
    python -m pipeline.align.evaluate --kk tests/corpus/links --ru tests/corpus/ru --gold tests/corpus/links

A predicted link is the Russian canonical name of the entity a Kazakh record was linked to
(the `entity` rows of `alignments.jsonl`). TP: predicted = gold; FP: predicted and wrong (or
gold says unlinked); FN: gold has a link and the prediction is missing or wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..runner import RunResult


class GoldError(ValueError):
    """The gold file is missing or malformed (the message names the file and the entry)."""


def load_gold(path: str | Path) -> list[dict]:
    """A gold list, or every `*.links.json` of a directory (tests/corpus/links) concatenated."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.links.json"))
        if not files:
            raise GoldError(f"{p}: no *.links.json files in this directory")
        return [item for f in files for item in load_gold(f)]
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{p}: cannot read gold links: {exc}") from exc
    if not isinstance(data, list):
        raise GoldError(f"{p}: expected a JSON list of {{label, kk, ru}} objects")
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not {"label", "kk", "ru"} <= set(item):
            raise GoldError(f"{p}: entry {i} needs the keys label, kk, ru: {item!r}")
    return data


def predicted_links(kk_records: list[dict], alignments: list[dict]) -> dict[tuple[str, str], str | None]:
    """(label, Kazakh mention text) -> Russian canonical name of its link (None when unlinked).

    `kk_records` are record dicts (`Record.to_dict()` / records.jsonl rows), `alignments` the rows
    of alignments.jsonl."""
    link_of: dict[str, str] = {}
    for row in alignments:
        if row.get("type") == "entity":
            for rid in row.get("kk_record_ids", []):
                link_of.setdefault(rid, row["ru_canonical"])
    out: dict[tuple[str, str], str | None] = {}
    for r in kk_records:
        if r.get("lang", "kk") == "kk" and r["label"] in ("PERSON", "PLACE", "ORG"):
            key = (r["label"], " ".join(r["text"].split()))
            if out.get(key) is None:
                out[key] = link_of.get(r["id"])
    return out


def predictions_of(result: RunResult) -> dict[tuple[str, str], str | None]:
    return predicted_links([r.to_dict() for d in result.kk_documents for r in d.records], result.alignments)


def predictions_from_run_dir(run_dir: str | Path) -> dict[tuple[str, str], str | None]:
    """Predictions from the output directory of `jazba run --ru ...` (records.jsonl + alignments.jsonl)."""
    d = Path(run_dir)
    rows = {}
    for name in ("records", "alignments"):
        path = d / f"{name}.jsonl"
        try:
            rows[name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: cannot read the run output: {exc}") from exc
    return predicted_links(rows["records"], rows["alignments"])


def link_scores(result: RunResult | dict, gold: list[dict]) -> dict[str, dict]:
    """Per label and overall: tp, fp, fn, precision, recall, and the errors.

    `result` is a `RunResult` or predictions from `predictions_from_run_dir`."""
    pred = result if isinstance(result, dict) else predictions_of(result)
    scores: dict[str, dict] = {}
    for item in gold:
        label, kk, want = item["label"], " ".join(item["kk"].split()), item["ru"]
        got = pred.get((label, kk))
        for bucket in (label, "all"):
            s = scores.setdefault(bucket, {"tp": 0, "fp": 0, "fn": 0, "errors": []})
            if want is not None and got == want:
                s["tp"] += 1
                continue
            if got is not None:
                s["fp"] += 1
            if want is not None:
                s["fn"] += 1
            if bucket == "all" and (got is not None or want is not None):
                s["errors"].append({"label": label, "kk": kk, "gold": want, "predicted": got,
                                    "mention_found": (label, kk) in pred})
    for s in scores.values():
        s["precision"] = round(s["tp"] / (s["tp"] + s["fp"]), 3) if s["tp"] + s["fp"] else 1.0
        s["recall"] = round(s["tp"] / (s["tp"] + s["fn"]), 3) if s["tp"] + s["fn"] else 1.0
    return scores


def format_scores(scores: dict[str, dict]) -> str:
    lines = [f"{'label':<8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for label in sorted(scores, key=lambda l: (l == "all", l)):
        s = scores[label]
        lines.append(f"{label:<8}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}{s['precision']:>11.3f}{s['recall']:>8.3f}")
    for e in scores.get("all", {}).get("errors", []):
        lines.append(f"  error {e['label']} {e['kk']!r}: gold {e['gold']!r}, predicted {e['predicted']!r}"
                     + ("" if e["mention_found"] else " (mention not extracted)"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.align.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--run", metavar="DIR", help="score an existing `jazba run --ru ... --out DIR` instead")
    parser.add_argument("--kk", nargs="+", help="Kazakh files or directories")
    parser.add_argument("--ru", nargs="+", help="Russian files or directories")
    parser.add_argument("--gold", required=True, help="gold links (JSON list of {label, kk, ru})")
    parser.add_argument("--without", action="append", default=[], metavar="COMPONENT",
                        help="leave a component out (e.g. kk.ner when no model is installed)")
    args = parser.parse_args(argv)
    from .. import components
    from ..runner import Pipeline, RunConfig

    try:
        gold = load_gold(args.gold)
        if args.run:
            print(format_scores(link_scores(predictions_from_run_dir(args.run), gold)))
            return 0
    except GoldError as err:
        print(f"jazba: error: {err}", file=sys.stderr)
        return 2
    if not args.kk or not args.ru:
        parser.error("give --run DIR, or --kk and --ru inputs")
    components.load_all()
    comps = [c for c in components.DEFAULT_COMPONENTS if c not in set(args.without)]
    result = Pipeline(RunConfig(components=comps)).run(args.kk, ru_inputs=args.ru)
    for err in result.errors:
        print(f"jazba: error: {err}", file=sys.stderr)
    print(format_scores(link_scores(result, gold)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
