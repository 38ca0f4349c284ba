"""`jazba` command line: a thin layer over the library. Each subcommand lives in `pipeline.commands`."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .ner.stanza_backend import BackendUnavailable

#: Subcommand modules; each defines `register(subparsers)`.
COMMAND_MODULES = [
    "run",      # pipeline.commands.run
    "eval",     # score a run against gold
    "bench",    # speed figures
    "train",    # train the NER model (also --from-store)
    "export",   # datasets from the annotation store
    "review",   # Label Studio push / pull / status / server
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jazba",
        description="Kazakh/Russian annotation pipeline for archival text.",
    )
    parser.add_argument("--version", action="version", version=f"jazba {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"pipeline.commands.{name}")
        except ModuleNotFoundError as exc:  # TEMPORARY while commands are being written; removed at integration
            if exc.name == f"pipeline.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BackendUnavailable as err:  # e.g. --backend stanza without stanza or its models
        print(f"jazba: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
