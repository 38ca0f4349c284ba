"""`jazba bench --scale`: does the cost of `jazba run` grow linearly with the input?

For each size (MB of UTF-8) one Kazakh document is built from the KazNERD validation sentences
(`pipeline.bench.kaznerd_sentences`, CC BY 4.0; our fixture when `../shared` is absent), eight
sentences to a paragraph, and `jazba run FILE --no-store --quiet` runs on it in a fresh process;
then the 1 MB text is cut into `small_files` files (whole paragraphs or sentences) and run as a
directory. Each run's wall and CPU seconds and peak RSS (from `os.wait4`, so per process) are
reported with the ratio to the 1 MB document. A process includes loading the model (a few
seconds), as a user's run does.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .bench import FIXTURE, KAZNERD, _MARKUP, kaznerd_sentences

DEFAULT_SIZES = (0.1, 1.0, 5.0, 20.0)
SENTENCES_PER_PARAGRAPH = 8


@dataclass
class ScaleRow:
    name: str
    mb: float
    files: int
    chars: int
    records: int
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    time_ratio: float | None = None  # wall seconds / the 1 MB document's
    size_ratio: float | None = None  # MB / 1 MB


def _sentences() -> tuple[list[str], str]:
    if KAZNERD.is_file():
        return kaznerd_sentences(), f"KazNERD validation split ({KAZNERD}, CC BY 4.0)"
    plain = _MARKUP.sub(r"\1", FIXTURE.read_text(encoding="utf-8")).replace("\\n", "\n")
    return [s for s in plain.splitlines() if s.strip()], f"our fixture {FIXTURE.name} repeated"


def paragraphs(sentences: list[str], n_bytes: int) -> list[str]:
    """Paragraphs of `SENTENCES_PER_PARAGRAPH` sentences, cycling through `sentences`, >= n_bytes."""
    out, size, i = [], 0, 0
    while size < n_bytes:
        par = " ".join(sentences[(i + k) % len(sentences)] for k in range(SENTENCES_PER_PARAGRAPH))
        out.append(par)
        size += len(par.encode("utf-8")) + 2
        i += SENTENCES_PER_PARAGRAPH
    return out


def split_into_files(pars: list[str], n_files: int, sentences: list[str]) -> list[str]:
    """The sentences of `pars` (built by `paragraphs` from `sentences`) as `n_files` texts of about
    equal length, whole sentences each, in the same order."""
    seq = [sentences[i % len(sentences)] for i in range(len(pars) * SENTENCES_PER_PARAGRAPH)]
    n_files = max(1, min(n_files, len(seq)))
    return [" ".join(seq[k * len(seq) // n_files:(k + 1) * len(seq) // n_files]) for k in range(n_files)]


def _run(inputs: list[str], out: Path, extra: list[str]) -> tuple[float, float, float, int]:
    """Run `jazba run` in a fresh process; (wall s, CPU s, peak RSS MB, exit code)."""
    cmd = [sys.executable, "-m", "pipeline", "run", *inputs, "--out", str(out), "--no-store", "--quiet", *extra]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def run_scale_bench(sizes: tuple[float, ...] = DEFAULT_SIZES, small_files: int = 2000,
                    extra_args: list[str] | None = None, workdir: str | None = None,
                    progress=None) -> tuple[list[ScaleRow], str]:
    """Run the scale bench; returns its rows and the corpus source. `extra_args` go to every
    `jazba run` (e.g. `["--workers", "2"]`); `progress(row)` is called after each run."""
    extra = list(extra_args or [])
    sentences, source = _sentences()
    rows: list[ScaleRow] = []
    with tempfile.TemporaryDirectory(prefix="jazba-scale-", dir=workdir) as tmp:
        tmp_path = Path(tmp)
        base_pars: list[str] | None = None
        for mb in sizes:
            pars = paragraphs(sentences, int(mb * 1_000_000))
            if mb == 1.0 or (base_pars is None and mb >= 1.0):
                base_pars = pars
            text = "\n\n".join(pars) + "\n"
            path = tmp_path / f"doc_{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            del pars
            out = tmp_path / f"out_{mb:g}mb"
            wall, cpu, rss, code = _run([str(path)], out, extra)
            rows.append(ScaleRow(f"{mb:g} MB, 1 document", mb, 1, len(text), _count_lines(out / "records.jsonl"),
                                 round(wall, 2), round(cpu, 2), round(rss, 1), code))
            del text
            path.unlink()
            if progress:
                progress(rows[-1])
        if small_files:
            pars = base_pars or paragraphs(sentences, 1_000_000)
            texts = split_into_files(pars, small_files, sentences)
            folder = tmp_path / "small"
            folder.mkdir()
            for k, t in enumerate(texts):
                (folder / f"part_{k:05d}.txt").write_text(t + "\n", encoding="utf-8")
            out = tmp_path / "out_small"
            wall, cpu, rss, code = _run([str(folder)], out, extra)
            mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
            rows.append(ScaleRow(f"{len(texts):,} small files", round(mb, 2), len(texts), sum(map(len, texts)),
                                 _count_lines(out / "records.jsonl"), round(wall, 2), round(cpu, 2), round(rss, 1), code))
            if progress:
                progress(rows[-1])
    base = next((r for r in rows if r.files == 1 and r.mb == 1.0), None)
    for r in rows:
        if base and base.wall_seconds:
            r.time_ratio = round(r.wall_seconds / base.wall_seconds, 2)
            r.size_ratio = round(r.mb / base.mb, 2)
    return rows, source


def report(rows: list[ScaleRow], source: str) -> str:
    lines = [
        "jazba bench --scale: `jazba run --no-store` in a fresh process per row (model load included)",
        f"corpus: {source}, {SENTENCES_PER_PARAGRAPH} sentences per paragraph",
        f"{'input':<24}{'chars':>12}{'records':>9}{'wall s':>9}{'CPU s':>9}{'peak RSS MB':>13}{'time/1MB':>10}{'size/1MB':>10}",
    ]
    for r in rows:
        ratio = f"{r.time_ratio:>10.2f}{r.size_ratio:>10.2f}" if r.time_ratio is not None else f"{'-':>10}{'-':>10}"
        failed = "" if r.exit_code == 0 else f"  (exit code {r.exit_code})"
        lines.append(f"{r.name:<24}{r.chars:>12,}{r.records:>9,}{r.wall_seconds:>9.1f}{r.cpu_seconds:>9.1f}"
                     f"{r.peak_rss_mb:>13.0f}{ratio}{failed}")
    return "\n".join(lines)


def to_json(rows: list[ScaleRow], source: str) -> str:
    return json.dumps({"source": source, "rows": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2)


# -- worker processes -------------------------------------------------------------------------------
@dataclass
class WorkersRow:
    workers: int
    documents: int
    mb: float
    wall_seconds: float
    cpu_seconds: float  # this process and its workers
    startup_seconds: float  # the same command on one tiny file: imports, model loads, pool start
    records: int
    same_records: bool  # records.jsonl identical to the 1-worker run's

    @property
    def processing_seconds(self) -> float:
        return max(1e-9, self.wall_seconds - self.startup_seconds)

    @property
    def mb_per_second(self) -> float:
        return self.mb / self.processing_seconds


def run_workers_bench(workers: tuple[int, ...] = (1, 2), mb: float = 2.0, workdir: str | None = None,
                      progress=None) -> tuple[list[WorkersRow], str]:
    """`jazba run DIR --workers N` on the `jazba bench` corpus (documents of ~50 sentences) for each N.
    Throughput counts wall seconds after start-up (the same command on one tiny file, measured too)."""
    from .bench import bench_corpus

    texts, source = bench_corpus(int(mb * 1_000_000))
    rows: list[WorkersRow] = []
    with tempfile.TemporaryDirectory(prefix="jazba-workers-", dir=workdir) as tmp:
        tmp_path = Path(tmp)
        folder, tiny = tmp_path / "corpus", tmp_path / "tiny"
        folder.mkdir()
        tiny.mkdir()
        for k, t in enumerate(texts):
            (folder / f"doc_{k:05d}.txt").write_text(t + "\n", encoding="utf-8")
        (tiny / "tiny.txt").write_text(texts[0][:200] + "\n", encoding="utf-8")
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        first: bytes | None = None
        for n in workers:
            extra = ["--workers", str(n)]
            startup, _, _, _ = _run([str(tiny)], tmp_path / f"tiny_{n}", extra)
            wall, cpu, _, code = _run([str(folder)], tmp_path / f"out_{n}", extra)
            out = (tmp_path / f"out_{n}" / "records.jsonl").read_bytes() if code == 0 else b""
            first = out if first is None else first
            rows.append(WorkersRow(n, len(texts), round(size, 2), round(wall, 2), round(cpu, 2), round(startup, 2),
                                   out.count(b"\n"), out == first and code == 0))
            if progress:
                progress(rows[-1])
    return rows, source


def workers_report(rows: list[WorkersRow], source: str) -> str:
    base = rows[0] if rows else None
    lines = [
        "jazba bench --workers: `jazba run DIR --workers N --no-store` on the bench corpus (fresh process per row)",
        f"corpus: {source}",
        f"{'workers':>7}{'docs':>7}{'MB':>7}{'wall s':>9}{'start-up s':>12}{'CPU s':>9}{'MB/s':>8}{'speed-up':>10}  same records",
    ]
    for r in rows:
        speed = r.mb_per_second / base.mb_per_second if base else 1.0
        lines.append(f"{r.workers:>7}{r.documents:>7}{r.mb:>7.2f}{r.wall_seconds:>9.1f}{r.startup_seconds:>12.1f}"
                     f"{r.cpu_seconds:>9.1f}{r.mb_per_second:>8.3f}{speed:>9.2f}x  {'yes' if r.same_records else 'NO'}")
    lines.append("MB/s = MB / (wall s - start-up s); CPU s counts the main process and its workers")
    return "\n".join(lines)

