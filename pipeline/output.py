"""Writing a run to disk: `records.jsonl`, `documents.jsonl`, `alignments.jsonl`, `telegrams.jsonl`.

The writer never loses or clobbers work:

    from pipeline.output import OutputWriter

    writer = OutputWriter("output/")     # checks now that output/ can be written (OutputError if not);
                                         # creates nothing yet
    for doc in documents:                # as each document is finished
        writer.add(doc)                  # its records and document row are appended to
                                         # output/records.jsonl.partial and documents.jsonl.partial, flushed
    paths = writer.commit(alignments=result.alignments, telegrams=result.telegrams,
                          documents=result.documents)   # -> {"records": Path, "documents": ..., ...}

- `commit()` writes each final file into a temporary file in the output directory and renames it
  over the old one, so `records.jsonl` etc. are only ever replaced by a complete, successful run.
  `documents=` gives the final documents (corpus stages such as entity linking and confidence
  change records after `add`); without it the final files hold exactly what was `add`ed.
  Afterwards the `.partial` files are removed.
- A run that added no document (and gives none to `commit`) writes nothing: `commit()` raises
  `NoDocumentsError` and every earlier output stays as it was.
- Interrupted (exception, Ctrl-C, kill) before `commit()`: the earlier outputs are untouched and the
  `.partial` files hold every document that finished (one JSON object per line, complete lines).
  `abort()` (or leaving a `with OutputWriter(...) as w:` block by an exception) closes them and
  keeps them; `OutputWriter(out, resume=True)` appends to them instead of starting afresh and
  `finished_documents()` lists what they already hold, so a resumed run can skip those inputs.
  Without `resume` the first `add` starts the partial files afresh.
- What `add` writes is the document as `add` sees it: in `jazba run` that is after the document
  components and before the corpus stages (no `entity_id`s, extractor confidence), which is what an
  interrupted run keeps; `commit(documents=...)` writes the final state.
- Files get the normal permissions of new files (0666 minus the umask).

`write_run(result, out_dir)` is the one-call form for a finished `RunResult`.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import IO, Iterable

from .atomic import discard, fsync_file, new_temp_file, replace
from .errors import NoDocumentsError, OutputError
from .records import LABELS, Document

#: The files of a run, by name.
OUTPUT_FILES = {
    "records": "records.jsonl",
    "documents": "documents.jsonl",
    "alignments": "alignments.jsonl",
    "telegrams": "telegrams.jsonl",
}
#: Per-document files, appended to as documents finish (kept when a run is interrupted).
PARTIAL_SUFFIX = ".partial"
PER_DOCUMENT = ("records", "documents")


def check_output_dir(out_dir: str | os.PathLike) -> Path:
    """Raise `OutputError` unless `out_dir` is (or can be made) a writable directory. Leaves no trace."""
    out = Path(out_dir)
    if str(out) == "":
        raise OutputError("--out is empty: give an output directory")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory (--out needs a directory)")
    for name in list(OUTPUT_FILES.values()) + [n + PARTIAL_SUFFIX for n in ("records.jsonl", "documents.jsonl")]:
        if (out / name).is_dir():
            raise OutputError(f"{out / name}: is a directory; jazba needs to write a file there")
    existing = out
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise OutputError(f"{out}: cannot create it, {existing} is a file, not a directory")
    created: list[Path] = []
    try:
        d = out
        missing = []
        while not d.exists():
            missing.append(d)
            d = d.parent
        for d in reversed(missing):
            d.mkdir()
            created.append(d)
        probe = new_temp_file(out, "probe")
        discard(probe)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create or write this directory ({exc.strerror or exc})") from None
    finally:
        for d in reversed(created):
            try:
                d.rmdir()
            except OSError:  # pragma: no cover - someone else put something there meanwhile
                pass
    return out


class OutputWriter:
    """Writes one run's outputs into `out_dir`, document by document, replacing old files only at commit.

    See the module docstring for the protocol (`add` per document, then `commit`). Stable interface:
    `OutputWriter(out_dir, resume=False)`, `.add(doc)`, `.commit(alignments=(), telegrams=(),
    documents=None) -> dict[str, Path]`, `.abort()`, `.finished_documents() -> list[dict]`,
    `.n_documents`, `.paths`, `.partial_paths`; usable as a context manager.
    """

    def __init__(self, out_dir: str | os.PathLike, resume: bool = False):
        self.out = check_output_dir(out_dir)
        self.resume = resume
        self.paths = {key: self.out / name for key, name in OUTPUT_FILES.items()}
        self.partial_paths = {key: self.out / (OUTPUT_FILES[key] + PARTIAL_SUFFIX) for key in PER_DOCUMENT}
        self._handles: dict[str, IO[str]] = {}
        self._previous = self._read_partial_documents() if resume else []
        #: Documents in the partial files: those of a resumed run plus every `add`.
        self.n_documents = len(self._previous)
        self.committed = False

    # -- per document ---------------------------------------------------------------------------
    def add(self, doc: Document) -> None:
        """Append `doc` (its records and its documents.jsonl row) to the partial files and flush them."""
        if self.committed:
            raise RuntimeError("OutputWriter.add after commit")
        handles = self._open_partial()
        try:
            records = handles["records"]
            for rec in doc.records:
                records.write(json_line(rec.to_dict()))
            handles["documents"].write(json_line(doc.to_dict()))
            records.flush()
            handles["documents"].flush()
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write ({exc.strerror or exc})") from None
        self.n_documents += 1

    def finished_documents(self) -> list[dict]:
        """The documents.jsonl rows already in the partial files (of a resumed run and of `add`)."""
        for fh in self._handles.values():
            fh.flush()
        return self._read_partial_documents()

    # -- the end of a run --------------------------------------------------------------------------
    def commit(self, alignments: Iterable[dict] = (), telegrams: Iterable[dict] = (),
               documents: Iterable[Document] | None = None) -> dict[str, Path]:
        """Replace the output files with this run's, each atomically; return their paths by name.

        Raises `NoDocumentsError` (writing nothing, replacing nothing) when there is no document.
        """
        if self.committed:
            raise RuntimeError("OutputWriter.commit twice")
        documents = list(documents) if documents is not None else None
        self._close_partial()
        if (documents is not None and not documents) or (documents is None and self.n_documents == 0):
            self._remove_partial()
            raise NoDocumentsError(f"no document was read: nothing written to {self.out}, earlier outputs kept")
        temps: dict[str, Path] = {}
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            for key, path in self.paths.items():
                temps[key] = new_temp_file(self.out, path.name)
            if documents is not None:
                _write_lines(temps["records"], (r.to_dict() for d in documents for r in d.records))
                _write_lines(temps["documents"], (d.to_dict() for d in documents))
            else:
                for key in PER_DOCUMENT:
                    _copy_file(self.partial_paths[key], temps[key])
            _write_lines(temps["alignments"], alignments)
            _write_lines(temps["telegrams"], telegrams)
            for tmp in temps.values():
                fsync_file(tmp)
            for key, path in self.paths.items():
                replace(temps[key], path)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write ({exc.strerror or exc}); earlier outputs kept") from None
        finally:
            for tmp in temps.values():
                discard(tmp)
        self._remove_partial()
        self.committed = True
        return dict(self.paths)

    def abort(self) -> None:
        """Close the partial files and keep them (what finished stays); old outputs are untouched."""
        self._close_partial()

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            self.abort()

    # -- internals ---------------------------------------------------------------------------------
    def _open_partial(self) -> dict[str, IO[str]]:
        if not self._handles:
            try:
                self.out.mkdir(parents=True, exist_ok=True)
                mode = "a" if self.resume else "w"
                for key, path in self.partial_paths.items():
                    # open() creates with 0666 & ~umask, like any file the user makes
                    self._handles[key] = open(path, mode, encoding="utf-8")
            except OSError as exc:
                self._close_partial()
                raise OutputError(f"{self.out}: cannot write ({exc.strerror or exc})") from None
        return self._handles

    def _close_partial(self) -> None:
        for fh in self._handles.values():
            try:
                fh.close()
            except OSError:  # pragma: no cover
                pass
        self._handles = {}

    def _remove_partial(self) -> None:
        for path in self.partial_paths.values():
            discard(path)

    def _read_partial_documents(self) -> list[dict]:
        path = self.partial_paths["documents"]
        if not path.is_file():
            return []
        rows = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.endswith("\n"):  # a line cut by a kill is not a finished document
                    try:
                        rows.append(json.loads(line))
                    except ValueError:
                        continue
        return rows


#: Characters that some line readers (Python's str.splitlines, JavaScript) take for line breaks:
#: escaped inside JSON strings so one JSON object is always exactly one line.
_LINE_BREAKERS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029", "\x1c": "\\u001c",
                  "\x1d": "\\u001d", "\x1e": "\\u001e"}
_LINE_BREAKERS_RE = re.compile("[\u0085\u2028\u2029\x1c-\x1e]")


def json_line(row: dict) -> str:
    """`row` as one line of JSON (UTF-8 text, line-breaking characters escaped), with its newline."""
    text = json.dumps(row, ensure_ascii=False)
    if _LINE_BREAKERS_RE.search(text):
        text = _LINE_BREAKERS_RE.sub(lambda m: _LINE_BREAKERS[m.group()], text)
    return text + "\n"


def _write_lines(path: Path, rows: Iterable[dict]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json_line(row))
            n += 1
    return n


def _copy_file(src: Path, dst: Path) -> None:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while True:
            chunk = fin.read(1 << 20)
            if not chunk:
                break
            fout.write(chunk)


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Atomically write `rows` as JSON Lines to `path`; return how many rows were written."""
    from .atomic import atomic_path

    with atomic_path(Path(path)) as tmp:
        return _write_lines(tmp, rows)


def write_run(result, out_dir: str | os.PathLike) -> dict[str, Path]:
    """Write every output file of a finished `RunResult` into `out_dir`; return their paths by name.

    Raises `NoDocumentsError` (nothing written) when the result has no document.
    """
    writer = OutputWriter(out_dir)
    return writer.commit(result.alignments, result.telegrams, documents=result.documents)


def summary_table(result) -> str:
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
