"""Cross-lingual entity linking: each Kazakh PERSON/PLACE/ORG entity to the Russian entity it names.

Russian mentions are first grouped into entities across all Russian documents (same surname and
compatible initials; same canonical place/organisation key). Each Kazakh entity is then scored
against every Russian entity of its label; the evidence is kept with the score:

- PERSON: surname (Kazakh endings stripped, transliterated, folded) equal, or one edit apart in
  a long name; initials equal / compatible (one side shorter) / conflicting; the roles of the
  two mentions naming the same position; no other Russian person with that surname competing.
- PLACE / ORG: the folded canonical Russian names equal (gazetteer pair when the Kazakh norm came
  from a gazetteer), camp divisions by their number, or one edit apart for long names.

Links are conservative: a score below `LINK_THRESHOLD` is no link, a conflicting first initial or
surname is never a link, and two equally good Russian candidates leave the Kazakh entity unlinked.
Variant spellings are linked with evidence rather than dropped: a conflicting patronymic initial
(`С. Б.` / `С. Е.`: archival typos, OCR) or a one-letter surname variant gives a link scored
`CONFLICT_SCORE` with `evidence["conflict"]`; such links go to review (the `links.review` stage caps the
confidence of the linked mentions). Russian mentions with a conflicting patronymic join the one
entity of that surname and first initial, and the entity notes the variant.

Entity ids are corpus-wide: Russian ids are `ru:<LABEL>:<key>` over all Russian documents; linked
Kazakh mentions take the Russian id, unlinked Kazakh entities `kk:<LABEL>:<key>` over all Kazakh
documents (`assign_corpus_ids`), so one real person has one id in both languages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Document, Record
from ..ru.orgs import org_key
from ..ru.roles import role_head
from .kkside import fold, kk_to_ru, person_parts, strip_endings

LINK_THRESHOLD = 0.65
#: Score of a link whose evidence conflicts (patronymic initial, one-letter surname variant): just
#: above the threshold, so an exact candidate always wins and the link is sent to review.
CONFLICT_SCORE = 0.66
ENTITY_LABELS = ("PERSON", "PLACE", "ORG")


@dataclass
class Entity:
    """Mentions of one person/place/organisation in one language (Russian: across documents)."""

    entity_id: str
    label: str
    lang: str
    canonical: str
    key: str
    surname: str = ""
    initials: str = ""
    subtype: str | None = None
    roles: set[str] = field(default_factory=set)
    mentions: list[Record] = field(default_factory=list)
    from_gazetteer: bool = False
    #: Other initials written for this person (`С. Б.` beside the canonical `С. Е.`).
    variants: set[str] = field(default_factory=set)
    #: Other keys of the same body (`гулаг` beside `гулаг мвд ссср`: the owner left out).
    aliases: set[str] = field(default_factory=set)
    #: How many mentions wrote each full set of initials (filled when there are variants).
    initials_counts: dict[str, int] = field(default_factory=dict)


def surname_key(surname: str) -> str:
    """Folded surname with the feminine form mapped to the masculine, so `Жумадилова` (Kazakh norm of a
    woman's name) meets `Жумадилов` (the Russian side prefers masculine nominatives)."""
    key = fold(surname)
    if len(key) > 5 and key.endswith(("ова", "ева", "ина", "ына")):
        return key[:-1]
    if key.endswith(("ская", "цкая")):
        return key[:-2] + "ий"
    return key


def _initial_letters(initials: str) -> list[str]:
    return re.findall(r"[^\W\d_]", initials.upper())


def initials_relation(a: str, b: str) -> str:
    """`equal`, `compatible` (one is a prefix of the other, incl. missing), `patronymic_conflict`, `conflict`."""
    la, lb = _initial_letters(a), _initial_letters(b)
    if not la or not lb:
        return "compatible"
    if la == lb:
        return "equal"
    if la[0] != lb[0]:
        return "conflict"
    if len(la) == 1 or len(lb) == 1:
        return "compatible"
    return "patronymic_conflict"


def _unit_number(rec: Record) -> str | None:
    m = re.search(r"\d+", rec.text) or re.search(r"\d+", str(rec.norm.get("ru", "")))
    return m.group() if m else None


def place_key(rec: Record) -> str:
    """Comparison key of a PLACE/ORG record: folded canonical Russian name; camp divisions by number."""
    if rec.subtype == "unit":
        num = _unit_number(rec)
        if num:
            return f"unit:{num}"
    name = rec.norm.get("ru") or ""
    if not name:
        word = rec.text.split()[-1] if rec.text.split() else rec.text
        name = kk_to_ru(" ".join(rec.text.split()[:-1] + [strip_endings(word)]), "place") if rec.lang == "kk" else rec.text
    return fold(org_key(name)) if rec.label == "ORG" else fold(name)


def _roles_by_person(doc: Document) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in doc.records:
        if r.label == "ROLE" and r.norm.get("person_id"):
            role = r.norm.get("ru") or ""
            if role:
                out.setdefault(r.norm["person_id"], set()).add(role.lower())
    return out


def group_russian(ru_docs: list[Document]) -> list[Entity]:
    """Group Russian mentions into entities across documents and set their `entity_id` when unset."""
    entities: list[Entity] = []
    persons: list[tuple[Record, set[str]]] = []
    for doc in ru_docs:
        roles = _roles_by_person(doc)
        for r in doc.records:
            if r.label == "PERSON":
                persons.append((r, roles.get(r.id, set())))
    # Longest initials first, so bare surnames join an entity that already knows its initials.
    persons.sort(key=lambda p: -len(_initial_letters(p[0].norm.get("initials", ""))))
    for rec, roles in persons:
        surname = rec.norm.get("surname") or rec.text
        initials = rec.norm.get("initials") or ""
        same = [e for e in entities if e.label == "PERSON" and e.key == surname_key(surname)]
        fitting = [e for e in same if initials_relation(e.initials, initials) in ("equal", "compatible")]
        variant_of = [e for e in same if initials_relation(e.initials, initials) == "patronymic_conflict"]
        if not fitting and len(variant_of) == 1 and len(same) == 1:
            # `С.Б. Егорову` beside `С.Е. Егоров`: one official, a typo in one initial.
            ent = variant_of[0]
            ent.variants.add(initials)
            ent.mentions.append(rec)
            ent.roles |= roles
            continue
        if len(fitting) == 1:
            ent = fitting[0]
            if len(_initial_letters(initials)) > len(_initial_letters(ent.initials)):
                ent.initials = initials
                ent.canonical = f"{ent.surname} {initials}".strip()
        else:
            suffix = "".join(_initial_letters(initials)).lower()
            ent = Entity(f"ru:PERSON:{surname_key(surname)}{'-' + suffix if suffix else ''}{'-' + str(len(same)) if fitting else ''}",
                         "PERSON", "ru", f"{surname} {initials}".strip(), surname_key(surname), surname, initials)
            entities.append(ent)
        ent.mentions.append(rec)
        ent.roles |= roles
    by_key: dict[tuple[str, str], Entity] = {}
    for doc in ru_docs:
        for r in doc.records:
            if r.label not in ("PLACE", "ORG"):
                continue
            key = place_key(r)
            ent = by_key.get((r.label, key))
            if ent is None:
                ent = Entity(f"ru:{r.label}:{key}", r.label, "ru", r.norm.get("ru") or r.text, key, subtype=r.subtype)
                by_key[(r.label, key)] = ent
                entities.append(ent)
            ent.mentions.append(r)
    _merge_owner_suffixes(entities)
    for ent in entities:
        if ent.variants:
            _settle_variants(ent)
        for m in ent.mentions:
            if m.entity_id is None:
                m.entity_id = ent.entity_id
    return entities


#: Owners written after a body's name and often left out (`ГУЛАГ МВД СССР` = `ГУЛАГ`).
_OWNER_SUFFIXES = (" мвд ссср", " нквд ссср", " мгб ссср", " ссср", " мвд", " нквд")


def _merge_owner_suffixes(entities: list[Entity]) -> None:
    """An organisation named without its owner joins the one entity named with it, when exactly one
    longer name fits; the short key stays as an alias for linking."""
    orgs = [e for e in entities if e.label == "ORG"]
    for short in list(orgs):
        longer = [e for e in orgs if e is not short and any(e.key == short.key + suf for suf in _OWNER_SUFFIXES)]
        if len(longer) != 1:
            continue
        target = longer[0]
        target.mentions.extend(short.mentions)
        target.aliases |= {short.key} | short.aliases
        entities.remove(short)
        orgs.remove(short)
        for m in short.mentions:
            if m.entity_id == short.entity_id or m.entity_id is None:
                m.entity_id = target.entity_id


def _settle_variants(ent: Entity) -> None:
    """The initials most mentions write are canonical; a variant mention keeps what it wrote in
    `norm.ru_written` and takes the canonical name (gold: `С.Б. Егорову` -> `Егоров С. Е.`)."""
    counts: dict[str, int] = {}
    for m in ent.mentions:
        ini = m.norm.get("initials") or ""
        if len(_initial_letters(ini)) >= 2:
            counts[ini] = counts.get(ini, 0) + 1
    if not counts:
        return
    ent.initials_counts = counts
    _adopt(ent, max(counts, key=lambda k: (counts[k], k == ent.initials)))


def _adopt(ent: Entity, best: str) -> None:
    """Make `best` the entity's canonical initials; mentions that wrote another variant follow."""
    ent.variants = (ent.variants | {ent.initials}) - {best}
    ent.initials, ent.canonical = best, f"{ent.surname} {best}".strip()
    for m in ent.mentions:
        ini = m.norm.get("initials_conflict") or m.norm.get("initials") or ""
        if ini == best and m.norm.get("initials_conflict"):  # written as the new canonical: back to it
            m.norm["ru"], m.norm["initials"] = ent.canonical, best
            del m.norm["initials_conflict"]
            continue
        if ini in ent.variants and m.norm.get("ru") != ent.canonical:
            m.norm.setdefault("ru_written", m.norm.get("ru"))
            m.norm["ru"] = ent.canonical
            m.norm["initials"] = best
            m.norm["initials_conflict"] = ini


def group_kazakh(kk_docs: list[Document]) -> list[Entity]:
    """Kazakh entities as the `entities` stage grouped them (`entity_id`); ungrouped records stand alone."""
    groups: dict[str, Entity] = {}
    for doc in kk_docs:
        roles = _roles_by_person(doc)
        for r in doc.records:
            if r.label not in ENTITY_LABELS:
                continue
            eid = r.entity_id or r.id
            ent = groups.get(eid)
            if ent is None:
                if r.label == "PERSON":
                    surname, initials = person_parts(r.text, r.norm)
                    ent = Entity(eid, "PERSON", "kk", r.norm.get("ru") or surname, surname_key(surname), surname, initials)
                else:
                    ent = Entity(eid, r.label, "kk", r.norm.get("ru") or r.text, place_key(r), subtype=r.subtype,
                                 from_gazetteer="gazetteer" in (r.source or ""))
                groups[eid] = ent
            elif r.label == "PERSON":
                surname, initials = person_parts(r.text, r.norm)
                if len(_initial_letters(initials)) > len(_initial_letters(ent.initials)):
                    ent.initials = initials
            ent.mentions.append(r)
            ent.roles |= roles.get(r.id, set())
    return list(groups.values())


def _edit_distance_le1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:] if len(a) < len(b) else a[i + 1:] == b[i + 1:]


def _roles_agree(kk_roles: set[str], ru_roles: set[str]) -> bool | None:
    if not kk_roles or not ru_roles:
        return None
    kk_heads = {role_head(r) for r in kk_roles}
    ru_heads = {role_head(r) for r in ru_roles}
    return bool(kk_heads & ru_heads)


def score_person(kk: Entity, ru: Entity) -> tuple[float, dict]:
    """Score and evidence for a Kazakh and a Russian person; 0 when they cannot be one person."""
    if not kk.key or not ru.key:
        return 0.0, {}
    evidence: dict = {"kk_surname": kk.surname, "ru_surname": ru.surname}
    if kk.key == ru.key:
        score, evidence["surname"] = 0.6, "equal"
    elif len(kk.key) >= 6 and _edit_distance_le1(kk.key, ru.key):
        score, evidence["surname"] = 0.45, "one_edit"
    else:
        return 0.0, {}
    rel = initials_relation(kk.initials, ru.initials)
    if rel == "patronymic_conflict" and any(initials_relation(kk.initials, v) == "equal" for v in ru.variants):
        rel = "equal"  # the Russian side itself wrote this variant
    evidence["initials"] = {"kk": kk.initials, "ru": ru.initials, "relation": rel}
    if rel == "conflict":
        return 0.0, {}
    shared = min(len(_initial_letters(kk.initials)), len(_initial_letters(ru.initials)))
    conflicts = []
    if rel == "patronymic_conflict":
        conflicts.append("patronymic")
    if evidence["surname"] == "one_edit":
        if not shared:
            return 0.0, {}  # a one-letter variant with no initial to back it is too weak
        conflicts.append("surname_variant")
    if conflicts:
        if len(conflicts) > 1:
            return 0.0, {}  # two weak spots at once: not one person
        evidence["conflict"] = conflicts[0]
        agree = _roles_agree(kk.roles, ru.roles)
        if agree is not None:
            evidence["role"] = "agree" if agree else "differ"
        return CONFLICT_SCORE, evidence
    full = min(len(_initial_letters(kk.initials)), len(_initial_letters(ru.initials)))
    score += {"equal": 0.3 if full >= 2 else 0.2, "compatible": 0.1 if full else 0.08,
              "patronymic_conflict": -0.1}[rel]
    agree = _roles_agree(kk.roles, ru.roles)
    if agree is not None:
        evidence["role"] = "agree" if agree else "differ"
        score += 0.05 if agree else -0.03
    return round(min(score, 0.99), 3), evidence


def score_place(kk: Entity, ru: Entity) -> tuple[float, dict]:
    if kk.label != ru.label or not kk.key or not ru.key:
        return 0.0, {}
    evidence: dict = {"kk_key": kk.key, "ru_key": ru.key}
    if kk.key.startswith("unit:") or ru.key.startswith("unit:"):
        if kk.key == ru.key:
            evidence["match"] = "unit_number"
            return 0.8, evidence
        return 0.0, {}
    if kk.key == ru.key:
        evidence["match"] = "gazetteer_pair" if kk.from_gazetteer else "canonical_equal"
        return (0.92 if kk.from_gazetteer else 0.85), evidence
    if kk.key in ru.aliases:
        evidence["match"] = "alias_without_owner"
        return 0.8, evidence
    if len(kk.key) >= 6 and _edit_distance_le1(kk.key, ru.key):
        evidence["match"] = "transliteration_one_edit"
        return 0.7, evidence
    return 0.0, {}


@dataclass
class Link:
    kk: Entity
    ru: Entity
    score: float
    method: str
    evidence: dict


def link_entities(kk_entities: list[Entity], ru_entities: list[Entity]) -> list[Link]:
    """The best Russian entity for each Kazakh entity, when it is clearly best and scores enough."""
    links: list[Link] = []
    for kk in kk_entities:
        scored = []
        for ru in ru_entities:
            if ru.label != kk.label:
                continue
            score, ev = score_person(kk, ru) if kk.label == "PERSON" else score_place(kk, ru)
            if score > 0:
                scored.append((score, ru, ev))
        if not scored:
            continue
        scored.sort(key=lambda t: -t[0])
        best, ru, ev = scored[0]
        rivals = [s for s, _, _ in scored[1:] if s >= best - 0.05]
        if rivals:
            ev["ambiguous_with"] = [r.entity_id for s, r, _ in scored[1:] if s >= best - 0.05]
            best = round(best * 0.8, 3)
        if best < LINK_THRESHOLD or (ev.get("conflict") and rivals):
            continue
        method = "person_rules" if kk.label == "PERSON" else ev.get("match", "canonical")
        if kk.label == "PERSON":
            _feminine_from_kazakh(kk, ru, ev)
        if kk.label == "PERSON" and kk.initials in ru.variants and \
                ru.initials_counts.get(kk.initials, 0) >= ru.initials_counts.get(ru.initials, 0):
            _adopt(ru, kk.initials)  # a tie between the Russian spellings, settled by the Kazakh text
            ev["initials"]["ru"] = ru.initials
        links.append(Link(kk, ru, best, method, ev))
    return links


def alignment_rows(links: list[Link]) -> list[dict]:
    """alignments.jsonl rows: one per linked Kazakh entity and Russian document."""
    rows = []
    for link in links:
        by_doc: dict[str, list[Record]] = {}
        for m in link.ru.mentions:
            by_doc.setdefault(m.doc_id, []).append(m)
        for doc_id, mentions in sorted(by_doc.items()):
            rows.append({
                "type": "entity",
                "label": link.kk.label,
                "kk_entity_id": link.kk.entity_id,
                "kk_record_ids": [m.id for m in link.kk.mentions],
                "kk_canonical": link.kk.canonical,
                "ru_doc_id": doc_id,
                "ru_entity_id": link.ru.entity_id,
                "ru_spans": [[m.start, m.end] for m in mentions],
                "ru_texts": [m.text for m in mentions],
                "ru_canonical": link.ru.canonical,
                "score": link.score,
                "method": link.method,
                "evidence": link.evidence,
                "review": bool(link.evidence.get("conflict")),
            })
    return rows


def apply_links(links: list[Link]) -> None:
    """Linked Kazakh records take their Russian name from the Russian source (`norm.ru`);
    the name the rules gave is kept as `norm.ru_rules`."""
    for link in links:
        for rec in link.kk.mentions:
            if rec.norm.get("ru") != link.ru.canonical:
                if "ru_rules" not in rec.norm:
                    rec.norm["ru_rules"] = rec.norm.get("ru")
                rec.norm["ru"] = link.ru.canonical
            rec.norm["ru_entity_id"] = link.ru.entity_id
            if link.evidence.get("conflict"):
                rec.norm["link_conflict"] = link.evidence["conflict"]
            if link.kk.label == "PERSON" and link.ru.initials and not rec.norm.get("initials"):
                rec.norm["initials"] = link.ru.initials


_FEMININE_ENDINGS = ("ова", "ева", "ина", "ына")


def _feminine_from_kazakh(kk: Entity, ru: Entity, evidence: dict) -> None:
    """The Kazakh text writes the surname feminine (`Жүргенова` -> `Жургенова`) where the Russian side
    could only guess the masculine from an oblique case (`Жургеневой` read as `Жургенев`): a woman."""
    kk_low, ru_low = kk.surname.lower(), ru.surname.lower()
    if not ru.surname or not kk_low.endswith(_FEMININE_ENDINGS) or ru_low.endswith(_FEMININE_ENDINGS):
        return
    if surname_key(kk.surname) != fold(ru.surname) or not ru_low.endswith(("ов", "ев", "ин", "ын")):
        return
    old, feminine = ru.surname, ru.surname + "а"
    evidence["gender"] = "feminine_from_kazakh"
    ru.surname, ru.canonical = feminine, f"{feminine} {ru.initials}".strip()
    for m in ru.mentions:
        if m.norm.get("surname") and fold(m.norm["surname"]) == fold(old):
            m.norm["surname"] = feminine
            m.norm["ru"] = f"{feminine} {m.norm.get('initials') or ''}".strip()


def assign_corpus_ids(kk_entities: list[Entity], links: list[Link]) -> None:
    """One entity id per real referent over the whole run, in both languages: a linked Kazakh entity
    takes its Russian entity's id; unlinked Kazakh entities of equal label and key share `kk:<LABEL>:<key>`
    across documents (the `entities` stage's ids were per document)."""
    linked = {id(link.kk): link.ru.entity_id for link in links}
    for ent in kk_entities:
        eid = linked.get(id(ent))
        if eid is None:
            key = ent.key or fold(ent.canonical)
            if ent.label == "PERSON" and ent.initials:
                key = f"{key}-{''.join(_initial_letters(ent.initials)).lower()}"
            eid = f"kk:{ent.label}:{key}"
        for m in ent.mentions:
            m.entity_id = eid
