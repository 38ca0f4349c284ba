"""Sentence boundaries for Kazakh and Russian archival text, as offsets into the original text.

Rule-based on purpose: PDF text glues sentences (`алды.Ол`) and is full of initials (`С. Н.`)
and abbreviations (`т.б.`, `г.`) that a trained splitter would cut at.
"""
from __future__ import annotations

import re

from .records import Document
from .registry import doc_component

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"

# A candidate boundary: sentence punctuation (with closing quotes/brackets and citation markers
# like `[3]`) followed by space and an upper-case letter, digit or opening quote; or a full stop
# glued straight onto a capitalised word or a number (`алды.Ол`, `кенті.1948`).
_BOUNDARY = re.compile(
    rf"[.!?…]+[»”\"')\]]*(?:\s*\[\d+\])?(?=\s+[{_UPPER}0-9«\"„“(\[—–-])"
    rf"|(?<=[{_LOWER}]{{2}})\.(?=[{_UPPER}][{_LOWER}]|\d)"
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")

# Words before a full stop that do not end a sentence.
_ABBREV = {
    "ж", "жж", "т", "тов", "зам", "нач", "м", "а", "т.б", "г", "гг", "с", "ф", "оп", "д", "л",
    "обл", "р-н", "им", "ген", "полк", "св", "тыс", "руб", "млн", "млрд", "стр", "см", "с.г",
}
_WORD_BEFORE = re.compile(rf"([{_UPPER}{_LOWER}.]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return `(start, end)` offsets of sentences in `text`, without surrounding whitespace."""
    cuts: list[int] = []
    for m in _PARAGRAPH.finditer(text):
        cuts.append(m.start())
    for m in _BOUNDARY.finditer(text):
        head = text[max(0, m.start() - 12): m.start()]
        w = _WORD_BEFORE.search(head)
        if w and m.group().startswith("."):
            word = w.group(1).strip(".").lower()
            # an initial (one capital letter) or a known abbreviation: not a boundary
            if word in _ABBREV or (len(w.group(1).strip(".")) == 1 and w.group(1)[0].isupper()):
                continue
        cuts.append(m.end())
    cuts = sorted(set(cuts))
    spans = []
    start = 0
    for cut in cuts + [len(text)]:
        seg = text[start:cut]
        stripped_start = start + (len(seg) - len(seg.lstrip()))
        stripped_end = start + len(seg.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
        start = cut
    return spans


@doc_component("sentences", langs=("kk", "ru"))
def sentences_component(doc: Document, ctx) -> list:
    """Fill `doc.sentences`; produces no records."""
    doc.sentences = split_sentences(doc.text)
    return []
