"""The suite never writes to the checkout's annotations/ (the user's real store)."""
from __future__ import annotations

import os
from pathlib import Path

import store_guard
from pipeline.cli import main


def test_store_points_outside_the_checkout():
    store = Path(os.environ["JAZBA_STORE"]).resolve()
    assert store_guard.ROOT not in store.parents, store


def test_a_run_without_store_flags_leaves_annotations_untouched(fixtures_dir, tmp_path):
    before = store_guard.fingerprint()
    rc = main(["run", str(fixtures_dir / "kk_forms_marked.txt"), "--out", str(tmp_path / "out"), "--quiet",
               "--components", "sentences", "kk.dates"])
    assert rc == 0
    assert Path(os.environ["JAZBA_STORE"]).is_file()  # the run did write a store: the temporary one
    assert store_guard.fingerprint() == before


def test_annotations_unchanged_since_the_session_started():
    """Checked here for the tests run so far, and again for the whole session in conftest.pytest_sessionfinish."""
    assert store_guard.fingerprint() == store_guard.STATE["before"]


def test_fingerprint_sees_a_change(tmp_path):
    (tmp_path / "a.db").write_bytes(b"1")
    first = store_guard.fingerprint(tmp_path)
    (tmp_path / "a.db").write_bytes(b"2")
    assert store_guard.fingerprint(tmp_path) != first
    assert store_guard.fingerprint(tmp_path / "none") == "absent"


def test_output_folder_unchanged_since_the_session_started():
    """The checkout's output/ is the user's: screenshots and runs of the tests go elsewhere."""
    assert store_guard.fingerprint(store_guard.OUTPUT) == store_guard.STATE["output_before"]
