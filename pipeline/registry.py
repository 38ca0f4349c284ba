"""The component registry: how extractors plug into the pipeline without the runner knowing them.

A *document component* reads one `Document` and returns new records; a *corpus stage* runs once
after every document is processed (grouping entities, aligning Kazakh with Russian, ...).
Components register themselves with a decorator, like spaCy's `@Language.component`:

    @doc_component("kk.dates", langs=("kk",))
    def extract_dates(doc: Document, ctx: RunContext) -> list[Record]: ...

`pipeline.components` imports every module that registers something; `RunConfig.components`
and `RunConfig.stages` choose which run and in what order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from .records import Document, Record
    from .runner import RunContext, RunResult


@dataclass(frozen=True)
class DocComponent:
    name: str
    func: "Callable[[Document, RunContext], list[Record]]"
    langs: tuple[str, ...]


@dataclass(frozen=True)
class CorpusStage:
    name: str
    func: "Callable[[RunResult, RunContext], None]"


DOC_COMPONENTS: dict[str, DocComponent] = {}
CORPUS_STAGES: dict[str, CorpusStage] = {}


def doc_component(name: str, langs: tuple[str, ...] = ("kk",)):
    """Register `func(doc, ctx) -> list[Record]` under `name` for documents in `langs`."""

    def wrap(func):
        DOC_COMPONENTS[name] = DocComponent(name=name, func=func, langs=tuple(langs))
        return func

    return wrap


def corpus_stage(name: str):
    """Register `func(result, ctx) -> None`, run once over all documents after extraction."""

    def wrap(func):
        CORPUS_STAGES[name] = CorpusStage(name=name, func=func)
        return func

    return wrap
