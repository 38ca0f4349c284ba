"""Reading inputs: files, directories (recursively, `*.txt` in any case) and stdin, in whatever encoding.

Decoding never guesses silently (`decode`):

1. A BOM decides (UTF-8, UTF-16, UTF-32). `--encoding NAME` (`decode(..., encoding=NAME)`) forces one.
2. Valid UTF-8 wins.
3. UTF-8 with a few invalid bytes (a damaged file, or one cut in the middle of a character by
   `head -c`) stays UTF-8: each invalid byte sequence becomes one U+FFFD (a single stray byte is
   one character for one byte) and a warning gives the file and the byte offsets. It is read as a
   legacy code page instead only when more than `UTF8_MAX_INVALID_SHARE` of its non-ASCII
   sequences are invalid AND the legacy reading looks like Kazakh/Russian words
   (`LEGACY_MIN_WORD_SHARE`).
4. Legacy code pages (Windows-1251, KZ-1048, KOI8-R) are told apart by letter statistics of
   the bytes >= 0x80 only (`legacy_scores`): how frequent each letter is in Kazakh and Russian, letters
   that are not in either alphabet (KZ-1048's `қ` is cp1251's `ќ`, KOI8-R's upper half is box
   drawing in the others) and the case pattern of words (KOI8-R read as cp1251 turns `Слово`
   into `сЛОВО`). A few letters suffice, so short files decode correctly.
5. Binary data (NUL bytes that are not UTF-16, control characters) is an error naming the file;
   a few stray NULs in text become U+FFFD with a warning.
6. `?` inside Cyrillic words (`Ж?зқазған`: Kazakh letters lost when the file was saved in a code
   page without them) is warned about; the text is kept as it is.

Every decision is a `Decoded` (text, encoding, how it was decided, warnings); `documents.jsonl`
records it as `decoding`. A file that cannot be read raises `IngestError` naming the file.
"""
from __future__ import annotations

import codecs
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

#: Single-byte Cyrillic encodings told apart by letter statistics.
CYRILLIC_CANDIDATES = ("cp1251", "kz1048", "koi8_r")
#: UTF-8 with at most this share of invalid sequences (among all non-ASCII sequences) stays UTF-8.
UTF8_MAX_INVALID_SHARE = 0.05
#: A legacy reading is plausible when this share of its non-ASCII characters sit in Cyrillic words
#: not glued to Latin letters, one of them at least two letters long (a stray 0xFF in ASCII text
#: would be a lone `я`: not plausible).
LEGACY_MIN_WORD_SHARE = 0.8
#: At most this share of NUL bytes is "text with stray NULs" rather than binary data.
MAX_NUL_SHARE = 0.01
#: Legacy code pages are chosen on the first this many bytes (statistics settle long before).
LEGACY_SAMPLE_BYTES = 1 << 16
#: How many byte offsets a warning lists before "..." .
MAX_OFFSETS_SHOWN = 10
#: Input file extensions taken from directories (compared case-insensitively).
TEXT_SUFFIXES = (".txt",)

KK_LETTERS = "әғқңөұүһі"
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
CYRILLIC_WORD_LETTERS = RU_LETTERS + KK_LETTERS

#: Approximate letter frequencies (per mille) of Kazakh and Russian prose taken together: a
#: letter's log-probability scores a legacy reading. Rough numbers are enough: the wrong code
#: pages give letters like `ю`, `ъ`, `щ`, `ё`, `э`, `ф`, `ц` or box drawing in place of common ones.
LETTER_PER_MILLE = {
    "а": 100, "е": 80, "о": 70, "и": 55, "н": 70, "т": 60, "р": 50, "с": 45, "л": 50, "в": 30,
    "к": 32, "м": 30, "д": 35, "п": 20, "у": 25, "ы": 35, "я": 10, "ь": 8, "г": 12, "з": 18,
    "б": 20, "ч": 8, "й": 12, "х": 6, "ж": 15, "ш": 10, "ю": 3, "ц": 3, "щ": 1.5, "э": 1.5,
    "ф": 2, "ъ": 0.3, "ё": 0.3, "і": 30, "қ": 20, "ғ": 10, "ң": 8, "ә": 10, "ұ": 8, "ү": 10,
    "ө": 6, "һ": 0.5,
}
#: Log-probability of a non-ASCII character that is not a Kazakh/Russian letter (box drawing,
#: `ќ`, `Ї`...). Typography (`«»—№…`) is scored separately as ordinary.
FOREIGN_LOGP = math.log(1e-5)
TYPOGRAPHY = set("«»—–№…„“”‘’•·°±§©®\u00a0\u00ad€‰")
TYPOGRAPHY_LOGP = math.log(5e-3)
#: Penalty per word whose case pattern is impossible in normal text (`сЛОВО`, `СлОВО`).
CASE_PENALTY = math.log(1e-4)

_CYR = f"[{CYRILLIC_WORD_LETTERS}{CYRILLIC_WORD_LETTERS.upper()}]"
_CYR_WORD = re.compile(f"{_CYR}+")
_LOST_LETTER = re.compile(f"(?:{_CYR}\\?+(?={_CYR}))|(?:(?<![\\w?])\\?+(?=[{CYRILLIC_WORD_LETTERS}]{{2,}}))")


class IngestError(InputError):
    """An input that cannot be read as text. The message names the file and the problem."""


@dataclass
class Decoded:
    """How one input's bytes became text."""

    text: str
    encoding: str
    #: How the encoding was decided: "bom", "utf-8", "utf-8 with invalid bytes", "statistics",
    #: "forced" (--encoding), "empty".
    method: str
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"encoding": self.encoding, "method": self.method, "warnings": list(self.warnings)}


@dataclass
class Source:
    """One decoded input text."""

    doc_id: str
    path: str
    text: str
    encoding: str
    decoding: Decoded | None = None

    @property
    def warnings(self) -> list[str]:
        return self.decoding.warnings if self.decoding else []


# -- decoding --------------------------------------------------------------------------------------
def decode_bytes(data: bytes, path: str = "<bytes>", encoding: str | None = None) -> tuple[str, str]:
    """Decode `data`, returning `(text, encoding_name)`; raise `IngestError` when it is not text."""
    dec = decode(data, path, encoding)
    return dec.text, dec.encoding


def decode(data: bytes, path: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode `data` (see the module docstring); `encoding` forces a codec. Warnings name `path`."""
    if encoding:
        dec = _forced(data, path, encoding)
    elif not data:
        dec = Decoded("", "utf-8", "empty", [f"{path}: empty file"])
    else:
        dec = _detect(data, path)
    if dec.text and not dec.text.strip():
        dec.warnings.append(f"{path}: holds only whitespace")
    lost = _LOST_LETTER.findall(dec.text)
    if lost:
        m = _LOST_LETTER.search(dec.text)
        word = _word_around(dec.text, m.start())
        dec.warnings.append(
            f"{path}: {len(lost)} '?' inside Cyrillic words (e.g. {word!r} at character {m.start()}): letters "
            "were probably lost when the file was saved in a code page without Kazakh letters (e.g. cp1251)")
    return dec


def _detect(data: bytes, path: str) -> Decoded:
    for bom, name, codec in ((codecs.BOM_UTF32_LE, "utf-32", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
                             (codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
                             (codecs.BOM_UTF16_BE, "utf-16", "utf-16")):
        if data.startswith(bom):
            body = data[len(bom):] if codec == "utf-8" else data
            if codec == "utf-8":
                text, bad, _ = _utf8_lenient(body)
                warnings = [_invalid_warning(path, bad, "UTF-8", offset=len(bom))] if bad else []
                text = _replace_nuls(text, body, path, warnings, offset=len(bom))
                _reject_control_heavy(text, path)
                return Decoded(text, name, "bom", warnings)
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                text = data.decode(codec, errors="replace")
                return Decoded(text, name, "bom", [f"{path}: invalid {codec} at byte {exc.start}, replaced by U+FFFD"])
            return Decoded(text, name, "bom", [])
    if b"\x00" in data and data.count(0) > MAX_NUL_SHARE * len(data):
        guess = _utf16_without_bom(data)
        if guess:
            try:
                text = data.decode(guess)
            except UnicodeDecodeError:
                text = ""
            if text and _mostly_kk_ru_or_ascii(text):
                return Decoded(text, guess, "utf-16 without BOM (NUL pattern)", [])
        raise IngestError(path, "binary data (NUL bytes), not a text file")

    text, bad, n_valid = _utf8_lenient(data)
    if not bad:
        warnings: list[str] = []
        text = _replace_nuls(text, data, path, warnings)
        _reject_control_heavy(text, path)
        return Decoded(text, "utf-8", "utf-8", warnings)

    share_invalid = len(bad) / (len(bad) + n_valid)
    legacy_enc, plausible = _best_legacy(data[:LEGACY_SAMPLE_BYTES]) if share_invalid > UTF8_MAX_INVALID_SHARE else ("", False)
    if plausible:
        legacy_text = data.decode(legacy_enc, errors="replace")
        warnings = []
        if n_valid >= 3:
            warnings.append(f"{path}: read as {legacy_enc}, but {n_valid} byte sequences were valid UTF-8: "
                            "the file may mix encodings (use --encoding to force one)")
        legacy_text = _replace_nuls(legacy_text, data, path, warnings)
        _reject_control_heavy(legacy_text, path)
        return Decoded(legacy_text, legacy_enc, "statistics", warnings)
    warnings = [_invalid_warning(path, bad, "UTF-8")]
    if share_invalid > UTF8_MAX_INVALID_SHARE and len(bad) > 3:
        warnings.append(f"{path}: {len(bad)} of {len(bad) + n_valid} non-ASCII sequences are not UTF-8 and "
                        "no Cyrillic code page reads them as words: the text may be damaged "
                        "(use --encoding to force one)")
    text = _replace_nuls(text, data, path, warnings)
    _reject_control_heavy(text, path)
    return Decoded(text, "utf-8", "utf-8 with invalid bytes", warnings)


def _forced(data: bytes, path: str, encoding: str) -> Decoded:
    name = check_encoding(encoding)
    warnings: list[str] = []
    if name in ("utf-8", "utf-8-sig"):
        body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
        text, bad, _ = _utf8_lenient(body)
        if bad:
            warnings.append(_invalid_warning(path, bad, "UTF-8", offset=len(data) - len(body)))
        return Decoded(text, "utf-8-sig" if body is not data else "utf-8", "forced", warnings)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        text = data.decode(name, errors="replace")
        warnings.append(f"{path}: invalid {name} from byte {exc.start}, replaced by U+FFFD")
    return Decoded(text, name, "forced", warnings)


def check_encoding(encoding: str) -> str:
    """The canonical codec name for `--encoding`, or `UsageError` if Python does not know it."""
    from .errors import UsageError

    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"--encoding {encoding}: unknown encoding (e.g. utf-8, cp1251, kz1048, koi8_r)") from None
    try:
        b"abc".decode(info.name)
    except Exception:  # a codec that does not decode bytes to text (rot13, base64...)
        raise UsageError(f"--encoding {encoding}: not a text encoding") from None
    return info.name


_invalid_offsets: list[tuple[int, int]] = []


def _record_invalid(exc: UnicodeDecodeError):
    _invalid_offsets.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("jazba-record-invalid", _record_invalid)


def _utf8_lenient(data: bytes) -> tuple[str, list[tuple[int, int]], int]:
    """UTF-8 with each invalid sequence as one U+FFFD: `(text, [(byte_start, byte_end)], n_valid_non_ascii)`."""
    try:
        text = data.decode("utf-8")
        return text, [], 0
    except UnicodeDecodeError:
        pass
    del _invalid_offsets[:]
    text = data.decode("utf-8", errors="jazba-record-invalid")
    bad = list(_invalid_offsets)
    del _invalid_offsets[:]
    n_non_ascii = sum(1 for ch in text if ch >= "\x80")
    return text, bad, n_non_ascii - len(bad)


def _invalid_warning(path: str, bad: list[tuple[int, int]], what: str, offset: int = 0) -> str:
    shown = ", ".join(str(s + offset) for s, _ in bad[:MAX_OFFSETS_SHOWN])
    more = ", ..." if len(bad) > MAX_OFFSETS_SHOWN else ""
    return (f"{path}: {len(bad)} invalid {what} byte sequence(s) at byte offset(s) {shown}{more}, "
            "each replaced by U+FFFD")


def _replace_nuls(text: str, data: bytes, path: str, warnings: list[str], offset: int = 0) -> str:
    """A few stray NULs in text become U+FFFD (one for one), with a warning."""
    if "\x00" not in text:
        return text
    positions = [i + offset for i, b in enumerate(data) if b == 0]
    shown = ", ".join(str(p) for p in positions[:MAX_OFFSETS_SHOWN]) + (", ..." if len(positions) > MAX_OFFSETS_SHOWN else "")
    warnings.append(f"{path}: {len(positions)} NUL byte(s) at byte offset(s) {shown}, each replaced by U+FFFD")
    return text.replace("\x00", "\ufffd")


def legacy_scores(data: bytes) -> dict[str, float]:
    """Log-likelihood per candidate code page of the bytes >= 0x80 (higher is more Kazakh/Russian-like)."""
    scores = {}
    for enc in CYRILLIC_CANDIDATES:
        text = data.decode(enc, errors="replace")
        scores[enc] = _score_text(text)
    return scores


def _score_text(text: str) -> float:
    score = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        low = ch.lower()
        if low in _LOGP:
            score += _LOGP[low]
        elif ch in TYPOGRAPHY:
            score += TYPOGRAPHY_LOGP
        else:
            score += FOREIGN_LOGP
    for m in _CYR_WORD.finditer(text):
        word = m.group()
        if len(word) > 1 and not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
            score += CASE_PENALTY
    return score


_total = sum(LETTER_PER_MILLE.values())
_LOGP = {ch: math.log(n / _total) for ch, n in LETTER_PER_MILLE.items()}


def _best_legacy(data: bytes) -> tuple[str, bool]:
    """The best-scoring legacy code page for `data`, and whether it reads as Cyrillic words."""
    scores = legacy_scores(data)
    # ties (Russian without any KZ-1048-only byte) go to the first candidate, cp1251
    enc = max(CYRILLIC_CANDIDATES, key=lambda e: (scores[e], -CYRILLIC_CANDIDATES.index(e)))
    text = data.decode(enc, errors="replace")
    high = sum(1 for ch in text if ch >= "\x80")
    words = [m for m in _CYR_WORD.finditer(text) if _word_is_clean(text, m)]
    in_words = sum(len(m.group()) for m in words)
    plausible = (high > 0 and any(len(m.group()) >= 2 for m in words) and in_words >= LEGACY_MIN_WORD_SHARE * high
                 and _score_text(text) / high > math.log(1e-3))
    return enc, plausible


def _word_is_clean(text: str, m: re.Match) -> bool:
    """A Cyrillic run glued to Latin letters (`cafй`) is not a word."""
    before = text[m.start() - 1] if m.start() > 0 else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not (before.isalpha() or after.isalpha())


def _word_around(text: str, i: int) -> str:
    start = i
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "?"):
        start -= 1
    end = i
    while end < len(text) and (text[end].isalpha() or text[end] == "?"):
        end += 1
    return text[start:end][:40]


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
    return plain >= 0.9 * max(1, len(sample)) and not _control_heavy(sample)


def _control_heavy(sample: str) -> bool:
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return control / len(sample) > 0.05


def _reject_control_heavy(text: str, path: str) -> None:
    if _control_heavy(text[:20000]):
        raise IngestError(path, "binary data (control characters), not a text file")


# -- inputs ------------------------------------------------------------------------------------------
def doc_id_for(path: Path) -> str:
    """The document id is the file name without its extension."""
    return path.stem


def is_text_file(path: Path) -> bool:
    """Files taken from directories: `*.txt` in any case (`A.TXT` too), not hidden ones."""
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith(".")


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Yield file paths for `inputs`: files as given, directories recursively (`*.txt`), `-` for stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        p = Path(item)
        if p.is_dir():
            yield from (str(f) for f in sorted(p.rglob("*"), key=str) if is_text_file(f) and f.is_file())
        else:
            yield item


def check_inputs(inputs: Iterable[str]) -> tuple[list[str], list[IngestError]]:
    """Expand `inputs` and check each before any work: `(readable file paths, problems)`.

    A missing path, something that is not a regular file, a directory without `*.txt` files and
    an unreadable file are problems (each an `IngestError` naming the path). `-` (stdin) is kept.
    """
    import os

    files: list[str] = []
    problems: list[IngestError] = []
    for item in inputs:
        if item == "-":
            files.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            found = list(expand_inputs([item]))
            if not found:
                problems.append(IngestError(item, "directory holds no *.txt file"))
            for f in found:
                if os.access(f, os.R_OK):
                    files.append(f)
                else:
                    problems.append(IngestError(f, "cannot read: permission denied"))
        elif not p.exists():
            problems.append(IngestError(item, "no such file or directory"))
        elif not p.is_file():
            problems.append(IngestError(item, "not a regular file"))
        elif not os.access(p, os.R_OK):
            problems.append(IngestError(item, "cannot read: permission denied"))
        else:
            files.append(item)
    return files, problems


def read_source(path: str, stdin_id: str = "stdin", encoding: str | None = None) -> Source:
    """Read and decode one input (`-` is stdin); `encoding` forces a codec."""
    if path == "-":
        data = sys.stdin.buffer.read()
        dec = decode(data, "<stdin>", encoding)
        return Source(doc_id=stdin_id, path="<stdin>", text=dec.text, encoding=dec.encoding, decoding=dec)
    p = Path(path)
    if not p.exists():
        raise IngestError(path, "no such file")
    if not p.is_file():
        raise IngestError(path, "not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    dec = decode(data, path, encoding)
    return Source(doc_id=doc_id_for(p), path=str(p), text=dec.text, encoding=dec.encoding, decoding=dec)


def read_text(text: str, doc_id: str = "text") -> Source:
    """Wrap an in-memory string as a source (library use)."""
    return Source(doc_id=doc_id, path="<memory>", text=text, encoding="utf-8")
