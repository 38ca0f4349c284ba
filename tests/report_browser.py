"""What the report tests check in a real browser (shared by the fixture test and the shared-sample test).

Every check reads the DOM of the rendered pages in headless chromium and compares it with what the
run wrote (`records.jsonl`, ...), computed here independently of the report code where it can be.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where the report tests write a screenshot of every view: `$JAZBA_SCREENSHOTS` (e.g.
#: `JAZBA_SCREENSHOTS=output/report make test` to keep them in the checkout's output/), else a temporary
#: folder -- a plain `make test` leaves output/ untouched.
SCREENS = Path(os.environ.get("JAZBA_SCREENSHOTS") or Path(tempfile.gettempdir()) / "jazba-report-screenshots")

#: textContent of every mark of record j (fragments of a crossing span joined), and its colour
MARKS_JS = """
const out = {};
document.querySelectorAll('.text mark').forEach(m => {
  const j = m.getAttribute('data-j');
  if (!out[j]) {
    const cs = getComputedStyle(m);
    out[j] = {text: '', border: cs.borderBottomColor, bg: cs.backgroundColor, cls: m.className};
  }
  out[j].text += m.textContent;  // a crossing span's fragments, in document order
});
return out;
"""


def browser():
    from pipeline.report.browser import BrowserUnavailable, HeadlessChromium

    try:
        return HeadlessChromium(1280, 900)
    except BrowserUnavailable as err:
        pytest.fail(f"{err}: `make test` installs them (Makefile target `browser`)")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_documents(b, run_dir: Path, report_dir: Path) -> int:
    """Every record of records.jsonl is a highlighted mark with exactly its text; returns how many."""
    documents = read_jsonl(run_dir / "documents.jsonl")
    records = read_jsonl(run_dir / "records.jsonl")
    by_doc: dict[str, list[dict]] = {}
    for rec in records:
        by_doc.setdefault(rec["doc_id"], []).append(rec)
    checked = 0
    for i, doc in enumerate(documents):
        b.open(report_dir / "doc" / f"{i}.html")
        marks = b.driver.execute_script(MARKS_JS)
        text = b.driver.execute_script("return document.getElementById('doctext').textContent")
        assert text == doc["text"], f"{doc['doc_id']}: the page's text is not the original text"
        recs = sorted(by_doc.get(doc["doc_id"], []), key=lambda r: (r["start"], -r["end"], r["label"]))
        assert len(marks) == len(recs), f"{doc['doc_id']}: {len(marks)} marked spans, {len(recs)} records"
        details = json.loads(b.driver.execute_script("return document.getElementById('records').textContent"))
        for j, rec in enumerate(recs):
            mark = marks[str(j)]
            assert details[j]["id"] == rec["id"]
            assert mark["text"] == rec["text"], (rec["id"], mark["text"], rec["text"])
            assert f"l-{rec['label']}" in mark["cls"]
            assert mark["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"{rec['id']} is not highlighted"
            checked += 1
    return checked


def expected_entity_rows(records: list[dict]) -> Counter:
    """(label, canonical name) -> mentions, computed from records.jsonl the way the docs describe it."""
    rows: Counter = Counter()
    for rec in records:
        if rec["label"] in ("PERSON", "PLACE", "ORG"):
            norm = rec.get("norm") or {}
            name = norm.get("ru") or norm.get("kk") or rec["text"]
            rows[(rec["label"], " ".join(str(name).split()).casefold())] += 1
    return rows


def check_entities(b, run_dir: Path, report_dir: Path) -> list[list[str]]:
    records = read_jsonl(run_dir / "records.jsonl")
    expected = expected_entity_rows(records)
    b.open(report_dir / "entities.html")
    rows = b.driver.execute_script(
        "return [...document.querySelectorAll('#entities tbody tr')].map(tr => [...tr.cells].map(td => td.innerText))")
    assert len(rows) == len(expected), (len(rows), len(expected))
    got = Counter()
    for cells in rows:
        label = cells[0].split("\n")[0]
        name = cells[1] if cells[1] != "—" else cells[2].split("\n")[0]
        mentions = sum(int(part.split("\n")[0]) for part in cells[4].split("×")[1:])
        got[(label, " ".join(name.split()).casefold())] = mentions
    assert got == expected
    return rows


def check_timeline(b, run_dir: Path, report_dir: Path) -> None:
    records = read_jsonl(run_dir / "records.jsonl")
    dated = [r for r in records if r["label"] == "DATE" and (r.get("norm") or {}).get("iso")
             and not str(r["norm"]["iso"]).startswith("--")]
    b.open(report_dir / "timeline.html")
    n_rows = b.driver.execute_script("return document.querySelectorAll('#tl-table tbody tr').length")
    assert n_rows == min(len(dated), 200)
    drawn = b.driver.execute_script("return document.querySelectorAll('svg.tl a.item').length")
    caption = b.driver.execute_script("return document.getElementById('tl-caption').textContent")
    hidden = int(caption.split("; ")[1].split()[0]) if "not drawn" in caption else 0
    assert drawn + hidden == len(dated)
    inferred = sum(1 for r in dated if r["norm"].get("year_inferred"))
    hollow = b.driver.execute_script("return document.querySelectorAll('svg.tl .inferred').length")
    assert hollow <= inferred and (inferred == 0 or hollow > 0)
    # every point links to its record's mark in the document view
    hrefs = b.driver.execute_script("return [...document.querySelectorAll('svg.tl a.item')].map(a => a.getAttribute('href'))")
    assert all(h.startswith("doc/") and "#m" in h for h in hrefs)


def check_map(b, report_dir: Path) -> tuple[int, list[str]]:
    b.open(report_dir / "map.html", wait_ready=False)
    markers = b.driver.execute_script(
        "return [...document.querySelectorAll('svg.map.overview a.marker')].map(a => a.getAttribute('aria-label'))")
    table_rows = b.driver.execute_script(
        "return document.querySelectorAll('table.grid')[0].tBodies[0].rows.length")
    assert len(markers) == table_rows, "one marker per place with coordinates on the map"
    outline = b.driver.execute_script("return document.querySelectorAll('svg.map.overview path.land').length")
    assert outline > 5 and b.driver.execute_script("return document.querySelectorAll('svg.map.overview path.kz').length") == 1
    return len(markers), markers


def check_no_network(b) -> None:
    urls = b.requests()
    assert urls, "the performance log recorded no request at all"
    remote = [u for u in urls if not u.startswith(("file:", "data:", "about:"))]
    assert not remote, f"the report made network requests: {remote[:5]}"
    errors = b.console_errors()
    assert not errors, f"script errors in the report's pages: {errors[:3]}"


def screenshots(b, report_dir: Path, prefix: str) -> list[Path]:
    SCREENS.mkdir(parents=True, exist_ok=True)
    shots = []
    for name, page, fragment in (("index", "index.html", ""), ("document", "doc/0.html", ""),
                                 ("entities", "entities.html", ""), ("timeline", "timeline.html", ""),
                                 ("map", "map.html", ""), ("pairs", "pairs.html", "")):
        b.open(report_dir / page, fragment, wait_ready=name not in ("map", "pairs"))
        shots.append(b.screenshot(SCREENS / f"{prefix}_{name}.png"))
    if (report_dir / "pair" / "0.html").exists():
        b.open(report_dir / "pair" / "0.html")
        shots.append(b.screenshot(SCREENS / f"{prefix}_pair.png"))
    return shots
