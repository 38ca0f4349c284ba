"""`jazba` command line: a thin layer over the library. Each subcommand lives in `pipeline.commands`."""
from __future__ import annotations

import argparse
import importlib
import os
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
    "report",   # static HTML report of a run or the store
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


#: One BLAS thread per process unless the user says otherwise: jazba is built to run on one core per
#: process (start several for more). Left to itself, OpenBLAS starts a thread per core for the NER
#: model's small matrix products, and their spin-waiting cost more CPU than they save: `jazba bench
#: --full` measured 5,752-6,208 tokens/s of CPU time that way against 10,444-11,540 with one thread.
ONE_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def main(argv: list[str] | None = None) -> int:
    for variable in ONE_THREAD_VARIABLES:  # read by OpenBLAS when numpy is first imported, below
        os.environ.setdefault(variable, "1")
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
