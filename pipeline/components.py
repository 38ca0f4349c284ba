"""Imports every module that registers a component or stage, and names the default order.

Order matters: later components see the records of earlier ones in `doc.records` (numbers skip
digits already inside a date, a person rule skips names inside a ROLE).
"""
import importlib

#: Modules that register components/stages (imported for their side effect).
COMPONENT_MODULES = [
    "pipeline.sentences",
]

#: Per-document components, in run order.
DEFAULT_COMPONENTS = [
    "sentences",
]

#: Corpus stages, in run order.
DEFAULT_STAGES: list[str] = []


def load_all() -> None:
    for module in COMPONENT_MODULES:
        importlib.import_module(module)
