"""Word tokens of the clean view for the name rules, with PDF glue undone.

PDF extraction glues words (`жылданҮлкен`, `алды.Ол`) and hyphenates compounds of two names
(`Қарағанды-Жезқазған`). The rules need real words, so a token is split where a lower-case run
meets a capitalised word, and at a hyphen followed by a capital. Offsets index the clean view text.
"""
from __future__ import annotations

import re
from functools import lru_cache

_RAW = re.compile(r"\d+(?:[.,/]\d+)*(?:\s?-\s?[^\W\d_]+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\S", re.UNICODE)
_GLUE = re.compile(r"(?<=[^\W\d_]{3})(?<=[a-zа-яёәғқңөұүһі])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі])")


class Token:
    """A word, number or punctuation token. Its shape (`is_word`, `is_cap`, `is_upper`, `lower`)
    is computed once, when it is made: every rule asks it of every token, so it must be a plain
    attribute read, not a method call. A plain class with slots (not a dataclass, whose generated
    `__init__` + `__post_init__` cost twice as much); treat it as immutable all the same (it compares
    and hashes by text and offsets)."""

    __slots__ = ("text", "start", "end", "is_word", "is_cap", "is_upper", "lower")

    def __init__(self, text: str, start: int, end: int, shape: tuple[bool, bool, bool, str] | None = None) -> None:
        self.text = text
        self.start = start
        self.end = end
        #: is_word: the first character is a letter; is_cap: the first character is a capital;
        #: is_upper: an acronym such as КСРО, ІІМ, ЕТЛ (letters before any hyphenated ending all capitals)
        self.is_word, self.is_cap, self.is_upper, self.lower = shape or _shape(text)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Token:
            return NotImplemented
        return self.text == other.text and self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token(text={self.text!r}, start={self.start!r}, end={self.end!r})"


@lru_cache(maxsize=65536)
def _shape(text: str) -> tuple[bool, bool, bool, str]:
    """(is_word, is_cap, is_upper, lower) of a token text; cached because words repeat."""
    head = text.split("-")[0]
    return text[:1].isalpha(), text[:1].isupper(), len(head) >= 2 and head.isupper(), text.lower()


#: piece of `_RAW` -> (its shape when it is one token, else None; its glued parts): one dict
#: lookup per piece instead of two cached calls and a shape computation per token
_PIECES: dict[str, tuple[tuple[bool, bool, bool, str] | None, tuple[tuple[int, int], ...]]] = {}
_PIECES_SIZE = 200_000


def tokenize(text: str) -> list[Token]:
    """Split `text` into word, number and punctuation tokens, undoing glued words."""
    out: list[Token] = []
    append = out.append
    get = _PIECES.get
    for m in _RAW.finditer(text):
        piece = m.group()
        info = get(piece)
        if info is None:
            if len(_PIECES) >= _PIECES_SIZE:
                _PIECES.clear()
            parts = _split_glue(piece)
            info = _PIECES[piece] = (_shape(piece) if len(parts) == 1 else None, parts)
        shape = info[0]
        if shape is not None:  # the usual case: the piece is one token
            append(Token(piece, m.start(), m.end(), shape))
            continue
        base = m.start()
        for s, e in info[1]:
            append(Token(piece[s:e], base + s, base + e))
    return out


@lru_cache(maxsize=65536)
def _split_glue(piece: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the words glued in `piece`; cached because the same words recur."""
    if not piece[:1].isalpha() or "-" not in piece and piece[1:] == piece[1:].lower():
        return ((0, len(piece)),)  # nothing to split: no capital after the first letter, no hyphen
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
    return tuple((a, b) for a, b in out if b > a)


def capitalised(toks: list[Token]) -> list[int]:
    """Indices of the tokens of `toks` that start with a capital, in order. Most name rules look
    only at those; the list is kept for the last token list asked about (the rules of one text
    ask in turn), so the tokens are scanned once."""
    cached = _CAPITALISED
    if cached[0] is not toks or cached[1] != len(toks):
        cached[:] = [toks, len(toks), [k for k, t in enumerate(toks) if t.is_cap]]
    return cached[2]


#: [token list, its length, `capitalised` of it]
_CAPITALISED: list = [None, 0, []]


def lemmas(word: str) -> set[str]:
    """Lower-cased Kazakh stems of a word, the word itself included (`кентінің` -> {кентінің, кенті, кент ...})."""
    return _lemmas(word.lower())


def lemmas_among(word: str, wanted: frozenset[str]) -> frozenset[str]:
    """`lemmas(word) & wanted`, without stemming a word that no wanted lemma is a prefix of.

    Stems are prefixes of the lower-cased word, so the prefix test is exact; it keeps the
    per-token checks (`is this a generic place noun?`) from stemming every word of a text.
    Cached by wanted set, then word (rules ask it of every token, and words recur): not by a
    (word, set) key, a tuple object per word that the garbage collector would walk forever.
    """
    memo = _AMONG.get(wanted)
    if memo is None:
        memo = _AMONG[wanted] = {}
    found = memo.get(word)
    if found is None:
        if len(memo) >= 131072:
            memo.clear()
        found = memo[word] = _lemmas_among(word, wanted)
    return found


#: wanted set -> word -> `lemmas_among(word, wanted)`
_AMONG: dict[frozenset[str], dict[str, frozenset[str]]] = {}


def _lemmas_among(word: str, wanted: frozenset[str]) -> frozenset[str]:
    low = word.lower()
    if low[:2] not in _prefixes(wanted) or not any(low.startswith(w) for w in wanted):
        return _NONE
    return _lemmas(low) & wanted or _NONE


#: the empty answer of `lemmas_among`, one object for every cached word that has none
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=64)
def _prefixes(wanted: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:2] for w in wanted)


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    from .endings import stems

    return frozenset(stems(word))


def sentence_initial(toks: list[Token], k: int) -> bool:
    """Token k starts a sentence (or a quote): its capital may be positional, not a name's."""
    return k == 0 or toks[k - 1].text in (".", "!", "?", "«", '"', ":", "—", "–")
