"""`jazba bench`: tokens/s for tokenise + dates + times + document numbers + numbers on >= 1 MB of Kazakh."""
from __future__ import annotations

import json
from dataclasses import asdict

import sys

from ..bench import MODES, BenchError, run_bench


def register(sub) -> None:
    p = sub.add_parser("bench", help="speed figures (tokens/s)", description=__doc__)
    p.add_argument("--full", action="store_const", const="full", dest="mode", default="extract",
                   help="time every default pipeline component, not only the rule extractors")
    p.add_argument("--mode", choices=sorted(MODES), dest="mode", help="a named mode (see pipeline.bench.MODES)")
    p.add_argument("--mb", type=float, default=1.0, help="corpus size in MB of UTF-8 text (default 1.0)")
    p.add_argument("--ru-mb", type=float, default=0.0, metavar="MB",
                   help="also this many MB of Russian documents (tests/corpus/ru cycled; default 0)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--export", action="store_true",
                   help="instead: time `jazba export` in every format over --docs synthetic stored documents (pipeline.store.bench)")
    p.add_argument("--docs", type=int, default=None, help="documents for --export (default 10000) or --report (default 1000)")
    p.add_argument("--report", action="store_true",
                   help="instead: time `jazba report` on --docs synthetic documents / --records records and open it "
                        "in headless chromium (pipeline.report.bench)")
    p.add_argument("--records", type=int, default=100_000, help="records for --report (default 100000)")
    p.add_argument("--scale", action="store_true",
                   help="instead: seconds and peak RSS of `jazba run` on one document per --sizes and on "
                        "--small-files files (pipeline.scalebench)")
    p.add_argument("--sizes", default="0.1,1,5,20", metavar="MB,MB,...",
                   help="document sizes for --scale in MB (default 0.1,1,5,20)")
    p.add_argument("--small-files", type=int, default=2000, metavar="N",
                   help="--scale: also run the 1 MB text cut into N files (default 2000; 0 = no)")
    p.add_argument("--run-args", default="", metavar="'ARGS'",
                   help="--scale: extra arguments for every `jazba run`, e.g. '--workers 2'")
    p.add_argument("--workers", default=None, metavar="N,N,...",
                   help="instead: throughput of `jazba run --workers N` for each N on the bench corpus "
                        "(--mb MB, default 1; e.g. --workers 1,2)")
    p.set_defaults(func=bench_command)


def workers_command(args) -> int:
    from ..scalebench import run_workers_bench, workers_report

    try:
        workers = tuple(int(x) for x in args.workers.split(",") if x.strip())
    except ValueError:
        print(f"jazba: error: --workers {args.workers!r}: expected numbers separated by commas", file=sys.stderr)
        return 2
    rows, source = run_workers_bench(workers, args.mb)
    if args.json:
        print(json.dumps({"source": source, "rows": [{**asdict(r), "mb_per_second": r.mb_per_second} for r in rows]},
                         indent=2))
    else:
        print(workers_report(rows, source))
    return 0 if all(r.same_records for r in rows) else 1


def scale_command(args) -> int:
    import shlex

    from ..scalebench import report, run_scale_bench, to_json

    try:
        sizes = tuple(float(x) for x in args.sizes.split(",") if x.strip())
    except ValueError:
        print(f"jazba: error: --sizes {args.sizes!r}: expected MB figures separated by commas", file=sys.stderr)
        return 2

    def show(row):
        if not args.json:
            print(f"  done: {row.name}: {row.wall_seconds:.1f} s, {row.peak_rss_mb:.0f} MB", file=sys.stderr)

    rows, source = run_scale_bench(sizes, args.small_files, shlex.split(args.run_args), progress=show)
    print(to_json(rows, source) if args.json else report(rows, source))
    return 0 if all(r.exit_code == 0 for r in rows) else 1


def bench_command(args) -> int:
    if args.scale:
        return scale_command(args)
    if args.workers:
        return workers_command(args)
    if args.report:
        from ..report.bench import main as report_bench

        return report_bench(["--docs", str(args.docs or 1000), "--records", str(args.records)])
    if args.export:
        from ..store.bench import main as export_bench

        return export_bench(["--docs", str(args.docs or 10000)])
    try:
        result = run_bench(args.mode, int(args.mb * 1_000_000), int(args.ru_mb * 1_000_000))
    except BenchError as err:
        print(f"jazba: error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if args.json else result.report())
    return 0
