"""Shared fixtures. `../shared` is read directly (never copied); tests needing it skip when absent."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import store_guard

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# -- the user's annotation store is never touched (tests/store_guard.py) --------------------------
_SESSION_STORE_DIR = tempfile.mkdtemp(prefix="jazba-test-store-")


def pytest_sessionstart(session):
    """Before any test module is imported: every store write goes to a temporary file."""
    store_guard.STATE["before"] = store_guard.fingerprint()
    store_guard.STATE["output_before"] = store_guard.fingerprint(store_guard.OUTPUT)
    store_guard.STATE["store"] = os.path.join(_SESSION_STORE_DIR, "jazba.db")
    os.environ["JAZBA_STORE"] = store_guard.STATE["store"]


def pytest_sessionfinish(session, exitstatus):
    after = store_guard.fingerprint()
    if "before" in store_guard.STATE and after != store_guard.STATE["before"]:
        session.exitstatus = 1
        print(f"\nFAILED store guard: the test session changed {store_guard.ANNOTATIONS} "
              "(a test wrote to the user's annotation store)")
    if "output_before" in store_guard.STATE and store_guard.fingerprint(store_guard.OUTPUT) != store_guard.STATE["output_before"]:
        session.exitstatus = 1
        print(f"\nFAILED output guard: the test session changed {store_guard.OUTPUT} (a test wrote into the "
              "user's output folder; screenshots go to $JAZBA_SCREENSHOTS or a temporary folder)")


@pytest.fixture(autouse=True)
def _temporary_store(monkeypatch):
    """Every test: JAZBA_STORE is the session's temporary store, even if an earlier test changed it."""
    monkeypatch.setenv("JAZBA_STORE", store_guard.STATE.get("store") or os.path.join(_SESSION_STORE_DIR, "jazba.db"))


# The session's real Label Studio server (fixtures `label_studio`, `ls_client`).
from labelstudio_server import label_studio, ls_client  # noqa: E402,F401


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}: the shared samples are not available here")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
