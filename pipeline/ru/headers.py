"""Headers of Russian archival documents: what the document is, its number, date, route,
secrecy, sender, recipient, signatory and archival reference.

    Телеграмма № 71 Министра внутренних дел С.Н. Круглова С.Б. Егорову о временном ...
    3 июня 1954 г. Шифром Из Москвы в Кенгир
    ...
    Министр внутренних дел СССР генерал-полковник С. КРУГЛОВ
    ГАРФ. Ф. 9421. Оп. 1. Д. 299. Л. 50. Подлинник.

`parse_header` is a pure function of the document text and the records already found in it
(persons, roles, orgs, places from `ru.entities`; DATE/DOCNUM from `ru.dates`/`ru.docnums`).
Sender and recipient are told apart by grammatical case: the sender is in the genitive
(`Круглова`), the recipient in the dative (`Егорову`), as in the titles of published collections.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..records import Document, Record
from .morph import analyzer

#: Document kinds named at the start of a title (lemma-ish stems -> kind).
DOC_KINDS = {
    "телеграмм": "telegram", "шифротелеграмм": "telegram", "спецсообщени": "report",
    "докладн": "report", "доклад": "report", "донесени": "report", "сообщени": "report",
    "письм": "letter", "записк": "memo", "справк": "memo", "приказ": "order", "распоряжени": "order",
    "директив": "order", "постановлени": "resolution", "решени": "resolution", "обращени": "appeal",
    "указани": "order", "протокол": "minutes", "акт": "act",
}
SECRECY = re.compile(
    r"(?<![а-яё])(?:Сов(?:ершенно|\.)\s*секретно|Секретно|Особой важности|Шифром|Шифротелеграмма|Вне очереди|Срочно)(?![а-яё])",
    re.IGNORECASE,
)
ROUTE = re.compile(r"(?<![а-яё])Из\s+(?P<src>[А-ЯЁ][А-ЯЁа-яё-]+)\s+в\s+(?P<dst>[А-ЯЁ][А-ЯЁа-яё-]+)")
ARCHIVE_REF = re.compile(
    r"(?P<archive>[А-ЯЁ][А-ЯЁа-яё ]{1,12}?)\.\s*Ф\.\s*(?P<fond>[\w-]+)\.\s*Оп\.\s*(?P<opis>[\w-]+)\.\s*"
    r"Д\.\s*(?P<delo>[\w-]+)\.\s*Лл?\.\s*(?P<list>[\d\s,–-]+\d)\.?(?:\s*(?P<kind>Подлинник|Копия|Заверенная копия)\.?)?"
)
_NUMBER_IN_TITLE = re.compile(r"№\s*(?P<num>[\w/.-]*\d[\w/.-]*)")


@dataclass
class Party:
    """A sender or recipient: a person (with role) or an organisation."""

    name: str
    kind: str  # "person" | "org"
    role: str | None = None
    record_id: str | None = None


@dataclass
class Header:
    doc_id: str
    kind: str | None = None
    number: str | None = None
    date: str | None = None
    title: str | None = None
    subject: str | None = None
    route: dict | None = None
    secrecy: list[str] = field(default_factory=list)
    senders: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    signatory: Party | None = None
    archive_ref: dict | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _case_of(word: str) -> set[str]:
    return {c for p in analyzer().parse(word.lower()) for c in ("gent", "datv") if c in p.tag}


def parse_header(doc: Document) -> Header:
    """Read the header fields of a Russian document from its text and records."""
    text = doc.text
    head = Header(doc_id=doc.doc_id)
    # Lines with their offsets; the header zone ends before the first long prose line.
    lines = [(m.start(), m.group().rstrip("\r\n")) for m in re.finditer(r"[^\n]*\n|[^\n]+$", text)]
    zone_end = 0
    for i, (start, ln) in enumerate(lines[:6]):
        if len(ln) > 160 and i > 0 and not ln.lstrip().lower().startswith(tuple(DOC_KINDS)):
            break
        zone_end = start + len(ln)
    # The title: the first of the first three real lines that starts with a kind of document.
    real = [(s, ln) for s, ln in lines if ln.strip() and not ln.lstrip().startswith("[")][:3]
    first_start, first = real[0] if real else (0, "")
    for s, ln in real:
        word = ln.strip().split()[0].lower()
        kind = next((k for stem, k in DOC_KINDS.items() if word.startswith(stem)), None)
        # A noun naming the document (`Докладная`, `Телеграмма`), not a verb of the body (`Докладываем`).
        if kind and not any(t in analyzer().parse(word)[0].tag for t in ("NOUN", "ADJF")):
            kind = None
        if kind:
            first_start, first = s, ln
            head.kind = kind
            head.title = ln.strip()
            m = _NUMBER_IN_TITLE.search(ln)
            if m:
                head.number = m.group("num").rstrip(".")
            subj = re.search(r"\s(?:о|об|обо)\s(.+)$", ln.strip())
            if subj:
                head.subject = subj.group(0).strip()
            break
    first_end = first_start + len(first)
    docnums = [r for r in doc.records if r.label == "DOCNUM" and r.start < zone_end]
    if head.number is None and docnums:
        head.number = str(docnums[0].norm.get("value") or docnums[0].text)
    dates = [r for r in doc.records if r.label == "DATE" and r.start < zone_end and r.norm.get("iso")]
    if dates:
        head.date = dates[0].norm["iso"]
    zone = text[:zone_end]
    head.secrecy = [" ".join(m.group().split()) for m in SECRECY.finditer(zone)]
    m = ROUTE.search(zone)
    if m:
        from .morph import place_lemma

        head.route = {"from": place_lemma(m.group("src")) or m.group("src"),
                      "to": place_lemma(m.group("dst")) or m.group("dst")}
    _parties(doc, head, first_end=first_end, zone_end=zone_end)
    head.signatory = _signatory(doc)
    refs = list(ARCHIVE_REF.finditer(text))
    if refs:
        m = refs[-1]  # the reference closes the document
        head.archive_ref = {
            "archive": m.group("archive").strip(), "fond": m.group("fond"), "opis": m.group("opis"),
            "delo": m.group("delo"), "list": " ".join(m.group("list").split()), "kind": m.group("kind"),
            "text": m.group().strip(),
        }
    return head


def _role_for(doc: Document, person: Record) -> str | None:
    for r in doc.records:
        if r.label == "ROLE" and r.norm.get("person_id") == person.id:
            return r.norm.get("ru")
    return None


def _parties(doc: Document, head: Header, first_end: int, zone_end: int) -> None:
    persons = [r for r in doc.records if r.label == "PERSON"]
    # Title persons: genitive = sender, dative = recipient (`Министра ... Круглова С.Б. Егорову`).
    if head.title:
        in_title = [r for r in persons if r.end <= first_end]
        for i, p in enumerate(in_title):
            last = p.text.split()[-1].split(".")[-1]
            cases = _case_of(last)
            role = _role_for(doc, p)
            role_cases: set[str] = set()
            role_rec = next((r for r in doc.records if r.label == "ROLE" and r.norm.get("person_id") == p.id), None)
            if role_rec is not None:
                role_cases = _case_of(role_rec.text.split()[0])
            party = Party(p.norm.get("ru", p.text), "person", role, p.id)
            if "datv" in cases and "gent" not in cases or role_cases == {"datv"}:
                head.recipients.append(party)
            elif "gent" in cases and "datv" not in cases or role_cases == {"gent"}:
                head.senders.append(party)
            else:  # indeclinable (`Руденко`, `Сидоренко`): after `и` the same side as before; else by order
                prev_end = in_title[i - 1].end if i else 0
                joined = bool(i) and re.search(r"\sи\s", doc.text[prev_end:p.start])
                if joined:
                    (head.senders if head.senders and in_title[i - 1].id == head.senders[-1].record_id
                     else head.recipients).append(party)
                elif not head.senders and i + 1 < len(in_title):
                    head.senders.append(party)
                else:
                    head.recipients.append(party)
        # Organisations in the title: `в МВД СССР`, `к ... ЦК КПСС` = recipient, otherwise sender.
        for r in doc.records:
            if r.label == "ORG" and r.end <= first_end:
                before = doc.text[max(0, r.start - 3):r.start]
                party = Party(r.norm.get("ru", r.text), "org", None, r.id)
                (head.recipients if re.search(r"(?:^|\s)[вк]о?\s$", before) else head.senders).append(party)
    # Addressee lines: organisations on a header line of their own (`Совет Министров Союза ССР, ЦК КПСС`).
    if not head.recipients:
        for r in doc.records:
            if r.label == "ORG" and first_end <= r.start < zone_end:
                line_start = doc.text.rfind("\n", 0, r.start) + 1
                line_end = doc.text.find("\n", r.end)
                line = doc.text[line_start:line_end if line_end >= 0 else len(doc.text)]
                if len(line) < 120 and not line.strip().lower().startswith(tuple(DOC_KINDS)):
                    head.recipients.append(Party(r.norm.get("ru", r.text), "org", None, r.id))


def _signatory(doc: Document) -> Party | None:
    """The person of the last short line that carries a capitalised signature or a name after a role."""
    persons = [r for r in doc.records if r.label == "PERSON"]
    if not persons:
        return None
    body_end = len(doc.text)
    ref = list(ARCHIVE_REF.finditer(doc.text))
    if ref:
        body_end = ref[-1].start()
    for p in reversed(persons):
        if p.end > body_end:
            continue
        line_start = doc.text.rfind("\n", 0, p.start) + 1
        line_end = doc.text.find("\n", p.end)
        line = doc.text[line_start:line_end if line_end >= 0 else len(doc.text)]
        surname_caps = p.text.split()[-1].isupper()
        if (surname_caps or len(line) < 100) and doc.text[p.end:body_end].strip() == "":
            return Party(p.norm.get("ru", p.text), "person", _role_for(doc, p), p.id)
        break
    return None
