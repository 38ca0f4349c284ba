"""Progress of `jazba run` on stderr: a bar on a terminal, one summary line otherwise, nothing with --quiet.

The bar (tqdm) counts megabytes of input, so its ETA holds for a few big files as for many small
ones, and shows documents and tokens per second ("tokens" are runs of non-space characters, counted
without building a list of them).
"""
from __future__ import annotations

import os
import re
import sys
import time
from typing import IO, Iterable

from .records import Document

_TOKEN = re.compile(r"\S+")


def count_tokens(text: str) -> int:
    """Runs of non-space characters in `text` (what progress calls tokens)."""
    return sum(1 for _ in _TOKEN.finditer(text))


def _input_bytes(paths: Iterable[str]) -> int:
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p) if p != "-" else 0
        except OSError:
            pass
    return total


class RunProgress:
    """`update(doc)` after each document, `close()` at the end (prints the summary line if no bar)."""

    def __init__(self, paths: list[str], enabled: bool = True, stream: IO[str] | None = None,
                 bar: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.n_inputs = len(paths)
        self.documents = 0
        self.bytes = 0
        self.tokens = 0
        self.started = time.perf_counter()
        self.bar = None
        if bar is None:
            bar = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        if enabled and bar:
            from tqdm import tqdm

            self.bar = tqdm(total=_input_bytes(paths) or None, unit="B", unit_scale=True, unit_divisor=1000,
                            desc="jazba run", file=self.stream, dynamic_ncols=True)

    def update(self, doc: Document) -> None:
        self.documents += 1
        size = len(doc.text.encode("utf-8"))
        self.bytes += size
        if not self.enabled:
            return
        self.tokens += count_tokens(doc.text)
        if self.bar is not None:
            self.bar.update(_file_size(doc) or size)
            self.bar.set_postfix_str(f"{self.documents}/{self.n_inputs} docs, {self.tokens_per_second():,.0f} tokens/s",
                                     refresh=False)

    def tokens_per_second(self) -> float:
        seconds = time.perf_counter() - self.started
        return self.tokens / seconds if seconds > 0 else 0.0

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        return (f"jazba run: {self.documents:,} document(s), {self.bytes / 1e6:.2f} MB, {self.tokens:,} tokens "
                f"in {seconds:.1f} s ({self.tokens_per_second():,.0f} tokens/s)")

    def close(self) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.close()
        else:
            print(self.summary(), file=self.stream)


def _file_size(doc: Document) -> int:
    try:
        return os.path.getsize(doc.path) if doc.path and not doc.path.startswith("<") else 0
    except OSError:
        return 0
