"""Checking `jazba run`'s arguments before any work starts: one function per argument.

Each raises a `pipeline.errors.JazbaError` with a one-line message naming the option or file,
so a typo costs a second, not a whole pipeline run followed by a traceback.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

from .errors import ModelError, OutputError, UsageError

_DOC_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
SQLITE_HEADER = b"SQLite format 3\x00"


def check_doc_date(value: str | None) -> str | None:
    """`--doc-date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date (not `1954-13-45`)."""
    if value is None:
        return None
    m = _DOC_DATE.match(value.strip())
    if not m:
        raise UsageError(f"--doc-date {value}: not a date; give YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1954-06-01)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        _dt.date(year if year >= 1 else 1, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise UsageError(f"--doc-date {value}: no such date ({exc})") from None
    return value.strip()


def check_components(names: list[str] | None) -> list[str] | None:
    """`--components`: every name must be a registered document component."""
    if names is None:
        return None
    from . import components
    from .registry import DOC_COMPONENTS

    components.load_all()
    unknown = [n for n in names if n not in DOC_COMPONENTS]
    if unknown:
        hint = ""
        if any(("/" in n or n.endswith(".txt") or os.path.exists(n)) for n in unknown):
            hint = " (input paths go before --components, or after `--`)"
        raise UsageError(f"--components: unknown component(s) {', '.join(unknown)}{hint}; "
                         f"known: {', '.join(sorted(DOC_COMPONENTS))}")
    if not names:
        raise UsageError("--components: give at least one component")
    return names


def check_model(backend: str, model: str | None, components: list[str] | None) -> None:
    """`--model` / `--backend`: the NER model or backend must be there if `kk.ner` runs."""
    from . import components as comps

    runs_ner = "kk.ner" in (components if components is not None else comps.DEFAULT_COMPONENTS)
    if model is not None and not Path(model).is_dir():
        raise ModelError(f"--model {model}: no such directory")
    if not runs_ner:
        return
    if backend == "stanza":
        from .ner.stanza_backend import BackendUnavailable, HOW_TO_GET, check_resources, resources_dir

        try:
            import stanza  # noqa: F401
        except ImportError as err:
            raise BackendUnavailable(f"stanza is not installed ({err}).\n{HOW_TO_GET}") from None
        check_resources(resources_dir())
        return
    from .ner.model import find_model

    find_model(model)  # ModelNotFoundError (a ModelError) names what is missing


def check_store(path: str | None) -> Path:
    """`--store`: an SQLite file (or a new file in a writable directory), not a directory or other file."""
    from .store.db import StoreError, default_store_path

    p = Path(path) if path else default_store_path()
    if p.is_dir():
        raise StoreError(f"--store {p}: is a directory, not a store file")
    if p.exists():
        if not p.is_file():
            raise StoreError(f"--store {p}: not a regular file")
        try:
            with open(p, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"--store {p}: cannot read ({exc.strerror or exc})") from None
        if head and head != SQLITE_HEADER:
            raise StoreError(f"--store {p}: not an SQLite store (refusing to touch it)")
        if not os.access(p, os.W_OK):
            raise StoreError(f"--store {p}: not writable")
        return p
    existing = p.parent
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise StoreError(f"--store {p}: cannot create it, {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise StoreError(f"--store {p}: cannot create it, {existing} is not writable")
    return p


def check_out(path: str) -> Path:
    """`--out`: a directory that exists or can be made, and can be written."""
    from .output import check_output_dir

    return check_output_dir(path)


__all__ = ["check_doc_date", "check_components", "check_model", "check_store", "check_out", "OutputError"]
