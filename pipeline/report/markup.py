"""The original text with every span as a `<mark>`: nested spans nest, crossing spans are split.

`render_marks(text, spans)` is pure. Spans that nest (one inside another) become nested elements,
so the outer mark's text content is exactly its span. When two spans cross (A = 0-10, B = 5-15),
B is cut where A closes and continued in a second element with the same `data-j` (class `frag`):
the record's text is the concatenation of its elements. Line breaks are kept as they are (the page
shows the text with `white-space: pre-wrap`).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Span:
    """A span to mark: `j` is its number in the page (`id="m{j}"`), `attrs` extra HTML attributes."""

    start: int
    end: int
    j: int
    classes: str
    attrs: str = ""


def nesting_heights(spans: list[Span]) -> dict[int, int]:
    """How many levels of marks lie inside each span (0 = none), so outer underlines can sit lower."""
    heights: dict[int, int] = {}
    stack: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        while stack and stack[-1].end <= span.start:
            stack.pop()
        heights.setdefault(span.j, 0)
        for depth, outer in enumerate(reversed(stack), 1):
            if outer.end >= span.end:  # nested (a crossing span does not push its neighbour down)
                heights[outer.j] = max(heights[outer.j], depth)
        stack.append(span)
    return heights


def render_marks(text: str, spans: list[Span], base: int = 0, id_prefix: str = "m") -> str:
    """HTML of `text` (which starts at offset `base` of its document) with `spans` marked; the first
    element of span j has `id="{id_prefix}{j}"`."""
    spans = [s for s in spans if s.end > s.start]
    heights = nesting_heights(spans)
    starts: dict[int, list[Span]] = {}
    ends: dict[int, set[int]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
        ends.setdefault(span.end, set()).add(span.j)
    for opening in starts.values():
        opening.sort(key=lambda s: -s.end)  # longer first: it is the outer element
    stops = sorted(set(starts) | set(ends) | {base, base + len(text)})
    out: list[str] = []
    stack: list[Span] = []
    seen: set[int] = set()

    def open_mark(span: Span) -> None:
        first = span.j not in seen
        seen.add(span.j)
        h = heights.get(span.j, 0)
        style = f' style="--h:{h}"' if h else ""
        if first:
            out.append(f'<mark id="{id_prefix}{span.j}" class="{span.classes}" data-j="{span.j}" tabindex="0"{style}{span.attrs}>')
        else:
            out.append(f'<mark class="{span.classes} frag" data-j="{span.j}"{style}>')
        stack.append(span)

    previous = base
    for pos in stops:
        if pos > previous:
            out.append(escape(text[previous - base:pos - base], quote=False))
            previous = pos
        closing = ends.get(pos)
        if closing:
            reopen: list[Span] = []
            while any(s.j in closing for s in stack):
                span = stack.pop()
                out.append("</mark>")
                if span.j not in closing:
                    reopen.append(span)
            for span in reversed(reopen):
                open_mark(span)
        for span in starts.get(pos, ()):
            open_mark(span)
    while stack:  # spans running past the end of `text` (a passage cut out of a document)
        stack.pop()
        out.append("</mark>")
    return "".join(out)
