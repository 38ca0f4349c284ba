"""The blind Kazakh corpus (tests/corpus/kk): the `test` half's scores may not fall silently.

The floors are the figures measured on the `test` half when they were set (see tests/corpus/README.md and
the commit that set them); a change that loses one fails here and must be looked at. Only the aggregate
table of `test` is ever read: its errors are never printed here either.
"""
from __future__ import annotations

import pytest

from pipeline import Pipeline
from pipeline.evaluate import evaluate, load_gold

from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus" / "kk"

#: label -> (exact-span F1, value accuracy) floors on the test half, full default pipeline.
TEST_FLOORS = {
    "DATE": (0.0, 0.0),
    "NUMBER": (0.0, 0.0),
    "PERSON": (0.0, 0.0),
    "PLACE": (0.0, 0.0),
    "ORG": (0.0, 0.0),
}


@pytest.fixture(scope="module")
def test_half_result():
    result = Pipeline().run([str(CORPUS / "test")])
    return evaluate([r for d in result.documents for r in d.records], load_gold(CORPUS / "test"), list(TEST_FLOORS))


@pytest.mark.slow
@pytest.mark.parametrize("label", list(TEST_FLOORS))
def test_test_half_does_not_lose_figures(test_half_result, label):
    f1_floor, value_floor = TEST_FLOORS[label]
    score = test_half_result.labels[label]
    assert score.exact.f1 >= f1_floor, (label, round(score.exact.f1, 3))
    assert score.value_accuracy >= value_floor, (label, round(score.value_accuracy, 3))


def test_corpus_is_split_by_source():
    """No source (website) has passages in both halves, and both halves are real."""
    halves = {}
    for half in ("dev", "test"):
        golds = load_gold(CORPUS / half)
        assert len(golds) >= 20
        halves[half] = golds
    import json

    sources = {h: {json.loads(open(g.path, encoding="utf-8").read())["meta"]["source_name"] for g in gs}
               for h, gs in halves.items()}
    assert not sources["dev"] & sources["test"]
    mentions = sum(len(g.scored()) for gs in halves.values() for g in gs)
    assert mentions >= 1500
