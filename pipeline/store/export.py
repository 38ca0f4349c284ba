"""Datasets from the store: `records` / `docs` JSONL, spaCy `DocBin`, KazNERD-style IOB2, each with a card.

    from pipeline.store import Store
    from pipeline.store.export import export
    summary = export(Store("annotations/jazba.db"), "spacy", "data/kk.spacy", status="reviewed",
                     split=(0.8, 0.1, 0.1), seed=13)

What one training example is depends on `status`: with "reviewed" it is a region a human
reviewed (everything outside it was never checked, so it must not teach the model "no entity
here"); with "machine"/"all" it is the whole document. Splits are drawn per *document*, so two
sentences of one document never land on both sides of train/test.

Every file is written to a temporary name beside it and renamed into place: a killed export
never leaves a half-written dataset where a reader would pick it up.
"""
from __future__ import annotations

import functools
import json
import os
import random
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..atomic import atomic_path
from ..gctuning import fewer_gc_passes
from ..records import Record
from .db import Store

FORMATS = ("records", "docs", "spacy", "iob2")
TAGSETS = ("jazba", "kaznerd")
SPLIT_NAMES = ("train", "dev", "test")

#: jazba label -> KazNERD class, for data that joins KazNERD-style training. A PLACE whose
#: `subtype` is a KazNERD fine class (GPE, LOCATION, FACILITY) keeps that class.
KAZNERD_LABELS = {
    "PERSON": "PERSON",
    "PLACE": "GPE",
    "ORG": "ORGANISATION",
    "ROLE": "POSITION",
    "DATE": "DATE",
    "TIME": "TIME",
    "NUMBER": "CARDINAL",
}


def kaznerd_label(rec: Record) -> str | None:
    """The KazNERD class for a record, or None when KazNERD has none (DOCNUM).

    Names go through the NER model's own mapping (`pipeline.ner.kaznerd.to_kaznerd_class`), so an
    exported dataset and `jazba train --from-store` agree on every class.
    """
    if rec.label in ("PERSON", "PLACE", "ORG", "ROLE"):
        from ..ner.kaznerd import to_kaznerd_class

        return to_kaznerd_class(rec.label, rec.subtype)
    if rec.label == "NUMBER" and isinstance(rec.norm, dict) and rec.norm.get("unit") == "percent":
        return "PERCENTAGE"
    return KAZNERD_LABELS.get(rec.label)


def map_label(rec: Record, tagset: str) -> str | None:
    return rec.label if tagset == "jazba" else kaznerd_label(rec)


class ExportError(Exception):
    """Bad export arguments or an unwritable destination; the message names the file."""


@dataclass
class Example:
    """One unit of a dataset: `text` is `doc.text[offset:offset + len(text)]`."""

    doc_id: str
    text: str
    offset: int
    spans: list[Record]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportSummary:
    """What `export` wrote: files per split, counts for the card."""

    fmt: str
    status: str
    tagset: str
    files: dict[str, Path]
    card_paths: list[Path]
    documents: Counter = field(default_factory=Counter)  # split -> documents
    examples: Counter = field(default_factory=Counter)  # split -> examples
    labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # split -> label -> n
    sources: Counter = field(default_factory=Counter)  # record source -> n
    unmapped: Counter = field(default_factory=Counter)  # labels with no class in the tagset
    adjusted: int = 0  # spans widened to token boundaries (spacy, iob2)
    overlapping: int = 0  # spans left out of doc.ents / IOB2 tags because they overlap a longer one
    paths: Counter = field(default_factory=Counter)  # document source paths
    held_invalid: int = 0  # examples left out because a reviewed value in them failed its check


# -- examples -------------------------------------------------------------------------------------
def merge_regions(regions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(regions):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def has_invalid_value(spans: Iterable[Record]) -> bool:
    """A reviewed value that failed its check at pull time (`pipeline.review.values`: norm["invalid"])."""
    return any(isinstance(r.norm, dict) and r.norm.get("invalid") for r in spans)


def iter_examples(store: Store, status: str, include_invalid: bool = True,
                  held: Counter | None = None) -> Iterator[tuple[Any, list[Example]]]:
    """(document, its examples) for every document that has something to export.

    With `include_invalid=False` an example holding an invalid reviewed value is left out (whole:
    dropping the span alone would teach "no entity here"), counted in `held["invalid"]`."""
    for doc, examples in _iter_examples(store, status):
        if not include_invalid:
            kept = [ex for ex in examples if not has_invalid_value(ex.spans)]
            if held is not None:
                held["invalid"] += len(examples) - len(kept)
            examples = kept
        if examples:
            yield doc, examples


def _iter_examples(store: Store, status: str) -> Iterator[tuple[Any, list[Example]]]:
    regions_by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if status == "reviewed":
        for review in store.reviews():
            regions_by_doc[review.doc_id].append((review.start, review.end))
    for doc in store.iter_documents(status):
        base = {"doc_id": doc.doc_id, "path": doc.path, "lang": doc.lang}
        if status == "reviewed":
            regions = merge_regions(regions_by_doc.get(doc.doc_id, ()))
            if not regions:
                continue
            examples = []
            for start, end in regions:
                spans = [r for r in doc.records if start <= r.start and r.end <= end]
                examples.append(Example(doc.doc_id, doc.text[start:end], start, _dedupe(spans),
                                        {**base, "offset": start}))
            yield doc, examples
        else:
            yield doc, [Example(doc.doc_id, doc.text, 0, doc.records, {**base, "offset": 0})]


def _dedupe(spans: list[Record]) -> list[Record]:
    seen, out = set(), []
    for r in spans:
        key = (r.start, r.end, r.label)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# -- splits ---------------------------------------------------------------------------------------
def parse_split(value: str | None) -> tuple[float, ...] | None:
    """"0.8/0.1/0.1" or "80/10/10" (train/dev[/test]) -> normalised ratios."""
    if not value:
        return None
    try:
        parts = [float(p) for p in value.replace(",", "/").split("/")]
    except ValueError:
        raise ExportError(f"--split {value!r}: expected ratios like 0.8/0.1/0.1") from None
    if not 2 <= len(parts) <= 3 or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise ExportError(f"--split {value!r}: expected 2 or 3 non-negative ratios like 0.8/0.1/0.1")
    total = sum(parts)
    return tuple(p / total for p in parts)


def assign_splits(doc_ids: list[str], ratios: tuple[float, ...], seed: int) -> dict[str, str]:
    """Deterministic per-document split: same ids, ratios and seed -> same assignment."""
    order = sorted(doc_ids)
    random.Random(seed).shuffle(order)
    n = len(order)
    bounds, acc = [], 0.0
    for r in ratios:
        acc += r
        bounds.append(round(acc * n))
    out, i = {}, 0
    for split_index, bound in enumerate(bounds):
        for doc_id in order[i:bound]:
            out[doc_id] = SPLIT_NAMES[split_index]
        i = max(i, bound)
    return out


def split_path(out: Path, split: str) -> Path:
    """data/kk.spacy -> data/kk.train.spacy"""
    suffix = "".join(out.suffixes[-1:])
    stem = out.name[: len(out.name) - len(suffix)] if suffix else out.name
    return out.with_name(f"{stem}.{split}{suffix}")


# -- the writers ------------------------------------------------------------------------------------
class _Writer:
    """One output file per split; subclasses turn examples into their format."""

    binary = False

    def __init__(self, summary: ExportSummary, tagset: str):
        self.summary, self.tagset = summary, tagset
        self.handles: dict[str, Any] = {}
        self.temps: dict[str, Any] = {}

    def open(self, split: str, path: Path):
        ctx = atomic_path(path)
        tmp = ctx.__enter__()
        self.temps[split] = ctx
        self.handles[split] = open(tmp, "wb" if self.binary else "w", encoding=None if self.binary else "utf-8")

    def close(self, ok: bool) -> None:
        for split, fh in self.handles.items():
            self.finish(split, fh)
            fh.close()
            ctx = self.temps[split]
            if ok:
                ctx.__exit__(None, None, None)
            else:
                try:
                    ctx.__exit__(RuntimeError, RuntimeError("export failed"), None)
                except RuntimeError:
                    pass

    def finish(self, split: str, fh) -> None:
        pass

    def labelled(self, spans: list[Record]) -> list[tuple[Record, str]]:
        out = []
        for r in spans:
            label = map_label(r, self.tagset)
            if label is None:
                self.summary.unmapped[r.label] += 1
            else:
                out.append((r, label))
        return out


def record_dict(r: Record) -> dict[str, Any]:
    """`Record.to_dict()` without `dataclasses.asdict`'s deep copies (5x faster on big exports);
    a test checks the two stay identical."""
    data = {name: r.__dict__[name] for name in _RECORD_FIELDS}
    for key in ("subtype", "entity_id"):
        if data[key] is None:
            del data[key]
    return data


_RECORD_FIELDS = tuple(Record.__dataclass_fields__)


try:  # orjson writes JSON ~10x faster; the output is the same JSON either way
    import orjson

    def json_line(obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:  # what orjson refuses (ints over 64 bits, odd keys) the json module writes
            return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
except ImportError:  # pragma: no cover - orjson is a dependency, but keep working without it
    def json_line(obj: Any) -> bytes:
        return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


class RecordsWriter(_Writer):
    """The run's own record shape (`Record.to_dict()`), one JSON object per line."""

    binary = True

    def write(self, split: str, doc, examples: list[Example]) -> list[str]:
        fh, labels = self.handles[split], []
        for ex in examples:
            fh.write(b"".join(json_line(record_dict(r)) for r in ex.spans))
            labels.extend(r.label for r in ex.spans)
        return labels


class DocsWriter(_Writer):
    """`{"text", "spans": [{"start", "end", "label"}], "meta"}`: spaCy/Prodigy's JSONL shape."""

    binary = True

    def write(self, split: str, doc, examples: list[Example]) -> list[str]:
        fh, labels = self.handles[split], []
        for ex in examples:
            spans = []
            for r, label in self.labelled(ex.spans):
                spans.append({"start": r.start - ex.offset, "end": r.end - ex.offset, "label": label,
                              "text": r.text, "id": r.id, "status": r.status})
                labels.append(label)
            fh.write(json_line({"text": ex.text, "spans": spans, "meta": {**ex.meta, "split": split}}))
        return labels


@functools.lru_cache(maxsize=1)
def kazakh_nlp():
    """Our Kazakh language (tokenizer only), built once per process: it takes ~0.5 s."""
    from ..lang.kk import Kazakh

    return Kazakh()


class _TokenisingWriter(_Writer):
    """Shared by spaCy and IOB2: tokenise with our Kazakh language, snap spans to tokens."""

    def __init__(self, summary: ExportSummary, tagset: str):
        super().__init__(summary, tagset)
        self.nlp = kazakh_nlp()

    def token_spans(self, ex: Example, token_starts: list[int]) -> list[tuple[int, int, str]]:
        """The example's spans as (first token, end token, label), in span order (after `tokenise`).

        A span is first stripped of surrounding whitespace, then widened to the tokens that hold
        its first and last characters (what `char_span(..., alignment_mode="expand")` does, found
        by bisecting the token offsets once per document instead of once per span). Widened
        spans are counted in `summary.adjusted`.
        """
        text, offset, out = ex.text, ex.offset, []
        token_ends = self._token_ends
        for r, label in self.labelled(ex.spans):
            s = start = r.start - offset
            e = end = r.end - offset
            while s < e and text[s].isspace():  # an entity never starts or ends in whitespace
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s == e:  # only whitespace: nothing to mark
                self.summary.unmapped[f"{r.label} (no tokens)"] += 1
                continue
            first = bisect_right(token_starts, s) - 1  # the token holding the first character
            last = bisect_right(token_starts, e - 1) - 1  # ... and the last one
            if token_starts[first] != start or token_ends[last] != end:
                self.summary.adjusted += 1
            out.append((first, last + 1, label))
        return out

    def tokenise(self, text: str):
        """(spaCy doc, token start offsets); token end offsets are kept for `token_spans`."""
        doc = self.nlp.make_doc(text)
        bounds = doc.to_array(["IDX", "LENGTH"]).tolist()
        self._token_ends = [i + n for i, n in bounds]
        return doc, [i for i, _ in bounds]

    def make_doc(self, ex: Example, split: str):
        """The tokenised example with entities (longest first where spans overlap) and every span
        in `doc.spans["sc"]`; returns (doc, entities)."""
        from spacy.tokens import Span

        doc, token_starts = self.tokenise(ex.text)
        found = self.token_spans(ex, token_starts)
        spans = [Span(doc, i, j, label=label) for i, j, label in found]
        kept = longest_first(found)
        self.summary.overlapping += len(found) - len(kept)
        index = {key: n for n, key in enumerate(found)}
        ents = [spans[index[key]] for key in kept]
        doc.ents = ents
        doc.spans["sc"] = spans
        doc.user_data["jazba"] = {**ex.meta, "split": split}
        return doc, ents


def longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping (first, end, label) token spans, longest first then leftmost -- the rule of
    `spacy.util.filter_spans` -- returned in text order."""
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda t: (t[0] - t[1], t[0])):
        tokens = range(span[0], span[1])
        if any(t in taken for t in tokens):
            continue
        taken.update(tokens)
        kept.append(span)
    return sorted(kept)


def entity_docbin(store_user_data: bool = True):
    """A `DocBin` of ORTH + entities (+ span groups, user data) with a lean `add`.

    spaCy's `DocBin.add` walks every token to collect nine strings (tag, lemma, morph, dep, ...)
    that our docs do not have and whose attributes we do not store; on a 10,000-document export
    that walk was the largest single cost. This `add` collects the strings the stored attributes
    need (token texts, entity labels, span labels) from the attribute array; the file is an
    ordinary DocBin that `DocBin().from_disk` and `spacy train` read (tested in the round trip).
    """
    import numpy
    import srsly
    from spacy.attrs import ENT_TYPE, ORTH, SPACY
    from spacy.tokens import DocBin

    class EntityDocBin(DocBin):
        _hashes: set[int]
        _vocab = None

        def add(self, doc) -> None:
            array = doc.to_array(self.attrs)
            if len(array.shape) == 1:
                array = array.reshape((array.shape[0], 1))
            self.tokens.append(array)
            self.spaces.append(numpy.asarray(doc.to_array(SPACY).reshape(-1, 1), dtype=bool))
            self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
            # string hashes of token texts and entity labels, resolved once in to_bytes
            self._vocab = doc.vocab
            self._hashes.update(array[:, self.attrs.index(ORTH)].tolist())
            self._hashes.update(array[:, self.attrs.index(ENT_TYPE)].tolist())
            self.cats.append(doc.cats)
            if self.store_user_data:
                self.user_data.append(srsly.msgpack_dumps(doc.user_data))
            self.span_groups.append(doc.spans.to_bytes())
            for group in doc.spans.values():
                self.strings.update(span.label_ for span in group)

        def to_bytes(self) -> bytes:
            if self._vocab is not None:
                strings = self._vocab.strings
                self.strings.update(strings[h] for h in self._hashes if h)
                self.strings.add("")
            return super().to_bytes()

    docbin = EntityDocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=store_user_data)
    docbin._hashes = set()
    return docbin


class SpacyWriter(_TokenisingWriter):
    """A `DocBin` per split, ready for `spacy train` (entities in `doc.ents`, all spans in `doc.spans["sc"]`)."""

    binary = True

    def __init__(self, summary: ExportSummary, tagset: str):
        super().__init__(summary, tagset)
        self.bins: dict[str, Any] = {}

    def write(self, split: str, doc, examples: list[Example]) -> list[str]:
        if split not in self.bins:
            self.bins[split] = entity_docbin()
        bin_ = self.bins[split]
        labels = []
        for ex in examples:
            sdoc, ents = self.make_doc(ex, split)
            bin_.add(sdoc)
            labels.extend(e.label_ for e in ents)
        return labels

    def finish(self, split: str, fh) -> None:
        from spacy.tokens import DocBin

        fh.write(self.bins.get(split, DocBin()).to_bytes())


class Iob2Writer(_TokenisingWriter):
    """KazNERD's layout: `token TAG` per line, a blank line after each sentence."""

    def __init__(self, summary: ExportSummary, tagset: str):
        super().__init__(summary, tagset)
        from ..sentences import split_sentences

        self.split_sentences = split_sentences

    def write(self, split: str, doc, examples: list[Example]) -> list[str]:
        fh, labels = self.handles[split], []
        for ex in examples:
            # Tags straight from token offsets: no Span objects or doc.ents needed for text lines.
            sdoc, token_starts = self.tokenise(ex.text)
            token_ends = self._token_ends
            found = self.token_spans(ex, token_starts)
            kept = longest_first(found)
            self.summary.overlapping += len(found) - len(kept)
            tags = ["O"] * len(token_starts)
            for first, end, label in kept:
                tags[first] = f"B-{label}"
                for k in range(first + 1, end):
                    tags[k] = f"I-{label}"
                labels.append(label)
            ents = [(token_starts[first], token_ends[end - 1]) for first, end, _ in kept]
            bounds = self.sentence_bounds(ex, doc, ents)
            text, lines, i = ex.text, [], 0
            for k, idx in enumerate(token_starts):
                while i + 1 < len(bounds) and idx >= bounds[i][1]:  # sentences and tokens in text order
                    i += 1
                    if lines:
                        lines.append("\n")
                        fh.write("".join(lines))
                        lines = []
                token = text[idx: token_ends[k]]
                if token.isspace():
                    continue
                if _WHITESPACE.search(token):  # a `token TAG` line cannot hold whitespace
                    token = _WHITESPACE.sub("_", token)
                lines.append(f"{token} {tags[k]}\n")
            if lines:
                lines.append("\n")
                fh.write("".join(lines))
        return labels

    def sentence_bounds(self, ex: Example, doc, ents: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentences of the example covering it end to end, merged where an entity would cross a cut.

        The run's own sentences (stored with the document) when it has them, else our splitter.
        """
        text, lo, hi = ex.text, ex.offset, ex.offset + len(ex.text)
        stored = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in doc.sentences if s < hi and lo < e]
        bounds = stored or self.split_sentences(text) or [(0, len(text))]
        # Every token belongs to a sentence: a sentence runs to the start of the next one.
        cuts = [s for s, _ in bounds[1:]]
        inside = set()
        for ent_start, ent_end in ents:
            inside.update(range(ent_start + 1, ent_end))
        cuts = [0] + [c for c in cuts if c not in inside] + [len(text)]
        return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


_WHITESPACE = re.compile(r"\s")


@contextmanager
def msgpack_registry_snapshot() -> Iterator[None]:
    """Look srsly's msgpack encoder/decoder registries up once instead of once per `Doc`.

    `DocBin.add` msgpacks each doc's user data and span groups, and every msgpack call asks
    catalogue for the registered encoders, scanning the global registry and the installed
    packages' entry points: that scan, not our work, was 2/3 of a spaCy export. The snapshot
    holds the same functions; the registries are restored afterwards.
    """
    from srsly import msgpack as srsly_msgpack

    registries = [srsly_msgpack.msgpack_encoders, srsly_msgpack.msgpack_decoders]
    for registry in registries:
        snapshot = registry.get_all()
        registry.get_all = lambda snapshot=snapshot: dict(snapshot)  # instance attribute shadows the method
    try:
        yield
    finally:
        for registry in registries:
            registry.__dict__.pop("get_all", None)


WRITERS = {"records": RecordsWriter, "docs": DocsWriter, "spacy": SpacyWriter, "iob2": Iob2Writer}


# -- export -----------------------------------------------------------------------------------------
def export(
    store: Store,
    fmt: str,
    out: str | os.PathLike,
    status: str = "reviewed",
    split: tuple[float, ...] | None = None,
    seed: int = 13,
    tagset: str = "jazba",
    licence: str | None = None,
    include_invalid: bool = False,
) -> ExportSummary:
    """Write the store's spans of `status` as `fmt` to `out` (or `out` per split) plus a card.

    Examples holding a reviewed value that failed its check are left out unless `include_invalid`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {FORMATS}")
    if tagset not in TAGSETS:
        raise ExportError(f"unknown tagset {tagset!r}; one of {TAGSETS}")
    if fmt == "records" and tagset != "jazba":
        raise ExportError("--tagset kaznerd applies to docs, spacy and iob2; records keep jazba labels")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out}: is a directory; give a file name for --out")
    docs_meta = store.documents()
    if split:
        assignment = assign_splits([d.doc_id for d in docs_meta], split, seed)
        files = {name: split_path(out, name) for name in SPLIT_NAMES[: len(split)]}
    else:
        assignment = {}
        files = {"all": out}
    summary = ExportSummary(fmt, status, tagset, files, [])
    writer = WRITERS[fmt](summary, tagset)
    with fewer_gc_passes(), msgpack_registry_snapshot() if fmt == "spacy" else nullcontext():
        _write_examples(store, writer, summary, files, assignment, split, status, include_invalid)
    from .card import write_card

    summary.card_paths = write_card(store, summary, out, split=split, seed=seed, licence=licence)
    return summary


def _write_examples(store, writer, summary, files, assignment, split, status, include_invalid=True) -> None:
    ok = False
    try:
        for name, path in files.items():
            writer.open(name, path)
        held: Counter = Counter()
        for doc, examples in iter_examples(store, status, include_invalid, held):
            summary.held_invalid = held["invalid"]
            name = assignment.get(doc.doc_id, "all") if split else "all"
            if name not in files:  # a document added after the split was drawn
                name = SPLIT_NAMES[0]
            labels = writer.write(name, doc, examples)
            summary.documents[name] += 1
            summary.examples[name] += len(examples)
            summary.labels[name].update(labels)
            summary.paths[doc.path] += 1
            for ex in examples:
                summary.sources.update(r.source or "unknown" for r in ex.spans)
        summary.held_invalid = held["invalid"]
        ok = True
    finally:
        writer.close(ok)


# -- reading exports back (round trips, users' own checks) -------------------------------------------
def read_jsonl(path: str | os.PathLike) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_docbin(path: str | os.PathLike):
    """The `Doc`s of a `.spacy` export (vocab of our Kazakh language)."""
    from spacy.tokens import DocBin

    with msgpack_registry_snapshot():
        return list(DocBin().from_disk(path).get_docs(kazakh_nlp().vocab))


def read_iob2(path: str | os.PathLike) -> list[list[tuple[str, str]]]:
    """KazNERD-style IOB2 -> sentences of (token, tag)."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            token, sep, tag = line.rpartition(" ")
            if not sep or not token or not (tag == "O" or tag[:2] in ("B-", "I-")):
                raise ValueError(f"{path}:{n}: not a `token TAG` line: {line!r}")
            current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def iob2_entities(sentence: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """(label, first token, end token) of each entity in one IOB2 sentence."""
    out, start, label = [], None, None
    for i, (_, tag) in enumerate(sentence + [("", "O")]):
        inside = tag.startswith("I-") and label == tag[2:]
        if start is not None and not inside:
            out.append((label, start, i))
            start, label = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and not inside):
            start, label = i, tag[2:]
    return out
