"""Russian organisation mentions: `МВД СССР`, `ЦК КПСС`, `Совет Министров Союза ССР`, `ГУЛАГ МВД СССР`.

Two rules: a run of known institution acronyms (optionally closed by a polity: СССР, КПСС,
Казахской ССР), and an institution noun (Совет, Министерство, Прокуратура, ...) with its genitive
tail. The canonical form is the nominative; `org_key` folds spelling variants (`Союза ССР` = `СССР`,
`Министерство внутренних дел` = `МВД`) so both languages compare on one key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .morph import analyzer, cap

#: Institution acronyms of the Soviet period (language data).
ACRONYMS = (
    "МВД", "НКВД", "МГБ", "НКГБ", "КГБ", "ОГПУ", "ГПУ", "ВЧК", "ЦК", "ВКП(б)", "КПСС", "КП", "ГУЛАГ", "ГУЛаг",
    "Гулаг", "ГУИТЛК", "УИТЛК", "ОИТК", "УМВД", "УНКВД", "УМГБ", "ВЦИК", "ЦИК", "СНК", "СМ", "ВС", "ОСО", "ГУЛЖДС",
    "ОУН", "УПА", "ГУЛГМП", "ГУЛПС", "ГУШОСДОР", "ГУАС", "ГУПВИ", "УПВИ", "ОУРЗ", "УРО", "ГУГБ", "УГБ", "ОИТК", "УИТК",
)
POLITIES = ("СССР", "РСФСР", "КазССР", "Казахской ССР", "Союза ССР", "КПСС", "Казахстана")
_ACR = "|".join(re.escape(a) for a in sorted(ACRONYMS, key=len, reverse=True))
_POL = "|".join(re.escape(p) for p in sorted(POLITIES, key=len, reverse=True))
#: `ГУЛАГ` declines in running text (`ГУЛАГа`, `Гулагом`); the other acronyms do not.
_ACR = r"(?:ГУЛАГ|ГУЛаг|Гулаг)(?:а|у|ом|е)?|" + _ACR
#: A region after a local body: `УМВД Карагандинской области`, `МВД Казахской ССР`.
_REGION = r"(?:[А-ЯЁ][а-яё]+[оеё]-)?[А-ЯЁ][а-яё]+(?:ской|цкой|ского|цкого)\s+(?:области|края|ССР|АССР|республики)"
_ACRONYM_RUN = re.compile(
    rf"(?<![А-ЯЁа-яё])(?:{_ACR})(?:\s+(?:{_ACR}))*(?:\s+(?:{_POL}|{_REGION}|по\s+{_REGION}))?(?![А-ЯЁа-яё])"
)
_GULAG_CASE = re.compile(r"\b(?:ГУЛАГ|ГУЛаг|Гулаг)(?:а|у|ом|е)?\b")
#: Institution nouns (stems) that open a named body; the tail must end in a polity or acronym.
_HEADS = r"(?:[Вв]оенн[а-я]+\s+[Тт]рибунал[а-я]*(?:\s+войск)?|Совет[а-я]*\s+Министров|Министерств[а-я]*|Прокуратур[а-я]*|Президиум[а-я]*\s+Верховного\s+Совета|Верховн[а-я]+\s+Суд[а-я]*|Коллеги[а-я]+|[Кк]омисси[а-я]+|Главн[а-я]+\s+управлени[а-я]+|Управлени[а-я]+|Народн[а-я]+\s+[Кк]омиссариат[а-я]*|Центральн[а-я]+\s+[Кк]омитет[а-я]*|Информационн[а-я]+\s+центр[а-я]*|Отдел[а-я]{0,2}(?=\s+[а-я])|Следственн[а-я]+\s+отдел[а-я]*)"
_TAIL = rf"(?:\s+(?:по\s+(?=[А-ЯЁ][а-яё]+(?:ской|цкой)\s)|внутренних|дел|юстиции|государственной|безопасности|лагерей|исправительно-трудовых|колоний|мест|заключения|прокуратуры|Управления|управления|(?:{_ACR})|(?:{_POL})|Союза|ССР|[А-ЯЁ][а-яё]+(?:ской|цкой)\s+(?:области|края|ССР)))*\s+(?:{_POL}|{_ACR}|{_REGION})"
_NAMED_BODY = re.compile(rf"(?<![А-ЯЁа-яё])(?P<head>{_HEADS}){_TAIL}(?![А-ЯЁа-яё])")

#: Spelled-out names and their acronyms, for `org_key`.
_EXPANSIONS = (
    ("министерство внутренних дел", "мвд"), ("министерства внутренних дел", "мвд"),
    ("центральный комитет", "цк"), ("союза сср", "ссср"), ("союз сср", "ссср"), ("казсср", "казахская сср"),
    ("гулаг", "гулаг"),
)


@dataclass
class OrgSpan:
    start: int
    end: int
    canonical: str
    pattern: str


def _nominative_head(phrase: str) -> str:
    """Put the first word(s) of a named body in the nominative: `Совету Министров` -> `Совет Министров`."""
    words = phrase.split()
    morph = analyzer()
    out = []
    for i, w in enumerate(words):
        parses = morph.parse(w.lower())
        p = parses[0] if parses else None
        if i < 2 and p is not None and ("NOUN" in p.tag or "ADJF" in p.tag) and not w.isupper() and (
                i == 0 or "ADJF" in morph.parse(words[0].lower())[0].tag):
            form = p.inflect({"nomn"}) or p
            out.append(cap(form.word) if w[:1].isupper() else form.word)
        else:
            out.append(w)
    return " ".join(out)


def _canonical_body(phrase: str) -> str:
    """Nominative, one space, and `Союза ССР` written `СССР` as in the project's canonical names."""
    from .ner import phrase_nominative

    return re.sub(r"\bСоюза\s+ССР\b", "СССР", phrase_nominative(" ".join(phrase.split())))


def org_key(name: str) -> str:
    """A comparison key: lower case, `ё` folded, spelled-out names shortened to acronyms."""
    key = " ".join(name.lower().replace("ё", "е").split())
    for long, short in _EXPANSIONS:
        key = key.replace(long, short)
    return key


#: `Наркомздрав Казахской ССР`, `Наркомату пищевой промышленности СССР`, `Крайкома ВКП(б)`, `колхоз им. Кирова`.
_COMMISSARIAT = re.compile(
    rf"(?<![А-ЯЁа-яё])(?P<head>Нарком(?:ат|здрав|прос|зем|юст|фин|торг|снаб|пищепром|лес)[а-я]{{0,3}})"
    rf"(?P<tail>(?:\s+[а-яё]+(?:ой|ого|ых|ей))*\s+(?:промышленности|хозяйства|дел|путей\s+сообщения))?"
    rf"(?:\s+(?:{_POL}))?(?![А-ЯЁа-яё])"
)
_PARTY_COMMITTEE = re.compile(r"(?<![А-ЯЁа-яё])(?:Каз)?(?:[Кк]райком|[Оо]бком|[Рр]айком|[Гг]орком)[а-я]{0,2}\s+(?:ВКП\(б\)|КПСС|КП\s+Казахстана)")
_KOLKHOZ = re.compile(r"(?<![А-ЯЁа-яё])(?:колхоз|совхоз|трест|комбинат|завод)[а-я]{0,3}\s+(?:им\.\s*|имени\s+)[А-ЯЁ][а-яё]+")


def _nominative_first(phrase: str) -> str:
    words = phrase.split()
    p = analyzer().parse(words[0].lower())[0]
    form = p.inflect({"nomn", "sing"}) or p
    first = cap(form.word) if words[0][:1].isupper() else form.word
    return " ".join([first] + words[1:])


#: Enterprises: `Джезказганского комб.`, `Карсакпайского медьзавода`, `трест «Карагандауголь»` (the
#: quoted name alone is the span, annotation notes).
_ENTERPRISE_ADJ = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<adj>[А-ЯЁ][а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом))\s+(?:(?P<adj2>[а-яё]+(?:ый|ий|ого|ому|ым|ом))\s+)?"
    r"(?P<noun>комбинат[а-я]{0,2}|комб\.|(?:медь|мед|сталь|цемент|машино|авто)?завод[а-я]{0,2}|трест[а-я]{0,2}|фабрик[а-я]{1,2}|рудоуправлени[а-я]{1,2})(?![а-яё])"
)
_ENTERPRISE_QUOTED = re.compile(
    r"(?<![А-ЯЁа-яё])(?:комбинат|завод|трест|фабрик|рудоуправлени|шахтоуправлени|колхоз|совхоз|артел)[а-я]{0,3}\s+«(?P<name>[^»\n]{2,40})»"
)
#: Abbreviated enterprise words of the period and their full form.
_ENTERPRISE_WORDS = {"медьзавод": "медеплавильный завод", "медзавод": "медеплавильный завод"}
#: Extrajudicial and judicial bodies: `Особое совещание при НКВД СССР`, `Военная коллегия Верховного суда СССР`.
_JUDICIAL = re.compile(
    r"(?<![А-ЯЁа-яё])(?:Особ[а-яё]+\s+[Сс]овещани[а-яё]+(?:\s+при\s+(?:НКВД|МГБ|МВД|ОГПУ)(?:\s+СССР)?)?|"
    r"Военн[а-яё]+\s+[Кк]оллеги[а-яё]+\s+Верховного\s+[Сс]уда\s+(?:СССР|РСФСР|Союза\s+ССР)|"
    r"Верховн[а-яё]+\s+[Сс]уд[а-яё]*\s+(?:СССР|РСФСР|Казахской\s+ССР|Союза\s+ССР)|"
    r"Президиум[а-яё]*\s+Верховного\s+Совета\s+(?:СССР|РСФСР|Казахской\s+ССР|Союза\s+ССР))(?![А-ЯЁа-яё])"
)


def find_orgs(text: str) -> list[OrgSpan]:
    found = [OrgSpan(m.start(), m.end(), _canonical_body(m.group()), "judicial") for m in _JUDICIAL.finditer(text)]
    found += [OrgSpan(m.start("name"), m.end("name"), m.group("name").strip(), "enterprise")
              for m in _ENTERPRISE_QUOTED.finditer(text)]
    for m in _ENTERPRISE_ADJ.finditer(text):
        noun = {"комб.": "комбинат"}.get(m.group("noun"), m.group("noun"))
        phrase = " ".join(w for w in (m.group("adj"), m.group("adj2"), noun) if w)
        from .ner import phrase_nominative

        name = phrase_nominative(phrase)
        for short, full in _ENTERPRISE_WORDS.items():  # `медьзавод` = `медеплавильный завод`
            name = re.sub(rf"\b{short}\b", full, name)
        found.append(OrgSpan(m.start(), m.end(), name, "enterprise"))
    found += [OrgSpan(m.start(), m.end(), _canonical_body(_nominative_first(m.group())), "commissariat")
             for m in _COMMISSARIAT.finditer(text)]
    found += [OrgSpan(m.start(), m.end(), _nominative_first(" ".join(m.group().split())), "party committee")
              for m in _PARTY_COMMITTEE.finditer(text)]
    found += [OrgSpan(m.start(), m.end(), " ".join(m.group().split()), "enterprise") for m in _KOLKHOZ.finditer(text)]
    found += [OrgSpan(m.start(), m.end(), _canonical_body(m.group()), "named-body") for m in _NAMED_BODY.finditer(text)]
    found += [OrgSpan(m.start(), m.end(), " ".join(_GULAG_CASE.sub("ГУЛАГ", m.group()).split()), "acronym")
              for m in _ACRONYM_RUN.finditer(text)]
    spans = sorted(found, key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[OrgSpan] = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept
