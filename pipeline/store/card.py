"""Dataset cards: what an export holds, where it came from and under which terms, beside the data.

`FILE.card.json` is for programs, `FILE.card.md` for people; both are written atomically.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from .db import Store

#: The annotations are jazba's output plus reviewers' corrections; the texts keep their own terms.
TEXT_LICENCE_NOTE = (
    "Source texts keep the terms of their archive or publisher; jazba does not relicense them. "
    "Check each source listed below before redistributing the texts."
)

#: The Markdown card lists this many source paths; the JSON card lists all.
MAX_PATHS_LISTED = 50


def card_data(store: Store, summary: Any, out: Path, split: tuple[float, ...] | None, seed: int,
              licence: str | None) -> dict[str, Any]:
    from .. import __version__

    runs = store.runs()
    used_runs = sorted({r for (r,) in store._db().execute("SELECT DISTINCT run_id FROM spans WHERE run_id IS NOT NULL")})
    model_versions = sorted({r["model_version"] for r in runs if r["run_id"] in used_runs and r["model_version"]})
    annotators = dict(store._db().execute(
        "SELECT coalesce(annotator, 'unknown'), count(*) FROM spans WHERE status = 'reviewed' "
        "GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall())
    labels_total: dict[str, int] = {}
    for counts in summary.labels.values():
        for label, n in counts.items():
            labels_total[label] = labels_total.get(label, 0) + n
    return {
        "dataset": out.name,
        "format": summary.fmt,
        "status": summary.status,
        "tagset": summary.tagset,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "store": str(store.path),
        "store_schema_version": store.schema_version(),
        "jazba_version": __version__,
        "model_versions": model_versions,
        "runs": [
            {k: r[k] for k in ("run_id", "jazba_version", "model_version", "finished_at")}
            for r in runs if r["run_id"] in used_runs
        ],
        "files": {name: str(path) for name, path in summary.files.items()},
        "split": {"ratios": list(split) if split else None, "seed": seed if split else None, "unit": "document"},
        "documents": dict(summary.documents),
        "examples": dict(summary.examples),
        "labels": {name: dict(sorted(c.items())) for name, c in summary.labels.items()},
        "labels_total": dict(sorted(labels_total.items())),
        "sources": dict(summary.sources.most_common()),
        "annotators": annotators if summary.status != "machine" else {},
        "documents_by_path": dict(sorted(summary.paths.items())),
        "spans_adjusted_to_tokens": summary.adjusted,
        "spans_overlapping_left_out_of_ents": summary.overlapping,
        "spans_without_class_in_tagset": dict(summary.unmapped),
        "licences": {
            "annotations": licence or "unspecified (pass --licence)",
            "texts": TEXT_LICENCE_NOTE,
            "tokenizer": "jazba Kazakh tokenizer (pipeline.lang.kk), MIT",
        },
    }


def card_markdown(data: dict[str, Any]) -> str:
    splits = list(data["documents"]) or ["all"]
    labels = sorted(data["labels_total"])
    lines = [
        f"# Dataset card: {data['dataset']}",
        "",
        f"Exported by jazba {data['jazba_version']} on {data['created_at']} from `{data['store']}` "
        f"(schema v{data['store_schema_version']}).",
        "",
        f"- format: `{data['format']}`; spans: `{data['status']}`; labels: `{data['tagset']}` tag set",
        f"- model versions behind machine spans: {', '.join(data['model_versions']) or 'none recorded'}",
        f"- split: {_split_text(data['split'])}",
        "- files: " + ", ".join(f"{k}: `{v}`" for k, v in data["files"].items()),
        "",
        "## Counts",
        "",
        "| label | " + " | ".join(splits) + " | total |",
        "|---|" + "---:|" * (len(splits) + 1),
    ]
    for label in labels:
        row = [str(data["labels"].get(s, {}).get(label, 0)) for s in splits]
        lines.append(f"| {label} | " + " | ".join(row) + f" | {data['labels_total'][label]} |")
    lines += [
        "| *documents* | " + " | ".join(str(data["documents"].get(s, 0)) for s in splits)
        + f" | {sum(data['documents'].values())} |",
        "| *examples* | " + " | ".join(str(data["examples"].get(s, 0)) for s in splits)
        + f" | {sum(data['examples'].values())} |",
        "",
        f"Spans widened to token boundaries: {data['spans_adjusted_to_tokens']}; "
        f"overlapping spans kept only in `doc.spans['sc']`: {data['spans_overlapping_left_out_of_ents']}; "
        f"spans with no class in the tag set (left out): {data['spans_without_class_in_tagset'] or 0}.",
        "",
        "## Provenance",
        "",
        "Span sources: " + (", ".join(f"`{k}` {v}" for k, v in data["sources"].items()) or "none"),
        "",
        "Annotators: " + (", ".join(f"{k} {v}" for k, v in data["annotators"].items()) or "none"),
        "",
        "Documents by source path:",
        "",
    ]
    paths = list(data["documents_by_path"].items())
    lines += [f"- `{p}` ({n})" for p, n in paths[:MAX_PATHS_LISTED]] or ["- none"]
    if len(paths) > MAX_PATHS_LISTED:
        lines.append(f"- ... and {len(paths) - MAX_PATHS_LISTED} more (all of them in the .card.json)")
    lines += [
        "",
        "## Licences",
        "",
        f"- annotations: {data['licences']['annotations']}",
        f"- texts: {data['licences']['texts']}",
        f"- tokenizer: {data['licences']['tokenizer']}",
        "",
    ]
    return "\n".join(lines)


def _split_text(split: dict[str, Any]) -> str:
    if not split["ratios"]:
        return "none (one file)"
    ratios = "/".join(f"{r:.2f}" for r in split["ratios"])
    return f"{ratios} by document, seed {split['seed']}"


def card_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(out.name + ".card.json"), out.with_name(out.name + ".card.md")


def write_card(store: Store, summary: Any, out: Path, split, seed: int, licence: str | None) -> list[Path]:
    from ..atomic import atomic_write_text

    data = card_data(store, summary, out, split, seed, licence)
    json_path, md_path = card_paths(out)
    atomic_write_text(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(md_path, card_markdown(data))
    return [json_path, md_path]
