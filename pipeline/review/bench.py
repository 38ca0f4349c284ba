"""`jazba review bench` / `python -m pipeline.review.bench`: how long pushing N records to Label Studio takes.

Fills a throw-away store with synthetic documents (pipeline.store.synthetic: our own template
sentences with exact records), pushes every context to a fresh project in one timed `push`,
times a second push (which must push nothing), and deletes the project again.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ..store import Store
from ..store.synthetic import synthetic_result
from .labelstudio import Connection, LabelStudio
from .push import push


def synthetic_store(path: Path, n_records: int, seed: int = 0) -> int:
    """A store at `path` holding at least `n_records` machine records; returns their number."""
    n_docs = max(1, n_records // 16)
    while True:
        result = synthetic_result(n_docs, seed=seed, n_sentences=6, prefix="bench")
        total = sum(len(d.records) for d in result.documents)
        if total >= n_records:
            break
        n_docs = int(n_docs * n_records / max(total, 1)) + 1
    # trim the last documents' records so exactly n_records are pushed
    extra = total - n_records
    for doc in reversed(result.documents):
        if extra <= 0:
            break
        cut = min(extra, len(doc.records) - 1)
        if cut > 0:
            del doc.records[-cut:]
            extra -= cut
    with Store(path) as store:
        store.save_run(result)
    return sum(len(d.records) for d in result.documents)


def run_bench(ls: LabelStudio, n_records: int, workdir: Path) -> dict[str, float]:
    n = synthetic_store(workdir / "bench.db", n_records)
    project = f"jazba bench {time.strftime('%Y%m%d-%H%M%S')}"
    with Store(workdir / "bench.db") as store:
        first = push(store, ls, threshold=1.01, project=project)
        t = time.perf_counter()
        second = push(store, ls, threshold=1.01, project=project)
        again = time.perf_counter() - t
    ls.delete_project(first.project_id)
    return {"records": n, "records_pushed": first.records_pushed, "tasks": first.tasks_pushed,
            "seconds": first.seconds, "second_push_tasks": second.tasks_pushed, "second_push_seconds": again}


def main(args) -> int:
    with tempfile.TemporaryDirectory(prefix="jazba-review-bench-") as tmp:
        server = None
        if getattr(args, "start_server", False):
            from .server import LocalServer

            server = LocalServer(data_dir=Path(tmp) / "labelstudio").start()
            conn = Connection(server.url, server.token)
        else:
            conn = Connection.resolve(args.url, args.api_key)
        try:
            ls = LabelStudio(conn, timeout=args.timeout)
            out = run_bench(ls, args.records, Path(tmp))
        finally:
            if server is not None:
                server.stop()
    rate = out["records_pushed"] / out["seconds"] if out["seconds"] else float("inf")
    print(f"pushed {out['records_pushed']} records in {out['tasks']} tasks to {conn.url} in "
          f"{out['seconds']:.1f} s ({rate:.0f} records/s; target: 10,000 records in <= 30 s)")
    print(f"second push: {out['second_push_tasks']} tasks in {out['second_push_seconds']:.1f} s (idempotent)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    p = argparse.ArgumentParser(prog="python -m pipeline.review.bench", description=__doc__)
    p.add_argument("--url", default=None)
    p.add_argument("--api-key", default=None)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--records", type=int, default=10000)
    p.add_argument("--start-server", action="store_true")
    sys.exit(main(p.parse_args()))
