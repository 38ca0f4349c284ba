"""Corpus stages `align` (entity links + document matches -> `alignments.jsonl`) and `telegrams`
(document references and Russian headers -> `telegrams.jsonl`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..registry import corpus_stage
from ..ru.headers import Header, parse_header
from ..runner import RunContext, RunResult
from ..spanindex import SpanIndex
from .documents import DocMatch, match_documents, match_rows
from .entities import (Link, alignment_rows, apply_links, assign_corpus_ids, group_kazakh, group_russian,
                       link_entities)
from .passages import Reference, reference_of, split_passages


@dataclass
class AlignState:
    """What `align` found, for `telegrams` (and library users) to reuse."""

    headers: dict[str, Header] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    references: dict[str, list[Reference]] = field(default_factory=dict)
    matches: list[DocMatch] = field(default_factory=list)


def _headers(result: RunResult, ctx: RunContext) -> dict[str, Header]:
    cache = ctx.resource("ru.headers", dict)
    out = {}
    for d in result.ru_documents:
        cached = cache.get(d.doc_id)
        out[d.doc_id] = cached[1] if cached and cached[0] == id(d) else parse_header(d)
    return out


def _references(result: RunResult) -> dict[str, list[Reference]]:
    refs: dict[str, list[Reference]] = {}
    for doc in result.kk_documents:
        index = SpanIndex(doc.records)
        found = [reference_of(doc, p, index) for p in split_passages(doc, index)]
        refs[doc.doc_id] = [r for r in found if r is not None]
    return refs


def build_state(result: RunResult, ctx: RunContext) -> AlignState:
    """Link entities and match documents; also the library entry point."""
    state = AlignState(headers=_headers(result, ctx), references=_references(result))
    ru_docs, kk_docs = result.ru_documents, result.kk_documents
    if not ru_docs or not kk_docs:
        group_russian(ru_docs)
        if kk_docs:
            assign_corpus_ids(group_kazakh(kk_docs), [])
        return state
    ru_entities = group_russian(ru_docs)
    kk_entities = group_kazakh(kk_docs)
    state.links = link_entities(kk_entities, ru_entities)
    assign_corpus_ids(kk_entities, state.links)
    ru_entity_of = {m.id: e.entity_id for e in ru_entities for m in e.mentions}
    kk_link: dict[str, str] = {}
    for link in state.links:
        kk_link[link.kk.entity_id] = link.ru.entity_id
        for m in link.kk.mentions:
            kk_link[m.id] = link.ru.entity_id
    state.matches = match_documents(kk_docs, state.references, ru_docs, state.headers, ru_entity_of, kk_link)
    return state


@corpus_stage("align")
def align_stage(result: RunResult, ctx: RunContext) -> None:
    state = build_state(result, ctx)
    ctx.resource("align.states", dict)[id(result)] = state
    apply_links(state.links)
    result.alignments.extend(alignment_rows(state.links))
    result.alignments.extend(match_rows(state.matches))


@corpus_stage("telegrams")
def telegrams_stage(result: RunResult, ctx: RunContext) -> None:
    from .telegrams import kazakh_rows, russian_rows

    state = ctx.resource("align.states", dict).pop(id(result), None)
    if state is None:  # `align` not run: references and headers without matches
        state = AlignState(headers=_headers(result, ctx), references=_references(result))
    result.telegrams.extend(kazakh_rows(result.kk_documents, state.references, state.matches))
    result.telegrams.extend(russian_rows(result.ru_documents, state.headers, state.matches))


#: Highest confidence of a mention whose link to a Russian entity rests on conflicting evidence.
CONFLICT_CONFIDENCE = 0.5


@corpus_stage("links.review")
def links_review_stage(result: RunResult, ctx: RunContext) -> None:
    """Send mentions linked despite a conflict (`norm.link_conflict`) to review: their confidence is
    capped below the review threshold. Runs after `confidence`, which would recompute it."""
    for doc in result.kk_documents:
        for r in doc.records:
            if r.norm.get("link_conflict") and r.status == "machine":
                r.confidence = min(r.confidence, CONFLICT_CONFIDENCE)
