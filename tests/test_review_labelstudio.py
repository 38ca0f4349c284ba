"""The review loop against a real Label Studio server (started once per session by `label_studio`).

Round trip: push -> a reviewer annotates through the API (relabel, move boundaries, correct a norm,
delete a span, add a missed one) -> pull -> the store and an export hold exactly those changes.
Then the failure modes: unreachable server, bad token, deleted project, a push timing out midway.
"""
from __future__ import annotations

import time
import uuid

import pytest

from pipeline.records import Document, Record
from pipeline.review.labelstudio import AuthError, Connection, LabelStudio, NotFound, Unreachable
from pipeline.review.pull import pull, status
from pipeline.review.push import PushInterrupted, push
from pipeline.review.server import free_port
from pipeline.review.tasks import FROM_LABEL, FROM_NORM, TO_NAME
from pipeline.runner import RunConfig, RunResult
from pipeline.sentences import split_sentences
from pipeline.store import Store
from pipeline.store.export import export, read_jsonl
from pipeline.store.synthetic import synthetic_result

pytestmark = pytest.mark.labelstudio

DOC_ID = "review_kk"


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def machine_result(text: str) -> RunResult:
    """What a pipeline run might have produced for the fixture: some right, some wrong, one missed."""
    def rec(label, needle, conf, source, norm, nth=0):
        s, e = at(text, needle, nth)
        return Record(DOC_ID, label, s, e, text[s:e], norm=norm, confidence=conf, source=source)

    records = [
        rec("DATE", "1952 жылғы 14 наурызда", 0.93, "rules:dates", {"iso": "1952-03-14", "year_inferred": False}),
        rec("PLACE", "Спасск", 0.35, "model:spacy", {"ru": "Спасск", "kk": "Спасск"}),
        rec("NUMBER", "300", 0.30, "rules:numbers", {"value": 300, "qualifier": None, "unit": None}),
        rec("PERSON", "Сидоренко", 0.45, "model:spacy", {"ru": "Сидоренко"}),
        rec("TIME", "сағат 9-да", 0.90, "rules:times", {"time": "09:00"}),
        rec("PLACE", "ІІМ", 0.30, "model:spacy", {"ru": "МВД"}),
        rec("PLACE", "Балқаш", 0.42, "model:spacy", {"ru": "Балхаш", "kk": "Балқаш"}),
        rec("DATE", "1952 жылғы 20 наурызда", 0.90, "rules:dates", {"iso": "1952-03-20", "year_inferred": False}),
        rec("NUMBER", "12%", 0.95, "rules:numbers", {"value": 12, "qualifier": None, "unit": "percent"}),
        rec("DATE", "Ертеңіне", 0.25, "rules:dates", {"iso": "1952-03-21", "year_inferred": True}),
    ]
    doc = Document(DOC_ID, text, path="tests/fixtures/review_kk.txt", sentences=split_sentences(text),
                   records=records)
    return RunResult(documents=[doc], config=RunConfig(components=["test"], stages=[]))


@pytest.fixture
def text(fixtures_dir) -> str:
    return (fixtures_dir / "review_kk.txt").read_text(encoding="utf-8")


@pytest.fixture
def store(tmp_path, text) -> Store:
    s = Store(tmp_path / "jazba.db")
    s.save_run(machine_result(text))
    yield s
    s.close()


@pytest.fixture
def project() -> str:
    return f"jazba test {uuid.uuid4().hex[:8]}"


def region(rid, start, end, body, label, norm=None):
    """A reviewer's region in Label Studio's result format (label + optional per-region norm)."""
    value = {"start": start, "end": end, "text": body[start:end]}
    out = [{"id": rid, "from_name": FROM_LABEL, "to_name": TO_NAME, "type": "labels",
            "value": {**value, "labels": [label]}}]
    if norm is not None:
        out.append({"id": rid, "from_name": FROM_NORM, "to_name": TO_NAME, "type": "textarea",
                    "value": {**value, "text": [norm]}})
    return out


def predicted(task: dict) -> dict[str, dict]:
    """The pre-annotation of a task by region text: {text: {"id", "label", "start", "end", "score", "norm"}}."""
    by_id: dict[str, dict] = {}
    result = task["predictions"][0]["result"]
    for item in result:
        v = item["value"]
        if item["from_name"] == FROM_LABEL:
            by_id[item["id"]] = {"id": item["id"], "start": v["start"], "end": v["end"], "text": v["text"],
                                 "label": v["labels"][0], "score": item["score"]}
    for item in result:
        if item["from_name"] == FROM_NORM:
            by_id[item["id"]]["norm"] = item["value"]["text"][0]
    return {entry["text"]: entry for entry in by_id.values()}


def keep(p: dict, body: str) -> list[dict]:
    return region(p["id"], p["start"], p["end"], body, p["label"], p.get("norm"))


def test_round_trip(store, ls_client, label_studio, project, text, tmp_path):
    report = push(store, ls_client, threshold=0.5, project=project)
    assert report.created_project
    # four sentences hold a record below 0.5; the one with only `12%` (0.95) stays home
    assert report.tasks_pushed == 4
    assert report.records_pushed == 9
    assert "pushed 4 task(s) holding 9 record(s)" in report.summary()

    tasks = {t["meta"]["start"]: t for t in ls_client.tasks(report.project_id)}
    assert sorted(tasks) == [0, 100, 163, 249]
    s1 = ls_client.task(tasks[0]["id"])
    body1 = s1["data"]["text"]
    assert body1 == text[0:99] and s1["meta"]["content_hash"] and s1["meta"]["doc_id"] == DOC_ID
    # the reviewer reads the next sentence greyed under it, and where the text comes from
    assert s1["data"]["before"] == "" and s1["data"]["after"].startswith("Лагерь бастығы Сидоренко")
    assert s1["data"]["docinfo"].startswith("date 1952-03-14 · tests/fixtures/review_kk.txt · kk")
    pred1 = predicted(s1)
    # low-confidence pre-annotations first, each with its score; the norm is editable per region
    scores = [item["score"] for item in s1["predictions"][0]["result"] if item["from_name"] == FROM_LABEL]
    assert scores == sorted(scores) and scores[0] == 0.30
    assert s1["predictions"][0]["model_version"].startswith("jazba-")
    assert pred1["300"]["norm"] == "300" and pred1["Спасск"]["label"] == "PLACE"

    # Sentence 1: move two boundaries (one with a corrected norm), keep the date, add a missed place.
    s = body1.index("Спасск лагерінде")
    n = body1.index("300-ден астам")
    q = body1.index("Қарағанды облысындағы")
    result1 = (
        keep(pred1["1952 жылғы 14 наурызда"], body1)
        + region(pred1["Спасск"]["id"], s, s + len("Спасск лагерінде"), body1, "PLACE", "Спасск")
        + region(pred1["300"]["id"], n, n + len("300-ден астам"), body1, "NUMBER", ">300")
        + region("added1", q, q + len("Қарағанды облысындағы"), body1, "PLACE", "Карагандинская область")
    )
    ls_client.create_annotation(s1["id"], result1, lead_time=42.5,
                                prediction_id=s1["predictions"][0]["id"])
    # Sentence 2: relabel ІІМ as ORG, keep the rest.
    s2 = ls_client.task(tasks[100]["id"])
    body2, pred2 = s2["data"]["text"], predicted(s2)
    iim = pred2["ІІМ"]
    result2 = (keep(pred2["Сидоренко"], body2) + keep(pred2["сағат 9-да"], body2)
               + region(iim["id"], iim["start"], iim["end"], body2, "ORG", iim["norm"]))
    ls_client.create_annotation(s2["id"], result2, lead_time=10.0)
    # Sentence 5: the "date" is a relative word -> delete it (an empty annotation).
    ls_client.create_annotation(tasks[249]["id"], [], lead_time=3.0)
    # Sentence 3 stays unreviewed.

    st = status(store, ls_client, project)
    assert (st.server_tasks, st.server_annotated, st.by_status["pushed"]) == (4, 3, 4)
    assert "3 annotated task(s) not pulled yet" in st.summary()

    pulled = pull(store, ls_client, project)
    assert (pulled.tasks_pulled, pulled.kept, pulled.moved, pulled.relabelled, pulled.deleted, pulled.added) == (
        3, 3, 2, 1, 1, 1)
    assert pulled.rederived == 1 and pulled.invalid == []

    def spans():
        return {(r.label, r.text, r.start, r.status) for r in store.spans(DOC_ID, "all")}

    expected = {
        ("DATE", "1952 жылғы 14 наурызда", 0, "reviewed"),
        ("PLACE", "Қарағанды облысындағы", at(text, "Қарағанды облысындағы")[0], "reviewed"),
        ("PLACE", "Спасск лагерінде", at(text, "Спасск лагерінде")[0], "reviewed"),
        ("NUMBER", "300-ден астам", at(text, "300-ден астам")[0], "reviewed"),
        ("PERSON", "Сидоренко", at(text, "Сидоренко")[0], "reviewed"),
        ("TIME", "сағат 9-да", at(text, "сағат 9-да")[0], "reviewed"),
        ("ORG", "ІІМ", at(text, "ІІМ")[0], "reviewed"),
        ("PLACE", "Балқаш", at(text, "Балқаш")[0], "machine"),
        ("DATE", "1952 жылғы 20 наурызда", at(text, "1952 жылғы 20 наурызда")[0], "machine"),
        ("NUMBER", "12%", at(text, "12%")[0], "machine"),
    }
    assert spans() == expected
    by_text = {r.text: r for r in store.spans(DOC_ID, "reviewed")}
    assert by_text["300-ден астам"].norm == {"value": 300, "qualifier": "more_than", "unit": None}
    assert by_text["Қарағанды облысындағы"].norm == {"ru": "Карагандинская область"}
    assert by_text["1952 жылғы 14 наурызда"].norm == {"iso": "1952-03-14", "year_inferred": False}
    assert by_text["ІІМ"].norm == {"ru": "МВД", "kk": "ІІМ"}  # relabelled: the ORG normaliser's value
    for r in by_text.values():
        assert text[r.start:r.end] == r.text
    prov = store.span_provenance(by_text["ІІМ"].id)
    assert prov["annotator"] == label_studio.username and prov["lead_time"] == 10.0
    assert prov["corrected"] == f"{DOC_ID}:PLACE:{at(text, 'ІІМ')[0]}-{at(text, 'ІІМ')[1]}"
    assert prov["reviewed_at"] and prov["ls_task_id"] == tasks[100]["id"]
    assert store.span_provenance(by_text["Қарағанды облысындағы"].id)["corrected"] is None
    assert store.span_provenance(by_text["Спасск лагерінде"].id)["lead_time"] == 42.5

    # An export of the reviewed data shows exactly the reviewer's spans.
    out = tmp_path / "reviewed.jsonl"
    export(store, "records", out, status="reviewed")
    exported = {(d["label"], d["text"], d["start"]) for d in read_jsonl(out)}
    assert exported == {(label, t, s) for label, t, s, st_ in expected if st_ == "reviewed"}

    # A later pipeline run (even one that finds the deleted "date" again) changes no human decision.
    store.save_run(machine_result(text))
    assert spans() == expected
    # Pulling and pushing again change nothing: no duplicate reviews, no duplicate tasks.
    again = pull(store, ls_client, project)
    assert again.tasks_pulled == 3 and spans() == expected and len(store.reviews(DOC_ID)) == 3
    assert push(store, ls_client, threshold=0.5, project=project).tasks_pushed == 0
    assert len(list(ls_client.tasks(report.project_id))) == 4
    st = status(store, ls_client, project)
    assert st.by_status == {"pushed": 1, "reviewed": 3}


def test_unreachable_server_changes_nothing(store, project):
    ls = LabelStudio(Connection(f"http://127.0.0.1:{free_port()}", "whatever"), timeout=5)
    with pytest.raises(Unreachable, match="cannot reach Label Studio at http://127.0.0.1"):
        push(store, ls, threshold=0.5, project=project)
    with pytest.raises(Unreachable):
        pull(store, ls, project)
    assert store.review_tasks() == [] and store.reviews() == []


def test_bad_token_changes_nothing(store, label_studio, project):
    ls = LabelStudio(Connection(label_studio.url, "0" * 40), timeout=10)
    with pytest.raises(AuthError, match="refused the API key"):
        push(store, ls, threshold=0.5, project=project)
    with pytest.raises(AuthError):
        pull(store, ls, project)
    assert store.review_tasks() == [] and store.reviews() == []


def test_deleted_project(store, ls_client, project):
    first = push(store, ls_client, threshold=0.5, project=project)
    ls_client.delete_project(first.project_id)
    with pytest.raises(NotFound, match=f"no project '{project}'.*store is unchanged"):
        pull(store, ls_client, project)
    assert store.reviews() == []
    # pushing again recreates the project and sends every unreviewed context again, once
    second = push(store, ls_client, threshold=0.5, project=project)
    assert second.created_project and second.project_id != first.project_id
    assert second.lost_tasks == 4 and second.tasks_pushed == 4
    keys = [t["meta"]["key"] for t in ls_client.tasks(second.project_id)]
    assert len(keys) == len(set(keys)) == 4
    assert {t.ls_project_id for t in store.review_tasks(project=project)} == {second.project_id}


def _wait_until_stable(ls: LabelStudio, project_id: int, seconds: float = 1.5) -> int:
    """Wait until the project's task count stops changing (a timed-out import still finishing)."""
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        n = ls.project(project_id)["task_number"]
        if n != last:
            last, since = n, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return n
        time.sleep(0.3)
    return last


def test_push_interrupted_by_timeout_resumes_without_duplicates(tmp_path, ls_client, project):
    result = synthetic_result(40, seed=3, prefix="tdoc")
    with Store(tmp_path / "big.db") as store:
        store.save_run(result)
        first = push(store, ls_client, threshold=0.4, project=project, batch_size=50)
        assert first.tasks_pushed > 0
        # the rest of the push times out on its first import call; the server may still finish it
        with pytest.raises(PushInterrupted, match="Run `jazba review push` again"):
            push(store, ls_client, threshold=1.01, project=project, batch_size=200, timeout=0.001)
        assert any(t.status == "sending" for t in store.review_tasks(project=project))
        _wait_until_stable(ls_client, first.project_id)
        resumed = push(store, ls_client, threshold=1.01, project=project, batch_size=200)
        keys = [t["meta"]["key"] for t in ls_client.tasks(first.project_id)]
        rows = store.review_tasks(project=project)
        assert len(keys) == len(set(keys)) == first.tasks_pushed + resumed.adopted + resumed.tasks_pushed
        assert len(rows) == len(keys) and all(t.status == "pushed" for t in rows)
        assert len({t.ls_task_id for t in rows}) == len(rows)
        assert resumed.adopted > 0  # the timed-out batch did arrive, and was not pushed twice
        assert push(store, ls_client, threshold=1.01, project=project).tasks_pushed == 0


def test_cli_push_status_pull_and_errors(store, label_studio, project, monkeypatch, capsys):
    from pipeline.cli import main

    monkeypatch.setenv("LABEL_STUDIO_URL", label_studio.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.token)
    args = ["--store", str(store.path), "--project", project]
    assert main(["review", "push", "--threshold", "0.5", *args]) == 0
    assert "pushed 4 task(s) holding 9 record(s)" in capsys.readouterr().out
    assert main(["review", "status", *args]) == 0
    assert "4 task(s) on the server, 0 annotated" in capsys.readouterr().out
    assert main(["review", "pull", *args]) == 0
    assert "pulled 0 reviewed task(s)" in capsys.readouterr().out
    assert main(["review", "push", "--api-key", "0" * 40, *args]) == 1
    assert "refused the API key" in capsys.readouterr().err
