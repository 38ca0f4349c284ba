"""Document furniture (`Сов. секретно`, `Шифром`, `Экз. № 2`, `Копия` at a line start): never an entity.

The list is data, `pipeline/ru/data/furniture.txt`, shared with the confidence side; `furniture_spans`
finds its phrases in a text and `in_furniture` tells whether a span lies inside one.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

FURNITURE_FILE = Path(__file__).parent / "data" / "furniture.txt"


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern:
    """One regex over every phrase of the list (longest first); `^` phrases only at a line start."""
    anywhere, line_start = [], []
    for raw in FURNITURE_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        target = line_start if line.startswith("^") else anywhere
        phrase = line.lstrip("^").strip()
        body = r"\s*".join(r"\d+" if part == "N" else re.escape(part) for part in phrase.split())
        target.append(body)
    key = lambda s: -len(s)  # noqa: E731
    alts = []
    if line_start:
        alts.append(rf"(?:(?<=\n)|^)[ \t]*(?:{'|'.join(sorted(line_start, key=key))})")
    if anywhere:
        alts.append(rf"(?:{'|'.join(sorted(anywhere, key=key))})")
    return re.compile(rf"(?<![А-ЯЁа-яёA-Za-z])(?:{'|'.join(alts)})(?![А-ЯЁа-яёA-Za-z])", re.IGNORECASE)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each furniture phrase in `text`."""
    return [(m.start(), m.end()) for m in furniture_pattern().finditer(text.replace("ё", "е").replace("Ё", "Е"))]


def in_furniture(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap a furniture phrase?"""
    return any(start < e and s < end for s, e in spans)
