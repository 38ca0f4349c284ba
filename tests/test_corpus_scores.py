"""The blind corpora (tests/corpus/kk, tests/corpus/ru): the `test` halves' scores may not fall silently.

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
RU_CORPUS = ROOT / "tests" / "corpus" / "ru"

#: label -> (exact-span F1, value accuracy) floors on the Kazakh test half, full default pipeline: the
#: figures measured on 2026-12-03 (DATE 0.875/0.969, NUMBER 0.822/0.921, PERSON 0.869/0.735, PLACE
#: 0.799/0.778, ORG 0.436/0.548; after the quoted-list rule PERSON 0.864/0.733, ORG 0.434/0.548), rounded down. The issue's targets are higher: see tests/corpus/README.md.
TEST_FLOORS = {
    "DATE": (0.87, 0.96),
    "NUMBER": (0.82, 0.92),
    "PERSON": (0.86, 0.73),
    "PLACE": (0.79, 0.77),
    "ORG": (0.43, 0.54),
}
#: the same for the Russian test half (PERSON 0.883/0.939 in this library run, 0.949 by `jazba run`; PLACE
#: 0.842/0.837, ORG 0.800/0.853).
RU_TEST_FLOORS = {
    "PERSON": (0.88, 0.93),
    "PLACE": (0.84, 0.83),
    "ORG": (0.79, 0.85),
}


def _test_half(lang: str, labels) -> object:
    corpus = CORPUS if lang == "kk" else RU_CORPUS
    inputs = ([str(corpus / "test")], []) if lang == "kk" else ([], [str(corpus / "test")])
    result = Pipeline().run(inputs[0], ru_inputs=inputs[1])
    return evaluate([r for d in result.documents for r in d.records], load_gold(corpus / "test"), list(labels))


@pytest.fixture(scope="module")
def test_half_results() -> dict:
    return {"kk": _test_half("kk", TEST_FLOORS), "ru": _test_half("ru", RU_TEST_FLOORS)}


@pytest.mark.slow
@pytest.mark.parametrize("lang,label", [("kk", label) for label in TEST_FLOORS] + [("ru", label) for label in RU_TEST_FLOORS])
def test_test_halves_do_not_lose_figures(test_half_results, lang, label):
    f1_floor, value_floor = (TEST_FLOORS if lang == "kk" else RU_TEST_FLOORS)[label]
    score = test_half_results[lang].labels[label]
    assert score.exact.f1 >= f1_floor, (lang, label, round(score.exact.f1, 3))
    assert score.value_accuracy >= value_floor, (lang, label, round(score.value_accuracy, 3))


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
