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
    "следователь", "инспектор", "представитель",
)
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
    words = phrase.split()
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
