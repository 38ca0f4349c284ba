"""Report speed (`jazba bench --report` or `python -m pipeline.report.bench`).

Writes a synthetic run of `--docs` documents with `--records` records in all (our own template
sentences: no sample text), times `jazba report` on it (wall clock and CPU time of the one process), then opens the
report in headless chromium and times how long the index page takes to become interactive (its
script has drawn the table and bound the search box: `performance.now()` from navigation start),
a name search, the entity page, the timeline and one document page.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

KK_TEMPLATES = [
    "{DATE} {PLACE} лагерінде {NUMBER} тұтқын жұмысқа шықпады.",
    "{ROLE} {PERSON} {TIME} сағатта {ORG} өкілдерімен кездесті.",
    "{ORG} {DOCNUM} бұйрығы бойынша {NUMBER} адам {PLACE} бөлімшесіне жіберілді.",
    "{PERSON} {DATE} {PLACE} қаласына келді, онда {NUMBER} адам күтті.",
    "Тұтқындар {DATE} аштық жариялап, {NUMBER} адам жұмыстан бас тартты.",
    "Комиссия мүшелері {PLACE} маңындағы {ORG} ғимаратында жиналды.",
]
PLACES = ["Қарағанды", "Балқаш", "Жезқазған", "Спасск", "Ақмола", "Кеңгір", "Екібастұз", "Павлодар", "Семей",
          "Степлаг", "Қарлаг", "Петропавл", "Қостанай", "Ақтөбе", "Шымкент", "Тараз", "Өскемен", "Орал"]
PLACE_RU = {"Қарағанды": "Караганда", "Балқаш": "Балхаш", "Жезқазған": "Джезказган", "Спасск": "Спасск",
            "Ақмола": "Акмола", "Кеңгір": "Кенгир", "Екібастұз": "Экибастуз", "Павлодар": "Павлодар", "Семей": "Семипалатинск",
            "Степлаг": "Степлаг", "Қарлаг": "Карлаг", "Петропавл": "Петропавловск", "Қостанай": "Кустанай",
            "Ақтөбе": "Актюбинск", "Шымкент": "Чимкент", "Тараз": "Джамбул", "Өскемен": "Усть-Каменогорск", "Орал": "Уральск"}
SURNAMES = ["Иванов", "Сейітов", "Петренко", "Нұрланов", "Кузнецов", "Әбенов", "Смирнов", "Жақсылықов", "Орлов", "Бекмұхамбетов"]
ORGS = [("ІІМ", "МВД"), ("ГУЛАГ", "ГУЛАГ"), ("Қарлаг басқармасы", "управление Карлага"), ("КОКП ОК", "ЦК КПСС")]
KK_MONTHS = ["қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде", "тамызда",
             "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"]


def _value(label: str, rng: random.Random, doc_year: int) -> tuple[str, dict, str | None]:
    """(surface, norm, subtype) for one synthetic mention."""
    if label == "DATE":
        kind = rng.random()
        year = doc_year if rng.random() < 0.7 else rng.randint(1930, 1960)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if kind < 0.6:
            return f"{year} жылғы {day} {KK_MONTHS[month - 1]}", {"iso": f"{year}-{month:02d}-{day:02d}", "year_inferred": False}, None
        if kind < 0.8:
            return f"{day} {KK_MONTHS[month - 1]}", {"iso": f"{year}-{month:02d}-{day:02d}", "year_inferred": True}, None
        if kind < 0.9:
            return f"{year} жылы", {"iso": str(year), "year_inferred": False}, None
        end = min(12, month + rng.randint(1, 3))
        return (f"{year} жылғы {KK_MONTHS[month - 1]} {KK_MONTHS[end - 1]} дейін",
                {"iso": f"{year}-{month:02d}-01/{year}-{end:02d}-28", "start": f"{year}-{month:02d}-01",
                 "end": f"{year}-{end:02d}-28", "year_inferred": False}, None)
    if label == "PLACE":
        kk = rng.choice(PLACES)
        return kk, {"ru": PLACE_RU[kk], "kk": kk}, "camp" if kk.endswith("лаг") else None
    if label == "PERSON":
        surname = f"{rng.choice(SURNAMES)}{rng.randint(1, 400)}"  # ~4,000 distinct people
        initials = f"{rng.choice('АБВГДЕЖИКЛМНОПРС')}. "
        return initials + surname, {"ru": f"{surname} {initials.strip()}", "kk": surname, "surname": surname,
                                    "initials": initials.strip()}, None
    if label == "ORG":
        kk, ru = rng.choice(ORGS)
        return kk, {"ru": ru, "kk": kk}, None
    if label == "NUMBER":
        n = rng.randint(2, 5000)
        return str(n), {"value": n, "qualifier": None, "unit": None}, None
    if label == "TIME":
        h = rng.randint(0, 23)
        return f"{h:02d}.00", {"time": f"{h:02d}:00"}, None
    if label == "DOCNUM":
        n = rng.randint(1, 999)
        return f"№ {n}", {"value": str(n)}, None
    return "лагерь бастығы", {"ru": "начальник лагеря", "kk": "лагерь бастығы"}, None  # ROLE


def write_synthetic_run(out: Path, n_docs: int, n_records: int, seed: int = 0) -> int:
    """A run directory of `n_docs` Kazakh documents holding `n_records` records; returns records written."""
    import re

    rng = random.Random(seed)
    per_doc = max(1, n_records // n_docs)
    slot = re.compile(r"\{([A-Z]+)\}")
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    with open(out / "documents.jsonl", "w", encoding="utf-8") as docs_fh, \
            open(out / "records.jsonl", "w", encoding="utf-8") as recs_fh:
        for d in range(n_docs):
            doc_id, year = f"synthetic_{d:05d}", rng.randint(1937, 1956)
            want = per_doc + (1 if d < n_records - per_doc * n_docs else 0)
            parts, records, sentences, pos = [], [], [], 0
            while len(records) < want:
                template, last, start = rng.choice(KK_TEMPLATES), 0, pos
                for m in slot.finditer(template):
                    if len(records) >= want:
                        break
                    literal = template[last:m.start()]
                    parts.append(literal)
                    pos += len(literal)
                    text, norm, subtype = _value(m.group(1), rng, year)
                    rec = {"doc_id": doc_id, "label": m.group(1), "start": pos, "end": pos + len(text), "text": text,
                           "norm": norm, "confidence": round(rng.betavariate(8, 1.5), 4), "source": "synthetic",
                           "lang": "kk", "status": "reviewed" if rng.random() < 0.03 else "machine",
                           "id": f"{doc_id}:{m.group(1)}:{pos}-{pos + len(text)}"}
                    if subtype:
                        rec["subtype"] = subtype
                    if m.group(1) in ("PERSON", "PLACE", "ORG"):
                        rec["entity_id"] = f"{doc_id}:{m.group(1)}:{norm['ru']}"
                    records.append(rec)
                    parts.append(text)
                    pos += len(text)
                    last = m.end()
                tail = template[last:] + ("\n" if rng.random() < 0.3 else " ")
                parts.append(tail)
                pos += len(tail)
                sentences.append([start, pos - 1])
            text = "".join(parts)
            docs_fh.write(json.dumps({"doc_id": doc_id, "path": f"synthetic/{doc_id}.txt", "encoding": "utf-8",
                                      "lang": "kk", "text": text, "sentences": sentences,
                                      "spans": [{"id": r["id"], "start": r["start"], "end": r["end"], "label": r["label"]}
                                                for r in records]}, ensure_ascii=False) + "\n")
            for rec in records:
                recs_fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            total += len(records)
    (out / "alignments.jsonl").write_text("", encoding="utf-8")
    (out / "telegrams.jsonl").write_text("", encoding="utf-8")
    return total


def run_bench(n_docs: int, n_records: int, workdir: Path, browser: bool = True) -> dict[str, float]:
    from . import build_report

    run_dir, report_dir = workdir / "run", workdir / "report"
    written = write_synthetic_run(run_dir, n_docs, n_records)
    started, cpu = time.perf_counter(), time.process_time()
    summary = build_report(run_dir, report_dir)
    figures = {"documents": n_docs, "records": written, "entities": summary.entities,
               "report_seconds": round(time.perf_counter() - started, 2),
               "report_cpu_seconds": round(time.process_time() - cpu, 2),
               "report_megabytes": round(sum(p.stat().st_size for p in report_dir.rglob("*") if p.is_file()) / 1e6, 1)}
    if not browser:
        return figures
    from .browser import HeadlessChromium

    with HeadlessChromium(1280, 900) as b:
        b.open(report_dir / "timeline.html")  # warm-up: chromium's own start-up is not the report's
        wall = time.perf_counter()
        figures["index_interactive_seconds"] = round(b.open(report_dir / "index.html"), 3)
        figures["index_wall_seconds"] = round(time.perf_counter() - wall, 3)
        wall = time.perf_counter()
        b.driver.find_element("id", "q").send_keys("Иванов1")
        while not b.driver.execute_script("return document.querySelectorAll('#q-results li').length"):
            if time.perf_counter() - wall > 30:
                raise TimeoutError("the name search showed nothing in 30 s")
            time.sleep(0.01)
        figures["search_first_results_seconds"] = round(time.perf_counter() - wall, 3)
        figures["entities_interactive_seconds"] = round(b.open(report_dir / "entities.html"), 3)
        figures["timeline_interactive_seconds"] = round(b.open(report_dir / "timeline.html"), 3)
        figures["document_interactive_seconds"] = round(b.open(report_dir / "doc" / "500.html" if n_docs > 500 else report_dir / "doc" / "0.html"), 3)
        remote = [u for u in b.requests() if not u.startswith(("file:", "data:", "about:"))]
        figures["network_requests"] = len(remote)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.report.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--no-browser", action="store_true", help="only time `jazba report`")
    ap.add_argument("--keep", default=None, metavar="DIR", help="write the run and report here and keep them")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jazba-report-bench-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        figures = run_bench(args.docs, args.records, workdir, browser=not args.no_browser)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
