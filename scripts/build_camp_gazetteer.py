"""Derive models/gazetteers/camps_ru.tsv (camp names and aliases only) from the shared Gulag camps table.

    python scripts/build_camp_gazetteer.py [../shared/data/gulag_camps.csv] [models/gazetteers/camps_ru.tsv]

Only the Russian names and aliases are kept (no coordinates, no location texts). The canonical name of a
camp is its short `-лаг` alias when it has one (Степлаг, Карлаг: what historians write), else its full name.
Source: Memorial handbook "Система исправительно-трудовых лагерей в СССР" (1998), via an open Gulag-map project.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_IN = ROOT.parent / "shared" / "data" / "gulag_camps.csv"
DEFAULT_OUT = ROOT / "models" / "gazetteers" / "camps_ru.tsv"

HEADER = """\
# jazba gazetteer: Gulag camps, Russian names and aliases (derived by scripts/build_camp_gazetteer.py).
# Source: Memorial handbook "Система исправительно-трудовых лагерей в СССР" (Москва: Звенья, 1998),
# as compiled in gulag_camps.csv by an open Gulag-map project. Only names and aliases are kept.
# Columns: ru (full name)  canonical (short -лаг alias when there is one)  aliases (|-separated)
ru\tcanonical\taliases
"""


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,;")


def canonical_of(ru: str, aliases: list[str]) -> str:
    """The short one-word `-лаг` alias (Карлаг) or acronym (АЛЖИР) if the camp has one, else the full name."""
    for alias in aliases:
        if " " not in alias and alias.lower().endswith("лаг"):
            return alias
    for alias in aliases:  # an acronym such as АЛЖИР
        if " " not in alias and alias.isupper() and len(alias) > 2:
            return alias
    return ru


def build(src: Path, dst: Path) -> int:
    if not src.is_file():
        raise SystemExit(f"{src}: not found (the shared Gulag camps table)")
    seen: set[str] = set()
    lines = []
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"ru", "aliases_ru"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{src}: missing columns {sorted(missing)}")
        for row in reader:
            ru = _clean(row["ru"] or "")
            aliases = [a for a in (_clean(x) for x in (row["aliases_ru"] or "").split(",")) if a and a != ru]
            if not ru or ru in seen:
                continue
            seen.add(ru)
            lines.append(f"{ru}\t{canonical_of(ru, aliases)}\t{'|'.join(aliases)}\n")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(HEADER + "".join(lines), encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_IN
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    print(f"{build(src, dst)} camps -> {dst}")
