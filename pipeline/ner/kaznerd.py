"""KazNERD in, spaCy training data out: the IOB2 reader, the seeded train/dev split, the label map.

KazNERD (CC BY 4.0): Yeshpanov R., Khassanov Y., Varol H. A. "KazNERD: Kazakh Named Entity
Recognition Dataset", LREC 2022, pp. 417-426. Files are CoNLL-2002 style: one `token TAG` per
line, IOB2 tags, a blank line between sentences.

The shipped model learns the six classes jazba emits (`[jazba] classes` in models/kk_ner.cfg;
`keep_classes` re-tags the other 19 as outside); `to_jazba_label` maps them to jazba labels.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

CITATION = (
    'Yeshpanov R., Khassanov Y., Varol H. A. "KazNERD: Kazakh Named Entity Recognition Dataset". '
    "Proceedings of LREC 2022, pp. 417-426. Licence CC BY 4.0."
)

#: Fine KazNERD class -> jazba label. Classes not listed are not emitted by `kk.ner`.
KAZNERD_TO_JAZBA = {
    "PERSON": "PERSON",
    "GPE": "PLACE",
    "LOCATION": "PLACE",
    "FACILITY": "PLACE",
    "ORGANISATION": "ORG",
    "POSITION": "ROLE",
}

#: jazba label (+ optional subtype) -> fine KazNERD class, for reviewed annotations used as training data.
_JAZBA_TO_KAZNERD = {"PERSON": "PERSON", "ORG": "ORGANISATION", "ROLE": "POSITION", "PLACE": "GPE"}

_TAG = re.compile(r"^(?:O|[BI]-[A-Z][A-Z_]*)$")


class KazNERDFormatError(ValueError):
    """A malformed IOB2 file: the message names the file and the line."""


@dataclass(frozen=True)
class Sentence:
    """One IOB2 sentence; `line` is the 1-based line number of its first token (for messages)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    line: int = 0

    def spans(self) -> list[tuple[int, int, str]]:
        """Entity spans as (first token, end token, class)."""
        out: list[tuple[int, int, str]] = []
        start, label = None, None
        for i, tag in enumerate(self.tags + ("O",)):
            if start is not None and not (tag.startswith("I-") and tag[2:] == label):
                out.append((start, i, label))
                start, label = None, None
            if tag.startswith("B-"):
                start, label = i, tag[2:]
        return out


def to_jazba_label(kaznerd_class: str) -> str | None:
    """`GPE` -> `PLACE`; None for classes jazba does not take from the model (DATE, NORP, ...)."""
    return KAZNERD_TO_JAZBA.get(kaznerd_class)


def to_kaznerd_class(label: str, subtype: str | None = None) -> str | None:
    """The inverse map for reviewed jazba annotations: `PLACE`/`location` -> `LOCATION`."""
    if label == "PLACE" and subtype and subtype.upper() in ("GPE", "LOCATION", "FACILITY"):
        return subtype.upper()
    return _JAZBA_TO_KAZNERD.get(label)


def iter_iob2(path: str | Path) -> Iterator[Sentence]:
    """Read an IOB2 file sentence by sentence; malformed lines raise `KazNERDFormatError`."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise KazNERDFormatError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    tokens: list[str] = []
    tags: list[str] = []
    first = 0
    with handle:
        lineno = 0
        try:
            for lineno, raw in enumerate(handle, 1):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    if tokens:
                        yield Sentence(tuple(tokens), tuple(tags), first)
                        tokens, tags = [], []
                    continue
                parts = line.split()
                if len(parts) != 2:
                    raise KazNERDFormatError(
                        f"{path}:{lineno}: expected 'TOKEN TAG' (2 fields), got {len(parts)}: {line!r}"
                    )
                token, tag = parts
                if not _TAG.match(tag):
                    raise KazNERDFormatError(f"{path}:{lineno}: bad IOB2 tag {tag!r} (want O, B-CLASS or I-CLASS)")
                if tag.startswith("I-") and (not tags or tags[-1][2:] != tag[2:] or tags[-1] == "O"):
                    prev = tags[-1] if tags else "sentence start"
                    raise KazNERDFormatError(f"{path}:{lineno}: {tag} follows {prev} (IOB2 needs B-{tag[2:]} first)")
                if not tokens:
                    first = lineno
                tokens.append(token)
                tags.append(tag)
        except UnicodeDecodeError as exc:
            raise KazNERDFormatError(f"{path}:{lineno + 1}: not UTF-8 ({exc.reason})") from exc
    if tokens:
        yield Sentence(tuple(tokens), tuple(tags), first)


def read_iob2(path: str | Path) -> list[Sentence]:
    """All sentences of an IOB2 file (raises `KazNERDFormatError` naming file and line)."""
    sentences = list(iter_iob2(path))
    if not sentences:
        raise KazNERDFormatError(f"{path}: no sentences (empty file?)")
    return sentences


def split_train_dev(
    sentences: Sequence[Sentence], dev_fraction: float = 0.1, seed: int = 0, block: int = 20
) -> tuple[list[Sentence], list[Sentence]]:
    """A deterministic train/dev split by blocks of consecutive sentences.

    KazNERD sentences come in document order, and neighbouring sentences repeat the same names;
    splitting whole blocks (not single sentences) keeps a dev score from being inflated by names
    the model saw in the next sentence. Same `seed` -> same split, on any machine.
    """
    if not 0.0 < dev_fraction < 1.0:
        raise ValueError(f"dev_fraction must be between 0 and 1, got {dev_fraction}")
    blocks = [list(sentences[i : i + block]) for i in range(0, len(sentences), block)]
    order = list(range(len(blocks)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(blocks) * dev_fraction)) if len(blocks) > 1 else 0
    dev_ids = set(order[:n_dev])
    train = [s for i, b in enumerate(blocks) if i not in dev_ids for s in b]
    dev = [s for i, b in enumerate(blocks) if i in dev_ids for s in b]
    return train, dev


_NO_SPACE_BEFORE = set(".,;:!?)]}»”%…")
_NO_SPACE_AFTER = set("([{«“")


def keep_classes(sentences: Iterable[Sentence], classes: Iterable[str] | None) -> list[Sentence]:
    """The sentences with every entity outside `classes` re-tagged `O` (None keeps all 25 classes).

    A model that learns only the classes jazba emits has 25 transition actions instead of 101:
    its beam search is several times cheaper, and dates and numbers come from the rule extractors.
    """
    if classes is None:
        return list(sentences)
    keep = set(classes)
    out = []
    for sent in sentences:
        tags = tuple(t if t == "O" or t[2:] in keep else "O" for t in sent.tags)
        out.append(sent if tags == sent.tags else Sentence(sent.tokens, tags, sent.line))
    return out


def guess_spaces(tokens: Sequence[str]) -> list[bool]:
    """Whitespace after each token, guessed from punctuation (IOB2 loses it), for readable text."""
    spaces = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        spaces.append(nxt is not None and tok not in _NO_SPACE_AFTER and nxt not in _NO_SPACE_BEFORE)
    return spaces


def sentence_to_doc(vocab, sentence: Sentence):
    """A spaCy `Doc` with the sentence's tokens and gold entities (fine KazNERD classes)."""
    from spacy.tokens import Doc

    return Doc(vocab, words=list(sentence.tokens), spaces=guess_spaces(sentence.tokens), ents=list(sentence.tags))


def to_docbin(vocab, sentences: Iterable[Sentence], extra_docs: Iterable = ()):
    """A `DocBin` of the sentences plus any already-built training `Doc`s."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    for sent in sentences:
        db.add(sentence_to_doc(vocab, sent))
    for doc in extra_docs:
        db.add(doc)
    return db


def doc_from_annotations(nlp, text: str, spans: Iterable) -> "object":
    """A training `Doc` from a reviewed text: `spans` are (start, end, label[, subtype]) char offsets.

    jazba labels are mapped back to KazNERD classes (`to_kaznerd_class`); spans of labels the
    model does not learn (DATE, NUMBER, ...) are marked *missing*, not "outside", so reviewed
    dates do not teach the model that KazNERD DATE spans are not entities. Spans that do not
    fall on token boundaries raise ValueError naming the span.
    """
    from spacy.tokens import Span

    doc = nlp.make_doc(text)
    ents, missing = [], []
    for item in spans:
        start, end, label = item[0], item[1], item[2]
        subtype = item[3] if len(item) > 3 else None
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or not text[start:end].strip():
            raise ValueError(f"span {start}:{end} {text[start:end]!r} does not cover any token")
        cls = to_kaznerd_class(label, subtype)
        if cls is None:
            missing.append(span)
        else:
            ents.append(Span(doc, span.start, span.end, label=cls))
    ents = _drop_overlaps(ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    missing = [m for m in missing if not any(i in taken for i in range(m.start, m.end))]
    doc.set_ents(ents, missing=_drop_overlaps(missing), default="outside")
    return doc


def _drop_overlaps(spans):
    """Longest spans first, then left to right; an overlapping later span is dropped."""
    kept, used = [], set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        toks = set(range(span.start, span.end))
        if toks & used:
            continue
        kept.append(span)
        used |= toks
    return sorted(kept, key=lambda s: s.start)
