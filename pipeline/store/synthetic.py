"""Synthetic annotated Kazakh documents for the export benchmark and the store's tests.

Sentences are built from our own templates (not from any sample text) with known slots, so every
record's offsets are exact by construction: `doc.text[r.start:r.end] == r.text` always.
"""
from __future__ import annotations

import random
import re

from ..records import Document, Record
from ..runner import RunConfig, RunResult

#: Our own sentences in the register of archival prose; {SLOT} marks a mention.
TEMPLATES = [
    "{DATE} {PLACE} лагерінде {NUMBER} тұтқын жұмысқа шықпады.",
    "Лагерь бастығы {PERSON} {TIME} сағатта {ORG} өкілдерімен кездесті.",
    "{ORG} {DOCNUM} бұйрығы бойынша {NUMBER} адам {PLACE} бөлімшесіне жіберілді.",
    "{ROLE} {PERSON} {DATE} {PLACE} қаласына келді.",
    "Тұтқындар {DATE} аштық жариялап, {NUMBER} адам жұмыстан бас тартты.",
    "Комиссия мүшелері {PLACE} маңындағы {ORG} ғимаратында жиналды.",
    "Кейін {PERSON} бұл оқиғалар туралы естелік жазды.",
]
VALUES = {
    "DATE": ["1952 жылғы 3 наурызда", "1949 жылы", "1953 жылдың күзінде", "1954 жылғы 26 маусымда"],
    "PLACE": ["Қарағанды", "Балқаш", "Жезқазған", "Спасск", "Ақмола"],
    "NUMBER": ["200-ден астам", "мыңға жуық", "350", "15"],
    "PERSON": ["Иванов", "Ж. Сейітов", "Петренко", "Ә. Нұрланов"],
    "TIME": ["14:30", "06.00"],
    "ORG": ["ІІМ", "Қарлаг басқармасы", "ГУЛАГ"],
    "DOCNUM": ["№ 0/215", "№ 112-с"],
    "ROLE": ["Ішкі істер министрінің орынбасары", "Лагерь прокуроры"],
}
_SLOT = re.compile(r"\{([A-Z]+)\}")
_DIGITS = re.compile(r"\d+")


def synthetic_norm(label: str, surface: str) -> dict:
    """A norm of the shape DEVELOPING.md gives for `label` (so stored rows are realistic in size)."""
    digits = _DIGITS.findall(surface)
    if label == "DATE":
        return {"iso": digits[0] if digits else "195X", "year_inferred": False}
    if label == "NUMBER":
        return {"value": int(digits[0]) if digits else 1000, "qualifier": "about" if not digits else None, "unit": None}
    if label == "TIME":
        return {"time": surface.replace(".", ":")}
    if label == "DOCNUM":
        return {"value": surface.lstrip("№ ")}
    if label == "PERSON":
        return {"kk": surface, "surname": surface.split()[-1]}
    return {"kk": surface, "ru": None}


def synthetic_document(doc_id: str, rng: random.Random, n_sentences: int = 6) -> Document:
    """A document of `n_sentences` template sentences with exact machine records."""
    parts: list[str] = []
    records: list[Record] = []
    pos = 0
    for i in range(n_sentences):
        template = rng.choice(TEMPLATES)
        last = 0
        for m in _SLOT.finditer(template):
            literal = template[last:m.start()]
            parts.append(literal)
            pos += len(literal)
            label = m.group(1)
            value = rng.choice(VALUES[label])
            records.append(Record(doc_id=doc_id, label=label, start=pos, end=pos + len(value), text=value,
                                  norm=synthetic_norm(label, value), confidence=round(rng.uniform(0.3, 1.0), 3),
                                  source="synthetic"))
            parts.append(value)
            pos += len(value)
            last = m.end()
        tail = template[last:] + (" " if i % 3 != 2 else "\n")
        parts.append(tail)
        pos += len(tail)
    text = "".join(parts)
    doc = Document(doc_id=doc_id, text=text, path=f"synthetic/{doc_id}.txt")
    doc.records = records
    from ..sentences import split_sentences

    doc.sentences = split_sentences(text)
    return doc


def synthetic_result(n_documents: int, seed: int = 0, n_sentences: int = 6, prefix: str = "doc") -> RunResult:
    rng = random.Random(seed)
    width = len(str(max(n_documents - 1, 0)))
    docs = [synthetic_document(f"{prefix}{i:0{width}d}", rng, n_sentences) for i in range(n_documents)]
    return RunResult(documents=docs, config=RunConfig(components=["synthetic"], stages=[]))
