"""How slovnet's spans join the rule records of a Russian document (policy `fill`, measured on dev).

Rules are precise on what they know (initials + surname, camps, polities, institution acronyms);
the model finds what they do not (bare surnames in capitals, first names, foreign places, named
enterprises). A model span is kept only where no earlier record of any label lies, outside document
furniture, and after trimming; its norm comes from pymorphy3 (`pipeline.ru.ner`).
"""
from __future__ import annotations

import re

from ..records import Document, Record
from ..runner import view_of
from .furniture import furniture_spans, in_furniture
from .ner import ModelSpan, person_parts, phrase_nominative
from .persons import person_norm

_CONFIDENCE = {"PERSON": 0.8, "PLACE": 0.75, "ORG": 0.7}
#: A state or region in the genitive right after a body's name (`... СССР`, `... Карагандинской области`).
_POLITY_TAIL = re.compile(r"\s+(?:СССР|РСФСР|КазССР|Союза\s+ССР|[А-ЯЁ][а-яё]+(?:ской|цкой)\s+(?:ССР|АССР|области|края))(?![А-ЯЁа-яё])")
#: Words the news model tags but archival documents use as common words or furniture.
_NEVER = {"экз", "исп", "отп", "тов", "гр", "вх", "исх", "сов", "копия", "верно", "лаг", "итл"}


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".)"):
        e -= 1
    if e > s and text[e - 1] == "." and not re.search(r"(?:^|[\s.])[А-ЯЁA-Z]\.$", text[s:e]):
        e -= 1  # a sentence's full stop, not an initial's
    return s, e


def _cut_at_break(doc: Document, view, s: int, e: int) -> tuple[int, int]:
    """The model reads re-flowed text; a span running over a line break of the original ends there
    (`Тулегенов` / `Допросил: ...` on the next line)."""
    a, b = view.to_original(s, e)
    cut = doc.text.find("\n", a, b)
    if cut == -1:
        return s, e
    return view.to_clean(a, cut)


def _person_like(phrase: str) -> bool:
    """Every word could be part of a name: no adjective (`Павлодарская`), and at least one surname,
    first name or initial."""
    from .morph import analyzer
    from .persons import _is_surname_like

    words = re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?\.?", phrase)
    named = False
    for w in words:
        if w.endswith(".") and len(w) == 2:
            named = True
            continue
        w = w.rstrip(".")
        parses = analyzer().parse(w.lower())
        top = parses[0] if parses else None
        if top is not None and "ADJF" in top.tag and not any("Surn" in p.tag for p in parses):
            return False
        if not w[:1].isupper():
            return False
        if _is_surname_like(w.capitalize()) or any(t in p.tag for p in parses for t in ("Name", "Surn", "Patr")):
            named = True
        elif analyzer().word_is_known(w.lower()):
            return False
    return named


def _common_noun(word: str) -> bool:
    """A dictionary word with no proper-name reading (no Geox, Name, Surn, Orgn, Abbr)."""
    from .morph import analyzer

    low = word.lower()
    if not analyzer().word_is_known(low):
        return False
    return not any(t in p.tag for p in analyzer().parse(low) for t in ("Geox", "Name", "Surn", "Orgn", "Abbr", "Patr"))


def _plausible(label: str, phrase: str) -> bool:
    if len(phrase) < 2 or not phrase[:1].isupper():
        return False
    if phrase.lower().rstrip(".") in _NEVER:
        return False
    if label == "ORG" and phrase.isupper() and " " not in phrase:
        from .orgs import ACRONYMS

        if phrase not in ACRONYMS:
            return False  # `ШИЗО`, `ПРИКАЗ`, `СПРАВКА`: capitals the news model takes for a body
    if label == "PERSON" and not (re.search(r"[А-ЯЁа-яё]{2}", phrase) and _person_like(phrase)):
        return False
    return True


def model_records(doc: Document, spans: list[ModelSpan], make_record, policy: str = "fill") -> list[Record]:
    """Records for the model spans that fill gaps of the rules (`make_record(doc, label, clean, norm, source,
    confidence, subtype)` maps clean-view offsets back to the original text)."""
    view = view_of(doc)
    text = view.text
    furniture = furniture_spans(text)
    taken = [view.to_clean(r.start, r.end) for r in doc.records]
    known = {}  # surname -> initials, from the rules' persons
    for r in doc.records:
        if r.label == "PERSON" and r.norm.get("surname") and r.norm.get("initials"):
            known.setdefault(r.norm["surname"], r.norm["initials"])
    out: list[Record] = []
    for sp in spans:
        s, e = _cut_at_break(doc, view, sp.start, sp.end)
        s, e = _trim(text, s, e)
        phrase = text[s:e]
        if not _plausible(sp.label, phrase) or in_furniture(s, e, furniture):
            continue
        before = text[:s].rstrip()
        at_start = not before or before[-1] in ".!?:;\n«\"—-"
        if at_start and sp.label in ("PLACE", "ORG") and " " not in phrase and not phrase.isupper() \
                and _common_noun(phrase):
            continue  # `Уголь возили ...`: a capitalised common word at a sentence start
        if sp.label == "PLACE" and " " in phrase and all(_common_noun(w) for w in phrase.split()):
            continue  # `Посевная площадь`: common words, no name
        if sp.label == "ORG":
            tail = _POLITY_TAIL.match(text, e)
            if tail:  # `Министерство цветной металлургии` + `СССР`: the state belongs to the body
                e = tail.end()
                phrase = text[s:e]
                inner = [r for r in doc.records if r.label in ("PLACE", "ORG")
                         and view.to_clean(r.start, r.end)[0] >= tail.start()
                         and view.to_clean(r.start, r.end)[1] <= e]
                for r in inner:
                    doc.records.remove(r)
                    taken.remove(view.to_clean(r.start, r.end))
        if policy == "widen":  # a longer model span of the same label replaces the one rule span inside it
            inside = [r for r in doc.records if s < view.to_clean(r.start, r.end)[1] and view.to_clean(r.start, r.end)[0] < e]
            if len(inside) == 1 and inside[0].label == sp.label and inside[0].subtype is None \
                    and s <= view.to_clean(inside[0].start, inside[0].end)[0] \
                    and view.to_clean(inside[0].start, inside[0].end)[1] <= e \
                    and (s, e) != view.to_clean(inside[0].start, inside[0].end):
                doc.records.remove(inside[0])
                taken.remove(view.to_clean(inside[0].start, inside[0].end))
        if any(s < te and ts < e for ts, te in taken):
            continue
        if sp.label == "PERSON":
            parts = person_parts(phrase)
            if parts is None:
                continue
            surname, initials = parts
            norm = person_norm(surname, initials or known.get(surname, ""))
        else:
            norm = {"ru": phrase_nominative(" ".join(phrase.split()))}
        out.append(make_record(doc, sp.label, (s, e), norm, "model:slovnet", _CONFIDENCE[sp.label], None))
        taken.append((s, e))
    return out
