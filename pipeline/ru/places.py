"""Russian place mentions: settlements and regions, republics, camps and numbered camp divisions.

    Джезказгана, Кенгир, из Москвы        -> pymorphy3 `Geox` reading        -> `Джезказган`
    Казахской ССР, Карагандинской области -> adjective + polity noun          -> `Казахская ССР`
    Степного исправительно-трудового лагеря, Степного ИТЛ, Степлага -> subtype `camp`
    3-м лагерном отделении, лаготделения № 3                          -> subtype `unit`

Camp names are also looked up in the Kazakh side's gazetteer (`pipeline.names`) by their Russian
form when that module is installed, so both languages share one canonical camp name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .furniture import is_common_word_at_start, is_furniture_word
from .morph import analyzer, cap, is_place_word, is_surname_word, place_lemma

_UP, _LO = "А-ЯЁ", "а-яё"


@dataclass
class PlaceSpan:
    start: int
    end: int
    canonical: str
    subtype: str | None
    pattern: str


#: Nouns that make an adjective a region or republic name; nominative forms for the norm.
POLITY_NOUNS = {
    "ССР": "ССР", "АССР": "АССР", "области": "область", "область": "область", "областью": "область",
    "обл.": "область", "края": "край", "край": "край", "крае": "край", "краю": "край",
    "района": "район", "районе": "район", "район": "район", "республики": "республика",
    "республике": "республика", "республика": "республика",
}
_POLITY = re.compile(
    rf"(?<![{_LO}{_UP}-])(?P<adj>(?:[{_UP}][{_LO}]+[оеё]-)?[{_UP}][{_LO}]+(?:ск|цк|н)(?:ая|ой|ую|ую|ого|ому|ом|ий|ый))\s+"
    r"(?P<noun>АССР|ССР|област[ьиюе]|обл\.|кра[йяюе]|район[аеу]?|республик[аиеу])(?![а-яё])"
)
#: Camps: adjective + `исправительно-трудового лагеря` / `ИТЛ` / `лагеря`, and -лаг names.
_CAMP = re.compile(
    rf"(?<![{_LO}{_UP}])(?P<adj>[{_UP}][{_LO}]+(?:ого|ой|ый|ом|ому|ым|ий|ая|ое))\s+"
    r"(?P<kind>исправительно-трудов[а-яё]+\s+лагер[а-яё]*|особ[а-яё]+\s+лагер[а-яё]*|ИТЛ|лагер[ьяеюмё]+)(?![а-яё])"
    r"|(?<![а-яё])(?P<pow>лагер[ьяеюмё]+\s+военнопленных\s+№\s*(?P<pow_num>\d+))"
    r"|(?<![А-ЯЁ])(?P<adj_caps>[А-ЯЁ]{4,}(?:ОГО|ОЙ|ЫЙ|ИЙ|ОМ))\s+(?P<kind_caps>ИТЛ|ЛАГЕР[ЬЯЕЮ])(?![А-ЯЁ])"
)
#: The owning body written after a camp stays inside its span (`Степлага МВД СССР`, `Карлаге НКВД`).
_CAMP_OWNER = re.compile(r"\s+№\s*\d+(?!\d)|\s+(?:МВД|НКВД|ОГПУ|МГБ|ГУЛАГа|ГУЛАГ)(?:\s+(?:СССР|КазССР|Казахской\s+ССР|РСФСР))?(?![А-ЯЁа-яё])")
#: Facilities and regions named by an adjective (`Бутырская тюрьма`, `Карсакпайской ЦЭС`, `Федоровский р-н`).
_FACILITY = re.compile(
    rf"(?<![{_LO}{_UP}-])(?P<adj>(?:[{_UP}][{_LO}]+-)?[{_UP}][{_LO}]+(?:ск|цк|ов|ев|ин|н)(?:ая|ой|ую|ого|ому|ом|ий|ый|ое|ым|ей))\s+"
    r"(?:(?P<adj2>[а-яё]+(?:ого|ой|ое|ый|ий|ом))\s+)?"
    r"(?P<noun>тюрьм[аыеуо]й?|вокзал[аеу]?|пересылк[аеиу]|пересыльн[а-яё]+\s+тюрьм[а-яё]+|ЦЭС|ГРЭС|ТЭЦ|ГЭС|"
    r"месторождени[еяюи]|рудник[аеу]?|губерни[яиюей]|уезд[аеу]?|волост[иьюей]|р-н[аеу]?|округ[аеу]?|"
    r"отделени[еяюи]|спецотделени[еяюи])(?![а-яё])"
)
#: `Новый Джезказган`, `Усть-Каменогорск`: a settlement name with an adjective before it.
_NEW_OLD = re.compile(rf"(?<![{_LO}{_UP}])(?P<adj>(?:Нов|Стар|Верхн|Нижн|Больш|Мал|Северн|Южн|Восточн|Западн|Средн|Дальн|Центральн)[а-яё]{{1,3}})\s+(?P<name>[{_UP}][{_LO}]+)(?![{_LO}])")
#: Regions named by a cardinal-point adjective (`Северный Казахстан`, `Дальний Восток`, `Средняя Азия`).
_MACRO_REGIONS = ("восток", "азия", "урал", "кавказ", "сибирь", "казахстан", "поволжье")
#: Region adjectives sharing one plural noun: `Акмолинская, Актюбинская и Карагандинская области`.
_REGION_LIST = re.compile(
    rf"(?<![{_LO}{_UP}])(?P<adjs>[{_UP}][{_LO}]+(?:ск|цк)(?:ая|ой|ого|ий|ом|ую)(?:\s*,\s*[{_UP}][{_LO}]+(?:ск|цк)(?:ая|ой|ого|ий|ом|ую))*"
    rf"\s+(?:и|или)\s+[{_UP}][{_LO}]+(?:ск|цк)(?:ая|ой|ого|ий|ом|ую))\s+(?P<noun>област(?:и|ей|ях|ям)|район(?:ов|ы|ах|ам)|кра(?:ев|я|ях))(?![{_LO}])"
)
_PLURAL_REGION = {"облас": "область", "район": "район", "краев": "край", "края": "край", "краях": "край"}
#: Soviet states written as acronyms; alone they are PLACE (inside a body's or a role's name they are not).
_STATES = {"СССР": "СССР", "РСФСР": "РСФСР", "КазССР": "Казахская ССР", "УССР": "Украинская ССР",
           "БССР": "Белорусская ССР", "УзССР": "Узбекская ССР", "КССР": "Казахская ССР"}
_STATE_ACRONYM = re.compile(r"(?<![А-ЯЁа-яё])(?:" + "|".join(sorted(_STATES, key=len, reverse=True)) + r")(?![А-ЯЁа-яё])")
#: A word in capitals with an optional case ending (`АЛЖИРе`), looked up among the gazetteer's camps.
_CAPS_NAME = re.compile(rf"(?<![{_LO}{_UP}])[{_UP}]{{4,}}(?:[{_LO}]{{1,2}})?(?![{_LO}{_UP}])")
#: A list of named camp divisions after `отделений:` / `отделения:`.
_DIVISION_LIST = re.compile(
    rf"отделени[йяе]\s*:\s*(?P<items>[{_UP}][{_LO}]+(?:\s*\([^)\n]{{1,30}}\))?(?:\s*(?:,|\sи)\s*[{_UP}][{_LO}]+(?:\s*\([^)\n]{{1,30}}\))?)+)"
)
#: `шахта № 31`, `шахты 31`: numbered mines are places.
_MINE = re.compile(r"(?<![а-яё])(?P<noun>шахт[аыеуой]+)\s+(?:№\s*)?(?P<num>\d+)(?!\d)")
_LOOKALIKE = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")


def latin_lookalikes_to_cyrillic(text: str) -> str:
    """Latin letters inside Cyrillic words replaced by their Cyrillic twins (`Алма-Aта`, `Экибастyз`:
    OCR and PDF text mix them). Same length, so offsets stay valid."""
    return re.sub(r"(?<=[А-ЯЁа-яё-])[A-Za-z]+(?=[А-ЯЁа-яё])|(?<=[А-ЯЁа-яё])[A-Za-z]+|[A-Za-z]+(?=[А-ЯЁа-яё])",
                  lambda m: m.group().translate(_LOOKALIKE) if all(c in "AaBCcEeHKMOoPpTXxy" for c in m.group())
                  else m.group(), text)
_LAG_NAME = re.compile(rf"(?<![{_LO}{_UP}])(?P<stem>[{_UP}][{_LO}]+лаг)(?:а|у|ом|е|ем)?(?![{_LO}])")
#: Numbered camp divisions.
_UNIT = re.compile(
    r"(?<!\w)(?P<num>\d+)-?(?:[а-яё]{1,3})?\s+(?P<kind>лагерн[а-яё]+\s+отделени[а-яё]+|лаготделени[а-яё]+|лагпункт[а-яё]*|лагерн[а-яё]+\s+пункт[а-яё]*)"
    r"|(?P<kind2>лагерн[а-яё]+\s+отделени[а-яё]+|лаготделени[а-яё]+)\s+№\s*(?P<num2>\d+)"
)
_ADJ_ENDING = re.compile(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)$")
#: A generic word that announces a place name (`станции Новорудная`, `пос. Рудник`, `на реке Кенгир`);
#: the generic word stays outside the span, as in the guidelines. `г.` right after a number is the
#: year of a date (`1954 г. Сов. секретно`), not `город`.
_GENERIC = re.compile(
    r"(?<![а-яё\d])(?<!\d\s)(?:станци[яиюей]|ст\.|поселк[аеуом]*|посёлк[аеуом]*|пос\.|разъезд[аеу]?|рек[аеиуой]|"
    r"город[аеу]?|гор\.|г\.|с\.|р\.|сел[оаеу]|аул[аеу]?|пристан[иьюей]|урочищ[еау])\s+"
    rf"(?P<name>[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)(?![{_LO}])"
)
#: `-лаг` words that name the Gulag administration, not a camp.
_NOT_CAMPS = {"гулаг"}


def _nominative_adj(adj: str, gender: str) -> str:
    for p in analyzer().parse(adj.lower()):
        if "ADJF" in p.tag:
            form = p.inflect({"nomn", "sing", gender})
            if form:
                return cap(form.word)
    return adj


def _gender_of(noun: str) -> str:
    return {"область": "femn", "республика": "femn", "ССР": "femn", "АССР": "femn"}.get(noun, "masc")


def camp_canonical(adj_nom: str, kind: str) -> str:
    """`Степной` + `ИТЛ`, looked up in the names gazetteer when present (`Степлаг`)."""
    plain = f"{adj_nom} ИТЛ" if "ИТЛ" in kind or "исправ" in kind else f"{adj_nom} лагерь"
    # The handbook lists a camp under one of `X ИТЛ` / `X лагерь`; texts use either.
    for form in (plain, f"{adj_nom} ИТЛ", f"{adj_nom} лагерь"):
        found = gazetteer_canonical(form)
        if found:
            return found
    return plain


def gazetteer_entry(ru_form: str):
    """The `pipeline.names` gazetteer entry of a Russian form in any case, or None."""
    try:
        from pipeline.names.gazetteer import lookup_ru
    except ImportError:
        return None
    return lookup_ru(ru_form)


def gazetteer_canonical(ru_form: str) -> str | None:
    """The Russian canonical name of a place/camp from the `pipeline.names` gazetteer, if installed."""
    try:
        from pipeline.names.gazetteer import lookup_ru
    except ImportError:  # the Kazakh side's gazetteer is not installed: keep the rule-made name
        return None
    try:
        hit = lookup_ru(ru_form)
    except Exception:
        return None
    if hit is None:
        return None
    if isinstance(hit, str):
        return hit
    return getattr(hit, "ru", None) or (hit.get("ru") if isinstance(hit, dict) else None)


def find_places(text: str) -> list[PlaceSpan]:
    """Place spans in `text` (clean-view text), no overlaps, longest first."""
    found: list[PlaceSpan] = []
    for m in _UNIT.finditer(text):
        num = m.group("num") or m.group("num2")
        found.append(PlaceSpan(m.start(), m.end(), f"лаготделение № {num}", "unit", "unit"))
    for m in _CAMP.finditer(text):
        if m.group("pow"):
            found.append(PlaceSpan(m.start(), m.end(), f"лагерь военнопленных № {m.group('pow_num')}", "camp", "camp"))
            continue
        adj, kind = (m.group("adj"), m.group("kind")) if m.group("adj") else (m.group("adj_caps"), m.group("kind_caps"))
        if not any("ADJF" in p.tag for p in analyzer().parse(adj.lower())):
            continue
        nom = _nominative_adj(cap(adj.lower()), "masc")
        start = m.start()
        prefix = re.search(rf"(?:Усть|Ново|Старо)-$", text[max(0, start - 5):start])
        if prefix:
            start -= len(prefix.group())
            nom = prefix.group() + nom
        end = _with_owner(text, m.end())
        found.append(PlaceSpan(start, end, _numbered(camp_canonical(nom, kind), text[m.end():end]), "camp", "camp"))
    for m in _LAG_NAME.finditer(text):
        if m.group("stem").lower() in _NOT_CAMPS:
            continue
        stem = m.group("stem")
        end = _with_owner(text, m.end())
        found.append(PlaceSpan(m.start(), end, _numbered(gazetteer_canonical(stem) or stem, text[m.end():end]), "camp", "-лаг"))
    for m in _MINE.finditer(text):
        found.append(PlaceSpan(m.start(), m.end(), f"шахта № {m.group('num')}", None, "facility"))
    for m in _FACILITY.finditer(text):
        if not any("ADJF" in p.tag for p in analyzer().parse(m.group("adj").lower())) and not m.group("adj").lower().endswith(("ский", "ская", "ской", "ского")):
            continue
        noun = m.group("noun")
        subtype = "unit" if "отделени" in noun else None
        phrase = " ".join(m.group().split()).replace("р-н", "район")
        from .ner import phrase_nominative

        found.append(PlaceSpan(m.start(), m.end(), phrase_nominative(phrase), subtype, "facility"))
    for m in _STATE_ACRONYM.finditer(text):  # `в СССР`, `по КазССР`: a state acting is a PLACE (notes)
        found.append(PlaceSpan(m.start(), m.end(), _STATES.get(m.group(), m.group()), None, "polity"))
    for m in _CAPS_NAME.finditer(text):  # camps and places written in capitals: `АЛЖИР`, `АЛЖИРе`
        hit = gazetteer_entry(m.group())
        if hit is not None and hit.label == "PLACE" and hit.subtype == "camp":
            found.append(PlaceSpan(m.start(), m.end(), hit.ru, "camp", "gazetteer"))
    for m in _DIVISION_LIST.finditer(text):  # `8 отделений: Долинское (центральное), Карабасское, ...`
        for w in re.finditer(rf"[{_UP}][{_LO}]+(?:ск|цк|н)ое", m.group("items")):
            s = m.start("items") + w.start()
            found.append(PlaceSpan(s, s + len(w.group()), f"{w.group()} отделение", "unit", "facility"))
    for m in _REGION_LIST.finditer(text):  # `Нуринского и Тельманского районов`
        noun = _PLURAL_REGION[m.group("noun")[:5].lower()]
        adjs = list(re.finditer(rf"[{_UP}][{_LO}]+(?:ск|цк)(?:ая|ой|ого|ий|ом|ую)", m.group("adjs")))
        gender = "femn" if noun == "область" else "masc"
        for k, a in enumerate(adjs):
            s = m.start("adjs") + a.start()
            e = m.end() if k == len(adjs) - 1 else s + len(a.group())
            found.append(PlaceSpan(s, e, f"{_nominative_adj(a.group(), gender)} {noun}", None, "polity"))
    for m in _NEW_OLD.finditer(text):
        if is_place_word(m.group("name")) or analyzer().parse(m.group("name").lower())[0].normal_form in _MACRO_REGIONS:
            from .ner import phrase_nominative

            found.append(PlaceSpan(m.start(), m.end(), phrase_nominative(m.group()), None, "geox"))
    for m in _GENERIC.finditer(text):
        name = m.group("name")
        hit = gazetteer_entry(name)
        if is_furniture_word(name):
            continue
        # After an abbreviated generic word the full stop may end a sentence (`с. г. Исходя ...`):
        # an ordinary word there is a sentence opening unless the gazetteer knows it as a place.
        if m.group().startswith(("г.", "ст.", "пос.", "гор.")) and (hit is None or hit.label != "PLACE") \
                and is_common_word_at_start(text, m.start("name"), name):
            continue
        if hit is None and analyzer().word_is_known(name.lower()) and not is_place_word(name):
            continue  # `1937 г. Вопрос`, `р. Дитц`: an ordinary word or a name, not a place
        if hit is not None and hit.label == "PLACE":
            canonical = _soviet_name(hit.ru, place_lemma(name) or name)
        else:  # names written after a generic word are mostly in the nominative already
            canonical = place_lemma(name) or name
        start = m.start() if m.group().startswith("р.") else m.start("name")  # `р. Кумола`: notes keep `р.`
        found.append(PlaceSpan(start, m.end("name"), canonical, None, "generic"))
    for m in _POLITY.finditer(text):
        noun = POLITY_NOUNS.get(m.group("noun"), m.group("noun"))
        nom = _nominative_adj(m.group("adj"), _gender_of(noun))
        found.append(PlaceSpan(m.start(), m.end(), f"{nom} {noun}", None, "polity"))
    for m in re.finditer(rf"(?<![{_LO}{_UP}-])[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)*(?![{_LO}])", text):
        word = m.group()
        if is_furniture_word(word) or text[m.end():m.end() + 1] == "." and is_furniture_word(word + "."):
            continue
        if re.fullmatch(r"[А-ЯЁ][а-яё]+-[а-яё]{1,8}", word) and is_place_word(word.replace("-", "")):
            word = word.replace("-", "")  # `Джезказ-гана`: split at a line break
        # A place adjective (`Кенгирском лаготделении`) is not the place itself; pymorphy3 guesses such
        # unknown words as nouns like `Омск`, so the adjectival ending decides.
        if _ADJ_ENDING.search(word.lower()) and not analyzer().word_is_known(word.lower()):
            continue
        if is_place_word(word) and not (is_surname_word(word) and not _geox_first(word)):
            lemma = place_lemma(word)
            found.append(PlaceSpan(m.start(), m.end(), _soviet_name(gazetteer_canonical(lemma), lemma), None, "geox"))
            continue
        # Not in pymorphy3's dictionary as a place, but a gazetteer place (`Рудник`, `Жезды`):
        # mid-sentence always; at a sentence start only when it is no ordinary word.
        if is_common_word_at_start(text, m.start(), word):
            continue
        hit = gazetteer_entry(word)
        if hit is not None and hit.label == "PLACE":
            found.append(PlaceSpan(m.start(), m.end(), _soviet_name(hit.ru, word) if hit.subtype != "camp" else hit.ru,
                                   hit.subtype if hit.subtype == "camp" else None,
                                   "gazetteer"))
    return _drop_overlaps(found)


def _numbered(canonical: str, tail: str) -> str:
    """A camp written with its number (`Особлаг № 8`, `Особый лагерь № 8`): the gazetteer's name for
    that numbered camp when it lists one (`Песчанлаг`), else the name with its number."""
    num = re.search(r"№\s*(\d+)", tail)
    if not num:
        return canonical
    n = num.group(1)
    base = "Особлаг" if canonical.lower().startswith(("особый", "особлаг")) else canonical
    return gazetteer_canonical(f"{base} № {n}") or f"{base} № {n}"


def _soviet_name(gazetteer_ru: str | None, written: str) -> str:
    """The gazetteer's Russian name, unless it is another name altogether (a later renaming:
    `Лебяжье` -> `Май`): a Russian document's own name of a settlement is the Soviet-era one."""
    if not gazetteer_ru:
        return written
    a, b = gazetteer_ru.lower().replace("ё", "е"), written.lower().replace("ё", "е")
    if a[:3] == b[:3] or " " in a or "-" in a:
        return gazetteer_ru
    return written


def _with_owner(text: str, end: int) -> int:
    """Past a camp's number and owning body: `Особлаг № 8`, `Степлага МВД СССР`."""
    for _ in range(2):
        m = _CAMP_OWNER.match(text, end)
        if not m:
            break
        end = m.end()
    return end


def _geox_first(word: str) -> bool:
    parses = analyzer().parse(word)
    return bool(parses) and "Geox" in parses[0].tag


def _drop_overlaps(spans):
    spans = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    kept = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept
