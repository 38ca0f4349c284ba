"""`fewer_gc_passes`: run Python's cyclic garbage collector less often during allocation-heavy work.

The name rules (a token object per word) and the exports (rows, records, dicts per stored span)
allocate many short-lived, acyclic objects that reference counting frees. With the default
threshold (700) the collector still walks the young generation again and again, and every pass
that finds objects alive moves them to an older generation, which brings on full collections of
the whole heap (a quarter of a second each with the models loaded). Measured: 15-30 % of an
export's CPU; kk.names went from one full collection per bench run to none.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def fewer_gc_passes(threshold: int = 100_000) -> Iterator[None]:
    """Raise the young-generation threshold to `threshold` inside the block; cycles are still
    collected, in bigger batches. A higher threshold, or a collector switched off (0), is left as
    it is; the old thresholds are restored afterwards."""
    old = gc.get_threshold()
    if old[0] >= threshold or not old[0]:
        yield
        return
    gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
