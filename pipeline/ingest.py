"""Reading inputs: files, directories (recursively, `*.txt`) and stdin, in whatever encoding.

Archival text arrives as UTF-8 (with or without BOM), UTF-16, Windows-1251, KZ-1048 (Kazakh
Windows) or KOI8-R. A file that is binary or cannot be decoded raises `IngestError` naming the
file; the runner reports it and goes on with the other files.
"""
from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

#: Single-byte Cyrillic encodings we try when the bytes are not UTF-8/UTF-16.
CYRILLIC_CANDIDATES = ("cp1251", "kz1048", "koi8_r")

_KK_RU_LETTERS = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_LOWER = re.compile(r"[а-яёәғқңөұүһі]")


class IngestError(Exception):
    """An input that cannot be read as text. The message names the file and the problem."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class Source:
    """One decoded input text."""

    doc_id: str
    path: str
    text: str
    encoding: str


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode `data`, returning `(text, encoding_name)`; raise `IngestError` when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", path), "utf-16"
    if len(data) >= 4 and b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess:
            text = _strict(data, guess, path)
            if not _mostly_kk_ru_or_ascii(text):
                raise IngestError(path, "binary data (NUL bytes), not a text file")
            return text, guess
        raise IngestError(path, "binary data (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _reject_control_heavy(text, path)
        return text, "utf-8"
    text, enc = _best_single_byte(data, path)
    _reject_control_heavy(text, path)
    return text, enc


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(path, f"declared/detected {encoding} but byte {exc.start} is invalid") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM has NUL in every other byte for Latin, or a Cyrillic 0x04 high byte."""
    even, odd = data[0::2], data[1::2]
    def share(part: bytes) -> float:
        return sum(1 for b in part if b in (0, 4)) / max(1, len(part))
    if len(data) % 2 == 0:
        if share(odd) > 0.6 and share(even) < 0.2:
            return "utf-16-le"
        if share(even) > 0.6 and share(odd) < 0.2:
            return "utf-16-be"
    return None


def _mostly_kk_ru_or_ascii(text: str) -> bool:
    """UTF-16 guessed without a BOM must read as ASCII/Cyrillic text, not `ÿþÿþ` from binary bytes."""
    sample = text[:20000]
    plain = sum(1 for ch in sample if ch < "\x7f" or "\u0400" <= ch <= "\u04ff" or "\u2000" <= ch <= "\u206f")
    return plain >= 0.9 * max(1, len(sample))


def _best_single_byte(data: bytes, path: str) -> tuple[str, str]:
    """Pick the Cyrillic code page under which the text looks most like real words.

    charset-normalizer ranks the candidates; we keep its answer when it is one of ours and
    otherwise score each candidate by how many letters are Cyrillic and how many are lower-case
    (KOI8-R read as cp1251 gives mostly capitals, and vice versa).
    """
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=list(CYRILLIC_CANDIDATES)).best()
    except Exception:  # pragma: no cover - detector failure falls back to our own scoring
        best = None
    scored = []
    for enc in CYRILLIC_CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = len(_KK_RU_LETTERS.findall(text))
        lower = len(_LOWER.findall(text))
        scored.append((letters + 2 * lower, enc, text))
    if not scored:
        raise IngestError(path, "not valid UTF-8, UTF-16, cp1251, KZ-1048 or KOI8-R text")
    scored.sort(key=lambda t: -t[0])
    top_score = scored[0][0]
    if best is not None:
        name = best.encoding.replace("-", "_")
        for score, enc, text in scored:
            if enc == name and score >= 0.9 * top_score:
                return text, enc
    return scored[0][2], scored[0][1]


def _reject_control_heavy(text: str, path: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if control / len(sample) > 0.05:
        raise IngestError(path, "binary data (control characters), not a text file")


def doc_id_for(path: Path) -> str:
    """The document id is the file name without its extension."""
    return path.stem


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Yield file paths for `inputs`: files as given, directories recursively (`*.txt`), `-` for stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        p = Path(item)
        if p.is_dir():
            yield from (str(f) for f in sorted(p.rglob("*.txt")) if f.is_file())
        else:
            yield item


def read_source(path: str, stdin_id: str = "stdin") -> Source:
    """Read and decode one input (`-` is stdin)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        text, enc = decode_bytes(data, "<stdin>")
        return Source(doc_id=stdin_id, path="<stdin>", text=text, encoding=enc)
    p = Path(path)
    if not p.exists():
        raise IngestError(path, "no such file")
    if not p.is_file():
        raise IngestError(path, "not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    text, enc = decode_bytes(data, path)
    return Source(doc_id=doc_id_for(p), path=str(p), text=text, encoding=enc)


def read_text(text: str, doc_id: str = "text") -> Source:
    """Wrap an in-memory string as a source (library use)."""
    return Source(doc_id=doc_id, path="<memory>", text=text, encoding="utf-8")
