"""Components for Russian documents: `ru.numbers`, `ru.entities`, `ru.headers`.

Each runs the extractors of this package on the re-flowed view and maps spans back to the
original text (`view.to_original`), so offsets hold whatever line breaks the source had.
"""
from __future__ import annotations

import re

from ..records import Document, Record
from ..registry import doc_component
from ..runner import RunContext, view_of
from .furniture import is_furniture_word
from .headers import parse_header
from .numbers import find_numbers
from .orgs import find_orgs, org_key
from .furniture import furniture_spans, in_furniture
from .persons import feminine_surname, fill_initials, find_caps_signatures, find_persons, person_norm
from .places import find_places, latin_lookalikes_to_cyrillic
from .roles import find_roles, role_before, role_norm

#: Labels of earlier components whose digits are not counts.
_NOT_COUNTS = ("DATE", "TIME", "DOCNUM")

_PERSON_CONFIDENCE = {"initials+surname": 0.95, "surname+initials": 0.9, "title+surname": 0.85, "surname": 0.7,
                      "full name": 0.95, "name+patronymic": 0.8, "first name": 0.7, "name+surname": 0.85, "surname+name": 0.8, "caps signature": 0.85}
_PLACE_CONFIDENCE = {"unit": 0.9, "camp": 0.9, "-лаг": 0.85, "polity": 0.9, "geox": 0.8, "gazetteer": 0.8,
                     "generic": 0.75, "facility": 0.8}


def _record(doc: Document, label: str, clean: tuple[int, int], norm: dict, source: str,
            confidence: float, subtype: str | None = None) -> Record:
    s, e = view_of(doc).to_original(*clean)
    if isinstance(norm.get("ru"), str) and "ё" in norm["ru"] and "ё" not in doc.text[s:e].lower():
        norm = {**norm, "ru": norm["ru"].replace("ё", "е").replace("Ё", "Е")}  # the text writes `е`
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


@doc_component("ru.archrefs", langs=("ru",))
def ru_archrefs(doc: Document, ctx: RunContext) -> list[Record]:
    """Archive references as one ARCHREF each, and resolution/stamp dates with a Roman month
    (`12.VI.54`) as DATE. The NUMBER/DATE/DOCNUM/TIME records inside references, and
    inside document furniture (`Экз. № 2`), are dropped: neither is a value of the document."""
    from ..extract.archrefs import find_archrefs, find_numeric_dates, find_roman_dates

    view = view_of(doc)
    out = [_record(doc, "ARCHREF", (a.start, a.end), a.norm(), "rules:ru.archrefs", 0.95)
           for a in find_archrefs(view.text)]
    # Resolution and stamp dates with a Roman month (`12.VI.54`): one DATE, not a NUMBER.
    for s, e, iso in find_roman_dates(view.text) + find_numeric_dates(view.text):
        norm = {"iso": iso, "year_inferred": False}
        if "/" in iso:
            norm["start"], norm["end"] = iso.split("/")
        rec = _record(doc, "DATE", (s, e), norm, "rules:ru.archrefs:stamp-date", 0.9)
        if not _overlaps(rec, out) and not any(r.label == "DATE" and _overlaps(rec, [r]) for r in doc.records):
            doc.records[:] = [r for r in doc.records if not (r.label in ("NUMBER", "DOCNUM", "TIME") and _overlaps(r, [rec]))]
            out.append(rec)
    # A birth year keeps its `р.` (`1913 г. р.`, annotation notes): `ru.dates` stops after `г.`.
    for i, r in enumerate(doc.records):
        if r.label == "DATE" and r.text.endswith("г."):
            m = re.match(r"[ \t]?р\.", doc.text[r.end:r.end + 4])
            if m:
                e = r.end + m.end()
                doc.records[i] = Record(doc_id=r.doc_id, label=r.label, start=r.start, end=e, text=doc.text[r.start:e],
                                        norm=r.norm, confidence=r.confidence, source=r.source, lang=r.lang,
                                        subtype=r.subtype)
    furniture = [view.to_original(s, e) for s, e in furniture_spans(view.text)]
    if out or furniture:
        doc.records[:] = [r for r in doc.records if not (
            r.label in ("NUMBER", "DATE", "DOCNUM", "TIME") and (
                _overlaps(r, out) or any(r.start < e and s < r.end for s, e in furniture)))]
    return out


@doc_component("ru.entities", langs=("ru",))
def ru_entities(doc: Document, ctx: RunContext) -> list[Record]:
    """PERSON (with ROLE), ORG and PLACE mentions; persons win overlaps, then roles, orgs, places."""
    view = view_of(doc)
    text = latin_lookalikes_to_cyrillic(view.text)

    def crosses_break(s: int, e: int) -> str | None:
        a, b = view.to_original(s, e)
        piece = doc.text[a:b]
        if "\n" not in piece:
            return None
        return "paragraph" if re.search(r"\n\s*\n", piece) else "line"

    persons = find_persons(text, crosses_break)
    taken = [view.to_original(p.start, p.end) for p in persons]
    for s, e, surname in find_caps_signatures(doc.text):
        if not any(s < te and ts < e for ts, te in taken):
            from .persons import PersonSpan

            cs, ce = view.to_clean(s, e)
            persons.append(PersonSpan(cs, ce, surname, "", "caps signature"))
    persons.sort(key=lambda p: p.start)
    persons += _name_and_patronymic(text, persons)
    persons.sort(key=lambda p: p.start)
    fill_initials(persons)
    _agree_gender(persons)
    furniture = furniture_spans(text)
    persons = [p for p in persons if not in_furniture(p.start, p.end, furniture)]
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
    for span in find_roles(text):
        role = _record(doc, "ROLE", span, {"ru": role_norm(text[span[0]:span[1]]), "person_id": None},
                       "rules:ru.roles:standalone", 0.75)
        if not _overlaps(role, out) and not in_furniture(span[0], span[1], furniture):
            out.append(role)
    blocked = list(out) + [r for r in doc.records if r.label in ("PERSON", "ROLE", "DOCNUM", "ARCHREF")]
    places = find_places(text)
    _name_divisions(places)
    # A numbered camp or mine (`Особлаг № 8`, `шахте № 31`) is a PLACE, its number no DOCNUM or NUMBER.
    numbered = [view.to_original(pl.start, pl.end) for pl in places if pl.pattern in ("camp", "-лаг", "unit", "facility")]
    doc.records[:] = [r for r in doc.records if not (r.label in ("DOCNUM", "NUMBER") and any(
        s <= r.start and r.end <= e for s, e in numbered))]
    blocked = list(out) + [r for r in doc.records if r.label in ("PERSON", "ROLE", "DOCNUM", "ARCHREF")]
    for pl in places:  # camps first: `Степлага МВД СССР` is one camp, not a camp and an ORG
        if pl.subtype in ("camp", "unit"):
            rec = _record(doc, "PLACE", (pl.start, pl.end), {"ru": pl.canonical}, f"rules:ru.places:{pl.pattern}",
                          _PLACE_CONFIDENCE[pl.pattern], subtype=pl.subtype)
            if not _overlaps(rec, blocked):
                out.append(rec)
                blocked.append(rec)
    for o in find_orgs(text):
        rec = _record(doc, "ORG", (o.start, o.end), {"ru": o.canonical, "key": org_key(o.canonical)},
                      f"rules:ru.orgs:{o.pattern}", 0.9)
        if not _overlaps(rec, blocked):
            out.append(rec)
            blocked.append(rec)
    for pl in places:
        if pl.subtype in ("camp", "unit"):
            continue
        rec = _record(doc, "PLACE", (pl.start, pl.end), {"ru": pl.canonical}, f"rules:ru.places:{pl.pattern}",
                      _PLACE_CONFIDENCE[pl.pattern], subtype=pl.subtype)
        if not _overlaps(rec, blocked):
            out.append(rec)
            blocked.append(rec)
    # Document furniture (`Сов.`, `Шифром`, `Копия`) is never a name, whichever rule proposed it.
    return [r for r in out if not is_furniture_word(r.text)]


def _name_divisions(places) -> None:
    """A named camp division (`Экибастузское отделение`, `Долинское`) is named with the camp the
    document is about: `Долинское отделение Карлага` (the camp most often named in the document)."""
    camps: dict[str, int] = {}
    for pl in places:
        if pl.subtype == "camp" and pl.canonical.endswith("лаг"):
            camps[pl.canonical] = camps.get(pl.canonical, 0) + 1
    camp = max(camps, key=camps.get) if camps else None
    for pl in places:
        if pl.subtype == "unit" and pl.pattern == "facility" and "отделени" in pl.canonical:
            words = pl.canonical.split()
            adj = words[0]
            if adj.endswith(("ский", "ской", "ская", "цкий", "ный", "ная")):
                from .ner import _nominative_word

                adj = _nominative_word(adj, ("neut", "sing"))
            pl.canonical = f"{adj} отделение" + (f" {camp}а" if camp else "")


def _name_and_patronymic(text: str, persons) -> list:
    """`Александр Исаевич` alone: the person of the document with those initials, when only one has them."""
    from .persons import PersonSpan, _tagged

    out = []
    for m in re.finditer(r"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]+)\s([А-ЯЁ][а-яё]+(?:вич|вна|ич|чна|ична)[а-яё]{0,2})(?![А-ЯЁа-яё])", text):
        if any(p.start < m.end() and m.start() < p.end for p in persons):
            continue
        if not (_tagged(m.group(1), "Name") and _tagged(m.group(2), "Patr")):
            continue
        initials = f"{m.group(1)[0]}. {m.group(2)[0]}."
        owners = {p.surname for p in persons if p.initials == initials}
        if len(owners) == 1:
            out.append(PersonSpan(m.start(), m.end(), owners.pop(), initials, "name+patronymic"))
    return out


def _agree_gender(persons) -> None:
    """A surname written feminine anywhere in the document (`Шиманская Людмила Францевна`) is the
    same woman's elsewhere (`Шиманскую` read as masculine `Шиманский` by default)."""
    feminine = {p.surname for p in persons}
    for p in persons:
        for other in persons:
            if other.surname != p.surname and feminine_surname(p.surname) == other.surname:
                p.surname = other.surname
                break
    del feminine


@doc_component("ru.headers", langs=("ru",))
def ru_headers(doc: Document, ctx: RunContext) -> list[Record]:
    """Parse the document header once; the `telegrams` and `align` stages read it from the context.

    Adds no records of its own: the header's parts are records of `ru.entities`/`ru.dates`/`ru.docnums`.
    """
    headers = ctx.resource("ru.headers", dict)
    # Keyed by the document object too: a reused pipeline may see another text under the same doc_id.
    headers[doc.doc_id] = (id(doc), parse_header(doc))
    return []


#: How model spans join the rule records (measured on tests/corpus/ru/dev, docs/russian.md):
#: `fill` adds a model span only where no record of any label lies; `rules_only` adds nothing.
RU_NER_POLICIES = ("fill", "widen", "rules_only")
DEFAULT_RU_NER_POLICY = "fill"
_RU_NER_CONFIDENCE = {"PERSON": 0.8, "PLACE": 0.75, "ORG": 0.7}
_warned: set[str] = set()


def _ru_tagger(ctx: RunContext):
    """The shared slovnet tagger, or None (with one clear message on stderr) when its files are absent."""
    from .ner import RuNerUnavailable, SlovnetTagger

    def build():
        try:
            return SlovnetTagger()
        except RuNerUnavailable as exc:
            if str(exc) not in _warned:
                _warned.add(str(exc))
                import sys

                print(f"jazba: warning: {exc}", file=sys.stderr)
            return None

    return ctx.resource("ru.ner.tagger", build)


@doc_component("ru.ner", langs=("ru",))
def ru_ner(doc: Document, ctx: RunContext) -> list[Record]:
    """Statistical PERSON/PLACE/ORG (slovnet) merged with the rules of `ru.entities` by `$JAZBA_RU_NER_POLICY`."""
    import os

    policy = os.environ.get("JAZBA_RU_NER_POLICY", DEFAULT_RU_NER_POLICY)
    if policy not in RU_NER_POLICIES:
        raise ValueError(f"JAZBA_RU_NER_POLICY={policy!r}: choose one of {', '.join(RU_NER_POLICIES)}")
    if policy == "rules_only":
        return []
    tagger = _ru_tagger(ctx)
    if tagger is None:
        return []
    from .merge import model_records

    return model_records(doc, tagger.spans(view_of(doc).text), _record, policy)
