"""The real Label Studio server the review tests talk to: one per test session, on a free 127.0.0.1 port.

Started from `$JAZBA_LABEL_STUDIO_VENV/bin/label-studio` (default `.venv-labelstudio` in the repo
root) with a temporary data directory; stopped when the session ends. A missing Label Studio is a
test FAILURE, not a skip: `make test` installs it (`make labelstudio`).

A fresh data directory costs a cold start (Label Studio runs its ~300 database migrations: one to
several minutes on a busy machine). So the first session migrates a template directory once, under
the system temp dir keyed by the Label Studio executable, and every session copies it and starts warm.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.review.labelstudio import Connection, LabelStudio
from pipeline.review.server import LocalServer, ServerError, label_studio_executable

#: Test-only credentials of the throw-away server (bound to 127.0.0.1, data in a temp dir).
USERNAME, PASSWORD, TOKEN = "reviewer@jazba.test", "jazba-test-password", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"


def _template(exe: Path) -> Path:
    """A migrated data directory with our test user, built once per Label Studio installation."""
    # keyed by the executable and its install time: a reinstalled Label Studio gets a fresh template
    key = hashlib.sha256(f"{exe.resolve()}:{exe.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    root = Path(tempfile.gettempdir()) / f"jazba-labelstudio-template-{os.getuid()}-{key}"
    ready = root / "ready"
    if (ready / "label_studio.sqlite3").exists():
        return ready
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another session may be building it right now
        if not (ready / "label_studio.sqlite3").exists():
            building = root / f"building-{os.getpid()}"
            shutil.rmtree(building, ignore_errors=True)
            LocalServer(building, username=USERNAME, password=PASSWORD, token=TOKEN).start(wait=600).stop()
            (building / "label-studio.log").unlink(missing_ok=True)
            building.rename(ready)
    return ready


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    """A running `LocalServer`; `.url` and `.token` reach it, `.username` is the reviewer."""
    try:
        exe = label_studio_executable()
        data = tmp_path_factory.getbasetemp() / "labelstudio"
        shutil.copytree(_template(exe), data)
        server = LocalServer(data, username=USERNAME, password=PASSWORD, token=TOKEN).start()
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ls_client(label_studio) -> LabelStudio:
    return LabelStudio(Connection(label_studio.url, label_studio.token))
