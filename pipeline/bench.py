"""Speed figures (`jazba bench`): tokens per second for tokenise + dates + times + docnums + numbers.

The corpus is >= 1 MB (UTF-8) of Kazakh: KazNERD validation sentences from `../shared` when
present (CC BY 4.0, Yeshpanov et al., LREC 2022), else our own fixture sentences repeated. The
result says which. Single process, one document per ~50 sentences, timed after a warm-up. Times are CPU seconds
of this process (`time.process_time`), so other jobs on a shared machine do not skew them.

Modes live in `MODES` (name -> components); `--full` runs the default pipeline components.
Add a mode there and it is available to the CLI.
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .records import Document

#: name -> document components timed after tokenisation; None means the pipeline defaults.
MODES: dict[str, list[str] | None] = {
    "extract": ["kk.dates", "kk.times", "kk.docnums", "kk.numbers"],
    "full": None,
}

ROOT = Path(__file__).resolve().parent.parent
KAZNERD = ROOT.parent / "shared" / "data" / "kaznerd" / "IOB2_valid.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "kk_forms_marked.txt"
_MARKUP = re.compile(r"\{\{[A-Z]+\|[^|}]*\|([^}]*)\}\}")

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?»)\]%])")
_NO_SPACE_AFTER = re.compile(r"([«(\[]) ")


class BenchError(Exception):
    """A bench mode whose components cannot be built on this machine."""


@dataclass
class BenchResult:
    mode: str
    source: str
    chars: int
    bytes: int
    documents: int
    tokens: int
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    records: int = 0
    #: stages shown but not in `seconds`: in full mode the separate token-counting pass, because
    #: the pipeline tokenises inside `kk.ner` and `kk.names` (a real run has no extra pass).
    not_in_total: list[str] = field(default_factory=list)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else float("inf")

    def to_dict(self) -> dict:
        return {**asdict(self), "tokens_per_second": round(self.tokens_per_second)}

    def report(self) -> str:
        lines = [
            f"jazba bench ({self.mode}): {self.tokens_per_second:,.0f} tokens/s "
            f"({self.tokens:,} tokens, {self.bytes / 1e6:.2f} MB, {self.documents} documents, {self.seconds:.2f} CPU s, 1 process)",
            f"corpus: {self.source}",
        ]
        for stage, sec in self.stage_seconds.items():
            note = "  (not in the total: the components tokenise themselves)" if stage in self.not_in_total else ""
            lines.append(f"  {stage:<12} {sec:7.2f} s  {self.tokens / sec if sec else float('inf'):>12,.0f} tokens/s{note}")
        lines.append(f"records: {self.records:,}")
        return "\n".join(lines)


def kaznerd_sentences(path: Path = KAZNERD) -> list[str]:
    """KazNERD's IOB2 file back to plain sentences (tokens joined, punctuation re-attached)."""
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(_detokenise(tokens))
                tokens = []
            continue
        tokens.append(line.rsplit(" ", 1)[0])
    if tokens:
        sentences.append(_detokenise(tokens))
    return sentences


def _detokenise(tokens: list[str]) -> str:
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def bench_corpus(min_bytes: int = 1_000_000, use_kaznerd: bool = True) -> tuple[list[str], str]:
    """Documents of ~50 sentences adding up to at least `min_bytes`, and where they came from."""
    if use_kaznerd and KAZNERD.is_file():
        sentences = kaznerd_sentences()
        source = f"KazNERD validation split ({KAZNERD}, CC BY 4.0), {len(sentences):,} sentences"
    else:
        plain = _MARKUP.sub(r"\1", FIXTURE.read_text(encoding="utf-8")).replace("\\n", "\n")
        sentences = [s for s in plain.splitlines() if s.strip()]
        source = f"our fixture {FIXTURE.name} repeated (../shared/data/kaznerd not found)"
    docs, size, i = [], 0, 0
    while size < min_bytes:
        chunk = " ".join(sentences[(i + k) % len(sentences)] for k in range(50))
        docs.append(chunk)
        size += len(chunk.encode("utf-8"))
        i += 50
    return docs, source


#: Russian texts for `--ru-mb`: the project's own Russian corpus (tests/corpus/ru), repeated.
RU_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "ru"


def ru_bench_corpus(min_bytes: int) -> list[str]:
    """Russian documents adding up to at least `min_bytes` (the corpus files, cycled)."""
    files = sorted(RU_CORPUS.rglob("*.txt"))
    if not files:
        raise BenchError(f"{RU_CORPUS}: no Russian texts for --ru-mb")
    texts = [f.read_text(encoding="utf-8") for f in files]
    docs, size, i = [], 0, 0
    while size < min_bytes:
        docs.append(texts[i % len(texts)])
        size += len(docs[-1].encode("utf-8"))
        i += 1
    return docs


def run_bench(mode: str = "extract", min_bytes: int = 1_000_000, ru_bytes: int = 0) -> BenchResult:
    """Time tokenisation and the `mode` components over the bench corpus (plus `ru_bytes` of Russian)."""
    import spacy

    from .runner import Pipeline, RunConfig

    if mode not in MODES:
        raise ValueError(f"unknown bench mode {mode!r}; known: {sorted(MODES)}")
    texts, source = bench_corpus(min_bytes)
    langs = ["kk"] * len(texts)
    if ru_bytes:
        ru_texts = ru_bench_corpus(ru_bytes)
        texts, langs = texts + ru_texts, langs + ["ru"] * len(ru_texts)
        source += f" + {len(ru_texts)} Russian documents from {RU_CORPUS} (cycled)"
    pipeline = Pipeline(RunConfig(components=MODES[mode], stages=[] if mode != "full" else None))
    nlp = spacy.blank("kk")
    # warm-up: compile regexes, build lazily loaded resources
    warm = Document(doc_id="warm", text=texts[0])
    nlp.tokenizer(texts[0])
    try:
        pipeline.process(warm)
        if ru_bytes:
            pipeline.process(Document(doc_id="warm_ru", text=texts[-1], lang="ru"))
    except Exception as exc:  # e.g. `--full` without a trained NER model
        raise BenchError(f"mode {mode!r} cannot run here: {type(exc).__name__}: {exc}") from exc

    stage = {"tokenise": 0.0}
    tokens = 0
    t0 = time.process_time()
    for doc in nlp.tokenizer.pipe(texts, batch_size=64):
        tokens += len(doc)
    stage["tokenise"] = time.process_time() - t0

    comps = pipeline.config.components
    from .registry import DOC_COMPONENTS

    for name in comps:
        stage[name] = 0.0
    documents = []
    for n, (text, lang) in enumerate(zip(texts, langs)):
        doc = Document(doc_id=f"bench{n}", text=text, lang=lang)
        for name in comps:
            comp = DOC_COMPONENTS[name]
            if doc.lang not in comp.langs:
                continue
            t = time.process_time()
            new = comp.func(doc, pipeline.ctx) or []
            stage[name] += time.process_time() - t
            doc.records.extend(new)
        documents.append(doc)
    # the corpus stages (entity merging across documents, alignment, confidence) run once over all
    from .registry import CORPUS_STAGES
    from .runner import RunResult

    result = RunResult(documents=documents, config=pipeline.config)
    for name in pipeline.config.stages:
        t = time.process_time()
        CORPUS_STAGES[name].func(result, pipeline.ctx)
        stage[f"stage:{name}"] = time.process_time() - t
    records = sum(len(d.records) for d in documents)
    not_in_total = ["tokenise"] if "kk.ner" in comps else []
    total = sum(sec for name, sec in stage.items() if name not in not_in_total)
    return BenchResult(
        mode=mode, source=source, chars=sum(map(len, texts)),
        bytes=sum(len(t.encode("utf-8")) for t in texts), documents=len(texts), tokens=tokens,
        seconds=total, stage_seconds=stage, records=records, not_in_total=not_in_total,
    )
