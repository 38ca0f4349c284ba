"""`jazba` command line: a thin layer over the library. Each subcommand lives in `pipeline.commands`."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

#: Subcommand modules; each defines `register(subparsers)`.
COMMAND_MODULES = [
    "run",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jazba",
        description="Kazakh/Russian annotation pipeline for archival text.",
    )
    parser.add_argument("--version", action="version", version=f"jazba {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"pipeline.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
