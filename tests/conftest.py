"""Shared fixtures. `../shared` is read directly (never copied); tests needing it skip when absent."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

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
