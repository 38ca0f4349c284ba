"""Export speed: `python -m pipeline.store.bench [--docs 10000]`.

Fills a fresh store with synthetic annotated Kazakh documents (`pipeline.store.synthetic`,
~6 sentences and ~16 spans each), marks a tenth of them reviewed, then times `export` in every
format (split 0.8/0.1/0.1, status "all"). The target (issue 6): 10,000 documents exported in
<= 10 s per format. Importing spaCy and building the tokenizer happen once per process and are
timed separately.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ..records import Record
from .db import Store
from .export import FORMATS, export, kazakh_nlp
from .synthetic import synthetic_result

EXTENSIONS = {"records": "jsonl", "docs": "jsonl", "spacy": "spacy", "iob2": "iob2"}


def fill_store(store: Store, n_docs: int, reviewed_share: float = 0.1, seed: int = 0) -> float:
    """Save `n_docs` synthetic documents, review the first sentence of every 1/share-th; return seconds."""
    t0 = time.perf_counter()
    result = synthetic_result(n_docs, seed=seed)
    store.save_run(result)
    step = max(1, round(1 / reviewed_share)) if reviewed_share > 0 else 0
    for i, doc in enumerate(result.documents):
        if step and i % step == 0 and doc.sentences:
            start, end = doc.sentences[0]
            records = [Record(**{**r.__dict__, "status": "reviewed", "source": "review:bench"})
                       for r in doc.records if start <= r.start and r.end <= end]
            store.save_review(doc.doc_id, start, end, records, "bench", "2026-01-01T00:00:00Z", 1.0, i)
    return time.perf_counter() - t0


def run_bench(n_docs: int, formats: list[str], status: str, workdir: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    kazakh_nlp()  # import spaCy, build the Kazakh tokenizer: once per process, timed on its own
    startup = time.perf_counter() - t0
    store = Store(workdir / "bench.db")
    fill = fill_store(store, n_docs)
    n_spans = len(store.spans(status=status))
    print(f"store: {n_docs} documents, {n_spans} {status} spans, filled in {fill:.2f} s ({workdir / 'bench.db'})")
    print(f"start-up once per process (import spaCy, build the Kazakh tokenizer): {startup:.2f} s, not included below")
    timings = {}
    for fmt in formats:
        out = workdir / f"bench.{EXTENSIONS[fmt]}"
        t0, c0 = time.perf_counter(), time.process_time()
        summary = export(store, fmt, out, status=status, split=(0.8, 0.1, 0.1), seed=13)
        timings[fmt] = time.perf_counter() - t0
        cpu = time.process_time() - c0
        docs = sum(summary.documents.values())
        print(f"export {fmt:<8} {docs:>6} documents  wall {timings[fmt]:6.2f} s  cpu {cpu:6.2f} s  "
              f"{docs / timings[fmt]:7.0f} docs/s  "
              f"{'OK' if timings[fmt] <= 10.0 * n_docs / 10000 else 'SLOW'} (target: 10,000 in <= 10 s wall)")
    store.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.store.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000, help="documents in the store (default: 10000)")
    parser.add_argument("--format", dest="formats", action="append", choices=FORMATS,
                        help="format(s) to time (default: all)")
    parser.add_argument("--status", choices=["all", "machine", "reviewed"], default="all")
    parser.add_argument("--keep", metavar="DIR", help="write the store and exports here instead of a temp dir")
    args = parser.parse_args(argv)
    formats = args.formats or list(FORMATS)
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        run_bench(args.docs, formats, args.status, Path(args.keep))
    else:
        with tempfile.TemporaryDirectory(prefix="jazba-bench-") as tmp:
            run_bench(args.docs, formats, args.status, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
