"""Document furniture: the capitalised words of Russian headers, stamps and openings that are no names.

A telegram header reads `26 мая 1954 г. Сов. секретно Шифром Из Москвы в Кенгир`: `Сов.`, `Шифром`
and an opening `Исходя из ...` are capitalised only because they start a line or a sentence. Two
checks keep them out of PERSON/PLACE/ORG spans:

- `is_furniture_word`: the word is in `furniture.txt` (secrecy marks, kinds of document, copy and
  archive stamps, set openings), compared in lower case with and without its full stop;
- `is_common_word_at_start`: the word starts a line or a sentence and pymorphy3 knows it only as an
  ordinary word (noun, verb, gerund, adverb, ...), with no geographical-name, first-name or surname
  reading. Mid-sentence capitals are left alone: there a capital means a name.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .morph import analyzer

FURNITURE_FILE = Path(__file__).with_name("furniture.txt")
#: pymorphy3 tags that make a word a possible name, whatever else it may be.
_NAME_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad")
#: Characters after which the next word starts a sentence (`г.` of a date included).
_SENTENCE_END = ".!?:;\n«\"("


@lru_cache(maxsize=1)
def furniture_words() -> frozenset[str]:
    """The words of `furniture.txt` (lower case, with and without a final full stop)."""
    out: set[str] = set()
    for line in FURNITURE_FILE.read_text(encoding="utf-8").splitlines():
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
