"""Review as a reviewer does it: the real Label Studio UI in a headless Chromium (selenium).

One reviewer opens the pushed tasks, sees every span's value at once, draws a missed span and
types its value, mistypes a date, relabels a span (keys only), edits a value, deletes a span and
submits; `pull` must store exactly that. A second reviewer, invited through the UI, reviews one of
the same tasks; `jazba review status --agreement` reports the agreement and the disagreement.
"""
from __future__ import annotations

import time
import uuid

import pytest

from browser import chromium, drag_select, login, wait_for
from pipeline.review.pull import pull, status
from pipeline.review.push import push
from pipeline.store.export import export, read_jsonl
from test_review_labelstudio import DOC_ID, at, machine_result, store, text  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]

BOX = "[data-testid=textarea-region-input]"




def keys(driver, *sequence, modifier=None):
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(driver)
    if modifier:
        chain.key_down(modifier)
    chain.send_keys(*sequence)
    if modifier:
        chain.key_up(modifier)
    chain.perform()
    time.sleep(0.3)


def open_task(driver, url: str, project_id: int, task_id: int, regions: int) -> list:
    """Open a task in the labelling view and wait until its `regions` value boxes are there."""
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/projects/{project_id}/data?task={task_id}")
    return wait_for(lambda: (lambda b: b if len(b) == regions else None)(driver.find_elements(By.CSS_SELECTOR, BOX)),
                    what=f"{regions} value boxes of task {task_id}")


def selected_region(driver) -> str:
    from selenium.webdriver.common.by import By

    nodes = driver.find_elements(By.CSS_SELECTOR, ".lsf-tree__node_selected, [class*=tree__node][class*=selected]")
    return nodes[0].text if nodes else ""


def submit(driver, ls, task_id: int, annotations: int = 1) -> None:
    from selenium.webdriver.common.keys import Keys

    keys(driver, Keys.ENTER, modifier=Keys.CONTROL)  # Ctrl+Enter: submit
    wait_for(lambda: (ls.task(task_id) or {}).get("total_annotations", 0) >= annotations,
             what=f"the annotation of task {task_id} to be saved")


def test_reviewer_in_the_browser(store, ls_client, label_studio, text, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    project = f"jazba browser {uuid.uuid4().hex[:8]}"
    report = push(store, ls_client, threshold=0.5, project=project)
    pid = report.project_id
    tasks = {t["meta"]["start"]: t["id"] for t in ls_client.tasks(pid)}
    assert sorted(tasks) == [0, 100, 163, 249]
    url = label_studio.url

    with chromium() as driver:
        login(driver, url, label_studio.username, label_studio.password)

        # The task list shows what a reviewer reads, not jazba's bookkeeping.
        driver.get(f"{url}/projects/{pid}/data")
        head = wait_for(lambda: driver.execute_script(
            "const h = document.querySelector('.lsf-table-head'); return h && h.innerText"), what="the task list")
        for column in ("title", "text", "min_confidence"):
            assert column in head
        for internal in ("region_records", "content_hash", "key", "doc_id", "before", "after", "notes", "docinfo"):
            assert internal not in head.split(), head

        # Task 1: every value is in view at once, lowest confidence first; neighbours greyed; heading.
        boxes = open_task(driver, url, pid, tasks[0], 3)
        assert [b.get_attribute("value") for b in boxes] == ["300", "Спасск", "1952-03-14"]
        page = driver.find_element(By.TAG_NAME, "body").text
        assert "date 1952-03-14 · tests/fixtures/review_kk.txt · kk · characters 0-99" in page
        grey = driver.execute_script(
            "const el = [...document.querySelectorAll('.jz-context')].find(e => e.innerText.includes('Лагерь бастығы'));"
            "return el && getComputedStyle(el).color")
        assert grey == "rgb(154, 154, 154)"
        driver.save_screenshot(str(tmp_path / "task1.png"))

        # Draw a missed place with the mouse: it gets an empty value box at once; type its value.
        keys(driver, "5")  # PLACE
        drag_select(driver, "Қарағанды облысындағы")
        boxes = wait_for(lambda: (lambda b: b if len(b) == 4 else None)(driver.find_elements(By.CSS_SELECTOR, BOX)),
                         what="the new span's value box")
        assert boxes[-1].get_attribute("value") == ""
        boxes[-1].click()
        boxes[-1].send_keys("Карагандинская область")
        # Mistype the date (kept as written at pull, but flagged).
        boxes[2].click()
        boxes[2].send_keys(Keys.CONTROL, "a")
        boxes[2].send_keys("1952-3-14")
        keys(driver, Keys.ESCAPE)
        driver.save_screenshot(str(tmp_path / "task1_edited.png"))
        submit(driver, ls_client, tasks[0])

        # Task 2, keyboard only: Alt+. walks the spans (lowest confidence first), a digit relabels,
        # Enter goes to the span's value box.
        open_task(driver, url, pid, tasks[100], 3)
        keys(driver, ".", modifier=Keys.ALT)
        assert "ІІМ" in selected_region(driver)
        keys(driver, "6")  # ORG; its box still says МВД (the PLACE value): pull re-derives it
        keys(driver, ".", modifier=Keys.ALT)
        assert "Сидоренко" in selected_region(driver)
        keys(driver, Keys.ENTER)
        active = driver.switch_to.active_element
        assert active.get_attribute("value") == "Сидоренко"
        active.send_keys(Keys.CONTROL, "a")
        active.send_keys("Сидоренко А.")
        keys(driver, Keys.ESCAPE)
        submit(driver, ls_client, tasks[100])

        # Task 4: the relative "date" is no date: select it, Backspace, submit.
        open_task(driver, url, pid, tasks[249], 1)
        keys(driver, ".", modifier=Keys.ALT)
        assert "Ертеңіне" in selected_region(driver)
        keys(driver, Keys.BACKSPACE)
        wait_for(lambda: not driver.find_elements(By.CSS_SELECTOR, BOX), what="the span to be deleted")
        submit(driver, ls_client, tasks[249])

    pulled = pull(store, ls_client, project)
    assert (pulled.tasks_pulled, pulled.added, pulled.relabelled, pulled.deleted, pulled.rederived) == (3, 1, 1, 1, 1)
    assert (pulled.kept, pulled.renormed) == (3, 2)
    assert len(pulled.invalid) == 1 and "1952-3-14" in pulled.invalid[0]

    reviewed = {(r.label, r.text): r for r in store.spans(DOC_ID, "reviewed")}
    assert {key: r.norm for key, r in reviewed.items()} == {
        ("NUMBER", "300"): {"value": 300, "qualifier": None, "unit": None},
        ("PLACE", "Спасск"): {"ru": "Спасск", "kk": "Спасск"},
        ("DATE", "1952 жылғы 14 наурызда"): {
            "text": "1952-3-14",
            "invalid": "DATE '1952-3-14' is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, 195X, --MM-DD)"},
        ("PLACE", "Қарағанды облысындағы"): {"ru": "Карагандинская область"},
        ("ORG", "ІІМ"): {"ru": "МВД", "kk": "ІІМ"},  # re-derived for ORG, not the PLACE value
        ("PERSON", "Сидоренко"): {"ru": "Сидоренко А."},
        ("TIME", "сағат 9-да"): {"time": "09:00"},
    }
    for r in reviewed.values():
        assert text[r.start:r.end] == r.text and r.status == "reviewed"
    assert reviewed[("ORG", "ІІМ")].start == at(text, "ІІМ")[0]
    assert not [r for r in store.spans(DOC_ID, "all") if r.text == "Ертеңіне"]  # deleted stays deleted

    # The invalid value is reported, and its region stays out of exports until fixed.
    st = status(store, ls_client, project)
    assert len(st.invalid) == 1 and "1952-3-14" in st.invalid[0] and f"task {tasks[0]}" in st.invalid[0]
    out = tmp_path / "reviewed.jsonl"
    summary = export(store, "records", out, status="reviewed")
    assert summary.held_invalid == 1
    assert {d["text"] for d in read_jsonl(out)} == {"ІІМ", "Сидоренко", "сағат 9-да"}
    export(store, "records", out, status="reviewed", include_invalid=True)
    assert len(read_jsonl(out)) == 7

    # Fixed in Label Studio (a newer annotation) and pulled again: valid, exported.
    task = ls_client.task(tasks[0])
    result = [dict(item) for item in task["annotations"][0]["result"]]
    for item in result:
        if item["from_name"] == "norm" and item["value"]["text"] == ["1952-3-14"]:
            item["value"] = {**item["value"], "text": ["1952-03-14"]}
    ls_client.create_annotation(tasks[0], result)
    pull(store, ls_client, project)
    assert status(store, ls_client, project).invalid == []
    assert export(store, "records", out, status="reviewed").held_invalid == 0
    assert len(read_jsonl(out)) == 7


def test_two_reviewers_agreement(store, ls_client, label_studio, capsys, monkeypatch):
    """A second reviewer joins through an invite link and reviews the same task differently."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from pipeline.cli import main

    project = f"jazba agreement {uuid.uuid4().hex[:8]}"
    report = push(store, ls_client, threshold=0.5, project=project)
    pid = report.project_id
    task_id = next(t["id"] for t in ls_client.tasks(pid) if t["meta"]["start"] == 100)
    url = label_studio.url
    second = f"second-{uuid.uuid4().hex[:6]}@jazba.test"

    with chromium() as driver:
        invite = ls_client._call("GET", "/api/invite")["invite_url"]
        driver.get(f"{url}{invite}")
        wait_for(lambda: driver.find_element(By.NAME, "email"), what="the sign-up form").send_keys(second)
        driver.find_element(By.NAME, "password").send_keys("second-reviewer-pass")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
        wait_for(lambda: "/user/signup" not in driver.current_url, what="the sign-up to finish")
        # Reviewer 2: ІІМ is an organisation (relabel), the rest as predicted.
        open_task(driver, url, pid, task_id, 3)
        keys(driver, ".", modifier=Keys.ALT)
        assert "ІІМ" in selected_region(driver)
        keys(driver, "6")
        submit(driver, ls_client, task_id)
    # Reviewer 1 confirms the machine's reading as it is (through the API, as any client may).
    pred = ls_client.task(task_id)["predictions"][0]
    ls_client.create_annotation(task_id, pred["result"], prediction_id=pred["id"])

    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.token)
    assert main(["review", "status", "--agreement", "--store", str(store.path), "--project", project]) == 0
    out = capsys.readouterr().out
    assert "agreement over 1 task(s) reviewed by two or more annotators (1 pair(s))" in out
    assert "span F1 (exact span and label) 0.667  (2 matched of 3 + 3 spans)" in out
    assert "1 disagreement(s) to adjudicate:" in out
    assert f"«ІІМ»  {label_studio.username}: PLACE МВД; {second}: ORG МВД" in out
