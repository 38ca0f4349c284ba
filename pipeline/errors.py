"""The one exception hierarchy for everything a user can get wrong, and the CLI's exit codes.

Every error a user can cause (a bad argument, an unreadable input, an unusable output directory or
store, a model that is not installed) is a `JazbaError`. Its message is one line that names the file
or option and the problem; `exit_code` is what `jazba` exits with. The CLI catches `JazbaError`
once (`pipeline.cli.main`) and prints `jazba: error: <message>`; anything else is a bug and
prints one line too (the traceback with `--debug`). The table is in docs/cli.md.

Library code raises these; it never prints or exits.
"""
from __future__ import annotations

#: Exit codes of the `jazba` command (docs/cli.md has the same table; tests/test_robust_cli.py checks it).
EXIT_OK = 0
EXIT_INTERNAL = 1          # a bug in jazba: please report it (the message says so; --debug shows the traceback)
EXIT_USAGE = 2             # bad command line: unknown option, bad --doc-date, --components, --encoding, ...
EXIT_SOME_INPUTS = 3       # some inputs could not be read; the others were processed and written
EXIT_NO_INPUT = 4          # no input could be read (or an eval input is unusable); nothing was written
EXIT_OUTPUT = 5            # --out or the annotation store cannot be written; nothing was replaced
EXIT_MODEL = 6             # the NER model or backend is not installed / not a model
EXIT_INTERRUPTED = 130     # Ctrl-C; finished documents are kept in the partial files
EXIT_BROKEN_PIPE = 141     # stdout was closed early (`jazba eval ... | head`): quiet, like other tools

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_INTERNAL: "internal error (a bug in jazba)",
    EXIT_USAGE: "bad command line",
    EXIT_SOME_INPUTS: "some inputs unreadable; the rest processed and written",
    EXIT_NO_INPUT: "no usable input; nothing written",
    EXIT_OUTPUT: "output directory or store unusable; nothing replaced",
    EXIT_MODEL: "model or backend not available",
    EXIT_INTERRUPTED: "interrupted",
    EXIT_BROKEN_PIPE: "stdout closed early",
}


class JazbaError(Exception):
    """A problem the user can fix. `str(err)` is the one-line message; `exit_code` the CLI's code."""

    exit_code = EXIT_INTERNAL


class UsageError(JazbaError):
    """A command-line value that cannot work (checked before any work starts)."""

    exit_code = EXIT_USAGE


class InputError(JazbaError):
    """An input that cannot be used. `path` names it (also at the start of the message)."""

    exit_code = EXIT_NO_INPUT

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NoDocumentsError(JazbaError):
    """The inputs named no readable document: nothing is written, earlier outputs stay."""

    exit_code = EXIT_NO_INPUT


class OutputError(JazbaError):
    """The output directory (or a file in it) cannot be written. Earlier outputs stay as they were."""

    exit_code = EXIT_OUTPUT


class ModelError(JazbaError):
    """A model or NER backend is missing or is not what it should be."""

    exit_code = EXIT_MODEL
