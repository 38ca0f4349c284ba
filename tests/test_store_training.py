"""Reviewed annotations from the store as training docs, and `jazba train --from-store` end to end."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.records import Document, Record
from pipeline.runner import RunResult
from pipeline.store import Store, StoreError, training_docs

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Лагерь прокуроры Ә. Тоқтаров 1953 жылы Балқаш қаласына келді. "
    "Ол ІІМ басқармасына 40-тан астам шағым жіберді. "
    "Кейін Тоқтаров Ақмолаға ауысты."
)


def find(label: str, surface: str, **kw) -> Record:
    start = TEXT.index(surface)
    return Record("tok", label, start, start + len(surface), surface, **kw)


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "jazba.db"
    with Store(path) as store:
        doc = Document(doc_id="tok", text=TEXT)
        doc.records = [find("PERSON", "Ә. Тоқтаров"), find("PLACE", "Балқаш"), find("PERSON", "Тоқтаров Ақмолаға")]
        store.save_run(RunResult(documents=[doc]))
        first_end = TEXT.index("келді.") + len("келді.")
        store.save_review("tok", 0, first_end, [
            find("ROLE", "Лагерь прокуроры", status="reviewed"),
            find("PERSON", "Ә. Тоқтаров", status="reviewed"),
            find("DATE", "1953 жылы", status="reviewed"),
            find("PLACE", "Балқаш", status="reviewed", subtype="GPE"),
        ], "aigerim", None)
        second = TEXT.index("Ол ІІМ")
        second_end = TEXT.index("жіберді.") + len("жіберді.")
        store.save_review("tok", second, second_end, [
            find("ORG", "ІІМ басқармасына", status="reviewed"),
            find("NUMBER", "40-тан астам", status="reviewed"),
        ], "dana", None)
    return path


def test_training_docs_are_reviewed_regions_with_kaznerd_classes(store_path):
    docs = training_docs(store_path)
    assert len(docs) == 2  # the third sentence was never reviewed: not training data
    first, second = docs
    assert first.text == TEXT[: TEXT.index("келді.") + len("келді.")]
    assert [(e.text, e.label_) for e in first.ents] == [
        ("Лагерь прокуроры", "POSITION"), ("Ә. Тоқтаров", "PERSON"), ("Балқаш", "GPE")]
    # the reviewed DATE is not a KazNERD-class name: its tokens are "missing", not "outside"
    date_tokens = [t for t in first if t.text in ("1953", "жылы")]
    assert [t.ent_iob_ for t in date_tokens] == ["", ""]
    assert [t.ent_iob_ for t in first if t.text == "келді"] == ["O"]
    assert [(e.text, e.label_) for e in second.ents] == [("ІІМ басқармасына", "ORGANISATION")]
    assert first.user_data["jazba"]["doc_id"] == "tok"


def test_training_docs_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="nowhere.db"):
        training_docs(tmp_path / "nowhere.db")


@pytest.mark.slow  # a real `jazba train` process: ~15 s, mostly importing spaCy and initialising the model
def test_train_from_store_cli(store_path, tmp_path, fixtures_dir):
    """`jazba train --from-store`: KazNERD-style data (a tiny fixture) plus the store's reviews."""
    tiny = (fixtures_dir / "ner" / "tiny_kaznerd.iob2").read_text(encoding="utf-8")
    data = tmp_path / "kaznerd.iob2"
    data.write_text(tiny.rstrip("\n") + "\n\n" + tiny, encoding="utf-8")
    out = tmp_path / "model"
    # a real `jazba` process, as a user runs it
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "train", "--from-store", str(store_path), "--data", str(data),
         "--max-epochs", "1", "--dev-fraction", "0.3", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"2 reviewed document(s) from {store_path}" in proc.stdout
    scores = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert scores["n_extra"] == 2
    assert (out / "meta.json").is_file()
