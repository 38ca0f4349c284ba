"""Russian person mentions: initials with a surname in any case, capitalised signatures, `тов. X`.

    С.Н. Круглова / Круглову С.Н. / С. КРУГЛОВ / тов. Руденко / генерал-полковник Бочков

Titles and ranks (`тов.`, `генерал-полковник`) stay outside the span, as in the guidelines.
The norm is the masculine nominative `Surname I. O.` (`pipeline.ru.morph.surname_nominative`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .morph import analyzer, is_place_word, is_surname_word, surname_nominative
from .morph import cap as cap_word

_UP = "А-ЯЁ"
_LO = "а-яё"
#: Latin capitals that look Cyrillic (OCR and PDF text mix them into initials: `C.H.` for `С.Н.`).
_HOMOGLYPHS = "ABCEHKMOPTX"
_TO_CYRILLIC = str.maketrans(_HOMOGLYPHS, "АВСЕНКМОРТХ")
_INITIAL = rf"[{_UP}{_HOMOGLYPHS}]\.\s?"
#: A surname; `Кругло-ва` is one word split at a line break (the clean view keeps such hyphens).
_SURNAME = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+|-[{_LO}]{{1,6}}(?![{_LO}]))?"
_SURNAME_CAPS = rf"[{_UP}]{{3,}}(?:-[{_UP}]{{3,}})?"

#: `С.Н. Круглова`, `С. Н. Круглову`, `С. КРУГЛОВ` (signature).
_INITIALS_FIRST = re.compile(
    rf"(?<![{_UP}{_LO}A-Za-z])(?P<ini>{_INITIAL}(?:{_INITIAL})?)(?P<sur>{_SURNAME}|{_SURNAME_CAPS})(?![{_UP}{_LO}])"
)
#: `Круглову С.Н.` -- two initials required, so a sentence ending `... Москвы. В.` is not a name.
_INITIALS_AFTER = re.compile(
    rf"(?<![{_UP}{_LO}.])(?P<sur>{_SURNAME}|{_SURNAME_CAPS})\s(?P<ini>[{_UP}]\.(?:\s?[{_UP}]\.)?)(?![{_LO}])"
)
#: Forms of address and ranks before a bare surname; they stay outside the span.
TITLES = (
    r"тов\.|т\.|товарищ[аеуюим]*|гр\.|граждан(?:ин|ина|ину|ином|ка|ки|ке)"
    r"|(?:генерал|полковник|подполковник|майор|капитан|лейтенант|старшина|сержант)[а-яё]*(?:-[а-яё]+)?"
    r"|з/к|заключенн[а-яё]+|осужденн[а-яё]+|арестованн[а-яё]+|обвиняем[а-яё]+|подследственн[а-яё]+|свидетел[ьяюем]+"
)
_LEGAL_TITLE = re.compile(r"з/к|заключенн|осужденн|арестованн|обвиняем|подследственн|свидетел")
#: Anonymised names in published documents: `С-на Владимира Яковлевича` -> `С-н В. Я.` (annotation notes).
_ANONYMISED = re.compile(rf"(?<![{_UP}{_LO}])(?P<sur>[{_UP}]-[{_LO}]{{1,3}})\s(?P<name>[{_UP}][{_LO}]+)\s(?P<patr>[{_UP}][{_LO}]+)(?![{_LO}])")
_TITLED = re.compile(rf"(?<![{_LO}])(?:{TITLES})\s+(?P<sur>{_SURNAME})(?![{_LO}])")

#: Endings of Russian surnames (any case), for names pymorphy3 does not list.
_SURNAME_SHAPE = re.compile(r"(?:ов|ев|ин|ын|ск|цк)(?:а|у|ым|ом|е|ой|ого|ому|ий)?$|(?:енко|ко|их|ых|дзе|швили|ян)$")

#: Capitalised words that are never surnames although they follow an initial-like letter.
_NOT_SURNAMES = {"ССР", "СССР", "КПСС", "ИТЛ", "МВД", "ГУЛАГ", "РСФСР", "ЦК"}


@dataclass
class PersonSpan:
    start: int  # clean-view offsets
    end: int
    surname: str
    initials: str  # "С. Н." or ""
    pattern: str  # which rule found it


def format_initials(raw: str) -> str:
    """`С.Н.` / `С. Н.` / `C.H.` (Latin look-alikes) -> `С. Н.`"""
    letters = re.findall(rf"[{_UP}]", raw.translate(_TO_CYRILLIC))
    return " ".join(f"{l}." for l in letters)


def person_norm(surname: str, initials: str) -> dict:
    """The PERSON norm of DEVELOPING.md (Russian side: no `kk`)."""
    return {
        "ru": f"{surname} {initials}".strip(),
        "surname": surname,
        "initials": initials,
    }


def find_persons(text: str, crosses_break=None) -> list[PersonSpan]:
    """Person spans in `text` (clean-view text), longest match first, no overlaps.

    `crosses_break(start, end)` tells whether a clean span crossed a line break in the original
    (`"line"`, `"paragraph"` for a blank line, or None)
    (`Тайбекову Е. Б.` / `СПЕЦСООБЩЕНИЕ` on the next line is not `Е. Б. Спецсообщение`).
    """
    found: list[PersonSpan] = []
    for m in _INITIALS_FIRST.finditer(text):
        sur = m.group("sur")
        if crosses_break is not None and crosses_break(m.start("ini"), m.end()):
            # Initials closing one line and a word opening the next: one name only when the word
            # reads as a surname and no blank line separates them (`С.Н.` / `Кру-глова`).
            if crosses_break(m.start("ini"), m.end()) == "paragraph" or not (
                    is_surname_word(sur.replace("-", "")) or not analyzer().word_is_known(sur.replace("-", "").lower())):
                continue
        if not sur.isupper() and _common_word(sur):
            continue  # `Л. Ф. Всего`: initials closing a name before an ordinary word
        if sur in _NOT_SURNAMES or (sur.isupper() and len(sur) <= 4 and not is_surname_word(sur)):
            continue
        if is_place_word(sur) and not is_surname_word(sur):
            continue
        found.append(PersonSpan(m.start(), m.end(), surname_nominative(sur), format_initials(m.group("ini")), "initials+surname"))
    for m in _INITIALS_AFTER.finditer(text):
        sur = m.group("sur")
        # A capitalised word before initials is a surname only if it reads as one (`Доложить С.Н. ...` is not).
        two_initials = len(m.group("ini").replace(" ", "")) == 4
        if not (is_surname_word(sur) or (_SURNAME_SHAPE.search(sur.lower()) and not analyzer().word_is_known(sur.lower()))
                or (two_initials and not _common_word(sur) and not (is_place_word(sur) and not is_surname_word(sur)))):
            continue
        if len(m.group("ini").replace(" ", "")) == 2 and not is_surname_word(sur):
            continue  # one initial after a word: only for a known surname (`Круглову С.`)
        if any(f.start < m.end() and m.start() < f.end for f in found):
            continue  # `И.О. Фамилия` read first wins
        found.append(PersonSpan(m.start(), m.end(), surname_nominative(sur), format_initials(m.group("ini")), "surname+initials"))
    for m in _TITLED.finditer(text):
        sur = m.group("sur")
        if is_place_word(sur) and not is_surname_word(sur):
            continue
        title = text[m.start():m.start("sur")].strip().lower()
        if _LEGAL_TITLE.match(title) and not (is_surname_word(sur) or not analyzer().word_is_known(sur.lower())):
            continue  # `осужденного Военным трибуналом`: after a legal word only a name-like word
        found.append(PersonSpan(m.start("sur"), m.end("sur"), surname_nominative(sur), "", "title+surname"))
    # Full names: `Сергей Никифорович Круглов`, `Круглову Сергею Никифоровичу` (pymorphy3 Name/Patr tags).
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?", text)]
    for i in range(len(words) - 2):
        trio = words[i:i + 3]
        if any(text[a[1]:b[0]] != " " for a, b in zip(trio, trio[1:])):
            continue
        (s0, _, w0), (_, _, w1), (_, e2, w2) = trio
        if _tagged(w0, "Name") and _tagged(w1, "Patr") and _is_surname_like(w2):
            found.append(PersonSpan(s0, e2, gendered_surname(w2, w0), f"{w0[0]}. {w1[0]}.", "full name"))
        elif (_is_surname_like(w0) or not _common_word(w0)) and _tagged(w1, "Name") and _tagged(w2, "Patr"):
            found.append(PersonSpan(s0, e2, gendered_surname(w0, w1), f"{w1[0]}. {w2[0]}.", "full name"))
    for m in _ANONYMISED.finditer(text):
        if _tagged(m.group("name"), "Name") and _tagged(m.group("patr"), "Patr"):
            sur = re.sub(r"(?<=-н)(?:а|у|ым|ом|е)$|(?<=-в)(?:а|у|ым|ом|е)$", "", m.group("sur"))
            found.append(PersonSpan(m.start(), m.end(), sur, f"{m.group('name')[0]}. {m.group('patr')[0]}.", "full name"))
    # A first name and a surname: `Азиза Рыскулова`, `Бориса Пильняка`, `Ковальчук Ганной`.
    for i in range(len(words) - 1):
        (s0, e0, w0), (s1, e1, w1) = words[i], words[i + 1]
        if text[e0:s1] != " " or any(f.start <= s0 < f.end or f.start < e1 <= f.end for f in found):
            continue
        if _first_name(w0) and (_is_surname_like(w1) or not analyzer().word_is_known(w1.lower())) \
                and not _first_name(w1) and not _tagged(w1, "Patr"):
            found.append(PersonSpan(s0, e1, gendered_surname(w1, w0), f"{w0[0]}.", "name+surname"))
        elif _is_surname_like(w0) and not _first_name(w0) and _first_name(w1) and not _tagged(w1, "Patr") \
                and not _tagged(words[i + 2][2] if i + 2 < len(words) else "", "Patr"):
            found.append(PersonSpan(s0, e1, gendered_surname(w0, w1), f"{w1[0]}.", "surname+name"))
    # A first name alone mid-sentence (`дочь Лидия`): a PERSON named by its nominative (annotation notes).
    for m in re.finditer(rf"(?<![{_UP}{_LO}.\-])[{_UP}][{_LO}]{{2,}}(?![{_LO}\-])", text):
        before = text[:m.start()].rstrip()
        if not before or before[-1] in ".!?:;«\"(\n" or any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        word = m.group()
        nxt = re.match(rf" ([{_UP}][{_LO}]+)", text[m.end():m.end() + 30])
        if not _first_name(word) or (nxt and (_tagged(nxt.group(1), "Patr") or _is_surname_like(nxt.group(1)))):
            continue  # `Александра Исаевича`, `Дамеш Жургенева`: other rules name the whole person
        if _SURNAME_SHAPE.search(word.lower()) or is_place_word(word) or _gazetteer_place(word):
            continue  # `Исмаилов` (read as a plural of `Исмаил`), `Кенгира`
        parses = [p for p in analyzer().parse(word.lower()) if "Name" in p.tag and "sing" in p.tag]
        if not parses:
            continue
        found.append(PersonSpan(m.start(), m.end(), cap_word(parses[0].normal_form), "", "first name"))
    # A bare capitalised surname mid-sentence whose best pymorphy3 reading is a surname (`Егоров сообщил`).
    for m in re.finditer(rf"(?<![{_UP}{_LO}.\-])(?P<sur>[{_UP}][{_LO}]{{3,}})(?![{_LO}\-])", text):
        before = text[:m.start()].rstrip()
        if not before or before[-1] in ".!?:;«\"(\n" or any(f.start <= m.start() < f.end for f in found):
            continue
        sur = m.group("sur")
        low = sur.lower()
        if re.search(r"(?:ов|ев|ин|ын)(?:а|у|ым|ом|е)?$", low) and not analyzer().word_is_known(low) \
                and not is_place_word(sur) and not re.match(r"\s+(?:район|р-н|област|округ|уезд|кра[йяю])", text[m.end():m.end() + 12]):
            found.append(PersonSpan(m.start(), m.end(), surname_nominative(sur), "", "surname"))
            continue  # an unknown word of a Russian surname's shape (`Досмухамедов`)
        if re.match(r"\s+(?:район|р-н|област|округ|уезд|кра[йяю]|губерни|тюрьм|лагер|отделени)", text[m.end():m.end() + 12]):
            continue  # `Федоровский район`: a place's adjective
        parses = analyzer().parse(sur)
        top = [p for p in parses if parses and p.score >= parses[0].score - 1e-9]
        if top and any("Surn" in p.tag for p in top) and not any("Geox" in p.tag for p in parses):
            found.append(PersonSpan(m.start(), m.end(), surname_nominative(sur), "", "surname"))
    return _drop_overlaps(found)


def _tagged(word: str, grammeme: str) -> bool:
    return bool(word) and any(grammeme in p.tag for p in analyzer().parse(word))


def _gazetteer_place(word: str) -> bool:
    from .places import gazetteer_entry

    hit = gazetteer_entry(word)
    return hit is not None and hit.label == "PLACE"


def _first_name(word: str) -> bool:
    """A first name by pymorphy3's best readings (`Азиза`, `Бориса`), not a word that merely can be one."""
    parses = analyzer().parse(word)
    top = [p for p in parses if p.score >= parses[0].score - 0.05] if parses else []
    return any("Name" in p.tag for p in top) and not any("Surn" in p.tag or "Geox" in p.tag for p in top)


def is_feminine_name(word: str, surname_word: str = "") -> bool:
    """Is `word` (a first name or patronymic in any case) a woman's? `Мария`, `Ганной`, `Францевна`.

    A name pymorphy3 does not list (`Арифа`) is a woman's when it ends in -а/-я and the surname beside
    it has a feminine nominative ending (`Есенгулова`)."""
    parses = [p for p in analyzer().parse(word) if "Name" in p.tag or "Patr" in p.tag]
    if parses:
        return "femn" in parses[0].tag
    return word.lower().endswith(("а", "я")) and surname_word.lower().endswith(("ова", "ева", "ина", "ына", "ская", "цкая"))


def _common_word(word: str) -> bool:
    """A function word or verb with no name reading (`Всего`, `Было`): never a surname after initials."""
    low = word.lower()
    if not analyzer().word_is_known(low):
        return False
    parses = analyzer().parse(low)
    if any(t in p.tag for p in parses for t in ("Surn", "Name", "Patr", "Geox")):
        return False
    return "Apro" in parses[0].tag or parses[0].tag.POS in ("NPRO", "ADVB", "PREP", "CONJ", "PRCL", "VERB", "INFN", "PRED", "NUMR", "GRND", "COMP", "INTJ")


def feminine_surname(masculine: str) -> str:
    """`Макеев` -> `Макеева`, `Шиманский` -> `Шиманская`; indeclinable surnames stay (`Ковальчук`)."""
    low = masculine.lower()
    if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return masculine + "а"
    if low.endswith(("ский", "цкий")):
        return masculine[:-2] + "ая"
    if low.endswith("ой"):
        return masculine[:-2] + "ая"
    return masculine


def gendered_surname(surname_word: str, name_word: str) -> str:
    """Nominative of a surname in the gender of the first name beside it."""
    nom = surname_nominative(surname_word)
    if is_feminine_name(name_word, surname_word):
        return feminine_surname(nom)
    if nom == cap_word(surname_word) and not analyzer().word_is_known(surname_word.lower()):
        # An unknown surname declines like the first name beside it: `Дитца Андрея` -> `Дитц`.
        names = [p for p in analyzer().parse(name_word.lower()) if "Name" in p.tag and "masc" in p.tag]
        case = names[0].tag.case if names else None
        ending = {"gent": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем"), "loct": ("е",)}.get(case or "", ())
        for e in ending:
            if surname_word.lower().endswith(e) and len(surname_word) - len(e) >= 3:
                return cap_word(surname_word[:-len(e)])
    return nom


#: A line that is a signature or a list of surnames in capitals: `ЕГОРОВ, ДОЛГИХ, БОЧКОВ`, or a line
#: ending in one after a title or rank (`майор госбезопасности        ЛИНИН`).
_CAPS_WORD = re.compile(rf"(?<![{_UP}{_LO}A-Za-z.\-])[{_UP}]{{3,}}(?:-[{_UP}]{{3,}})?(?![{_UP}{_LO}A-Za-z.\-])")
#: Capital-letter words that are headings, not surnames (language data; the acronyms are in `_NOT_SURNAMES`).
_CAPS_NOT_NAMES = re.compile(r"^(?:ПРИКАЗ|ПРОТОКОЛ|АКТ|СПРАВКА|ДОКЛАД|ДОКЛАДНАЯ|ЗАПИСКА|СПЕЦСООБЩЕНИЕ|ТЕЛЕГРАММА|"
                             r"СЕКРЕТНО|СОВЕРШЕННО|ЗАЯВЛЕНИЕ|РАСПОРЯЖЕНИЕ|ПОСТАНОВЛЕНИЕ|ИНСТРУКЦИЯ|УТВЕРЖДАЮ|"
                             r"ПРИЛОЖЕНИЕ|ВЫПИСКА|КОПИЯ|ПОДЛИННИК|СРОЧНО|ВЕРНО|ДОПРОС[А-Я]*|МОСКВА|ПРИГОВОР|РЕШЕНИЕ)$")


def find_caps_signatures(original: str) -> list[tuple[int, int, str]]:
    """(start, end, nominative surname) of surnames in capitals that close a line or make up a list line.

    Works on the original text: the line structure is the evidence (a signature stands at the end of
    its line; a list line holds nothing but capitalised surnames and commas).
    """
    out = []
    pos = 0
    for line in original.split("\n"):
        words = list(_CAPS_WORD.finditer(line))
        if words:
            rest = _CAPS_WORD.sub("", line)
            is_list = len(words) >= 2 and "," in rest and not re.search(r"[^\s,;и]", rest.replace(" и ", " "))
            last = words[-1]
            candidates = words if is_list else ([last] if not line[last.end():].strip(" \t.") else [])
            for m in candidates:
                word = m.group()
                if word in _NOT_SURNAMES or _CAPS_NOT_NAMES.match(word) or len(word) < 4:
                    continue
                if not is_list and not re.search(r"[а-яё]", line[:m.start()]):
                    continue  # a heading in capitals alone, not a signature after a rank or role
                low = word.lower()
                if not (_SURNAME_SHAPE.search(low) or is_surname_word(low.capitalize()) or _caps_unknown(word)):
                    continue
                out.append((pos + m.start(), pos + m.end(), surname_nominative(word)))
        pos += len(line) + 1
    return out


def _caps_unknown(word: str) -> bool:
    """A capitals word pymorphy3 does not know as an ordinary word (`РЕДЕНС`, `ЛЯМИН`)."""
    return not analyzer().word_is_known(word.lower()) and word.lower() not in ("итл",)


def _is_surname_like(word: str) -> bool:
    return is_surname_word(word) or (_SURNAME_SHAPE.search(word.lower()) is not None
                                     and not analyzer().word_is_known(word.lower()))


def _drop_overlaps(spans: list[PersonSpan]) -> list[PersonSpan]:
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[PersonSpan] = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept


def fill_initials(spans: list[PersonSpan]) -> None:
    """Complete `С.` / bare surnames with the initials written elsewhere in the same document, when unambiguous."""
    by_surname: dict[str, set[str]] = {}
    for s in spans:
        if s.initials:
            by_surname.setdefault(s.surname, set()).add(s.initials)
    for s in spans:
        fuller = [k for k in by_surname.get(s.surname, ()) if k.startswith(s.initials) and k != s.initials]
        if len(fuller) == 1 and len(by_surname[s.surname] - {s.initials}) == 1:
            s.initials = fuller[0]
