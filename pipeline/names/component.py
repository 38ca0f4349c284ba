"""Components `kk.names` (rule + gazetteer spans), `kk.entities` (merge with the model, normalise)
and the corpus stage `entities` (entity ids, initials gathered across a document)."""
from __future__ import annotations

from ..gctuning import fewer_gc_passes
from ..records import Document, Record
from ..registry import corpus_stage, doc_component
from ..runner import view_of
from ..textflow import make_view
from .entities import assign_entity_ids, consolidate_persons, merge_model_records, modern_place_names
from .extract import find_name_spans
from .gazetteer import load_gazetteer
from .places import lower_case_words, use_lower_case_words
from .tokens import Token, tokenize

NAME_LABELS = ("PERSON", "PLACE", "ORG", "ROLE")


def _gazetteer(ctx):
    return ctx.resource("names.gazetteer", load_gazetteer) if ctx is not None else load_gazetteer()


def _unhyphenate(toks: list[Token], view, original: str, gaz) -> list[Token]:
    """PDF line-break hyphenation inside a name (`В. Г. Насед-\nкинге`, `Қара-\nғандыға`): the clean
    view keeps the hyphen, the rules read such a capitalised word without it -- unless the hyphenated
    form is itself a gazetteer name (`Шерубай-\nнұра`). Token offsets stay those of the clean view.
    `toks` (a fresh `tokenize` list) is changed in place and returned."""
    for n, t in enumerate(toks):
        if not t.is_cap or t.is_upper:
            continue
        h = t.text.find("-")
        if h > 0 and t.text[h + 1:h + 2].islower():
            o = view.origin[t.start + h]
            if original[o + 1:o + 4].lstrip(" \t")[:1] in ("\n", "\r") and gaz.match_one(t.text) is None:
                toks[n] = Token(t.text[:h] + t.text[h + 1:], t.start, t.end)
    return toks


@doc_component("kk.names", langs=("kk",))
def kk_names(doc: Document, ctx) -> list[Record]:
    """Rule and gazetteer PERSON/PLACE/ORG/ROLE records, offsets in the original text."""
    with fewer_gc_passes():
        return _kk_names(doc, ctx)


def _kk_names(doc: Document, ctx) -> list[Record]:
    view = view_of(doc)
    gaz = _gazetteer(ctx)
    toks = _unhyphenate(tokenize(view.text), view, doc.text, gaz)
    carry = doc.context.get("carry")
    if carry is not None:  # one window of a long document: "written in lower case elsewhere" = in the document
        if "kk.names.lower_words" not in carry:
            carry["kk.names.lower_words"] = _document_lower_words(doc.context["document_text"], doc.context["bounds"])
        use_lower_case_words(toks, carry["kk.names.lower_words"])
    spans = find_name_spans(toks, gaz)
    records: list[Record] = []
    for sp in spans:
        s, e = view.to_original(sp.start(toks), sp.end(toks))
        norm = {k: v for k, v in sp.norm.items() if k != "person_index"}
        records.append(Record(doc.doc_id, sp.label, s, e, doc.text[s:e], norm=norm, confidence=sp.confidence,
                              source=sp.source, subtype=sp.subtype))
    for sp, rec in zip(spans, records):
        if "person_index" in sp.norm:
            rec.norm["person_id"] = records[sp.norm["person_index"]].id
    return records


def _document_lower_words(text: str, bounds: list[tuple[int, int]]) -> list[str]:
    """The lower-case words of a whole document, tokenised window by window (bounded memory)."""
    words: set[str] = set()
    for a, b in bounds:
        words |= lower_case_words(tokenize(make_view(text[a:b]).text))
    return sorted(words)


@doc_component("kk.entities", langs=("kk",))
def kk_entities(doc: Document, ctx) -> list[Record]:
    """Merge model and rule spans (rules win overlaps), normalise model spans, gather initials."""
    merge_model_records(doc, _gazetteer(ctx))
    consolidate_persons(doc)
    return []


@corpus_stage("entities")
def entities_stage(result, ctx) -> None:
    """Group the mentions of one person, place or organisation in a document under one entity_id;
    regions of a present-day document take today's names (a decision over the whole document, so
    here and not in `kk.entities`, which may see one window of it)."""
    for doc in result.documents:
        if doc.lang != "kk":
            continue
        modern_place_names(doc, _gazetteer(ctx))
        consolidate_persons(doc)
        assign_entity_ids(doc)
