"""`jazba run INPUT... --out DIR`: annotate files, directories or stdin.

Every argument is checked before any work (`pipeline.checks`); outputs are written per document
as they finish and replace earlier ones only when the run succeeds (`pipeline.output.OutputWriter`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import EXIT_OK, EXIT_SOME_INPUTS, InputError, NoDocumentsError, UsageError
from ..output import OutputWriter, summary_table
from ..runner import Pipeline, RunConfig


def register(sub) -> None:
    p = sub.add_parser("run", help="annotate Kazakh (and Russian) texts", description=__doc__)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files, directories (*.txt, recursive) or - for stdin")
    p.add_argument("--out", default="output", metavar="DIR", help="output directory (default: output/)")
    p.add_argument("--ru", action="append", default=[], metavar="RUSSIAN",
                   help="a Russian source document (file or directory); one path per --ru, repeat it for more")
    p.add_argument("--backend", choices=["spacy", "stanza"], default="spacy", help="NER backend (default: spacy, the shipped model)")
    p.add_argument("--model", default=None, metavar="DIR", help="spaCy NER model directory (default: the shipped model)")
    p.add_argument("--doc-date", default=None, metavar="YYYY[-MM[-DD]]", help="the document's own date, for dates written without a year")
    p.add_argument("--encoding", default=None, metavar="NAME", help="read every input in this encoding (default: detect; see docs/cli.md)")
    p.add_argument("--quiet", action="store_true", help="no summary or progress bar")
    p.add_argument("--components", nargs="+", default=None, metavar="NAME", help="run only these document components, in this order (default: all; see pipeline.components)")
    p.add_argument("--store", default=None, metavar="PATH", help="annotation store to write to (default: $JAZBA_STORE or annotations/jazba.db)")
    p.add_argument("--no-store", action="store_true", help="do not write to the annotation store")
    p.add_argument("--report", nargs="?", const="", default=None, metavar="REPORT_DIR",
                   help="also write the HTML report (default REPORT_DIR: OUT/report; see `jazba report`)")
    p.add_argument("--resume", action="store_true",
                   help="take documents the store already processed with this configuration and model "
                        "(e.g. before an interruption) from it; process only the others (docs/scale.md)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="process documents in N worker processes (default 1: this process)")
    p.add_argument("--dask", default=None, metavar="SCHEDULER",
                   help="process documents on a Dask cluster (e.g. tcp://10.0.0.5:8786; pip install 'jazba[dask]')")
    p.set_defaults(func=run_command)


def make_executor(args, config):
    """Where documents are processed: `--dask`, `--workers N` or this process (`pipeline.parallel`)."""
    from ..parallel import DaskExecutor, LocalExecutor, ProcessExecutor

    if args.dask:
        return DaskExecutor(args.dask, config)
    if args.workers > 1:
        return ProcessExecutor(args.workers, config)
    return LocalExecutor()


def config_from_args(args) -> RunConfig:
    return RunConfig(backend=args.backend, model_path=args.model, document_date=args.doc_date,
                     components=getattr(args, "components", None), encoding=getattr(args, "encoding", None))


def check_args(args) -> tuple[list[str], list[str]]:
    """Everything `jazba run` needs, checked before work; returns the `(kk files, ru files)` to read."""
    from ..checks import check_components, check_doc_date, check_model, check_store
    from ..ingest import check_encoding, check_inputs

    args.doc_date = check_doc_date(args.doc_date)
    args.components = check_components(args.components)
    if not args.inputs and not args.ru:
        raise UsageError("no INPUT given: name files, directories or - for stdin (before --components), "
                         "or Russian ones with --ru")
    if args.encoding:
        args.encoding = check_encoding(args.encoding)
    kk_files, problems = check_inputs(args.inputs)
    ru_files, ru_problems = check_inputs(args.ru)
    problems += ru_problems
    if kk_files.count("-") + ru_files.count("-") > 1:
        problems.append(InputError("-", "stdin can be read only once"))
    if problems:
        for err in problems[:-1]:
            print(f"jazba: error: {err}", file=sys.stderr)
        raise problems[-1]
    check_model(args.backend, args.model, args.components)
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more worker processes")
    if args.dask and args.workers > 1:
        raise UsageError("--dask and --workers: choose one (the Dask cluster has its own workers)")
    if args.resume and args.no_store:
        raise UsageError("--resume reads what earlier runs saved in the store: it cannot go with --no-store")
    if not args.no_store:
        args.store = str(check_store(args.store))
    return kk_files, ru_files


def run_command(args) -> int:
    kk_files, ru_files = check_args(args)
    pipeline = Pipeline(config_from_args(args))
    writer = OutputWriter(args.out)  # OutputError now if --out cannot be written

    def report(err):
        print(f"jazba: error: {err}", file=sys.stderr)

    def warn(line):
        print(f"jazba: warning: {line}", file=sys.stderr)

    cache_store = None
    try:
        cache = None
        if not args.no_store:
            from ..resume import ResumeCache
            from ..store import Store

            cache_store = Store(args.store)
            cache = ResumeCache(cache_store, pipeline.config, resume=args.resume)
        result = pipeline.run(kk_files, ru_inputs=ru_files, progress=not args.quiet, on_error=report,
                              on_document=writer.add, on_warning=warn,
                              executor=make_executor(args, pipeline.config), cache=cache)
        if result.resumed and not args.quiet:
            print(f"jazba: {result.resumed} document(s) taken from the store (--resume)", file=sys.stderr)
        if not result.documents:
            writer.abort()
            raise NoDocumentsError(f"no input could be read: nothing written to {writer.out}, earlier outputs kept")
        paths = writer.commit(result.alignments, result.telegrams, documents=result.documents)
    except BaseException:
        writer.abort()
        if writer.n_documents and not writer.committed:
            print(f"jazba: {writer.n_documents} finished document(s) kept in "
                  f"{writer.partial_paths['records']} and {writer.partial_paths['documents'].name}; "
                  f"earlier outputs in {writer.out} unchanged", file=sys.stderr)
        raise
    finally:
        if cache_store is not None:
            cache_store.close()
    if not args.no_store:
        from ..store import Store

        from ..store.db import StoreError

        try:
            with Store(args.store) as store:
                run_id = store.save_run(result)
        except StoreError as err:
            raise StoreError(f"{err} (the outputs in {writer.out} are written)") from None
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
        print(f"jazba: {len(result.errors)} input(s) could not be read (see above); the others were written",
              file=sys.stderr)
        return EXIT_SOME_INPUTS
    return EXIT_OK
