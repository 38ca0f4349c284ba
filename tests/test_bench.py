"""`jazba bench` runs and reports a figure (the figure itself is never asserted: see DEVELOPING.md)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.bench import MODES, bench_corpus, run_bench


def test_corpus_falls_back_to_our_fixture_and_says_so():
    texts, source = bench_corpus(min_bytes=30_000, use_kaznerd=False)
    assert sum(len(t.encode("utf-8")) for t in texts) >= 30_000
    assert "fixture" in source and "{{" not in texts[0]


def test_kaznerd_corpus_is_named(shared_dir):
    texts, source = bench_corpus(min_bytes=30_000)
    assert "KazNERD" in source and "CC BY 4.0" in source


def test_run_bench_counts_tokens_and_records():
    result = run_bench("extract", min_bytes=30_000)
    assert result.tokens > 2000 and result.records > 0
    assert set(result.stage_seconds) == {"tokenise", *MODES["extract"]}  # no corpus stages in this mode
    assert "tokens/s" in result.report()


def test_cli_json():
    out = subprocess.run([sys.executable, "-m", "pipeline", "bench", "--mb", "0.03", "--json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    assert data["tokens"] > 0 and data["tokens_per_second"] > 0 and data["mode"] == "extract"


def test_full_bench_times_corpus_stages_and_leaves_the_counting_pass_out():
    """The full figure is what `jazba run` costs: every component and corpus stage, and not the
    separate token-counting pass (the components tokenise themselves)."""
    result = run_bench("full", min_bytes=30_000)
    assert {"kk.ner", "kk.names", "stage:align", "stage:confidence"} <= set(result.stage_seconds)
    assert result.not_in_total == ["tokenise"]
    counted = sum(sec for name, sec in result.stage_seconds.items() if name != "tokenise")
    assert result.seconds == pytest.approx(counted)
    assert "not in the total" in result.report()
