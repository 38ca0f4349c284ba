"""The test suite never touches the user's annotation store (`annotations/` of the checkout), nor the
checkout's `output/` (where a user's runs go).

`conftest.py` points `JAZBA_STORE` at a temporary file for the whole session (subprocesses inherit
it), fingerprints `annotations/` when the session starts and fails the session at its end if the
fingerprint changed; `tests/test_store_guard.py` checks the same in a test.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "annotations"
OUTPUT = ROOT / "output"


def fingerprint(directory: Path = ANNOTATIONS) -> str:
    """sha256 over every file's relative path, size and content under `directory` ("absent" if none)."""
    if not directory.exists():
        return "absent"
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(directory)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # unreadable: its name and error still count
            digest.update(repr(exc).encode())
        digest.update(b"\0")
    return digest.hexdigest()


#: Filled by conftest at session start.
STATE: dict[str, str] = {}
