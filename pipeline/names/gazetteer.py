"""Gazetteers: places, camps and institutions, looked up by Kazakh or Russian form, with endings.

The data are TSV files in `models/gazetteers/` (each with a header naming its sources):
`places_kz.tsv` (toponyms), `camps_ru.tsv` (derived from the Memorial camps handbook by
`scripts/build_camp_gazetteer.py`), `camps_kk.tsv` (Kazakh renderings of camp names), `orgs.tsv`.

    gaz = load_gazetteer()
    gaz.lookup_kk("Қарағандыдан")        # Entry(ru="Караганда", kk="Қарағанды", label="PLACE", ...)
    gaz.lookup_ru("Джезказгана")         # Entry(ru="Джезказган", ...): Russian case forms too
    gaz.match(["Қарағанды", "облысының"]) # (2, Entry(ru="Карагандинская область", ...))

Every name is indexed under its `fold` key (Kazakh and Russian spellings meet: Жезқазған, Джезқазған,
Джезказган), so one lookup serves Kazakh text and the Russian-alignment side alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .endings import ending_splits
from .translit import fold

GAZETTEER_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "gazetteers"


#: Most words a `Gazetteer` memo keeps (then it starts afresh): bounds memory on a long run.
_MEMO_SIZE = 200_000


class GazetteerError(ValueError):
    """A gazetteer file is missing or malformed (the message names the file and line)."""


@dataclass(frozen=True)
class Entry:
    """One named thing. `ru` is the canonical Russian name; `kk` the Kazakh nominative (may be "")."""

    ru: str
    kk: str
    label: str  # PLACE or ORG
    subtype: str | None  # camp, city, oblast, river, ... (None for ORG)
    source: str  # gazetteer:places, gazetteer:camps, gazetteer:orgs


class Gazetteer:
    """Name index over fold keys of whole names (tuples of folded words)."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, ...], Entry] = {}
        self._lowercase_ok: set[tuple[str, ...]] = set()
        self._first_words: dict[str, int] = {}  # folded first word -> longest name length in words
        self._heads: set[tuple[str, ...]] = set()  # every key less its last word
        #: every folded first word less its last two letters (at least three letters kept): a word
        #: whose folded form starts with none of them cannot start a name, so it is never stemmed
        self._first_stems: set[str] = set()
        self._first_stems_lowercase_ok: set[str] = set()  # the same for names written in lower case
        #: key less its last word -> the stems (as in `_first_stems`) of the last words of the names
        #: with that head; `_lowercase_ok`: of the names written in lower case. A Russian case form
        #: keeps all but at most two letters of its nominative, so a word none of these stems is a
        #: prefix of (folded) cannot end a listed name in a Russian case, and pymorphy3 is not asked.
        self._last_stems: dict[tuple[str, ...], set[str]] = {}
        self._last_stems_lowercase_ok: dict[tuple[str, ...], set[str]] = {}
        self.entries: list[Entry] = []
        #: canonical camp name -> full Russian name (Степлаг -> Степной лагерь), for composing roles
        self.camp_full_names: dict[str, str] = {}
        #: Soviet-era Russian name of a region or district -> today's (Алма-Атинская область ->
        #: Алматинская область), for documents written today (`modern_name`)
        self.modern_ru: dict[str, str] = {}
        #: memos of `may_start` and of one-word `match`: the rules ask both of nearly every
        #: capitalised token, and words recur; emptied whenever a name is added
        self._may_start_memo: dict[tuple[str, bool], bool] = {}
        self._one_word_memo: dict[tuple[str, bool], tuple[int, Entry, str] | None] = {}
        self._starts_memo: dict[str, bool] = {}  # `starts`: word -> may_start(word)

    # -- building ---------------------------------------------------------------------------
    def add(self, name: str, entry: Entry) -> None:
        name = name.strip()
        if not name:
            return
        key = tuple(fold(w) for w in name.split())
        if key not in self._by_key:  # first listing wins: files are read in priority order
            self._by_key[key] = entry
            self._may_start_memo.clear()
            self._one_word_memo.clear()
            self._starts_memo.clear()
            last_stem = key[-1][: max(3, len(key[-1]) - 2)]
            self._last_stems.setdefault(key[:-1], set()).add(last_stem)
            if name[:1].islower():
                self._lowercase_ok.add(key)
                self._first_stems_lowercase_ok.add(key[0][: max(3, len(key[0]) - 2)])
                self._last_stems_lowercase_ok.setdefault(key[:-1], set()).add(last_stem)
            self._first_words[key[0]] = max(self._first_words.get(key[0], 0), len(key))
            self._heads.add(key[:-1])
            self._first_stems.add(key[0][: max(3, len(key[0]) - 2)])

    # -- lookups ----------------------------------------------------------------------------
    def get(self, name: str) -> Entry | None:
        """Exact lookup of a nominative name (Kazakh or Russian spelling), no endings."""
        return self._by_key.get(tuple(fold(w) for w in name.split()))

    def lookup_kk(self, word_or_phrase: str) -> Entry | None:
        """Lookup of a Kazakh form that may carry endings on its last word (`Қарағанды облысының`)."""
        words = word_or_phrase.split()
        found = self.match(words, require_case=False)
        if found and found[0] == len(words):
            return found[1]
        return None

    def lookup_ru(self, word_or_phrase: str) -> Entry | None:
        """Lookup of a Russian form in any case (`Джезказгана`, `Карагандинской области`, `Степлаге`)."""
        hit = self.get(word_or_phrase)
        if hit:
            return hit
        for variant in russian_nominatives(word_or_phrase):
            hit = self.get(variant)
            if hit:
                return hit
        return self._compound_org_ru(word_or_phrase)

    def _compound_org_ru(self, phrase: str) -> Entry | None:
        """`МВД СССР`, `Коллегия МВД СССР`, `ГУЛАГ МВД Казахской ССР`: sub-body + core + state."""
        from .lexicon import STATE_PREFIXES, SUB_BODIES

        words = phrase.split()
        state_kk = sub_kk = ""
        for kk_words, ru in sorted(STATE_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if phrase.endswith(" " + ru) or phrase.endswith(" " + _nominative_state(ru)):
                tail = ru if phrase.endswith(" " + ru) else _nominative_state(ru)
                words = phrase[: -len(tail)].split()
                state_kk = " ".join(kk_words)
                break
        for kk_words, ru in sorted(SUB_BODIES.items(), key=lambda kv: -len(kv[1])):
            if " ".join(words).startswith(ru + " "):
                words = words[len(ru.split()):]
                sub_kk = ru if ru.isupper() else " ".join(kk_words)
                break
        if not words or not (state_kk or sub_kk):
            return None
        core = self.get(" ".join(words))
        if core is None or core.label != "ORG":
            return None
        kk = " ".join(x for x in (state_kk, core.kk, sub_kk) if x)
        return Entry(" ".join(phrase.split()), kk, "ORG", None, "gazetteer:orgs")

    def match(self, words: list[str], require_case: bool = True) -> tuple[int, Entry, str] | None:
        """Longest name at the start of `words`: (number of words, entry, Kazakh lemma of the match).

        The last word of a name may carry Kazakh endings (or a Russian case ending); the words
        before it must be written as listed. With `require_case`, a capitalised name must start
        with a capital in the text (`Шар` the town, not `шар` a ball).
        """
        if not words or not self.may_start(words[0], require_case):
            return None
        if len(words) == 1:
            memo_key = (words[0], require_case)
            if memo_key not in self._one_word_memo:
                if len(self._one_word_memo) >= _MEMO_SIZE:
                    self._one_word_memo.clear()
                self._one_word_memo[memo_key] = self._match(words, require_case)
            return self._one_word_memo[memo_key]
        return self._match(words, require_case)

    def may_start(self, word: str, require_case: bool = True) -> bool:
        """False when no listed name can start with `word` (then `match` finds nothing), without stemming."""
        memo_key = (word, require_case)
        found = self._may_start_memo.get(memo_key)
        if found is None:
            if len(self._may_start_memo) >= _MEMO_SIZE:
                self._may_start_memo.clear()
            lower_only = require_case and not word[:1].isupper()
            found = self._may_start_name(fold(word),
                                         self._first_stems_lowercase_ok if lower_only else self._first_stems)
            self._may_start_memo[memo_key] = found
        return found

    def starts(self, words: list[str | None]) -> list[int]:
        """Indices of the `words` that may start a listed name (`may_start` with `require_case`;
        None, a token that is no word, never does), in one pass over a text's tokens: a memo
        read per word instead of a method call."""
        memo = self._starts_memo
        out = []
        for i, word in enumerate(words):
            if word is None:
                continue
            found = memo.get(word)
            if found is None:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                found = memo[word] = self.may_start(word)
            if found:
                out.append(i)
        return out

    def match_one(self, word: str) -> tuple[int, Entry, str] | None:
        """`match([word])`: a listed one-word name, with endings (memo read first)."""
        memo_key = (word, True)
        found = self._one_word_memo.get(memo_key, False)
        if found is False:
            found = self.match([word])
            # `match` memoises only the words that may start a name: remember the others too
            if len(self._one_word_memo) >= _MEMO_SIZE:
                self._one_word_memo.clear()
            self._one_word_memo[memo_key] = found
        return found

    def _match(self, words: list[str], require_case: bool) -> tuple[int, Entry, str] | None:
        # A name of n >= 2 words starts with the first word as written, so it has at most
        # `_first_words[fold(words[0])]` words; and n words can only match if some name starts with
        # the n - 1 words before the last. Both tests come before stemming (pymorphy3 is slow).
        longest = max(self._first_words.get(fold(words[0]), 0), 1)
        lower_only = require_case and not words[0][:1].isupper()
        for n in range(min(longest, len(words)), 0, -1):
            head = tuple(fold(w) for w in words[: n - 1])
            if head not in self._heads:
                continue
            last = words[n - 1]
            stems = (self._last_stems_lowercase_ok if lower_only else self._last_stems).get(head, ())
            candidates = _stem_candidates(last, self._may_start_name(fold(last), stems))
            for stem in candidates:
                key = head + (fold(stem),)
                entry = self._by_key.get(key)
                if entry is None:
                    continue
                if require_case and key not in self._lowercase_ok and not words[0][:1].isupper():
                    continue
                lemma = " ".join(list(words[: n - 1]) + [stem])
                return n, entry, lemma
        return None


    @staticmethod
    def _may_start_name(folded: str, first_stems: set[str]) -> bool:
        """Cheap necessary test before stemming: a Kazakh stem is a prefix of its word, and a Russian
        case form keeps all but (at most) the last two letters of its nominative."""
        for n in range(1, len(folded) + 1):
            if folded[:n] in first_stems:
                return True
        return False


_PLURALS = {"лар", "лер", "дар", "дер", "тар", "тер"}


@lru_cache(maxsize=65536)
def _stem_candidates(word: str, russian_case_forms: bool = True) -> tuple[str, ...]:
    """The word, its Kazakh stems (least stripped first), then Russian case-form nominatives.

    Without `russian_case_forms` (a word that ends no listed name in a Russian case) pymorphy3's
    nominatives are skipped; the bare-case-ending readings, which cost nothing, stay.
    """
    out = list(_kazakh_stems(word))
    nominatives = _russian_word_nominatives(word) if russian_case_forms else _bare_case_nominatives(word)
    for ru in nominatives:
        if ru not in out:
            out.append(ru)
    return tuple(out)


@lru_cache(maxsize=65536)
def _kazakh_stems(word: str) -> tuple[str, ...]:
    """The word and its Kazakh stems, least stripped first (no plural readings)."""
    out = [word]
    for sp in sorted(ending_splits(word), key=lambda s: -len(s.stem)):
        if any(e in _PLURALS for e in sp.endings):
            continue  # names are not pluralised: `Есіктері` is "its doors", not the town Есік
        if sp.stem not in out:
            out.append(sp.stem)
    return tuple(out)


@lru_cache(maxsize=65536)
def _russian_word_nominatives(word: str) -> tuple[str, ...]:
    """Nominative forms of a Russian word (`Степлаге` -> Степлаг): pymorphy3, then bare case endings."""
    if not word or not word[0].isalpha() or any(ch in "қғңөұүіһәҚҒҢӨҰҮІҺӘ" for ch in word):
        return ()
    from .canonical import morph_parses  # one cached parse per word for every rule

    out: list[str] = []
    for p in morph_parses(word)[:4]:
        if "nomn" in p.tag:
            continue
        form = p.inflect({"nomn"}) if {"sing"} <= set(p.tag.grammemes) or "plur" not in p.tag else None
        cand = (form.word if form else p.normal_form)
        cand = _restore_case(cand, word)
        if cand not in out:
            out.append(cand)
    for cand in _bare_case_nominatives(word):
        if cand not in out:
            out.append(cand)
    return tuple(out)


def _bare_case_nominatives(word: str) -> tuple[str, ...]:
    """Nominatives of `word` read as a stem + a bare Russian case ending (`Степлаге` -> Степлаг, ...);
    none for a word that is not Russian (`_russian_word_nominatives` gives it none at all)."""
    if not word or not word[0].isalpha() or any(ch in "қғңөұүіһәҚҒҢӨҰҮІҺӘ" for ch in word):
        return ()
    low = word.lower()
    for ending in ("ами", "ями", "ому", "ему", "ого", "его", "ой", "ей", "ом", "ем", "ым", "им", "ою",
                   "ах", "ях", "ам", "ям", "а", "у", "е", "ы", "и", "ю", "я"):
        if low.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return (stem, stem + "а", stem + "ь", stem + "я")
    return ()


def _nominative_state(ru: str) -> str:
    return {"Казахской ССР": "Казахская ССР"}.get(ru, ru)


def _restore_case(cand: str, like: str) -> str:
    if like.isupper():
        return cand.upper()
    if like[:1].isupper():
        return cand[:1].upper() + cand[1:]
    return cand


def russian_nominatives(phrase: str) -> list[str]:
    """Nominative readings of a Russian phrase, word by word (`Карагандинской области` -> ...)."""
    words = phrase.split()
    if not words:
        return []
    options = [[w] + list(_russian_word_nominatives(w))[:2] for w in words]
    out = [" ".join(o[min(i, len(o) - 1)] for o in options) for i in range(3)]
    return [o for o in dict.fromkeys(out) if o != phrase]


# -- loading ------------------------------------------------------------------------------------
def _read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise GazetteerError(f"{path}: gazetteer file not found")
    rows = []
    header = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            missing = [c for c in columns if c not in header]
            if missing:
                raise GazetteerError(f"{path}:{n}: header lacks columns {missing}")
            continue
        if len(cells) > len(header):
            raise GazetteerError(f"{path}:{n}: {len(cells)} cells, header has {len(header)}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if not row[columns[0]].strip():
            raise GazetteerError(f"{path}:{n}: empty {columns[0]!r}")
        rows.append(row)
    return rows


def _alts(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def build_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    """Read every gazetteer file in `directory` (camps first: a camp name beats a homonym place)."""
    gaz = Gazetteer()
    kk_of_camp: dict[str, str] = {}
    for row in _read_tsv(directory / "camps_kk.tsv", ("kk", "ru")):
        gaz.add(row["kk"], Entry(row["ru"].strip(), row["kk"].strip(), "PLACE", "camp", "gazetteer:camps"))
        kk_of_camp.setdefault(row["ru"].strip(), row["kk"].strip())
    for row in _read_tsv(directory / "camps_ru.tsv", ("ru", "canonical", "aliases")):
        canonical = row["canonical"].strip()
        # kk: the first Kazakh rendering (Степлаг -> дала лагері), for pairing Russian with Kazakh text
        entry = Entry(canonical, kk_of_camp.get(canonical, ""), "PLACE", "camp", "gazetteer:camps")
        gaz.camp_full_names.setdefault(canonical, row["ru"].strip())
        for name in [row["ru"], row["canonical"], *_alts(row["aliases"])]:
            # `Особый лагерь № 4` style aliases name a numbered series, handled by the camp rules
            if "№" in name or any(ch.isdigit() for ch in name):
                continue
            gaz.add(name, entry)
    for row in _read_tsv(directory / "orgs.tsv", ("kk", "ru", "kk_alt", "ru_alt")):
        entry = Entry(row["ru"].strip(), row["kk"].strip(), "ORG", None, "gazetteer:orgs")
        for name in [row["kk"], *_alts(row["kk_alt"]), row["ru"], *_alts(row["ru_alt"])]:
            gaz.add(name, entry)
    for row in _read_tsv(directory / "places_kz.tsv", ("kk", "ru", "type", "kk_alt", "ru_alt")):
        entry = Entry(row["ru"].strip(), row["kk"].strip(), "PLACE", row["type"].strip() or None,
                      "gazetteer:places")
        for name in [row["kk"], *_alts(row["kk_alt"]), row["ru"], *_alts(row["ru_alt"])]:
            gaz.add(name, entry)
        if entry.subtype in ("oblast", "district"):
            # the alternative with the same generic word is today's spelling of the same unit
            same_kind = [a for a in _alts(row["ru_alt"]) if a.split()[-1] == entry.ru.split()[-1]]
            if same_kind:
                gaz.modern_ru.setdefault(entry.ru, same_kind[0])
    gaz.entries = list(dict.fromkeys(gaz._by_key.values()))
    return gaz


_DEFAULT: Gazetteer | None = None


def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build_gazetteer()
    return _DEFAULT


def lookup_kk(form: str) -> Entry | None:
    """Module-level shortcut: `lookup_kk("Қарағандыдан").ru == "Караганда"`."""
    return load_gazetteer().lookup_kk(form)


def lookup_ru(form: str) -> Entry | None:
    """Module-level shortcut: `lookup_ru("Джезказгана").kk == "Жезқазған"`."""
    return load_gazetteer().lookup_ru(form)
