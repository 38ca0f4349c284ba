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
    rf"(?<![{_LO}{_UP}])(?P<adj>[{_UP}][{_LO}]+(?:ск|цк|н)(?:ая|ой|ую|ую|ого|ому|ом|ий|ый))\s+"
    r"(?P<noun>АССР|ССР|област[ьиюе]|обл\.|кра[йяюе]|район[аеу]?|республик[аиеу])(?![а-яё])"
)
#: Camps: adjective + `исправительно-трудового лагеря` / `ИТЛ` / `лагеря`, and -лаг names.
_CAMP = re.compile(
    rf"(?<![{_LO}{_UP}])(?P<adj>[{_UP}][{_LO}]+(?:ого|ой|ый|ом|ому|ым|ий|ая|ое))\s+"
    r"(?P<kind>исправительно-трудов[а-яё]+\s+лагер[а-яё]*|особ[а-яё]+\s+лагер[а-яё]*|ИТЛ|лагер[ьяеюмё]+)(?![а-яё])"
)
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
    r"(?<![а-яё])(?:станци[яиюей]|ст\.|поселк[аеуом]*|посёлк[аеуом]*|пос\.|разъезд[аеу]?|рек[аеиуой]|"
    r"город[аеу]?|гор\.|(?<!\d)(?<!\d\s)г\.|сел[оаеу]|аул[аеу]?|пристан[иьюей]|урочищ[еау])\s+"
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
        adj = m.group("adj")
        if not any("ADJF" in p.tag for p in analyzer().parse(adj.lower())):
            continue
        nom = _nominative_adj(adj, "masc")
        found.append(PlaceSpan(m.start(), m.end(), camp_canonical(nom, m.group("kind")), "camp", "camp"))
    for m in _LAG_NAME.finditer(text):
        if m.group("stem").lower() in _NOT_CAMPS:
            continue
        stem = m.group("stem")
        found.append(PlaceSpan(m.start(), m.end(), gazetteer_canonical(stem) or stem, "camp", "-лаг"))
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
        if hit is not None and hit.label == "PLACE":
            canonical = hit.ru
        else:  # names written after a generic word are mostly in the nominative already
            canonical = place_lemma(name) or name
        found.append(PlaceSpan(m.start("name"), m.end("name"), canonical, None, "generic"))
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
            found.append(PlaceSpan(m.start(), m.end(), gazetteer_canonical(lemma) or lemma, None, "geox"))
            continue
        # Not in pymorphy3's dictionary as a place, but a gazetteer place (`Рудник`, `Жезды`):
        # mid-sentence always; at a sentence start only when it is no ordinary word.
        if is_common_word_at_start(text, m.start(), word):
            continue
        hit = gazetteer_entry(word)
        if hit is not None and hit.label == "PLACE":
            found.append(PlaceSpan(m.start(), m.end(), hit.ru, hit.subtype if hit.subtype == "camp" else None,
                                   "gazetteer"))
    return _drop_overlaps(found)


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
