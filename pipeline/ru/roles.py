"""Russian position phrases (ROLE) next to a person: `Министра внутренних дел С.Н. Круглова`,
`Министр внутренних дел СССР генерал-полковник С. КРУГЛОВ`, `Генерального прокурора Р.А. Руденко`.

The norm is the phrase with its head noun (and the adjectives before it) in the nominative and
the genitive tail unchanged: `заместителю Министра внутренних дел СССР` -> `заместитель министра
внутренних дел СССР`. Roles also serve as evidence when Kazakh persons are linked to Russian ones.
"""
from __future__ import annotations

import re

from .morph import analyzer

#: Head nouns of Soviet position phrases (lemmas), the language data of this module.
ROLE_HEADS = (
    "министр", "заместитель", "прокурор", "начальник", "председатель", "секретарь", "член",
    "комиссар", "нарком", "уполномоченный", "командующий", "помощник", "руководитель", "директор",
    "следователь", "инспектор", "представитель", "оперуполномоченный", "заведующий", "комендант",
    "надзиратель", "глава", "командир",
)
#: Abbreviations of position words in archival documents, spelled out for the norm.
_ABBREVIATIONS = (
    (r"^[Пп]ом\.\s*нач\.", "помощник начальника"), (r"^[Зз]ам\.\s*нач\.", "заместитель начальника"),
    (r"^[Зз]/н\b", "заместитель начальника"), (r"^[Вв]рио\s+нач\.", "врио начальника"),
    (r"^[Нн]ач\.", "начальник"), (r"^[Зз]ам\.", "заместитель"), (r"^[Зз]амнаркома\b", "заместитель наркома"),
    (r"^[Сс]т\.\s*", "старший "), (r"\bГенпрокурора\b", "Генерального прокурора"),
    (r"\bГенпрокурор\b", "Генеральный прокурор"), (r"\bКазССР\b", "Казахской ССР"),
)


def expand_abbreviations(phrase: str) -> str:
    """`Пом. нач. ОУРЗ` -> `помощник начальника ОУРЗ`, `Зам. Генпрокурора СССР` -> `заместитель Генерального прокурора СССР`."""
    out = " ".join(phrase.split())
    for pattern, full in _ABBREVIATIONS:
        out = re.sub(pattern, full, out)
    return out
_HEAD_RE = "|".join(
    f"[{h[0].upper()}{h[0]}]" + (h[1:-1] if h.endswith(("ь", "й")) else h[1:]) for h in ROLE_HEADS
)
#: Adjectives that open a role phrase (`Генерального прокурора`, `первого заместителя`).
_ADJ = r"(?:[Гг]енеральн|[Гг]лавн|[Пп]ерв|[Сс]тарш|[Оо]собо?|[Сс]таршего)[а-яё]*"
#: The genitive tail: lower-case words, acronyms, `Союза ССР`, `Казахской ССР`, rank words excluded.
_TAIL_WORD = (
    r"(?:внутренних|дел|юстиции|государственной|безопасности|по|делам|лагер[а-яё]*|управлени[а-яё]*|[А-ЯЁ]{2,}(?:\([а-я]\))?|[А-ЯЁ][а-яё]+(?:ской|ого|ой)|Союза|ССР|СССР|КПСС|министра|министров|прокурора|начальника|ГУЛАГ[а-я]*|Гулаг[а-я]*"
    r"|Совета|Министров|Президиума|Верховного|Комитета|Центрального|Генерального|прокуратуры|Прокуратуры)"
)
ROLE_RE = re.compile(
    rf"(?<![а-яё])(?P<role>(?:{_ADJ}\s+)?(?:[Зз]аместител[а-яё]*\s+)?(?:{_HEAD_RE})[а-яё]*(?:\s+{_TAIL_WORD})*)"
    r"(?P<rank>\s+(?:генерал|полковник|подполковник|майор|капитан)[а-яё-]*)?\s*$"
)


def role_before(text: str, person_start: int, window: int = 80) -> tuple[int, int] | None:
    """The role phrase that ends right before `person_start` (clean offsets), if any."""
    lo = max(0, person_start - window)
    chunk = text[lo:person_start]
    # A form of address between role and name (`Председателю ... тов. Маленкову`) is not a sentence end.
    title = re.search(r"\s(?:тов\.|т\.|товарищу?|гр\.)\s*$", chunk)
    if title:
        chunk = chunk[:title.start()]
    # Do not cross a sentence or line boundary.
    cut = max(chunk.rfind(". "), chunk.rfind("\n"), chunk.rfind(";"))
    if cut >= 0:
        lo, chunk = lo + cut + 1, chunk[cut + 1:]
    m = ROLE_RE.search(chunk)
    if not m:
        return None
    s, e = lo + m.start("role"), lo + m.end("role")
    while s < e and text[s].isspace():
        s += 1
    return (s, e) if e - s >= 5 else None


def role_norm(phrase: str) -> str:
    """Nominative of the head (and the adjectives before it), genitive tail unchanged."""
    morph = analyzer()
    words = expand_abbreviations(phrase).split()
    out: list[str] = []
    head_done = False
    for w in words:
        if head_done:
            # The tail keeps acronyms and proper adjectives (`СССР`, `Казахской`); common words go lower case.
            # ... but the names of bodies keep theirs (`Совета Министров`); a nested position does not.
            first = morph.parse(w.lower())[0]
            nested = (first.normal_form in ROLE_HEADS and "plur" not in first.tag) or w.lower().startswith(
                ("генеральн", "главн"))
            keep = w.isupper() or (w[:1].isupper() and not nested)
            out.append(w if keep else w.lower())
            continue
        parses = morph.parse(w.lower())
        p = parses[0] if parses else None
        if p is not None and p.normal_form in ROLE_HEADS or (p is not None and any(
                q.normal_form in ROLE_HEADS for q in parses)):
            head = next(q for q in parses if q.normal_form in ROLE_HEADS)
            out.append(head.normal_form)
            head_done = True
        elif p is not None and "ADJF" in p.tag:
            form = p.inflect({"nomn", "sing", "masc"})
            out.append(form.word if form else w.lower())
        else:
            out.append(w.lower())
    return " ".join(out)


def role_head(norm: str) -> str:
    """The head lemma of a role norm (`заместитель министра ...` -> `заместитель`), for comparing roles."""
    for w in norm.split():
        if w in ROLE_HEADS:
            return w
    return norm.split()[0] if norm else ""


#: Heads of a position phrase standing alone (`Начальник ОУРЗ ГУЛАГа НКВД СССР`, `ст. следователь`),
#: with the abbreviations of archival documents.
_STANDALONE_HEAD = re.compile(
    r"(?<![А-ЯЁа-яё])(?P<head>(?:(?:[Пп]ом|[Зз]ам|[Вв]рио|[Сс]т|[Мм]л)\.\s*)?(?:[Нн]ач\.|[Зз]/н|[Зз]ам\.)|"
    r"(?:[Зз]аместител[а-яё]*\s+|[Пп]омощник[а-яё]*\s+|[Сс]тарш[а-яё]+\s+|[Сс]т\.\s*|[Вв]рио\s+)?"
    r"(?:[Нн]ачальник|[Зз]амнаркома|[Нн]арком(?=(?:а|у|ом|е)?(?![а-яё]))|[Нн]ародн[а-яё]+\s+комиссар|[Зз]аведующ|[Оо]перуполномоченн|"
    r"[Кк]омендант|[Пп]редседател|[Сс]екретар|[Сс]ледовател|[Мм]инистр|[Гг]енеральн[а-яё]+\s+прокурор|[Пп]рокурор|"
    r"[Уу]полномоченн|[Дд]иректор|[Ии]нспектор|[Гг]лав[аеуыо]|[Чч]лен|[Нн]адзирател|[Кк]омандир|[Кк]омандующ)"
    r"[а-яё]*)"
)
_TAIL_TOKEN = re.compile(r"\s*(?:№\s*\d+|\d+(?:-?[а-я]{1,3})?|«[^»\n]{1,40}»|\([а-я]\)|[А-ЯЁA-Za-zа-яё/]+(?:-[А-ЯЁа-яё]+)*\.?)")
_RANKS = re.compile(r"^(?:генерал|полковник|подполковник|майор|капитан|лейтенант|старш[а-я]+|младш[а-я]+|мл\.|ст\.|"
                    r"комиссар|тов\.?|товарищ|гр\.|кап\.|сержант|старшина|госбезопасности|ГБ)")


def _tail_word_ok(word: str) -> bool:
    """A word of a role's genitive tail: an acronym, a name adjective, `по`, or a word in the
    genitive/instrumental (`отдела`, `сектором`, `внутренних`)."""
    w = word.rstrip(".")
    if not w:
        return False
    if w in ("по", "и", "войск") or re.fullmatch(r"№\s*\d+|\d+(?:-?[а-я]{1,3})?|\([а-я]\)", w):
        return True
    if w.isupper() or re.fullmatch(r"[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ][А-ЯЁа-яё]*(?:\([а-я]\))?", w):  # ОУРЗ, КазССР, окрОНО
        return True
    parses = analyzer().parse(w.lower())
    if not parses:
        return False
    top = parses[0]
    if top.tag.POS in ("PREP", "CONJ", "VERB", "INFN", "PRTS", "NPRO", "ADVB", "PRCL", "GRND"):
        return False
    return any(("gent" in p.tag or "ablt" in p.tag) and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses[:3])


def find_roles(text: str) -> list[tuple[int, int]]:
    """Standalone position phrases: a head and its genitive tail (at least one word), stopping at a
    rank, a form of address, punctuation or a line end. Clean-view offsets."""
    out = []
    for m in _STANDALONE_HEAD.finditer(text):
        end = m.end()
        n_tail = 0
        pos = end
        while True:
            t = _TAIL_TOKEN.match(text, pos)
            if not t:
                break
            word = t.group().strip()
            if "\n" in t.group() or _RANKS.match(word) or not _tail_word_ok(word):
                break
            if word[:1].isupper() and word[1:].islower() and n_tail and not re.search(r"(?:ого|ой|их|ому|ым)$", word):
                break  # a capitalised noun after the tail is a name (`Начальник УРО Киселев`)
            pos = t.end()
            if word.endswith(".") and not re.fullmatch(r"[а-яё]{1,5}\.", word):
                pos -= 1  # a sentence's full stop stays outside
                n_tail += 1
                end = pos
                break
            n_tail += 1
            end = pos
        head = m.group("head").lower()
        before = text[max(0, m.start() - 12):m.start()]
        if head.endswith("ов") or re.search(r"Совет[а-я]*\s+$", before):
            continue  # `Совет Министров`: a body, not a minister
        tail = text[m.end():end].split()
        if tail and all(w in ("ВКП(б)", "КПСС", "ВЛКСМ", "партии") for w in tail):
            continue  # `член ВКП(б)`: party membership, not a position
        if n_tail:
            out.append((m.start(), end))
    return out
