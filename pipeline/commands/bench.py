"""`jazba bench`: tokens/s for tokenise + dates + times + document numbers + numbers on >= 1 MB of Kazakh."""
from __future__ import annotations

import json

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
    p.set_defaults(func=bench_command)


def bench_command(args) -> int:
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
