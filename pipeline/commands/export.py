"""`jazba export --format records|docs|spacy|iob2 --out FILE`: datasets from the annotation store."""
from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("export", help="export datasets from the annotation store", description=__doc__)
    p.add_argument("--format", dest="fmt", required=True, choices=["records", "docs", "spacy", "iob2"],
                   help="records: jazba records JSONL; docs: {text, spans, meta} JSONL (spaCy/Prodigy); "
                        "spacy: DocBin for `spacy train`; iob2: KazNERD-style `token TAG` lines")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="output file; with --split, FILE.train/.dev/.test; a card goes to FILE.card.md/.json")
    p.add_argument("--status", choices=["reviewed", "machine", "all"], default="reviewed",
                   help="reviewed: human-reviewed regions only (default); machine: the pipeline's spans; "
                        "all: reviewed spans plus machine spans outside reviewed regions")
    p.add_argument("--split", default=None, metavar="TRAIN/DEV[/TEST]",
                   help="split by document, e.g. 0.8/0.1/0.1")
    p.add_argument("--seed", type=int, default=13, help="random seed for --split (default: 13)")
    p.add_argument("--tagset", choices=["jazba", "kaznerd"], default="jazba",
                   help="label names: jazba's (default) or KazNERD's classes (PLACE->GPE, ORG->ORGANISATION, ...)")
    p.add_argument("--licence", default=None, help="licence of the annotations, recorded in the card")
    p.add_argument("--include-invalid", action="store_true",
                   help="also export regions holding a reviewed value that failed its check "
                        "(left out by default until fixed; `jazba review status` lists them)")
    p.add_argument("--store", default=None, metavar="PATH",
                   help="annotation store (default: $JAZBA_STORE or annotations/jazba.db)")
    p.set_defaults(func=export_command)


def export_command(args) -> int:
    from ..store import Store, StoreError
    from ..store.db import default_store_path
    from ..store.export import ExportError, export, parse_split

    path = args.store or default_store_path()
    try:
        split = parse_split(args.split)
        from pathlib import Path

        if not Path(path).exists():
            raise StoreError(f"{path}: no annotation store here (run `jazba run` first or pass --store)")
        with Store(path) as store:
            summary = export(store, args.fmt, args.out, status=args.status, split=split, seed=args.seed,
                             tagset=args.tagset, licence=args.licence,
                             include_invalid=args.include_invalid)
    except (StoreError, ExportError) as err:
        print(f"jazba: error: {err}", file=sys.stderr)
        return 1
    for name, file in summary.files.items():
        n = sum(summary.labels[name].values())
        print(f"{name:<5} {summary.documents[name]:>6} document(s) {summary.examples[name]:>6} example(s) "
              f"{n:>7} span(s) -> {file}")
    if summary.adjusted:
        print(f"{summary.adjusted} span(s) widened to token boundaries")
    if summary.overlapping:
        print(f"{summary.overlapping} overlapping span(s) kept in doc.spans['sc'] only (not in doc.ents / IOB2 tags)")
    if summary.held_invalid:
        print(f"{summary.held_invalid} example(s) left out: they hold a reviewed value that failed its check "
              "(see `jazba review status`; --include-invalid exports them anyway)")
    if summary.unmapped:
        left_out = ", ".join(f"{label} {n}" for label, n in sorted(summary.unmapped.items()))
        print(f"left out (no class in the {summary.tagset} tag set, or only whitespace): {left_out}")
    if not sum(summary.documents.values()):
        hint = " (nothing reviewed yet: try --status all)" if args.status == "reviewed" else ""
        print(f"jazba: warning: the export is empty{hint}", file=sys.stderr)
    print(f"card -> {summary.card_paths[-1]}")
    return 0
