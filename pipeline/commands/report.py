"""`jazba report OUT_DIR --out REPORT_DIR`: a self-contained HTML report of a run (or of the store).

Opens from disk with no network: index.html (documents, totals, name search), one page per document
(every span marked), Kazakh passages beside their Russian documents, people/places/organisations,
a timeline and a map. See docs/report.md.
"""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("report", help="a static HTML report of a run (or of the annotation store)", description=__doc__)
    p.add_argument("run_dir", nargs="?", default=None, metavar="OUT_DIR", help="a `jazba run --out` directory")
    p.add_argument("--store", default=None, metavar="DB", help="report the annotation store instead of a run directory")
    p.add_argument("--out", default=None, metavar="REPORT_DIR",
                   help="where to write the report (default: OUT_DIR/report, or output/report with --store)")
    p.add_argument("--camps", default=None, metavar="CSV",
                   help="Gulag camp table with coordinates (default: $JAZBA_CAMPS_CSV or ../shared/data/gulag_camps.csv)")
    p.add_argument("--threshold", type=float, default=None, metavar="P",
                   help="confidence below which a record counts as low (default 0.9, the review threshold)")
    p.set_defaults(func=report_command)


def report_command(args) -> int:
    from ..report import DEFAULT_THRESHOLD, ReportInputError, build_report

    if (args.run_dir is None) == (args.store is None):
        print("jazba: error: give a run directory (OUT_DIR) or --store DB, not both", file=sys.stderr)
        return 2
    out = args.out or (Path(args.run_dir) / "report" if args.run_dir else Path("output") / "report")
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    try:
        summary = build_report(args.run_dir, out, store=args.store, camps_csv=args.camps, threshold=threshold)
    except ReportInputError as err:
        print(f"jazba: error: {err}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0
