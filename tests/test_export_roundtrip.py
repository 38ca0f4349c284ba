"""Every export format loads back with the same texts and spans as the store holds."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main as jazba
from pipeline.records import Document, Record
from pipeline.runner import RunConfig, RunResult
from pipeline.store import Store
from pipeline.store.export import (
    ExportError,
    assign_splits,
    export,
    iob2_entities,
    parse_split,
    read_docbin,
    read_iob2,
    read_jsonl,
    record_dict,
)
from pipeline.store.synthetic import synthetic_result

STORE_FIXTURES = Path(__file__).parent / "fixtures" / "store"


def find(doc: Document, label: str, surface: str, **kw) -> Record:
    start = doc.text.index(surface)
    return Record(doc.doc_id, label, start, start + len(surface), surface, **kw)


def fixture_run() -> RunResult:
    """Our two fixture texts with hand-placed machine records (overlaps and a sub-token span included)."""
    docs = []
    for path in sorted(STORE_FIXTURES.glob("*.txt")):
        docs.append(Document(doc_id=path.stem, text=path.read_text(encoding="utf-8"), path=str(path)))
    balkhash, karaganda = docs
    balkhash.records = [
        find(balkhash, "PLACE", "Балқаш", norm={"ru": "Балхаш", "kk": "Балқаш"}, source="gazetteer"),
        find(balkhash, "DATE", "1953 жылдың көктемінде", norm={"iso": "1953"}, source="rules:dates"),
        find(balkhash, "NUMBER", "600", norm={"value": 600, "qualifier": None, "unit": None}, source="rules:numbers"),
        find(balkhash, "ROLE", "Лагерь прокуроры", source="names:roles"),
        find(balkhash, "PERSON", "Ә. Тоқтаров", norm={"surname": "Тоқтаров"}, source="model:spacy", confidence=0.45),
        find(balkhash, "PLACE", "Мәскеуге", norm={"ru": "Москва"}, source="model:spacy"),
    ]
    karaganda.records = [
        find(karaganda, "DATE", "1951 жылғы 12 қазанда", norm={"iso": "1951-10-12"}, source="rules:dates"),
        find(karaganda, "ORG", "Қарағанды облысындағы лагерь бөлімшесінде", source="model:spacy"),
        find(karaganda, "PLACE", "Қарағанды", subtype="GPE", source="gazetteer"),
        find(karaganda, "NUMBER", "40-қа жуық", norm={"value": 40, "qualifier": "about", "unit": None}),
        find(karaganda, "PERSON", "Сидоренко", source="model:spacy"),
        find(karaganda, "ORG", "ІІМ", source="model:spacy"),
        find(karaganda, "DOCNUM", "№ 0/318", norm={"value": "0/318"}, source="rules:docnums"),
        find(karaganda, "TIME", "09:15", norm={"time": "09:15"}, source="rules:times"),
    ]
    for doc in docs:
        doc.records.sort(key=lambda r: (r.start, r.end, r.label))
    return RunResult(documents=docs, config=RunConfig(components=["test"], stages=[]))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "jazba.db") as s:
        result = fixture_run()
        s.save_run(result, model_version="kk_ner-test-0.1")
        # A reviewer checked the second sentence of the Balkhash text: kept the person, widened the
        # role, rejected the place "Мәскеуге" (nothing else there).
        balkhash = result.documents[0]
        start = balkhash.text.index("Лагерь прокуроры")
        end = balkhash.text.index("жолдады.") + len("жолдады.")
        s.save_review("balkhash_1953", start, end, [
            find(balkhash, "ROLE", "Лагерь прокуроры", status="reviewed"),
            find(balkhash, "PERSON", "Ә. Тоқтаров", status="reviewed", norm={"surname": "Тоқтаров"}),
        ], annotator="aigerim", reviewed_at="2026-11-29T20:00:00Z", lead_time=30.0, ls_task_id=1)
        yield s


def spans_by_doc(store: Store, status: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in store.spans(status=status):
        out.setdefault(r.doc_id, []).append(r)
    return out


@pytest.mark.parametrize("status", ["machine", "all", "reviewed"])
def test_records_round_trip(store, tmp_path, status):
    out = tmp_path / "records.jsonl"
    export(store, "records", out, status=status)
    expected = [r.to_dict() for r in store.spans(status=status)]
    if status == "reviewed":
        assert {r["label"] for r in expected} == {"ROLE", "PERSON"}
    assert read_jsonl(out) == expected
    for row in read_jsonl(out):  # offsets index the original text
        text = store.get_document(row["doc_id"]).text
        assert text[row["start"]:row["end"]] == row["text"]


def test_record_dict_is_record_to_dict(store):
    for r in store.spans(status="all"):
        assert record_dict(r) == r.to_dict()
        assert list(record_dict(r)) == list(r.to_dict())


@pytest.mark.parametrize("status", ["machine", "all", "reviewed"])
def test_docs_round_trip(store, tmp_path, status):
    out = tmp_path / "docs.jsonl"
    export(store, "docs", out, status=status)
    rows = read_jsonl(out)
    expected = spans_by_doc(store, status)
    seen = set()
    for row in rows:
        meta = row["meta"]
        doc = store.get_document(meta["doc_id"])
        offset = meta["offset"]
        assert doc.text[offset:offset + len(row["text"])] == row["text"]
        got = [(s["start"] + offset, s["end"] + offset, s["label"]) for s in row["spans"]]
        want = [(r.start, r.end, r.label) for r in expected.get(doc.doc_id, [])
                if offset <= r.start and r.end <= offset + len(row["text"])]
        assert got == want
        for s in row["spans"]:
            assert row["text"][s["start"]:s["end"]] == s["text"]
        seen.add(doc.doc_id)
    assert seen == set(expected)
    if status == "reviewed":  # the reviewed region only, not the whole document
        [row] = rows
        assert row["text"].startswith("Лагерь прокуроры") and row["text"].endswith("жолдады.")
        assert [s["label"] for s in row["spans"]] == ["ROLE", "PERSON"]
    if status == "all":  # the rejected place stays out, the unreviewed first sentence stays in
        labels = {(s["label"], s["text"]) for r in rows for s in r["spans"]}
        assert ("PLACE", "Мәскеуге") not in labels and ("PLACE", "Балқаш") in labels


def test_spacy_round_trip(store, tmp_path):
    out = tmp_path / "train.spacy"
    summary = export(store, "spacy", out, status="all")
    docs = read_docbin(out)
    expected = spans_by_doc(store, "all")
    assert [d.user_data["jazba"]["doc_id"] for d in docs] == sorted(expected)
    adjusted = 0
    for sdoc in docs:
        source = store.get_document(sdoc.user_data["jazba"]["doc_id"])
        assert sdoc.text == source.text
        want = expected[source.doc_id]
        got = list(sdoc.spans["sc"])
        assert [s.label_ for s in got] == [r.label for r in want]
        for span, rec in zip(got, want):
            if (span.start_char, span.end_char) != (rec.start, rec.end):
                # widened to whole tokens, never shifted or shrunk
                assert span.start_char <= rec.start and rec.end <= span.end_char
                adjusted += 1
        ents = [(e.label_, e.text) for e in sdoc.ents]
        if source.doc_id == "karaganda_1951":  # the place inside the ORG is only in spans["sc"]
            assert ("PLACE", "Қарағанды") not in ents
            assert ("ORG", "Қарағанды облысындағы лагерь бөлімшесінде") in ents
    assert adjusted == summary.adjusted == 2  # "600" and "09:15" inside the tokens "600-ден", "09:15-те"
    ents = [(e.label_, e.text) for d in docs for e in d.ents]
    assert ("NUMBER", "600-ден") in ents and ("TIME", "09:15-те") in ents
    assert summary.overlapping == 1


def iob2_char_spans(text: str, sentences) -> list[tuple[str, int, int]]:
    """Place IOB2 tokens back onto `text` in order; entities as (label, start, end) character spans."""
    pos, out = 0, []
    for sentence in sentences:
        offsets = []
        for token, _ in sentence:
            start = text.index(token, pos)
            assert not text[pos:start].strip(), f"skipped text {text[pos:start]!r} before {token!r}"
            offsets.append((start, start + len(token)))
            pos = start + len(token)
        for label, i, j in iob2_entities(sentence):
            out.append((label, offsets[i][0], offsets[j - 1][1]))
    assert not text[pos:].strip(), "text left over after the last token"
    return out


def test_iob2_round_trip(store, tmp_path):
    out = tmp_path / "kk.iob2"
    export(store, "iob2", out, status="all")
    raw = out.read_text(encoding="utf-8")
    assert raw.endswith("\n\n") and "\n\n\n" not in raw
    for line in raw.splitlines():
        assert line == "" or len(line.split(" ")) == 2
    sentences = read_iob2(out)
    # split the sentences back per document: documents are written in doc_id order, whole
    texts = [store.get_document(d.doc_id).text for d in store.documents()]
    joined = "\n\n".join(texts)
    got = iob2_char_spans(joined, sentences)
    spacy_docs = read_docbin(_spacy_export(store, tmp_path))
    want, base = [], 0
    for text, sdoc in zip(texts, spacy_docs):
        want += [(e.label_, e.start_char + base, e.end_char + base) for e in sdoc.ents]
        base += len(text) + 2
    assert got == want
    labels = [label for label, _, _ in got]
    assert labels.count("PLACE") == 1 and "DOCNUM" in labels and "TIME" in labels
    assert len(sentences) >= 5  # sentences are kept apart


def _spacy_export(store, tmp_path) -> Path:
    out = tmp_path / "check.spacy"
    export(store, "spacy", out, status="all")
    return out


def test_iob2_kaznerd_tagset(store, tmp_path):
    out = tmp_path / "kaznerd.txt"
    summary = export(store, "iob2", out, status="all", tagset="kaznerd")
    tags = {tag for sent in read_iob2(out) for _, tag in sent}
    classes = {t[2:] for t in tags if t != "O"}
    assert classes == {"GPE", "DATE", "CARDINAL", "POSITION", "PERSON", "ORGANISATION", "TIME"}
    assert summary.unmapped == {"DOCNUM": 1}  # KazNERD has no document-number class
    card = json.loads((tmp_path / "kaznerd.txt.card.json").read_text(encoding="utf-8"))
    assert card["spans_without_class_in_tagset"] == {"DOCNUM": 1} and card["tagset"] == "kaznerd"


def test_card_counts_and_provenance(store, tmp_path):
    out = tmp_path / "data.jsonl"
    summary = export(store, "docs", out, status="all", licence="CC BY 4.0")
    card = json.loads(out.with_name("data.jsonl.card.json").read_text(encoding="utf-8"))
    exported = [s["label"] for row in read_jsonl(out) for s in row["spans"]]
    assert card["labels_total"] == {label: exported.count(label) for label in set(exported)}
    assert card["documents"] == {"all": 2} and card["examples"] == {"all": 2}
    assert card["model_versions"] == ["kk_ner-test-0.1"]
    assert card["jazba_version"] and card["licences"]["annotations"] == "CC BY 4.0"
    assert card["annotators"] == {"aigerim": 2}
    assert card["sources"]["rules:dates"] == 2
    assert set(card["documents_by_path"]) == {str(p) for p in STORE_FIXTURES.glob("*.txt")}
    md = out.with_name("data.jsonl.card.md").read_text(encoding="utf-8")
    assert "| PERSON | 2 | 2 |" in md and "CC BY 4.0" in md and "kk_ner-test-0.1" in md
    assert summary.card_paths == [out.with_name("data.jsonl.card.json"), out.with_name("data.jsonl.card.md")]


def test_splits_are_by_document_and_reproducible(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_run(synthetic_result(40, seed=3))
        a = export(store, "records", tmp_path / "a" / "r.jsonl", status="all", split=(0.8, 0.1, 0.1), seed=7)
        b = export(store, "records", tmp_path / "b" / "r.jsonl", status="all", split=(0.8, 0.1, 0.1), seed=7)
        assert dict(a.documents) == {"train": 32, "dev": 4, "test": 4}
        docs_per_split = {}
        for name in ("train", "dev", "test"):
            first = (tmp_path / "a" / f"r.{name}.jsonl").read_bytes()
            assert first == (tmp_path / "b" / f"r.{name}.jsonl").read_bytes()
            docs_per_split[name] = {row["doc_id"] for row in read_jsonl(tmp_path / "a" / f"r.{name}.jsonl")}
        assert not (docs_per_split["train"] & docs_per_split["dev"]) and not (docs_per_split["train"] & docs_per_split["test"])
        assert sum(len(v) for v in docs_per_split.values()) == 40
        assert b.files["dev"] == tmp_path / "b" / "r.dev.jsonl"
    ids = [f"d{i}" for i in range(40)]
    assert assign_splits(ids, (0.5, 0.5), 1) != assign_splits(ids, (0.5, 0.5), 2)
    assert parse_split("80/10/10") == pytest.approx((0.8, 0.1, 0.1))
    with pytest.raises(ExportError, match="--split"):
        parse_split("eighty")


def test_export_cli(store, tmp_path, capsys):
    out = tmp_path / "cli" / "kk.spacy"
    code = jazba(["export", "--format", "spacy", "--status", "all", "--split", "0.5/0.5", "--seed", "1",
                  "--out", str(out), "--store", str(store.path)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "span(s) widened to token boundaries" in printed and "card ->" in printed
    total = sum(len(read_docbin(tmp_path / "cli" / f"kk.{name}.spacy")) for name in ("train", "dev"))
    assert total == 2


def test_export_cli_errors_name_the_file(tmp_path, capsys):
    missing = tmp_path / "nowhere.db"
    assert jazba(["export", "--format", "docs", "--out", str(tmp_path / "x.jsonl"), "--store", str(missing)]) == 1
    assert "nowhere.db" in capsys.readouterr().err
    assert not missing.exists()  # an export never creates an empty store
    with pytest.raises(ExportError, match="is a directory"):
        with Store(tmp_path / "s.db") as store:
            export(store, "docs", tmp_path, status="all")


# -- property: any spans on any text survive docs and IOB2 -------------------------------------------
WORDS = ["Қарағанды", "лагері", "1954", "жылы", "тұтқын", "№", "0/460", "ІІМ", "«Кеңгір»", "40-тан", "астам",
         "С.", "Н.", "Круглов", "-", "хабар-\nламасы", ".", ",", "(", ")", "қазан"]
LABELS = ["PERSON", "PLACE", "ORG", "DATE", "NUMBER"]


@st.composite
def annotated_documents(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    seps = draw(st.lists(st.sampled_from([" ", " ", "\n", "  ", ". ", ""]), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps))
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 12), st.sampled_from(LABELS)), max_size=6))
    doc = Document(doc_id="prop", text=text)
    seen = set()
    for start, length, label in spans:
        end = min(n, start + length)
        if text[start:end].strip() and (start, end) not in seen:
            seen.add((start, end))
            doc.records.append(Record("prop", label, start, end, text[start:end]))
    doc.records.sort(key=lambda r: (r.start, r.end, r.label))
    return doc


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_documents())
def test_property_exports_round_trip(doc):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store(tmp / "p.db") as store:
            store.save_run(RunResult(documents=[doc]))
            export(store, "docs", tmp / "d.jsonl", status="all")
            [row] = read_jsonl(tmp / "d.jsonl")
            assert row["text"] == doc.text
            assert [(s["start"], s["end"], s["label"]) for s in row["spans"]] == [
                (r.start, r.end, r.label) for r in doc.records]
            summary = export(store, "spacy", tmp / "d.spacy", status="all")
            [sdoc] = read_docbin(tmp / "d.spacy")
            assert sdoc.text == doc.text
            for span, rec in zip(sdoc.spans["sc"], doc.records):
                # widened to whole tokens around the span's non-space content, never moved off it
                content_start = rec.start + len(rec.text) - len(rec.text.lstrip())
                content_end = rec.end - (len(rec.text) - len(rec.text.rstrip()))
                assert span.start_char <= content_start and content_end <= span.end_char
                assert span.label_ == rec.label
            assert len(sdoc.spans["sc"]) + sum(summary.unmapped.values()) == len(doc.records)
            export(store, "iob2", tmp / "d.iob2", status="all")
            got = iob2_char_spans(doc.text, read_iob2(tmp / "d.iob2"))
            assert got == [(e.label_, e.start_char, e.end_char) for e in sdoc.ents]


def test_spacy_export_feeds_spacy_training(store, tmp_path):
    """The `.spacy` file is read by spaCy's own training corpus reader and trains a NER step."""
    import spacy
    from spacy.training import Corpus

    out = tmp_path / "train.spacy"
    export(store, "spacy", out, status="all", tagset="kaznerd")
    nlp = spacy.blank("kk")
    examples = list(Corpus(str(out))(nlp))  # what `spacy train` does with paths.train
    assert len(examples) == 2
    gold = {(e.text, e.label_) for ex in examples for e in ex.reference.ents}
    assert ("Ә. Тоқтаров", "PERSON") in gold and ("Балқаш", "GPE") in gold
    ner = nlp.add_pipe("ner")
    optimizer = nlp.initialize(lambda: examples)
    assert {"PERSON", "GPE", "ORGANISATION", "POSITION"} <= set(ner.labels)
    losses = nlp.update(examples, sgd=optimizer)
    assert losses["ner"] > 0


def test_unusual_norm_values_survive_store_and_export(tmp_path):
    """Integers beyond 64 bits, floats, unicode and nesting come back exactly (fast JSON paths fall back)."""
    text = "Кеңгірде 40 күн бойы 5500-ден астам тұтқын көтеріліске қатысты."
    doc = Document(doc_id="norms", text=text)
    norm = {"value": 10**25, "ratio": 0.1 + 0.2, "kk": "Кеңгір", "nested": {"list": [1, None, True]}}
    doc.records = [find(doc, "NUMBER", "5500-ден астам", norm=norm, confidence=0.8734523452345234)]
    with Store(tmp_path / "n.db") as store:
        store.save_run(RunResult(documents=[doc]))
        [back] = store.spans("norms")
        assert back.norm == norm and back.confidence == 0.8734523452345234
        export(store, "records", tmp_path / "r.jsonl", status="all")
        [row] = read_jsonl(tmp_path / "r.jsonl")
        assert row == doc.records[0].to_dict()
