"""A tiny model trained in seconds through `train_model`, loaded and run through `kk.ner`.

The tiny model is trained on our own fixture sentences (repeated so it memorises them); the
tests check the plumbing -- training with extra docs, saving, locating, offsets through the clean
view, labels, subtypes, confidences -- not accuracy (that is `jazba train --evaluate-only`).
"""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ner import kaznerd
from pipeline.ner.component import chunk_spans, spacy_entities
from pipeline.ner.model import ModelNotFoundError, dev_entity_scores, find_model, load_model
from pipeline.ner.train import DEFAULT_CONFIG, train_model
from pipeline.records import Document
from pipeline.runner import Pipeline, RunConfig

#: A small network so training takes seconds; same architecture family as the shipped config.
TINY = {
    "components.ner.model.tok2vec.embed.width": 32,
    "components.ner.model.tok2vec.embed.rows": [500, 100, 200, 50],
    "components.ner.model.tok2vec.encode.width": 32,
    "components.ner.model.tok2vec.encode.depth": 1,
    "components.ner.model.hidden_width": 32,
    "training.max_epochs": 30,
    "training.eval_frequency": 40,
    "training.dropout": 0.0,
    "training.optimizer.learn_rate": 0.01,
    "training.batcher.size.start": 40,
    "training.batcher.size.stop": 40,
}

# an extra reviewed document (own sentence): a name the KazNERD-style fixture never has
EXTRA_TEXT = "Зейнолла Шүкіров Жаңаарқада мұғалім болды."
EXTRA_SPANS = [(0, 16, "PERSON"), (17, 27, "PLACE", "gpe"), (28, 35, "ROLE")]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, fixtures_dir):
    work = tmp_path_factory.mktemp("ner")
    sentences = kaznerd.read_iob2(fixtures_dir / "ner" / "tiny_kaznerd.iob2")
    data = work / "tiny.iob2"
    # 4 copies of 12 sentences = 48 sentences: 2 blocks of 20 + 8, one block goes to dev
    data.write_text(
        "".join("".join(f"{t} {g}\n" for t, g in zip(s.tokens, s.tags)) + "\n" for _ in range(4) for s in sentences),
        encoding="utf-8",
    )
    log = io.StringIO()
    result = train_model(DEFAULT_CONFIG, work / "model", extra_docs=[(EXTRA_TEXT, EXTRA_SPANS)] * 6,
                         data_path=data, seed=0, dev_fraction=0.3, overrides=TINY, log=log)
    return result


def test_train_model_saves_a_loadable_model_with_scores_and_credit(tiny_model):
    model_dir = tiny_model.model_dir
    assert tiny_model.n_extra == 6 and tiny_model.n_train == 28 and tiny_model.n_dev == 20
    assert find_model(model_dir) == model_dir
    saved = json.loads((model_dir / "scores.json").read_text(encoding="utf-8"))
    assert saved["n_extra"] == 6 and saved["seed"] == 0
    assert set(saved["dev"]["fine"]) >= {"PERSON", "GPE"}
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["sources"][0]["name"] == "KazNERD" and "CC BY 4.0" in meta["license"]
    nlp = load_model(model_dir)
    assert nlp.get_pipe("ner").cfg["beam_width"] > 1
    # the memorised dev sentences come back: the plumbing from IOB2 to scores works
    assert tiny_model.scores.fine["PERSON"].f > 0.5
    assert "PERSON" in tiny_model.report()


def test_extra_docs_are_trained_on(tiny_model):
    """The reviewed sentence given only through `extra_docs` is learnt (labels mapped back)."""
    nlp = load_model(tiny_model.model_dir)
    doc = Document(doc_id="extra", text=EXTRA_TEXT)
    found = {(r.text, r.label, r.subtype) for r in spacy_entities(doc, nlp)}
    assert ("Зейнолла Шүкіров", "PERSON", "person") in found
    assert ("Жаңаарқада", "PLACE", "gpe") in found


def test_kk_ner_component_maps_offsets_through_the_clean_view(tiny_model):
    # own text with PDF artefacts: a hard line break inside a name, hyphenation across lines
    text = "Кіріспе.\n\nМұхтар\nӘуезов Семейде туған.  Ішкі істер минис-\nтрі Круглов Мәскеуден жеделхат жіберді."
    config = RunConfig(components=["kk.ner"], stages=[], model_path=str(tiny_model.model_dir))
    doc = Pipeline(config).annotate(text, doc_id="t1")
    recs = [r for r in doc.records if r.source == "model:spacy"]
    assert recs, "the tiny model found nothing in sentences it memorised"
    for r in recs:
        assert text[r.start : r.end] == r.text
        assert r.label in {"PERSON", "PLACE", "ORG", "ROLE"}
        assert r.subtype in {"person", "gpe", "location", "facility", "organisation", "position"}
        assert 0.0 < r.confidence <= 1.0
        assert r.norm == {}
    texts = {(r.text, r.label) for r in recs}
    assert ("Мұхтар\nӘуезов", "PERSON") in texts  # the line break stays in the original-offset text
    assert ("Семейде", "PLACE") in texts


def test_dev_entity_scores_rows(tiny_model):
    data = tiny_model.model_dir.parent / "tiny.iob2"
    rows = dev_entity_scores(tiny_model.model_dir, data_path=data, seed=0, dev_fraction=0.3)
    assert rows
    assert all(0.0 <= r.score <= 1.0 for r in rows)
    assert any(r.correct for r in rows)
    assert {r.jazba_label for r in rows if r.label == "GPE"} <= {"PLACE"}


def test_bad_model_paths_are_clear(tmp_path, monkeypatch):
    with pytest.raises(ModelNotFoundError, match="no config.cfg"):
        find_model(tmp_path)
    monkeypatch.setenv("JAZBA_MODEL_DIR", str(tmp_path / "missing"))
    with pytest.raises(ModelNotFoundError, match="JAZBA_MODEL_DIR"):
        find_model()


def test_env_var_overrides_the_default(tiny_model, monkeypatch):
    monkeypatch.setenv("JAZBA_MODEL_DIR", str(tiny_model.model_dir))
    assert find_model() == tiny_model.model_dir


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="аб ә.!?\n»", max_size=300), st.integers(min_value=5, max_value=50))
def test_chunks_cover_all_non_blank_text_in_order(text, max_chars):
    chunks = list(chunk_spans(text, None, max_chars=max_chars))
    pos = 0
    for s, e in chunks:
        assert pos <= s < e <= len(text) and e - s <= max_chars
        assert not text[pos:s].strip()  # nothing but whitespace skipped
        pos = e
    assert not text[pos:].strip()


def test_chunks_follow_given_sentences():
    text = "Бірінші сөйлем. Екінші сөйлем"
    assert list(chunk_spans(text, [(0, 15), (16, 29)])) == [(0, 15), (16, 29)]


_PIECES = st.sampled_from([
    "Мұхтар", "Әуезов", "Семейде", "туған", ".", " ", "\n", "-\n", "\u00ad", "\u00ad\n", "  ", "Круглов",
    "Мәскеуден", "Ішкі", "істер", "министрі", "«", "»", "\u200b", "\r\n", "1954", ",",
])


@settings(max_examples=40, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_offsets_are_sacred_on_adversarial_text(tiny_model, pieces):
    """Whatever the clean view removed (line breaks, soft hyphens, zero-width spaces), every
    model record indexes the original text."""
    text = "".join(pieces)
    nlp = _tiny_nlp(tiny_model)
    for r in spacy_entities(Document(doc_id="h", text=text), nlp):
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text


_NLP_CACHE: dict = {}


def _tiny_nlp(result):
    if result.model_dir not in _NLP_CACHE:
        _NLP_CACHE[result.model_dir] = load_model(result.model_dir)
    return _NLP_CACHE[result.model_dir]


def test_evaluate_only_scores_a_whole_test_file(tiny_model, fixtures_dir, capsys):
    """`jazba train --evaluate-only --test FILE` scores every sentence of FILE (KazNERD's test split)."""
    from pipeline.cli import main

    code = main(["train", "--evaluate-only", "--model", str(tiny_model.model_dir),
                 "--test", str(fixtures_dir / "ner" / "tiny_kaznerd.iob2")])
    out = capsys.readouterr().out
    assert code == 0
    assert "12 sentences, all scored" in out and "PERSON" in out


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("3", "3")])
def test_cli_runs_one_blas_thread_unless_told_otherwise(preset, expected):
    """`jazba` sets one OpenBLAS/OpenMP thread before numpy loads; a user's own setting wins."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    if preset:
        env["OPENBLAS_NUM_THREADS"] = preset
    code = ("import os, sys\nfrom pipeline.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'], 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out[-3:] == [expected, "1", "False"]


def test_model_layers_use_numpy_matmul(tiny_model):
    """`load_model` builds the layers with `NumpyOps(use_blis=False)` (OpenBLAS: faster here)."""
    nlp = load_model(tiny_model.model_dir)
    ops = nlp.get_pipe("ner").model.ops
    assert type(ops).__name__ == "NumpyOps" and ops.use_blis is False
