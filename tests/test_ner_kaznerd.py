"""KazNERD reading, the seeded split, label maps and training docs from reviewed annotations."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ner import kaznerd
from pipeline.ner.kaznerd import KazNERDFormatError, Sentence


@pytest.fixture(scope="module")
def tiny(fixtures_dir):
    return kaznerd.read_iob2(fixtures_dir / "ner" / "tiny_kaznerd.iob2")


def test_reads_sentences_tokens_and_spans(tiny):
    assert len(tiny) == 12
    first = tiny[0]
    assert first.tokens[:2] == ("Қаныш", "Сәтбаев")
    assert first.line == 1
    assert first.spans() == [(0, 2, "PERSON"), (2, 3, "GPE"), (3, 5, "ORGANISATION"), (5, 6, "POSITION")]
    # the second sentence starts after the 8 tokens and the blank line of the first
    assert tiny[1].line == 10
    # B- directly after B- of the same class starts a new entity
    assert tiny[9].spans() == [(0, 1, "POSITION"), (1, 2, "PERSON"), (4, 5, "GPE")]


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("bad_fields.iob2", 5, "2 fields"),
        ("bad_sequence.iob2", 6, "I-GPE follows O"),
        ("bad_tag.iob2", 2, "bad IOB2 tag 'I-person'"),
    ],
)
def test_malformed_file_names_file_and_line(fixtures_dir, name, line, words):
    path = fixtures_dir / "ner" / name
    with pytest.raises(KazNERDFormatError) as err:
        kaznerd.read_iob2(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}:{line}:")
    assert words in msg


def test_missing_and_empty_files_are_clear_errors(tmp_path):
    with pytest.raises(KazNERDFormatError, match="cannot read"):
        kaznerd.read_iob2(tmp_path / "nope.iob2")
    empty = tmp_path / "empty.iob2"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(KazNERDFormatError, match="no sentences"):
        kaznerd.read_iob2(empty)
    latin1 = tmp_path / "latin1.iob2"
    latin1.write_bytes("Caf\xe9 O\n".encode("latin-1"))
    with pytest.raises(KazNERDFormatError, match=r"latin1.iob2:1: not UTF-8"):
        kaznerd.read_iob2(latin1)


def _sentences(n: int) -> list[Sentence]:
    return [Sentence((f"сөз{i}", "."), ("O", "O"), i) for i in range(n)]


def test_split_is_deterministic_disjoint_and_complete():
    sents = _sentences(1000)
    train, dev = kaznerd.split_train_dev(sents, dev_fraction=0.1, seed=0)
    train2, dev2 = kaznerd.split_train_dev(list(sents), dev_fraction=0.1, seed=0)
    assert (train, dev) == (train2, dev2)
    assert len(dev) == 100 and len(train) == 900
    assert {s.line for s in train}.isdisjoint({s.line for s in dev})
    # whole blocks of 20 consecutive sentences go to dev
    assert all(s.line // 20 == dev[i - (i % 20)].line // 20 for i, s in enumerate(dev))
    _, dev_other = kaznerd.split_train_dev(sents, dev_fraction=0.1, seed=1)
    assert dev_other != dev


def test_split_of_the_real_kaznerd_file_is_fixed(shared_dir):
    """The dev split the model card reports on: the same sentences for everyone with seed 0.

    Pinned against values recorded when the shipped model was scored (models/kk_ner/scores.json:
    1,120 dev sentences, 12,954 tokens) and a fingerprint of the dev sentences' line numbers, so a
    change to the split (which would silently mix dev into train for the shipped model) fails here.
    """
    import hashlib
    import json

    sents = kaznerd.read_iob2(shared_dir / "data" / "kaznerd" / "IOB2_valid.txt")
    train, dev = kaznerd.split_train_dev(sents, seed=0)
    assert (len(sents), len(train), len(dev)) == (11167, 10047, 1120)
    scores = json.loads((Path(__file__).resolve().parent.parent / "models" / "kk_ner" / "scores.json").read_text("utf-8"))
    assert (scores["n_train"], scores["n_dev"]) == (len(train), len(dev))
    assert sum(len(s.tokens) for s in dev) == scores["dev"]["n_tokens"] == 12954
    assert [s.line for s in dev[:3]] == [4316, 4333, 4342]
    lines = ",".join(str(s.line) for s in dev)
    assert hashlib.sha256(lines.encode()).hexdigest()[:16] == "5d76022949d07fe3"
    assert {s.line for s in train}.isdisjoint({s.line for s in dev})


def test_label_maps():
    assert kaznerd.to_jazba_label("GPE") == "PLACE"
    assert kaznerd.to_jazba_label("LOCATION") == "PLACE"
    assert kaznerd.to_jazba_label("FACILITY") == "PLACE"
    assert kaznerd.to_jazba_label("ORGANISATION") == "ORG"
    assert kaznerd.to_jazba_label("POSITION") == "ROLE"
    assert kaznerd.to_jazba_label("PERSON") == "PERSON"
    assert kaznerd.to_jazba_label("NORP") is None
    assert kaznerd.to_kaznerd_class("PLACE", "location") == "LOCATION"
    assert kaznerd.to_kaznerd_class("PLACE", "camp") == "GPE"
    assert kaznerd.to_kaznerd_class("DATE") is None


def test_sentence_to_doc_keeps_gold_entities(tiny):
    nlp = spacy.blank("kk")
    doc = kaznerd.sentence_to_doc(nlp.vocab, tiny[6])
    assert doc.text == "Ол «Егемен Қазақстан» газетіне мақала жазды."
    assert [(e.text, e.label_) for e in doc.ents] == [("Егемен Қазақстан", "ORGANISATION")]


def test_doc_from_reviewed_annotations_maps_labels_and_leaves_dates_missing():
    nlp = spacy.blank("kk")
    text = "1954 жылы Кеңгір лагерінде министр Круглов болды."
    spans = [(0, 9, "DATE"), (10, 16, "PLACE", "gpe"), (27, 34, "ROLE"), (35, 42, "PERSON")]
    doc = kaznerd.doc_from_annotations(nlp, text, spans)
    assert [(e.text, e.label_) for e in doc.ents] == [("Кеңгір", "GPE"), ("министр", "POSITION"), ("Круглов", "PERSON")]
    assert [t.ent_iob_ for t in doc[:2]] == ["", ""]  # the date: missing, not "outside"
    assert doc[3].ent_iob_ == "O"
    with pytest.raises(ValueError, match="does not cover any token"):
        kaznerd.doc_from_annotations(nlp, text, [(9, 10, "PERSON")])


_BLANK = spacy.blank("kk")
_words = st.text(alphabet="абвгқңөүәі.«»,", min_size=1, max_size=6).filter(lambda w: w.strip() and " " not in w)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_words, st.sampled_from(["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE"])), min_size=1, max_size=12))
def test_reader_round_trip_or_clear_error(tmp_path_factory, rows):
    """Any token/tag file either reads back exactly or fails naming a line inside the file."""
    path = tmp_path_factory.getbasetemp() / "roundtrip.iob2"
    path.write_text("".join(f"{w} {t}\n" for w, t in rows), encoding="utf-8")
    try:
        (sent,) = kaznerd.read_iob2(path)
    except KazNERDFormatError as exc:
        lineno = int(str(exc).split(":")[1])
        assert 1 <= lineno <= len(rows) and rows[lineno - 1][1].startswith("I-")
        return
    assert list(zip(sent.tokens, sent.tags)) == rows
    doc = kaznerd.sentence_to_doc(_BLANK.vocab, sent)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == sent.spans()


def test_keep_classes_retags_other_entities_as_outside(tiny):
    kept = kaznerd.keep_classes(tiny, ["PERSON", "GPE"])
    assert kept[0].spans() == [(0, 2, "PERSON"), (2, 3, "GPE")]
    assert kept[0].tokens == tiny[0].tokens and len(kept) == len(tiny)
    assert kaznerd.keep_classes(tiny, None) == tiny
