"""Merging model and rule spans, document-level person names, entity ids.

The statistical model (`kk.ner`, source `model:*`) knows modern news; the rules know the archive.
Where they overlap the rule span wins (its boundaries follow the guidelines and it carries a norm);
a model span the rules did not see is kept if it looks like a name, trimmed to the guidelines'
boundaries (generic words such as `кенті` and titles such as `тов.` outside) and normalised the same
way (gazetteer first, then ending stripping and transliteration).
"""
from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import defaultdict

from ..records import Document, Record
from ..spanindex import SpanIndex
from .canonical import directional_name, surname_forms
from .endings import strip_endings
from .gazetteer import Gazetteer
from .lexicon import DIRECTION_WORDS, GENERIC_OUTSIDE, TITLES
from .persons import person_norm
from .tokens import lemmas
from ..lang.kk.stop_words import STOP_WORDS as _STOP_WORDS
from .translit import kk_to_ru

NAME_LABELS = ("PERSON", "PLACE", "ORG")
#: Below this a model span the rules did not confirm is dropped (review gets the rest).
MODEL_MIN_CONFIDENCE = 0.5
_LABEL_MAP = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "PLACE", "GPE": "PLACE", "PLACE": "PLACE",
              "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "FAC": "PLACE", "ROLE": "ROLE"}
_POSSESSED_NOUN = re.compile(r"[аәеиоуыіяюөұү]с[ыі](?:н|ның|нің|на|не|нда|нде|нан|нен|мен)?$")
_INITIAL = re.compile(r"([А-ЯЁӘҒҚҢӨҰҮҺІ])\.\s*")


#: How model and rule spans are merged (`merge_model_records`):
#: - "rules_win": where they overlap, the rule span wins (its boundaries and norm follow the guidelines);
#: - "longer_model": as rules_win, except that a confident model PLACE/ORG span that strictly contains
#:   only gazetteer/rule PLACE and ORG spans (`Қазақ КСР` inside a longer body's name) replaces them:
#:   a hit inside a longer name is the typical confident error of a gazetteer.
MERGE_POLICIES = ("rules_win", "longer_model")
#: `$JAZBA_MERGE_POLICY` overrides the default (to compare policies on a corpus).
MERGE_POLICY = os.environ.get("JAZBA_MERGE_POLICY", "longer_model")  # chosen on the corpus dev half
#: A model span must be at least this sure to replace the rule spans inside it ("longer_model").
LONGER_MODEL_MIN_CONFIDENCE = 0.8


def _replaces(model: Record, inside: list[Record], text: str) -> bool:
    """Does the model span win over the rule spans it overlaps under "longer_model"? Only when it
    strictly contains them and what it adds holds a capitalised word: a name that goes on
    (`Қазақ КСР Халық Ағарту Комиссариаты` around `Қазақ КСР`), not a word that merely follows it."""
    if not (inside and model.confidence >= LONGER_MODEL_MIN_CONFIDENCE and model.label in ("PLACE", "ORG")):
        return False
    if not all(r.label in ("PLACE", "ORG") and r.subtype not in ("unit",) for r in inside):
        return False
    if not all(model.start <= r.start and r.end <= model.end for r in inside):
        return False
    added = list(text[model.start:model.end])
    for r in inside:
        added[r.start - model.start:r.end - model.start] = " " * (r.end - r.start)
    return any(w[:1].isupper() for w in "".join(added).split())


def merge_model_records(doc: Document, gaz: Gazetteer, policy: str | None = None) -> None:
    """Resolve model vs rule spans in `doc.records` in place and normalise the model spans kept.

    `policy` is one of `MERGE_POLICIES` (default `MERGE_POLICY`)."""
    policy = policy or MERGE_POLICY
    if policy not in MERGE_POLICIES:
        raise ValueError(f"unknown merge policy {policy!r}: use one of {', '.join(MERGE_POLICIES)}")
    rules = [r for r in doc.records if r.label in NAME_LABELS + ("ROLE",) and not r.source.startswith("model:")]
    rule_index = SpanIndex(rules)
    unit_index = SpanIndex(r for r in rules if r.subtype in ("unit", "camp"))
    # lower-case words of the whole document, also when `doc` is one window of it (`pipeline.windows`)
    carry = doc.context.get("carry")
    if carry is not None:
        lowercase = carry.setdefault("kk.entities.lowercase", _LowercaseIndex(doc.context["document_text"]))
    else:
        lowercase = _LowercaseIndex(doc.text)
    kept: list[Record] = []
    replaced: set[int] = set()
    for rec in doc.records:
        if rec.source.startswith("model:") and _LABEL_MAP.get(rec.label, rec.label) in NAME_LABELS + ("ROLE",):
            fixed = _fix_model_record(doc, rec, gaz, lowercase)
            if fixed is None:
                continue
            hits = rule_index.overlapping(fixed.start, fixed.end)
            if hits and not (policy == "longer_model" and _replaces(fixed, hits, doc.text)):
                continue
            replaced.update(id(r) for r in hits)
            kept.append(fixed)
            continue
        # a number inside a camp division's name is part of the name, not a quantity
        if rec.label in ("NUMBER",) and unit_index.any_containing(rec.start, rec.end):
            continue
        kept.append(rec)
    doc.records[:] = [r for r in kept if id(r) not in replaced and not _starts_a_body(doc.text, r)]


#: Words after a place that make it the first word of a body's name (`Қарағанды облыстық партия
#: комитеті`, `1-ші Беларусь фронты`): such a place is not annotated on its own (guidelines)
_BODY_AFTER_PLACE = re.compile(
    r"\s+(?:облыстық|аудандық|қалалық|өлкелік|губерниялық|уездік|болыстық|округтік"
    r"|мемлекеттік|педагогикалық|техникалық|медициналық|политехникалық|аграрлық"
    r"|фронт(?:ы|ын|қа|та|тан|тың|ында|ынан|ының|ына)?)(?![\w])"
    # an enterprise or school named after the place (`Ақмола тігін-кесте фабрикасы`, `Қарағанды көмір комбинаты`)
    # (the words between carry no case ending: `Алматы қаласында зауыт салынды` keeps its place)
    r"|\s+(?:(?!(?:қала|облыс|аудан|ауыл|кент|жер|өңір|аймақ|өлке)|[а-яәғқңөұүһі-]*(?:да|де|ға|ге|нан|нен|дан|ден|тан|тен)\s)"
    r"[а-яәғқңөұүһі-]+\s+){0,2}(?:фабрика|зауыт|комбинат|университет|институт|академия|колледж|техникум"
    r"|училище)")


#: A document whose dates lie mostly from this year on is written today: its regions take today's names
MODERN_FROM_YEAR = 1992


def modern_place_names(doc: Document, gaz: Gazetteer) -> None:
    """In a document of today (the median year of its DATE records >= `MODERN_FROM_YEAR`), regions
    and districts take today's Russian names (`Жамбыл облысы` -> Жамбылская область, not Джамбулская)."""
    years = sorted(int(m.group(0)) for r in doc.records if r.label == "DATE"
                   for m in [_YEAR.match(str((r.norm or {}).get("iso", "")))] if m)
    if not years or years[len(years) // 2] < MODERN_FROM_YEAR:
        return
    for r in doc.records:
        if r.label == "PLACE" and r.norm.get("ru") in gaz.modern_ru:
            r.norm["ru"] = gaz.modern_ru[r.norm["ru"]]


_YEAR = re.compile(r"\d{4}")


#: An akim (head of a local administration) after a place, bare or in the genitive (`Кентау қаласының
#: әкімі`, `Қостанай облысының әкімдігі`): a ROLE or ORG phrase, in which the place is not annotated
_AKIM_AFTER_PLACE = re.compile(r"\s+(?:(?:қала|аудан|облыс|ауыл)[а-яәғқңөұүһі]*\s+)?әкім", re.IGNORECASE)


def _starts_a_body(text: str, rec: Record) -> bool:
    """Only a place without a case ending starts a body's name: `Павлодардағы облыстық комитет`
    ("the regional committee in Pavlodar"), `Қарағандыдан фронтқа` ("from Karaganda to the front")."""
    if rec.label != "PLACE" or rec.subtype in ("camp", "unit"):
        return False
    if _AKIM_AFTER_PLACE.match(text, rec.end) is not None:
        last = rec.text.split()[-1] if rec.text.split() else rec.text
        return strip_endings(last) == last or last.endswith(("ның", "нің", "дың", "дің", "тың", "тің", "ы", "і"))
    if _BODY_AFTER_PLACE.match(text, rec.end) is None:
        return False
    last = rec.text.split()[-1] if rec.text.split() else rec.text
    return strip_endings(last) == last or not last.endswith(_CASE_ENDINGS + ("ның", "нің", "дың", "дің", "тың", "тің"))


def _fix_model_record(doc: Document, rec: Record, gaz: Gazetteer,
                      lowercase: "_LowercaseIndex | None" = None) -> Record | None:
    label = _LABEL_MAP.get(rec.label, rec.label)
    if label == "ROLE" or rec.confidence < MODEL_MIN_CONFIDENCE:
        return None
    text = doc.text[rec.start:rec.end]
    s, e = rec.start, rec.end
    # trim punctuation and quotes at the edges
    while s < e and not doc.text[s].isalnum():
        s += 1
    while e > s and not doc.text[e - 1].isalnum():
        e -= 1
    words = [(m.start() + s, m.end() + s, m.group(0)) for m in re.finditer(r"\S+", doc.text[s:e])]
    # titles before a person stay outside
    while words and words[0][2].lower().rstrip(".") in TITLES and len(words) > 1:
        words.pop(0)
    # generic words after a place stay outside
    while len(words) > 1 and lemmas(words[-1][2]) & set(GENERIC_OUTSIDE):
        words.pop()
    words = _cut_at_case_or_bracket(words, gaz, case=label in ("PLACE", "PERSON"))
    if not words:
        return None
    s, e = words[0][0], words[-1][1]
    text = doc.text[s:e]
    if not text[:1].isupper():  # nationalities, common nouns: `литвалық`, `ұлтшылдар`
        return None
    if " " not in text and text.isupper() and len(text) >= 6 and gaz.lookup_kk(text) is None:
        return None  # `ЕСЕБІ`, `ШЕКТЕУЛІ`: a word of a heading in capitals, not an acronym
    if " " not in text and _sentence_initial(doc.text, s) and \
            (lowercase or _LowercaseIndex(doc.text)).written_lowercase(text):
        return None  # a common word capitalised only because a sentence starts with it
    if " " not in text and strip_endings(text).lower() in _STOP_WORDS:
        return None  # a pronoun or particle (`Олардың`, `Бұл`), whatever the model says
    flat = re.sub(r"\s+", " ", _clean_text(doc, s, e))
    norm: dict
    subtype = rec.subtype
    if label == "PERSON":
        if _POSSESSED_NOUN.search(flat.split()[-1]):
            return None  # `Қазақстан Компартиясы`: a noun in izafet (vowel + -сы/-сі) ends no person's name
        initials = _INITIAL.findall(flat)
        surname = _INITIAL.sub("", flat).split()
        if not surname:
            return None
        if not initials and len(surname) > 1:  # `Сәкен Сейфуллиннің`: first name [+ patronymic] -> initials
            initials = [w[0] for w in surname[-3:-1] if w[:1].isupper() and w.isalpha()]
        norm = person_norm(surname[-1], initials)
    else:
        entry = gaz.lookup_kk(flat)
        if entry is not None:
            label = entry.label
            norm = {"ru": entry.ru, "kk": entry.kk or flat}
            subtype = "camp" if entry.subtype == "camp" else subtype
        else:
            parts = flat.split()
            hit = gaz.match_one(parts[-1])  # a listed last word keeps its own stem (`Қазақстан`)
            parts[-1] = hit[2] if hit is not None and hit[0] == 1 else strip_endings(parts[-1])
            lemma = " ".join(parts)
            norm = {"ru": kk_to_ru(lemma, "place" if label == "PLACE" else "org"), "kk": lemma}
            if label == "PLACE" and len(parts) == 2 and parts[0].lower() in DIRECTION_WORDS:
                # `Солтүстік Кавказ` -> Северный Кавказ; `Оңтүстік Қазақстан` -> the listed oblast
                listed = gaz.lookup_kk(f"{lemma} облысы")
                base_ru = hit[1].ru if hit is not None and hit[0] == 1 else kk_to_ru(parts[1], "place")
                norm["ru"] = listed.ru if listed is not None else directional_name(parts[0].lower(), base_ru)
    return Record(doc.doc_id, label, s, e, text, norm=norm, confidence=rec.confidence, source=rec.source,
                  lang=rec.lang, subtype=subtype)


#: Kazakh case endings that only the last word of a name carries: locative (+ -ғы/-гі), dative, ablative
_CASE_ENDINGS = ("да", "де", "та", "те", "нда", "нде", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
                 "ға", "ге", "қа", "ке", "на", "не", "дан", "ден", "тан", "тен", "нан", "нен")


def _cut_at_case_or_bracket(words: list[tuple[int, int, str]], gaz: Gazetteer,
                            case: bool = True) -> list[tuple[int, int, str]]:
    """A model span with an unbalanced bracket (`Арықалық (әуелі`) is cut before the bracket; with
    `case`, one that runs past a word in the locative, dative or ablative (`Семейдегі орталық
    Алашорда басшыларына`: such a word can only end a place's or person's name) is cut after it."""
    for n, (ws, we, w) in enumerate(words):
        if w.count("(") != w.count(")") or w.count("[") != w.count("]"):
            b = min((w.find(c) for c in "()[]" if c in w))
            if b > 0 and w[:b].rstrip(" ,.;:")[:1].isalnum():
                return words[:n] + [(ws, ws + len(w[:b].rstrip(" ,.;:")), w[:b].rstrip(" ,.;:"))]
            return words[:n]
    if not case:
        return words
    for n, (ws, we, w) in enumerate(words[:-1]):
        if not w.endswith(_CASE_ENDINGS) or w.lower().endswith("стан"):
            continue
        stem = strip_endings(w)
        if stem == w or not w[len(stem):].endswith(_CASE_ENDINGS):
            continue
        hit = gaz.match_one(w)
        if hit is not None and hit[2] == w:  # a listed name in the nominative (`Арқалық`)
            continue
        return words[:n + 1]
    return words


def _clean_text(doc: Document, s: int, e: int) -> str:
    """`doc.text[s:e]` as the clean view reads it (Latin homoglyphs as Kazakh letters: `Ə.Ермеков`,
    `Aшхен`), for norms; the record's own text stays the original."""
    from ..runner import view_of

    view = view_of(doc)
    cs, ce = view.to_clean(s, e)
    clean = view.text[cs:ce]
    return clean if len(clean.split()) == len(doc.text[s:e].split()) else doc.text[s:e]


def _sentence_initial(text: str, start: int) -> bool:
    """Only spaces between `start` and a sentence end (or the start of the text) before it.
    Walks back over the spaces instead of copying `text[:start]` (linear per call on big texts)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?»\"\n:"


_WORD = re.compile(r"\w+")


class _LowercaseIndex:
    """Answers "does this lemma start a word somewhere in the document?" from the sorted set of the
    document's words (built on first use), instead of a regex scan of the whole text per record."""

    def __init__(self, text: str):
        self.text = text
        self._words: list[str] | None = None
        self._other: dict[str, bool] = {}  # lemmas with non-word characters: regex scan, cached

    def written_lowercase(self, word: str) -> bool:
        """The word's lemma occurs in lower case elsewhere in the document (so it is not a name)."""
        lemma = strip_endings(word).lower()
        if len(lemma) < 3:
            return False
        if _WORD.fullmatch(lemma) is None:
            if lemma not in self._other:
                self._other[lemma] = re.search(rf"(?<![\w]){re.escape(lemma)}", self.text) is not None
            return self._other[lemma]
        # an all-word-character lemma after a non-word character is a prefix of a whole \w+ word
        if self._words is None:
            self._words = sorted(set(_WORD.findall(self.text)))
        k = bisect_left(self._words, lemma)
        return k < len(self._words) and self._words[k].startswith(lemma)


def _written_lowercase(text: str, word: str) -> bool:
    """The word's lemma occurs in lower case elsewhere in `text` (so it is not a name)."""
    return _LowercaseIndex(text).written_lowercase(word)


def consolidate_persons(doc: Document) -> None:
    """One name per person in a document: initials gathered from every mention of the surname
    (`Бочков` + `Г. И. Бочков` elsewhere -> `Бочков Г. И.`), and a Russian `-а/-ой` form
    read as the man's genitive when the man's form occurs too (`В. В. Губина` -> Губин)."""
    persons = [r for r in doc.records if r.label == "PERSON" and r.norm.get("surname")]
    _surname_in_brackets(doc, persons)
    surnames = {r.norm["surname"] for r in persons}
    for r in persons:
        s = r.norm["surname"]
        if s.endswith("а") and s[:-1] in surnames:
            r.norm["surname"] = s[:-1]
    # Initials as written (`initials_in_text`, kept by an earlier call): a second call -- the corpus
    # stage after `kk.entities`, over a document processed in windows -- gathers them over the whole
    # document, not only over what one window had filled in. In the order they occur (a dict, not a
    # set): the choice below must not depend on string hashing, which differs between runs.
    initials_by_surname: dict[str, dict[str, None]] = defaultdict(dict)
    for r in persons:
        written = r.norm.get("initials_in_text", r.norm.get("initials"))
        if written:
            initials_by_surname[r.norm["surname"]].setdefault(written)
    for r in persons:
        s = r.norm["surname"]
        ini = r.norm.get("initials_in_text", r.norm.get("initials", ""))
        known = initials_by_surname.get(s, {})
        if not ini and len(known) == 1:
            ini = next(iter(known))
        elif not ini and len(known) > 1:
            ini = max(known, key=len)  # the fullest; the first written on a tie
        r.norm["initials_in_text"] = r.norm.get("initials_in_text", r.norm.get("initials", ""))
        r.norm["initials"] = ini
        r.norm["ru"] = f"{s} {ini}".strip()


_PATRONYMIC_ENDINGS = ("ұлы", "улы", "қызы", "кызы")


def _surname_in_brackets(doc: Document, persons: list[Record]) -> None:
    """A first name + patronymic (`Серік Мақашұлы`, the official style) followed by a bracket that
    names the surname (`(... министрі Жұманғарин)`): both mentions are that person, `Surname I. P.`,
    the initials from the first name and the patronymic."""
    by_start = sorted(persons, key=lambda r: r.start)
    for n, r in enumerate(by_start):
        words = r.text.split()
        kk = r.norm.get("kk", "")
        if len(words) != 2 or not kk.lower().endswith(_PATRONYMIC_ENDINGS):
            continue
        after = doc.text[r.end:r.end + 200]
        m = re.match(r"\s*\(([^()]*)\)", after)
        if not m:
            continue
        close = r.end + m.end()
        inside = [p for p in by_start[n + 1:] if p.start < close and p.end <= close
                  and not p.norm.get("kk", "").lower().endswith(_PATRONYMIC_ENDINGS)]
        if len(inside) != 1:
            continue
        surname = inside[0].norm["surname"]
        clean = _clean_text(doc, r.start, r.end).split()
        initials = " ".join(f"{kk_to_ru(w[0], 'person')}." for w in clean if w[:1].isupper())
        r.norm["initials_in_text"] = initials  # the first name and patronymic are written: `Е. Б.`
        inside[0].norm.setdefault("initials_in_text", inside[0].norm.get("initials", ""))
        for p in (r, inside[0]):
            p.norm.update(surname=surname, initials=initials, ru=f"{surname} {initials}")


def assign_entity_ids(doc: Document) -> None:
    """`entity_id` = `<doc_id>:<LABEL>:<canonical name>`: equal for every mention of one referent."""
    for r in doc.records:
        if r.label in NAME_LABELS and r.norm.get("ru"):
            key = r.norm["surname"] if r.label == "PERSON" else r.norm["ru"]
            r.entity_id = f"{doc.doc_id}:{r.label}:{key}"
    # a role belongs to the entity of the person it describes
    by_id = {r.id: r for r in doc.records}
    for r in doc.records:
        if r.label == "ROLE" and r.norm.get("person_id") in by_id:
            r.entity_id = by_id[r.norm["person_id"]].entity_id


__all__ = ["merge_model_records", "consolidate_persons", "assign_entity_ids", "surname_forms"]
