"""Document furniture: headers, stamps and openings of Russian documents are never entities.

A telegram header reads `26 мая 1954 г. Сов. секретно Шифром Из Москвы в Кенгир`, a copy ends `Копия
верна`, a report opens `Исходя из ...`. Two lists, both data (`pipeline/ru/data/`), and three checks:

- `furniture.txt`, phrases that no entity may overlap (`Сов. секретно`, `Экз. № N`; `^` = only at a line
  start, `N` = a number): `furniture_spans` finds them, `in_furniture` tells whether a span touches one;
- `furniture_words.txt`, single words that are never an entity by themselves (secrecy marks, kinds of
  document, stamps, set openings): `is_furniture_word`;
- `is_common_word_at_start`: a capitalised word at a line or sentence start that pymorphy3 knows only as an
  ordinary word (no geographical-name, first-name or surname reading) is capitalised by position, not a
  name. Mid-sentence capitals are left alone: there a capital means a name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .morph import analyzer

DATA = Path(__file__).parent / "data"
FURNITURE_FILE = DATA / "furniture.txt"
FURNITURE_WORDS_FILE = DATA / "furniture_words.txt"
#: pymorphy3 tags that make a word a possible name, whatever else it may be.
_NAME_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad")
#: Characters after which the next word starts a sentence (`г.` of a date included).
_SENTENCE_END = ".!?:;\n«\"("


@lru_cache(maxsize=1)
def furniture_pattern() -> re.Pattern:
    """One regex over every phrase of `furniture.txt` (longest first); `^` phrases only at a line start."""
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


@lru_cache(maxsize=1)
def furniture_words() -> frozenset[str]:
    """The words of `furniture_words.txt` and the one-word phrases of `furniture.txt` (lower case, with
    and without a final full stop)."""
    out: set[str] = set()
    lines = FURNITURE_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    lines += [l.lstrip("^").strip() for l in FURNITURE_FILE.read_text(encoding="utf-8").splitlines()
              if l.strip() and not l.startswith("#") and " " not in l.lstrip("^").strip() and "N" != l.strip()]
    for line in lines:
        word = line.split("#", 1)[0].strip().lower()
        if word:
            out.add(word)
            out.add(word.rstrip("."))
    return frozenset(out)


def is_furniture_word(word: str) -> bool:
    """`Сов.`, `Шифром`, `КОПИЯ` -> True; `Кенгир` -> False."""
    low = word.strip().lower().replace("ё", "е")
    return low in furniture_words() or low.rstrip(".") in furniture_words()


def at_line_or_sentence_start(text: str, start: int) -> bool:
    """True when only spaces separate `start` from the text start, a line break or a sentence end."""
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


@lru_cache(maxsize=20000)
def is_common_word(word: str) -> bool:
    """pymorphy3 knows `word` and has no name reading of it (`Исходя`, `Шифром`; not `Кенгир`, `Орёл`)."""
    low = word.lower()
    if not analyzer().word_is_known(low):
        return False
    return not any(tag in str(p.tag) for p in analyzer().parse(word) for tag in _NAME_TAGS)


def is_common_word_at_start(text: str, start: int, word: str) -> bool:
    """A capitalised ordinary word at a line or sentence start: capital by position, not a name."""
    return at_line_or_sentence_start(text, start) and is_common_word(word)
