"""The stanza backend (`pipeline.ner.stanza_backend`), tested on a tiny REAL stanza model.

stanza's Kazakh models live on a model hub, so the session fixture builds its own with stanza's
own training code: a tokenizer (`stanza.models.tokenizer`), word vectors saved by stanza's
`Pretrain`, and a BiLSTM-CRF NER (`stanza.models.ner_tagger`), trained for a few dozen steps on
`fixtures/stanza_kk_ner.iob` (our own KazNERD-style sentences) until they reproduce it, then laid
out as a STANZA_RESOURCES_DIR. Building takes ~10 s on one CPU thread.

Needs the optional extra; without it these tests skip (except the "how to get it" message test):
    pip install torch==2.13.0 && pip install -e '.[stanza]'
"""
from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ner.stanza_backend import (
    SOURCE,
    BackendUnavailable,
    check_resources,
    segment_probability,
    stanza_entities,
)
from pipeline.records import Document
from pipeline.registry import DOC_COMPONENTS
from pipeline.runner import Pipeline, RunConfig, RunContext

try:  # the optional extra
    import stanza  # noqa: F401
    import torch

    HAVE_STANZA = True
except ImportError:
    HAVE_STANZA = False

_SKIP_REASON = "stanza/torch not installed (optional extra): pip install torch==2.13.0 && pip install -e '.[stanza]'"


def needs_stanza(test):
    """Runs on the tiny model: needs the extra; `slow` because building the model takes ~10 s once."""
    return pytest.mark.slow(pytest.mark.skipif(not HAVE_STANZA, reason=_SKIP_REASON)(test))


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "stanza_kk_ner.iob"
PACKAGE = "jazbatiny"
_NO_SPACE_BEFORE = set(".,;:!?)»")


# -- building a tiny stanza model with stanza's own code --------------------------------------
def _sentences() -> list[tuple[list[str], list[str]]]:
    from stanza.utils.datasets.ner.prepare_ner_file import load_conll03

    return load_conll03(str(FIXTURE))


def _detokenize(words: list[str]) -> str:
    text = ""
    for word in words:
        if text and word not in _NO_SPACE_BEFORE:
            text += " "
        text += word
    return text


def _train_tokenizer(work: Path, out_dir: Path) -> None:
    """stanza's neural tokenizer, trained on the fixture's raw text and its CoNLL-U tokens."""
    from stanza.models import tokenizer as tokenizer_main
    from stanza.utils.datasets import prepare_tokenizer_data

    sentences = _sentences()
    (work / "kk.txt").write_text(" ".join(_detokenize(w) for w, _ in sentences) + "\n", encoding="utf-8")
    conllu = []
    for words, _ in sentences:
        conllu += [f"{i}\t{w}\t_\t_\t_\t_\t_\t_\t_\t_" for i, w in enumerate(words, 1)] + [""]
    (work / "kk.conllu").write_text("\n".join(conllu) + "\n", encoding="utf-8")
    # stanza's own converter: raw text + CoNLL-U -> per-character token/sentence-end labels
    prepare_tokenizer_data.main([
        str(work / "kk.txt"), str(work / "kk.conllu"),
        "-o", str(work / "kk.labels"), "-m", str(work / "kk.mwt.json"),
    ])
    tokenizer_main.main([
        "--txt_file", str(work / "kk.txt"), "--label_file", str(work / "kk.labels"),
        "--dev_txt_file", str(work / "kk.txt"), "--dev_label_file", str(work / "kk.labels"),
        "--mwt_json_file", str(work / "kk.mwt.json"), "--no_use_mwt",
        "--lang", "kk", "--shorthand", "kk_tiny",
        "--emb_dim", "16", "--hidden_dim", "16", "--batch_size", "8", "--lr0", "0.01",
        "--dropout", "0", "--unit_dropout", "0", "--tok_noise", "0", "--feat_dropout", "0", "--feat_unit_dropout", "0",
        "--steps", "60", "--eval_steps", "100000",  # never evaluates: saves the final model
        "--save_dir", str(out_dir), "--save_name", f"{PACKAGE}.pt", "--cpu", "--seed", "1234",
    ])


def _build_pretrain(work: Path, out_file: Path) -> None:
    """Word vectors for the fixture's vocabulary, converted and saved by stanza's `Pretrain`."""
    import numpy as np
    from stanza.models.common.pretrain import Pretrain

    rng = np.random.default_rng(7)
    vocab = sorted({w.lower() for words, _ in _sentences() for w in words})
    dim = 8
    lines = [f"{len(vocab)} {dim}"] + [w + " " + " ".join(f"{x:.4f}" for x in rng.normal(size=dim)) for w in vocab]
    (work / "vectors.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    Pretrain(str(out_file), str(work / "vectors.txt"), max_vocab=-1, save_to_file=True).load()


def _train_ner(work: Path, pretrain_file: Path, out_dir: Path) -> None:
    """stanza's BiLSTM-CRF NER with tiny dimensions, on the fixture converted by stanza's own script."""
    from stanza.models import ner_tagger
    from stanza.utils.datasets.ner.prepare_ner_file import process_dataset

    process_dataset(str(FIXTURE), str(work / "ner.json"))
    ner_tagger.main([
        "--train_file", str(work / "ner.json"), "--eval_file", str(work / "ner.json"),
        "--wordvec_pretrain_file", str(pretrain_file), "--shorthand", "kk_tiny",
        "--hidden_dim", "32", "--char_hidden_dim", "16", "--char_emb_dim", "8", "--word_emb_dim", "8",
        "--dropout", "0", "--word_dropout", "0", "--optim", "adam", "--lr", "0.02", "--batch_size", "16",
        "--max_steps", "60", "--eval_interval", "60",
        "--save_dir", str(out_dir), "--save_name", f"{PACKAGE}.pt", "--cpu", "--seed", "1234",
    ])


def _write_resources_json(root: Path) -> None:
    """The index stanza reads, shaped like the real one: default packages + NER's pretrain dependency."""
    kk = {
        "lang_name": "Kazakh",
        "tokenize": {PACKAGE: {}},
        "pretrain": {PACKAGE: {}},
        "ner": {PACKAGE: {"dependencies": [{"model": "pretrain", "package": PACKAGE}]}},
        "default_processors": {"tokenize": PACKAGE, "ner": PACKAGE},
        "packages": {"default": {"tokenize": PACKAGE, "ner": PACKAGE}},
    }
    (root / "resources.json").write_text(json.dumps({"kk": kk}, ensure_ascii=False), encoding="utf-8")


@contextlib.contextmanager
def _one_torch_thread():
    """A tiny model on a shared 2-core machine: one thread is ~10x faster, and deterministic."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(autouse=True, scope="module")
def _single_threaded_torch():
    if not HAVE_STANZA:
        yield
        return
    with _one_torch_thread():
        yield


@pytest.fixture(scope="session")
def tiny_stanza_dir(tmp_path_factory) -> Path:
    if not HAVE_STANZA:
        pytest.skip(_SKIP_REASON)
    root = tmp_path_factory.mktemp("stanza_resources")
    work = tmp_path_factory.mktemp("stanza_work")
    for sub in ("tokenize", "ner", "pretrain"):
        (root / "kk" / sub).mkdir(parents=True)
    log = logging.getLogger("stanza")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        with _one_torch_thread():
            _train_tokenizer(work, root / "kk" / "tokenize")
            _build_pretrain(work, root / "kk" / "pretrain" / f"{PACKAGE}.pt")
            _train_ner(work, root / "kk" / "pretrain" / f"{PACKAGE}.pt", root / "kk" / "ner")
    finally:
        log.setLevel(level)
    _write_resources_json(root)
    return root


def _ctx(model_dir: Path) -> RunContext:
    return RunContext(RunConfig(backend="stanza", options={"stanza_resources_dir": str(model_dir)}))


def _spans(records) -> set[tuple[str, str, str | None]]:
    return {(r.label, r.text, r.subtype) for r in records}


# -- the tests ----------------------------------------------------------------------------------
def test_missing_models_say_how_to_get_them(tmp_path):
    """Runs with or without stanza installed: either way the message says how to get everything."""
    doc = Document(doc_id="d", text="Серік Омаров Алматыдан келді.")
    with pytest.raises(BackendUnavailable) as info:
        stanza_entities(doc, _ctx(tmp_path / "nowhere"))
    message = str(info.value)
    assert "pip install torch==2.13.0" in message
    assert "[stanza]" in message
    assert 'stanza.download("kk", processors="tokenize,ner"' in message
    assert "STANZA_RESOURCES_DIR" in message
    if HAVE_STANZA:
        assert str(tmp_path / "nowhere" / "resources.json") in message
    else:
        assert "stanza is not installed" in message


def test_incomplete_resources_name_the_missing_file(tmp_path):
    (tmp_path / "kk" / "tokenize").mkdir(parents=True)
    (tmp_path / "kk" / "tokenize" / "ktb.pt").write_bytes(b"")
    (tmp_path / "resources.json").write_text(json.dumps({"kk": {
        "tokenize": {"ktb": {}}, "ner": {"kaznerd": {"dependencies": [{"model": "pretrain", "package": "conll17"}]}},
        "packages": {"default": {"tokenize": "ktb", "ner": "kaznerd"}},
    }}), encoding="utf-8")
    with pytest.raises(BackendUnavailable) as info:
        check_resources(tmp_path)
    message = str(info.value)
    assert str(tmp_path / "kk" / "ner" / "kaznerd.pt") in message
    assert str(tmp_path / "kk" / "pretrain" / "conll17.pt") in message
    assert "tokenize" not in message.split("missing", 1)[1].split(".\n")[0]  # tokenize is there
    (tmp_path / "resources.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="unreadable"):
        check_resources(tmp_path)
    (tmp_path / "resources.json").write_text(json.dumps({"ru": {}}), encoding="utf-8")
    with pytest.raises(BackendUnavailable, match=r"no Kazakh \(kk\) models"):
        check_resources(tmp_path)


@needs_stanza
def test_corrupt_model_file_is_reported_not_a_traceback(tiny_stanza_dir, tmp_path):
    import shutil

    broken = tmp_path / "stanza_resources"
    shutil.copytree(tiny_stanza_dir, broken)
    (broken / "kk" / "ner" / f"{PACKAGE}.pt").write_bytes(b"not a torch file")
    with pytest.raises(BackendUnavailable, match="could not load its Kazakh models") as info:
        stanza_entities(Document(doc_id="d", text="Серік Омаров келді."), _ctx(broken))
    assert str(broken) in str(info.value)


@needs_stanza
def test_tiny_model_records_map_to_original_offsets(tiny_stanza_dir):
    # Our own sentences from the fixture, with PDF artefacts: a hard line break inside a name,
    # a double space, a soft hyphen + line break inside a word, and a leading blank line.
    text = (
        "\nІшкі істер министрі Серік\nОмаров Алматыдан  Балқашқа келді. "
        "Прокурор Ахметов бұл туралы Мәскеу\u00ad\nге хабарлады.\n"
        "Қарағанды облысындағы Спасск кентінде 1952 жылы екі мың тұтқын болды.\n"
    )
    doc = Document(doc_id="kk1", text=text)
    records = stanza_entities(doc, _ctx(tiny_stanza_dir))
    for rec in records:
        assert text[rec.start:rec.end] == rec.text
        assert rec.source == SOURCE == "model:stanza"
        assert 0.9 < rec.confidence <= 1.0  # the CRF's probability; the model has memorised these sentences
        assert rec.lang == "kk" and rec.doc_id == "kk1"
    assert _spans(records) == {
        ("ROLE", "Ішкі істер министрі", "position"),
        ("PERSON", "Серік\nОмаров", "person"),
        ("PLACE", "Алматыдан", "gpe"),
        ("PLACE", "Балқашқа", "gpe"),
        ("ROLE", "Прокурор", "position"),
        ("PERSON", "Ахметов", "person"),
        ("PLACE", "Мәскеу\u00ad\nге", "gpe"),
        ("PLACE", "Қарағанды облысындағы", "gpe"),
        ("PLACE", "Спасск", "gpe"),
        # DATE "1952 жылы" and CARDINAL "екі мың" are KazNERD classes jazba takes from the rules
    }
    person = next(r for r in records if r.text == "Серік\nОмаров")
    assert (person.start, person.end) == (text.index("Серік"), text.index("Омаров") + len("Омаров"))
    assert person.norm == {}  # kk.entities normalises model spans, whichever backend found them


@needs_stanza
def test_tiny_model_maps_every_jazba_class(tiny_stanza_dir):
    text = (
        "Лагерь басшылығы КСРО Ішкі істер министрлігіне жеделхат жолдады. "
        "Нұра өзенінің жағасында жаңа шахта салынды. Тұтқындар Теміртау станциясына жаяу айдалды."
    )
    records = stanza_entities(Document(doc_id="kk2", text=text), _ctx(tiny_stanza_dir))
    assert _spans(records) == {
        ("ORG", "КСРО Ішкі істер министрлігіне", "organisation"),
        ("PLACE", "Нұра өзенінің", "location"),
        ("PLACE", "Теміртау станциясына", "facility"),
    }


@needs_stanza
def test_pipeline_is_built_once_per_run(tiny_stanza_dir):
    ctx = _ctx(tiny_stanza_dir)
    first = stanza_entities(Document(doc_id="a", text="Майор Петренко келді."), ctx)
    cached = dict(ctx._resources)
    stanza_entities(Document(doc_id="b", text="Ахметов Мәскеуге хабарлады."), ctx)
    assert len(cached) == 1 and ctx._resources == cached
    assert ("ROLE", "Майор", "position") in _spans(first)
    assert len({r.confidence for r in first}) > 1  # real CRF probabilities, not one constant
    assert stanza_entities(Document(doc_id="c", text=" \n\t "), ctx) == []


@needs_stanza
def test_confidence_falls_back_when_crf_scores_do_not_line_up(tiny_stanza_dir, monkeypatch):
    from pipeline.ner import stanza_backend

    ctx = _ctx(tiny_stanza_dir)
    stanza_entities(Document(doc_id="warm", text="Серік Омаров келді."), ctx)
    nlp = next(iter(ctx._resources.values()))
    parsed, other = nlp("Серік Омаров келді."), nlp("Прокурор Ахметов Мәскеуге хабарлады.")
    # entities of another parse: their tokens are not in `parsed`, so no scores can be read for them
    assert stanza_backend.crf_span_probabilities(nlp, parsed, list(other.ents)) is None
    monkeypatch.setattr(stanza_backend, "crf_span_probabilities", lambda *args: None)
    records = stanza_entities(Document(doc_id="f", text="Прокурор Ахметов Мәскеуге хабарлады."), ctx)
    assert records and {r.confidence for r in records} == {stanza_backend.FALLBACK_CONFIDENCE}


_PIECES = ["Серік", "Омаров", "Алматыдан", "Мәскеуге", "Прокурор", "Ахметов", "келді", ".", ",",
           "Қарағанды", "облысындағы", "1952", "жылы", "Нұра", "өзенінің", "КСРО", "Ішкі", "істер"]
_GLUE = st.sampled_from([" ", "  ", "\n", "-\n", "\u00ad\n", "\u00ad", "\r\n", "\t", "", "\u200b"])


@needs_stanza
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_PIECES), _GLUE), min_size=1, max_size=14))
def test_offsets_are_sacred_on_messy_text(tiny_stanza_dir, parts):
    text = "".join(piece + glue for piece, glue in parts)
    doc = Document(doc_id="h", text=text)
    for rec in stanza_entities(doc, _ctx_cached(tiny_stanza_dir)):
        assert 0 <= rec.start < rec.end <= len(text)
        assert text[rec.start:rec.end] == rec.text
        assert not rec.text[0].isspace() and not rec.text[-1].isspace()
        assert rec.label in {"PERSON", "PLACE", "ORG", "ROLE"}
        assert 0.0 < rec.confidence <= 1.0


_CTX_CACHE: dict[Path, RunContext] = {}


def _ctx_cached(model_dir: Path) -> RunContext:
    """One context (one loaded stanza pipeline) for all hypothesis examples."""
    if model_dir not in _CTX_CACHE:
        _CTX_CACHE[model_dir] = _ctx(model_dir)
    return _CTX_CACHE[model_dir]


# -- end to end: `kk.ner` delegates to stanza when RunConfig.backend == "stanza" ------------------
def _needs_kk_ner():
    from pipeline import components

    components.load_all()
    if "kk.ner" not in DOC_COMPONENTS:
        pytest.skip("kk.ner (pipeline/ner/component.py) is not written yet")


@needs_stanza
def test_pipeline_backend_stanza_uses_the_tiny_model(tiny_stanza_dir, monkeypatch):
    _needs_kk_ner()
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tiny_stanza_dir))
    pipe = Pipeline(RunConfig(backend="stanza", components=["kk.ner"], stages=[]))
    doc = pipe.annotate("Прокурор Ахметов бұл туралы Мәскеуге\nхабарлады.", doc_id="p1")
    assert {(r.label, r.text, r.source) for r in doc.records} == {
        ("ROLE", "Прокурор", SOURCE),
        ("PERSON", "Ахметов", SOURCE),
        ("PLACE", "Мәскеуге", SOURCE),
    }


@needs_stanza
def test_cli_run_backend_stanza(tiny_stanza_dir, tmp_path, monkeypatch, capsys):
    _needs_kk_ner()
    from pipeline.cli import main

    src = tmp_path / "hat.txt"
    src.write_text("Компартия Орталық Комитетінің\nжиналысында Әлия Бекова Ақмолаға барды.\n", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tiny_stanza_dir))
    assert main(["run", str(src), "--out", str(out), "--backend", "stanza", "--quiet", "--no-store"]) == 0
    rows = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    text = src.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    # kk.entities merges by MERGE_POLICY (rules win, or a confident longer model span over rule places/bodies); what stanza alone found survives, normalised
    model_rows = {(r["label"], r["text"]) for r in rows if r["source"] == SOURCE}
    assert model_rows, f"no model:stanza record survived in {rows}"
    assert model_rows <= {("ORG", "Компартия Орталық Комитетінің"), ("PERSON", "Әлия Бекова"), ("PLACE", "Ақмолаға")}


def test_cli_backend_stanza_without_models_exits_6(tmp_path, monkeypatch, capsys):
    _needs_kk_ner()
    from pipeline.cli import main

    src = tmp_path / "hat.txt"
    src.write_text("Майор Петренко келді.\n", encoding="utf-8")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "empty"))
    code = main(["run", str(src), "--out", str(tmp_path / "out"), "--backend", "stanza", "--quiet", "--no-store"])
    assert code == 6  # pipeline.errors.EXIT_MODEL, before any work
    assert not (tmp_path / "out").exists()
    err = capsys.readouterr().err
    assert "STANZA_RESOURCES_DIR" in err and "pip install torch==2.13.0" in err


# -- the CRF arithmetic, against brute force over every tag path (no stanza needed) ---------------
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_segment_probability_matches_brute_force(data):
    import itertools

    import numpy as np

    length = data.draw(st.integers(1, 4), label="tokens")
    n_tags = data.draw(st.integers(1, 3), label="tags")
    floats = st.floats(-4, 4, allow_nan=False)
    emissions = np.array(data.draw(st.lists(st.lists(floats, min_size=n_tags, max_size=n_tags),
                                            min_size=length, max_size=length)), dtype=float)
    transitions = np.array(data.draw(st.lists(st.lists(floats, min_size=n_tags, max_size=n_tags),
                                              min_size=n_tags, max_size=n_tags)), dtype=float)
    tags = data.draw(st.lists(st.integers(0, n_tags - 1), min_size=length, max_size=length))
    first = data.draw(st.integers(0, length - 1))
    last = data.draw(st.integers(first, length - 1))

    def weight(path):
        return np.exp(sum(emissions[t, path[t]] for t in range(length))
                      + sum(transitions[path[t - 1], path[t]] for t in range(1, length)))

    paths = list(itertools.product(range(n_tags), repeat=length))
    total = sum(weight(p) for p in paths)
    inside = sum(weight(p) for p in paths if list(p[first:last + 1]) == tags[first:last + 1])
    assert segment_probability(emissions, transitions, tags, first, last) == pytest.approx(inside / total, rel=1e-9)
