"""`jazba` command line: a thin layer over the library. Each subcommand lives in `pipeline.commands`."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .ner.model import ModelNotFoundError
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
    except (BackendUnavailable, ModelNotFoundError) as err:  # a model or backend that is not installed
        print(f"jazba: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
