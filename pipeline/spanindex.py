"""`SpanIndex`: which records overlap, contain or lie inside a span, in O(log n) instead of a scan.

Corpus stages and merge steps ask "is there a rule span overlapping this one?" or "which records
lie inside this header?" once per record or passage. Scanning every record each time made them
quadratic in the document's length (issue 13); this index answers from records sorted by start,
with a running maximum of their ends.

    index = SpanIndex(doc.records)
    index.any_overlapping(s, e)    # some r with r.start < e and s < r.end
    index.overlapping(s, e)        # every such r, in input order
    index.any_containing(s, e)     # some r with r.start <= s and e <= r.end
    index.inside(s, e)             # every r with s <= r.start and r.end <= e, in input order
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Generic, Iterable, Protocol, TypeVar


class _Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Span)


class SpanIndex(Generic[S]):
    """A static index over spans with `start`/`end` (records, passages). Build it once, query often."""

    def __init__(self, spans: Iterable[S]):
        order = sorted(enumerate(spans), key=lambda kr: kr[1].start)
        self.spans: list[S] = [r for _, r in order]
        self.position = [k for k, _ in order]  # index in the input, to answer in input order
        self.starts = [r.start for r in self.spans]
        self.max_end: list[int] = []  # max_end[k] = max end of spans[0..k]
        best = -1
        for r in self.spans:
            best = max(best, r.end)
            self.max_end.append(best)

    def __len__(self) -> int:
        return len(self.spans)

    def any_overlapping(self, start: int, end: int) -> bool:
        """Some span with `span.start < end and start < span.end`."""
        k = bisect_left(self.starts, end)  # spans[:k] start before `end`
        return k > 0 and self.max_end[k - 1] > start

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans with `span.start < end and start < span.end`, in input order. Walks back from the
        last span starting before `end` while the running maximum end still reaches `start`
        (a few steps for names and dates; a very long span early on makes it longer)."""
        found = []
        j = bisect_left(self.starts, end) - 1
        while j >= 0 and self.max_end[j] > start:
            if self.spans[j].end > start:
                found.append((self.position[j], self.spans[j]))
            j -= 1
        found.sort(key=lambda kr: kr[0])
        return [r for _, r in found]

    def any_containing(self, start: int, end: int) -> bool:
        """Some span with `span.start <= start and end <= span.end`."""
        k = bisect_right(self.starts, start)  # spans[:k] start at or before `start`
        return k > 0 and self.max_end[k - 1] >= end

    def inside(self, start: int, end: int) -> list[S]:
        """Spans with `start <= span.start and span.end <= end`, in input order (as a scan would list them)."""
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.starts, end)
        found = [(self.position[k], self.spans[k]) for k in range(lo, hi) if self.spans[k].end <= end]
        found.sort(key=lambda kr: kr[0])
        return [r for _, r in found]
