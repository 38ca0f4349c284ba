"""Kazakh passages that quote or report a document, and the document reference that opens them.

    ... 1954 жылғы 26 мамыр Ішкі істер министрі С. Н. Кругловтың ... туралы баяндауы: «... » [8].
        `---------------------- header (reference) ------------------------'`--- quote ---'

A passage ends at a citation marker `[N]`; its header is the sentence, before the opening quote,
that names a kind of document (`жеделхат`, `хат`, `баяндау`, ...). The header's records give the
reference's date, number, sender (genitive or nominative) and recipient (dative).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ..records import Document, Record
from ..spanindex import SpanIndex

#: Kazakh words for kinds of documents (stems; language data) -> kind.
KK_DOC_KINDS = {
    "жеделхат": "telegram", "телеграмма": "telegram", "шифрхат": "telegram", "баяндау": "report",
    "баяндама": "report", "хабарлама": "report", "мәлімдеме": "report", "анықтама": "memo",
    "хат": "letter", "бұйрық": "order", "өкім": "order", "нұсқау": "order", "қаулы": "resolution",
    "шешім": "resolution", "үндеу": "appeal", "хаттама": "minutes",
}
_KIND_RE = re.compile(
    r"(?<![^\W\d_])(?P<kind>" + "|".join(sorted(KK_DOC_KINDS, key=len, reverse=True)) + r")(?!шы|ші)[^\W\d_]*",
    re.IGNORECASE,
)
#: `[8]`, `[8, 45-б.]`, `[8; 9]`: the first number names the source.
CITATION = re.compile(r"\[\s*(?P<n>\d{1,3})\s*(?:[,;:]\s*[^\[\]\n]{0,24})?\]")
_OPEN_QUOTE = re.compile(r"[«“„\"]|:\s*[«“„\"]")
#: A sentence end; not the period of an initial or a one-letter abbreviation (`С. Н. Круглов`, `м. а.`).
_SENTENCE_END = re.compile(r"(?<!\b[^\W\d_])[.!?]\s+(?=[А-ЯЁӘҒҚҢӨҰҮҺІ\d«\"])")
_GENITIVE = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$")
#: Dative endings; `-на/-не` only after a possessive (`Кеңесіне`), so not for persons (`Губина` is Russian genitive).
_DATIVE = re.compile(r"(?:ға|ге|қа|ке)$")
_CONJUNCTION = re.compile(r"\s*(?:,|мен|пен|бен|және|,\s*және)\s*", re.IGNORECASE)
_DATIVE_POSSESSIVE = re.compile(r"(?:сына|сіне|ына|іне)$")


@dataclass
class Passage:
    """A stretch of Kazakh text ending at a citation marker (or a document reference without one)."""

    doc_id: str
    start: int
    end: int
    citation: str | None
    header: tuple[int, int] | None = None
    quote: tuple[int, int] | None = None
    kind: str | None = None
    kind_word: str | None = None

    @property
    def id(self) -> str:
        return f"{self.doc_id}:passage:{self.start}-{self.end}"


@dataclass
class Reference:
    """What a Kazakh header says about the document it reports."""

    passage: Passage
    kind: str | None
    number: str | None = None
    date: str | None = None
    senders: list[Record] = field(default_factory=list)
    recipients: list[Record] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # person record id -> role norm
    subject: str | None = None


def split_passages(doc: Document, index: SpanIndex | None = None) -> list[Passage]:
    """Passages of a Kazakh document, cut at citation markers, each with its header and quote.
    `index` is a `SpanIndex` of `doc.records` (built here when not given)."""
    text = doc.text
    index = index if index is not None else SpanIndex(doc.records)
    out: list[Passage] = []
    prev = 0
    for m in CITATION.finditer(text):
        out.append(_with_header(doc, Passage(doc.doc_id, prev, m.start(), m.group("n")), index))
        prev = m.end()
    if prev < len(text):
        out.append(_with_header(doc, Passage(doc.doc_id, prev, len(text), None), index))
    return out


def _with_header(doc: Document, p: Passage, index: SpanIndex) -> Passage:
    """Find `p`'s header and quote. Sentence ends and document words are found once per passage and
    looked up by position for each opening quote (a scan per quote was quadratic in long passages)."""
    text = doc.text
    chunk = text[p.start:p.end]
    # A sentence end counts before a quote only if its look-ahead character is before the quote too
    # (what a scan of `chunk[:quote]` finds); such matches never overlap, so their ends are sorted.
    sentence_ends = [s.end() for s in _SENTENCE_END.finditer(chunk)]
    # Document words are letters only: none crosses a sentence start or a quote.
    kind_matches = list(_KIND_RE.finditer(chunk))
    kind_starts = [k.start() for k in kind_matches]
    # The last opening quote with a document word in the sentence before it.
    for q in reversed(list(_OPEN_QUOTE.finditer(chunk))):
        n_ends = bisect_left(sentence_ends, q.start())
        sent_start = sentence_ends[n_ends - 1] if n_ends else 0
        n_kinds = bisect_left(kind_starts, q.start())
        last_kind = kind_matches[n_kinds - 1] if n_kinds and kind_starts[n_kinds - 1] >= sent_start else None
        hs, he = p.start + sent_start, p.start + q.start()
        numbered = False
        if last_kind is None:
            # No document word, but a document number: `1954 жылғы 22 мамыр № 0/462 ... туралы: «...»`.
            # Only when the header also carries a date and leads into the quote (`... туралы: «`).
            inside = index.inside(hs, he)
            numbered = (any(r.label == "DOCNUM" for r in inside) and any(r.label == "DATE" for r in inside)
                        and _leads_into_quote(chunk, q.start()))
        if last_kind is not None or numbered:
            p.header = (hs, he)
            p.quote = (he, p.end)
            if last_kind is not None:
                p.kind = KK_DOC_KINDS[last_kind.group("kind").lower()]
                p.kind_word = last_kind.group()
            return p
    # Reported speech without a quote: `... туралы баяндамасында айтылғандай [3]` -- the last sentence
    # before the marker names the document; the whole sentence is both header and content.
    if p.citation is not None:
        sent_start = 0
        for s in _SENTENCE_END.finditer(chunk.rstrip(" .\n")):
            sent_start = s.end()
        kinds = list(_KIND_RE.finditer(chunk, sent_start))
        dated = any(r.label == "DATE" for r in index.inside(p.start + sent_start, p.end))
        if kinds and dated:
            p.header = (p.start + sent_start, p.end)
            p.kind = KK_DOC_KINDS[kinds[-1].group("kind").lower()]
            p.kind_word = kinds[-1].group()
    return p


def _leads_into_quote(chunk: str, quote_at: int) -> bool:
    """`chunk[:quote_at + 1]`, without the quote marks and spaces at its end, ends in `туралы` or `:`
    (read in place: copying the prefix per quote was quadratic)."""
    i = quote_at + 1
    while i > 0 and chunk[i - 1] in "«“\"":
        i -= 1
    while i > 0 and chunk[i - 1].isspace():
        i -= 1
    return chunk.endswith("туралы", 0, i) or chunk.endswith(":", 0, i)


def _inside(r: Record, span: tuple[int, int]) -> bool:
    return span[0] <= r.start and r.end <= span[1]


def reference_of(doc: Document, p: Passage, index: SpanIndex | None = None) -> Reference | None:
    """The document reference in a passage's header, read from the records inside it.
    `index` is a `SpanIndex` of `doc.records` (pass the one `split_passages` used)."""
    if p.header is None:
        return None
    ref = Reference(passage=p, kind=p.kind)
    # A date right after the document word belongs to the header too (`№ 0/460 хаты 1954 жылы 20 мамырда:`).
    hs, he = p.header
    recs = (index if index is not None else SpanIndex(doc.records)).inside(hs, he)
    for r in recs:
        if r.label == "DOCNUM" and ref.number is None:
            ref.number = str(r.norm.get("value") or r.text.lstrip("№ ").strip())
        elif r.label == "DATE" and ref.date is None and r.norm.get("iso"):
            ref.date = r.norm["iso"]
        elif r.label == "ROLE" and r.norm.get("person_id"):
            ref.roles[r.norm["person_id"]] = r.norm.get("ru") or r.text
    roles = [r for r in recs if r.label == "ROLE"]
    parties = [r for r in recs if r.label in ("PERSON", "ORG") and not any(_inside(r, (x.start, x.end)) for x in roles)]
    # Case of each party from its ending; a bare conjunct takes the case of the next one
    # (`КСРО Министрлер Кеңесі мен КОКП ОК-нің` = both genitive), right to left.
    cases: dict[str, str | None] = {}
    following: Record | None = None
    for r in reversed(parties):
        last = (r.text.split() or [r.text])[-1].lower()
        if _DATIVE.search(last) or (r.label == "ORG" and _DATIVE_POSSESSIVE.search(last)):
            case = "dat"
        elif _GENITIVE.search(last):
            case = "gen"
        elif following is not None and _CONJUNCTION.fullmatch(doc.text[r.end:following.start]):
            case = cases[following.id]
        else:
            case = None
        cases[r.id] = case
        following = r
    for r in parties:
        if cases[r.id] == "dat":
            ref.recipients.append(r)
        elif cases[r.id] == "gen" or r.label == "PERSON":
            ref.senders.append(r)
    # Organisations as a recipient: `... КСРО Министрлер Кеңесі мен КОКП ОК-нің ... баяндауы` reports
    # to them; persons in the genitive send. An org in the genitive with person senders is a recipient.
    person_senders = [r for r in ref.senders if r.label == "PERSON"]
    if person_senders:
        for r in [r for r in ref.senders if r.label == "ORG"]:
            ref.senders.remove(r)
            ref.recipients.append(r)
    # Subject: from the last party/role/date before `туралы` up to it (`3-ші лагерь бөлімшесіндегі жағдай туралы`).
    tur = list(re.finditer(r"(?<![^\W\d_])туралы(?![^\W\d_])", doc.text[hs:he]))
    if tur:
        t_at = hs + tur[-1].start()
        before = [r.end for r in recs if r.end <= t_at and r.label in ("PERSON", "ORG", "ROLE", "DATE", "DOCNUM")]
        s0 = max(before) if before else hs
        subject = " ".join(doc.text[s0:t_at + len("туралы")].split())
        if len(subject) > len("туралы") + 3:
            ref.subject = subject
    return ref
