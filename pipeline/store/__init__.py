"""The SQLite annotation store and the datasets exported from it.

    from pipeline.store import Store
    store = Store()                        # annotations/jazba.db, or $JAZBA_STORE
    run_id = store.save_run(result)        # machine spans replaced, reviewed spans kept
    records = store.spans(status="all")    # reviewed + machine spans outside reviewed regions

See DEVELOPING.md, "Store API", for the whole interface.
"""
from .db import (
    DEFAULT_STORE,
    Review,
    ReviewTask,
    Store,
    StoredDocument,
    StoreError,
    content_hash,
    default_store_path,
)
from .schema import SCHEMA_VERSION


def training_docs(store_path=None, nlp=None):
    """Reviewed regions of the store as spaCy `Doc`s with KazNERD-style entity labels."""
    from .training import training_docs as _training_docs

    return _training_docs(store_path, nlp=nlp)


__all__ = [
    "DEFAULT_STORE", "SCHEMA_VERSION", "Review", "ReviewTask", "Store", "StoreError", "StoredDocument",
    "content_hash", "default_store_path", "training_docs",
]
