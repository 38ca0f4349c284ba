"""`NameSpan`: a rule's candidate mention over tokens of the clean view, before it becomes a Record."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .tokens import Token

#: When two rule spans overlap, the longer wins; on equal length, the higher priority.
PRIORITY = {"ROLE": 60, "unit": 50, "camp": 45, "ORG": 40, "PLACE": 30, "PERSON": 20}


@dataclass
class NameSpan:
    label: str
    i: int  # first token
    j: int  # one past the last token
    norm: dict[str, Any] = field(default_factory=dict)
    subtype: str | None = None
    source: str = "rules:names"
    confidence: float = 0.9
    #: extra rank inside the same label (a place with a context word beats a bare surname)
    bonus: int = 0

    def start(self, toks: list[Token]) -> int:
        return toks[self.i].start

    def end(self, toks: list[Token]) -> int:
        return toks[self.j - 1].end

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.subtype or "", 0) or PRIORITY.get(self.label, 0)


def resolve(spans: list[NameSpan], toks: list[Token]) -> list[NameSpan]:
    """Keep a non-overlapping set: ROLE phrases first (a name inside a role is not annotated
    separately), then longer spans, then higher priority."""
    order = sorted(
        spans,
        key=lambda s: (s.label != "ROLE", -(s.end(toks) - s.start(toks)), -(s.priority + s.bonus), s.i),
    )
    kept: list[NameSpan] = []
    taken: set[int] = set()  # token indices already inside a kept span: O(span length) per check, not O(kept)
    for sp in order:
        a, b = sp.i, sp.j
        if a >= b:  # an empty span overlaps a kept one that strictly contains its position
            if any(x < a < y for x, y in ((k.i, k.j) for k in kept)):
                continue
        elif not taken.isdisjoint(range(a, b)):
            continue
        kept.append(sp)
        taken.update(range(a, b))
    return sorted(kept, key=lambda s: s.i)
