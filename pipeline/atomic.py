"""The package's one way to replace a file atomically: write a temporary file beside it, rename it in.

    with atomic_path(Path("data/kk.spacy")) as tmp:   # tmp is an empty file in data/
        docbin.to_disk(tmp)                           # renamed onto data/kk.spacy only if this succeeds
    atomic_write_text(Path("out/card.md"), text)

A reader never sees a half-written file, and a failure or an interrupt leaves the old file as it
was. Temporary files get the normal permissions of a new file (0666 minus the umask), not the 0600
of `tempfile.mkstemp`, so the renamed file is readable like any other the user creates.
"""
from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TEMP_SUFFIX = ".tmp"


def new_temp_file(directory: Path, name: str) -> Path:
    """Create an empty, uniquely named `.NAME.<random>.tmp` in `directory` (mode 0666 & ~umask)."""
    directory.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        tmp = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"{directory}: cannot create a temporary file for {name}")  # pragma: no cover


def fsync_file(path: Path) -> None:
    """Push `path`'s data to disk (best effort: not every file system supports it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def replace(tmp: Path, path: Path) -> None:
    """Rename `tmp` onto `path` (atomic on POSIX within one file system)."""
    os.replace(tmp, path)


def discard(tmp: Path) -> None:
    """Remove a temporary file if it is still there."""
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` only if the block succeeds."""
    path = Path(path)
    tmp = new_temp_file(path.parent, path.name)
    try:
        yield tmp
        fsync_file(tmp)
        replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
