"""Bounded windows: a long document is processed piece by piece, so time and memory stay linear.

A digitised book or archive volume can be tens of megabytes in one file. The document components
build per-text structures (clean view, tokens, spaCy Docs, candidate spans) whose size follows the
text they are given; giving them windows of at most `RunConfig.window_chars` characters keeps that
bounded whatever the document's size. Windows end at a paragraph break where there is one (else a
sentence end, a line break, a comma, a space), so sentences, dates and names are not cut.

Context that needs the whole document travels with each window in `Document.context`:

- `"carry"`: one dict shared by the windows of a document, in order. `kk.dates` keeps the last
  explicit year there (a date without a year in window 5 takes the year written in window 4);
  `kk.entities` keeps its index of the document's words there.
- `"document_text"`: the whole text (read-only), for checks over the whole document;
- `"offset"`: where the window starts in it; `"bounds"`: every window's `(start, end)`.

`kk.names` also keeps the lower-case words of the whole document in `"carry"` (a capitalised word
the text also writes in lower case is a common word at a sentence start, not a place): one extra
tokenisation pass, window by window, before the first window's rules run.

Records come back in the document's own offsets and ids (`rebase_id`), and so do the ids that
point at records (`norm.person_id`, the `review.evidence` table). Corpus stages always see whole
documents. Russian documents are not windowed (their header is read from the whole document).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from .records import Document, Record, make_record_id

#: Default window size in characters (~0.4 MB of Cyrillic UTF-8). Big enough that ordinary documents
#: are one window (their records are exactly what a whole-document run gives), small enough to bound
#: the per-window structures (`jazba bench --scale`).
WINDOW_CHARS = 200_000

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_CLAUSE = re.compile(r"[,;:]\s+")  # a text without sentence ends: cut between clauses, not inside a date
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9«\"„“(])")
_SPACE = re.compile(r"\s+")


def window_bounds(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """`[start, end)` windows covering `text`, each at most `size` characters, cut after a paragraph
    break, else a sentence end, a line break, a clause boundary (`, `) or a space found in the window's
    second half."""
    if size <= 0 or len(text) <= size:
        return [(0, len(text))]
    out, start = [], 0
    while len(text) - start > size:
        lo, hi = start + size // 2, start + size
        cut = None
        for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _LINE_BREAK, _CLAUSE, _SPACE):
            last = None
            for last in pattern.finditer(text, lo, hi):
                pass
            if last is not None and last.end() < hi:
                cut = last.end()  # the next window starts at the next paragraph's first character
                break
        cut = cut or hi
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def window_documents(doc: Document, size: int = WINDOW_CHARS) -> Iterator[tuple[int, Document]]:
    """(offset, window document) for each window of `doc`, sharing one `carry` dict."""
    carry: dict = {}
    bounds = window_bounds(doc.text, size)
    for k, (a, b) in enumerate(bounds):
        part = Document(doc_id=window_id(doc.doc_id, k), text=doc.text[a:b], path=doc.path,
                        encoding=doc.encoding, lang=doc.lang)
        part.context = {"carry": carry, "document_text": doc.text, "offset": a, "window": k,
                        "bounds": bounds}
        yield a, part


def window_id(doc_id: str, k: int) -> str:
    """The temporary doc_id of window `k` (unique, so ids of different windows never collide)."""
    return f"{doc_id}\x1fw{k}"


def rebase_id(rid: str, window_doc_id: str, doc_id: str, offset: int) -> str:
    """`<window>:LABEL:s-e` -> `<doc_id>:LABEL:s+offset-e+offset`; other strings unchanged."""
    if not isinstance(rid, str) or not rid.startswith(window_doc_id + ":"):
        return rid
    label, span = rid[len(window_doc_id) + 1:].rsplit(":", 1)
    s, e = span.split("-")
    return make_record_id(doc_id, label, int(s) + offset, int(e) + offset)


def rebase_records(records: list[Record], window_doc_id: str, doc_id: str, offset: int) -> list[Record]:
    """The window's records in the document's offsets, with their ids and the ids they point at."""
    out = []
    for r in records:
        norm = r.norm
        if isinstance(norm.get("person_id"), str):
            norm = {**norm, "person_id": rebase_id(norm["person_id"], window_doc_id, doc_id, offset)}
        out.append(replace(r, doc_id=doc_id, start=r.start + offset, end=r.end + offset, norm=norm,
                           id=make_record_id(doc_id, r.label, r.start + offset, r.end + offset),
                           entity_id=rebase_id(r.entity_id, window_doc_id, doc_id, offset)))
    return out


#: `RunContext` resources that are dicts keyed by record id (filled by components, read by stages).
RECORD_KEYED_RESOURCES = ("review.evidence",)


def rebase_table(table: dict, window_doc_id: str, doc_id: str, offset: int) -> dict:
    """A record-id-keyed table of one window, re-keyed to the document's ids."""
    return {rebase_id(k, window_doc_id, doc_id, offset): v for k, v in table.items()}
