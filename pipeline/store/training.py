"""Reviewed annotations as NER training documents for `jazba train --from-store`.

Only regions a human reviewed become training examples: outside them nobody checked that
"no span" really means "no entity". Labels go back to KazNERD's fine classes with the model's
own mapping (`pipeline.ner.kaznerd.doc_from_annotations`): PERSON, PLACE -> GPE/LOCATION/FACILITY,
ORG -> ORGANISATION, ROLE -> POSITION; reviewed DATE/NUMBER/... spans are marked *missing*
rather than "outside", so they do not contradict KazNERD's own DATE or CARDINAL.
"""
from __future__ import annotations

import os
from pathlib import Path

from .db import Store, StoreError
from .export import iter_examples, kazakh_nlp


def training_docs(store_path: str | os.PathLike | None = None, nlp=None) -> list:
    """One spaCy `Doc` per reviewed region (overlapping regions merged) of the store at `store_path`."""
    from ..ner.kaznerd import doc_from_annotations

    path = Path(store_path) if store_path is not None else None
    if path is not None and not path.is_file():
        raise StoreError(f"{path}: no annotation store here")
    nlp = nlp or kazakh_nlp()
    docs = []
    with Store(path) as store:
        for _, examples in iter_examples(store, "reviewed"):
            for ex in examples:
                spans = [
                    (r.start - ex.offset, r.end - ex.offset, r.label, r.subtype)
                    for r in ex.spans if r.text.strip()
                ]
                doc = doc_from_annotations(nlp, ex.text, spans)
                doc.user_data["jazba"] = dict(ex.meta)
                docs.append(doc)
    return docs
