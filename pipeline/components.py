"""Imports every module that registers a component or stage, and names the default order.

Order matters: later components see the records of earlier ones in `doc.records` (numbers skip
digits already inside a date, the entity merger sees both model and rule spans).
"""
import importlib

#: Modules that register components/stages (imported for their side effect).
COMPONENT_MODULES = [
    "pipeline.sentences",
    "pipeline.extract.dates",      # kk.dates, ru.dates
    "pipeline.extract.times",      # kk.times, ru.times
    "pipeline.extract.docnums",    # kk.docnums, ru.docnums
    "pipeline.extract.numbers",    # kk.numbers
    "pipeline.extract.archrefs",   # kk.archrefs
    "pipeline.ner.component",      # kk.ner (spaCy model or stanza, by RunConfig.backend)
    "pipeline.names.component",    # kk.names, kk.entities; stage "entities"
    "pipeline.ru.component",       # ru.numbers, ru.archrefs, ru.entities, ru.ner, ru.headers
    "pipeline.align.component",    # stages "align", "telegrams"
    "pipeline.review.confidence",  # stage "confidence"; review.evidence (agreement before the merge)
]

#: Per-document components, in run order.
DEFAULT_COMPONENTS = [
    "sentences",
    "kk.dates", "kk.times", "kk.docnums", "kk.numbers", "kk.archrefs",
    "kk.ner", "kk.names", "review.evidence", "kk.entities",
    "ru.dates", "ru.times", "ru.docnums", "ru.numbers", "ru.archrefs", "ru.entities", "ru.ner", "ru.headers",
]

#: Corpus stages, in run order.
DEFAULT_STAGES = ["entities", "align", "telegrams", "confidence", "links.review"]



def load_all() -> None:
    """Import every component module (each registers itself on import)."""
    for module in COMPONENT_MODULES:
        importlib.import_module(module)
