"""Writing a run to disk: `records.jsonl`, `documents.jsonl`, `alignments.jsonl`, `telegrams.jsonl`.

Files are written to a temporary name and renamed into place, so an interrupted run never
leaves a half-written file where a complete one stood before.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable

from .records import LABELS
from .runner import RunResult


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Atomically write `rows` as JSON Lines to `path`; return how many rows were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False))
                fh.write("\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return n


def write_run(result: RunResult, out_dir: str | Path) -> dict[str, Path]:
    """Write every output file of `result` into `out_dir`; return their paths by name."""
    out = Path(out_dir)
    paths = {
        "records": out / "records.jsonl",
        "documents": out / "documents.jsonl",
        "alignments": out / "alignments.jsonl",
        "telegrams": out / "telegrams.jsonl",
    }
    write_jsonl(paths["records"], (r.to_dict() for r in result.records()))
    write_jsonl(paths["documents"], (d.to_dict() for d in result.documents))
    write_jsonl(paths["alignments"], result.alignments)
    write_jsonl(paths["telegrams"], result.telegrams)
    return paths


def summary_table(result: RunResult) -> str:
    """A per-label, per-language count of records, for stdout."""
    counts = Counter((r.lang, r.label) for r in result.records())
    langs = sorted({lang for lang, _ in counts}) or ["kk"]
    labels = [l for l in LABELS if any((lang, l) in counts for lang in langs)]
    labels += sorted({l for _, l in counts} - set(labels))
    lines = [f"{'label':<8}" + "".join(f"{lang:>8}" for lang in langs)]
    for label in labels:
        lines.append(f"{label:<8}" + "".join(f"{counts.get((lang, label), 0):>8}" for lang in langs))
    lines.append(f"{'total':<8}" + "".join(
        f"{sum(v for (lg, _), v in counts.items() if lg == lang):>8}" for lang in langs))
    return "\n".join(lines)
