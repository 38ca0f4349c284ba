"""Word tokens of the clean view for the name rules, with PDF glue undone.

PDF extraction glues words (`жылданҮлкен`, `алды.Ол`) and hyphenates compounds of two names
(`Қарағанды-Жезқазған`). The rules need real words, so a token is split where a lower-case run
meets a capitalised word, and at a hyphen followed by a capital. Offsets index the clean view text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_RAW = re.compile(r"\d+(?:[.,/]\d+)*(?:\s?-\s?[^\W\d_]+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\S", re.UNICODE)
_GLUE = re.compile(r"(?<=[^\W\d_]{3})(?<=[a-zа-яёәғқңөұүһі])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі])")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        """An acronym such as КСРО, ІІМ, ЕТЛ (letters before any hyphenated ending all capitals)."""
        head = self.text.split("-")[0]
        return len(head) >= 2 and head.isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str) -> list[Token]:
    """Split `text` into word, number and punctuation tokens, undoing glued words."""
    out: list[Token] = []
    for m in _RAW.finditer(text):
        piece, base = m.group(0), m.start()
        parts = _split_glue(piece)
        for s, e in parts:
            out.append(Token(piece[s:e], base + s, base + e))
    return out


def _split_glue(piece: str) -> list[tuple[int, int]]:
    if not piece[:1].isalpha():
        return [(0, len(piece))]
    cuts = [m.start() for m in _GLUE.finditer(piece)]
    spans = []
    prev = 0
    for c in cuts:
        spans.append((prev, c))
        prev = c
    spans.append((prev, len(piece)))
    out = []
    for s, e in spans:
        # `Қарағанды-Жезқазған`: two names joined by a hyphen
        sub = piece[s:e]
        pos = s
        for m in re.finditer(r"-(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])", sub):
            if m.start() > 0 and not sub[: m.start()].isupper():
                out.append((pos, s + m.start()))
                out.append((s + m.start(), s + m.end()))
                pos = s + m.end()
        out.append((pos, e))
    return [(a, b) for a, b in out if b > a]


def lemmas(word: str) -> set[str]:
    """Lower-cased Kazakh stems of a word, the word itself included (`кентінің` -> {кентінің, кенті, кент ...})."""
    return _lemmas(word.lower())


from functools import lru_cache  # noqa: E402


def lemmas_among(word: str, wanted: frozenset[str]) -> frozenset[str]:
    """`lemmas(word) & wanted`, without stemming a word that no wanted lemma is a prefix of.

    Stems are prefixes of the lower-cased word, so the prefix test is exact; it keeps the
    per-token checks (`is this a generic place noun?`) from stemming every word of a text.
    """
    low = word.lower()
    if low[:2] not in _prefixes(wanted) or not any(low.startswith(w) for w in wanted):
        return frozenset()
    return _lemmas(low) & wanted


@lru_cache(maxsize=64)
def _prefixes(wanted: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:2] for w in wanted)


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    from .endings import stems

    return frozenset(stems(word))
