"""`jazba` command line: a thin layer over the library. Each subcommand lives in `pipeline.commands`.

Errors: every problem a user can cause is a `pipeline.errors.JazbaError`, caught here once and
printed as one line, `jazba: error: ...`, with the exit code of docs/cli.md. Anything else is a bug:
one line too, and the traceback with `--debug` (anywhere on the command line).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from . import __version__
from .errors import EXIT_BROKEN_PIPE, EXIT_INTERNAL, EXIT_INTERRUPTED, JazbaError

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
        epilog="exit codes and error messages: docs/cli.md",
    )
    parser.add_argument("--version", action="version", version=f"jazba {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
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
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv
    if debug:
        argv.remove("--debug")
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        hint = ""
        if args.command == "run" and args.ru:
            hint = f" (--ru takes one path per use: --ru {args.ru[-1]} --ru {extra[0]})"
        parser.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("jazba: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `jazba eval ... | head`: the reader left; say nothing more
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except JazbaError as err:
        if debug:
            traceback.print_exc()
        print(f"jazba: error: {err}", file=sys.stderr)
        return err.exit_code
    except Exception as err:  # a bug: one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        first = str(err).splitlines()[0] if str(err) else ""
        print(f"jazba: internal error: {type(err).__name__}: {first} "
              "(a bug in jazba; run again with --debug for the traceback and please report it)", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so Python's exit-time flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
