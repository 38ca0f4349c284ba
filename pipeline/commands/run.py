"""`jazba run INPUT... --out DIR`: annotate files, directories or stdin."""
from __future__ import annotations

import sys
from pathlib import Path

from ..output import summary_table, write_run
from ..runner import Pipeline, RunConfig


def register(sub) -> None:
    p = sub.add_parser("run", help="annotate Kazakh (and Russian) texts", description=__doc__)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories (*.txt, recursive) or - for stdin")
    p.add_argument("--out", default="output", metavar="DIR", help="output directory (default: output/)")
    p.add_argument("--ru", nargs="*", default=[], metavar="RUSSIAN", help="Russian source documents (files or directories)")
    p.add_argument("--backend", choices=["spacy", "stanza"], default="spacy", help="NER backend (default: spacy, the shipped model)")
    p.add_argument("--model", default=None, metavar="DIR", help="spaCy NER model directory (default: the shipped model)")
    p.add_argument("--doc-date", default=None, metavar="YYYY[-MM[-DD]]", help="the document's own date, for dates written without a year")
    p.add_argument("--quiet", action="store_true", help="no summary or progress bar")
    p.add_argument("--components", nargs="+", default=None, metavar="NAME", help="run only these document components, in this order (default: all; see pipeline.components)")
    p.add_argument("--store", default=None, metavar="PATH", help="annotation store to write to (default: $JAZBA_STORE or annotations/jazba.db)")
    p.add_argument("--no-store", action="store_true", help="do not write to the annotation store")
    p.add_argument("--report", nargs="?", const="", default=None, metavar="REPORT_DIR",
                   help="also write the HTML report (default REPORT_DIR: OUT/report; see `jazba report`)")
    p.set_defaults(func=run_command)


def config_from_args(args) -> RunConfig:
    return RunConfig(backend=args.backend, model_path=args.model, document_date=args.doc_date,
                     components=getattr(args, "components", None))


def run_command(args) -> int:
    pipeline = Pipeline(config_from_args(args))

    def report(err):
        print(f"jazba: error: {err}", file=sys.stderr)

    result = pipeline.run(args.inputs, ru_inputs=args.ru, progress=not args.quiet, on_error=report)
    paths = write_run(result, args.out)
    if not args.no_store and result.documents:
        from ..store import Store, StoreError

        try:
            with Store(args.store) as store:
                run_id = store.save_run(result)
        except StoreError as err:  # the --out files above are already written
            print(f"jazba: error: {err}", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"stored as run {run_id} in {store.path}")
    if not args.quiet:
        print(summary_table(result))
        print(f"{len(result.documents)} document(s) -> {paths['records']}")
    if args.report is not None and result.documents:
        from ..report import ReportInputError, build_report

        try:
            summary = build_report(args.out, args.report or Path(args.out) / "report")
        except ReportInputError as err:  # the run's own files above are already written
            print(f"jazba: error: report: {err}", file=sys.stderr)
            return 1
        if not args.quiet:
            print(summary.line())
    if result.errors:
        print(f"jazba: {len(result.errors)} input(s) could not be read (see above)", file=sys.stderr)
        return 1 if not result.documents else 2
    return 0
