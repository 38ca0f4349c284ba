"""All name rules over one text: tokens -> candidate spans -> one non-overlapping set.

    from pipeline.names.extract import find_names
    for sp, (start, end) in find_names(text): ...   # offsets into `text`

The component `kk.names` runs this on a document's clean view and maps spans back to the original.
"""
from __future__ import annotations

from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import TITLES
from .bodies import institution_phrases, quoted_bodies
from .orgs import institutions, party_committees
from .persons import bare_surnames, full_names, initials_names, names_before_honorifics, titled_names
from .places import (camp_units, context_places, directional_places, elided_camps, enumerated_places, gazetteer_places,
                     named_camps, named_places, quoted_memorials, quoted_places, russian_geo_places)
from .roles import role_phrases
from .spans import NameSpan, resolve
from .tokens import Token, tokenize


def find_name_spans(toks: list[Token], gaz: Gazetteer) -> list[NameSpan]:
    """Run every rule and resolve overlaps (roles first, then longer spans, then priority)."""
    gaz_spans = gazetteer_places(toks, gaz)
    units = camp_units(toks)
    camps = named_camps(toks, gaz)
    camps += elided_camps(toks, gaz, gaz_spans + camps)
    orgs = institutions(toks, gaz, gaz_spans) + party_committees(toks, gaz, gaz_spans)
    # (a grammar phrase inside a listed place, `Кеңес Одағы` = СССР, is dropped by institution_phrases)
    orgs += institution_phrases(toks, gaz, gaz_spans, orgs) + quoted_bodies(toks)
    ctx_places = (context_places(toks, gaz) + enumerated_places(toks, gaz) + directional_places(toks, gaz)
                  + russian_geo_places(toks, gaz) + named_places(toks, gaz) + quoted_memorials(toks))
    names_so_far = gaz_spans + units + camps + orgs
    quoted = quoted_places(toks, names_so_far)
    roles = role_phrases(toks, gaz, names_so_far + ctx_places)
    persons = (initials_names(toks, gaz) + full_names(toks, gaz) + titled_names(toks, gaz) + bare_surnames(toks, gaz)
               + names_before_honorifics(toks, gaz))
    spans = resolve(gaz_spans + units + camps + orgs + ctx_places + quoted + roles + persons, toks)
    link_roles(spans, toks)
    return spans


def link_roles(spans: list[NameSpan], toks: list[Token]) -> None:
    """Set `norm["person_index"]` on a ROLE to the index (in `spans`) of the person it describes:
    the person right after it (titles and ranks may stand between), else right before it."""
    linked: set[int] = set()
    for n, sp in enumerate(spans):
        if sp.label != "ROLE":
            continue
        target = None
        if n + 1 < len(spans) and spans[n + 1].label == "PERSON":
            gap = [t for t in toks[sp.j:spans[n + 1].i] if t.lower not in TITLES and t.text != "."]
            if not gap:
                target = n + 1
        if target is None and n > 0 and spans[n - 1].label == "PERSON" and (n - 1) not in linked:
            gap = [t for t in toks[spans[n - 1].j:sp.i]]
            if all(t.text == "," for t in gap) and len(gap) <= 1:
                target = n - 1
        if target is not None:
            sp.norm["person_index"] = target
            linked.add(target)


def find_names(text: str, gaz: Gazetteer | None = None) -> list[tuple[NameSpan, tuple[int, int]]]:
    """Spans of `text` (already clean, e.g. a CleanView's text) with their (start, end) offsets."""
    toks = tokenize(text)
    spans = find_name_spans(toks, gaz or load_gazetteer())
    return [(sp, (sp.start(toks), sp.end(toks))) for sp in spans]
