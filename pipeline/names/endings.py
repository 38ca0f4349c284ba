"""Kazakh ending stripping for names: `Қарағандыдан` -> Қарағанды, `Кругловқа` -> Круглов.

Kazakh glues endings to a name in a fixed order: plural + possessive + case + relative `-ғы/-гі`
(`Степлаг|ы|ның`, `бөлімше|сі|н|дегі`). Every ending has allomorphs chosen by vowel harmony (back
а о ұ ы vs front ә е ө ү і) and by the sound before it (after a vowel `-ның`, after a voiced
consonant `-дың`, after a voiceless one `-тың`). Russian names bend these rules (`Сысоевты` with a
back vowel after `е`), so the rules here *score* a split instead of forbidding it.

`ending_splits(word)` lists every grammatical split, best first; gazetteer lookups try them all.
`strip_endings(word)` returns the single most plausible lemma for a name nobody has listed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

BACK_VOWELS = set("аоұыяАОҰЫЯ")
FRONT_VOWELS = set("әеөүіэӘЕӨҮІЭ")
VOWELS = BACK_VOWELS | FRONT_VOWELS | set("иуюёИУЮЁ")
#: Consonants after which Kazakh takes the voiceless allomorph (т-, қ-/к-). Final г/б/д/в of Russian
#: names are devoiced too (`Степлагтың`, `Кругловқа`).
VOICELESS = set("кқпстфхцчшщгбдвКҚПСТФХЦЧШЩГБДВ")
NASALS = set("мнңМНҢ")

# Each ending: (slot, surface, harmony, condition). Slots from the outside in; a word is split by
# peeling at most one ending per slot, outermost first.
# harmony: "b" back, "f" front, "" neutral.  condition: what must precede it:
#   "V" vowel, "C+" voiced consonant (incl. л р й у ж з), "C-" voiceless, "N" nasal м н ң,
#   "P3" the 3rd-person possessive (-ы/-і/-сы/-сі). 1st/2nd person possessives never occur on names here.
_ENDINGS: list[tuple[str, str, str, str]] = []


def _add(slot: str, forms: str, cond: str) -> None:
    for form in forms.split():
        harmony = "b" if set(form) & BACK_VOWELS else ("f" if set(form) & FRONT_VOWELS else "")
        if slot == "case" and form.endswith("ен") and form[0] in "мбп":
            harmony = ""  # the instrumental мен/бен/пен does not harmonise
        _ENDINGS.append((slot, form, harmony, cond))


# relative suffix after a locative: Степлагтағы, бөлімшесіндегі
_add("rel", "ғы гі", "V")
_add("rel", "ғы гі", "C+")
_add("rel", "қы кі", "C-")
# genitive
_add("case", "ның нің", "V")
_add("case", "ның нің", "N")
_add("case", "дың дің", "C+")
_add("case", "тың тің", "C-")
# dative
_add("case", "ға ге", "V")
_add("case", "ға ге", "C+")
_add("case", "ға ге", "N")
_add("case", "қа ке", "C-")
_add("case", "на не", "P3")
# accusative
_add("case", "ны ні", "V")
_add("case", "ды ді", "C+")
_add("case", "ды ді", "N")
_add("case", "ты ті", "C-")
_add("case", "н", "P3")
# locative
_add("case", "да де", "V")
_add("case", "да де", "C+")
_add("case", "да де", "N")
_add("case", "та те", "C-")
_add("case", "нда нде", "P3")
# ablative
_add("case", "дан ден", "V")
_add("case", "дан ден", "C+")
_add("case", "нан нен", "N")
_add("case", "тан тен", "C-")
_add("case", "нан нен", "P3")
# instrumental
_add("case", "мен", "V")
_add("case", "мен", "N")
_add("case", "бен", "C+")
_add("case", "пен", "C-")
_add("case", "менен", "V")
# possessive
_add("poss", "сы сі", "V")
_add("poss", "ы і", "C+")
_add("poss", "ы і", "C-")
_add("poss", "ы і", "N")
# plural
_add("plur", "лар лер", "V")
_add("plur", "дар дер", "C+")
_add("plur", "дар дер", "N")
_add("plur", "тар тер", "C-")

_SLOTS = ("rel", "case", "poss", "plur")
_SLOT_ENDINGS = {s: sorted({(f, h, c) for sl, f, h, c in _ENDINGS if sl == s}, key=lambda e: -len(e[0])) for s in _SLOTS}

#: `_SLOT_ENDINGS` by the ending's last letter (same order within a letter): `ending_splits` tries
#: only the endings a word can end with, not all of a slot's endings for every stem.
_SLOT_ENDINGS_BY_LAST: dict[str, dict[str, tuple[tuple[str, str, str], ...]]] = {
    s: {ch: tuple(e for e in _SLOT_ENDINGS[s] if e[0][-1] == ch) for ch in {e[0][-1] for e in _SLOT_ENDINGS[s]}}
    for s in _SLOTS
}
#: Endings that only ever follow a possessive (-на, -н, -нда, -нан): a split needs one right before them.
_P3_ONLY = {f for _, f, _, c in _ENDINGS if c == "P3"} - {f for _, f, _, c in _ENDINGS if c != "P3"}

#: How much a split costs before any bonus: endings that are also common word-finals of names
#: (accusative -ды/-ті, possessive -ы/-і/-сы) cost more than unmistakable ones (-ның, -ға, -дан).
_AMBIGUOUS = {"ы", "і", "сы", "сі", "ды", "ді", "ты", "ті", "ны", "ні", "н"}

#: Stems that look like Russian surnames (or Kazakh surnames in Russian form).
_SURNAME_STEM = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ий|ой|ых|их|ко|ук|юк|чук|ич|ян|дзе|швили|ова|ева|ина|ына|ская|цкая|ұлы|улы|қызы)$",
    re.IGNORECASE,
)

_MIN_STEM = 2


@dataclass(frozen=True)
class Split:
    """One way to read a word: `stem` + `endings` (outermost last), with a plausibility score."""

    stem: str
    endings: tuple[str, ...]
    score: float

    @property
    def suffix(self) -> str:
        return "".join(self.endings)


def _last_vowel_harmony(stem: str) -> str:
    for ch in reversed(stem):
        if ch in BACK_VOWELS:
            return "b"
        if ch in FRONT_VOWELS:
            return "f"
        if ch in "иуюёИУЮЁ":
            return ""  # neutral: Russian names take either harmony
    return ""


def _condition_met(stem: str, cond: str) -> bool:
    """Whether the sound at the end of `stem` selects an ending with condition `cond`."""
    last = stem[-1]
    if cond == "":
        return True
    if cond == "V":
        return last in VOWELS
    if cond == "N":
        return last in NASALS
    if cond == "C-":
        return last in VOICELESS
    if cond == "C+":
        return last not in VOWELS and last not in VOICELESS and last not in NASALS or last in "гбдвГБДВ"
    if cond == "P3":  # right after the possessive -ы/-і/-сы/-сі (checked again on whole splits)
        return last in "ыіЫІ"
    return False


def _split_hyphen(word: str) -> tuple[str, str] | None:
    """`КСРО-ның` -> (`КСРО`, `ның`): endings written after a hyphen (acronyms, numbers)."""
    if "-" not in word:
        return None
    head, _, tail = word.rpartition("-")
    if head and tail and tail.islower() and _peel_all(tail):
        return head, tail
    return None


@lru_cache(maxsize=65536)
def _peel_all(ending_text: str) -> bool:
    """Whether `ending_text` is made entirely of endings in slot order (for hyphenated endings)."""
    def rec(rest: str, slot_idx: int) -> bool:
        if not rest:
            return True
        for si in range(slot_idx, len(_SLOTS)):
            for form, _, _ in _SLOT_ENDINGS[_SLOTS[si]]:
                if rest.endswith(form) and rec(rest[: -len(form)], si + 1):
                    return True
        return False

    return rec(ending_text, 0)


@lru_cache(maxsize=65536)
def ending_splits(word: str) -> tuple[Split, ...]:
    """Every grammatical stem+endings reading of `word`, best first (the bare word included)."""
    # readings are (stem, endings, score) tuples until the end: a frozen `Split` is slow to make
    results: list[tuple[str, tuple[str, ...], float]] = []
    hy = _split_hyphen(word)
    if hy:
        head, tail = hy
        results.append((head, (tail,), 0.5))

    def rec(stem: str, endings: tuple[str, ...], slot_idx: int, score: float) -> None:
        results.append((stem, endings, score))
        low = stem.lower()
        for si in range(slot_idx, len(_SLOTS)):
            for form, harmony, cond in _SLOT_ENDINGS_BY_LAST[_SLOTS[si]].get(low[-1:], ()):
                if not low.endswith(form) or len(stem) - len(form) < _MIN_STEM:
                    continue
                new_stem = stem[: -len(form)]
                # the ending is chosen by the sound before it: the new stem's last letter
                met = _condition_met(new_stem, cond)
                harm = _last_vowel_harmony(new_stem)
                cost = 0.35 if harmony and harm and harmony != harm else 0.0
                if form in _AMBIGUOUS:
                    cost += 0.45 + (0.0 if met else 0.6)
                else:
                    cost += -0.3 if met else 0.3
                if cond == "P3" and met:
                    cost -= 0.05  # -нде/-нан/-на right after a possessive is the textbook reading
                rec(new_stem, (form,) + endings, si + 1, score - cost)

    rec(word, (), 0, 0.0)
    # P3-conditioned endings (-на, -н, -нда, -нан) need a possessive right before them
    cleaned = []
    for stem, endings, score in results:
        ok = True
        if hy and stem == hy[0] and endings == (hy[1],):
            cleaned.append((stem, endings, score))  # after a hyphen (acronyms) any ending goes: `ГУЛАГ-на`, `ІІМ-не`
            continue
        for i, e in enumerate(endings):
            if e in _P3_ONLY:
                before = endings[i - 1] if i > 0 else None
                if before not in {"ы", "і", "сы", "сі"} and not (before is None and stem[-1:] in ("ы", "і")):
                    ok = False
        if ok:
            bonus = 1.0 if endings and _SURNAME_STEM.search(stem) else 0.0
            cleaned.append((stem, endings, round(score + bonus, 3)))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    unique = []
    for stem, endings, score in sorted(cleaned, key=lambda s: (-s[2], len(s[1]), -len(s[0]))):
        if (stem, endings) not in seen:
            seen.add((stem, endings))
            unique.append(Split(stem, endings, score))
    return tuple(unique)


def stems(word: str) -> list[str]:
    """All candidate lemmas of `word`, the word itself first, then shorter and shorter stems."""
    out = [word]
    for sp in sorted(ending_splits(word), key=lambda s: -len(s.stem)):
        if sp.stem not in out:
            out.append(sp.stem)
    return out


def strip_endings(word: str) -> str:
    """The most plausible lemma of a Kazakh-inflected name: `Сысоевты` -> `Сысоев`, `Қарағанды` stays.

    Pure function; no gazetteer. Use a gazetteer lookup first when the name may be listed.
    """
    if not word:
        return word
    splits = ending_splits(word)
    return splits[0].stem if splits else word


def split_word(word: str) -> tuple[str, str]:
    """(`lemma`, `ending`) with `lemma + ending == word` (a hyphen before the ending stays in it)."""
    lemma = strip_endings(word)
    return lemma, word[len(lemma):]


#: Case endings by case name, as (after a vowel, after a voiced consonant, after a nasal, after a
#: voiceless consonant) pairs of (back, front) forms.
_CASE_FORMS = {
    "gen": (("ның", "нің"), ("дың", "дің"), ("ның", "нің"), ("тың", "тің")),
    "dat": (("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("қа", "ке")),
    "acc": (("ны", "ні"), ("ды", "ді"), ("ды", "ді"), ("ты", "ті")),
    "loc": (("да", "де"), ("да", "де"), ("да", "де"), ("та", "те")),
    "abl": (("дан", "ден"), ("дан", "ден"), ("нан", "нен"), ("тан", "тен")),
    "ins": (("мен", "мен"), ("бен", "бен"), ("мен", "мен"), ("пен", "пен")),
}
CASES = tuple(_CASE_FORMS)


def attach_ending(stem: str, case: str) -> str:
    """`stem` + the textbook allomorph of a case ending (`Қарағанды`, "abl" -> `Қарағандыдан`;
    `Балқаш`, "dat" -> `Балқашқа`). The inverse of stripping, used to test it; acronyms take a hyphen."""
    if case not in _CASE_FORMS:
        raise ValueError(f"case must be one of {CASES}, not {case!r}")
    last = stem[-1]
    kind = 0 if last in VOWELS else 2 if last in NASALS else 3 if last in VOICELESS else 1
    harmony = _last_vowel_harmony(stem)
    form = _CASE_FORMS[case][kind][1 if harmony == "f" else 0]
    if stem.isupper() and len(stem) > 1:
        return f"{stem}-{form}"
    return stem + form


#: Per slot (outermost first): (length, surface endings of that length), longest first.
_PEEL = tuple(
    tuple(
        (length, frozenset(f for f, _, _ in _SLOT_ENDINGS[slot] if len(f) == length))
        for length in sorted({len(f) for f, _, _ in _SLOT_ENDINGS[slot]}, reverse=True)
    )
    for slot in _SLOTS
)


def quick_stem(word: str, min_stem: int = 3) -> str:
    """A fast, rough lemma: peel at most one ending per slot (relative, case, possessive, plural),
    longest first, keeping at least `min_stem` letters -- no harmony or sound checks.

    For features, not for canonical names (use `strip_endings` there): it over-strips common words
    (`бастығы` -> `бас`) but maps most case forms of a name to one string, at ~1/30 the cost.
    """
    low = word.lower()
    n = len(low)
    for slot in _PEEL:
        for length, forms in slot:
            if n - length >= min_stem and low[n - length : n] in forms:
                n -= length
                break
    return word[:n]
