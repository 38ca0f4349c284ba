"""A self-contained HTML report of a run: `build_report(source, out_dir)`.

The report is a static site that opens from disk with no network: every page, style, script and
data file is written under `out_dir` (no CDN, no web font). Views, one module each:

- `index_view`: totals, documents (counts per label, low-confidence share, review status), name search
- `document_view`: the original text with every span marked; details of each record on click
- `parallel_view`: each matched Kazakh passage beside its Russian document, links numbered
- `entities_view`: one row per person, place, organisation across documents
- `timeline_view`: dated mentions on a time axis (SVG)
- `map_view` (+ `geo`): places with coordinates on an outline map

`load` reads a run directory or the annotation store; `markup` renders nested and crossing spans.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .document_view import render_document
from .entities_view import build_entities, render_entities
from .geo import Gazetteer, default_camps_csv
from .html import write
from .index_view import render_index
from .links import build_counterparts
from .load import ReportData, ReportInputError, load_run_dir, load_store
from .map_view import locate_places, render_map
from .parallel_view import document_pairs, render_pair, render_pairs_index
from .timeline_view import render_timeline

STATIC_DIR = Path(__file__).resolve().parent / "static"
MARKER = ".jazba-report"  # marks a directory as a report: only such a directory is overwritten
DEFAULT_THRESHOLD = 0.9  # the review push threshold: records below it are the ones reviewers get

__all__ = ["ReportInputError", "ReportSummary", "build_report", "load_run_dir", "load_store", "write_report"]


@dataclass
class ReportSummary:
    out_dir: Path
    documents: int
    records: int
    entities: int
    pairs: int
    dated: int
    places: int
    places_on_map: int
    seconds: float

    def line(self) -> str:
        return (f"report of {self.documents} document(s), {self.records} record(s), {self.entities} entities, "
                f"{self.pairs} Kazakh-Russian pair(s), {self.places_on_map}/{self.places} places on the map "
                f"-> {self.out_dir / 'index.html'} ({self.seconds:.1f} s)")


def write_report(data: ReportData, out_dir: str | Path, camps_csv: str | Path | None = None,
                 threshold: float = DEFAULT_THRESHOLD) -> ReportSummary:
    """Write the report of `data` into `out_dir` (created; files of an earlier report are replaced)."""
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ReportInputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ReportInputError(f"{out}: not empty and not an earlier jazba report; choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by `jazba report`; the report's files here are replaced by the next one\n",
                              encoding="utf-8")
    for sub in ("doc", "pair", "data"):  # pages of an earlier, larger report must not linger
        if (out / sub).is_dir():
            shutil.rmtree(out / sub)
    shutil.copytree(STATIC_DIR, out / "assets", dirs_exist_ok=True)

    camps = Path(camps_csv) if camps_csv else default_camps_csv()
    if camps is not None and not camps.is_file():
        raise ReportInputError(f"{camps}: Gulag camp table not found")
    try:
        gazetteer = Gazetteer(camps)
    except (OSError, ValueError) as err:
        raise ReportInputError(str(err)) from None

    counterparts = build_counterparts(data)
    entity_rows, entity_row = build_entities(data, counterparts)
    pairs = document_pairs(data)
    pairs_of: dict[str, list] = {}
    for k, row in enumerate(pairs):
        pairs_of.setdefault(row["kk_doc_id"], []).append((k, row))
        pairs_of.setdefault(row["ru_doc_id"], []).append((k, row))
    telegram_of = {t["doc_id"]: t for t in data.telegrams if t.get("side") == "ru" and t.get("doc_id")}

    for doc in data.docs:
        write(out / doc.page, render_document(data, doc, counterparts, entity_row, pairs_of.get(doc.doc_id, []), threshold))
    for k, row in enumerate(pairs):
        write(out / "pair" / f"{k}.html", render_pair(data, k, row, counterparts, entity_row, telegram_of, threshold))
    write(out / "pairs.html", render_pairs_index(data, pairs))
    places = locate_places(entity_rows, gazetteer)
    write(out / "map.html", render_map(data, entity_rows, places, gazetteer, out))
    write(out / "entities.html", render_entities(data, entity_rows, out))
    write(out / "timeline.html", render_timeline(data, out))
    write(out / "index.html", render_index(data, entity_rows, threshold, pairs_of, out))
    return ReportSummary(
        out_dir=out, documents=len(data.docs), records=sum(len(d.records) for d in data.docs),
        entities=len(entity_rows), pairs=len(pairs),
        dated=sum(1 for d in data.docs for r in d.records if r["label"] == "DATE"),
        places=len(places), places_on_map=sum(1 for p in places.values() if p is not None and p.inside),
        seconds=time.perf_counter() - started,
    )


def build_report(run_dir: str | Path | None, out_dir: str | Path, store: str | Path | None = None,
                 camps_csv: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD) -> ReportSummary:
    """Read a run directory (or, with `store`, the annotation store) and write its report to `out_dir`."""
    data = load_store(store) if store is not None else load_run_dir(run_dir)
    return write_report(data, out_dir, camps_csv=camps_csv, threshold=threshold)
