"""Canonical Russian names: surnames in the nominative, place adjectives, camps of a town.

    surname_forms("Кругловқа")  -> ("Круглов", "Круглов")      (Kazakh lemma, Russian nominative)
    surname_forms("Губиным")    -> ("Губиным", "Губин")        (a Russian case form left untranslated)
    surname_forms("Жұмаділова") -> ("Жұмаділова", "Жумадилова")
    place_adjective("Караганда") -> "Карагандинская"          (for `облысы` -> `область`)
"""
from __future__ import annotations

import re
from functools import lru_cache

from .endings import ending_splits, strip_endings
from .translit import has_kazakh_letters, kk_to_ru

# Russian case forms of surnames -> nominative, for what pymorphy3 does not know (`Бочковым`).
_RU_SURNAME_CASES = [
    # not `-а`: `Губина` may be a woman's nominative; the entity stage reads it as the man's
    # genitive when the man's form occurs in the same document
    (re.compile(r"(.{2,}(?:ов|ев|ёв|ин|ын))(?:ым|у|ом)$"), r"\1"),
    (re.compile(r"(.{2,}(?:ск|цк))(?:ого|ому|им|ом)$"), r"\1ий"),
    (re.compile(r"(.{2,}(?:ов|ев|ин|ын))(?:ой|ою|ую)$"), r"\1а"),
]
_SURNAME_SHAPE = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|цкий|ская|цкая|енко|ко|ук|юк|чук|их|ых|ич|ян|дзе|швили|ұлы|улы|қызы|ий)$",
    re.IGNORECASE,
)


def looks_like_surname(lemma: str) -> bool:
    """Whether a lemma has the shape of a (Russian-form) surname: -ов, -ева, -ин, -ский, -енко, -их ..."""
    return bool(_SURNAME_SHAPE.search(lemma)) and len(lemma) >= 4


@lru_cache(maxsize=1)
def _morph():
    from ..ru.morph import analyzer  # one shared pymorphy3 analyzer per process

    return analyzer()


#: word -> its pymorphy3 parses (`morph_parses`), emptied when it reaches `_PARSES_SIZE` words
_PARSES: dict[str, tuple] = {}
_PARSES_SIZE = 65536


def morph_parses(word: str) -> tuple:
    """`_morph().parse(word)`, cached: several rules ask pymorphy3 about the same word (surname?
    first name? patronymic? nominative?), and a parse of a word it does not know is slow."""
    found = _PARSES.get(word)
    if found is None:
        if len(_PARSES) >= _PARSES_SIZE:
            _PARSES.clear()
        found = _PARSES[word] = tuple(_morph().parse(word))
    return found


@lru_cache(maxsize=65536)
def dictionary_tags(word: str) -> tuple:
    """Tags of the parses of `word` that start from pymorphy3's dictionary (the word itself, or a
    dictionary word behind a prefix or a particle), not from its suffix guesser."""
    parses = _PARSES.get(word)
    if parses is None:
        return _dictionary_tags_unguessed(word)
    return tuple(p.tag for p in parses if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer")


def _dictionary_tags_unguessed(word: str) -> tuple:
    """`dictionary_tags` of a word not parsed yet: pymorphy3's analyzer units are run as its
    `parse` runs them, but it stops at the suffix guesser (`KnownSuffixAnalyzer`), which is most of
    the cost of a word pymorphy3 does not know and never yields a dictionary parse. pymorphy3's
    probability estimate only reorders parses, so the tags are those of the full parse."""
    if "-" not in word and not _NOT_RUSSIAN.isdisjoint(word[5:].lower()):
        # every reading from the dictionary is of the whole word or of what is left after a prefix
        # of at most five letters (a hyphen aside), and the Russian dictionary has no word with a
        # Kazakh letter: a Kazakh letter after the fifth rules them all out (`Әлімжановтың`)
        return ()
    morph = _morph()
    units = getattr(morph, "_units", None)
    if units is None or _KnownSuffixAnalyzer is None:  # another pymorphy3: the full parse
        return tuple(p.tag for p in morph_parses(word)
                     if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer")
    res: list = []
    seen: set = set()
    word_lower = word.lower()
    for analyzer, is_terminal in units:
        if isinstance(analyzer, _KnownSuffixAnalyzer):
            break
        res.extend(analyzer.parse(word, word_lower, seen))
        if is_terminal and res:
            break
    # a raw parse is (word, tag, normal_form, score, methods_stack)
    return tuple(p[1] for p in res if type(p[4][0][0]).__name__ == "DictionaryAnalyzer")


#: Kazakh letters, which no word of pymorphy3's Russian dictionary has (lower case)
_NOT_RUSSIAN = frozenset("қғңөұүіһә")

try:
    from pymorphy3.units import KnownSuffixAnalyzer as _KnownSuffixAnalyzer
except ImportError:  # pragma: no cover - another pymorphy3 layout
    _KnownSuffixAnalyzer = None


@lru_cache(maxsize=16384)
def is_russian_surname(word: str) -> bool:
    """pymorphy3's dictionary (not its guesser) knows `word` as a surname (tag Surn)."""
    if has_kazakh_letters(word):
        return False
    return any("Surn" in tag for tag in dictionary_tags(word))


_STRONG_SURNAME = re.compile(r"(?:ов|ев|ёв|ова|ева|ёва|енко|ский|цкий|ская|цкая)$")


def strong_surname_shape(lemma: str) -> bool:
    """Endings that in these texts almost only surnames have (-ов, -ева, -енко, -ский); not -ин/-ын,
    which Kazakh words share (`тұтқын`)."""
    return bool(_STRONG_SURNAME.search(lemma)) and len(lemma) >= 5


@lru_cache(maxsize=16384)
def russian_surname_nominative(word: str) -> str | None:
    """Nominative of a Russian surname in a Russian case form, or None if `word` is not one.

    Only unambiguous masculine case forms are read here (`Губиным`, `Губину`); `Губина` stays, and
    the entity stage reads it as Губин when that form occurs in the same document.
    """
    if has_kazakh_letters(word) or not word[:1].isupper():
        return None
    for pattern, repl in _RU_SURNAME_CASES:
        if pattern.fullmatch(word):
            return pattern.sub(repl, word)
    return None


@lru_cache(maxsize=65536)
def surname_forms(word: str) -> tuple[str, str]:
    """(Kazakh lemma, Russian nominative) of a surname as written in Kazakh text (cached: the person
    rules ask it of every capitalised word)."""
    splits = ending_splits(word)
    lemma = word
    for sp in splits:  # the best split whose stem looks like a surname, else the best split
        if sp.endings and looks_like_surname(sp.stem) and sp.score > 0:
            lemma = sp.stem
            break
    else:
        lemma = strip_endings(word)
    if lemma == word:
        nom = russian_surname_nominative(word)
        if nom:
            return word, nom
    known = established_russian_spellings().get(lemma)
    if known:
        return lemma, known
    if has_kazakh_letters(lemma):
        return lemma, kk_to_ru(lemma, "person")
    return lemma, lemma


@lru_cache(maxsize=1)
def established_russian_spellings() -> dict[str, str]:
    """Kazakh surname -> its established Russian spelling where transliteration differs
    (`Қонаев` -> Кунаев, `Сәтбаев` -> Сатпаев): `models/gazetteers/surnames_ru.tsv`."""
    from .gazetteer import GAZETTEER_DIR, _read_tsv

    return {row["kk"].strip(): row["ru"].strip()
            for row in _read_tsv(GAZETTEER_DIR / "surnames_ru.tsv", ("kk", "ru"))}


#: Toponyms whose Russian adjective no suffix rule gives (Москва -> Московский, not Москвинский).
IRREGULAR_PLACE_ADJECTIVES = {
    "Москва": "Московск", "Россия": "Российск", "Белоруссия": "Белорусск", "Беларусь": "Белорусск",
    "Украина": "Украинск", "Германия": "Германск", "Польша": "Польск", "Чехия": "Чешск", "Франция": "Французск",
    "Англия": "Английск", "Грузия": "Грузинск", "Армения": "Армянск", "Турция": "Турецк", "Китай": "Китайск",
    "Монголия": "Монгольск", "Киргизия": "Киргизск", "Узбекистан": "Узбекистанск", "Сибирь": "Сибирск",
    "Ленинград": "Ленинградск", "Омск": "Омск", "Томск": "Томск", "Оренбург": "Оренбургск",
}


def place_adjective(ru: str, gender: str = "f") -> str:
    """Russian relative adjective of a toponym: Караганда -> Карагандинская, Павлодар -> Павлодарская,
    Джезказган -> Джезказганский (gender "m"), Кенгир -> Кенгирское (gender "n"), Москва -> Московская."""
    endings = {"f": "ская", "m": "ский", "n": "ское"}[gender]
    if ru in IRREGULAR_PLACE_ADJECTIVES:
        return IRREGULAR_PLACE_ADJECTIVES[ru] + endings[2:]
    base = ru
    if base.endswith("ск"):
        return base + endings[2:]
    if base.endswith("ка") and len(base) > 5:  # Рузаевка -> Рузаевский, Долинка -> Долинский
        return base[:-2] + endings
    if base.endswith(("ино", "ово", "ево", "ыно")):  # Кургальджино -> Кургальджинский, Булаево
        return base[:-1] + endings
    if base[-1:] in "аыи":
        return base[:-1] + "ин" + endings
    if base.endswith("ль"):  # Есиль -> Есильский, Алаколь -> Алакольский
        return base + endings
    if base[-1:] in "ь":
        return base[:-1] + endings
    if base[-1:] == "й" and base[-2:-1] in "аеоуяю":  # Кустанай -> Кустанайская, Чуй -> Чуйская
        return base + endings
    if base[-1:] in "йя":
        return base[:-1] + endings
    return base + endings


def compose_generic(ru: str, pattern: str, direction: str | None = None) -> str:
    """Fill a GENERIC_INSIDE pattern (`{adj} область`, `река {ru}`) for the Russian name `ru`.

    `direction` (a `DIRECTION_WORDS` lemma) compounds with the adjective: `Солтүстік Қазақстан
    облысы` -> Северо-Казахстанская область; before a bare name it agrees with it (`река Верхний X`)."""
    adj, adj_m, adj_n = place_adjective(ru, "f"), place_adjective(ru, "m"), place_adjective(ru, "n")
    if direction:
        from .lexicon import DIRECTION_WORDS

        prefix = DIRECTION_WORDS[direction][3]
        adj, adj_m, adj_n = (prefix + a for a in (adj, adj_m, adj_n))  # Северо-Казахстанская
        ru = directional_name(direction, ru)
    return pattern.format(ru=ru, adj=adj, adj_m=adj_m, adj_n=adj_n)


@lru_cache(maxsize=4096)
def toponym_gender(ru: str) -> str:
    """Grammatical gender ("m", "f", "n") of a Russian toponym: pymorphy3's dictionary, else its ending."""
    last = ru.split()[-1] if ru.split() else ru
    for tag in dictionary_tags(last):
        if "NOUN" in tag:
            for g, code in (("femn", "f"), ("neut", "n"), ("masc", "m")):
                if g in tag:
                    return code
    low = last.lower()
    if low.endswith(("а", "я", "ь")):
        return "f"
    if low.endswith(("о", "е")):
        return "n"
    return "m"


def directional_name(direction: str, ru: str) -> str:
    """`Солтүстік` + Кавказ -> Северный Кавказ, `Батыс` + Сибирь -> Западная Сибирь: the direction
    or size word (a `DIRECTION_WORDS` lemma) as a Russian adjective agreeing with the toponym."""
    from .lexicon import DIRECTION_WORDS

    m, f, n, _ = DIRECTION_WORDS[direction]
    return f"{ {'m': m, 'f': f, 'n': n}[toponym_gender(ru)]} {ru}"


@lru_cache(maxsize=4096)
def camp_of_place(place_ru: str) -> str | None:
    """The camp named after a town or region (`Караганда` -> Карлаг via Карагандинский ИТЛ), if listed."""
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for adj in (place_adjective(place_ru, "m"), place_adjective(place_ru, "m").replace("инский", "ский")):
        for name in (f"{adj} ИТЛ", f"{adj} лагерь", f"{adj} исправительно-трудовой лагерь"):
            entry = gaz.get(name)
            if entry is not None and entry.subtype == "camp":
                return entry.ru
    return None


@lru_cache(maxsize=4096)
def russian_genitive(ru: str) -> str:
    """Russian genitive of a canonical name: `Карагандинская область` -> `Карагандинской области`,
    `ГУЛАГ` -> `ГУЛАГа`; acronyms ending in a vowel sound and `СССР` stay."""
    morph = _morph()
    out = []
    quoted = False
    for w in ru.split():
        if quoted or w.startswith("«"):  # a quoted name stays as written: `колхоза «Кызыл ту»`
            quoted = not w.endswith("»")
            out.append(w)
            continue
        if w.isupper():
            out.append(w + "а" if w in ("ГУЛАГ",) else w)
            continue
        parses = morph.parse(w)
        adj = [q for q in parses if "ADJF" in q.tag and "nomn" in q.tag]
        p = adj[0] if adj and w.endswith(("ой", "ый", "ий", "ая", "ое")) else parses[0]
        g = p.inflect({"gent"})
        word = g.word if g else w
        out.append(word[:1].upper() + word[1:] if w[:1].isupper() else word)
    return " ".join(out)
