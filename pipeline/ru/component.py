"""Components for Russian documents: `ru.numbers`, `ru.entities`, `ru.headers`.

Each runs the extractors of this package on the re-flowed view and maps spans back to the
original text (`view.to_original`), so offsets hold whatever line breaks the source had.
"""
from __future__ import annotations

from ..records import Document, Record
from ..registry import doc_component
from ..runner import RunContext, view_of
from .furniture import is_furniture_word
from .headers import parse_header
from .numbers import find_numbers
from .orgs import find_orgs, org_key
from .persons import fill_initials, find_persons, person_norm
from .places import find_places
from .roles import role_before, role_norm

#: Labels of earlier components whose digits are not counts.
_NOT_COUNTS = ("DATE", "TIME", "DOCNUM")

_PERSON_CONFIDENCE = {"initials+surname": 0.95, "surname+initials": 0.9, "title+surname": 0.85, "surname": 0.7,
                      "full name": 0.95}
_PLACE_CONFIDENCE = {"unit": 0.9, "camp": 0.9, "-лаг": 0.85, "polity": 0.9, "geox": 0.8, "gazetteer": 0.8,
                     "generic": 0.75}


def _record(doc: Document, label: str, clean: tuple[int, int], norm: dict, source: str,
            confidence: float, subtype: str | None = None) -> Record:
    s, e = view_of(doc).to_original(*clean)
    return Record(doc_id=doc.doc_id, label=label, start=s, end=e, text=doc.text[s:e], norm=norm,
                  confidence=confidence, source=source, lang="ru", subtype=subtype)


def _overlaps(a: Record, spans: list[Record]) -> bool:
    return any(a.start < b.end and b.start < a.end for b in spans)


@doc_component("ru.numbers", langs=("ru",))
def ru_numbers(doc: Document, ctx: RunContext) -> list[Record]:
    """Cardinal quantities; digits already inside a date, time or document number are skipped."""
    view = view_of(doc)
    blocked = [r for r in doc.records if r.label in _NOT_COUNTS]
    out = []
    for n in find_numbers(view.text):
        rec = _record(doc, "NUMBER", (n.start, n.end),
                      {"value": n.value, "qualifier": n.qualifier, "unit": n.unit}, "rules:ru.numbers", 0.9)
        if not _overlaps(rec, blocked) and not _is_list_marker(doc.text, rec):
            out.append(rec)
    return out


def _is_list_marker(text: str, rec: Record) -> bool:
    """`1. Всем заключенным ...` at the start of a line (the clean view has joined the lines)."""
    line_start = text.rfind("\n", 0, rec.start) + 1
    return (not text[line_start:rec.start].strip() and rec.norm.get("qualifier") is None
            and text[rec.end:rec.end + 2] in (". ", ") ", ".\t", ")\t"))


@doc_component("ru.entities", langs=("ru",))
def ru_entities(doc: Document, ctx: RunContext) -> list[Record]:
    """PERSON (with ROLE), ORG and PLACE mentions; persons win overlaps, then roles, orgs, places."""
    view = view_of(doc)
    text = view.text
    persons = find_persons(text)
    fill_initials(persons)
    out: list[Record] = []
    for p in persons:
        prec = _record(doc, "PERSON", (p.start, p.end), person_norm(p.surname, p.initials),
                       f"rules:ru.persons:{p.pattern}", _PERSON_CONFIDENCE[p.pattern])
        out.append(prec)
        span = role_before(text, p.start)
        if span:
            role = _record(doc, "ROLE", span, {"ru": role_norm(text[span[0]:span[1]]), "person_id": prec.id},
                           "rules:ru.roles", 0.85)
            if not _overlaps(role, out):
                out.append(role)
    blocked = list(out) + [r for r in doc.records if r.label in ("PERSON", "ROLE", "DOCNUM")]
    for o in find_orgs(text):
        rec = _record(doc, "ORG", (o.start, o.end), {"ru": o.canonical, "key": org_key(o.canonical)},
                      f"rules:ru.orgs:{o.pattern}", 0.9)
        if not _overlaps(rec, blocked):
            out.append(rec)
            blocked.append(rec)
    for pl in find_places(text):
        rec = _record(doc, "PLACE", (pl.start, pl.end), {"ru": pl.canonical}, f"rules:ru.places:{pl.pattern}",
                      _PLACE_CONFIDENCE[pl.pattern], subtype=pl.subtype)
        if not _overlaps(rec, blocked):
            out.append(rec)
            blocked.append(rec)
    # Document furniture (`Сов.`, `Шифром`, `Копия`) is never a name, whichever rule proposed it.
    return [r for r in out if not is_furniture_word(r.text)]


@doc_component("ru.headers", langs=("ru",))
def ru_headers(doc: Document, ctx: RunContext) -> list[Record]:
    """Parse the document header once; the `telegrams` and `align` stages read it from the context.

    Adds no records of its own: the header's parts are records of `ru.entities`/`ru.dates`/`ru.docnums`.
    """
    headers = ctx.resource("ru.headers", dict)
    # Keyed by the document object too: a reused pipeline may see another text under the same doc_id.
    headers[doc.doc_id] = (id(doc), parse_header(doc))
    return []
