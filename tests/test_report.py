"""The HTML report (`jazba report`): pure parts (marks, dates, gazetteer) and the rendered site in a
real headless chromium, on our fixtures (always) and on the shared sample + Russian documents."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from pipeline import components
from pipeline.cli import main as jazba
from pipeline.records import Record
from pipeline.report import build_report
from pipeline.report.geo import Gazetteer
from pipeline.report.markup import Span, render_marks
from pipeline.report.timeline_view import date_extent
from pipeline.store import Store

import report_browser as rb


# -- pure parts --------------------------------------------------------------------------------------
class _MarkTexts(HTMLParser):
    """Collects the text inside each data-j (all its fragments) and the whole text."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.texts: dict[str, str] = {}
        self.all = ""

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.open.append(dict(attrs)["data-j"])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        self.all += data
        for j in self.open:
            self.texts[j] = self.texts.get(j, "") + data


def test_marks_nest_and_crossing_spans_split():
    text = "Қарағанды облысы, 1954 жылғы\n18 мамыр"
    spans = [Span(0, 16, 0, "l-PLACE"), Span(0, 9, 1, "l-PLACE"), Span(18, 37, 2, "l-DATE"),
             Span(10, 22, 3, "l-NUMBER")]  # 3 crosses 0 and 2
    html = render_marks(text, spans)
    parsed = _MarkTexts()
    parsed.feed(html)
    assert parsed.all == text  # line break kept, nothing added or lost
    for span in spans:
        assert parsed.texts[str(span.j)] == text[span.start:span.end]
    assert html.count('id="m3"') == 1 and 'class="l-NUMBER frag"' in html
    assert 'id="m0" class="l-PLACE" data-j="0" tabindex="0" style="--h:1"' in html  # outer line sits lower


def test_date_extent():
    assert [d.isoformat() for d in date_extent("1954-05-18")] == ["1954-05-18", "1954-05-18"]
    assert [d.isoformat() for d in date_extent("1954-02")] == ["1954-02-01", "1954-02-28"]
    assert [d.isoformat() for d in date_extent("195X")] == ["1950-01-01", "1959-12-31"]
    assert [d.isoformat() for d in date_extent("1954-05-16/1954-06-25")] == ["1954-05-16", "1954-06-25"]
    assert date_extent("--05-18") is None and date_extent("soon") is None


def test_gazetteer_finds_kazakh_and_russian_names_and_guesses_nothing(tmp_path):
    camps = tmp_path / "camps.csv"
    camps.write_text("id,ru,en,aliases_ru,region_id,lon,lat,location_ru\n"
                     '1,Степной лагерь,Stepnoy,"Степлаг, Особый лагерь № 4",null,73.08,49.8,x\n'
                     '2,Лагерь А,A,"Общий",null,10,10,x\n3,Лагерь Б,B,"Общий",null,20,20,x\n', encoding="utf-8")
    gaz = Gazetteer(camps)
    assert gaz.lookup(["Степлаг"], "camp").kind == "camp"
    assert gaz.lookup(["Общий"], "camp") is None  # two camps, two places: ambiguous
    zhez = gaz.lookup(["Джезказган"])
    assert zhez.kind == "settlement" and abs(zhez.lat - 47.79) < 0.1
    assert gaz.lookup(["Жезқазған"]) == zhez  # the Kazakh name
    assert gaz.lookup(["Акмолинск"]) is not None  # a Soviet form, through the project gazetteer
    region = gaz.lookup(["Карагандинская область"])
    assert region.kind == "region" and abs(region.lon - 73.1) < 0.2
    assert gaz.lookup(["Казахская ССР"]) is None  # a republic is not a point
    assert gaz.lookup(["Теректы"]) is None        # two Kazakh settlements of that name
    assert gaz.lookup(["лаготделение № 3"], "unit") is None
    assert gaz.lookup(["Москва"]).inside and not gaz.lookup(["Владивосток"]).inside


# -- the rendered site -------------------------------------------------------------------------------
@pytest.fixture
def rule_pipeline(monkeypatch):
    """The real pipeline without the statistical model (its own tests cover it): fast and enough."""
    components.load_all()
    monkeypatch.setattr(components, "DEFAULT_COMPONENTS", [c for c in components.DEFAULT_COMPONENTS if c != "kk.ner"])


@pytest.mark.slow
def test_fixture_report_in_browser(rule_pipeline, fixtures_dir, tmp_path):
    run_dir, report_dir, db = tmp_path / "run", tmp_path / "report", tmp_path / "jazba.db"
    kk = [str(fixtures_dir / "kk_telegram_1152.txt"), str(fixtures_dir / "kk_special_report_0115.txt")]
    ru = [str(fixtures_dir / n) for n in ("ru_telegram_1152.txt", "ru_report_0917.txt", "ru_special_report_0115.txt")]
    assert jazba(["run", *kk, *(a for path in ru for a in ("--ru", path)), "--out", str(run_dir), "--store", str(db), "--quiet",
                  "--report", str(report_dir)]) == 0
    records = rb.read_jsonl(run_dir / "records.jsonl")
    assert records and (report_dir / "index.html").is_file()
    # nested and crossing spans: add two to the run (inside one record; across its end) and re-render
    documents = {d["doc_id"]: d for d in rb.read_jsonl(run_dir / "documents.jsonl")}
    host = next(r for r in records if r["end"] - r["start"] >= 8 and r["lang"] == "kk")
    text = documents[host["doc_id"]]["text"]
    for label, start, end in (("NUMBER", host["start"] + 1, host["start"] + 4), ("ORG", host["end"] - 3, host["end"] + 4)):
        records.append({**host, "label": label, "start": start, "end": end, "text": text[start:end], "norm": {},
                        "confidence": 0.5, "id": f"{host['doc_id']}:{label}:{start}-{end}"})
    (run_dir / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert jazba(["report", str(run_dir), "--out", str(report_dir)]) == 0

    # a reviewer's span in the store shows as reviewed in the report of the store
    first = next(r for r in records if r["label"] == "PLACE" and r["lang"] == "kk")
    with Store(db) as store:
        rec = Record.from_dict({**first, "status": "reviewed", "confidence": 1.0})
        store.save_review(first["doc_id"], first["start"], first["end"], [rec], "tester", "2026-12-03")
    store_report = tmp_path / "store_report"
    assert jazba(["report", "--store", str(db), "--out", str(store_report)]) == 0

    with rb.browser() as b:
        assert rb.check_documents(b, run_dir, report_dir) == len(records)
        rb.check_entities(b, run_dir, report_dir)
        rb.check_timeline(b, run_dir, report_dir)
        rb.check_map(b, report_dir)
        b.open(report_dir / "index.html")
        assert b.driver.execute_script("return document.querySelectorAll('#documents tbody tr').length") == 5
        # the added spans: one nested inside its host mark, one crossing its end (cut in two elements)
        b.open(report_dir / "doc" / f"{list(documents).index(host['doc_id'])}.html")
        assert b.driver.execute_script("return document.querySelectorAll('.text mark mark.l-NUMBER').length") >= 1
        inner_bottom, outer_bottom = b.driver.execute_script(
            "const m = document.querySelector('.text mark > mark.l-NUMBER:not(.frag)');"
            "return [m.getBoundingClientRect().bottom, m.parentElement.getBoundingClientRect().bottom]")
        assert outer_bottom > inner_bottom  # the outer span's underline sits below the inner one's
        assert b.driver.execute_script("return document.querySelectorAll('.text mark.l-ORG.frag').length") == 1
        # hovering a mark previews its details; keyboard: Tab to a mark, Enter shows (pins) them
        from selenium.webdriver.common.action_chains import ActionChains

        b.open(report_dir / "doc" / "0.html")
        ActionChains(b.driver).move_to_element(b.driver.find_element("css selector", ".text mark")).perform()
        assert "confidence" in b.driver.execute_script("return document.getElementById('details').innerText")
        b.driver.execute_script("document.querySelector('.text mark').focus()")
        from selenium.webdriver.common.keys import Keys

        b.driver.switch_to.active_element.send_keys(Keys.ENTER)
        panel = b.driver.execute_script("return document.getElementById('details').innerText")
        assert "normalised" in panel and "confidence" in panel
        b.driver.switch_to.active_element.send_keys("n")  # next mark
        assert b.driver.execute_script("return document.activeElement.tagName") == "MARK"
        # a label's checkbox hides its marks' colour (the text stays)
        label = b.driver.execute_script("return document.querySelector('.text mark').className.split(' ')[0].slice(2)")
        colour = "return getComputedStyle(document.querySelector('.text mark.l-' + arguments[0])).borderBottomColor"
        before = b.driver.execute_script(colour, label)
        b.driver.find_element("css selector", f'.legend input[data-label="{label}"]').click()
        assert before != "rgba(0, 0, 0, 0)" and b.driver.execute_script(colour, label) == "rgba(0, 0, 0, 0)"
        # the store's report: the reviewed span is marked as such
        doc_index = [d["doc_id"] for d in rb.read_jsonl(run_dir / "documents.jsonl")]
        page = sorted(doc_index).index(first["doc_id"])  # the store lists documents by doc_id
        b.open(store_report / "doc" / f"{page}.html")
        reviewed = b.driver.execute_script("return [...document.querySelectorAll('mark.rev')].map(m => m.textContent)")
        assert reviewed == [first["text"]]
        assert all(p.stat().st_size > 5_000 for p in rb.screenshots(b, report_dir, "fixtures"))
        rb.check_no_network(b)


@pytest.mark.slow
def test_shared_sample_report_in_browser(shared_dir, tmp_path):
    run_dir, report_dir = tmp_path / "run", tmp_path / "report"
    assert jazba(["run", str(shared_dir / "samples" / "kk" / "steplag_kengir_1954.txt"), "--ru",
                  str(shared_dir / "samples" / "ru"), "--out", str(run_dir), "--no-store", "--quiet"]) == 0
    summary = build_report(run_dir, report_dir, camps_csv=shared_dir / "data" / "gulag_camps.csv")
    records = rb.read_jsonl(run_dir / "records.jsonl")
    assert summary.records == len(records) and summary.pairs >= 1
    with rb.browser() as b:
        assert rb.check_documents(b, run_dir, report_dir) == len(records)
        rows = rb.check_entities(b, run_dir, report_dir)
        steplag = next(r for r in rows if r[1] == "Степлаг")
        assert "steplag_kengir_1954" in steplag[4] and "01_kruglov-rudenko_report_1954-05-26" in steplag[4]
        zhez = next(r for r in rows if r[1] == "Джезказган")
        assert "01_kruglov-rudenko_report_1954-05-26" in zhez[5]  # linked Russian document
        rb.check_timeline(b, run_dir, report_dir)
        for query in ("Жезқазған", "джезказган"):  # Kazakh and Russian names find the same entity
            b.open(report_dir / "index.html")
            b.driver.find_element("id", "q").send_keys(query)
            hits = b.driver.execute_script(
                "return new Promise(done => { const t0 = Date.now(); (function poll() {"
                " const li = [...document.querySelectorAll('#q-results a')].map(a => a.textContent);"
                " if (li.length || Date.now() - t0 > 5000) done(li); else setTimeout(poll, 20); })(); })")
            assert any("жезказган" in h.casefold() or "жезқазған" in h.casefold() for h in hits), (query, hits)
        n, markers = rb.check_map(b, report_dir)
        for name in ("Степлаг", "Карлаг", "Джезказган", "Кенгир", "Караганда"):
            assert any(m.startswith(name + " ") for m in markers), name
        # the side-by-side page: linked spans numbered on both sides
        b.open(report_dir / "pair" / "0.html")
        sides = b.driver.execute_script(
            "return [...document.querySelectorAll('.parallel .text')].map(t => t.querySelectorAll('mark.linked').length)")
        assert all(n > 0 for n in sides)
        # readable at a phone's width: no sideways scrolling of the page
        b.driver.set_window_size(390, 844)
        b.open(report_dir / "doc" / "0.html")
        assert b.driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        b.screenshot(rb.SCREENS / "sample_document_phone.png")
        b.driver.set_window_size(1280, 900)
        shots = rb.screenshots(b, report_dir, "sample")
        assert all(p.stat().st_size > 10_000 for p in shots)
        rb.check_no_network(b)


@pytest.mark.slow
def test_report_bench_prints_figures(capsys):
    """`jazba bench --report` on a small synthetic run: the report and the browser timings come out."""
    assert jazba(["bench", "--report", "--docs", "20", "--records", "800"]) == 0
    out = capsys.readouterr().out
    figures = dict(line.split(None, 1) for line in out.strip().splitlines())
    assert figures["records"].strip() == "800" and figures["network_requests"].strip() == "0"
    assert float(figures["index_interactive_seconds"]) < 5


def test_bad_input_is_one_clear_line(tmp_path, capsys):
    assert jazba(["report", str(tmp_path / "nothing"), "--out", str(tmp_path / "r")]) == 2
    assert f"{tmp_path / 'nothing'}: not a directory" in capsys.readouterr().err
    run = tmp_path / "run"
    run.mkdir()
    (run / "documents.jsonl").write_text('{"doc_id": "a", "text": "Қарағанды"}\n', encoding="utf-8")
    (run / "records.jsonl").write_text('{"doc_id": "a", "label": "PLACE"\n', encoding="utf-8")
    assert jazba(["report", str(run), "--out", str(tmp_path / "r")]) == 2
    assert f"{run / 'records.jsonl'}:1: not valid JSON" in capsys.readouterr().err
    (run / "records.jsonl").write_text(
        '{"id": "a:PLACE:0-3", "doc_id": "a", "label": "PLACE", "start": 0, "end": 3, "text": "Жез"}\n', encoding="utf-8")
    assert jazba(["report", str(run), "--out", str(tmp_path / "r")]) == 2
    assert "record a:PLACE:0-3 does not match its document's text" in capsys.readouterr().err
    # a directory that is not an earlier report is never overwritten
    (run / "records.jsonl").write_text("", encoding="utf-8")
    assert jazba(["report", str(run), "--out", str(run)]) == 2
    assert "not empty and not an earlier jazba report" in capsys.readouterr().err
    assert jazba(["report", str(run), "--out", str(tmp_path / "r")]) == 0
    assert jazba(["report", str(run), "--out", str(tmp_path / "r")]) == 0  # an earlier report is replaced
