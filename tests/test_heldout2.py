"""Regression check of the name rules on three Kazakh texts written for issue 3
(tests/fixtures/heldout/heldout2_kk_{1,2,3}.txt, not from ../shared: names, places and institutions the
user's sample does not have; PDF line breaks and `-\\n` hyphenation inside names).

These texts are NOT held out any more, and the figures below are NOT a generalisation score: the
rules were fixed after the texts were seen, twice -- "general fixes it prompted" before the first
figures were recorded, then the local party-committee rule (`Қарағанды облыстық партия комитеті` =
Карагандинский обком) after them. The first recorded figures (already after the first fixes) were
PLACE 0.988 and ORG 0.947 exact-span F1; nothing was recorded before any fix. The text was not changed.

What is asserted is what the full default pipeline (model + rules, as `jazba run`) honestly measures on
them now, as counts (gold, predicted, exact matches per label, 2026-12-03, commit of issue 12):
PERSON 20/20/20, PLACE 42/42/42, ORG 10/10/10, ROLE 11/11/11, DATE 12/12/11 (F1 0.917), NUMBER 9/9/9;
value accuracy 1.000 everywhere. Known miss: the span of `1941 жылғы күзде`. (`Шілде айында`, a month
without a year, was found once the month-with-`айы` rule came from the blind corpus' dev errors: DATE was
12/11/10 before.) A change in these counts -- better or worse -- fails the
test and must be looked at; a better figure here says little about unseen text (see the first held-out
check, tests/fixtures/heldout/heldout_kk.txt, and the README's figures on it).
"""
import json

import pytest

from pipeline.evaluate import evaluate, load_gold
from pipeline.runner import Pipeline, RunConfig

DOCS = ("heldout2_kk_1", "heldout2_kk_2", "heldout2_kk_3")

#: label -> (gold, predicted, exact matches) measured now on the three texts together (see the docstring)
MEASURED = {
    "PERSON": (20, 20, 20),
    "PLACE": (42, 42, 42),
    "ORG": (10, 10, 10),
    "ROLE": (11, 11, 11),
    "DATE": (12, 12, 11),
    "NUMBER": (9, 9, 9),
}
#: per document: label -> gold spans (the per-text figures are all exact now; see the docstring)
GOLD_PER_DOC = {
    "heldout2_kk_1": {"PERSON": 7, "PLACE": 13, "ORG": 4, "ROLE": 3},
    "heldout2_kk_2": {"PERSON": 6, "PLACE": 18, "ORG": 2, "ROLE": 3},
    "heldout2_kk_3": {"PERSON": 7, "PLACE": 11, "ORG": 4, "ROLE": 5},
}


@pytest.fixture(scope="module")
def scored(fixtures_dir):
    heldout = fixtures_dir / "heldout"
    result = Pipeline(RunConfig()).run([str(heldout / f"{d}.txt") for d in DOCS])
    assert not result.errors
    records = result.records()
    golds = [g for d in DOCS for g in load_gold(heldout / f"{d}.gold.json")]
    return records, golds


def test_gold_offsets_match_the_text(fixtures_dir):
    for d in DOCS:
        text = (fixtures_dir / "heldout" / f"{d}.txt").read_text(encoding="utf-8")
        gold = json.loads((fixtures_dir / "heldout" / f"{d}.gold.json").read_text(encoding="utf-8"))
        assert gold["doc_id"] == d and gold["annotated_until_char"] == len(text)
        assert len(gold["spans"]) >= 30
        for s in gold["spans"]:
            assert text[s["start"]:s["end"]] == s["text"], (d, s)


def test_heldout2_counts_as_measured(scored):
    records, golds = scored
    result = evaluate(records, golds, labels=list(MEASURED))
    got = {label: (s.gold, s.predicted, s.exact.tp) for label, s in result.labels.items()}
    assert got == MEASURED
    for label, s in result.labels.items():
        assert s.value_accuracy == 1.0, (label, s.to_dict())


@pytest.mark.parametrize("doc_id", DOCS)
def test_heldout2_counts_per_text(scored, doc_id):
    records, golds = scored
    gold = [g for g in golds if g.doc_id == doc_id]
    result = evaluate(records, gold, labels=list(GOLD_PER_DOC[doc_id]))
    got = {label: (s.gold, s.predicted, s.exact.tp) for label, s in result.labels.items()}
    assert got == {label: (n, n, n) for label, n in GOLD_PER_DOC[doc_id].items()}


def test_heldout2_hyphenated_names_and_record_offsets(scored, fixtures_dir):
    """`-\\n` hyphenation inside a name (`Насед-\\nкинге`, `Бекма-\\nхановты`, `Қара-\\nғандыға`) is read
    as one word; a hyphenated gazetteer name (`Шерубай-\\nнұра`) keeps its hyphen; offsets point into
    the original text."""
    records, _ = scored
    texts = {d: (fixtures_dir / "heldout" / f"{d}.txt").read_text(encoding="utf-8") for d in DOCS}
    for r in records:
        assert texts[r.doc_id][r.start:r.end] == r.text
    got = {(r.label, r.text): r.norm.get("ru") for r in records}
    assert got[("PERSON", "В. Г. Насед-\nкинге")] == "Наседкин В. Г."
    assert got[("PERSON", "Е. Бекма-\nхановты")] == "Бекмаханов Е."
    assert got[("PLACE", "Қара-\nғандыға")] == "Караганда"
    assert got[("PLACE", "Екібас-\nтұздағы")] == "Экибастуз"
    assert got[("PLACE", "Шерубай-\nнұра")] == "Шерубай-Нура"
