"""Component `kk.ner`: the statistical Kazakh NER (spaCy model, or stanza by `RunConfig.backend`).

The model reads the clean view (`view_of(doc).text`: line breaks re-flowed, hyphenation joined),
tokenised by jazba's Kazakh language, in sentence-sized chunks so long documents work; every
entity is mapped back to the original text with `view.to_original`. Records carry the jazba label
(`PERSON`, `PLACE`, `ORG`, `ROLE`), the fine KazNERD class lower-cased as `subtype`, an empty
`norm` (the `kk.entities` merger normalises) and the beam probability as `confidence`.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..records import Document, Record
from ..registry import doc_component
from ..runner import RunContext, view_of
from . import kaznerd
from .model import load_model, predict_entities

SOURCE = "model:spacy"
#: Chunks longer than this (characters of clean text) are cut at a space: bounded memory per call.
MAX_CHUNK_CHARS = 2000
#: Sentences per NER batch (spaCy Docs alive at a time).
PREDICT_BATCH = 64
# a sentence end: ., ! or ? (optionally closing quotes/brackets) followed by space
_SENT_END = re.compile(r"(?<=[.!?…])[»\"”)\]]*\s+")


@doc_component("kk.ner", langs=("kk",))
def kk_ner(doc: Document, ctx: RunContext) -> list[Record]:
    if ctx.config.backend == "stanza":
        from .stanza_backend import stanza_entities  # lazy: stanza (and torch) are optional

        return stanza_entities(doc, ctx)
    if ctx.config.backend != "spacy":
        raise ValueError(f"unknown NER backend {ctx.config.backend!r} (expected 'spacy' or 'stanza')")
    return spacy_entities(doc, _nlp(ctx))


def _nlp(ctx: RunContext):
    return ctx.resource(f"ner.spacy:{ctx.config.model_path or 'default'}", lambda: load_model(ctx.config.model_path))


def kk_ner_batch(docs: list[Document], ctx: RunContext) -> list[list[Record]]:
    """`kk_ner` over several documents at once (the runner's batches of small documents)."""
    if ctx.config.backend != "spacy":
        return [kk_ner(doc, ctx) for doc in docs]
    return spacy_entities_many(docs, _nlp(ctx))


kk_ner.batch = kk_ner_batch  # what the runner calls for a batch of small documents


def spacy_entities(doc: Document, nlp) -> list[Record]:
    """Model entities of `doc` as records in original offsets (library entry point, no context)."""
    return spacy_entities_many([doc], nlp)[0]


def spacy_entities_many(docs: list[Document], nlp) -> list[list[Record]]:
    """`spacy_entities` for several documents at once: their sentences share the model's batches
    (documents of a few sentences each would otherwise make many tiny, slow batches)."""
    # one Doc per sentence: the beam parser's cost grows faster than linearly with Doc length
    # (joining sentences into 2,000-character runs made kk.ner 1.8x slower, `jazba bench --full`)
    work = []  # (document number, view, chunk) in document order
    views = []
    for n, doc in enumerate(docs):
        view = view_of(doc)
        views.append(view)
        work.extend((n, view, chunk) for chunk in chunk_spans(view.text, _clean_sentences(doc, view)))
    out: list[list[Record]] = [[] for _ in docs]
    # spaCy Docs are made and dropped one batch at a time (the batches `predict_entities` uses
    # anyway): memory stays bounded on long documents
    for i in range(0, len(work), PREDICT_BATCH):
        batch = work[i:i + PREDICT_BATCH]
        sdocs = [nlp.make_doc(view.text[a:b]) for _, view, (a, b) in batch]
        for (n, view, chunk), ents in zip(batch, predict_entities(nlp, sdocs, batch_size=PREDICT_BATCH)):
            out[n].extend(_records(docs[n], view, [chunk], [ents]))
    return out


def _records(doc: Document, view, chunks: list[tuple[int, int]], entities) -> Iterator[Record]:
    for (offset, _), ents in zip(chunks, entities):
        for ent in ents:
            label = kaznerd.to_jazba_label(ent.label)
            if label is None:
                continue
            start, end = view.to_original(offset + ent.start_char, offset + ent.end_char)
            yield Record(doc_id=doc.doc_id, label=label, start=start, end=end, text=doc.text[start:end],
                         confidence=round(ent.score, 4), source=SOURCE, subtype=ent.label.lower())


def _clean_sentences(doc: Document, view) -> list[tuple[int, int]] | None:
    """The `sentences` component's boundaries (original offsets) in clean-text offsets, if any."""
    if not doc.sentences:
        return None
    return [view.to_clean(s, e) for s, e in doc.sentences]


def chunk_spans(text: str, sentences: list[tuple[int, int]] | None = None,
                max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Cover `text` with non-empty `[start, end)` chunks: sentences (given or found by a simple
    end-of-sentence rule), long ones cut at the last space before `max_chars`."""
    if sentences:
        bounds = []
        pos = 0
        for s, e in sorted(sentences):
            if s > pos:
                bounds.append((pos, s))  # text between sentences is not dropped
            s = max(s, pos)
            if e > s:
                bounds.append((s, e))
                pos = e
        if pos < len(text):
            bounds.append((pos, len(text)))
    else:
        bounds, pos = [], 0
        for m in _SENT_END.finditer(text):
            bounds.append((pos, m.end()))
            pos = m.end()
        if pos < len(text):
            bounds.append((pos, len(text)))
    for s, e in bounds:
        while e - s > max_chars:
            cut = text.rfind(" ", s + 1, s + max_chars)
            cut = cut if cut > s else s + max_chars
            yield from _nonblank(text, s, cut)
            s = cut
        yield from _nonblank(text, s, e)


def _nonblank(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    if text[s:e].strip():
        yield s, e
