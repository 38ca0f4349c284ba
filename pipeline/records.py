"""The records the pipeline produces: one `Record` per mention, one `Document` per input text.

These are the output contract (docs/output.md): every other part of jazba -- the
store, the exports, the Label Studio review loop, the aligner -- reads and writes these shapes.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Labels the pipeline emits, in the order summaries print them.
LABELS = ("DATE", "TIME", "NUMBER", "PERSON", "PLACE", "ORG", "ROLE", "DOCNUM", "ARCHREF")


@dataclass
class Record:
    """One mention: a labelled span of the original decoded text with its normalised value.

    `start`/`end` are Python string indices into `Document.text` (the original decoded text,
    never a cleaned copy); `text` is always `Document.text[start:end]`.
    """

    doc_id: str
    label: str
    start: int
    end: int
    text: str
    norm: dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    source: str = ""
    lang: str = "kk"
    subtype: str | None = None
    entity_id: str | None = None
    status: str = "machine"  # "machine" or "reviewed"
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = make_record_id(self.doc_id, self.label, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        # What `dataclasses.asdict` gives (fields in order, `norm` copied deeply), ~5x faster: every
        # record is turned into a dict once per output file, so this is on the hot path of big runs.
        data = {name: getattr(self, name) for name in _RECORD_FIELDS}
        data["norm"] = _copy_json(self.norm)
        # Keep the JSON small and stable: drop empty optional fields.
        for key in ("subtype", "entity_id"):
            if data[key] is None:
                del data[key]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


_RECORD_FIELDS = tuple(Record.__dataclass_fields__)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, tuples as `asdict` copies them; the rest as is)."""
    if isinstance(value, dict):
        return {k: _copy_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_json(v) for v in value)
    return value


def make_record_id(doc_id: str, label: str, start: int, end: int) -> str:
    """A stable id: the same mention in the same document always gets the same id."""
    return f"{doc_id}:{label}:{start}-{end}"


@dataclass
class Document:
    """One input text, as decoded, with what the pipeline found in it."""

    doc_id: str
    text: str
    path: str = "<stdin>"
    encoding: str = "utf-8"
    lang: str = "kk"
    sentences: list[tuple[int, int]] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    #: How the bytes were decoded (`pipeline.ingest.Decoded.to_dict`: encoding, method, warnings).
    decoding: dict[str, Any] | None = None
    #: Filled lazily by the runner; not serialised.
    _view: Any = field(default=None, repr=False, compare=False)
    _spacy_doc: Any = field(default=None, repr=False, compare=False)
    #: Set on the windows of a long document (`pipeline.windows`): what needs the whole document.
    context: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "doc_id": self.doc_id,
            "path": self.path,
            "encoding": self.encoding,
            "lang": self.lang,
            "text": self.text,
            "sentences": [list(s) for s in self.sentences],
            "spans": [
                {"id": r.id, "start": r.start, "end": r.end, "label": r.label}
                for r in self.records
            ],
        }
        if self.decoding is not None:
            data["decoding"] = self.decoding
        return data
