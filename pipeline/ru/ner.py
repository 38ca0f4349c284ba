"""A statistical Russian NER beside the rules: slovnet's news-domain model over navec embeddings.

The model files come from the `natasha` wheel (PyPI), which carries them as package data:

    natasha/data/emb/navec_news_v1_1B_250K_300d_100q.tar   (navec embeddings, 26 MB)
    natasha/data/model/slovnet_ner_news_v1.tar            (slovnet NER: PER, LOC, ORG)

`natasha` itself is never imported: its `__init__` imports pymorphy2, which fails on Python 3.11
with setuptools >= 82. Only its files are located (`importlib.util.find_spec` does not run the
package) and read with the small `slovnet` and `navec` packages. `$JAZBA_RU_NER_DIR` may point to a
folder holding the two `.tar` files instead.

Text is cut into lines/sentences and tagged in batches (slovnet pads a batch to its longest item,
so batches of similar length are cheapest). Lemmas and norms stay with pymorphy3
(`pipeline.ru.morph`); this module only finds spans.
"""
from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path

NAVEC_FILE = "navec_news_v1_1B_250K_300d_100q.tar"
NER_FILE = "slovnet_ner_news_v1.tar"
#: slovnet's tags -> jazba labels.
LABEL_OF = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}


class RuNerUnavailable(RuntimeError):
    """The model files or the slovnet/navec packages are missing; the message says how to get them."""


@dataclass
class ModelSpan:
    start: int
    end: int
    label: str  # PERSON, PLACE, ORG


def model_files() -> tuple[Path, Path]:
    """(navec, ner) file paths, from `$JAZBA_RU_NER_DIR` or the installed `natasha` package data."""
    folder = os.environ.get("JAZBA_RU_NER_DIR")
    if folder:
        base = Path(folder)
        pair = (base / NAVEC_FILE, base / NER_FILE)
    else:
        spec = importlib.util.find_spec("natasha")
        if spec is None or not spec.origin:
            raise RuNerUnavailable(
                "ru.ner: the slovnet model files were not found: install the `natasha` wheel "
                "(`pip install natasha slovnet navec`, it carries them) or set JAZBA_RU_NER_DIR to a folder "
                f"with {NAVEC_FILE} and {NER_FILE}; the Russian rules still run without it")
        data = Path(spec.origin).parent / "data"
        pair = (data / "emb" / NAVEC_FILE, data / "model" / NER_FILE)
    missing = [str(p) for p in pair if not p.is_file()]
    if missing:
        raise RuNerUnavailable(f"ru.ner: model file(s) missing: {', '.join(missing)} (pip install natasha, or point "
                               "JAZBA_RU_NER_DIR at a folder with both files); the Russian rules still run without it")
    return pair


def available() -> bool:
    """True when the model files and the slovnet/navec packages are present."""
    try:
        model_files()
    except RuNerUnavailable:
        return False
    return importlib.util.find_spec("slovnet") is not None and importlib.util.find_spec("navec") is not None


class SlovnetTagger:
    """Finds PERSON/PLACE/ORG spans in a text with slovnet; build once per process (~2 s)."""

    def __init__(self, batch_size: int = 8):
        navec_path, ner_path = model_files()
        try:
            from navec import Navec
            from slovnet import NER
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuNerUnavailable(f"ru.ner: cannot import slovnet/navec ({exc}); pip install slovnet navec") from exc
        self.ner = NER.load(str(ner_path), batch_size=batch_size)
        self.ner.navec(Navec.load(str(navec_path)))

    def spans(self, text: str) -> list[ModelSpan]:
        """Spans over `text`; a span never crosses a line break or a chunk boundary."""
        chunks = list(_chunks(text))
        if not chunks:
            return []
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i][1]))  # similar lengths per batch
        markups = dict(zip(order, self.ner.map([chunks[i][1] for i in order])))
        out = []
        for i, (offset, chunk) in enumerate(chunks):
            for s in markups[i].spans:
                label = LABEL_OF.get(s.type)
                if label:
                    out.append(ModelSpan(offset + s.start, offset + s.stop, label))
        return out


#: Chunk at line breaks and sentence ends (a full stop after a lower-case word + space + capital).
_CHUNK_END = re.compile(r"\n+|(?<=[а-яёa-z0-9»\")][.!?])\s+(?=[А-ЯЁA-Z«])")
_MAX_CHUNK = 400


def _chunks(text: str):
    """(offset, piece) of `text` cut at line breaks and sentence ends, each at most ~400 characters."""
    start = 0
    for m in _CHUNK_END.finditer(text):
        yield from _split_long(text, start, m.start())
        start = m.end()
    yield from _split_long(text, start, len(text))


def _split_long(text: str, start: int, end: int):
    while end - start > _MAX_CHUNK:
        cut = text.rfind(" ", start, start + _MAX_CHUNK)
        cut = cut if cut > start else start + _MAX_CHUNK
        if text[start:cut].strip():
            yield start, text[start:cut]
        start = cut + 1
    if text[start:end].strip():
        yield start, text[start:end]


# --- norms of model spans (pymorphy3) -----------------------------------------------------------
def _parse(word: str):
    from .morph import analyzer

    parses = analyzer().parse(word.lower())
    return parses[0] if parses else None


def person_parts(phrase: str) -> tuple[str, str] | None:
    """(surname nominative, initials) of a person phrase found by the model, or None if it has no surname.

    `Кузнецов Капитон Иванович` -> (`Кузнецов`, `К. И.`); `В. ГУБИН` -> (`Губин`, `В.`);
    `Людмила Францевна` -> None (a first name and patronymic: the caller looks for the full person).
    """
    from .morph import analyzer, surname_nominative

    words = re.findall(r"[А-ЯЁA-Z][А-ЯЁа-яё]*(?:-[А-ЯЁа-яё]+)?\.?", phrase)
    initials = [w[0] for w in words if w.endswith(".") and len(w) == 2]
    full = [w.rstrip(".") for w in words if len(w.rstrip(".")) > 1]
    morph = analyzer()

    def has(word, grammeme, top_only=False):
        parses = morph.parse(word.lower())
        return any(grammeme in p.tag for p in (parses[:1] if top_only else parses))

    patr = [i for i, w in enumerate(full) if has(w, "Patr")]
    given: list[int] = []
    if patr:
        p = patr[0]
        given = [p - 1, p] if p > 0 else [p]
    else:
        given = [i for i, w in enumerate(full) if has(w, "Name", top_only=True) and not has(w, "Surn")][:1]
    rest = [i for i in range(len(full)) if i not in given]
    if not rest and len(full) >= 2 and not patr:
        rest, given = [len(full) - 1], [i for i in given if i != len(full) - 1]
    surname = surname_nominative(full[rest[0]]) if rest else None
    names = [full[i][0].upper() for i in sorted(given)]
    if surname is None:
        return None
    from .persons import feminine_surname, is_feminine_name

    if given and is_feminine_name(full[sorted(given)[0]], full[rest[0]]):
        surname = feminine_surname(surname)
    letters = initials or names
    return surname, " ".join(f"{l}." for l in letters[:2])


def phrase_nominative(phrase: str) -> str:
    """A place or organisation phrase in the nominative: the words up to the first noun agree with it,
    the genitive tail stays (`Карагандинской области` -> `Карагандинская область`,
    `Совета Министров СССР` -> `Совет Министров СССР`). Acronyms and unknown words stay as written."""
    from .morph import cap

    words = phrase.split()
    head_at = None
    for i, w in enumerate(words):
        if w.isupper() or not w[:1].isalpha():
            continue
        p = _parse(w)
        if p is not None and "NOUN" in p.tag:
            head_at = i
            break
    if head_at is None:
        acr = next((i for i, w in enumerate(words) if w.isupper() and len(w) > 1), None)
        if acr is not None and acr > 0:  # `Карсакпайской ЦЭС`: adjectives agree with an acronym head
            gender = _ACRONYM_GENDER.get(words[acr], "masc")
            return " ".join(_nominative_word(w, (gender, "sing")) if i < acr else w for i, w in enumerate(words))
        return " ".join(_nominative_word(w, None) for w in words) if len(words) == 1 else " ".join(words)
    head = _head_parse(words, head_at)
    number = "plur" if "plur" in head.tag else "sing"
    gender = next((g for g in ("masc", "femn", "neut") if g in head.tag), "masc")
    out = []
    for i, w in enumerate(words):
        if i < head_at and not w.isupper():
            out.append(_nominative_word(w, (gender, number)))
        elif i == head_at:
            form = head.inflect({"nomn", number})
            out.append(_recase(w, form.word if form else w, cap))
        else:
            out.append(w)
    return " ".join(out)


#: Gender of acronym heads (`Карсакпайская ЦЭС`).
_ACRONYM_GENDER = {"ЦЭС": "femn", "ГРЭС": "femn", "ТЭЦ": "femn", "ГЭС": "femn", "ССР": "femn", "АССР": "femn",
                   "МТС": "femn", "ИТЛ": "masc"}


def _head_parse(words: list[str], head_at: int):
    """The head noun's reading that agrees in case with the adjective before it (`марганцевого
    месторождения` is a genitive singular, not the nominative plural pymorphy3 ranks first)."""
    from .morph import analyzer

    parses = [p for p in analyzer().parse(words[head_at].lower()) if "NOUN" in p.tag]
    if head_at > 0:
        adj = [p for p in analyzer().parse(words[head_at - 1].lower()) if "ADJF" in p.tag]
        for p in parses:
            if any(p.tag.case == a.tag.case and p.tag.number == a.tag.number for a in adj):
                return p
    return parses[0] if parses else _parse(words[head_at])


def _nominative_word(word: str, agree: tuple[str, str] | None) -> str:
    from .morph import cap, place_lemma

    p = _parse(word)
    if p is None:
        return word
    if "ADJF" in p.tag and agree:
        gender, number = agree
        form = p.inflect({"nomn", number} | ({gender} if number == "sing" else set()))
        return _recase(word, form.word if form else word, cap)
    if agree is None:
        lemma = place_lemma(word)
        if lemma:
            return lemma
        form = p.inflect({"nomn"})
        return _recase(word, form.word if form else word, cap)
    return word


def _recase(original: str, new: str, cap) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    return cap(new) if original[:1].isupper() else new
