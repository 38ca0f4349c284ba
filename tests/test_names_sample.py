"""Done-criteria of the names work on the shared sample's annotated part (skips without ../shared):
PERSON/PLACE/ORG exact-span F1 >= 0.90 and canonical value accuracy >= 0.95 (PERSON), >= 0.90
(PLACE, ORG), scored with `pipeline.evaluate` -- with the rules alone, with the shipped model's own spans, and with those
spans made sloppier (never spans derived from the gold)."""

from pipeline.evaluate import evaluate, load_gold
from pipeline.ingest import read_source
from pipeline.records import Document, Record
from pipeline.runner import Pipeline, RunConfig

THRESHOLDS = {"PERSON": (0.90, 0.95), "PLACE": (0.90, 0.90), "ORG": (0.90, 0.90)}


def _sample(shared_dir):
    src = read_source(str(shared_dir / "samples" / "kk" / "steplag_kengir_1954.txt"))
    gold = load_gold(shared_dir / "samples" / "kk" / "steplag_kengir_1954.gold.json")
    return src, gold


def _score(doc, gold):
    pipe = Pipeline(RunConfig(components=["sentences", "kk.names", "kk.entities"], stages=["entities"]))
    result = pipe.run_documents([doc])
    return evaluate(result.records(), gold, labels=list(THRESHOLDS))


def _assert_thresholds(scores):
    for label, (f1_min, acc_min) in THRESHOLDS.items():
        s = scores.labels[label]
        assert s.exact.f1 >= f1_min, (label, s.to_dict())
        assert s.value_accuracy >= acc_min, (label, s.to_dict())


def test_sample_scores_rules_only(shared_dir):
    src, gold = _sample(shared_dir)
    _assert_thresholds(_score(Document(doc_id=gold[0].doc_id, text=src.text), gold))


def _model_records(doc_id: str, text: str) -> list[Record]:
    """What the shipped NER model really predicts on the sample (skips when the model is absent)."""
    import pytest

    from pipeline.ner.model import ModelNotFoundError, find_model

    try:
        find_model(None)
    except ModelNotFoundError as exc:
        pytest.skip(f"needs the shipped NER model: {str(exc).splitlines()[0]}")
    pipe = Pipeline(RunConfig(components=["sentences", "kk.ner"], stages=[]))
    return pipe.run_documents([Document(doc_id=doc_id, text=text)]).records()


def test_sample_scores_with_the_real_model_spans(shared_dir):
    """The shipped model's own spans (not derived from the gold) alone score far below the thresholds;
    merged with the rules (`kk.entities`) they must not pull the scores under them."""
    src, gold = _sample(shared_dir)
    model = _model_records(gold[0].doc_id, src.text)
    alone = evaluate(model, gold, labels=list(THRESHOLDS))
    assert any(alone.labels[l].exact.f1 < THRESHOLDS[l][0] for l in THRESHOLDS), "the model alone is not noisy: test is vacuous"
    doc = Document(doc_id=gold[0].doc_id, text=src.text, records=list(model))
    _assert_thresholds(_score(doc, gold))


def test_sample_scores_with_sloppier_model_spans(shared_dir):
    """The model's spans made worse without looking at the gold: every span one word too long, PLACE and
    ORG swapped, plus low-confidence junk on sentence-initial capitalised words. The rules win overlaps
    and fix boundaries, junk is filtered."""
    import re

    src, gold = _sample(shared_dir)
    doc = Document(doc_id=gold[0].doc_id, text=src.text)
    swap = {"PLACE": "ORG", "ORG": "PLACE"}
    for r in _model_records(doc.doc_id, src.text):
        nxt = re.match(r"\s*\S+", src.text[r.end:])
        end = r.end + (nxt.end() if nxt else 0)
        doc.records.append(Record(doc.doc_id, swap.get(r.label, r.label), r.start, end, src.text[r.start:end],
                                  confidence=0.9, source="model:spacy"))
    for m in re.finditer(r"(?<=[.!?] )[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі]+", src.text):
        doc.records.append(Record(doc.doc_id, "PLACE", m.start(), m.end(), m.group(0), confidence=0.45,
                                  source="model:spacy", subtype="gpe"))
    assert len(doc.records) > 30
    _assert_thresholds(_score(doc, gold))
