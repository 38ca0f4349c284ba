"""A cleaned, re-flowed view of PDF-extracted text that still knows where every character came from.

PDF extraction leaves hard line breaks, line-break hyphenation (`дәрі-\\nдәрмектер`) and soft
hyphens in the text. Tokenisers and models work better on the re-flowed text, but every record
must point into the *original* decoded text. `CleanView` holds both and maps spans back.
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

# One alternation, tried left to right at each position:
#  1. a hyphen at the end of a line, between two letters: keep the hyphen, drop the line break
#     (`дәрі-\nдәрмектер` -> `дәрі-дәрмектер`, `Қарағанды-\nЖезқазған` -> `Қарағанды-Жезқазған`);
#  2. a soft hyphen, with any line break after it: drop both (`бөлім\u00ad\nшесі` -> `бөлімшесі`);
#  3. invisible characters that only confuse tokenisers: drop;
#  4. any other whitespace run of 2+ characters, or one non-space whitespace character: one space.
_FLOW = re.compile(
    r"(?P<hyph>(?<=\w)-[ \t]*\r?\n[ \t]*(?=\w))"
    r"|(?P<soft>\u00ad(?:[ \t]*\r?\n[ \t]*)?)"
    r"|(?P<invisible>[\u200b\u200c\u200d\u2060\ufeff])"
    r"|(?P<space>\s{2,}|[^\S ])"
)


#: Latin letters typed inside Cyrillic Kazakh words (`сәуiрдегі` with a Latin i, `Ақмолa`, `ə` for `ә`):
#: the clean view reads them as the Kazakh letters they stand for. One character for one, so the
#: offset map is untouched.
_HOMOGLYPHS = {"i": "і", "I": "І", "ə": "ә", "Ə": "Ә", "a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х"}
_CYR = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
_HOMOGLYPH = re.compile(rf"(?<=[{_CYR}])[iIəƏaeocpx]|[iIəƏ](?=[{_CYR}])")


@dataclass(frozen=True)
class CleanView:
    """`text` is the re-flowed text; `origin[i]` is the index in `original` of `text[i]`."""

    original: str
    text: str
    origin: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean `[start, end)` span to the original text.

        The span grows to cover whatever was removed inside it (line breaks, soft hyphens), so
        `original[s:e]` is exactly the stretch of the source that the clean span was read from.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside clean text of length {len(self.text)}")
        if start == end:
            pos = self.origin[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the smallest clean span that covers it (for lookups)."""
        cs = bisect.bisect_left(self.origin, start)
        ce = bisect.bisect_left(self.origin, end)
        return cs, max(cs, ce)


def make_view(original: str) -> CleanView:
    """Re-flow `original` for tokenisation, keeping a character-level map back to it."""
    out: list[str] = []
    origin = array("l")
    pos = 0
    for m in _FLOW.finditer(original):
        a, b = m.span()
        if a > pos:
            out.append(original[pos:a])
            origin.extend(range(pos, a))
        kind = m.lastgroup
        if kind == "hyph":
            out.append("-")
            origin.append(a)
        elif kind == "space":
            out.append(" ")
            origin.append(a)
        # soft hyphens and invisible characters leave nothing behind
        pos = b
    if pos < len(original):
        out.append(original[pos:])
        origin.extend(range(pos, len(original)))
    text = "".join(out)
    if _HOMOGLYPH.search(text):
        text = _HOMOGLYPH.sub(lambda m: _HOMOGLYPHS[m.group()], text)
    return CleanView(original=original, text=text, origin=origin)
